#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions run through check and the EXIT trap, which shellcheck 0.9 cannot follow
# Release round trip (suite 'deploy'): scripts/release.sh refuses a non-semver version and one
# that differs from meson's; then, for meson's version, it builds the image, pushes VERSION,
# MAJOR.MINOR and latest to a real registry (Debian docker-registry on 127.0.0.1:18350, its
# own temporary storage, stopped afterwards), pulls each tag back into an empty image store,
# runs it and reads /version; and it writes the binary tarball and SHA256SUMS that the
# release workflow publishes. This test checks the registry's tags, the checksums, and that
# the tarball's urlscan runs here and reports the version. Ports: 18350 (registry), 18311.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/deploy/image_testlib.sh
. tests/deploy/image_testlib.sh
require podman docker-registry skopeo curl python3 sha256sum tar
start=$(date +%s)
version=$(bash scripts/release.sh --print-version)
registry=127.0.0.1:18350
tmp=$(mktemp -d)
registry_pid=""
cleanup() {
  [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null || true
  [ -z "$registry_pid" ] || wait "$registry_pid" 2>/dev/null || true
  local t
  for t in "$version" "${version%.*}" latest; do
    podman rmi "$registry/urlscan:$t" >/dev/null 2>&1 || true
  done
  rm -rf "$tmp"
  cleanup_containers
}
trap cleanup EXIT

# Refusals: exit 2, a message, and nothing built.
refuses() {  # refuses VERSION EXPECTED_MESSAGE
  local out status=0
  out=$(bash scripts/release.sh --registry "$registry" --steps check,image "$1" 2>&1) || status=$?
  [ "$status" = 2 ] && grep -q "$2" <<<"$out" && ! podman image exists "$registry/urlscan:${1#v}" 2>/dev/null
}
for bad in 1.2 1.2.3.4 01.2.3 1.2.x v1 "1.2.3 " 1.2.3+build.1 1.2.3- latest ""; do
  check "refuses non-semver '$bad'" refuses "$bad" "not a semantic version\|usage:"
done
IFS=. read -r major minor patch <<<"${version%%[-+]*}"
other="$major.$minor.$((patch + 1))"
check "refuses $other (semver, but meson says $version)" refuses "$other" "differs from meson.build"
check "refuses v$other too" refuses "v$other" "differs from meson.build"

# The registry: distribution v2 from Debian, storage in our temp folder.
mkdir -p "$tmp/registry"
cat > "$tmp/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $tmp/registry
http:
  addr: $registry
EOF
docker-registry serve "$tmp/registry.yml" > "$tmp/registry.log" 2>&1 &
registry_pid=$!
check "registry answers on $registry" wait_http "http://$registry/v2/"

# The whole release, as the workflow runs it (with the base image made here).
base=$(bash tests/deploy/image_base.sh)
status=0
URLSCAN_BASE_IMAGE=$base URLSCAN_IMAGE_SOURCE=https://example.invalid/urlscan \
  bash scripts/release.sh --registry "$registry" --tls-verify=false --port 18311 \
  --dist "$tmp/dist" "v$version" > "$tmp/release.log" 2>&1 || status=$?
grep '^release:' "$tmp/release.log" || true
check "scripts/release.sh v$version exits 0 (got $status)" test "$status" = 0
[ "$status" = 0 ] || tail -n 30 "$tmp/release.log" >&2

tags=$(curl -sf "http://$registry/v2/urlscan/tags/list" | json_get tags || true)
echo "registry tags: $tags"
for t in "$version" "$major.$minor" latest; do
  check "registry holds urlscan:$t" grep -q "'$t'" <<<"$tags"
done
check "release pulled every tag back and /version said $version" \
  grep -q "/version says: $version (commit " "$tmp/release.log"
label=$(skopeo inspect --tls-verify=false "docker://$registry/urlscan:latest" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["Labels"]["org.opencontainers.image.version"])' || true)
check "skopeo: latest's label version is $version (got '$label')" test "$label" = "$version"

# The tarball and its checksums.
tarball=$tmp/dist/urlscan-$version-linux-x86_64.tar.gz
check "tarball written" test -s "$tarball"
check "SHA256SUMS verifies" bash -c "cd '$tmp/dist' && sha256sum --quiet -c SHA256SUMS"
mkdir -p "$tmp/unpacked"
tar -xzf "$tarball" -C "$tmp/unpacked"
bin=$tmp/unpacked/urlscan-$version-linux-x86_64/bin/urlscan
tar_version=$("$bin" --version 2>&1 | head -n 1 || true)
check "the tarball's urlscan runs with its own libraries: '$tar_version'" \
  test "${tar_version#"urlscan $version (commit "}" != "$tar_version"
scan_status=0
scan=$(printf 'http://paypa1-login.example.com/verify\n' | URLSCAN_CACHE_DIR=off "$bin" -) || scan_status=$?
check "the tarball's urlscan flags a look-alike URL (exit $scan_status)" \
  test "$scan_status" = 1 -a "$(cut -f1 <<<"$scan")" = phishing

echo "release test: $(($(date +%s) - start)) s in all"
finish
