#!/usr/bin/env python3
"""Instructions per request of `urlscan serve` under callgrind (issue 18's service figures).

The server runs under valgrind --tool=callgrind (URLSCAN_ISA=avx2: valgrind has no AVX-512, and
no rule-database cache). Each kind of request is sent 20 times to warm up, then the counters
are zeroed, N requests of that kind are sent one after another on one keep-alive connection, and
the counters are dumped: instructions per request = that dump's total / N (the server's threads
together; the client is not counted). Kinds:
  healthz  GET /healthz (the HTTP floor: no work)
  predict  POST /predict {"url": "http://paypal.com.account-verify.info/webscr?cmd=_login"}
           (load_test.sh's single-URL body: with the result cache on, every one a hit)
  predict-new  the same URL with "&n=<i>" after it, i counting up: every request a URL not
           sent before (a result-cache miss and insert; the host caches still hit)
  batch    POST /predict {"urls": [...]} of `gen-urls 1000 --seed 7` (load_test.sh's batch)

  bench/service/callgrind_requests.py --urlscan build/tools/urlscan --gen build/scripts/gen-urls \\
      -n 2000 healthz predict
  bench/service/callgrind_requests.py ... -n 50 batch
The server runs with its defaults (result cache on); --cache-mb 0 turns its cache off, so that
every request is scored. Keep the dumps (for callgrind_annotate) with --keep DIR.
"""
import argparse
import glob
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--urlscan", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--keep", help="a folder for the callgrind dumps")
    ap.add_argument("--cache-mb", help="the server's --cache-mb (default: its default)")
    ap.add_argument("kinds", nargs="+", choices=["healthz", "predict", "predict-new", "batch"])
    a = ap.parse_args()
    out = a.keep or tempfile.mkdtemp(prefix="urlscan-cg-")
    os.makedirs(out, exist_ok=True)
    for f in glob.glob(os.path.join(out, "cg.*")):
        os.remove(f)
    env = dict(os.environ, URLSCAN_CACHE_DIR="off", URLSCAN_ISA="avx2")
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg.%p", a.urlscan, "serve",
         "--bind", "127.0.0.1", "--port", "0", "--rate-limit", "0",
         *(["--cache-mb", a.cache_mb] if a.cache_mb is not None else [])],
        stderr=subprocess.PIPE, text=True, env=env)
    port = None
    while port is None:
        line = server.stderr.readline()
        if not line:
            sys.exit("callgrind_requests: the server did not start")
        m = re.search(r"listening on .*127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1))

    def post(body):
        data = body.encode()
        return (b"POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(data)) + data

    urls = subprocess.run([a.gen, "1000", "--seed", "7"], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    single = "http://paypal.com.account-verify.info/webscr?cmd=_login"
    fixed = {
        "healthz": b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "predict": post(json.dumps({"url": single}, separators=(",", ":"))),
        "batch": post(json.dumps({"urls": urls})),
    }
    sent = [0]

    def request_of(kind):
        if kind != "predict-new":
            return fixed[kind]
        sent[0] += 1
        return post(json.dumps({"url": f"{single}&n={sent[0]}"}, separators=(",", ":")))
    conn = socket.create_connection(("127.0.0.1", port))

    def one(request):
        conn.sendall(request)
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += conn.recv(1 << 20)
        head, _, body = buf.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        while len(body) < length:
            body += conn.recv(1 << 20)

    def control(*args):
        subprocess.run(["callgrind_control", *args, str(server.pid)], check=False,
                       capture_output=True)
        time.sleep(0.5)  # the server's threads take the command at their next block

    for kind in a.kinds:
        for _ in range(20):
            one(request_of(kind))
    for kind in a.kinds:
        control("-z")
        one(fixed["healthz"])  # a thread that slept through the first zeroing wakes
        control("-z")
        # Built before the requests go out (the client is never counted)
        batch_of = [request_of(kind) for _ in range(a.n)]
        for request in batch_of:
            one(request)
        control("-d", kind)
    conn.close()
    server.terminate()
    server.wait()
    for kind in a.kinds:
        total = 0
        for f in glob.glob(os.path.join(out, "cg.*")):
            text = open(f, errors="replace").read()
            if re.search(rf"^desc: Trigger: dump {kind}$", text, re.M):
                m = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
                total += int(m.group(1)) if m else 0
        per = total / a.n
        extra = f" ({per / len(urls):.0f} per URL)" if kind == "batch" else ""
        print(f"{kind}: {per:.0f} instructions per request{extra} (N={a.n})")


if __name__ == "__main__":
    main()
