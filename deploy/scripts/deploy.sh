#!/bin/bash
# Installs or upgrades the urlscan release and proves it works, or puts the previous revision
# back: `helm upgrade --install --atomic --wait` (helm itself rolls back an upgrade whose pods
# never get ready), then smoke checks through the model API Service (/readyz, /version, one
# /predict) and an optional canary gate command; if either fails, `helm rollback` to the
# revision that served before (or `helm uninstall` after a failed first install), exit 1.
#   deploy.sh [-n NAMESPACE] [-r RELEASE] [-f VALUES]... [--set K=V]... [--timeout 5m]
#             [--url BASE_URL | --local-port PORT] [--expect-version X.Y.Z]
#             [--gate 'COMMAND'] [--chart DIR]
# --gate runs COMMAND (bash -c) after the smoke checks with URLSCAN_URL (the smoke base URL),
# RELEASE, NAMESPACE and REVISION in its environment; non-zero fails the deploy (e.g. compare
# the canary's error rate or flag rate in Prometheus with the stable one).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

helm_args=()
gate=""
while (($#)); do
  take_common_option "$@"
  if ((TAKEN)); then
    shift "$TAKEN"
    continue
  fi
  case $1 in
    -f | --values) helm_args+=(-f "${2:?-f needs a file}") && shift 2 ;;
    --set) helm_args+=(--set "${2:?--set needs K=V}") && shift 2 ;;
    --gate) gate=${2:?--gate needs a command} && shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' && exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

before=$(current_revision)
log "release $RELEASE in $NAMESPACE: revision ${before:-none} serves; upgrading"
if ! helm upgrade --install "$RELEASE" "$CHART" -n "$NAMESPACE" --create-namespace \
  --atomic --wait --timeout "$TIMEOUT" "${helm_args[@]}"; then
  die "helm upgrade failed (--atomic has put revision ${before:-none} back)"
fi
after=$(current_revision)
log "revision $after is up; smoke checks"

failed=""
if ! smoke_service "$(fullname)-api"; then
  failed="smoke checks"
elif [[ -n $gate ]]; then
  log "canary gate: $gate"
  url=$SMOKE_URL
  if [[ -z $url ]] && forward "svc/$(fullname)-api" "$(service_port "$(fullname)-api")"; then url=$FORWARD_URL; fi
  if ! URLSCAN_URL=$url RELEASE=$RELEASE NAMESPACE=$NAMESPACE REVISION=$after bash -c "$gate"; then
    failed="canary gate"
  fi
  stop_forward
fi
if [[ -z $failed ]]; then
  log "deployed revision $after"
  exit 0
fi

if [[ -n $before ]]; then
  log "$failed failed: rolling back to revision $before"
  helm rollback "$RELEASE" "$before" -n "$NAMESPACE" --wait --timeout "$TIMEOUT" ||
    die "$failed failed AND the rollback to $before failed: act now (helm history $RELEASE -n $NAMESPACE)"
  smoke_service "$(fullname)-api" || log "revision $before does not pass the smoke checks either"
  die "$failed failed on revision $after; revision $before serves again"
fi
log "$failed failed on the first install: uninstalling"
helm uninstall "$RELEASE" -n "$NAMESPACE" --wait || true
die "$failed failed on the first install (uninstalled)"
