#!/usr/bin/env bash
# clang-tidy (the repo's .clang-tidy, findings are errors) over every library source, src/**/*.cpp
# as `git ls-files` lists them when the test runs, with the build's compile_commands.json.
# Usage: clang_tidy_test.sh SOURCE_ROOT BUILD_ROOT
set -euo pipefail
src=$1 build=$2
command -v run-clang-tidy >/dev/null || { echo "run-clang-tidy not installed (tools/setup.sh installs clang-tidy)"; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "no compile_commands.json in $build"; exit 1; }
mapfile -t files < <(git -C "$src" ls-files -- 'src/*.cpp' | sed "s|^|$src/|")
[ "${#files[@]}" -gt 0 ] || { echo "no src/*.cpp found by git ls-files in $src"; exit 1; }
start=$SECONDS
# The compile commands are GCC's: clang does not know some of its warning options
# (-Wno-restrict, -Wshadow=local), an error under -Werror builds (tools/test.sh's).
run-clang-tidy -j 2 -quiet -p "$build" -extra-arg=-Wno-unknown-warning-option "${files[@]}"
echo "clang-tidy: ${#files[@]} files clean in $((SECONDS - start)) s"
