#!/usr/bin/env python3
"""A model's trade-off over thresholds, on issue 17's validation data only (never tests/data/blind/).

For each threshold: recall on recent part 2's phishing whose platform no training row shares (as
bench/model_validation.py), val TPR and site-weighted FPR (a URL weighs min(1, 10 / URLs of its
last two host labels)), and the share flagged of the Moz top 500, software_pages_holdout.txt,
web_homepages_holdout.txt and site_assets_holdout.txt. Two models are compared at equal false
alarms on a list, not each at its own threshold (models/MODEL.md, "the training homepages' tree
weight, as a frontier").

usage: threshold_frontier.py URLSCAN MODEL DATA_DIR RECENT_TRAIN.TSV RECENT_PART2.TSV
(RECENT_*: `urlscan sites recent_phishing.tsv --parts 4 --keep 0,1 --max-rows 8000` / `--keep 2`)
"""
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_validation as mv  # noqa: E402

THRESHOLDS = [0.80, 0.83, 0.859, 0.88, 0.90, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98]
LISTS = ["top_sites_homepages.txt", "software_pages_holdout.txt", "web_homepages_holdout.txt",
         "site_assets_holdout.txt"]


def probabilities(urlscan, model, urls):
    res = subprocess.run([urlscan, "--json", "--model", model, "-"],
                         input="\n".join(urls).encode("utf-8", "surrogateescape") + b"\n",
                         capture_output=True, timeout=600)
    return [json.loads(line).get("probability", 0.0) for line in res.stdout.splitlines()]


def site(url):
    host = url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].lower()
    return ".".join(host.split(".")[-2:])


def main():
    urlscan, model, data, recent_train, recent_part2 = sys.argv[1:6]
    trained = set()
    for path in (f"{data}/train.tsv", f"{mv.ROOT}/models/data/software_pages.tsv",
                 f"{mv.ROOT}/models/data/web_homepages.tsv", recent_train):
        trained.update(mv.platform(u) for _, u in mv.rows(path))
    held = probabilities(urlscan, model, [u for y, u in mv.rows(recent_part2)
                                          if y and mv.platform(u) not in trained])
    val = list(mv.rows(f"{data}/val.tsv"))
    val_p = probabilities(urlscan, model, [u for _, u in val])
    per_site = collections.Counter(site(u) for _, u in val)
    legit = [(min(1.0, 10 / per_site[site(u)]), p) for (y, u), p in zip(val, val_p) if not y]
    phish = [p for (y, _), p in zip(val, val_p) if y]
    lists = {}
    for name in LISTS:
        urls = [line.strip() for line in open(f"{mv.ROOT}/tests/data/{name}", encoding="utf-8")
                if line.strip() and not line.startswith("#")]
        lists[name.split("_")[0]] = probabilities(urlscan, model, urls)
    print("threshold  part2_recall  val_tpr  val_fpr_sites  " + "  ".join(lists))
    for t in THRESHOLDS:
        fpr = sum(w for w, p in legit if p >= t) / sum(w for w, _ in legit)
        cols = "  ".join(f"{sum(p >= t for p in v) / len(v):.4f}" for v in lists.values())
        print(f"{t:.3f}  {sum(p >= t for p in held) / len(held):.4f}  "
              f"{sum(p >= t for p in phish) / len(phish):.4f}  {fpr:.4f}  {cols}")


if __name__ == "__main__":
    main()
