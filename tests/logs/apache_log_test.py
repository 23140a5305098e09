"""A real Apache (apache2, one process, -X) writes its access logs -- combined (scanned with
--log-host) and vhost_combined with %V:%p under UseCanonicalName Off (the Host the client sent)
-- and urlscan must turn every logged request into exactly the expected record (weblog.py)."""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weblog  # noqa: E402

CONF = """
ServerRoot {tmp}
DefaultRuntimeDir {tmp}
PidFile {tmp}/apache.pid
Mutex file:{tmp} default
ErrorLog {tmp}/error.log
LogLevel warn
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
User nobody
Group nogroup
Listen 127.0.0.1:{port}
ServerName my.site
UseCanonicalName Off
DocumentRoot {tmp}/www
<Directory {tmp}/www>
  Require all granted
</Directory>
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{{Referer}}i\\" \\"%{{User-Agent}}i\\"" combined
LogFormat "%V:%p %h %l %u %t \\"%r\\" %>s %O \\"%{{Referer}}i\\" \\"%{{User-Agent}}i\\"" vhost_combined
CustomLog {tmp}/combined.log combined
CustomLog {tmp}/vhost.log vhost_combined
"""


def main():
    urlscan = sys.argv[1]
    apache = shutil.which("apache2") or "/usr/sbin/apache2"
    port = weblog.free_port()
    with weblog.temp_dir("urlscan-apache-") as tmp:
        os.chmod(tmp, 0o755)  # the worker runs as nobody
        os.makedirs(f"{tmp}/www")
        with open(f"{tmp}/www/index.html", "w") as f:
            f.write("ok\n")
        with open(f"{tmp}/apache2.conf", "w") as f:
            f.write(CONF.format(tmp=tmp, port=port))
        with weblog.running("apache2", [apache, "-X", "-d", tmp, "-f", f"{tmp}/apache2.conf"],
                            port, error_log=f"{tmp}/error.log"):
            logs = [f"{tmp}/combined.log", f"{tmp}/vhost.log"]
            sent = weblog.run_requests(port, logs, every_request_logged=True)
            wrong = 0 if len(sent) == len(weblog.REQUESTS) else 1
            # Apache logs "GET /tab\there HTTP/1.1" as "GET /tab here" (the tab read as a
            # separator, the protocol dropped): a malformed request line in its log.
            tab = [b"GET /tab\there HTTP/1.1"]
            checks = [
                ("apache combined (--log-host my.site)", ["--access-log", "--log-host", "my.site"],
                 "combined",
                 weblog.expected_records(sent, None, log_host=b"my.site", logged_malformed=tab)),
                # %V: the Host the client sent; without one, or for a request refused (400)
                # before the headers were read, the ServerName.
                ("apache vhost_combined %V:%p", ["--access-log"], "vhost",
                 weblog.expected_records(sent, b"my.site", host_lost_on_400=b"my.site",
                                         logged_malformed=tab)),
            ]
            return max(weblog.check_logs(urlscan, checks, tmp, logs), wrong)


if __name__ == "__main__":
    weblog.main_guard(main)
