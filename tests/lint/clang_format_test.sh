#!/usr/bin/env bash
# Every tracked C++ file is clang-format clean (the repo's .clang-format): the file list comes
# from `git ls-files` when the test runs, so a new file is checked without touching meson.
set -euo pipefail
cd "$1"
command -v clang-format >/dev/null || { echo "clang-format not installed (tools/setup.sh installs it)"; exit 1; }
mapfile -d '' files < <(git ls-files -z -- '*.cpp' '*.hpp' '*.h' '*.cc' '*.hh')
[ "${#files[@]}" -gt 0 ] || { echo "no C++ files found by git ls-files in $1"; exit 1; }
if clang-format --dry-run -Werror "${files[@]}"; then
  echo "clang-format: ${#files[@]} files clean"
else
  echo "clang-format: the files above need 'clang-format -i FILE'" >&2
  exit 1
fi
