#!/usr/bin/env python3
"""The man page's OPTIONS section (tools/urlscan.1) lists exactly the options `urlscan --help`
prints from its option table (tools/option_table.hpp), each with the same argument; and the
comparison notices a man page that has lost an option or changed an argument.

usage: option_table_test.py PATH/TO/urlscan PATH/TO/urlscan.1
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import option_table_check  # noqa: E402


def help_options(urlscan):
    text = subprocess.run([urlscan, "--help"], capture_output=True, text=True, check=True).stdout
    block = text.split("\n\n", 1)[1].split("\nEach option once", 1)[0]
    found = {}
    for line in block.splitlines():
        m = re.match(r"^ {2,4}(--[a-z][a-z-]*)( (\S+))?", line)
        if not m:
            continue
        # One space after the name: an argument follows; more: the help text does.
        arg = m.group(3) if m.group(2) and not line[m.end(1):].startswith("  ") else ""
        found[m.group(1)] = arg
    return found


def man_options(man_text):
    found = {}
    for line in option_table_check.section(man_text, "OPTIONS").splitlines():
        if line.startswith(".BI "):
            m = re.match(r'^\.BI (--[a-z-]+) " ([^"]+)"$', line)
            if m:
                found[m.group(1)] = m.group(2)
        elif line.startswith(".BR "):
            for name in re.findall(r"(--[a-z-]+)", line):
                found[name] = ""
        elif line.startswith(".B "):
            m = re.match(r"^\.B (--[a-z-]+)$", line)
            if m:
                found[m.group(1)] = ""
    return found


def differences(table, man):
    out = [f"{o}: in --help, not in the man page" for o in sorted(table.keys() - man.keys())]
    out += [f"{o}: in the man page, not in --help" for o in sorted(man.keys() - table.keys())]
    out += [f"{o}: argument '{table[o]}' in --help, '{man[o]}' in the man page"
            for o in sorted(table.keys() & man.keys()) if table[o] != man[o]]
    return out


def main():
    urlscan, man_path = sys.argv[1], sys.argv[2]
    with open(man_path) as f:
        man_text = f.read()
    # The check must see a drift: drop one option, change another's argument.
    lost = man_text.replace(".BI \\-\\-shard \" K/N\"\n", "", 1)
    changed = man_text.replace(".BI \\-\\-threads \" N\"", ".BI \\-\\-threads \" COUNT\"", 1)
    return option_table_check.run(
        "--help", help_options(urlscan), man_options(man_text), differences,
        [("a lost --shard", man_options(lost)), ("--threads COUNT", man_options(changed))])


if __name__ == "__main__":
    sys.exit(main())
