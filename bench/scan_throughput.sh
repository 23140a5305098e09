#!/usr/bin/env bash
# Whole-process scanner throughput in one hyperfine run on N URLs: urlscan with 1 and 2 threads
# (stdin), `wc -l` (the I/O floor) and fastText predict-prob (char 3-5, word bigrams, dim 50, as
# issue 18 measured it; one thread; it gets the URLs
# pre-split into words, untimed, and is trained on ../shared data when present, else on a
# generated labelled set). Then peak RSS for N and 10 N URLs from stdin.
# The URLs are generated (gen-urls), or the URL column of a label<TAB>url FILE repeated to N
# (e.g. ../shared/data/urls/test.tsv: real URLs, on which fastText is slower).
# URLSCAN_ARGS adds options to both urlscan runs (e.g. URLSCAN_ARGS=--json: the output format
# the issue also asks about).
# Usage: bench/scan_throughput.sh [N] [FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
from=${2:-}
urlscan=${URLSCAN:-$root/build/tools/urlscan}
gen=${GEN_URLS:-$root/build/scripts/gen-urls}
data=${URLSCAN_DATA:-$root/../shared/data/urls}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ -n "$from" ]; then
  tail -n +2 "$from" | cut -f2 > "$tmp/one.txt"
  : > "$tmp/all.txt"
  while [ "$(wc -l < "$tmp/all.txt" 2>/dev/null || echo 0)" -lt "$n" ]; do cat "$tmp/one.txt" >> "$tmp/all.txt"; done
  head -n "$n" "$tmp/all.txt" > "$tmp/urls.txt"
else
  "$gen" "$n" > "$tmp/urls.txt"
fi
echo "input: $n URLs${from:+ from $from}, $(wc -c < "$tmp/urls.txt") bytes"
args=${URLSCAN_ARGS:-}
runs=("$urlscan --threads 1 $args < $tmp/urls.txt > /dev/null" "$urlscan --threads 2 $args < $tmp/urls.txt > /dev/null" "wc -l < $tmp/urls.txt > /dev/null")
if command -v fasttext >/dev/null; then
  words() { awk '{ u=$0; gsub(/[^A-Za-z0-9]+/, " ", u); print tolower(u) }'; }
  if [ -f "$data/train.tsv" ]; then
    tail -n +2 "$data/train.tsv" | awk -F'\t' '{ u=$2; gsub(/[^A-Za-z0-9]+/, " ", u); print "__label__" $1 " " tolower(u) }' > "$tmp/train.txt"
  else
    "$gen" 100000 --seed 9 | words | awk 'NR % 2 { print "__label__1 " $0; next } { print "__label__0 " $0 }' > "$tmp/train.txt"
  fi
  fasttext supervised -input "$tmp/train.txt" -output "$tmp/ft" -minn 3 -maxn 5 -wordNgrams 2 \
    -dim 50 -epoch 5 -thread 2 -verbose 0
  words < "$tmp/urls.txt" > "$tmp/words.txt"
  runs+=("fasttext predict-prob $tmp/ft.bin $tmp/words.txt 2 > /dev/null")
fi
hyperfine -i -w 1 -r "${RUNS:-5}" --export-json "$tmp/h.json" "${runs[@]}" > "$tmp/h.txt" 2>&1 || cat "$tmp/h.txt"
python3 - "$tmp/h.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]; n = int(sys.argv[2])
names = ["urlscan --threads 1", "urlscan --threads 2", "wc -l", "fastText predict-prob"]
med = {names[i]: x["median"] for i, x in enumerate(r)}
for k, v in med.items():
    print(f"{k:24s} median {v:8.3f} s  {n / v:14,.0f} URLs/s")
u2 = med["urlscan --threads 2"]
print(f"urlscan --threads 2 vs wc -l: {u2 / med['wc -l']:.1f}x the I/O floor's time")
if "fastText predict-prob" in med:
    print(f"urlscan --threads 1 / fastText: {med['fastText predict-prob'] / med['urlscan --threads 1']:.1f}x")
    print(f"urlscan --threads 2 / fastText: {med['fastText predict-prob'] / u2:.1f}x")
PY
# Peak RSS is flat in the input size: N vs 10 N URLs streamed from stdin. (urlscan exits 1 when
# something is flagged; /usr/bin/time then adds a line, so the figure is the last line.)
set +e
small=$(/usr/bin/time -f %M "$urlscan" --threads 2 --count < "$tmp/urls.txt" 2>&1 >/dev/null | tail -n 1)
big=$(for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp/urls.txt"; done |
      /usr/bin/time -f %M "$urlscan" --threads 2 --count 2>&1 >/dev/null | tail -n 1)
set -e
echo "peak RSS: $n URLs ${small} KiB, $((n * 10)) URLs ${big} KiB, ratio $(python3 -c "print(round($big / $small, 3))")"
