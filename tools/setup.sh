#!/usr/bin/env bash
# Installs what urlscan needs to build and test on Debian 12 (as root, or through sudo).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  g++ clang libclang-rt-14-dev meson ninja-build pkg-config python3 git ca-certificates \
  libtbb-dev libxsimd-dev libidn2-dev zlib1g-dev libsimdjson-dev libhyperscan-dev libpsl-dev publicsuffix libicu-dev \
  libgtest-dev libgmock-dev libbenchmark-dev valgrind time hyperfine >/dev/null
echo "setup: build dependencies installed"
