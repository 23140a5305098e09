# Sourced by the deployment scripts: podman set up the way it works on these machines (runc,
# not crun, which fails with hybrid cgroups; explicit ulimits; host networking), written into
# a containers.conf of our own (CONTAINERS_CONF) so the machine's global configuration stays
# untouched. Sets DEPLOY_CACHE (the base image tarball and the conf live there).
# shellcheck shell=bash
DEPLOY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DEPLOY_ROOT
DEPLOY_CACHE=${URLSCAN_DEPLOY_CACHE:-$DEPLOY_ROOT/build/deploy-cache}
mkdir -p "$DEPLOY_CACHE"
export DEPLOY_CACHE
if [ -z "${CONTAINERS_CONF:-}" ]; then
  cat > "$DEPLOY_CACHE/containers.conf.tmp.$$" <<'CONF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=1000:1000"]
netns = "host"
[engine]
runtime = "runc"
CONF
  mv -f "$DEPLOY_CACHE/containers.conf.tmp.$$" "$DEPLOY_CACHE/containers.conf"
  export CONTAINERS_CONF="$DEPLOY_CACHE/containers.conf"
fi
# The name the Containerfile's FROM uses, made here from Debian's own packages.
BASE_IMAGE=localhost/debian:bookworm-slim
export BASE_IMAGE

# require TOOL...: a missing tool is a failure (tools/setup.sh installs them), never a skip.
require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not installed (run tools/setup.sh)" >&2; exit 1; }
  done
}
