#!/usr/bin/env bash
# Release steps, run by .github/workflows/release.yml on a vMAJOR.MINOR.PATCH tag and by
# tests/deploy/release_roundtrip.sh against a local registry:
#
#   scripts/release.sh [--registry REG] [--steps LIST] [--dist DIR] [--port P] [--tls-verify=false] VERSION
#   scripts/release.sh --print-version        meson's project(version:), the one place it is written
#
# VERSION (a leading "v" is dropped) must be semver and equal meson's version, else exit 2.
# Steps (default: all, in this order; LIST is comma-separated):
#   check    the checks above
#   image    podman build deploy/container/Containerfile as REG/urlscan:VERSION (labels: version,
#            revision, source, licenses); $URLSCAN_BASE_IMAGE, when set, replaces the FROM image
#   push     push VERSION, MAJOR.MINOR and latest to REG (a pre-release: VERSION only)
#   verify   pull each tag back into an empty image store, check they are one image, run it and
#            check that its /version reports VERSION
#   tarball  DIR/urlscan-VERSION-linux-x86_64.tar.gz (the image's binary, the libraries it links
#            and the dynamic loader, so it runs on any x86-64 Linux) and DIR/SHA256SUMS
#   publish  (only when named) the GitHub release vVERSION with the tarball and SHA256SUMS,
#            through the gh CLI (GH_TOKEN); a pre-release is marked as one
# REG defaults to $URLSCAN_REGISTRY (e.g. ghcr.io/OWNER or 127.0.0.1:18350), lower-cased.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "release: $*" >&2; exit 2; }

meson_version() {
  # meson's own reading of project(version:), not a regex over meson.build.
  meson introspect --projectinfo "$root/meson.build" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])'
}

if [ "${1:-}" = "--print-version" ]; then
  meson_version
  exit 0
fi

registry=${URLSCAN_REGISTRY:-}
steps=check,image,push,verify,tarball
dist=$root/build/dist
port=${URLSCAN_VERIFY_PORT:-18310}
tls_verify=true
version=""
while [ $# -gt 0 ]; do
  case $1 in
    --registry) registry=${2:?}; shift 2 ;;
    --steps) steps=${2:?}; shift 2 ;;
    --dist) dist=${2:?}; shift 2 ;;
    --port) port=${2:?}; shift 2 ;;
    --tls-verify=false) tls_verify=false; shift ;;
    -*) die "unknown option $1" ;;
    *) [ -z "$version" ] || die "one VERSION only"; version=$1; shift ;;
  esac
done
dist=$(realpath -m "$dist")
[ -n "$version" ] || die "usage: scripts/release.sh [options] VERSION (see the comment at the top)"
version=${version#v}

# semver.org's grammar: MAJOR.MINOR.PATCH, no leading zeros, optional -pre-release. Build
# metadata (+...) is refused: "+" cannot appear in an image tag.
num='(0|[1-9][0-9]*)'
ident='[0-9A-Za-z-]+'
semver="^$num\\.$num\\.$num(-$ident(\\.$ident)*)?\$"
[[ $version =~ $semver ]] ||
  die "'$version' is not a semantic version (MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-PRERELEASE)"
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
prerelease=${BASH_REMATCH[4]}
project_version=$(meson_version)
[ "$version" = "$project_version" ] ||
  die "'$version' differs from meson.build's project(version: '$project_version'): bump it there first"
registry=${registry,,}
image=${registry:+$registry/}urlscan
tags=("$version")
[ -n "$prerelease" ] || tags+=("$major.$minor" latest)

has_step() { [[ ",$steps," == *",$1,"* ]]; }
need_registry() { [ -n "$registry" ] || die "step $1 needs --registry (or URLSCAN_REGISTRY)"; }

revision() {
  local r
  r=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null) || { echo unknown; return; }
  git -C "$root" diff --quiet HEAD -- 2>/dev/null || r="$r-dirty"
  echo "$r"
}

step_image() {
  local source_url=${URLSCAN_IMAGE_SOURCE:-}
  if [ -z "$source_url" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
    source_url="${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY"
  fi
  local from=()
  [ -z "${URLSCAN_BASE_IMAGE:-}" ] || from=(--from "$URLSCAN_BASE_IMAGE")
  # chroot isolation works where runc's cgroup setup does not (these machines); a CI runner
  # may pass URLSCAN_BUILD_ISOLATION=oci.
  podman build --isolation "${URLSCAN_BUILD_ISOLATION:-chroot}" --network host --layers "${from[@]}" \
    -f "$root/deploy/container/Containerfile" \
    --build-arg VERSION="$version" --build-arg REVISION="$(revision)" \
    --build-arg SOURCE="$source_url" -t "$image:$version" "$root" >&2
  local t
  for t in "${tags[@]}"; do podman tag "$image:$version" "$image:$t"; done
  echo "release: built $image:$version ($(podman image inspect --format '{{.Size}}' "$image:$version") bytes)"
}

step_push() {
  need_registry push
  local t
  for t in "${tags[@]}"; do
    podman push --quiet --tls-verify="$tls_verify" "$image:$t"
    echo "release: pushed $image:$t"
  done
}

step_verify() {
  need_registry verify
  # A fresh, empty image store: every layer really comes back from the registry.
  local store
  store=$(mktemp -d)
  local p=(podman --root "$store/root" --runroot "$store/run" --storage-driver vfs)
  local t digest="" d
  for t in "${tags[@]}"; do
    "${p[@]}" pull --quiet --tls-verify="$tls_verify" "$image:$t" >/dev/null
    d=$("${p[@]}" image inspect --format '{{.Digest}}' "$image:$t")
    [ -z "$digest" ] || [ "$d" = "$digest" ] || die "$image:$t is $d, not $digest"
    digest=$d
    echo "release: pulled $image:$t ($d)"
  done
  local label
  label=$("${p[@]}" image inspect --format '{{index .Labels "org.opencontainers.image.version"}}' "$image:$version")
  [ "$label" = "$version" ] || die "label org.opencontainers.image.version is '$label', not $version"
  local name="urlscan-release-verify-$$" answer=""
  "${p[@]}" run -d --name "$name" --network host --read-only --tmpfs /var/cache/urlscan:rw,size=64m,U \
    -e BIND=127.0.0.1 -e PORT="$port" "$image:$version" serve >/dev/null
  for _ in $(seq 100); do
    answer=$(curl -sf "http://127.0.0.1:$port/version" 2>/dev/null) && break
    answer=""
    sleep 0.1
  done
  "${p[@]}" rm -f --time 5 "$name" >/dev/null
  if [ "$(id -u)" -eq 0 ]; then rm -rf "$store"; else podman unshare rm -rf "$store"; fi
  [ -n "$answer" ] || die "the pulled image never answered /version on port $port"
  local reported
  reported=$(printf '%s' "$answer" | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
  [[ $reported == "$version (commit "* ]] || die "the running image's /version says '$reported', not $version"
  echo "release: $image:$version runs and its /version says: $reported"
}

step_tarball() {
  local name="urlscan-$version-linux-x86_64"
  local work
  work=$(mktemp -d)
  local cid
  cid=$(podman create "$image:$version")
  podman export "$cid" | tar -x -C "$work"
  podman rm "$cid" >/dev/null
  local pkg=$work/pkg/$name
  mkdir -p "$pkg/bin" "$pkg/libexec" "$pkg/lib" "$pkg/share/man/man1"
  cp "$work/usr/bin/urlscan" "$pkg/libexec/urlscan"
  find "$work" -path "$work/pkg" -prune -o -name '*.so*' -type f -exec cp {} "$pkg/lib/" \;
  local loader
  loader=$(cd "$pkg/lib" && ls ld-linux-*.so.*)
  # The wrapper runs the binary through the shipped loader and libraries: no system libs needed.
  cat > "$pkg/bin/urlscan" <<EOF
#!/bin/sh
# urlscan $version: runs libexec/urlscan with the libraries shipped beside it.
here=\$(dirname "\$(readlink -f "\$0")")/..
exec "\$here/lib/$loader" --library-path "\$here/lib" "\$here/libexec/urlscan" "\$@"
EOF
  chmod 755 "$pkg/bin/urlscan"
  cp "$root/tools/urlscan.1" "$pkg/share/man/man1/"
  cp "$root/README.md" "$pkg/"
  [ ! -f "$root/LICENSE" ] || cp "$root/LICENSE" "$pkg/"
  mkdir -p "$dist"
  local epoch
  epoch=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)
  tar -C "$work/pkg" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -c "$name" |
    gzip -n -9 > "$dist/$name.tar.gz"
  rm -rf "$work"
  (cd "$dist" && sha256sum "$name.tar.gz" > SHA256SUMS)
  echo "release: $dist/$name.tar.gz ($(stat -c %s "$dist/$name.tar.gz") bytes), $dist/SHA256SUMS"
}

step_publish() {
  local name="urlscan-$version-linux-x86_64" pre=()
  [ -z "$prerelease" ] || pre=(--prerelease)
  (cd "$dist" && sha256sum --quiet -c SHA256SUMS) || die "$dist/SHA256SUMS does not verify"
  gh release create "v$version" "$dist/$name.tar.gz" "$dist/SHA256SUMS" --verify-tag \
    "${pre[@]}" --title "urlscan $version" \
    --notes "Image: ${image}:$version (also ${tags[*]:1}). Binary: $name.tar.gz (bin/urlscan runs with the libraries shipped beside it); checksums in SHA256SUMS."
  echo "release: published GitHub release v$version"
}

echo "release: $version (tags: ${tags[*]}; image: $image; steps: $steps)"
for s in image push verify tarball publish; do
  if has_step "$s"; then "step_$s"; fi
done
