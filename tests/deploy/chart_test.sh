#!/bin/bash
# The Helm chart without a cluster, with the real helm (3.17, from npm): `helm lint --strict`
# with each value set of deploy/helm/urlscan/ci/; `helm template` of each set, every object
# validated against the Kubernetes, Istio and Prometheus Operator schemas (chart_validate.mjs,
# zero errors, unknown kinds fail) and the set's wiring asserted (chart_assert.mjs); the validator
# itself must reject a broken manifest; and every bad value set in chart_bad_values/ must make
# `helm template` fail with the error its first line names; the package holds the real rules
# file; deploy/README.md's values table matches the schema.
#   chart_test.sh CACHE_DIR
set -euo pipefail
cache=$1
here=$(cd "$(dirname "$0")" && pwd)
chart=$(cd "$here/../../deploy/helm/urlscan" && pwd)
helm=$(bash "$here/chart_helm.sh" "$cache")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HELM_CACHE_HOME=$work/helm-cache HELM_CONFIG_HOME=$work/helm-config HELM_DATA_HOME=$work/helm-data
failures=0 checks=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

for values in "$chart"/ci/*-values.yaml; do
  set_name=$(basename "$values" -values.yaml)
  checks=$((checks + 1))
  if out=$("$helm" lint --strict "$chart" -f "$values" 2>&1); then
    echo "ok: helm lint --strict ($set_name)"
  else
    fail "helm lint --strict ($set_name): $out"
  fi
  checks=$((checks + 1))
  if ! "$helm" template t "$chart" -f "$values" >"$work/$set_name.yaml" 2>"$work/err"; then
    fail "helm template ($set_name): $(cat "$work/err")"
    continue
  fi
  if out=$(node "$here/chart_validate.mjs" "$work/$set_name.yaml" 2>&1); then
    echo "ok: $set_name: $(tail -1 <<<"$out") ($(head -n -1 <<<"$out" | tr '\t\n' '= ' | sed 's/ $//'))"
  else
    fail "$set_name: schema validation: $out"
  fi
  checks=$((checks + 1))
  if out=$(node "$here/chart_assert.mjs" "$set_name" "$work/$set_name.yaml" 2>&1); then
    echo "ok: $set_name: $(tail -1 <<<"$out")"
  else
    fail "$set_name: $out"
  fi
done

# The validator is not a rubber stamp: a wrong type (also in a Prometheus Operator object), an
# unknown kind and a duplicate key fail.
checks=$((checks + 1))
sed '0,/containerPort: 8080/s//containerPort: "http"/' "$work/default.yaml" >"$work/bad-type.yaml"
sed '0,/- port: http/s//- port: 8080/' "$work/monitoring.yaml" >"$work/bad-crd-type.yaml"
printf -- '---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n' >"$work/bad-kind.yaml"
printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: "1", A: "2"}\n' >"$work/bad-dup.yaml"
bad_ok=1
for f in bad-type bad-crd-type bad-kind bad-dup; do
  if node "$here/chart_validate.mjs" "$work/$f.yaml" >"$work/out" 2>&1; then
    bad_ok=0
    fail "the validator accepted $f: $(cat "$work/out")"
  fi
done
[[ $bad_ok == 1 ]] && echo "ok: the validator rejects a wrong type (Deployment, ServiceMonitor), an unknown kind, a duplicate key"

# values.schema.json (and the templates' own checks) reject bad values.
for values in "$here"/chart_bad_values/*.yaml; do
  checks=$((checks + 1))
  want=$(sed -n '1s/^# expect: //p' "$values")
  name=$(basename "$values" .yaml)
  if [[ -z $want ]]; then
    fail "$name: its first line must be '# expect: ERROR TEXT'"
  elif "$helm" template t "$chart" -f "$values" >/dev/null 2>"$work/err"; then
    fail "bad values $name: helm template succeeded"
  elif grep -qF -- "$want" "$work/err"; then
    echo "ok: bad values $name rejected: $want"
  else
    fail "bad values $name: failed, but without '$want': $(cat "$work/err")"
  fi
done

# The chart packages (what a release would publish), without the ci/ value sets, with the rules
# file (the one copy, which the PrometheusRule reads) byte for byte.
checks=$((checks + 1))
if "$helm" package "$chart" -d "$work" >/dev/null 2>"$work/err" && tar -tzf "$work"/urlscan-*.tgz >"$work/files" &&
  grep -q '^urlscan/values.schema.json$' "$work/files" && ! grep -q '^urlscan/ci/' "$work/files" &&
  tar -xzOf "$work"/urlscan-*.tgz urlscan/files/urlscan.rules.yml | cmp -s - "$chart/files/urlscan.rules.yml"; then
  echo "ok: helm package: $(basename "$work"/urlscan-*.tgz), $(wc -l <"$work/files") files, schema and rules file in, ci/ out"
else
  fail "helm package: $(cat "$work/err")"
fi

# deploy/README.md documents every value, in step with values.schema.json.
checks=$((checks + 1))
if out=$(node "$here/chart_values_doc.mjs" --check "$here/../../deploy/README.md" 2>&1); then
  echo "ok: deploy/README.md: $out"
else
  fail "deploy/README.md values table: $out"
fi

echo "$((checks - failures))/$checks checks passed"
[[ $failures == 0 ]]
