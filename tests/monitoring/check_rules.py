#!/usr/bin/env python3
"""Checks of the rule, rule-test and Alertmanager files that promtool and amtool do not make:
every alert has a unit test that fires it and one that must not; each alert's runbook_url
names a section of RUNBOOK.md that exists; each alert has a routed severity; every metric the
rules read is one that service/service_metrics.cpp registers; the Alertmanager inhibition rules
name only alerts that exist.

Usage: check_rules.py MONITORING_DIR SERVICE_METRICS_CPP
"""
import os
import re
import sys

import yaml

MON, METRICS_CPP = sys.argv[1], sys.argv[2]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def anchors(markdown):
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    out = set()
    for line in markdown.splitlines():
        m = re.match(r"#{1,6}\s+(.*)", line)
        if m:
            out.add(re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-"))
    return out


rules = yaml.safe_load(open(os.path.join(MON, "../helm/urlscan/files/urlscan.rules.yml")))
tests = yaml.safe_load(open(os.path.join(MON, "rules/urlscan.rules.test.yml")))
alertmanager = yaml.safe_load(open(os.path.join(MON, "alertmanager/alertmanager.yml")))
runbook = anchors(open(os.path.join(MON, "RUNBOOK.md")).read())
exported = set(re.findall(r'\.Name\("([a-z_:]+)"\)', open(METRICS_CPP).read()))
if not exported:
    fail(f"no metric names found in {METRICS_CPP}")

alerts, recorded = {}, set()
for group in rules["groups"]:
    for rule in group["rules"]:
        if "alert" in rule:
            alerts[rule["alert"]] = rule
        else:
            recorded.add(rule["record"])

# Every alert: fired by one test case, quiet in another.
fired, quiet = set(), set()
for t in tests["tests"]:
    for case in t.get("alert_rule_test", []):
        (fired if case.get("exp_alerts") else quiet).add(case["alertname"])
for name in alerts:
    if name not in fired:
        fail(f"{name}: no test case where it fires")
    if name not in quiet:
        fail(f"{name}: no test case where it must stay quiet")
for name in (fired | quiet) - set(alerts):
    fail(f"test for an alert that does not exist: {name}")

routed = {m.split("=")[1].strip('"') for r in alertmanager["route"]["routes"] for m in r["matchers"]}
for name, rule in alerts.items():
    url = rule.get("annotations", {}).get("runbook_url", "")
    m = re.fullmatch(r"deploy/monitoring/RUNBOOK\.md#([a-z0-9\-]+)", url)
    if not m:
        fail(f"{name}: runbook_url '{url}' is not deploy/monitoring/RUNBOOK.md#SECTION")
    elif m.group(1) not in runbook:
        fail(f"{name}: RUNBOOK.md has no section #{m.group(1)}")
    elif m.group(1) != name.lower():
        fail(f"{name}: runbook_url points at #{m.group(1)}, not at its own section")
    sev = rule.get("labels", {}).get("severity")
    if sev not in routed:
        fail(f"{name}: severity '{sev}' has no Alertmanager route")

# Metric names the expressions read (recording-rule names and `up` aside).
for group in rules["groups"]:
    for rule in group["rules"]:
        for metric in re.findall(r"\burlscan_[a-z_]+", rule["expr"]):
            base = re.sub(r"_(bucket|sum|count)$", "", metric)
            if metric not in exported and base not in exported:
                fail(f"{rule.get('alert') or rule.get('record')}: reads {metric}, which the service does not export")
        for used in re.findall(r"\burlscan:[a-z0-9_:]+", rule["expr"]):
            if used not in recorded:
                fail(f"{rule.get('alert') or rule.get('record')}: reads {used}, which no rule records")

for inhibit in alertmanager.get("inhibit_rules", []):
    for matcher in inhibit.get("source_matchers", []) + inhibit.get("target_matchers", []):
        m = re.fullmatch(r'alertname(=~|=)"(.*)"', matcher)
        if m:
            for name in m.group(2).split("|"):
                if name not in alerts:
                    fail(f"Alertmanager inhibition names {name}, which is not an alert")

print(f"{len(alerts)} alerts (each fired and quiet in tests, runbook sections present), "
      f"{len(recorded)} recorded series, metrics checked against {len(exported)} exported names")
sys.exit(1 if failures else 0)
