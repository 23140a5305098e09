#!/usr/bin/env bash
# Scheduled log scan: scores every rotated access log not scanned before and appends the
# results to a dated JSON Lines report (one record per request URL and Referer, with source
# file and line). Run by deploy/systemd/urlscan-logscan.timer or deploy/cron/urlscan-logscan.
#
# Environment (all optional):
#   LOGSCAN_LOGS     glob of rotated logs      (default /var/log/nginx/access.log.[0-9]*)
#   LOGSCAN_REPORTS  report folder             (default /var/lib/urlscan/reports)
#   LOGSCAN_STATE    file listing scanned logs (default $LOGSCAN_REPORTS/.scanned)
#   LOGSCAN_ARGS     urlscan input options     (default --access-log)
#   LOGSCAN_DATE     report date, YYYY-MM-DD   (default today, UTC)
#   URLSCAN          the urlscan binary        (default urlscan on PATH)
# Exit: 0 scanned (or nothing new), 2 an error -- also when no line of a log could be scanned
# (urlscan exits 2: LOGSCAN_ARGS do not fit the log's format), so a wrong format is not reported
# as a clean day. Flagged counts go to the report and stderr.
set -euo pipefail
logs=${LOGSCAN_LOGS:-/var/log/nginx/access.log.[0-9]*}
reports=${LOGSCAN_REPORTS:-/var/lib/urlscan/reports}
state=${LOGSCAN_STATE:-$reports/.scanned}
args=${LOGSCAN_ARGS:---access-log}
day=${LOGSCAN_DATE:-$(date -u +%F)}
urlscan=${URLSCAN:-urlscan}
mkdir -p "$reports"
touch "$state"
report="$reports/urlscan-$day.jsonl"

# A rotated log is identified by name, size and modification time: a file rotated onto an old
# name is new again.
new=()
shopt -s nullglob
for f in $logs; do
  [ -f "$f" ] || continue
  key="$f $(stat -c '%s %Y' "$f")"
  grep -qxF "$key" "$state" || new+=("$f")
done
if [ ${#new[@]} -eq 0 ]; then
  echo "logscan: no new logs" >&2
  exit 0
fi
set +e
# shellcheck disable=SC2086 # LOGSCAN_ARGS is a list of options
"$urlscan" $args --json --summary "${new[@]}" >> "$report.partial"
rc=$?
set -e
if [ "$rc" -ge 2 ]; then
  echo "logscan: urlscan failed (exit $rc); report kept as $report.partial" >&2
  exit 2
fi
cat "$report.partial" >> "$report" && rm -f "$report.partial"
for f in "${new[@]}"; do echo "$f $(stat -c '%s %Y' "$f")" >> "$state"; done
echo "logscan: scanned ${#new[@]} log(s) into $report ($(grep -c '"phishing":true' "$report" || true) flagged so far today)" >&2
