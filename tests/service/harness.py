"""What the service's integration tests share: the real server started on a free loopback port,
HTTP and raw-socket clients, Prometheus text lookups, and pass/fail counting.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

URLSCAN = sys.argv[1]
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name} {detail}", flush=True)


class Server:
    def __init__(self, *args, env=None):
        full_env = dict(os.environ, URLSCAN_CACHE_DIR=os.environ.get("URLSCAN_CACHE_DIR", "off"))
        for k in ("PORT", "BIND", "ROLE", "VARIANT", "MODEL_HOST", "ADMIN_TOKEN", "MODEL_PATH",
                  "IDLE_TIMEOUT_MS", "REQUEST_TIMEOUT_MS", "MAX_CONNECTIONS", "CACHE_MB"):
            full_env.pop(k, None)
        full_env.update(env or {})
        self.proc = subprocess.Popen([URLSCAN, "serve", "--bind", "127.0.0.1", "--port", "0", *args],
                                     stderr=subprocess.PIPE, text=True, env=full_env)
        line = self.proc.stderr.readline()
        if "listening on" not in line:
            raise RuntimeError(f"server did not start: {line}{self.proc.stderr.read()}")
        self.port = int(line.split("127.0.0.1:")[1].split()[0])
        self.log = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def request(self, method, path, body=None, headers=None, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, dict(r.getheaders()), data

    def metrics_until(self, ready, timeout=5):
        """/metrics once `ready(text)` holds (or the last scrape after `timeout` s): the request
        counters are updated after a response is written, so a scrape right after a request may
        not count it yet."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.request("GET", "/metrics")[2].decode()
            if ready(text) or time.monotonic() > deadline:
                return text
            time.sleep(0.02)

    def json(self, method, path, body=None, headers=None):
        status, hdrs, data = self.request(method, path, body, headers)
        try:
            return status, hdrs, json.loads(data)
        except ValueError:
            return status, hdrs, {"_raw": data.decode("utf-8", "replace")}

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def raw(port, data, timeout=5):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out:
                head, _, rest = out.partition(b"\r\n\r\n")
                length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if length and len(rest) >= int(length[0].split(b":")[1]):
                    break
    except socket.timeout:
        pass
    s.close()
    return out


def metric(text, name, **labels):
    """The value of one series in the Prometheus text format, or None."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, _, value = line.rpartition(" ")
        if series.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in series for k, v in labels.items()):
            return float(value)
    return None




def summary():
    """Prints the counts; the exit status for main()."""
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def memory_kib(pid):
    """VmRSS and VmHWM (peak) of a process, in KiB, from /proc."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out


def read_until_close(sock, limit=1 << 20):
    """Everything the peer sends until it closes (or `limit` bytes, or the socket's timeout)."""
    out = b""
    try:
        while len(out) < limit:
            chunk = sock.recv(65536)
            if not chunk:
                break
            out += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return out


def head_of(response):
    """(status line, {lower-case header: value}) of a raw HTTP answer."""
    head = response.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return head[0], headers
