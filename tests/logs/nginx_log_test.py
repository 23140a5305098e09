"""A real nginx writes its access logs -- combined (scanned with --log-host), with $host (alone
and with --log-host, which only its '_' lines take), with $host:$server_port, and JSON
(escape=json, scanned with --field/--host-field) -- and urlscan must turn every logged request
into exactly the expected record (see weblog.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weblog  # noqa: E402

CONF = weblog.NGINX_CONF_HEAD + """  log_format vhostport '$host:$server_port $remote_addr - $remote_user [$time_local] '
                       '"$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
  log_format json escape=json '{{"host":"$host","uri":"$request_uri","referer":"$http_referer"}}';
  access_log {tmp}/combined.log combined;
  access_log {tmp}/vhost.log vhost;
  access_log {tmp}/vhostport.log vhostport;
  access_log {tmp}/json.log json;
  server {{
    listen 127.0.0.1:{port} default_server;
    server_name _;
    location / {{ return 200 "ok\\n"; }}
  }}
  server {{
    listen 127.0.0.1:{port};
    server_name shop.test;
    location / {{ return 200 "shop\\n"; }}
  }}
}}
"""


def main():
    urlscan = sys.argv[1]
    port = weblog.free_port()
    with weblog.temp_dir("urlscan-nginx-") as tmp, \
            weblog.nginx(tmp, CONF.format(tmp=tmp, port=port), port):
        logs = [f"{tmp}/{n}.log" for n in ("combined", "vhost", "vhostport", "json")]
        sent = weblog.run_requests(port, logs, every_request_logged=True)
        wrong = 0 if len(sent) == len(weblog.REQUESTS) else 1
        # nginx logs "_" (its catch-all name, no host) for a request without a Host header and
        # for one it refused (400) before reading the headers.
        vhost_expected = weblog.expected_records(sent, None, host_lost_on_400=True)
        checks = [
            ("nginx combined (--log-host my.site)", ["--access-log", "--log-host", "my.site"],
             "combined", weblog.expected_records(sent, None, log_host=b"my.site")),
            ("nginx $host", ["--access-log"], "vhost", vhost_expected),
            ("nginx $host:$server_port", ["--access-log"], "vhostport", vhost_expected),
            # --log-host with a $host log: the logged Host wins, "_" takes my.site.
            ("nginx $host (--log-host my.site)", ["--access-log", "--log-host", "my.site"],
             "vhost", weblog.expected_records(sent, None, host_lost_on_400=True,
                                              fallback_host=b"my.site")),
            ("nginx escape=json", ["--field", "uri", "--host-field", "host",
                                   "--referer-field", "referer"], "json",
             weblog.expected_records(sent, None, host_lost_on_400=True, absolute_as_path=True)),
        ]
        return max(weblog.check_logs(urlscan, checks, tmp, logs), wrong)


if __name__ == "__main__":
    weblog.main_guard(main)
