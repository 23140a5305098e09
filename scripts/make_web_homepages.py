#!/usr/bin/env python3
"""Legitimate homepages of today's web: extra training rows and a held-out check list.

Source: the filter lists that Debian 12's package webext-ublock-origin-firefox
(1.67.0+dfsg-1~deb12u1) ships. Their element-hiding ("cosmetic") filters name the sites they
apply to (`bbc.com,cnn.com##.ad-slot`): sites of many countries whose pages show ads, i.e. real,
visited, legitimate sites (news, blogs, shops, streaming, forums, adult). Read from
  thirdparties/easylist/easylist.txt  EasyList (GPL-3+ or CC-BY-SA-3.0+)
  ublock/unbreak.min.txt              uBlock filters - Unbreak (GPL-3+): sites filtering broke
Only the site lists of cosmetic filters (and of unbreak's `domain=` options and `@@||host^`
exceptions) are read: never a network filter's own host (ad servers, trackers), never
urlhaus-filter or badware.min.txt (malicious hosts), never easyprivacy (trackers).

Kept apart from every evaluation set by registrable domain (the unit the splits are grouped by):
no domain of val.tsv, test.tsv, a list under tests/data (the blind lists included: read for their
domains only) or a phishing row (train.tsv's, recent_phishing.tsv's). Also dropped: hosts under
the Public Suffix List's private section (blogspot, github.io: platforms where anyone
publishes), wildcard (`google.*`) and regex entries, IP addresses, hosts containing a domain of
a --exclude-substring list (the blind software list promises that no file under models/ names
its domains, a substring check). At most --per-site hosts of one registrable domain (the domain itself first,
then subdomains by a hash of the host). Each kept domain goes to the training part or the held-out part by a hash of the
domain (held out: 1 in 5). Output rows are `https://HOST/`, label 0.

usage: make_web_homepages.py ASSETS_DIR --exclude FILE... --exclude-substring FILE... \
         --train-out models/data/web_homepages.tsv \
         --holdout-out tests/data/web_homepages_holdout.txt
  (ASSETS_DIR: /usr/share/mozilla/extensions/{ec8030f7-c20a-464f-9b0e-13a3a9e97384}/
   uBlock0@raymondhill.net/assets after `apt-get install webext-ublock-origin-firefox`, or the
   same path under a `dpkg-deb -x` of the .deb.)
"""
import argparse
import ipaddress
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_software_pages import PSL, host_of, load_psl, public_suffix, registrable, stable_hash  # noqa: E402

SOURCES = ("thirdparties/easylist/easylist.txt", "ublock/unbreak.min.txt")
# `sites##selector`, `sites#@#selector`, `sites#?#...`, `sites#$#...`, `sites#%#...`.
COSMETIC = re.compile(r"^([^#\s]+)#[@?$%]?[@?$%]?#")
DOMAIN_OPT = re.compile(r"[$,]domain=([^,$\s]+)")
EXCEPTION_HOST = re.compile(r"^@@\|\|([a-z0-9.-]+)\^(?:\$|$)")
HOST_OK = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$")


def site_names(line):
    """The hosts a filter line names as the sites it applies to (or is excepted on)."""
    names = []
    m = COSMETIC.match(line)
    if m:
        names += m.group(1).split(",")
    for m in DOMAIN_OPT.finditer(line):
        names += m.group(1).split("|")
    m = EXCEPTION_HOST.match(line)
    if m:
        names.append(m.group(1))
    return [n.lstrip("~").strip().lower().rstrip(".") for n in names]


def is_ip(host):
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def list_hosts(path):
    """Hosts of a label<TAB>url TSV (all rows, or only phishing) or of a URL list."""
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if not line or line.startswith("#") or line.startswith("label\t"):
            continue
        yield line.split("\t", 1) if "\t" in line else ("", line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("assets")
    ap.add_argument("--exclude", nargs="*", default=[],
                    help="TSV (label<TAB>url) or URL-list files whose domains must not appear")
    ap.add_argument("--exclude-phishing", nargs="*", default=[],
                    help="TSV files whose phishing rows' domains must not appear")
    ap.add_argument("--exclude-substring", nargs="*", default=[],
                    help="URL lists: drop any host that contains one of their registrable domains")
    ap.add_argument("--per-site", type=int, default=2)
    ap.add_argument("--holdout", type=int, default=5, help="1 in N domains held out")
    ap.add_argument("--train-out", required=True)
    ap.add_argument("--holdout-out", required=True)
    a = ap.parse_args()
    rules, exceptions, private = load_psl(PSL)

    def site_of(url):
        h = host_of(url)
        return registrable(h, rules, exceptions) if h else None

    excluded = set()
    for path in a.exclude:
        excluded.update(site_of(url) for _, url in list_hosts(path))
    for path in a.exclude_phishing:
        excluded.update(site_of(url) for label, url in list_hosts(path) if label == "1")
    substrings = set()
    for path in a.exclude_substring:
        substrings.update(site_of(url) for _, url in list_hosts(path))
    substrings.discard(None)

    hosts = set()
    for source in SOURCES:
        for line in open(os.path.join(a.assets, source), encoding="utf-8", errors="replace"):
            if line.startswith("!"):
                continue
            hosts.update(site_names(line.strip()))

    by_site, dropped = {}, {"form": 0, "private": 0, "excluded": 0, "substring": 0}
    for h in sorted(hosts):
        if h.startswith("www."):
            h = h[4:]
        # Wildcards (`google.*`), regexes, paths, IPs and bare suffixes are not one site's host.
        if not HOST_OK.match(h) or is_ip(h):
            dropped["form"] += 1
            continue
        suffix = public_suffix(h, rules, exceptions)
        if suffix == h:
            dropped["form"] += 1
            continue
        # Platforms where anyone publishes (the suffix list's private section) carry much of
        # today's phishing: a user's site there says nothing about the platform's other users.
        if suffix in private or "*." + suffix.split(".", 1)[-1] in private:
            dropped["private"] += 1
            continue
        site = registrable(h, rules, exceptions)
        if site in excluded:
            dropped["excluded"] += 1
            continue
        if any(s in h for s in substrings):
            dropped["substring"] += 1
            continue
        by_site.setdefault(site, set()).add(h)

    train_rows, holdout_rows = [], []
    for site in sorted(by_site):
        # The site's own name first (its homepage is what a visitor opens), then subdomains.
        kept = sorted(by_site[site], key=lambda h: (h != site, stable_hash(h)))[: a.per_site]
        rows = holdout_rows if stable_hash(site) % a.holdout == 0 else train_rows
        rows.extend(f"https://{h}/" for h in sorted(kept))
    with open(a.train_out, "w", encoding="utf-8") as out:
        out.write("label\turl\n")
        out.writelines(f"0\t{u}\n" for u in train_rows)
    with open(a.holdout_out, "w", encoding="utf-8") as out:
        out.write("# Legitimate homepages held out from training by registrable domain\n"
                  "# (scripts/make_web_homepages.py: sites named by EasyList's and uBlock's filters,\n"
                  "# Debian 12's webext-ublock-origin-firefox).\n")
        out.writelines(f"{u}\n" for u in holdout_rows)
    print(f"{len(hosts)} named hosts, {len(excluded)} excluded domains, dropped {dropped}; "
          f"{len(by_site)} sites kept: {len(train_rows)} training rows, "
          f"{len(holdout_rows)} held-out URLs", file=sys.stderr)


if __name__ == "__main__":
    main()
