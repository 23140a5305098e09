#!/usr/bin/env python3
"""Line and branch coverage of the project's own code, and the floor CI holds it to.

Usage: coverage_test.py SOURCE_ROOT BUILD_ROOT SRC_LINE_FLOOR SUMMARY_FILE

Runs in a -Db_coverage=true tree after every other test there (meson runs it last: it is not
parallel and has the lowest priority). gcovr reads the .gcda files the tests left and counts
src/, frontend/, tools/ and service/ (generated files live in the build tree and tests/ and
bench/ are not in these folders, so none of them counts). Branches: gcovr's
--exclude-throw-branches and --exclude-unreachable-branches leave out the exception edges GCC
adds to every call that may throw, which no test can take one by one.

Prints (and writes to SUMMARY_FILE, which tools/test.sh prints at its end) a table per folder
and the total, then the files with the most lines never run. Fails when src/'s line coverage is
under SRC_LINE_FLOOR percent, or when there is no coverage data at all.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

FOLDERS = ("src", "frontend", "tools", "service")


def percent(covered, total):
    return 100.0 * covered / total if total else 100.0


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    root, build, floor, summary_path = (os.path.realpath(sys.argv[1]),
                                        os.path.realpath(sys.argv[2]), float(sys.argv[3]),
                                        sys.argv[4])
    with tempfile.TemporaryDirectory() as tmp:
        full = os.path.join(tmp, "coverage.json")
        cmd = ["gcovr", "--root", root, "--object-directory", build, "-j", "2",
               "--exclude-throw-branches", "--exclude-unreachable-branches",
               "--json", full]
        for folder in FOLDERS:
            cmd += ["--filter", re.escape(os.path.join(root, folder)) + "/"]
        cmd.append(build)
        # gcovr 5.2 can hang after a parse error when it runs with -j: a bound here turns that
        # into a clear failure instead of meson's timeout with no output.
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired as hung:
            err = hung.stderr.decode(errors="replace") if isinstance(hung.stderr, bytes) else (
                hung.stderr or "")
            sys.exit(f"gcovr did not finish in 600 s (it hangs after a parse error with -j); "
                     f"its stderr so far:\n{err[-4000:]}")
        if run.returncode != 0:
            sys.exit(f"gcovr failed ({run.returncode}):\n{run.stderr}")
        with open(full, encoding="utf-8") as f:
            report = json.load(f)

    rows = {folder: [0, 0, 0, 0] for folder in FOLDERS}  # lines run, lines, branches taken, branches
    files = []
    for entry in report["files"]:
        path = entry["file"]
        folder = path.split("/", 1)[0]
        if folder not in rows:
            continue
        lines = [line for line in entry["lines"] if not line.get("gcovr/noncode")]
        run_lines = sum(1 for line in lines if line["count"] > 0)
        branches = [b for line in lines for b in line["branches"]]
        taken = sum(1 for b in branches if b["count"] > 0)
        row = rows[folder]
        row[0] += run_lines
        row[1] += len(lines)
        row[2] += taken
        row[3] += len(branches)
        never = [f["name"] for f in entry.get("functions", []) if f["execution_count"] == 0]
        files.append((len(lines) - run_lines, path, len(lines), never))

    total = [sum(row[i] for row in rows.values()) for i in range(4)]
    if total[1] == 0:
        sys.exit(f"no coverage data under {build} (built with -Db_coverage=true? tests run?)")

    out = ["coverage (gcovr; lines run / lines, branches taken / branches):",
           f"  {'folder':10} {'lines':>20} {'branches':>22}"]
    for name, row in list(rows.items()) + [("total", total)]:
        out.append(f"  {name + ('/' if name != 'total' else ''):10} "
                   f"{percent(row[0], row[1]):6.1f}% {row[0]:6}/{row[1]:<6} "
                   f"{percent(row[2], row[3]):6.1f}% {row[2]:7}/{row[3]:<7}")
    out.append("lines never run, most first:")
    for missed, path, count, never in sorted(files, reverse=True)[:8]:
        note = f" (functions never called: {len(never)})" if never else ""
        out.append(f"  {missed:5} of {count:5}  {path}{note}")
    src_lines = percent(rows["src"][0], rows["src"][1])
    verdict = "ok" if src_lines >= floor else "BELOW THE FLOOR"
    out.append(f"src/ lines {src_lines:.1f}% against the floor {floor:.1f}%: {verdict}")
    text = "\n".join(out) + "\n"
    print(text, end="")
    with open(summary_path, "w", encoding="utf-8") as f:
        f.write(text)
    sys.exit(0 if src_lines >= floor else 1)


if __name__ == "__main__":
    main()
