#!/bin/bash
# Blue-green model API (chart values blueGreen.*): two Deployments, api-blue and api-green; the
# api Service selects blueGreen.active. The idle slot takes the new release, is smoke-tested
# on its own Service, then the Service switches to it; the old slot keeps running, so switching
# back is one selector change with no pod to start.
#   bluegreen.sh [-n NS] [-r RELEASE] [--timeout 5m] deploy IMAGE_TAG [-f VALUES]... [--set K=V]...
#   bluegreen.sh [-n NS] [-r RELEASE] switch-back      # the Service selects the other slot again
#   bluegreen.sh [-n NS] [-r RELEASE] status           # which slot serves, with what image
# deploy: helm upgrade --reuse-values (blueGreen.enabled=true, IDLE.imageTag=TAG, active kept)
# --atomic --wait; smoke checks on svc/<name>-api-IDLE; if they fail, helm rollback and exit 1;
# else switch (active=IDLE) and smoke-check the api Service, switching back if that fails.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
. "$(dirname "$0")/lib.sh"

cmd="" tag=""
helm_args=()
while (($#)); do
  take_common_option "$@"
  if ((TAKEN)); then
    shift "$TAKEN"
    continue
  fi
  case $1 in
    deploy) cmd=deploy && tag=${2:?deploy needs an image tag} && shift 2 ;;
    switch-back | status) cmd=$1 && shift ;;
    -f | --values) helm_args+=(-f "${2:?-f needs a file}") && shift 2 ;;
    --set) helm_args+=(--set "${2:?--set needs K=V}") && shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' && exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ -n $cmd ]] || die "say deploy TAG, switch-back or status (see --help)"
api=$(fullname)-api

# active_slot: the slot the api Service selects now (empty: blue-green is off).
active_slot() {
  kubectl get svc "$api" -n "$NAMESPACE" -o 'jsonpath={.spec.selector.urlscan\.io/slot}'
}
other() { if [[ $1 == blue ]]; then echo green; else echo blue; fi; }
# switch SLOT: point the api Service at SLOT (a helm upgrade that changes only the selector).
switch() {
  helm upgrade "$RELEASE" "$CHART" -n "$NAMESPACE" --reuse-values --set "blueGreen.active=$1" \
    --wait --timeout "$TIMEOUT"
}

active=$(active_slot)
case $cmd in
  status)
    [[ -n $active ]] || die "blue-green is off for $RELEASE (no slot selector on svc/$api)"
    for slot in blue green; do
      image=$(kubectl get deploy "$api-$slot" -n "$NAMESPACE" -o 'jsonpath={.spec.template.spec.containers[0].image}')
      echo "$slot: $image$([[ $slot == "$active" ]] && echo '  <- serving')"
    done
    ;;
  switch-back)
    [[ -n $active ]] || die "blue-green is off for $RELEASE"
    back=$(other "$active")
    log "switching svc/$api from $active back to $back"
    switch "$back" || die "helm upgrade (switch to $back) failed"
    smoke_service "$api" || die "switched to $back, but it fails the smoke checks"
    log "$back serves; $active still runs for a switch the other way"
    ;;
  deploy)
    active=${active:-blue} # blue-green off until now: blue becomes the serving slot
    idle=$(other "$active")
    before=$(current_revision)
    log "blue-green: $active serves; $idle takes image tag $tag"
    helm upgrade --install "$RELEASE" "$CHART" -n "$NAMESPACE" --reuse-values \
      --set blueGreen.enabled=true --set "blueGreen.active=$active" --set "blueGreen.$idle.imageTag=$tag" \
      "${helm_args[@]}" --atomic --wait --timeout "$TIMEOUT" || die "helm upgrade of $idle failed (--atomic undid it)"
    if ! smoke_service "$api-$idle"; then
      log "$idle fails the smoke checks: rolling back to revision ${before:-none}; $active still serves"
      [[ -z $before ]] || helm rollback "$RELEASE" "$before" -n "$NAMESPACE" --wait --timeout "$TIMEOUT" || true
      die "$idle with $tag failed its smoke checks"
    fi
    log "switching svc/$api to $idle"
    switch "$idle" || die "helm upgrade (switch to $idle) failed; $active still serves"
    if ! smoke_service "$api"; then
      log "svc/$api fails the smoke checks after the switch: switching back to $active"
      switch "$active" || die "switch back to $active failed: act now"
      die "switched back to $active"
    fi
    log "$idle ($tag) serves; $active kept running: bluegreen.sh switch-back undoes the switch at once"
    ;;
esac
