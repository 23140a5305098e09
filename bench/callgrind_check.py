#!/usr/bin/env python3
"""Deterministic benchmark regression check: instructions per URL under callgrind.

For each input format, urlscan scores N and 2N generated records with one thread and the AVX2
kernels (valgrind has no AVX-512); instructions per URL = (Ir(2N) - Ir(N)) / N, which cancels
start-up (model checksum, allocation). Counted instructions do not move with machine noise.
Fails (exit 1) when any workload rises more than --tolerance (5%) over bench/baseline.json.

  bench/callgrind_check.py --urlscan build/tools/urlscan --gen build/scripts/gen-urls
  bench/callgrind_check.py ... --update        # record a new baseline on purpose
  bench/callgrind_check.py ... --isa scalar --expect-fail   # a planted slowdown must trip it
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

WORKLOADS = {
    "lines": [],
    "tsv": ["--column", "2"],
    "jsonl": ["--field", "req.url"],
    "access-log": ["--access-log", "--log-host", "www.example.com"],
}


def make_input(gen, fmt, n, path):
    urls = subprocess.run([gen, str(n)] + (["--access-log"] if fmt == "access-log" else []),
                          check=True, capture_output=True, text=True).stdout.splitlines()
    with open(path, "w") as f:
        for u in urls:
            if fmt == "tsv":
                f.write(f"0\t{u}\n")
            elif fmt == "jsonl":
                f.write(json.dumps({"req": {"url": u}, "status": 200}) + "\n")
            else:
                f.write(u + "\n")


def instructions(urlscan, args, path, isa, tmp):
    out = os.path.join(tmp, "cg.out")
    # A rule-database cache of this run's own, filled before measuring: every measured run
    # loads the same cached database (a run that compiled it would not cancel out). The
    # database is compiled on the first match, so the warm-up needs one URL.
    env = dict(os.environ, URLSCAN_ISA=isa, URLSCAN_CACHE_DIR=os.path.join(tmp, "rules-cache"))
    # Under valgrind too: it hides CPU features, and the cache key holds them.
    subprocess.run(["valgrind", "--tool=none", urlscan, "--count", path], env=env,
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", urlscan,
                    "--threads", "1", "--count", *args, path],
                   env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = pathlib.Path(out).read_text()
    m = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
    if not m:
        sys.exit("callgrind_check: no instruction total in callgrind output")
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--urlscan", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--baseline", default=str(pathlib.Path(__file__).with_name("baseline.json")))
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--isa", default="avx2")
    ap.add_argument("--tolerance", type=float, default=0.05)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--expect-fail", action="store_true")
    a = ap.parse_args()

    current = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in WORKLOADS.items():
            small, big = os.path.join(tmp, "a"), os.path.join(tmp, "b")
            make_input(a.gen, name, a.n, small)
            make_input(a.gen, name, 2 * a.n, big)
            ir = instructions(a.urlscan, args, big, a.isa, tmp) - instructions(a.urlscan, args, small, a.isa, tmp)
            current[name] = round(ir / a.n, 1)

    if a.update:
        pathlib.Path(a.baseline).write_text(json.dumps(
            {"unit": "instructions per URL (callgrind, --threads 1, URLSCAN_ISA=avx2)",
             "n": a.n, "workloads": current}, indent=2) + "\n")
        print(f"baseline written to {a.baseline}: {current}")
        return 0

    base = json.loads(pathlib.Path(a.baseline).read_text())["workloads"]
    failed = False
    print(f"{'workload':12s} {'baseline':>10s} {'current':>10s} {'change':>8s}")
    for name, value in current.items():
        ref = base.get(name)
        change = (value - ref) / ref if ref else float("inf")
        bad = change > a.tolerance
        failed |= bad
        print(f"{name:12s} {ref:10.1f} {value:10.1f} {change:+8.1%}{'  <- over ' + format(a.tolerance, '.0%') if bad else ''}")
    if a.expect_fail:
        print("planted slowdown " + ("tripped the check, as it must" if failed else "was NOT caught"))
        return 0 if failed else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
