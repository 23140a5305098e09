#!/usr/bin/env bash
# Usage: tests/deploy/image_build.sh [IMAGE_TAG]   (default localhost/urlscan:dev)
# Ensures the base image (image_base.sh), then builds deploy/container/Containerfile as
# committed (the base name overridden only by --from) through scripts/release.sh's image step,
# with podman's layer cache, and tags it IMAGE_TAG. Prints the image name as its last line
# on stdout (progress goes to stderr). Idempotent: with no source change it takes seconds.
set -euo pipefail
# shellcheck source=tests/deploy/image_env.sh
. "$(dirname "$0")/image_env.sh"
require podman buildah meson git flock
tag=${1:-localhost/urlscan:dev}
bash "$DEPLOY_ROOT/tests/deploy/image_base.sh" >/dev/null
version=$(bash "$DEPLOY_ROOT/scripts/release.sh" --print-version)
exec 8>"$DEPLOY_CACHE/build.lock"
flock 8
start=$(date +%s)
URLSCAN_BASE_IMAGE=$BASE_IMAGE bash "$DEPLOY_ROOT/scripts/release.sh" --registry localhost \
  --steps image "$version" >&2
podman tag "localhost/urlscan:$version" "$tag"
echo "image_build: $tag in $(($(date +%s) - start)) s" >&2
echo "$tag"
