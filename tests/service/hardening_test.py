#!/usr/bin/env python3
"""The service against hostile and unusual clients (issue 13), on real sockets to the real server.

Usage: hardening_test.py URLSCAN_BINARY
Chunked and oversized bodies (413 before buffering, RSS flat), 500 idle connections with a
slowloris client (/healthz still answers at once), a full connection table, the request timeout,
half-closed clients, '?' and '=' inside query values, media types and a UTF-8 BOM, the app's
readiness with MODEL_HOST down, the one record-length limit shared with the CLI, and Connection
headers that say what the server then does. Prints the figures it measures; "N passed, N failed";
exits 1 on any failure.
"""
import json
import resource
import socket
import statistics
import subprocess
import threading
import time

from harness import URLSCAN, Server, check, head_of, memory_kib, metric, read_until_close, summary

MIB = 1 << 20


def connect(port, timeout=10):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def exchange(port, data, half_close=False, timeout=10):
    """Sends `data` on a new connection and returns all it gets until the server closes."""
    s = connect(port, timeout)
    s.sendall(data)
    if half_close:
        s.shutdown(socket.SHUT_WR)
    out = read_until_close(s)
    s.close()
    return out


def read_response(sock):
    """One whole answer (head and Content-Length body) from a connection that stays open."""
    out = b""
    while b"\r\n\r\n" not in out:
        chunk = sock.recv(4096)
        if not chunk:
            return out
        out += chunk
    length = int(head_of(out)[1].get("content-length", "0"))
    while len(out.partition(b"\r\n\r\n")[2]) < length:
        chunk = sock.recv(4096)
        if not chunk:
            break
        out += chunk
    return out


def body_of(response):
    return json.loads(response.partition(b"\r\n\r\n")[2] or b"{}")


def send_chunked(port, path, body, chunk=64 * 1024, content_type="application/json"):
    """POSTs `body` chunked; returns (answer, bytes the server took before answering/closing)."""
    s = connect(port, 30)
    s.sendall((f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
               "Transfer-Encoding: chunked\r\n\r\n").encode())
    sent = 0
    try:
        for i in range(0, len(body), chunk):
            part = body[i:i + chunk]
            s.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
            sent += len(part)
        s.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server may stop reading once it has answered
    out = read_until_close(s)
    s.close()
    return out, sent


def test_bodies():
    """Defect 1: every body is limited before it is buffered, however it is framed."""
    s = Server("--rate-limit", "0")
    try:
        before = memory_kib(s.proc.pid)
        big = b'{"url":"http://a.com/' + b"a" * (16 * MIB) + b'"}'
        out, _ = send_chunked(s.port, "/predict", big)
        status, headers = head_of(out)
        check("16 MiB chunked body: 413", status.startswith("HTTP/1.1 413"), out[:200])
        check("413 names the limit", "over the limit of 1048576 bytes" in body_of(out).get("error", ""), out[:300])
        check("413 closes the connection", headers.get("connection") == "close", headers)
        # The same body to a route that takes none, and with a method the library reads.
        for path, method, want in (("/no/such", "POST", 404), ("/version", "POST", 405),
                                   ("/predict", "PUT", 405)):
            sock = connect(s.port)
            sock.sendall((f"{method} {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
            try:
                for _ in range(64):  # 4 MiB, the server answers without reading it
                    sock.sendall(b"10000\r\n" + b"a" * 65536 + b"\r\n")
            except OSError:
                pass
            reply = read_until_close(sock)
            sock.close()
            check(f"chunked {method} {path}: {want} unread", head_of(reply)[0].startswith(f"HTTP/1.1 {want}"), reply[:200])
        after = memory_kib(s.proc.pid)
        grown = after["VmHWM"] - before["VmHWM"]
        print(f"RSS before 16 MiB chunked bodies: VmRSS {before['VmRSS']} KiB VmHWM {before['VmHWM']} KiB; "
              f"after: VmRSS {after['VmRSS']} KiB VmHWM {after['VmHWM']} KiB (peak +{grown} KiB)", flush=True)
        check("RSS flat: peak grew under 8 MiB for 16 MiB bodies", grown < 8 * 1024, (before, after))
        check("serving after the big bodies", s.request("GET", "/healthz")[0] == 200)

        # A chunked body within the limit still works, in small chunks too.
        out, _ = send_chunked(s.port, "/predict", b'{"url":"http://paypa1.com/login"}', chunk=3)
        check("small chunked body: 200", head_of(out)[0].startswith("HTTP/1.1 200")
              and body_of(out).get("url") == "http://paypa1.com/login", out[:300])
        # A Content-Length over the limit is refused before the body is sent (100-continue).
        sock = connect(s.port)
        sock.sendall(b"POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 16777216\r\nExpect: 100-continue\r\n\r\n")
        reply = read_until_close(sock)
        sock.close()
        check("Content-Length 16 MiB with Expect: 413 at once", head_of(reply)[0].startswith("HTTP/1.1 413"), reply[:200])
        for name, head, want in (
            ("unknown transfer coding: 501", "Transfer-Encoding: gzip, chunked\r\n", 501),
            ("both framings: 400", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400),
            ("bad Content-Length: 400", "Content-Length: 5x\r\n", 400),
            ("POST without a length: 411 at once", "", 411),
        ):
            t0 = time.monotonic()
            reply = exchange(s.port, f"POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{head}\r\n".encode())
            check(name, head_of(reply)[0].startswith(f"HTTP/1.1 {want}") and time.monotonic() - t0 < 2
                  and body_of(reply).get("error"), reply[:200])
        # A request head over 64 KiB of headers.
        reply = exchange(s.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Pad: " + b"a" * 4000 + b"\r\n" * 1
                         + b"".join(b"X-Pad%d: %s\r\n" % (i, b"b" * 4000) for i in range(20)) + b"\r\n")
        check("head over 64 KiB: 431", head_of(reply)[0].startswith("HTTP/1.1 431"), reply[:200])
    finally:
        s.stop()


def probe(port, timeout=5):
    """Milliseconds a /healthz probe on a new connection took; None when it got no 200."""
    t0 = time.monotonic()
    try:
        out = exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=timeout)
    except OSError:
        return None
    return (time.monotonic() - t0) * 1000 if out.startswith(b"HTTP/1.1 200") else None


def slowloris(port, stop, log):
    """Trickles a request head a byte a second until told to stop."""
    s = connect(port, 60)
    for b in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 600:
        if stop.is_set():
            break
        try:
            s.send(bytes([b]))
        except OSError:
            log.append("slowloris closed by the server")
            break
        stop.wait(1)
    s.close()


def idle_load(port, n_idle, probes=10, label=""):
    """Holds n_idle connections that send nothing plus one slowloris client; probes /healthz."""
    idle = [connect(port) for _ in range(n_idle)]
    stop, log = threading.Event(), []
    loris = threading.Thread(target=slowloris, args=(port, stop, log))
    loris.start()
    time.sleep(1)
    times = []
    for _ in range(probes):
        times.append(probe(port))
        time.sleep(0.2)
    stop.set()
    loris.join()
    answered = [t for t in times if t is not None]
    if answered:
        print(f"{label}{n_idle} idle + 1 slowloris: /healthz {len(answered)}/{probes} answered, "
              f"median {statistics.median(answered):.1f} ms, max {max(answered):.1f} ms", flush=True)
    return idle, times


def test_idle_and_slow_clients():
    """Defect 2: hundreds of idle connections and a slowloris client stop no one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    # An idle timeout far longer than the test: the connections stay open throughout. (Settings
    # through the environment, which an older server ignores: this test then fails on its
    # probes, not on an unknown option.)
    s = Server("--rate-limit", "0", env={"IDLE_TIMEOUT_MS": "60000"})
    try:
        idle, times = idle_load(s.port, 500)
        check("500 idle + slowloris: every /healthz answered within 1 s",
              all(t is not None and t < 1000 for t in times), times)
        # The idle connections were not dropped to get there.
        still_open = 0
        for sock in idle:
            sock.setblocking(False)
            try:
                still_open += sock.recv(1) != b""  # data would be a protocol error anyway
            except BlockingIOError:
                still_open += 1
            except OSError:
                pass
        check("the 500 idle connections are still open", still_open == 500, still_open)
        # Each can still be used.
        sock = idle[0]
        sock.setblocking(True)
        sock.settimeout(5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        check("an idle connection then serves a request", read_response(sock).startswith(b"HTTP/1.1 200"))
        for sock in idle:
            sock.close()
    finally:
        s.stop()

    # A full connection table: the oldest idle connections make room for new clients.
    s = Server("--rate-limit", "0", env={"IDLE_TIMEOUT_MS": "60000", "MAX_CONNECTIONS": "50"})
    try:
        idle, times = idle_load(s.port, 200, probes=5, label="max 50 connections: ")
        check("connection table full of idle ones: /healthz answered within 1 s",
              all(t is not None and t < 1000 for t in times), times)
        for sock in idle:
            sock.close()
    finally:
        s.stop()

    # REQUEST_TIMEOUT_MS ends a request that trickles in, with 408.
    s = Server(env={"REQUEST_TIMEOUT_MS": "2000"})
    try:
        sock = connect(s.port)
        t0 = time.monotonic()
        reply = b""
        for b in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaa":
            try:
                sock.send(bytes([b]))
            except OSError:
                break
            sock.settimeout(0.25)
            try:
                reply += sock.recv(4096)
                if reply:
                    break
            except socket.timeout:
                pass
        sock.settimeout(5)
        reply += read_until_close(sock)
        took = time.monotonic() - t0
        sock.close()
        check("slowloris request: 408 after REQUEST_TIMEOUT_MS", head_of(reply)[0].startswith("HTTP/1.1 408")
              and 1.5 < took < 6, (took, reply[:200]))
    finally:
        s.stop()


def test_half_close_and_connection_headers():
    """Defect 3 (a half-closed client is answered) and 18 (headers match what is done)."""
    s = Server("--rate-limit", "0")
    try:
        answers = [exchange(s.port, b"GET /healthz HTTP/1.0\r\n\r\n", half_close=True) for _ in range(40)]
        ok = sum(a.startswith(b"HTTP/1.1 200") for a in answers)
        print(f"half-closed HTTP/1.0 clients answered: {ok}/40", flush=True)
        check("half-closed client: answered 40/40", ok == 40, ok)
        body = json.dumps({"url": "http://paypa1.com/login"}).encode()
        reply = exchange(s.port, b"POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body), half_close=True)
        check("half-closed POST: answered", reply.startswith(b"HTTP/1.1 200") and body_of(reply).get("url"), reply[:200])

        status, headers = head_of(answers[0])
        check("HTTP/1.0: Connection: close, no Keep-Alive", headers.get("connection") == "close"
              and "keep-alive" not in headers, headers)
        # HTTP/1.0 asking for keep-alive, and HTTP/1.1 by default: kept, and said so.
        for name, request, conn in (
            ("HTTP/1.0 keep-alive", b"GET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "keep-alive"),
            ("HTTP/1.1", b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", None),
        ):
            sock = connect(s.port, 5)
            sock.sendall(request)
            first = read_response(sock)
            _, h = head_of(first)
            sock.sendall(request)
            second = read_response(sock)
            sock.close()
            check(f"{name}: Keep-Alive said and done", h.get("keep-alive", "").startswith("timeout=")
                  and h.get("connection") == conn and second.startswith(b"HTTP/1.1 200"), (first, second))
        for name, request in (("Connection: Close (any case)", b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n"),
                              ("HTTP/1.0 with another Connection", b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")):
            reply = exchange(s.port, request)  # returns only once the server closes
            _, h = head_of(reply)
            check(f"{name}: close said and done", h.get("connection") == "close" and "keep-alive" not in h
                  and reply.count(b"HTTP/1.1") == 1, reply[:300])
        # Pipelined requests in one packet: both answered, in order.
        reply = exchange(s.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /version HTTP/1.1\r\nHost: x\r\n"
                         b"Connection: close\r\n\r\n")
        check("pipelined requests: both answered", reply.count(b"HTTP/1.1 200") == 2 and b'"service"' in reply, reply[:400])
    finally:
        s.stop()


def test_queries_and_media_types():
    """Defects 4 and 5: '?' and '=' in query values; media types; a UTF-8 BOM."""
    s = Server("--rate-limit", "0")
    try:
        for path, want in (("/predict?url=http://a.com/?x=1", "http://a.com/?x=1"),
                           ("/predict?url=a.com/?", "a.com/?"),
                           ("/predict?url=http://a.com/?next=http://b.com/?y=2&z=3", "http://a.com/?next=http://b.com/?y=2"),
                           ("/predict?url=http%3A%2F%2Fa.com%2F%3Fx%3D1", "http://a.com/?x=1")):
            st, _, p = s.json("GET", path)
            check(f"GET {path}: 200 with the whole URL", st == 200 and p.get("url") == want, (st, p))
        st, _, p = s.json("GET", "/healthz?a?b")
        check("/healthz?a?b: 200", st == 200 and p == {"status": "ok"}, (st, p))
        url = {"url": "http://paypa1.com/login"}
        for ctype in ("Application/JSON", "application/json; charset=utf-8", "APPLICATION/JSON;charset=UTF-8"):
            st, _, p = s.json("POST", "/predict", json.dumps(url), {"Content-Type": ctype})
            check(f"Content-Type {ctype}: 200", st == 200 and p.get("url") == url["url"], (st, p))
        for ctype in ("application/jsonx", "text/json"):
            st, _, p = s.json("POST", "/predict", json.dumps(url), {"Content-Type": ctype})
            check(f"Content-Type {ctype}: 415", st == 415 and p.get("error"), (st, p))
        st, _, p = s.json("POST", "/predict", b"\xef\xbb\xbf" + json.dumps(url).encode(), {"Content-Type": "application/json"})
        check("UTF-8 BOM before the JSON: 200", st == 200 and p.get("url") == url["url"], (st, p))
        st, _, p = s.json("POST", "/feedback", "url=http://a.com/?x=1&verdict=phishing&satisfied=true",
                          {"Content-Type": "application/x-www-form-urlencoded"})
        check("form with a raw '?x=1' in a value: accepted", st in (202, 303), (st, p))
    finally:
        s.stop()
    app = Server("--role", "app", "--rate-limit", "0")
    try:
        st, _, page = app.request("POST", "/check", "url=http://a.com/?x=1",
                                  {"Content-Type": "Application/X-WWW-Form-Urlencoded"})
        check("app form: raw URL with '?x=1' kept, media type any case", st == 200 and b"http://a.com/?x=1" in page, page[-600:])
    finally:
        app.stop()


def test_escaped_paths_and_taken_ports():
    """Found by trying it as a newcomer: a percent-escape in the path reached /admin/* past a
    proxy's path rule ("/admin%2Freload"), and a second server on a port in use started and
    shared it (SO_REUSEPORT)."""
    s = Server("--rate-limit", "0")
    try:
        for path in ("/admin%2Freload", "/%61dmin/reload", "/predict%3Furl=a.com", "/heal%74hz"):
            st, _, p = s.json("POST" if "admin" in path else "GET", path)
            check(f"{path}: 400 with a reason", st == 400 and "percent-escape" in p.get("error", ""), (st, p))
        m = s.metrics_until(lambda t: metric(t, "urlscan_http_requests_total", route="other", code="400") == 4)
        check("an escaped path is counted as route other, not as the route it decodes to",
              metric(m, "urlscan_http_requests_total", route="other", code="400") == 4
              and metric(m, "urlscan_http_requests_total", route="/admin/reload", code="400") is None, m[-600:])
        st, _, p = s.json("GET", "/predict?url=http%3A%2F%2Fa.com%2Fx")
        check("escapes in the query still work", st == 200 and p.get("url") == "http://a.com/x", (st, p))
        second = subprocess.run([URLSCAN, "serve", "--bind", "127.0.0.1", "--port", str(s.port)],
                                capture_output=True, timeout=20)
        check("a second server on the same port exits 2 (cannot bind)",
              second.returncode == 2 and b"cannot bind" in second.stderr, (second.returncode, second.stderr[-300:]))
        st, _, p = s.json("GET", "/healthz")
        check("the first server still answers", st == 200, (st, p))
    finally:
        s.stop()


def test_app_readiness():
    """Defect 6: the app is ready only when MODEL_HOST can answer."""
    api = Server("--rate-limit", "0")
    app = Server("--role", "app", "--model-host", f"127.0.0.1:{api.port}", "--model-timeout-ms", "500")
    try:
        st, _, p = app.json("GET", "/readyz")
        check("app with the model API up: ready", st == 200, (st, p))
        api.stop()
        time.sleep(1.2)  # past the one-second cache
        st, _, p = app.json("GET", "/readyz")
        check("model API down: /readyz 503 with reason", st == 503 and "unreachable" in p.get("error", ""), (st, p))
        st, _, _ = app.request("POST", "/check", "url=a.com", {"Content-Type": "application/x-www-form-urlencoded"})
        check("... as /check answers 503", st == 503, st)
        check("... and the app stays live", app.request("GET", "/healthz")[0] == 200)
    finally:
        app.stop()
        api.stop()
    # Never up at all: a port nothing listens on.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    dead = sock.getsockname()[1]
    sock.close()
    app = Server("--role", "app", "--model-host", f"127.0.0.1:{dead}", "--model-timeout-ms", "300")
    try:
        t0 = time.monotonic()
        st, _, p = app.json("GET", "/readyz")
        check("MODEL_HOST unreachable from the start: 503 within 1 s", st == 503 and time.monotonic() - t0 < 1, (st, p))
    finally:
        app.stop()


def test_record_limit():
    """Defect 7: one limit and one message for a too-long URL, in the CLI and the service."""
    long_url = "http://a.com/" + "a" * MIB
    cli = subprocess.run([URLSCAN, "--json"], input=long_url + "\n", capture_output=True, text=True)
    cli_error = json.loads(cli.stdout.splitlines()[0]).get("error") if cli.stdout else None
    check("the CLI refuses a 1 MiB URL", bool(cli_error), cli.stdout[-200:])
    s = Server("--max-body", str(4 * MIB), "--rate-limit", "0")
    try:
        st, _, p = s.json("POST", "/predict", {"url": long_url})
        check("service: 1 MiB URL refused with the CLI's message", st == 422 and p.get("error") == cli_error,
              (st, p.get("error"), cli_error))
        st, _, p = s.json("POST", "/predict", {"urls": ["a.com", long_url]})
        check("batch: the long URL is an error item, the other scored", st == 200
              and p["results"][1].get("error") == cli_error and "phishing" in p["results"][0], st)
        edge = "http://a.com/" + "a" * (64 * 1024 - len("http://a.com/"))
        st, _, p = s.json("POST", "/predict", {"url": edge})
        check("a URL of exactly 64 KiB is scored", st == 200 and "phishing" in p, (st, p.get("error")))
        st, _, p = s.json("POST", "/predict", {"url": edge + "a"})
        check("one byte more is refused", st == 422 and p.get("error") == cli_error, (st, p.get("error")))
    finally:
        s.stop()


def main():
    for t in (test_bodies, test_idle_and_slow_clients, test_half_close_and_connection_headers,
              test_queries_and_media_types, test_escaped_paths_and_taken_ports, test_app_readiness,
              test_record_limit):
        try:
            t()
        except Exception as e:  # a crash in one group is a failure, the others still run
            check(f"{t.__name__}: no exception", False, repr(e))
    raise SystemExit(summary())


if __name__ == "__main__":
    main()
