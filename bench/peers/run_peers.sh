#!/usr/bin/env bash
# Every model trained on the same rows (train.tsv + models/data/software_pages.tsv + 8,000 rows
# of recent_phishing.tsv's training sites, as the shipped model: models/meson.build) and scored
# on the same file in one run; one JSON row per model. Needs Debian's
# fasttext, python3-sklearn and python3-torch.
# Usage: bench/peers/run_peers.sh [DATA_DIR] [CNN_EPOCHS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${1:-$root/../shared/data/urls}
epochs=${2:-2}
urlscan=${URLSCAN:-$root/build/tools/urlscan}
export PEERS_DIR=$here PYTHONPATH=$here
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
extra=$root/models/data/software_pages.tsv
recent=$tmp/recent_train.tsv
"$urlscan" sites "$data/recent_phishing.tsv" --parts 4 --keep 0,1 --max-rows 8000 --output "$recent"
{ cat "$data/train.tsv"; tail -n +2 "$extra"; tail -n +2 "$recent"; } > "$tmp/train.tsv"
# urlscan: trained here on the same split (bit-identical to the shipped model), then evaluated.
t0=$(date +%s.%N)
"$urlscan" train --train "$data/train.tsv" --train "$extra" --train "$recent" --val "$data/val.tsv" --seed 1 --output "$tmp/u.model" --quiet
t1=$(date +%s.%N)
"$urlscan" eval "$data/test.tsv" --model "$tmp/u.model" --json --no-slices > "$tmp/u.json"
/usr/bin/python3 - "$tmp/u.json" "$t0" "$t1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(json.dumps({"model": "urlscan (" + d["model"] + ")", "n": d["n"], "auc": round(d["roc_auc"], 5),
                  "f1": round(d["f1"], 5), "tpr_at_fpr_1pct": round(d["tpr_at_fpr_1pct"], 5),
                  "train_s": round(float(sys.argv[3]) - float(sys.argv[2]), 1)}))
PY
bash "$here/fasttext_peer.sh" "$tmp/train.tsv" "$data/test.tsv"
/usr/bin/python3 "$here/sklearn_peer.py" "$tmp/train.tsv" "$data/test.tsv"
/usr/bin/python3 "$here/charcnn_peer.py" "$tmp/train.tsv" "$data/test.tsv" "$epochs"
