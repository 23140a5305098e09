#!/usr/bin/env python3
"""A real Prometheus (Debian's `prometheus`) scrapes `urlscan serve`; after feedback posts, its
query API returns the feedback counter.

Usage: prometheus_test.py URLSCAN_BINARY [PROMETHEUS_BINARY]
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

URLSCAN = sys.argv[1]
PROMETHEUS = sys.argv[2] if len(sys.argv) > 2 else shutil.which("prometheus") or "/usr/bin/prometheus"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("POST" if body else "GET", path, body=body,
                 headers={"Content-Type": "application/json"} if body else {})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


def query(port, expr):
    try:
        status, data = get(port, "/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    except OSError:  # Prometheus still starting
        return None
    if status != 200:
        return None
    result = json.loads(data)["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def wait_for(what, fn, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.5)
    sys.exit(f"FAIL: {what} (waited {timeout} s)")


def main():
    if not os.access(PROMETHEUS, os.X_OK):
        sys.exit(f"FAIL: no Prometheus at {PROMETHEUS} (tools/setup.sh installs Debian's prometheus)")
    tmp = tempfile.mkdtemp(prefix="urlscan-prom-")
    serve = subprocess.Popen([URLSCAN, "serve", "--bind", "127.0.0.1", "--port", "0"],
                             stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, URLSCAN_CACHE_DIR="off"))
    prom = None
    try:
        line = serve.stderr.readline()
        port = int(line.split("127.0.0.1:")[1].split()[0])
        prom_port = free_port()
        with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
            f.write(f"""global:
  scrape_interval: 1s
scrape_configs:
  - job_name: urlscan
    static_configs:
      - targets: ['127.0.0.1:{port}']
""")
        prom = subprocess.Popen([PROMETHEUS, f"--config.file={tmp}/prometheus.yml",
                                 f"--storage.tsdb.path={tmp}/data",
                                 f"--web.listen-address=127.0.0.1:{prom_port}"],
                                stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "prom.log"), "w"))
        wait_for("Prometheus scrapes urlscan (up == 1)", lambda: query(prom_port, 'up{job="urlscan"}') == 1)
        feedback = json.dumps({"url": "http://x.example/", "verdict": "phishing", "satisfied": True})
        for _ in range(3):
            assert get(port, "/feedback", feedback)[0] == 202
        get(port, "/feedback", json.dumps({"url": "http://x.example/", "verdict": "legitimate",
                                           "satisfied": False, "variant": "probability"}))
        yes = wait_for("the feedback counter in Prometheus",
                       lambda: query(prom_port, 'urlscan_feedback_total{answer="yes",variant="binary"}') == 3)
        no = wait_for("the 'no' answer in Prometheus",
                      lambda: query(prom_port, 'urlscan_feedback_total{answer="no",variant="probability"}') == 1)
        model = wait_for("urlscan_model_info in Prometheus", lambda: query(prom_port, "urlscan_model_info"))
        yes = query(prom_port, 'urlscan_feedback_total{answer="yes",variant="binary"}')
        no = query(prom_port, 'urlscan_feedback_total{answer="no",variant="probability"}')
        print(f"Prometheus on {prom_port} scraped urlscan on {port}: feedback yes/binary={yes:g}, "
              f"no/probability={no:g}, model_info={model:g}")
        print("4 passed, 0 failed")
    finally:
        if prom:
            prom.terminate()
            prom.wait(10)
        serve.terminate()
        serve.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
