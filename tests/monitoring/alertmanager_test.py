#!/usr/bin/env python3
"""Alertmanager config: `amtool check-config` clean; `amtool config routes test` sends each
severity to its receiver; then a real Alertmanager (Debian prometheus-alertmanager) on loopback
gets alerts through its API and must inhibit the symptoms of a down target (same namespace and
job) and nothing else.

Usage: alertmanager_test.py SOURCE_ROOT   (ports 18593 and 18594)
"""
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = sys.argv[1]
CONFIG = f"{ROOT}/deploy/monitoring/alertmanager/alertmanager.yml"
PORT = 18593
failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def need(tool):
    path = shutil.which(tool)
    if not path:
        sys.exit(f"FAIL: {tool} missing (tools/setup.sh installs prometheus-alertmanager)")
    return path


def api(path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}",
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"null")


def main():
    amtool, alertmanager = need("amtool"), need("prometheus-alertmanager")
    r = subprocess.run([amtool, "check-config", CONFIG], capture_output=True, text=True)
    print(r.stdout.strip())
    check(r.returncode == 0 and "SUCCESS" in r.stdout, "amtool check-config")
    for labels, receiver in [(["severity=critical", "alertname=UrlscanTargetDown"], "pager"),
                             (["severity=warning", "alertname=UrlscanModelReloadFailed"], "ticket"),
                             (["severity=info"], "default")]:
        r = subprocess.run([amtool, "config", "routes", "test", f"--config.file={CONFIG}"] + labels,
                           capture_output=True, text=True)
        check(r.stdout.strip() == receiver, f"{' '.join(labels)} routes to {receiver} (got {r.stdout.strip()!r})")

    tmp = tempfile.mkdtemp(prefix="urlscan-am-")
    proc = subprocess.Popen([alertmanager, f"--config.file={CONFIG}", f"--storage.path={tmp}",
                             f"--web.listen-address=127.0.0.1:{PORT}", "--cluster.listen-address="],
                            stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/am.log", "w"))
    try:
        deadline = time.time() + 30
        while True:
            try:
                api("/api/v2/status")
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    sys.exit("FAIL: Alertmanager did not start: " + open(f"{tmp}/am.log").read()[-2000:])
                time.sleep(0.2)
        now = datetime.datetime.now(datetime.timezone.utc)
        start = now.isoformat()
        end = (now + datetime.timedelta(minutes=10)).isoformat()

        def alert(name, severity, namespace):
            return {"labels": {"alertname": name, "severity": severity, "namespace": namespace,
                               "job": "urlscan"}, "startsAt": start, "endsAt": end}

        api("/api/v2/alerts", [
            alert("UrlscanTargetDown", "critical", "prod"),
            alert("UrlscanHighErrorRatio", "critical", "prod"),      # symptom, same namespace
            alert("UrlscanVariantSatisfactionDrop", "warning", "prod"),
            alert("UrlscanHighErrorRatio", "critical", "staging"),   # other namespace: stays
            alert("UrlscanModelReloadFailed", "warning", "prod"),    # not a symptom: stays
        ])
        by = {}
        deadline = time.time() + 15
        while time.time() < deadline:  # inhibition is computed when the alerts are listed
            by = {(a["labels"]["alertname"], a["labels"]["namespace"]): a for a in api("/api/v2/alerts")}
            if len(by) == 5 and by[("UrlscanHighErrorRatio", "prod")]["status"]["inhibitedBy"]:
                break
            time.sleep(0.2)
        check(len(by) == 5, f"Alertmanager holds the 5 alerts sent (has {len(by)})")
        for key, inhibited in [(("UrlscanHighErrorRatio", "prod"), True),
                               (("UrlscanVariantSatisfactionDrop", "prod"), True),
                               (("UrlscanHighErrorRatio", "staging"), False),
                               (("UrlscanModelReloadFailed", "prod"), False),
                               (("UrlscanTargetDown", "prod"), False)]:
            a = by.get(key)
            got = bool(a and a["status"]["inhibitedBy"])
            check(a is not None and got == inhibited,
                  f"{key[0]} in {key[1]} {'inhibited' if inhibited else 'not inhibited'} by the down target")
        receivers = {k: [r["name"] for r in a["receivers"]] for k, a in by.items()}
        check(receivers.get(("UrlscanTargetDown", "prod")) == ["pager"], "critical alert goes to pager")
        check(receivers.get(("UrlscanModelReloadFailed", "prod")) == ["ticket"], "warning alert goes to ticket")
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        sys.exit(f"{len(failures)} failed")
    print("alertmanager: all passed")


if __name__ == "__main__":
    main()
