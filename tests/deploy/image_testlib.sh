# Sourced by the deployment tests: pass/fail reporting, waiting for a server, reading JSON,
# and containers started under a name prefix that an EXIT trap removes.
# shellcheck shell=bash
# shellcheck source=tests/deploy/image_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/image_env.sh"
failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check() {  # check DESCRIPTION COMMAND...: runs COMMAND, reports it
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
  if [ "$failures" -eq 0 ]; then echo "all checks passed"; exit 0; fi
  echo "$failures check(s) failed" >&2
  exit 1
}

# wait_http URL [TRIES]: 0 once URL answers 2xx (0.1 s apart; TRIES default 150 = 15 s).
wait_http() {
  local _
  for _ in $(seq "${2:-150}"); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}

# json_get PATH: reads JSON on stdin, prints the value at a dotted PATH (a.b.c).
json_get() {
  python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v if not isinstance(v, bool) else str(v).lower())' "$1"
}

# Containers this test starts are named "$CONTAINER_PREFIX-..." and removed on exit.
CONTAINER_PREFIX="urlscan-test-$$"
cleanup_containers() {
  local c
  for c in $(podman ps -a --format '{{.Names}}' | grep "^$CONTAINER_PREFIX-" || true); do
    podman rm -f --time 2 "$c" >/dev/null 2>&1 || true
  done
}
trap cleanup_containers EXIT
