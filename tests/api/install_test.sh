#!/bin/bash
# `meson install --destdir` into a temporary directory, then a tiny consumer (consumer.cpp)
# compiled and linked only against what was installed, found through the installed urlscan.pc
# (PKG_CONFIG_PATH + PKG_CONFIG_SYSROOT_DIR, as a distribution's packaging would). It must score
# URLs exactly as the `urlscan` binary does.
# Usage: install_test.sh BUILD_DIR URLSCAN_EXE CXX [CXX ARGS...] (meson passes its compiler)
set -euo pipefail
build=$1 urlscan=$2
cxx=("${@:3}")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; echo "FAIL: meson install"; exit 1; }
pc=$(find "$tmp/root" -name urlscan.pc -print -quit)
[[ -n $pc ]] || { echo "FAIL: no urlscan.pc installed"; exit 1; }
for h in "$here"/../../include/urlscan/*.hpp; do
  [[ -n $(find "$tmp/root" -path "*/include/urlscan/$(basename "$h")" -print -quit) ]] ||
    { echo "FAIL: $(basename "$h") not installed"; exit 1; }
done

export PKG_CONFIG_PATH=${pc%/*} PKG_CONFIG_SYSROOT_DIR=$tmp/root
# xsimd is internal to the kernels: no public header needs it, so urlscan.pc must not ask for it.
if grep -q 'xsimd' "$pc"; then
  echo "FAIL: urlscan.pc names xsimd, which no public header needs"
  exit 1
fi
read -ra flags <<<"$(pkg-config --cflags --libs urlscan)"
# The consumer sees the installed headers only: nothing from the source tree is on its path.
"${cxx[@]}" -O1 -Wall -Wextra -Werror "$here/consumer.cpp" "${flags[@]}" -o "$tmp/consumer"

urls=("http://paypal.com.verify-account.example/login" "https://www.debian.org/"
      "http://192.0.2.7/secure/update.php" "mailto:x@y.z")
"$tmp/consumer" "${urls[@]}" >"$tmp/got"
printf '%s\n' "${urls[@]:0:3}" | "$urlscan" >"$tmp/want" || [[ $? == 1 ]]
echo "error	$("$urlscan" --json <<<"${urls[3]}" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"])')" >>"$tmp/want" || true
if ! diff "$tmp/want" "$tmp/got"; then
  echo "FAIL: the installed library's consumer scores differently from urlscan"
  exit 1
fi
if ! grep -q '^phishing	' "$tmp/got" || ! grep -q '^legitimate	' "$tmp/got"; then
  echo "FAIL: expected one phishing and one legitimate verdict"
  exit 1
fi
echo "ok: installed liburlscan + urlscan.pc; consumer output equals urlscan's ($(wc -l <"$tmp/got") URLs)"
