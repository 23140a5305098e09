#!/usr/bin/env python3
"""Issue 17's own validation figures for a model file: never the blind sets of tests/data/blind/.

  val.tsv            AUC, TPR at FPR 1% (`urlscan eval`)
  test.tsv           AUC, TPR at FPR 1% (a constraint: must not get worse; not chosen on)
  recent part 2      recall on phishing of recent_phishing.tsv's choice part (never trained on)
                     whose platform (ICANN suffix + one label) no training row shares
  legitimate lists   share flagged: tests/data/top_sites_homepages.txt (Moz top 500),
                     software_pages_holdout.txt, known_legitimate.txt, official_brand_urls.txt,
                     web_homepages_holdout.txt (scripts/make_web_homepages.py),
                     site_assets_holdout.txt (scripts/make_site_assets.py)

usage: model_validation.py URLSCAN MODEL DATA_DIR RECENT_TRAIN.TSV RECENT_PART2.TSV [--no-rules]
(RECENT_*: `urlscan sites recent_phishing.tsv --parts 4 --keep 0,1 --max-rows 8000` / `--keep 2`)
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def psl_icann():
    rules, icann = set(), True
    for line in open("/usr/share/publicsuffix/public_suffix_list.dat", encoding="utf-8"):
        line = line.strip()
        if "===BEGIN PRIVATE DOMAINS===" in line:
            icann = False
        if icann and line and not line.startswith("//") and not line.startswith("!"):
            rules.add(line.lstrip("*."))
    return rules


ICANN = psl_icann()


def platform(url):
    host = url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].lower()
    labels = host.split(".")
    for i in range(1, len(labels)):
        if ".".join(labels[i:]) in ICANN:
            return ".".join(labels[i - 1:])
    return host


def is_bare_homepage(url):
    rest = url.split("://", 1)[-1]
    return "/" not in rest or rest.split("/", 1)[1] == ""


def rows(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        next(f)
        for line in f:
            label, url = line.rstrip("\n").split("\t", 1)
            yield int(label), url


def scan(urlscan, model, urls, extra):
    res = subprocess.run([urlscan, "--json", "--model", model, *extra, "-"],
                         input="\n".join(urls).encode("utf-8", "surrogateescape") + b"\n",
                         capture_output=True, timeout=600)
    return [json.loads(line) for line in res.stdout.splitlines()]


def evaluate(urlscan, model, path, extra):
    res = subprocess.run([urlscan, "eval", path, "--model", model, "--json", "--no-slices", *extra],
                         capture_output=True, timeout=600)
    return json.loads(res.stdout)


def main():
    urlscan, model, data, recent_train, recent_part2 = sys.argv[1:6]
    extra = sys.argv[6:]
    out = {}
    for name in ("val.tsv", "test.tsv"):
        m = evaluate(urlscan, model, f"{data}/{name}", extra)
        m = m.get("overall", m)
        out[name] = (m.get("roc_auc"), m.get("tpr_at_fpr_1pct"))
        print(f"{name}: auc {m.get('roc_auc'):.5f} tpr@1% {m.get('tpr_at_fpr_1pct'):.4f}")
    trained = set()
    # web_homepages.tsv's platforms count as trained whether or not a model trained on it, so that
    # every variant is measured on the same URLs.
    for path in (f"{data}/train.tsv", f"{ROOT}/models/data/software_pages.tsv",
                 f"{ROOT}/models/data/web_homepages.tsv", recent_train):
        if os.path.exists(path):
            trained.update(platform(u) for _, u in rows(path))
    held = [u for y, u in rows(recent_part2) if y and platform(u) not in trained]
    recs = scan(urlscan, model, held, extra)
    caught = sum(1 for r in recs if r.get("phishing"))
    print(f"recent part 2, platforms never trained on: recall {caught / len(recs):.4f} "
          f"({caught} of {len(recs)})")
    # Most of today's phishing is bare homepages of new domains: the class that legitimate
    # homepage rows could cost.
    bare = [r for u, r in zip(held, recs) if is_bare_homepage(u)]
    bc = sum(1 for r in bare if r.get("phishing"))
    print(f"  of them bare homepages: recall {bc / max(1, len(bare)):.4f} ({bc} of {len(bare)})")
    for name in ("tests/data/top_sites_homepages.txt", "tests/data/software_pages_holdout.txt",
                 "models/gate/known_legitimate.txt", "tests/data/official_brand_urls.txt",
                 "tests/data/web_homepages_holdout.txt", "tests/data/site_assets_holdout.txt"):
        if not os.path.exists(f"{ROOT}/{name}"):
            continue
        urls = [l.strip() for l in open(f"{ROOT}/{name}", encoding="utf-8")
                if l.strip() and not l.startswith("#")]
        recs = scan(urlscan, model, urls, extra)
        f = sum(1 for r in recs if r.get("phishing"))
        print(f"{os.path.basename(name)}: flagged {f} of {len(recs)} ({f / len(recs):.2%})")


if __name__ == "__main__":
    main()
