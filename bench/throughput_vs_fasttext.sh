#!/usr/bin/env bash
# Whole-process throughput, one thread each, in one hyperfine run: urlscan scoring N URLs vs
# fastText predict-prob on the same URLs (fastText gets them pre-split into words, untimed).
# Usage: bench/throughput_vs_fasttext.sh [DATA_DIR] [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data/urls}
n=${2:-200000}
urlscan=${URLSCAN:-$root/build/tools/urlscan}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tail -n +2 "$data/test.tsv" | cut -f2 > "$tmp/one.txt"
while [ "$(wc -l < "$tmp/urls.txt" 2>/dev/null || echo 0)" -lt "$n" ]; do cat "$tmp/one.txt" >> "$tmp/urls.txt"; done
head -n "$n" "$tmp/urls.txt" > "$tmp/in.txt"
awk '{ u=$0; gsub(/[^A-Za-z0-9]+/, " ", u); print tolower(u) }' "$tmp/in.txt" > "$tmp/words.txt"
tail -n +2 "$data/train.tsv" | awk -F'\t' '{ u=$2; gsub(/[^A-Za-z0-9]+/, " ", u); print "__label__" $1 " " tolower(u) }' > "$tmp/train.txt"
fasttext supervised -input "$tmp/train.txt" -output "$tmp/ft" -minn 3 -maxn 6 -wordNgrams 2 -dim 50 \
  -epoch 5 -thread 2 -verbose 0
echo "input: $n URLs ($(wc -c < "$tmp/in.txt") bytes)"
hyperfine -i -w 1 -r 5 --export-json "$tmp/h.json" \
  "$urlscan $tmp/in.txt > /dev/null" \
  "fasttext predict-prob $tmp/ft.bin $tmp/words.txt 2 > /dev/null" 2>&1 | grep -vE '^\s*$' || true
python3 - "$tmp/h.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]; n = int(sys.argv[2])
med = [x["median"] for x in r]
print(f"urlscan:  {n / med[0]:,.0f} URLs/s (median {med[0]:.3f}s)")
print(f"fastText: {n / med[1]:,.0f} URLs/s (median {med[1]:.3f}s)")
print(f"ratio urlscan/fastText: {med[1] / med[0]:.1f}x")
PY
