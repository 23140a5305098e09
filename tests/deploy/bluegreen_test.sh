#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions run through check and the EXIT trap, which shellcheck 0.9 cannot follow
# Blue-green drill at the process level (suite 'deploy'): the cluster's Service-selector switch
# played with real processes. Blue and green are the urlscan image run with podman (host
# network, their own ports); green is a second tag run with the model from the /models
# volume, so /version tells them apart (model.source). A real haproxy on 127.0.0.1 proxies to
# the live colour; bluegreen_switch.sh switches it through haproxy's admin socket (no reload).
# Under wrk load: smoke-test green, switch to green, check /version flips, switch back to
# blue, check it flips back. Asserts wrk saw zero non-2xx/3xx responses and zero socket
# errors, haproxy counted no error, and both colours served part of the load.
# Ports: 18320 (haproxy), 18321 (blue), 18322 (green).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/deploy/image_testlib.sh
. tests/deploy/image_testlib.sh
require podman haproxy wrk curl python3
start=$(date +%s)
seconds=${BLUEGREEN_SECONDS:-12}
blue_img=$(bash tests/deploy/image_build.sh localhost/urlscan:blue | tail -n 1)
green_img=localhost/urlscan:green
podman tag "$blue_img" "$green_img"
tmp=$(mktemp -d)
proxy_pid=""
cleanup() {
  if [ -n "$proxy_pid" ]; then
    kill -USR1 "$proxy_pid" 2>/dev/null || true  # haproxy's graceful stop
    wait "$proxy_pid" 2>/dev/null || true
  fi
  cleanup_containers
  rm -rf "$tmp"
}
trap cleanup EXIT

# Blue and green: rate limit off (every request comes from the proxy's one address), the
# drain delay on, as the chart runs them, and more workers than the proxy keeps connections
# (cpp-httplib holds a worker per open keep-alive connection: a pool larger than WORKERS
# queues requests behind idle connections for seconds).
serve() {  # serve COLOUR PORT IMAGE ARGS...
  local colour=$1 port=$2 img=$3
  shift 3
  podman run -d --name "$CONTAINER_PREFIX-$colour" --network host --read-only \
    -e URLSCAN_CACHE_DIR=off -e BIND=127.0.0.1 -e PORT="$port" -e RATE_LIMIT_RPS=0 \
    -e DRAIN_DELAY_MS=500 -e WORKERS=32 "$@" "$img" serve >/dev/null
}
serve blue 18321 "$blue_img"
serve green 18322 "$green_img" -v "$PWD/models:/models:ro" -e MODEL_PATH=/models/urlscan.model
check "blue is ready" wait_http http://127.0.0.1:18321/readyz
check "green is ready (smoke: /readyz)" wait_http http://127.0.0.1:18322/readyz
green_phishing=$(curl -sf 'http://127.0.0.1:18322/predict?url=http://paypa1-login.example.com/verify' |
  json_get phishing || true)
check "green smoke: /predict answers phishing" test "$green_phishing" = true

# The proxy: haproxy in the foreground (master-worker), config and admin socket in our folder;
# it checks /readyz on each server, so a colour that is not ready never gets traffic.
proxy=$tmp/haproxy
mkdir -p "$proxy"
cat > "$proxy/haproxy.cfg" <<EOF
global
  master-worker
  pidfile $proxy/haproxy.pid
  stats socket $proxy/admin.sock mode 600 level admin
  server-state-file $proxy/server-state
  maxconn 2000
defaults
  mode http
  option http-keep-alive
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 30s
  load-server-state-from-file global
frontend edge
  bind 127.0.0.1:18320
  http-response set-header X-Upstream %s
  default_backend urlscan
backend urlscan
  http-reuse safe
  retry-on conn-failure empty-response
  option httpchk GET /readyz
  server blue 127.0.0.1:18321 check inter 500ms
  server green 127.0.0.1:18322 check inter 500ms disabled
EOF
haproxy -q -c -f "$proxy/haproxy.cfg" || fail "haproxy -c refused the drill config"
haproxy -f "$proxy/haproxy.cfg" > "$proxy/haproxy.log" 2>&1 &
proxy_pid=$!
check "haproxy proxies to blue" wait_http http://127.0.0.1:18320/readyz

# colour: which server answers /version through the proxy (green has the /models model).
colour() {
  local source
  source=$(curl -sf http://127.0.0.1:18320/version | json_get model.source 2>/dev/null) || { echo none; return; }
  case $source in
    built-in) echo blue ;;
    /models/*) echo green ;;
    *) echo "unknown($source)" ;;
  esac
}
await_colour() {  # await_colour COLOUR: 0 once /version through the proxy is COLOUR (<= 5 s)
  local _
  for _ in $(seq 50); do
    [ "$(colour)" = "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
check "before the switch, /version says blue" await_colour blue

wrk -t 2 -c 8 -d "${seconds}s" --latency \
  'http://127.0.0.1:18320/predict?url=http://paypa1-login.example.com/verify' > "$tmp/wrk.txt" 2>&1 &
wrk_pid=$!
third=$((seconds / 3))
sleep "$third"
check "switch to green" bash tests/deploy/bluegreen_switch.sh "$proxy" green
check "after the switch, /version says green" await_colour green
sleep "$third"
check "switch back to blue" bash tests/deploy/bluegreen_switch.sh "$proxy" blue
check "after the switch back, /version says blue" await_colour blue
wait "$wrk_pid"
cat "$tmp/wrk.txt"

# wrk's figures: it prints "Non-2xx or 3xx responses" and "Socket errors" only when non-zero.
requests=$(awk '/requests in/ { print $1 }' "$tmp/wrk.txt")
non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' "$tmp/wrk.txt")
socket_errors=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$tmp/wrk.txt" |
  awk '{ print $1 + $2 + $3 + $4 }')
echo "wrk: requests ${requests:-?}, non-2xx/3xx ${non2xx:-0}, socket errors ${socket_errors:-0}"
check "wrk sent requests (${requests:-0})" test "${requests:-0}" -gt 0
check "wrk: zero non-2xx/3xx responses (got ${non2xx:-0})" test "${non2xx:-0}" = 0
check "wrk: zero socket errors (got ${socket_errors:-0})" test "${socket_errors:-0}" = 0

# haproxy's counters per server (show stat: hrsp_2xx etc.): every response a 2xx, no
# retries or errors, and both colours took part of the load.
stat() {  # stat SERVER FIELD
  python3 - "$proxy/admin.sock" "$1" "$2" <<'PY'
import csv, io, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
out = b""
while chunk := s.recv(65536):
    out += chunk
rows = csv.DictReader(io.StringIO(out.decode().lstrip("# ")))
for r in rows:
    if r["pxname"] == "urlscan" and r["svname"] == sys.argv[2]:
        print(r[sys.argv[3]] or 0)
PY
}
for s in blue green BACKEND; do
  echo "haproxy $s: 2xx $(stat $s hrsp_2xx), 4xx $(stat $s hrsp_4xx), 5xx $(stat $s hrsp_5xx)," \
    "connection errors $(stat $s econ), response errors $(stat $s eresp), retries $(stat $s wretr)"
done
blue_n=$(stat blue hrsp_2xx)
green_n=$(stat green hrsp_2xx)
check "haproxy: no 4xx or 5xx" test "$(stat BACKEND hrsp_4xx)" = 0 -a "$(stat BACKEND hrsp_5xx)" = 0
check "haproxy: no connection or response errors" test "$(stat BACKEND econ)" = 0 -a "$(stat BACKEND eresp)" = 0
check "blue served part of the load ($blue_n requests)" test "$blue_n" -gt 0
check "green served part of the load ($green_n requests)" test "$green_n" -gt 0
check "blue still runs after the drill (instant switch-back stays possible)" \
  curl -sf -o /dev/null http://127.0.0.1:18321/readyz

echo "bluegreen test: $(($(date +%s) - start)) s in all"
finish
