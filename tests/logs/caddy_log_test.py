"""A real Caddy writes its JSON access log, which keeps the host and the target apart
(request.host, request.uri, request.headers.Referer), and urlscan must join them into exactly the
expected records: --field request.uri --host-field request.host --referer-field
request.headers.Referer.0 (weblog.py). Go's HTTP server answers malformed requests itself
(400) and Caddy never logs them: those are not expected in the log."""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weblog  # noqa: E402

CADDYFILE = """{{
	admin off
	auto_https off
	storage file_system {tmp}/data
}}
http://:{port} {{
	bind 127.0.0.1
	log {{
		output file {tmp}/access.log
		format json
	}}
	respond "ok" 200
}}
"""


def main():
    urlscan = sys.argv[1]
    caddy = shutil.which("caddy") or "/usr/bin/caddy"
    port = weblog.free_port()
    with weblog.temp_dir("urlscan-caddy-") as tmp:
        with open(f"{tmp}/Caddyfile", "w") as f:
            f.write(CADDYFILE.format(tmp=tmp, port=port))
        env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=f"{tmp}/data",
                   XDG_CONFIG_HOME=f"{tmp}/config")
        with weblog.running("caddy", [caddy, "run", "--config", f"{tmp}/Caddyfile", "--adapter",
                                      "caddyfile"], port, env=env):
            log = f"{tmp}/access.log"
            sent = weblog.run_requests(port, [log], every_request_logged=False)
            # Every well-formed request reaches Caddy and is logged.
            unlogged = [r[0] for r in weblog.REQUESTS if r[3] == "url" and r[0] not in
                        {s[0][0] for s in sent} and b"\x1b" not in r[0] and b"\t" not in r[0]]
            wrong = len(unlogged)
            for line in unlogged:
                print(f"  caddy did not log {line!r}")
            # zap writes a byte that is not UTF-8 as U+FFFD: the log holds "/bad\ufffd", which is
            # text, so urlscan scores it.
            fixed = []
            for (line, host, referer, kind), status in sent:
                if line == b"GET /bad\xff HTTP/1.1":
                    line, kind = b"GET /bad\xef\xbf\xbd HTTP/1.1", "url"
                fixed.append(((line, host, referer, kind), status))
            # Go fills in no Host for HTTP/1.0 without one: an empty request.host.
            expected = weblog.expected_records(fixed, None)
            rc, got, columns, err = weblog.scan(
                urlscan, ["--field", "request.uri", "--host-field", "request.host",
                          "--referer-field", "request.headers.Referer.0"], log)
            wrong += weblog.compare("caddy json", got, expected, rc, columns, err)
            print(f"caddy logged {len(sent)} of {len(weblog.REQUESTS)} requests")
            if wrong or len(sent) < 12 or os.environ.get("SHOW_LOG"):
                print(f"--- {log}")
                sys.stdout.write(open(log, "rb").read().decode("utf-8", "backslashreplace"))
                wrong += 1
            return 1 if wrong else 0


if __name__ == "__main__":
    weblog.main_guard(main)
