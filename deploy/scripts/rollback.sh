#!/bin/bash
# Rolls urlscan back, least drastic first (deploy/README.md "Roll back"):
#   rollback.sh --model [-n NS] [-r RELEASE]
#       model level: POST /admin/rollback on every model-API pod (each goes back to the model
#       it served before the last reload; the image and the chart stay), then smoke checks.
#   rollback.sh [-n NS] [-r RELEASE] [REVISION] [--timeout 5m] [--url BASE_URL]
#       release level: `helm rollback` to REVISION (default: the one before the current), wait
#       for it, smoke-check the model API Service, show the history.
# Exit 0 when what serves afterwards passes the smoke checks, 1 otherwise.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

model=0
revision=""
while (($#)); do
  take_common_option "$@"
  if ((TAKEN)); then
    shift "$TAKEN"
    continue
  fi
  case $1 in
    --model) model=1 && shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' && exit 0 ;;
    [0-9]*) [[ $1 =~ ^[0-9]+$ ]] || die "revision must be a number, not '$1'"
      revision=$1 && shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
api=$(fullname)-api

if ((model)); then
  [[ -z $revision ]] || die "--model takes no revision (it is the model before the last reload)"
  secret=$(kubectl get deploy -n "$NAMESPACE" -l "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=api" \
    -o 'jsonpath={.items[0].spec.template.spec.containers[0].env[?(@.name=="ADMIN_TOKEN")].valueFrom.secretKeyRef.name}')
  [[ -n $secret ]] || die "the model API has no ADMIN_TOKEN (admin.enabled=false): no /admin/rollback"
  key=$(kubectl get deploy -n "$NAMESPACE" -l "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=api" \
    -o 'jsonpath={.items[0].spec.template.spec.containers[0].env[?(@.name=="ADMIN_TOKEN")].valueFrom.secretKeyRef.key}')
  token=$(kubectl get secret "$secret" -n "$NAMESPACE" -o "jsonpath={.data.$key}" | base64 -d)
  pods=$(kubectl get pods -n "$NAMESPACE" -l "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=api" \
    --field-selector=status.phase=Running -o name)
  [[ -n $pods ]] || die "no running model-API pods"
  port=$(service_port "$api")
  failed=0
  for pod in $pods; do
    forward "$pod" "$port" || { log "$pod: no port-forward" && failed=1 && continue; }
    out=$(curl -s -m 30 -X POST -H "Authorization: Bearer $token" -H 'Content-Length: 0' \
      -w ' HTTP %{http_code}' "$FORWARD_URL/admin/rollback" || true)
    log "$pod: /admin/rollback: $out"
    [[ $out == *' HTTP 200' ]] || failed=1
    smoke "$FORWARD_URL" || failed=1
    stop_forward
  done
  ((failed == 0)) || die "the model rollback failed on some pods (see above); next: rollback.sh (helm)"
  log "every model-API pod serves its previous model"
  exit 0
fi

current=$(current_revision)
[[ -n $current ]] || die "release $RELEASE is not installed in $NAMESPACE"
if [[ -z $revision ]]; then
  ((current > 1)) || die "revision $current is the first: nothing to roll back to"
  revision=$((current - 1))
fi
log "release $RELEASE: revision $current serves; rolling back to $revision"
helm rollback "$RELEASE" "$revision" -n "$NAMESPACE" --wait --timeout "$TIMEOUT" ||
  die "helm rollback to $revision failed"
smoke_service "$api" || die "rolled back to $revision, but it fails the smoke checks"
helm history "$RELEASE" -n "$NAMESPACE" --max 5 >&2 || true
log "revision $revision's manifests serve again (as revision $((current + 1)))"
