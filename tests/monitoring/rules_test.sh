#!/usr/bin/env bash
# The alert and recording rules: promtool's syntax check and unit tests (every alert fires on
# one series and stays quiet on another), the local scrape config's check, and check_rules.py
# (coverage, runbook sections, severities, metric names).
# Usage: rules_test.sh SOURCE_ROOT
set -euo pipefail
root=$1
mon=$root/deploy/monitoring
for tool in promtool python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (tools/setup.sh installs it)"; exit 1; }
done
promtool check rules "$root/deploy/helm/urlscan/files/urlscan.rules.yml"  # the one copy, in the chart
(cd "$mon/rules" && promtool test rules urlscan.rules.test.yml)
promtool check config "$mon/prometheus/local.yml"
python3 "$root/tests/monitoring/check_rules.py" "$mon" "$root/service/service_metrics.cpp"
echo "rules: check, unit tests, local config and coverage passed"
