#!/usr/bin/env bash
# Per-ISA kernel objects must not define weak (inline/template) symbols that another object
# also defines: the linker would keep one copy, possibly compiled for a newer ISA than the
# caller's CPU has. Every such symbol must be specific to one ISA's translation unit.
set -u
# Each library's names once: a constructor's complete- and base-object symbols (C1, C2)
# demangle to the same name within one object.
dups=$(for lib in "$@"; do nm -C "$lib" | grep -E ' [WV] ' | sed 's/^[0-9a-f]* [WV] //' | sort -u; done |
       grep -v '__gxx_personality' | sort | uniq -d)
if [ -n "$dups" ]; then
  echo "weak symbols defined by more than one per-ISA object:"; echo "$dups"
  echo "0 passed, 1 failed"; exit 1
fi
echo "1 passed, 0 failed"
