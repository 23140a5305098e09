"""Shared by the monitoring tests: start `urlscan serve` and a real Prometheus (Debian's) on
loopback, query Prometheus' HTTP API, stop everything. Ports are fixed per test (the task's
range 18500-18599) so parallel tests never collide."""
import http.client
import json
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.parse

import yaml


def need(tool):
    path = shutil.which(tool)
    if not path:
        sys.exit(f"FAIL: {tool} missing (tools/setup.sh installs it)")
    return path


class Processes:
    """Every process a test starts; stopped (by its own PID) when the test ends."""

    def __init__(self, tmp):
        self.tmp, self.procs = tmp, []

    def serve(self, urlscan, name, port, *args, env=None):
        log = open(os.path.join(self.tmp, f"{name}.log"), "w")
        e = dict(os.environ, URLSCAN_CACHE_DIR=os.path.join(self.tmp, "rules-cache"))
        e.update(env or {})
        p = subprocess.Popen([urlscan, "serve", "--bind", "127.0.0.1", "--port", str(port)] + list(args),
                             stdout=log, stderr=log, env=e)
        self.procs.append(p)
        wait_for(f"{name} answers /healthz on {port}", lambda: http_get(port, "/healthz")[0] == 200, proc=p,
                 log=log.name)
        return p

    def prometheus(self, config, port):
        path = os.path.join(self.tmp, "prometheus.yml")
        with open(path, "w") as f:
            yaml.safe_dump(config, f)
        log = os.path.join(self.tmp, "prometheus.log")
        p = subprocess.Popen([need("prometheus"), f"--config.file={path}",
                              f"--storage.tsdb.path={self.tmp}/tsdb",
                              f"--web.listen-address=127.0.0.1:{port}"],
                             stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        self.procs.append(p)
        wait_for("Prometheus ready", lambda: http_get(port, "/-/ready")[0] == 200, proc=p, log=log)
        return p

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def http_get(port, path, body=None, content_type=None, conn=None):
    """(status, body bytes); (0, b"") while nothing listens."""
    own = conn is None
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": content_type} if content_type else {}
    # A kept-alive connection the server closed after its idle timeout: once more on a new one.
    for attempt in range(1 if own else 2):
        try:
            c.request("POST" if body is not None else "GET", path, body=body, headers=headers)
            r = c.getresponse()
            return r.status, r.read()
        except OSError:
            c.close()
        finally:
            if own:
                c.close()
    return 0, b""


def wait_for(what, fn, timeout=60, proc=None, log=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = open(log).read()[-2000:] if log else ""
            sys.exit(f"FAIL: {what}: the process exited ({proc.returncode}): {tail}")
        value = fn()
        if value:
            return value
        time.sleep(0.25)
    sys.exit(f"FAIL: {what} (waited {timeout} s)")


def api(port, path, **params):
    """Prometheus' API answer as JSON (its own error answers included)."""
    status, data = http_get(port, path + "?" + urllib.parse.urlencode(params, doseq=True))
    if status == 0:
        return {"status": "error", "error": "Prometheus unreachable"}
    return json.loads(data)


def finite_values(result):
    """The finite numbers of an instant or range query result."""
    out = []
    for series in result:
        for _, v in series.get("values", [series["value"]] if "value" in series else []):
            if math.isfinite(float(v)):
                out.append(float(v))
    return out


def exported_metric_names(port):
    """The metric families a running server exports (its /metrics '# TYPE' lines)."""
    status, data = http_get(port, "/metrics")
    assert status == 200, f"/metrics on {port}: {status}"
    return {line.split()[2] for line in data.decode().splitlines() if line.startswith("# TYPE ")}
