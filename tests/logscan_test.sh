#!/usr/bin/env bash
# The scheduled-scan recipe on generated rotated logs: a dated report with every record, no
# rescans of scanned logs, a newly rotated log picked up, and the unit files verified.
set -u
URLSCAN=$1 GEN=$2 SRC=$(cd "${URLSCAN_SOURCE_ROOT:-.}" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { local n=$1; shift; if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $n"; fi; }
mkdir -p "$tmp/log"
"$GEN" 500 --access-log --seed 1 > "$tmp/log/access.log.1"
"$GEN" 300 --access-log --seed 2 | gzip > "$tmp/log/access.log.2.gz"
"$GEN" 50 --access-log --seed 3 > "$tmp/log/access.log"  # the live log: not scanned
export URLSCAN LOGSCAN_LOGS="$tmp/log/access.log.[0-9]*" LOGSCAN_REPORTS="$tmp/reports"
export LOGSCAN_ARGS="--access-log --log-host www.example.com" LOGSCAN_DATE=2026-11-26
bash "$SRC/scripts/logscan.sh" 2> "$tmp/err1"
report="$tmp/reports/urlscan-2026-11-26.jsonl"
expected=$("$URLSCAN" --access-log --log-host www.example.com --count "$tmp/log/access.log.1" "$tmp/log/access.log.2.gz" | awk '$1 == "records" {print $2}')
check "report exists" test -s "$report"
check "report has every record" test "$(wc -l < "$report")" = "$expected"
check "report names sources" grep -q '"source":"[^"]*access.log.2.gz","line":300' "$report"
check "report is JSON" python3 -c "import json; [json.loads(l) for l in open('$report')]"
bash "$SRC/scripts/logscan.sh" 2> "$tmp/err2"
check "no rescan" test "$(wc -l < "$report")" = "$expected"
check "says nothing new" grep -q 'no new logs' "$tmp/err2"
"$GEN" 20 --access-log --seed 4 > "$tmp/log/access.log.3"
bash "$SRC/scripts/logscan.sh" 2> /dev/null
check "new rotation picked up" test "$(wc -l < "$report")" -gt "$expected"
if command -v systemd-analyze >/dev/null; then
  cp "$SRC/deploy/systemd/"urlscan-logscan.* "$tmp/"
  sed -i "s|/usr/local/bin/urlscan-logscan|$SRC/scripts/logscan.sh|" "$tmp/urlscan-logscan.service"
  check "systemd units verify" systemd-analyze verify "$tmp/urlscan-logscan.service" "$tmp/urlscan-logscan.timer"
fi
check "cron entry shape" grep -qE '^30 0 \* \* \* root /usr/local/bin/urlscan-logscan' "$SRC/deploy/cron/urlscan-logscan"
echo "$pass passed, $fail failed"
test "$fail" = 0
