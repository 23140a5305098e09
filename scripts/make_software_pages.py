#!/usr/bin/env python3
"""Legitimate URLs of software project pages: extra training rows and a held-out check list.

Source: the Homepage fields of Debian's package index (public metadata, one page per source
package: project homepages, repositories, documentation). train.tsv has few legitimate URLs of
this kind (bare homepages, /docs/ pages, modern hosting), which is why models trained on it alone
flag real project pages (../shared/data/urls/README.md: "Known traps").

Kept apart from every evaluation set, by registrable domain (the unit the splits are grouped by):
no domain of val.tsv, test.tsv or a hand-made list under tests/data may appear. At most
--per-site URLs of one registrable domain are kept (github.com alone has 12,000), picked by a
hash of the URL so the choice does not depend on the input's order. Each kept domain goes to the
training part or the held-out part by a hash of the domain (held out: 1 in 5).

The training part keeps only pages with a path (docs, project pages): training adds every
legitimate host's homepage itself, and explicit bare homepages cost recall on today's phishing
domains, most of which are bare homepages (measured: models/MODEL.md). The held-out part keeps
both, as a check list of URLs no model has seen the site of.

usage: make_software_pages.py PACKAGES_FILE... --exclude FILE... \
         --train-out models/data/software_pages.tsv \
         --holdout-out tests/data/software_pages_holdout.txt
  (Debian: /usr/lib/apt/apt-helper cat-file /var/lib/apt/lists/*_main_binary-amd64_Packages.lz4
   > Packages; the public suffix list is read from /usr/share/publicsuffix.)
"""
import argparse
import hashlib
import re
import sys

PSL = "/usr/share/publicsuffix/public_suffix_list.dat"


def load_psl(path):
    """ICANN and private rules; the private ones are hosting platforms (github.io, pages.dev)."""
    rules, exceptions, private = set(), set(), set()
    in_private = False
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if "===BEGIN PRIVATE DOMAINS===" in line:
            in_private = True
        if not line or line.startswith("//"):
            continue
        rule = line.split()[0]
        if rule.startswith("!"):
            exceptions.add(rule[1:])
        else:
            rules.add(rule)
            if in_private:
                private.add(rule)
    return rules, exceptions, private


def public_suffix(host, rules, exceptions):
    labels = host.split(".")
    # Longest matching public-suffix rule ('*' matches one label; '!' exceptions win).
    suffix_len = 1
    for i in range(len(labels)):
        cand = ".".join(labels[i:])
        wild = ".".join(["*"] + labels[i + 1:])
        if cand in exceptions:
            suffix_len = len(labels) - i - 1
            break
        if cand in rules or wild in rules:
            suffix_len = len(labels) - i
            break
    return ".".join(labels[len(labels) - suffix_len:]) if suffix_len else ""


def registrable(host, rules, exceptions):
    suffix = public_suffix(host, rules, exceptions)
    labels, n = host.split("."), len(suffix.split(".")) if suffix else 0
    return host if n >= len(labels) else ".".join(labels[-(n + 1):])


HOST_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:[^@/?#]*@)?([^/:?#]+)")


def host_of(url):
    m = HOST_RE.match(url.strip())
    if not m:
        return None
    host = m.group(1).lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host


def registrable_domains_in(paths, rules, exceptions):
    """The registrable domains of the URLs in URL lists and label<TAB>url files (comments and
    headers skipped)."""
    out = set()
    for path in paths:
        for line in open(path, encoding="utf-8", errors="replace"):
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("label\t"):
                continue
            url = line.split("\t")[1] if "\t" in line else line
            h = host_of(url)
            if h:
                out.add(registrable(h, rules, exceptions))
    return out


def stable_hash(text):
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("packages", nargs="+")
    ap.add_argument("--exclude", nargs="*", default=[],
                    help="TSV (label<TAB>url) or URL-list files whose domains must not appear")
    ap.add_argument("--per-site", type=int, default=8)
    ap.add_argument("--holdout", type=int, default=5, help="1 in N domains held out")
    ap.add_argument("--train-out", required=True)
    ap.add_argument("--holdout-out", required=True)
    a = ap.parse_args()
    rules, exceptions, private = load_psl(PSL)

    excluded = registrable_domains_in(a.exclude, rules, exceptions)

    urls = set()
    for path in a.packages:
        for line in open(path, encoding="utf-8", errors="replace"):
            if line.startswith("Homepage:"):
                url = line[len("Homepage:"):].strip()
                if re.match(r"^https?://[^\s]+$", url):
                    urls.add(url)

    by_site = {}
    for url in urls:
        h = host_of(url)
        if not h or not re.match(r"^[a-z0-9.-]+$", h) or "." not in h:
            continue
        # Hosting platforms where anyone can publish (the suffix list's private section:
        # github.io, pages.dev, workers.dev, readthedocs.io ...) carry much of today's phishing
        # (recent_phishing.tsv); legitimate examples there would teach that the platform is safe.
        suffix = public_suffix(h, rules, exceptions)
        if suffix in private or "*." + suffix.split(".", 1)[-1] in private:
            continue
        site = registrable(h, rules, exceptions)
        if site in excluded:
            continue
        by_site.setdefault(site, []).append(url)

    train_rows, holdout_rows = [], []
    for site in sorted(by_site):
        held_out = stable_hash(site) % a.holdout == 0
        kept = sorted(by_site[site], key=stable_hash)[: a.per_site]
        for url in sorted(kept):
            if held_out:
                holdout_rows.append(url)
            elif re.match(r"^[a-zA-Z]+://[^/]+/.", url):
                train_rows.append(url)
    with open(a.train_out, "w", encoding="utf-8") as out:
        out.write("label\turl\n")
        out.writelines(f"0\t{u}\n" for u in train_rows)
    with open(a.holdout_out, "w", encoding="utf-8") as out:
        out.write("# Legitimate software project pages held out from training by registrable domain\n"
                  "# (scripts/make_software_pages.py: Homepage fields of Debian 12's package index).\n")
        out.writelines(f"{u}\n" for u in holdout_rows)
    print(f"{len(train_rows)} training rows, {len(holdout_rows)} held-out URLs", file=sys.stderr)
    kept_sites = len(by_site)
    print(f"{len(urls)} homepage URLs, {len(excluded)} excluded domains, {kept_sites} sites kept",
          file=sys.stderr)


if __name__ == "__main__":
    main()
