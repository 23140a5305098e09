# shellcheck shell=bash
# Shared by deploy.sh, rollback.sh and bluegreen.sh: options common to all three, the chart's
# object names, a port-forward to a Service or pod, and the smoke checks.

: "${RELEASE:=urlscan}" "${NAMESPACE:=urlscan}" "${TIMEOUT:=5m}" "${LOCAL_PORT:=18480}"
SMOKE_URL=""          # --url: smoke-test this base URL instead of a port-forward
EXPECT_VERSION=""     # --expect-version: /version must report it
CHART=${CHART:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../helm/urlscan" && pwd)}
PF_PID="" FORWARD_URL=""

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

# take_common_option ARGS...: handles one common option; sets TAKEN to the words it used (0: not
# one of them).
# shellcheck disable=SC2034  # TAKEN is read by the scripts that source this file
TAKEN=0
# shellcheck disable=SC2034
take_common_option() {
  TAKEN=2
  case $1 in
    -n | --namespace) NAMESPACE=${2:?$1 needs a value} ;;
    -r | --release) RELEASE=${2:?$1 needs a value} ;;
    --timeout) TIMEOUT=${2:?$1 needs a value} ;;
    --url) SMOKE_URL=${2:?$1 needs a value} ;;
    --local-port) LOCAL_PORT=${2:?$1 needs a value} ;;
    --expect-version) EXPECT_VERSION=${2:?$1 needs a value} ;;
    --chart) CHART=${2:?$1 needs a value} ;;
    *) TAKEN=0 ;;
  esac
}

# The chart's name prefix (templates/_helpers.tpl urlscan.fullname, without overrides).
fullname() {
  local name
  if [[ $RELEASE == *urlscan* ]]; then name=$RELEASE; else name=$RELEASE-urlscan; fi
  name=${name:0:40}
  echo "${name%-}"
}

# current_revision: the release's latest revision number (empty when not installed).
current_revision() {
  { helm history "$RELEASE" -n "$NAMESPACE" --max 1 -o yaml 2>/dev/null || true; } |
    awk '$1 == "revision:" || $2 == "revision:" { print $NF }' | tail -n 1
}

# forward TARGET REMOTE_PORT: kubectl port-forward TARGET (svc/NAME or pod/NAME) to LOCAL_PORT;
# sets FORWARD_URL to the base URL once it answers. stop_forward ends it.
forward() {
  stop_forward
  kubectl port-forward -n "$NAMESPACE" "$1" "$LOCAL_PORT:$2" >/dev/null 2>&1 &
  PF_PID=$!
  local i
  for ((i = 0; i < 50; i++)); do
    if curl -s -o /dev/null -m 1 "http://127.0.0.1:$LOCAL_PORT/healthz"; then
      FORWARD_URL=http://127.0.0.1:$LOCAL_PORT
      return 0
    fi
    kill -0 "$PF_PID" 2>/dev/null || break
    sleep 0.2
  done
  stop_forward
  return 1
}
stop_forward() {
  if [[ -n $PF_PID ]]; then
    kill "$PF_PID" 2>/dev/null || true
    wait "$PF_PID" 2>/dev/null || true
    PF_PID=""
  fi
}
trap stop_forward EXIT

# service_port SERVICE: the Service's first port.
service_port() {
  kubectl get svc "$1" -n "$NAMESPACE" -o 'jsonpath={.spec.ports[0].port}'
}

# smoke BASE_URL: /readyz ready, /version answers (and reports EXPECT_VERSION when set), and
# /predict flags a known phishing URL.
smoke() {
  local base=$1 out i
  for ((i = 0; i < 30; i++)); do
    out=$(curl -s -m 5 "$base/readyz" || true)
    [[ $out == *'"ready"'* ]] && break
    sleep 1
  done
  [[ $out == *'"ready"'* ]] || { log "smoke: $base/readyz: ${out:-no answer}"; return 1; }
  out=$(curl -s -m 5 "$base/version" || true)
  [[ $out == *'"version"'* ]] || { log "smoke: $base/version: ${out:-no answer}"; return 1; }
  if [[ -n $EXPECT_VERSION && $out != *"\"version\":\"$EXPECT_VERSION"* ]]; then
    log "smoke: $base/version is not $EXPECT_VERSION: $out"
    return 1
  fi
  out=$(curl -s -m 10 -H 'Content-Type: application/json' \
    -d '{"url":"http://paypal.com.secure-login.example.ru/webscr"}' "$base/predict" || true)
  [[ $out == *'"phishing":true'* ]] || { log "smoke: $base/predict: ${out:-no answer}"; return 1; }
  log "smoke: $base ready, $(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' <<<"$(curl -s -m 5 "$base/version")"), /predict flags a phishing URL"
}

# smoke_service SERVICE: smoke checks through SMOKE_URL or a port-forward to SERVICE.
smoke_service() {
  if [[ -n $SMOKE_URL ]]; then
    smoke "$SMOKE_URL"
    return
  fi
  local port rc=0
  port=$(service_port "$1") || { log "smoke: no Service $1"; return 1; }
  forward "svc/$1" "$port" || { log "smoke: no port-forward to svc/$1"; return 1; }
  smoke "$FORWARD_URL" || rc=$?
  stop_forward
  return $rc
}
