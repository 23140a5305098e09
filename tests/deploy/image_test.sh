#!/usr/bin/env bash
# Image build + run (suite 'deploy'): builds deploy/container/Containerfile with podman (the
# base image made by mmdebstrap, both cached), then checks the image as a cluster runs it:
# non-root numeric UID, read-only root filesystem with a tmpfs for the rules cache (and with
# the cache off), /readyz and /predict on role api, the page and a verdict through the model
# API on role app, the CLI, the OCI labels, STOPSIGNAL honoured, the optional /models volume.
# Prints the image size and fails above SIZE_LIMIT_MB (default 100).
# Ports: 18301-18304 on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/deploy/image_testlib.sh
. tests/deploy/image_testlib.sh
require podman curl python3 git
start=$(date +%s)
img=$(bash tests/deploy/image_build.sh localhost/urlscan:test | tail -n 1)
echo "image: $img built in $(($(date +%s) - start)) s"
version=$(bash scripts/release.sh --print-version)
limit_mb=${SIZE_LIMIT_MB:-100}

# Size: what the image stores (uncompressed layers).
size=$(podman image inspect --format '{{.Size}}' "$img")
echo "image size: $size bytes ($((size / 1000000)) MB)"
check "image is at most $limit_mb MB" test "$size" -le $((limit_mb * 1000000))

# Labels and the runtime settings the Containerfile declares.
inspect() { podman image inspect --format "$1" "$img"; }
label() { inspect "{{index .Labels \"org.opencontainers.image.$1\"}}"; }
# The revision: a commit of this history (HEAD when it was built; others may commit since).
rev=$(label revision | sed 's/-dirty$//')
check "label version is meson's $version" test "$(label version)" = "$version"
check "label revision $rev is a commit of this branch" git merge-base --is-ancestor "$rev" HEAD
check "label licenses is Apache-2.0" test "$(label licenses)" = "Apache-2.0"
check "label source is declared" grep -q '"org.opencontainers.image.source"' <<<"$(inspect '{{json .Labels}}')"
check "user is numeric 10001:10001" test "$(inspect '{{.Config.User}}')" = "10001:10001"
check "STOPSIGNAL is SIGTERM" test "$(inspect '{{.Config.StopSignal}}')" = "SIGTERM"
check "ENTRYPOINT is urlscan" test "$(inspect '{{json .Config.Entrypoint}}')" = '["urlscan"]'

# The CLI: --version shows the semver and the commit; a scan from stdin gives verdicts.
cli_version=$(podman run --rm --read-only "$img" --version | head -n 1)
echo "podman run $img --version: $cli_version"
check "--version says 'urlscan $version (commit $rev', as the label" \
  test "${cli_version#"urlscan $version (commit $rev"}" != "$cli_version"
# Exit status 1: something was flagged (the man page's EXIT STATUS).
scan_status=0
scan=$(printf 'http://paypa1-login.example.com/verify\nhttps://www.wikipedia.org/\n' |
  podman run --rm -i --read-only -e URLSCAN_CACHE_DIR=off "$img" -) || scan_status=$?
verdicts=$(cut -f1 <<<"$scan" | tr '\n' ' ')
check "CLI scan from stdin: phishing, legitimate (got: $verdicts)" test "$verdicts" = "phishing legitimate "
check "CLI scan exits 1 (something flagged; got $scan_status)" test "$scan_status" = 1

# run NAME PORT ARGS...: a detached server on 127.0.0.1:PORT, root filesystem read-only.
run() {
  local name=$CONTAINER_PREFIX-$1 port=$2
  shift 2
  podman run -d --name "$name" --network host --read-only -e BIND=127.0.0.1 -e PORT="$port" \
    "$@" >/dev/null
}
pid_of() { podman inspect --format '{{.State.Pid}}' "$CONTAINER_PREFIX-$1"; }

# Role api: tmpfs cache (an emptyDir in the chart).
run api 18301 --tmpfs /var/cache/urlscan:rw,size=64m,U -e ROLE=api "$img"
check "api: /readyz answers" wait_http http://127.0.0.1:18301/readyz
pid=$(pid_of api)
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
check "api: runs as UID 10001, not root (got $uid)" test "$uid" = 10001
check "api: root filesystem is read-only" \
  test "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$CONTAINER_PREFIX-api")" = true
predict=$(curl -sf -H 'Content-Type: application/json' \
  -d '{"url":"http://paypa1-login.example.com/verify"}' http://127.0.0.1:18301/predict || echo '{}')
check "api: /predict flags a look-alike login URL" \
  test "$(printf '%s' "$predict" | json_get phishing 2>/dev/null)" = true
api_version=$(curl -sf http://127.0.0.1:18301/version | json_get version || true)
check "api: /version reports '$version (commit ...)' (got '$api_version')" \
  test "${api_version#"$version (commit "}" != "$api_version"
check "api: the compiled rules cache was written to the tmpfs" \
  compgen -G "/proc/$pid/root/var/cache/urlscan/rules-*.hs"
check "api: a write to the root filesystem is refused" \
  bash -c "! touch /proc/$pid/root/usr/bin/probe 2>/dev/null"

# Role app: the page (footer with the version) and a verdict fetched from the model API.
run app 18302 -e URLSCAN_CACHE_DIR=off -e ROLE=app -e MODEL_HOST=127.0.0.1:18301 "$img"
check "app: /readyz answers" wait_http http://127.0.0.1:18302/readyz
page=$(curl -sf http://127.0.0.1:18302/ || true)
check "app: the page's footer shows $version" grep -q "urlscan <span id=\"version\">$version (commit" <<<"$page"
checked=$(curl -sf --data-urlencode 'url=http://paypa1-login.example.com/verify' \
  http://127.0.0.1:18302/check || true)
check "app: a URL checked on the page gets the phishing verdict" grep -qi phishing <<<"$checked"

# The optional model volume: the model file mounted read-only at /models.
run vol 18303 -e URLSCAN_CACHE_DIR=off -v "$PWD/models:/models:ro" \
  -e MODEL_PATH=/models/urlscan.model "$img"
check "volume: /readyz answers" wait_http http://127.0.0.1:18303/readyz
source=$(curl -sf http://127.0.0.1:18303/version | json_get model.source || true)
check "volume: /version says the model came from /models (got '$source')" \
  test "${source#/models/urlscan.model}" != "$source"

# STOPSIGNAL: podman stop sends SIGTERM; the server drains and exits 0 (137 = killed).
podman stop --time 10 "$CONTAINER_PREFIX-api" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER_PREFIX-api")
check "api: exits 0 on SIGTERM (got $code)" test "$code" = 0

echo "image test: $(($(date +%s) - start)) s in all"
finish
