#!/usr/bin/env python3
"""Writes the assembly file that embeds the shipped model and allowlist (.incbin).

Usage: gen_builtin_asm.py TEMPLATE MODEL ALLOWLIST BRANDS PATTERNS OUTPUT
The inputs' SHA-256 goes into the output, so the file (and the object built from it) changes
whenever an embedded file does: compilers do not report .incbin files as dependencies.
"""
import hashlib
import pathlib
import sys


def main():
    template, model, allowlist, brands, patterns, output = (pathlib.Path(a) for a in sys.argv[1:7])
    digest = hashlib.sha256(b"\0".join(p.read_bytes() for p in (model, allowlist, brands, patterns))).hexdigest()
    text = template.read_text()
    text = text.replace("@MODEL_PATH@", str(model.resolve()))
    text = text.replace("@ALLOWLIST_PATH@", str(allowlist.resolve()))
    text = text.replace("@BRANDS_PATH@", str(brands.resolve()))
    text = text.replace("@PATTERNS_PATH@", str(patterns.resolve()))
    output.write_text(f"/* embedded inputs sha256 {digest} */\n" + text)


if __name__ == "__main__":
    main()
