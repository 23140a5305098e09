#!/usr/bin/env python3
"""Blind check list (issue 17, class e, second list): software project pages cited by Debian
packages' metadata, on hosts that no file under models/ names.

Source: the URLs cited in the long descriptions of Debian 12's package index (bookworm main
Translation-en, 2026-12-02; licence: Debian package metadata, public): upstream project pages,
documentation, specifications and related projects that a package's description points to, a set
apart from the Homepage fields that models/data/software_pages.tsv and the first (e) list came
from. Get it with: apt-get update -o Acquire::Languages=en -o Dir::State::Lists=DIR, then
/usr/lib/apt/apt-helper cat-file DIR/*_bookworm_main_i18n_Translation-en.lz4 > Translation-en.

Kept: http(s) URLs whose host is a name (not an IP) outside the Public Suffix List's private
section, whose platform (the ICANN public suffix plus one label, as platform_domain() and the
data test compute it) appears as text in no file under models/ (other than the model file
itself), and whose registrable domain is in no list under tests/data, in none of train, val,
test and recent_phishing.tsv; at most --per-site URLs of one registrable domain (picked by a
hash of the URL). Written before any model of this change was trained; never tuned on.

usage: make_blind_cited_pages.py --models models --tests-data tests/data \
         --labelled ../shared/data/urls/{train,val,test,recent_phishing}.tsv \
         --output tests/data/blind/software_pages_cited.txt Translation-en
"""
import argparse
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_software_pages import (PSL, host_of, load_psl, public_suffix, registrable,  # noqa: E402
                                 registrable_domains_in, stable_hash)

URL_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s<>\"'()\[\]{},;]*)?")


def icann_suffix(host, icann_rules, exceptions):
    return public_suffix(host, icann_rules, exceptions)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sources", nargs="+", help="text files whose http(s) URLs are candidates")
    ap.add_argument("--models", required=True)
    ap.add_argument("--tests-data", required=True)
    ap.add_argument("--labelled", nargs="*", default=[])
    ap.add_argument("--per-site", type=int, default=2)
    ap.add_argument("--output", required=True)
    a = ap.parse_args()
    files = a.sources
    rules, exceptions, private = load_psl(PSL)
    icann = rules - private

    models_text = ""
    for root, _, names in os.walk(a.models):
        for n in names:
            if not n.endswith(".model"):
                models_text += open(os.path.join(root, n), encoding="utf-8",
                                    errors="replace").read().lower()

    lists = [p for p in glob.glob(os.path.join(a.tests_data, "**", "*"), recursive=True)
             if os.path.isfile(p) and os.path.abspath(p) != os.path.abspath(a.output)]
    excluded = registrable_domains_in(lists + a.labelled, rules, exceptions)

    urls = set()
    for path in files:
        for m in URL_RE.finditer(open(path, encoding="utf-8", errors="replace").read()):
            urls.add(m.group(0).rstrip(".:"))

    by_site = {}
    for url in urls:
        h = host_of(url)
        if not h or not re.match(r"^[a-z0-9.-]+$", h) or "." not in h or re.match(r"^[0-9.]+$", h):
            continue
        suffix = public_suffix(h, rules, exceptions)
        if suffix in private or "*." + suffix.split(".", 1)[-1] in private:
            continue
        if not suffix:
            continue
        isuf = icann_suffix(h, icann, exceptions)
        labels = h.split(".")
        n = len(isuf.split(".")) if isuf else 0
        if n >= len(labels):
            continue
        platform = ".".join(labels[-(n + 1):])
        if platform in models_text:
            continue
        site = registrable(h, rules, exceptions)
        if site in excluded:
            continue
        by_site.setdefault(site, []).append(url)

    rows = []
    for site in sorted(by_site):
        rows += sorted(sorted(set(by_site[site]), key=stable_hash)[: a.per_site])
    with open(a.output, "w", encoding="utf-8") as out:
        out.write(
            "# Blind check (issue 17, class e, second list): software project pages cited by Debian\n"
            "# packages' metadata (URLs in the long descriptions of Debian 12's index, bookworm main\n"
            "# Translation-en, 2026-12-02; licence: Debian package metadata, public), on hosts no file under models/\n"
            "# names, on no domain of another list under tests/data, of train/val/test or\n"
            "# recent_phishing.tsv; at most 2 per registrable domain (scripts/make_blind_cited_pages.py).\n"
            "# Written before any model of this change was trained. NEVER tuned on.\n")
        out.writelines(f"{u}\n" for u in rows)
    print(f"{len(urls)} cited URLs from {len(files)} files, {len(by_site)} sites, {len(rows)} kept",
          file=sys.stderr)


if __name__ == "__main__":
    main()
