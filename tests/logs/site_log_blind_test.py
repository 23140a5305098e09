"""Blind check (issue 17, class b): a benign site's own access log. A real nginx on loopback
serves a small site (a bakery with a blog and a shop, the shape of countless small sites) under
several host names; a browser-like client fetches its pages and their assets (Referer: the page,
or a search engine for the landing page). The combined log of each host is scanned with
--log-host HOST, and nginx's "$host" log (every host in one file) with --access-log alone. The
fraction of records flagged is printed per host name against the goal (issue 17: pages below
homepages, <= 1% flagged) and must stay under the floor: the baseline, measured before any model
change of issue 17 (models/MODEL.md, "Blind checks"). NEVER tuned on.

usage: site_log_blind_test.py URLSCAN"""
import json
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weblog  # noqa: E402

HOSTS = ["my.example", "janedoe.net", "baeckerei-schmidt.de", "cafe-lumiere.fr",
         "blog.kw-tech.io", "www.hollandsehuisjes.nl"]
GOAL = 0.01
# Floor: the share flagged over all hosts' combined logs may not rise above this (baseline
# figure 51 of 516 = 0.0988 in models/MODEL.md plus a margin of about one host's flags).
FLOOR = 0.13

# A page and the assets a browser fetches with it (Referer: the page).
PAGES = {
    "/": ["/wp-content/themes/bakery/style.css?ver=6.4.2", "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1",
          "/wp-content/uploads/2024/03/croissant-800x600.jpg", "/favicon.ico"],
    "/about/": ["/wp-content/uploads/2023/09/team-photo.jpg"],
    "/contact/": ["/wp-content/plugins/contact-form-7/includes/js/index.js?ver=5.8.4"],
    "/blog/": [],
    "/blog/2024/03/spring-menu/": ["/wp-content/uploads/2024/03/rhubarb-tart.jpg"],
    "/blog/2023/11/our-new-wood-fired-oven/": ["/wp-content/uploads/2023/11/oven-1024x768.jpg"],
    "/blog/page/2/": [],
    "/tag/sourdough/": [],
    "/category/news/": [],
    "/menu/": ["/wp-content/uploads/2024/01/menu-winter.pdf"],
    "/opening-hours/": [],
    "/impressum/": [],
    "/privacy-policy/": [],
    "/shop/": ["/wp-content/plugins/woocommerce/assets/css/woocommerce.css?ver=8.5.1"],
    "/shop/sourdough-loaf/": ["/wp-content/uploads/2024/02/sourdough-300x300.jpg"],
    "/shop/rye-bread-1kg/": [],
    "/product-category/cakes/": [],
    "/cart/": [],
    "/events/christmas-market-2024/": [],
    "/gallery/": ["/wp-content/uploads/2023/12/gallery-01.jpg", "/wp-content/uploads/2023/12/gallery-02.jpg"],
    "/faq/": [],
    "/careers/": [],
    "/de/ueber-uns/": [],
    "/fr/a-propos/": [],
    "/?s=rye": [],
    "/feed/": [],
    "/robots.txt": [],
    "/sitemap.xml": [],
    "/sitemap_index.xml": [],
    "/apple-touch-icon.png": [],
}

CONF = weblog.NGINX_CONF_HEAD + """  access_log {tmp}/vhost.log vhost;
{servers}
}}
"""
SERVER = """  server {{
    listen 127.0.0.1:{port};
    server_name {host};
    access_log {tmp}/{host}.log combined;
    access_log {tmp}/vhost.log vhost;
    location / {{ return 200 "page\\n"; }}
  }}"""


def get(port, host, path, referer):
    req = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; "
           f"rv:128.0) Gecko/20100101 Firefox/128.0\r\nConnection: close\r\n").encode()
    if referer:
        req += f"Referer: {referer}\r\n".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(req + b"\r\n")
        while s.recv(65536):
            pass


def flagged(urlscan, args):
    res = subprocess.run([urlscan, "--json", *args], capture_output=True, timeout=120)
    if res.returncode not in (0, 1):
        raise RuntimeError(f"urlscan exit {res.returncode}: {res.stderr.decode(errors='replace')}")
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    return sum(1 for r in recs if r.get("phishing")), len(recs), [
        r["url"] for r in recs if r.get("phishing")]


def main():
    urlscan = sys.argv[1]
    port = weblog.free_port()
    with weblog.temp_dir("urlscan-sitelog-") as tmp:
        servers = "\n".join(SERVER.format(port=port, host=h, tmp=tmp) for h in HOSTS)
        with weblog.nginx(tmp, CONF.format(tmp=tmp, servers=servers), port):
            requests = 0
            for host in HOSTS:
                for page, assets in PAGES.items():
                    ref = "https://www.google.com/" if page == "/" else f"https://{host}/"
                    get(port, host, page, ref)
                    for a in assets:
                        get(port, host, a, f"https://{host}{page}")
                    requests += 1 + len(assets)
            if not weblog.wait_for_lines([f"{tmp}/vhost.log"], requests, 10):
                print("FAIL: nginx did not log every request")
                return 1
            total_f = total_n = 0
            for host in HOSTS:
                f, n, urls = flagged(urlscan, ["--access-log", "--log-host", host,
                                               f"{tmp}/{host}.log"])
                total_f += f
                total_n += n
                print(f"site log, combined, --log-host {host}: flagged {f} of {n} ({f / n:.1%})")
                for u in urls[:5]:
                    print(f"    {u}")
            vf, vn, _ = flagged(urlscan, ["--access-log", f"{tmp}/vhost.log"])
            print(f"site log, $host format, all hosts: flagged {vf} of {vn} ({vf / vn:.1%})")
            share = total_f / total_n
            print(f"site logs: flagged {total_f} of {total_n} = {share:.4f} "
                  f"(goal <= {GOAL}, floor {FLOOR})")
            ok = share <= FLOOR and vf / vn <= FLOOR and total_n == 2 * requests == vn
            return 0 if ok else 1


if __name__ == "__main__":
    weblog.main_guard(main)
