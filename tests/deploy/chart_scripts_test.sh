#!/bin/bash
# deploy/scripts/ (deploy.sh, rollback.sh, bluegreen.sh) against a FAKE helm and kubectl
# (chart_scripts_fakes/) that record their arguments: this checks the scripts' CONTROL FLOW --
# which commands they run, in which order, and that every failure path rolls back (or switches
# back) and exits non-zero -- not a cluster; no Kubernetes API server exists here. The smoke
# checks are real: the fake port-forward forwards to real `urlscan serve` processes on loopback
# (a good model API, a second good one for green, and a broken release: an app-role server
# whose model API is down, so /predict fails).
#   chart_scripts_test.sh URLSCAN
set -euo pipefail
urlscan=$1
here=$(cd "$(dirname "$0")" && pwd)
scripts=$(cd "$here/../../deploy/scripts" && pwd)
work=$(mktemp -d)
export FAKE_STATE=$work/state
mkdir -p "$FAKE_STATE"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
good=18421 green=18424 broken=18422 dead=18429 local_port=18480
token=s3cret-admin-token
serve() {  # serve PORT ENV...: a real urlscan serve on 127.0.0.1:PORT
  local port=$1
  shift
  env "$@" PORT="$port" BIND=127.0.0.1 "$urlscan" serve >"$work/serve.$port.log" 2>&1 &
  pids+=($!)
}
serve $good ADMIN_TOKEN=$token
serve $green ADMIN_TOKEN=$token
serve $broken ROLE=app MODEL_HOST=127.0.0.1:$dead MODEL_TIMEOUT_MS=300 MODEL_RETRIES=0
for port in $good $green $broken; do
  for ((i = 0; i < 100; i++)); do
    if curl -s -o /dev/null "127.0.0.1:$port/healthz"; then break; fi
    sleep 0.1
  done
done
# Each good server reloads once so that /admin/rollback has a model to return to.
for port in $good $green; do
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Length: 0' "127.0.0.1:$port/admin/reload"
done
export PATH=$here/chart_scripts_fakes:$PATH

failures=0 checks=0
# scenario NAME WANT_RC EXPECTED_CALLS_FILE -- COMMAND...: runs COMMAND with fresh call records;
# passes when it exits WANT_RC (0 or "nonzero") and its helm/kubectl calls match the expected
# lines one for one (each an extended regex, whole line).
scenario() {
  local name=$1 want=$2 expected=$3
  shift 4
  : >"$FAKE_STATE/calls"
  local rc=0
  "$@" >"$work/out" 2>&1 || rc=$?
  checks=$((checks + 1))
  local why=""
  if [[ $want == 0 && $rc != 0 ]] || [[ $want == nonzero && $rc == 0 ]]; then
    why="exit $rc, wanted $want"
  else
    mapfile -t got <"$FAKE_STATE/calls"
    mapfile -t pats < <(grep -v '^#' "$expected")
    if ((${#got[@]} != ${#pats[@]})); then
      why="${#got[@]} calls, wanted ${#pats[@]}"
    else
      for i in "${!pats[@]}"; do
        [[ ${got[$i]} =~ ^${pats[$i]}$ ]] || { why="call $((i + 1)) '${got[$i]}' does not match '${pats[$i]}'"; break; }
      done
    fi
  fi
  if [[ -z $why ]]; then
    echo "ok: $name (exit $rc, ${#got[@]} calls as expected)"
  else
    echo "FAIL: $name: $why"
    sed 's/^/  calls: /' "$FAKE_STATE/calls"
    sed 's/^/  out: /' "$work/out" | tail -n 15
    failures=$((failures + 1))
  fi
}
calls() { : >"$work/expected" && (($# == 0)) || printf '%s\n' "$@" >"$work/expected"; }  # the expected call patterns of the next scenario
state() {  # state REVISION ACTIVE_SLOT FORWARD_MAP...
  echo "$1" >"$FAKE_STATE/revision"
  if [[ -n $2 ]]; then echo "$2" >"$FAKE_STATE/active"; else rm -f "$FAKE_STATE/active"; fi
  rm -f "$FAKE_STATE"/active.*
  shift 2
  printf '%s\n' "$@" >"$FAKE_STATE/forward"
  echo "$token" >"$FAKE_STATE/token"
}
common=(-n urls -r t --local-port "$local_port" --timeout 2m)
up="helm upgrade --install t \S+/deploy/helm/urlscan -n urls --create-namespace --atomic --wait --timeout 2m"
pf="kubectl port-forward -n urls"

# The gates are bash -c commands: their $VARIABLES expand when the gate runs, not here.
# shellcheck disable=SC2016
gate_fails='curl -sf "$URLSCAN_URL/readyz" >/dev/null && [[ $REVISION == 5 ]] && exit 3'
# shellcheck disable=SC2016
gate_passes='curl -sf "$URLSCAN_URL/readyz" >/dev/null && [[ $REVISION == 5 ]]'

# --- deploy.sh ---
state 2 "" "svc/t-urlscan-api $good"
calls "helm history t -n urls --max 1 -o yaml" "$up -f \S+/values.yaml --set image.tag=0.2.0" \
  "helm history t -n urls --max 1 -o yaml" "kubectl get svc t-urlscan-api -n urls -o jsonpath=\{.spec.ports\[0\].port\}" \
  "$pf svc/t-urlscan-api $local_port:8080"
echo "{}" >"$work/values.yaml"
scenario "deploy: upgrade, smoke checks pass, no rollback" 0 "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}" -f "$work/values.yaml" --set image.tag=0.2.0

state 2 "" "svc/t-urlscan-api $broken"
calls "helm history .*" "$up" "helm history .*" "kubectl get svc t-urlscan-api .*" "$pf svc/t-urlscan-api $local_port:8080" \
  "helm rollback t 2 -n urls --wait --timeout 2m" "kubectl get svc t-urlscan-api .*" "$pf svc/t-urlscan-api $local_port:8080"
scenario "deploy: /predict fails on the new revision -> helm rollback to 2, exit 1" nonzero "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}"

state 4 "" "svc/t-urlscan-api $good"
calls "helm history .*" "$up" "helm history .*" "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080" \
  "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080" "helm rollback t 4 -n urls --wait --timeout 2m" \
  "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080"
scenario "deploy: the canary gate fails -> helm rollback to 4, exit 1" nonzero "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}" --gate "$gate_fails"

calls "helm history .*" "$up" "helm history .*" "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080" \
  "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080"
state 4 "" "svc/t-urlscan-api $good"
scenario "deploy: the canary gate passes (it sees URLSCAN_URL and REVISION) -> exit 0" 0 "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}" --gate "$gate_passes"

state 3 "" "svc/t-urlscan-api $good"
calls "helm history .*" "$up" "helm history .*" "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080" \
  "helm rollback t 3 .*" "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080"
scenario "deploy: /version is not the expected one -> rollback, exit 1" nonzero "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}" --expect-version 9.9.9

state 3 "" "svc/t-urlscan-api $good"
calls "helm history .*" "$up"
scenario "deploy: helm upgrade fails (--atomic undid it) -> no smoke, no rollback, exit 1" nonzero "$work/expected" -- \
  env FAKE_HELM_FAIL_UPGRADE=1 "$scripts/deploy.sh" "${common[@]}"

state 0 "" "svc/t-urlscan-api $broken"
calls "helm history .*" "$up" "helm history .*" "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080" \
  "helm uninstall t -n urls --wait"
scenario "deploy: a first install fails its smoke checks -> helm uninstall, exit 1" nonzero "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}"

state 3 "" "svc/t-urlscan-api $good"
calls "helm history .*" "$up" "helm history .*"
scenario "deploy --url: smoke checks on the given URL, no port-forward" 0 "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}" --url "http://127.0.0.1:$good"

calls
scenario "deploy: an unknown option is refused before any helm call" nonzero "$work/expected" -- \
  "$scripts/deploy.sh" "${common[@]}" --atomic-ish

# --- rollback.sh ---
state 5 "" "svc/t-urlscan-api $good"
calls "helm history t -n urls --max 1 -o yaml" "helm rollback t 4 -n urls --wait --timeout 2m" \
  "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080" "helm history t -n urls --max 5"
scenario "rollback: to the previous revision (4 of 5), smoke-checked" 0 "$work/expected" -- "$scripts/rollback.sh" "${common[@]}"

state 5 "" "svc/t-urlscan-api $good"
calls "helm history .*" "helm rollback t 2 -n urls --wait --timeout 2m" "kubectl get svc .*" \
  "$pf svc/t-urlscan-api $local_port:8080" "helm history t -n urls --max 5"
scenario "rollback 2: to the given revision" 0 "$work/expected" -- "$scripts/rollback.sh" "${common[@]}" 2

state 5 "" "svc/t-urlscan-api $broken"
calls "helm history .*" "helm rollback t 4 .*" "kubectl get svc .*" "$pf svc/t-urlscan-api $local_port:8080"
scenario "rollback: the old revision fails its smoke checks -> exit 1" nonzero "$work/expected" -- "$scripts/rollback.sh" "${common[@]}"

state 1 "" "svc/t-urlscan-api $good"
calls "helm history .*"
scenario "rollback: revision 1 has nothing before it -> exit 1, no helm rollback" nonzero "$work/expected" -- "$scripts/rollback.sh" "${common[@]}"

calls
scenario "rollback: a revision that is not a number is refused" nonzero "$work/expected" -- "$scripts/rollback.sh" "${common[@]}" 4x

state 5 "" "svc/t-urlscan-api $good" "pod/t-urlscan-api-7f9c-a $good" "pod/t-urlscan-api-7f9c-b $green"
model_calls=("kubectl get deploy -n urls -l app.kubernetes.io/instance=t,app.kubernetes.io/component=api .*name\}"
  "kubectl get deploy .*key\}" "kubectl get secret t-urlscan-admin -n urls -o jsonpath=\{.data.token\}"
  "kubectl get pods -n urls -l app.kubernetes.io/instance=t,app.kubernetes.io/component=api --field-selector=status.phase=Running -o name"
  "kubectl get svc t-urlscan-api .*" "$pf pod/t-urlscan-api-7f9c-a $local_port:8080" "$pf pod/t-urlscan-api-7f9c-b $local_port:8080")
calls "${model_calls[@]}"
scenario "rollback --model: POST /admin/rollback on each model-API pod (both 200), smoke-checked" 0 "$work/expected" -- \
  "$scripts/rollback.sh" "${common[@]}" --model
echo "not-the-token" >"$FAKE_STATE/token"
scenario "rollback --model with a wrong admin token: 401 on each pod -> exit 1" nonzero "$work/expected" -- \
  "$scripts/rollback.sh" "${common[@]}" --model

# --- bluegreen.sh ---
bg="helm upgrade --install t \S+ -n urls --reuse-values --set blueGreen.enabled=true"
switch="helm upgrade t \S+/deploy/helm/urlscan -n urls --reuse-values --set"
slot="kubectl get svc t-urlscan-api -n urls -o jsonpath=\{.spec.selector.urlscan\\\\.io/slot\}"
state 6 blue "svc/t-urlscan-api-blue $good" "svc/t-urlscan-api-green $green"
calls "$slot" "helm history .*" "$bg --set blueGreen.active=blue --set blueGreen.green.imageTag=0.2.0 --atomic --wait --timeout 2m" \
  "kubectl get svc t-urlscan-api-green .*" "$pf svc/t-urlscan-api-green $local_port:8080" \
  "$switch blueGreen.active=green --wait --timeout 2m" "kubectl get svc t-urlscan-api .*" "$pf svc/t-urlscan-api $local_port:8080"
scenario "bluegreen deploy 0.2.0: green beside blue, smoke green, switch the Service" 0 "$work/expected" -- \
  "$scripts/bluegreen.sh" "${common[@]}" deploy 0.2.0
checks=$((checks + 1))
if [[ $(cat "$FAKE_STATE/active") == green ]]; then echo "ok: the Service now selects green"; else echo "FAIL: the Service selects $(cat "$FAKE_STATE/active")"; failures=$((failures + 1)); fi

calls "$slot" "$switch blueGreen.active=blue --wait --timeout 2m" "kubectl get svc t-urlscan-api .*" "$pf svc/t-urlscan-api $local_port:8080"
scenario "bluegreen switch-back: one selector change back to blue, smoke-checked" 0 "$work/expected" -- \
  "$scripts/bluegreen.sh" "${common[@]}" switch-back
checks=$((checks + 1))
if [[ $(cat "$FAKE_STATE/active") == blue ]]; then echo "ok: the Service selects blue again"; else echo "FAIL: the Service selects $(cat "$FAKE_STATE/active")"; failures=$((failures + 1)); fi

state 8 blue "svc/t-urlscan-api-blue $good" "svc/t-urlscan-api-green $broken"
echo blue >"$FAKE_STATE/active.8"
calls "$slot" "helm history .*" "$bg --set blueGreen.active=blue --set blueGreen.green.imageTag=0.3.0 .*" \
  "kubectl get svc t-urlscan-api-green .*" "$pf svc/t-urlscan-api-green $local_port:8080" "helm rollback t 8 -n urls --wait --timeout 2m"
scenario "bluegreen deploy 0.3.0 with a broken green: no switch, helm rollback, exit 1" nonzero "$work/expected" -- \
  "$scripts/bluegreen.sh" "${common[@]}" deploy 0.3.0
checks=$((checks + 1))
if [[ $(cat "$FAKE_STATE/active") == blue ]]; then echo "ok: blue kept serving"; else echo "FAIL: the Service selects $(cat "$FAKE_STATE/active")"; failures=$((failures + 1)); fi

calls "$slot" "kubectl get deploy t-urlscan-api-blue .*" "kubectl get deploy t-urlscan-api-green .*"
scenario "bluegreen status" 0 "$work/expected" -- "$scripts/bluegreen.sh" "${common[@]}" status

checks=$((checks + 1))
if (cd "$scripts/../.." && shellcheck -x deploy/scripts/*.sh); then echo "ok: shellcheck deploy/scripts/*.sh clean"; else failures=$((failures + 1)); fi
echo "$((checks - failures))/$checks checks passed (control flow against fake helm/kubectl; smoke checks against real servers)"
[[ $failures == 0 ]]
