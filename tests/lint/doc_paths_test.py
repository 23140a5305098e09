#!/usr/bin/env python3
"""Every repository path the docs name exists.

Usage: doc_paths_test.py SOURCE_ROOT [BUILD_ROOT]

Reads each *.md file and the man page that git tracks, takes every token that starts with a
top-level source folder (src/, tools/, service/, frontend/, include/, tests/, bench/, scripts/,
models/, deploy/) and checks it against the tree: brace lists (`src/train/linear.{hpp,cpp}`)
are expanded, globs (`src/**/*.cpp`) must match something, and a name that exists only in
BUILD_ROOT (a build output such as the `ninja tools/urlscan` target) counts. Tokens with
`...` are placeholders and skipped. Why: the src/ split (issue 16) moved every library file,
and docs that name the old files send the next engineer to nothing.
"""
import glob
import os
import re
import subprocess
import sys

FOLDERS = ("src", "tools", "service", "frontend", "include", "tests", "bench", "scripts",
           "models", "deploy")
# A path starts a token (not the tail of another path such as build/tools/urlscan or ../src)
# and ends on a name character, `*`, `}` or `/` (so trailing punctuation is left out).
PATH = re.compile(r"(?<![\w./~-])((?:%s)/[\w.*{},/+-]*[\w*}/])" % "|".join(FOLDERS))
TROFF = re.compile(r"\\f[BIRP]|\\f\(..")


def expand(token):
    m = re.match(r"(.*?)\{([^{}]*)\}(.*)", token)
    if not m:
        return [token]
    return [p for part in m.group(2).split(",") for p in expand(m.group(1) + part + m.group(3))]


def exists(root, path):
    full = os.path.join(root, path)
    if any(c in path for c in "*?["):
        return bool(glob.glob(full, recursive=True))
    return os.path.exists(full)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    root = sys.argv[1]
    build = sys.argv[2] if len(sys.argv) == 3 else None
    docs = subprocess.run(["git", "-C", root, "ls-files", "*.md", "*.[1-8]"], check=True,
                          capture_output=True, text=True).stdout.split()
    if not docs:
        sys.exit("no docs found under " + root + " (git ls-files *.md listed nothing)")
    checked = 0
    missing = []
    for doc in docs:
        with open(os.path.join(root, doc), encoding="utf-8") as f:
            lines = f.read().splitlines()
        for number, line in enumerate(lines, 1):
            if not doc.endswith(".md"):
                line = TROFF.sub("", line).replace("\\-", "-")
            for m in PATH.finditer(line):
                if "..." in m.group(1):
                    continue
                for path in expand(m.group(1)):
                    checked += 1
                    if not exists(root, path) and not (build and exists(build, path)):
                        missing.append(f"{doc}:{number}: {path}")
    for entry in missing:
        print("no such path:", entry)
    print(f"{checked} paths named in {len(docs)} docs, {len(missing)} missing")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
