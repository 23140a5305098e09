#!/usr/bin/env python3
"""Every public header compiles on its own: for each include/urlscan/*.hpp (globbed, so a new
header is covered without registering it) a one-line translation unit that includes only it,
compiled with the project's compiler, C++20, -Wall -Wextra -Werror and include/ alone on the path
(no src/: a public header must not need an internal one). The umbrella urlscan.hpp must include
every other public header.

Usage: header_alone_test.py INCLUDE_DIR CXX [CXX ARGS...]"""
import concurrent.futures
import os
import pathlib
import re
import subprocess
import sys
import tempfile


def main() -> int:
    include = pathlib.Path(sys.argv[1]).resolve()
    cxx = sys.argv[2:]
    headers = sorted((include / "urlscan").glob("*.hpp"))
    if len(headers) < 10:
        print(f"FAIL: only {len(headers)} headers under {include}/urlscan")
        return 1
    failures = []
    umbrella = (include / "urlscan" / "urlscan.hpp").read_text()
    included = set(re.findall(r'#include "urlscan/([a-z_0-9]+\.hpp)"', umbrella))
    for h in headers:
        if h.name != "urlscan.hpp" and h.name not in included:
            failures.append(f"urlscan.hpp does not include {h.name}")
    with tempfile.TemporaryDirectory() as tmp:
        def compile_one(h: pathlib.Path):
            tu = pathlib.Path(tmp) / (h.stem + "_alone.cpp")
            tu.write_text(f'#include "urlscan/{h.name}"\n')
            r = subprocess.run(cxx + ["-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
                                      "-I", str(include), str(tu)],
                               capture_output=True, text=True)
            return h.name, r.returncode, r.stderr
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for name, rc, err in pool.map(compile_one, headers):
                if rc != 0:
                    failures.append(f"{name} does not compile alone:\n{err}")
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: {len(headers)} public headers compile alone")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
