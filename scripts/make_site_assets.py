#!/usr/bin/env python3
"""A site's own asset requests, as legitimate rows: what a benign site's access log is made of
besides its pages (issue 17's site-log class).

Source: the files a WordPress site serves to every visitor, from Debian 12's packages wordpress
and wordpress-theme-twentytwentyone/-two/-three (6.1.9+dfsg1-0+deb12u1; GPL-2+, per
/usr/share/doc/wordpress/copyright): style sheets, scripts, images and fonts under
wp-includes/ and wp-content/themes/ (never wp-admin/ or a .php file: kits live there too).
Style sheets and scripts carry WordPress's `?ver=` query as its pages link them. And
/favicon.ico, which browsers ask every site for.
Hosts: the legitimate sites of models/data/web_homepages.tsv (scripts/make_web_homepages.py) for
the training rows, of tests/data/web_homepages_holdout.txt for the held-out check; the asset
paths are split too (one in five by a hash of the path is held out), so the check's URLs share
neither host nor path with a training row. One training host in three (--one-in, by a hash of
the host; every held-out host) gets one asset path (by a hash of the host) and, one in four of
those, /favicon.ico. Label 0. (Every host instead of one in three, measured for issue 17: the
same recall on today's phishing at seed 1, fewer homepages flagged, more software pages:
models/MODEL.md.)

usage: make_site_assets.py WP_ROOT --hosts models/data/web_homepages.tsv \
         --holdout-hosts tests/data/web_homepages_holdout.txt \
         --train-out models/data/site_assets.tsv --holdout-out tests/data/site_assets_holdout.txt
  (WP_ROOT: usr/share/wordpress of `apt-get download wordpress wordpress-theme-twentytwentyone
   wordpress-theme-twentytwentytwo wordpress-theme-twentytwentythree` and `dpkg-deb -x` of each
   into one folder.)
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_software_pages import host_of, stable_hash  # noqa: E402

ASSETS = {"css", "js", "png", "gif", "svg", "jpg", "jpeg", "webp", "ico", "woff", "woff2", "ttf",
          "eot"}
VERSIONED = {"css", "js"}
VERSION = "6.1.9"


def asset_paths(root):
    out = []
    for top in ("wp-includes", "wp-content/themes"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                ext = f.rsplit(".", 1)[-1].lower() if "." in f else ""
                if ext not in ASSETS:
                    continue
                rel = os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/")
                out.append("/" + rel + (f"?ver={VERSION}" if ext in VERSIONED else ""))
    return sorted(out)


def hosts_of(path):
    hosts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("label\t"):
                continue
            url = line.split("\t", 1)[-1]
            h = host_of(url)
            if h and h not in hosts:
                hosts.append(h)
    return hosts


def rows(hosts, paths, one_in=1):
    out = []
    for h in hosts:
        if stable_hash("assets " + h) % one_in:
            continue
        out.append(f"https://{h}{paths[stable_hash(h) % len(paths)]}")
        if stable_hash("favicon " + h) % 4 == 0:
            out.append(f"https://{h}/favicon.ico")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--hosts", required=True)
    ap.add_argument("--holdout-hosts", required=True)
    ap.add_argument("--train-out", required=True)
    ap.add_argument("--holdout-out", required=True)
    ap.add_argument("--one-in", type=int, default=3, help="training rows for one host in N")
    a = ap.parse_args()
    paths = asset_paths(a.root)
    held = [p for p in paths if stable_hash(p.split("?", 1)[0]) % 5 == 0]
    kept = [p for p in paths if stable_hash(p.split("?", 1)[0]) % 5 != 0]
    train = rows(hosts_of(a.hosts), kept, a.one_in)
    hold = rows(hosts_of(a.holdout_hosts), held)
    with open(a.train_out, "w", encoding="utf-8") as f:
        f.write("label\turl\n")
        for u in train:
            f.write(f"0\t{u}\n")
    with open(a.holdout_out, "w", encoding="utf-8") as f:
        f.write("# Held-out asset requests of legitimate sites (validation, not blind):\n"
                "# scripts/make_site_assets.py; neither host nor path is in a training row.\n")
        for u in hold:
            f.write(u + "\n")
    print(f"{len(paths)} asset paths ({len(held)} held out); {len(train)} training rows, "
          f"{len(hold)} held-out URLs", file=sys.stderr)


if __name__ == "__main__":
    main()
