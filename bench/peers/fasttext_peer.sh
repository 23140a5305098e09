#!/usr/bin/env bash
# Peer: fastText supervised, char n-grams 3-6 and word bigrams on URL words.
# Usage: fasttext_peer.sh TRAIN EVAL
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
words() { tail -n +2 "$1" | awk -F'\t' '{ u=$2; gsub(/[^A-Za-z0-9]+/, " ", u); print "__label__" $1 " " tolower(u) }'; }
words "$1" > "$tmp/train.txt"
words "$2" | cut -d' ' -f2- > "$tmp/eval.txt"
t0=$(date +%s.%N)
fasttext supervised -input "$tmp/train.txt" -output "$tmp/model" -minn 3 -maxn 6 -wordNgrams 2 \
  -dim 50 -epoch 10 -lr 0.5 -thread 2 -verbose 0
t1=$(date +%s.%N)
fasttext predict-prob "$tmp/model.bin" "$tmp/eval.txt" 2 > "$tmp/pred.txt"
t2=$(date +%s.%N)
/usr/bin/python3 - "$2" "$tmp/pred.txt" "$t0" "$t1" "$t2" <<'PY'
import sys
sys.path.insert(0, sys.argv[0] and __import__("os").environ.get("PEERS_DIR", "."))
from peer_metrics import read, report
urls, y = read(sys.argv[1])
scores = []
for line in open(sys.argv[2]):
    f = line.split()
    p = dict(zip(f[0::2], map(float, f[1::2])))
    scores.append(p.get("__label__1", 1.0 - p.get("__label__0", 0.5)))
t0, t1, t2 = map(float, sys.argv[3:6])
report("fastText char3-6 + word bigrams", y, scores, train_s=round(t1 - t0, 1),
       predict_urls_per_s=round(len(urls) / (t2 - t1)))
PY
