#!/usr/bin/env python3
"""The experiment end to end: `urlscan experiment` reads a real Prometheus that scraped real
app servers, and decides.

Two app servers (variants binary and probability, scoring in-process), labelled as
deploy/monitoring/prometheus/local.yml labels them; simulated users go through the real page
routes (POST /check with the form, then the page's "Was this helpful?" form to POST /feedback)
with known Yes rates and a fixed seed. Each scenario gets its own time window (--start/--end):
  A  2,000 answers per variant, Yes 0.60 vs 0.70        -> promote probability (exit 0)
  B  2,000 answers per variant, Yes 0.65 vs 0.65        -> keep binary        (exit 3)
  C    100 answers per variant, Yes 0.60 vs 0.70        -> continue           (exit 4)
Canary analysis (`urlscan experiment canary --label version`): the two apps are version v1; a
v2 app whose MODEL_HOST points at a port where nothing listens answers the page with 503; a v3
app is healthy.
  D  v2 against v1                                      -> rollback           (exit 3)
  E  v3 against v1                                      -> promote            (exit 0)
Also: a Prometheus that is not there is an error (exit 2) with a reason.

Usage: experiment_test.py URLSCAN SOURCE_ROOT   (ports 18530-18539)
"""
import datetime
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

import yaml

from harness import Processes, api, http_get, need, wait_for

URLSCAN, ROOT = sys.argv[1], os.path.abspath(sys.argv[2])
BINARY, PROBABILITY, CANARY_BAD, CANARY_GOOD, PROM, NOTHING = 18530, 18531, 18532, 18533, 18535, 18539
FORM = "application/x-www-form-urlencoded"
SCRAPE = 0.5  # seconds
failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def prometheus_config():
    """local.yml's job, its targets moved to this test's ports and a version label added."""
    local = yaml.safe_load(open(os.path.join(ROOT, "deploy/monitoring/prometheus/local.yml")))
    job = local["scrape_configs"][0]
    by_variant = {c["labels"].get("variant"): c for c in job["static_configs"]}
    configs = []
    for variant, port in (("binary", BINARY), ("probability", PROBABILITY)):
        c = by_variant[variant]
        configs.append({"targets": [f"127.0.0.1:{port}"], "labels": dict(c["labels"], version="v1")})
    app = {k: v for k, v in by_variant["binary"]["labels"].items() if k != "variant"}
    configs.append({"targets": [f"127.0.0.1:{CANARY_BAD}"], "labels": dict(app, version="v2")})
    configs.append({"targets": [f"127.0.0.1:{CANARY_GOOD}"], "labels": dict(app, version="v3")})
    job["static_configs"] = configs
    return {"global": {"scrape_interval": f"{int(SCRAPE * 1000)}ms"}, "scrape_configs": [job]}


class User:
    """One simulated user session on a variant's page: checks a link, answers the question."""

    def __init__(self, port, variant):
        self.port, self.variant = port, variant
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def visit(self, url, satisfied=None):
        status, page = http_get(self.port, "/check", body=urllib.parse.urlencode({"url": url}),
                                content_type=FORM, conn=self.conn)
        if satisfied is None:
            return status
        assert status == 200, f"/check on {self.variant}: {status}"
        # The page's own form: it names the variant it rendered.
        assert f'value="{self.variant}"'.encode() in page, "the page's feedback form names its variant"
        status, _ = http_get(self.port, "/feedback", content_type=FORM, conn=self.conn,
                             body=urllib.parse.urlencode({"url": url, "verdict": "legitimate", "variant": self.variant,
                                                          "satisfied": "true" if satisfied else "false"}))
        assert status == 303, f"/feedback form post: {status}"
        return status


def scenario(users, rates, answers, rng):
    """Posts `answers` answers per variant with the given Yes rates; returns the window."""
    # The window starts after a scrape of the previous state and ends after one of the new;
    # margins of several scrapes for a loaded machine, where scrapes come late.
    time.sleep(3 * SCRAPE)
    start = time.time()
    time.sleep(4 * SCRAPE)
    yes = {}
    for i in range(answers):
        for user, rate in zip(users, rates):
            said = rng.random() < rate
            yes[user.variant] = yes.get(user.variant, 0) + said
            user.visit(f"https://shop{i % 50}.example.org/item/{i}", said)
    time.sleep(4 * SCRAPE)
    end = time.time()
    return start, end, yes


def experiment(*args):
    r = subprocess.run([URLSCAN, "experiment"] + list(args) + ["--prometheus", f"http://127.0.0.1:{PROM}"],
                       capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def main():
    need("prometheus")
    tmp = tempfile.mkdtemp(prefix="urlscan-exp-")
    procs = Processes(tmp)
    t0 = time.time()
    try:
        # Every simulated user comes from 127.0.0.1: the per-client rate limit is off.
        off = ("--rate-limit", "0")
        procs.serve(URLSCAN, "binary", BINARY, "--role", "app", "--variant", "binary", *off)
        procs.serve(URLSCAN, "probability", PROBABILITY, "--role", "app", "--variant", "probability", *off)
        procs.serve(URLSCAN, "canary-v2", CANARY_BAD, "--role", "app", "--variant", "binary", *off,
                    "--model-host", f"127.0.0.1:{NOTHING}", "--model-retries", "0")
        procs.serve(URLSCAN, "canary-v3", CANARY_GOOD, "--role", "app", "--variant", "binary", *off)
        users = [User(BINARY, "binary"), User(PROBABILITY, "probability")]
        # One request of each kind before the first scrape: increase() cannot see the requests
        # that created a series before Prometheus first saw it.
        for u in users:
            u.visit("https://warmup.example.org/")
        User(CANARY_GOOD, "binary").visit("https://warmup.example.org/")
        check(User(CANARY_BAD, "binary").visit("https://warmup.example.org/") == 503,
              "the v2 canary (MODEL_HOST at nothing) answers the page with 503")
        procs.prometheus(prometheus_config(), PROM)
        wait_for("4 targets up", lambda: len([t for t in api(PROM, "/api/v1/targets")["data"]["activeTargets"]
                                              if t["health"] == "up"]) == 4)

        rng = random.Random(15)
        windows, posted_yes = {}, {}
        for name, rates, answers in (("A", (0.60, 0.70), 2000), ("B", (0.65, 0.65), 2000), ("C", (0.60, 0.70), 100)):
            s, e, yes = scenario(users, rates, answers, rng)
            windows[name] = (s, e)
            posted_yes[name] = yes
            print(f"scenario {name}: {answers} answers per variant, Yes rates {rates}, "
                  f"Yes posted {yes}, window {e - s:.1f} s")

        expected = {"A": (0, "promote", "probability"), "B": (3, "keep", "binary"), "C": (4, "continue", "binary")}
        for name, (s, e) in windows.items():
            if name == "B":  # RFC 3339 with a zone offset, as a person would type it
                iso = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).isoformat()
                window = ["--start", iso(s), "--end", iso(e)]
            else:  # Unix seconds, as a script would pass them
                window = ["--start", f"{s:.3f}", "--end", f"{e:.3f}"]
            rc, out, err = experiment(*window, "--json")
            text = experiment(*window)[1]
            print(text)
            want_rc, want, variant = expected[name]
            try:
                j = json.loads(out)
            except json.JSONDecodeError:
                check(False, f"scenario {name}: --json output: {out!r} {err}")
                continue
            got = {v["name"]: v for v in j["variants"]}
            if name == "A":  # local.yml's namespace label selects the same; another selects nothing
                rc_sel, out_sel, _ = experiment(*window, "--json", "--selector", 'namespace="local"')
                check(rc_sel == rc and json.loads(out_sel)["variants"] == j["variants"],
                      "--selector namespace=\"local\" reads the same series")
                rc_none, _, err_none = experiment(*window, "--selector", 'namespace="elsewhere"')
                check(rc_none == 2 and "has no series" in err_none, f"--selector matching nothing: exit {rc_none}")
            check(rc == want_rc and j["decision"] == want and j["variant"] == variant,
                  f"scenario {name}: decision {j['decision']} {j['variant']} (exit {rc}); expected {want} {variant} (exit {want_rc})")
            answers = 2000 if name != "C" else 100
            # increase() extrapolates to the window's edges: the counts exceed the answers posted
            # by about scrape interval / window (here 0.5 s / 3-4 s; 15 s / 7 d in production),
            # but Yes and No of one pod are scraped together, so the Yes ratio is the one posted.
            for v in ("binary", "probability"):
                n, ratio = got.get(v, {}).get("answers", 0), got.get(v, {}).get("yes_ratio") or 0
                posted = posted_yes[name][v] / answers
                check(0.9 * answers <= n <= 1.5 * answers and abs(ratio - posted) < 0.006,
                      f"scenario {name}: {v} answers {n} (posted {answers}), Yes ratio {ratio:.4f} (posted {posted:.4f})")

        # Canary: traffic on v1 (the two apps), v2 (broken) and v3 (healthy).
        time.sleep(3 * SCRAPE)
        s = time.time()
        time.sleep(4 * SCRAPE)
        bad, good = User(CANARY_BAD, "binary"), User(CANARY_GOOD, "binary")
        codes = {"v1": [], "v2": [], "v3": []}
        for i in range(300):
            url = f"https://news{i}.example.net/"
            codes["v1"].append(users[i % 2].visit(url))
            codes["v2"].append(bad.visit(url))
            codes["v3"].append(good.visit(url))
        time.sleep(4 * SCRAPE)
        e = time.time()
        print("canary traffic:", {k: {c: v.count(c) for c in set(v)} for k, v in codes.items()})
        for canary, want_rc, want in (("v2", 3, "rollback"), ("v3", 0, "promote")):
            args = ["canary", "--label", "version", "--stable", "v1", "--canary", canary,
                    "--start", f"{s:.3f}", "--end", f"{e:.3f}"]
            rc, out, err = experiment(*args, "--json")
            print(experiment(*args)[1])
            j = json.loads(out) if out.startswith("{") else {}
            check(rc == want_rc and j.get("decision") == want,
                  f"canary {canary}: {j.get('decision')} (exit {rc}); expected {want} (exit {want_rc}) {err}")

        r = subprocess.run([URLSCAN, "experiment", "--prometheus", f"http://127.0.0.1:{NOTHING}"],
                           capture_output=True, text=True)
        check(r.returncode == 2 and "unreachable" in r.stderr, f"no Prometheus: exit {r.returncode}, {r.stderr.strip()}")
        r = subprocess.run([URLSCAN, "experiment", "--prometheus", f"http://127.0.0.1:{PROM}", "--baseline", "nosuch"],
                           capture_output=True, text=True)
        check(r.returncode == 2 and "nosuch" in r.stderr, f"unknown baseline: exit {r.returncode}, {r.stderr.strip()}")
        for args, reason in ((["--selector", 'namespace="local",,'], "refused the query"),
                             (["--window", "7x"], "not a Prometheus duration"),
                             (["--start", "2026-12-01T00:00:00"], "go together"),
                             (["--start", "2026-12-01T00:00:00", "--end", "2026-12-02T00:00:00"], "needs a zone"),
                             (["canary", "--stable", "v1"], "--canary V2")):
            rc, out, err = experiment(*args)
            check(rc == 2 and reason in err and not out, f"bad input {args}: exit {rc}, {err.strip()}")
    finally:
        procs.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"took {time.time() - t0:.0f} s")
    if failures:
        sys.exit(f"{len(failures)} failed")
    print("experiment: all passed")


if __name__ == "__main__":
    main()
