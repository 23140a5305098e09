#!/usr/bin/env bash
# Ensures the base image localhost/debian:bookworm-slim exists in podman's store: no registry
# can be pulled here, so it is made by mmdebstrap from Debian's mirror (the one apt uses) and
# imported. The tarball is cached in DEPLOY_CACHE, so a CI run makes it once (the slowest
# step, 1-4 min); an image already in the store costs nothing.
set -euo pipefail
# shellcheck source=tests/deploy/image_env.sh
. "$(dirname "$0")/image_env.sh"
require podman mmdebstrap
if podman image exists "$BASE_IMAGE"; then
  echo "$BASE_IMAGE"
  exit 0
fi
# A lock keeps two scripts (this one and the chart's kube play test) from making it at once.
exec 9>"$DEPLOY_CACHE/base.lock"
flock 9
podman image exists "$BASE_IMAGE" && { echo "$BASE_IMAGE"; exit 0; }
tarball=$DEPLOY_CACHE/debian-bookworm.tar
if [ ! -s "$tarball" ]; then
  mirror=${MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)}
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || { echo "FAIL: no Debian mirror found in apt's sources (set MIRROR)" >&2; exit 1; }
  echo "image_base: mmdebstrap bookworm from $mirror" >&2
  rm -rf "$tarball.tmp"
  mmdebstrap --quiet --variant=apt --format=tar bookworm "$tarball.tmp" "$mirror" >&2
  mv -f "$tarball.tmp" "$tarball"
fi
podman import --quiet "$tarball" "$BASE_IMAGE" >/dev/null
echo "$BASE_IMAGE"
