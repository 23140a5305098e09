"""Shared harness of the web-server log tests: the requests every server is sent, how each must
come out of `urlscan`, and the record-for-record comparison.

Each test starts its own server (nginx, Apache or Caddy: `running`, `nginx`) on a free loopback
port with its own configuration under a temporary folder (`temp_dir`), sends it REQUESTS over
raw sockets (so malformed request lines and odd bytes reach it as typed), then scans the log
the server wrote and checks every record: a request becomes exactly one record (plus one for its
Referer), the URL rebuilt exactly, malformed requests as error records. It prints "records N expected M wrong W" per log.
"""
import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

# (request line, Host header or None, Referer or None, kind): kind "url" when the request names a
# page (its URL is the host and target), "error" when it names none (a malformed request line,
# a tunnel, '*', bytes that are not UTF-8).
REQUESTS = [
    (b"GET /index.html HTTP/1.1", b"shop.test", None, "url"),
    (b"GET /login?next=https://evil.example/phish HTTP/1.1", b"shop.test",
     b"http://paypal.com.verify-account.example/webscr?cmd=login", "url"),
    (b"GET /a/http://b.example/c HTTP/1.1", b"shop.test", None, "url"),
    (b"GET /oauth/cb?redirect_uri=http%3A%2F%2Fx.example%2F&s=a%22b HTTP/1.1", b"shop.test", None,
     "url"),
    (b'GET /q?x="quoted" HTTP/1.1', b"shop.test", None, "url"),
    (b"GET /back\\slash?y=a\\x22b HTTP/1.1", b"shop.test", None, "url"),
    (b"GET /esc\x1b[31m HTTP/1.1", b"shop.test", None, "url"),
    (b"GET /tab\there HTTP/1.1", b"shop.test", None, "url"),
    (b"GET /caf\xc3\xa9 HTTP/1.1", b"shop.test", None, "url"),
    (b"GET /v6 HTTP/1.1", b"[2001:db8::1]", None, "url"),
    (b"GET /v6port HTTP/1.1", b"[2001:db8::1]:8080", None, "url"),
    (b"GET /case HTTP/1.1", b"Shop.Test:8443", None, "url"),
    (b"GET http://proxy.example/abs?u=1 HTTP/1.1", b"proxy.example", None, "url"),
    (b"GET /ref HTTP/1.1", b"shop.test", b'http://r.example/a"b\\c?d=\xc3\xa9', "url"),
    (b"GET /nohost HTTP/1.0", None, None, "url"),  # the server's default name, if it has one
    (b"GARBAGE", None, None, "error"),
    (b"hello world", None, None, "error"),
    (b"GET /a b HTTP/1.1", b"shop.test", None, "error"),
    (b"CONNECT example.com:443 HTTP/1.1", b"example.com:443", None, "error"),
    (b"OPTIONS * HTTP/1.1", b"shop.test", None, "error"),
    (b"GET /bad\xff HTTP/1.1", b"shop.test", None, "error"),
    (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", None, None, "error"),  # TLS to a plain port
]


# The start of every nginx test's config (a str.format template: {tmp} is the test's temporary
# directory): one worker in the foreground, every temporary path under {tmp}, and the `vhost`
# log format (the host first, as many hosting setups log it).
NGINX_CONF_HEAD = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  log_format vhost '$host $remote_addr - $remote_user [$time_local] "$request" $status '
                   '$body_bytes_sent "$http_referer" "$http_user_agent"';
"""


def free_port():
    """A loopback TCP port no one listens on: the kernel's pick, so parallel tests (and other
    checkouts' tests on a shared machine) never meet; within URLSCAN_TEST_PORTS ("LOW-HIGH")
    when that is set, for machines where each user keeps to a range."""
    low, _, high = os.environ.get("URLSCAN_TEST_PORTS", "0-0").partition("-")
    candidates = list(range(int(low), int(high) + 1)) if int(low) else [0]
    random.shuffle(candidates)  # two tests starting at once rarely probe the same port first
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in URLSCAN_TEST_PORTS={low}-{high}")


@contextlib.contextmanager
def temp_dir(prefix):
    """A temporary folder for a server's configuration and logs, removed afterwards."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def running(name, argv, port, env=None, error_log=None):
    """Runs the server `argv` until the block ends; raises (a test failure, see main_guard) when
    it does not listen on `port` within 10 s, with its stderr and `error_log` file."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        if not wait_for_port(port, proc):
            why = proc.stderr.read().decode(errors="replace") if proc.poll() is not None \
                else "timeout"
            if error_log and os.path.exists(error_log):
                why += open(error_log, errors="replace").read()
            raise RuntimeError(f"{name} did not start: {why}")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def nginx(tmp, conf, port):
    """Runs nginx with the configuration `conf` (written to {tmp}/nginx.conf, listening on
    `port`), every path under tmp: a context manager, as `running`."""
    with open(f"{tmp}/nginx.conf", "w") as f:
        f.write(conf)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    return running("nginx", [binary, "-p", tmp, "-c", f"{tmp}/nginx.conf", "-e",
                             f"{tmp}/error.log"], port, error_log=f"{tmp}/error.log")


def send(port, line, host, referer):
    """Sends one request on its own connection; returns the status code (0: none)."""
    req = line + b"\r\n"
    if host is not None:
        req += b"Host: " + host + b"\r\n"
    if referer is not None:
        req += b"Referer: " + referer + b"\r\n"
    if b"HTTP/" in line:
        req += b"User-Agent: urlscan-log-test\r\nConnection: close\r\n"
    req += b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(req)
        s.shutdown(socket.SHUT_WR)
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    parts = data.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def line_count(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def wait_for_lines(paths, n, timeout):
    """True once every log in `paths` has n lines."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if all(line_count(p) >= n for p in paths):
            return True
        time.sleep(0.01)
    return False


def wait_for_port(port, proc, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def host_of(host):
    """The host part of a Host header: lowercased, without the port."""
    host = host.lower()
    if host.startswith(b"["):
        return host[: host.index(b"]") + 1]
    return host.split(b":")[0]


def expected_records(sent, default_host, log_host=None, host_lost_on_400=False,
                     absolute_as_path=False, logged_malformed=(), fallback_host=None):
    """What urlscan must print for the requests in `sent` ((request, status) pairs the server
    logged), in order.

    default_host: the host the server logs for a request without a Host header (Apache: its
    ServerName; None: no host, e.g. nginx's catch-all '_'). log_host: the host of a log without
    one (urlscan --log-host), used for every origin-form target. host_lost_on_400: the server
    logs no host (True: nginx) or this one (Apache: its ServerName) for a request it refused
    before reading the headers. absolute_as_path:
    the log keeps only the path of an absolute-form target (nginx's $request_uri).
    logged_malformed: request lines the server rewrites into malformed ones in its log.
    fallback_host: urlscan --log-host with a log that has a host field: the host of the lines
    that log none (nginx's '_'); the others keep theirs.
    """
    out = []
    for (line, host, referer, kind), status in sent:
        target = line.split(b" ")[1] if kind == "url" else None
        if kind == "error" or line in logged_malformed:
            out.append(("error", None))
        elif b"://" in target and not target.startswith(b"/"):
            if absolute_as_path:
                rest = target.split(b"://", 1)[1]
                out.append(("url", rest))
            else:
                out.append(("url", target))  # absolute-form: as sent
        elif log_host is not None:
            out.append(("url", log_host + target))
        elif (host is None and default_host is None) or (host_lost_on_400 is True and
                                                         status == 400):
            out.append(("url", fallback_host + target) if fallback_host else ("error", None))
        elif host_lost_on_400 and status == 400:
            out.append(("url", host_lost_on_400 + target))
        else:
            out.append(("url", host_of(host if host is not None else default_host) + target))
        if referer is not None:
            out.append(("url", referer))
    return out


def normalise(url):
    """Host names are case-insensitive: compare them lowercased."""
    if url.startswith(b"http://") or url.startswith(b"https://"):
        return url
    cut = url.find(b"/")
    return url.lower() if cut < 0 else url[:cut].lower() + url[cut:]


def scan(urlscan, args, log):
    """Runs urlscan --json on `log`: (exit status, records as (kind, url bytes or None), the
    TSV lines' column counts)."""
    res = subprocess.run([urlscan, "--json", *args, log], capture_output=True, timeout=60)
    records = []
    for raw in res.stdout.splitlines():
        r = json.loads(raw)
        # Stray bytes come out as lone surrogates (\udcXX): surrogateescape gives them back.
        url = r["url"].encode("utf-8", "surrogateescape")
        records.append(("error", None) if "error" in r else ("url", url))
    tsv = subprocess.run([urlscan, *args, log], capture_output=True, timeout=60)
    columns = [len(l.split(b"\t")) for l in tsv.stdout.splitlines()]
    return res.returncode, records, columns, res.stderr.decode(errors="replace")


def compare(name, got, expected, rc, columns, stderr):
    """Prints the figures and each wrong record; returns the number of failures (wrong records,
    TSV lines with a wrong column count, an exit status other than 0 or 1)."""
    wrong = 0
    for i in range(max(len(got), len(expected))):
        g = got[i] if i < len(got) else None
        e = expected[i] if i < len(expected) else None
        same = g is not None and e is not None and g[0] == e[0] and (
            e[0] == "error" or normalise(g[1]) == normalise(e[1]))
        if not same:
            wrong += 1
            print(f"  {name} record {i + 1}: got {g!r}, expected {e!r}")
    failures = wrong
    bad_columns = sum(1 for c in columns if c not in (3, 4))
    if bad_columns or len(columns) != len(got):
        print(f"  {name}: {bad_columns} TSV lines with a wrong column count, "
              f"{len(columns)} TSV lines for {len(got)} records")
        failures += max(bad_columns, 1)
    if rc not in (0, 1):
        print(f"  {name}: urlscan exit {rc}: {stderr.strip()}")
        failures += 1
    print(f"{name}: records {len(got)} expected {len(expected)} wrong {wrong}")
    return failures


def check_logs(urlscan, checks, tmp, logs):
    """Scans each (name, options, log, expected records) check; on any wrong record prints the
    logs the server wrote. Returns the test's exit status."""
    wrong = 0
    for name, args, log, expected in checks:
        rc, got, columns, err = scan(urlscan, args, f"{tmp}/{log}.log")
        wrong += compare(name, got, expected, rc, columns, err)
    if wrong:
        for log in logs:
            print(f"--- {log}")
            sys.stdout.write(open(log, "rb").read().decode("utf-8", "backslashreplace"))
    return 1 if wrong else 0


def run_requests(port, logs, every_request_logged, quiet_wait=0.3):
    """Sends REQUESTS one by one, waiting for the server to log each. Returns (request, status)
    for the requests the server logged (all of them when every_request_logged, which is then
    asserted)."""
    logged = []
    for req in REQUESTS:
        before = line_count(logs[0])
        status = send(port, req[0], req[1], req[2])
        wait = 3.0 if every_request_logged else 1.0 if status == 200 else quiet_wait
        if wait_for_lines(logs, before + 1, wait):
            logged.append((req, status))
        elif every_request_logged:
            print(f"  request {req[0]!r} (status {status}) was not logged")
    return logged


def main_guard(fn):
    try:
        sys.exit(fn())
    except Exception as e:  # a broken harness is a failure, never a skip
        print(f"FAIL: {type(e).__name__}: {e}")
        sys.exit(1)
