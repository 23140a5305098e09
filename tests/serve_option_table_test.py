#!/usr/bin/env python3
"""The man page's SERVE options paragraph (tools/urlscan.1) names exactly the settings that
`urlscan serve --help` prints from the table that parses them (service/serve_options.cpp
kSettings), each with its environment variable; and the comparison notices a man page that has
lost an option or an environment variable.

usage: serve_option_table_test.py PATH/TO/urlscan PATH/TO/urlscan.1
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import option_table_check  # noqa: E402


def help_settings(urlscan):
    text = subprocess.run([urlscan, "serve", "--help"], capture_output=True, text=True,
                          check=True).stdout
    found = {}
    for line in text.split("options (each also read", 1)[1].splitlines()[1:]:
        m = re.match(r"^  (--[a-z][a-z-]*) \S+ +([A-Z][A-Z_]*) +\S", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def man_paragraph(man_text):
    section = option_table_check.section(man_text, "SERVE")
    # The settings: from "Options, each also read ..." to the signals after them.
    return section.split("Options, each also read", 1)[1].split("SIGHUP", 1)[0]


def differences(table, paragraph):
    options = set(re.findall(r"\\fB(--[a-z][a-z-]*)", paragraph))
    out = [f"{o}: in serve --help, not in the man page" for o in sorted(table.keys() - options)]
    out += [f"{o}: in the man page's settings, not in serve --help"
            for o in sorted(options - table.keys())]
    out += [f"{o}: its variable {env} is not in the man page" for o, env in sorted(table.items())
            if not re.search(r"\b" + env + r"\b", paragraph)]
    return out


def main():
    urlscan, man_path = sys.argv[1], sys.argv[2]
    with open(man_path) as f:
        paragraph = man_paragraph(f.read())
    # The check must see a drift: a lost option, a lost environment variable.
    lost = paragraph.replace("\\fB--drain-delay-ms\\fR", "", 1)
    no_env = paragraph.replace("MODEL_RETRIES", "RETRIES", 1)
    return option_table_check.run(
        "serve --help", help_settings(urlscan), paragraph, differences,
        [("a lost --drain-delay-ms", lost), ("a lost MODEL_RETRIES", no_env)])


if __name__ == "__main__":
    sys.exit(main())
