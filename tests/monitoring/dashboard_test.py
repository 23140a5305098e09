#!/usr/bin/env python3
"""The Grafana dashboard against a real Prometheus that scraped a real server.

Runs `urlscan serve` as the model API and as both page variants (the apps score through
MODEL_HOST, as in the chart), a real Prometheus whose scrape job is deploy/monitoring/
prometheus/kubernetes.yml's, with its pod discovery replaced by static targets that carry the
chart's pod labels and annotations as __meta_kubernetes_* labels (Debian's Prometheus has no
Kubernetes discovery), so the real relabeling runs. Drives traffic, feedback, a reload and the
rate limit over real HTTP, then:
  - the targets carry the labels the relabeling promises (namespace, pod, component, ready,
    variant, version) and the annotated port and path;
  - every template variable's label_values() query returns values, the test's namespace among
    them;
  - every query of every panel, with the variables substituted as Grafana would, parses and
    returns at least one finite value over the test's time range, and names only metrics that
    the servers' live /metrics export;
  - the recording rules load and evaluate without error, and the provisioning files name the
    datasource uid the panels use.

Usage: dashboard_test.py URLSCAN SOURCE_ROOT   (ports 18520-18525)
"""
import copy
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.parse

import yaml

from harness import Processes, api, exported_metric_names, finite_values, http_get, need, wait_for

URLSCAN, ROOT = sys.argv[1], os.path.abspath(sys.argv[2])
MON = os.path.join(ROOT, "deploy/monitoring")
API, BINARY, PROBABILITY, PROM = 18520, 18521, 18522, 18525
NAMESPACE = "urlscan-test"
failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def pod(name, port, component, variant=None, chart_labels=False):
    """A static target that looks like the chart's pod to the relabeling rules: with
    chart_labels the experiment entry's labels (urlscan.io/variant and the Istio subset's
    version), else a plain `variant` label."""
    labels = {
        "__meta_kubernetes_namespace": NAMESPACE,
        "__meta_kubernetes_pod_name": name,
        "__meta_kubernetes_pod_ip": "127.0.0.1",
        "__meta_kubernetes_pod_phase": "Running",
        "__meta_kubernetes_pod_ready": "true",
        "__meta_kubernetes_pod_container_init": "false",
        "__meta_kubernetes_pod_label_app_kubernetes_io_name": "urlscan",
        "__meta_kubernetes_pod_label_app_kubernetes_io_component": component,
        "__meta_kubernetes_pod_label_app_kubernetes_io_version": "1.0.0",
        "__meta_kubernetes_pod_annotation_prometheus_io_scrape": "true",
        "__meta_kubernetes_pod_annotation_prometheus_io_port": str(port),
        "__meta_kubernetes_pod_annotation_prometheus_io_path": "/metrics",
    }
    if variant and chart_labels:
        labels["__meta_kubernetes_pod_label_urlscan_io_variant"] = variant
        labels["__meta_kubernetes_pod_label_version"] = variant
    elif variant:
        labels["__meta_kubernetes_pod_label_variant"] = variant
    # The container port Kubernetes would list: the relabeling must replace it by the annotation.
    return {"targets": ["127.0.0.1:1"], "labels": labels}


def prometheus_config():
    k8s = yaml.safe_load(open(os.path.join(MON, "prometheus/kubernetes.yml")))
    job = copy.deepcopy(k8s["scrape_configs"][0])
    assert "kubernetes_sd_configs" in job
    del job["kubernetes_sd_configs"]
    job["static_configs"] = [pod("urlscan-api-0", API, "api"),
                             pod("urlscan-app-binary-0", BINARY, "app", "binary", chart_labels=True),
                             pod("urlscan-app-probability-0", PROBABILITY, "app", "probability"),
                             # Another app of the chart, not annotated for scraping: dropped.
                             dict(pod("urlscan-other-0", 18524, "app"), labels=dict(
                                 pod("urlscan-other-0", 18524, "app")["labels"],
                                 __meta_kubernetes_pod_annotation_prometheus_io_scrape="false"))]
    return {"global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [os.path.join(ROOT, "deploy/helm/urlscan/files/urlscan.rules.yml")],
            "scrape_configs": [job]}


def drive(seconds):
    """A few users on each variant: the page, checks, feedback; API calls; a burst over the
    probability app's rate limit."""
    deadline = time.time() + seconds
    conns = {p: http.client.HTTPConnection("127.0.0.1", p, timeout=10) for p in (API, BINARY, PROBABILITY)}
    i = 0
    while time.time() < deadline:
        for port, variant in ((BINARY, "binary"), (PROBABILITY, "probability")):
            url = f"http://login-{i}.example.com/account" if i % 3 else "https://www.wikipedia.org/"
            http_get(port, "/", conn=conns[port])
            http_get(port, "/check", body=urllib.parse.urlencode({"url": url}),
                     content_type="application/x-www-form-urlencoded", conn=conns[port])
            http_get(port, "/feedback", content_type="application/x-www-form-urlencoded", conn=conns[port],
                     body=urllib.parse.urlencode({"url": url, "verdict": "phishing", "variant": variant,
                                                  "satisfied": "true" if i % 4 else "false"}))
        http_get(API, "/predict", body=json.dumps({"urls": [f"http://a{i}.example/x", "http://b.example/"]}),
                 content_type="application/json", conn=conns[API])
        http_get(API, "/predict?url=", conn=conns[API])  # 422
        i += 1
        time.sleep(0.02)
    return i


def main():
    need("prometheus")
    tmp = tempfile.mkdtemp(prefix="urlscan-dash-")
    procs = Processes(tmp)
    try:
        procs.serve(URLSCAN, "api", API, "--role", "api", env={"ADMIN_TOKEN": "t0ken"})
        procs.serve(URLSCAN, "app-binary", BINARY, "--role", "app", "--variant", "binary",
                    "--model-host", f"127.0.0.1:{API}")
        procs.serve(URLSCAN, "app-probability", PROBABILITY, "--role", "app", "--variant", "probability",
                    "--model-host", f"127.0.0.1:{API}", "--rate-limit", "50", "--rate-burst", "100")
        procs.prometheus(prometheus_config(), PROM)
        targets = wait_for("3 targets up", lambda: (lambda t: t if len(t) == 3 and all(
            x["health"] == "up" for x in t) else None)(api(PROM, "/api/v1/targets")["data"]["activeTargets"]))
        dropped = api(PROM, "/api/v1/targets")["data"]["droppedTargets"]
        check(len(dropped) == 1, f"the pod without prometheus.io/scrape=true is dropped ({len(dropped)} dropped)")
        by_pod = {t["labels"].get("pod"): t for t in targets}
        for name, port, component, variant, version in (
                ("urlscan-api-0", API, "api", None, "1.0.0"),
                ("urlscan-app-binary-0", BINARY, "app", "binary", "binary"),
                ("urlscan-app-probability-0", PROBABILITY, "app", "probability", "1.0.0")):
            t = by_pod.get(name)
            labels = t["labels"] if t else {}
            check(t is not None and labels.get("namespace") == NAMESPACE and labels.get("component") == component
                  and labels.get("variant") == variant and labels.get("version") == version
                  and labels.get("ready") == "true"
                  and t["scrapeUrl"] == f"http://127.0.0.1:{port}/metrics",
                  f"target {name}: labels {labels}, scrape URL {t and t['scrapeUrl']}")

        start = time.time()
        # A reload (success) and a refused one, so the reload panel has both outcomes.
        auth = {"Authorization": "Bearer t0ken"}
        for body in ("", json.dumps({"path": "/nonexistent/model.bin"})):
            c = http.client.HTTPConnection("127.0.0.1", API, timeout=10)
            c.request("POST", "/admin/reload", body=body,
                      headers=dict(auth, **({"Content-Type": "application/json"} if body else {})))
            c.getresponse().read()
            c.close()
        rounds = drive(12)
        # Over the probability app's limit: 429s.
        c = http.client.HTTPConnection("127.0.0.1", PROBABILITY, timeout=10)
        limited = sum(http_get(PROBABILITY, "/", conn=c)[0] == 429 for _ in range(1000))
        c.close()
        print(f"traffic: {rounds} rounds on each variant and the API, {limited} requests refused with 429")
        check(limited > 0, "the rate limit refused some requests")
        time.sleep(3)  # two more scrapes
        end = time.time()

        exported = set()
        for port in (API, BINARY, PROBABILITY):
            exported |= exported_metric_names(port)
        print(f"exported metric families: {sorted(exported)}")

        dash = json.load(open(os.path.join(MON, "grafana/urlscan.json")))
        variables = {v["name"]: v for v in dash["templating"]["list"]}
        check(set(variables) >= {"namespace", "instance"}, "template variables namespace and instance")
        values = {}
        for name, v in variables.items():
            q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
            m = re.fullmatch(r"label_values\((.+),\s*(\w+)\)", q)
            check(m is not None, f"variable {name}: label_values(...) query")
            if not m:
                continue
            match = m.group(1).replace("$namespace", NAMESPACE)
            got = api(PROM, f"/api/v1/label/{m.group(2)}/values", **{"match[]": match})
            values[name] = got.get("data", [])
            check(got.get("status") == "success" and values[name], f"variable {name}: {values[name]}")
        check(NAMESPACE in values.get("namespace", []), f"the namespace variable offers {NAMESPACE}")

        range_s = f"{int(end - start) + 60}s"
        subs = {"$namespace": NAMESPACE, "$instance": ".*", "$__rate_interval": "4s", "$__range": range_s}
        panels = [p for p in dash["panels"] if p["type"] != "row"]
        panels += [q for p in dash["panels"] for q in p.get("panels", [])]
        queries = 0
        for p in panels:
            check(p.get("datasource", {}).get("uid") == "urlscan-prometheus", f"panel '{p['title']}' datasource")
            for t in p["targets"]:
                expr = t["expr"]
                for k, v in subs.items():
                    expr = expr.replace(k, v)
                leftover = re.findall(r"\$\w+", expr)
                names = set(re.findall(r"\burlscan_[a-z_]+", expr))
                unknown = {n for n in names
                           if n not in exported and re.sub(r"_(bucket|sum|count)$", "", n) not in exported}
                got = api(PROM, "/api/v1/query_range", query=expr, start=f"{start:.3f}", end=f"{end:.3f}", step="1")
                finite = finite_values(got.get("data", {}).get("result", [])) if got.get("status") == "success" else []
                queries += 1
                check(not leftover and names and not unknown and got.get("status") == "success" and finite,
                      f"panel '{p['title']}' {t['refId']}: "
                      + (f"unsubstituted {leftover}" if leftover else
                         f"metrics not exported: {sorted(unknown)}" if unknown else
                         f"error: {got.get('error')}" if got.get("status") != "success" else
                         f"{len(got['data']['result'])} series, {len(finite)} finite values"))
        check(queries >= 14, f"{queries} dashboard queries evaluated")

        # A query naming a metric the server does not export must fail this check.
        bogus = "sum(rate(urlscan_requests_total[4s]))"
        check(bool(set(re.findall(r"\burlscan_[a-z_]+", bogus)) - exported), "the name check catches a metric that does not exist")

        rules = api(PROM, "/api/v1/rules")["data"]["groups"]
        bad = [r["name"] for g in rules for r in g["rules"] if r.get("health") not in ("ok",)]
        check(rules and not bad, f"recording and alerting rules evaluate without error ({sum(len(g['rules']) for g in rules)} rules, unhealthy: {bad})")
        ratio = api(PROM, "/api/v1/query", query=f'urlscan:http_errors:ratio_rate5m{{namespace="{NAMESPACE}"}}')
        check(ratio["status"] == "success" and finite_values(ratio["data"]["result"]),
              f"recorded error ratio: {[(r['metric'].get('component'), r['metric'].get('variant'), r['value'][1]) for r in ratio['data']['result']]}")

        ds = yaml.safe_load(open(os.path.join(MON, "grafana/provisioning/datasources/prometheus.yaml")))
        prov = yaml.safe_load(open(os.path.join(MON, "grafana/provisioning/dashboards/urlscan.yaml")))
        check([d["uid"] for d in ds["datasources"]] == ["urlscan-prometheus"] and ds["datasources"][0]["type"] == "prometheus",
              "datasource provisioning: uid urlscan-prometheus, type prometheus")
        check(prov["apiVersion"] == 1 and prov["providers"][0]["type"] == "file" and prov["providers"][0]["options"]["path"],
              "dashboard provisioning: a file provider with a path")
    finally:
        procs.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        sys.exit(f"{len(failures)} failed")
    print("dashboard: all passed")


if __name__ == "__main__":
    main()
