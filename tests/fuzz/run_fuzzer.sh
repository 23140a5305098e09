#!/usr/bin/env bash
# Runs one libFuzzer target for $FUZZ_SECONDS (default 30) seeded from its corpus; new inputs
# go to a scratch folder in the build tree, never into the source corpus.
set -eu
fuzzer=$1; seeds=$2; work=$3
mkdir -p "$work"
exec "$fuzzer" -max_total_time="${FUZZ_SECONDS:-30}" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
  -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 "$work" "$seeds"
