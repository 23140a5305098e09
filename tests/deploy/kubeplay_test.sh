#!/bin/bash
# The chart's default manifests run for real under `podman kube play` (the closest thing to a
# cluster here): the image built from deploy/container/Containerfile, the default values plus
# kubeplay_values.yaml (the local image, one replica, host networking with the model API on
# 127.0.0.1:18410 and the app on :18411, the app's MODEL_HOST at the model pod). Asserts: both
# pods become ready (/readyz, what the chart's probes call; podman 4.3 does not run the probes
# itself), each read its role from its ConfigMap, the app reaches the model API through
# MODEL_HOST (the api's /predict count rises when the page checks a URL), a URL posted to the
# page (POST /check) gets the right verdict, ADMIN_TOKEN comes from the Secret, the containers
# run as UID 10001 with a read-only root filesystem; then `podman kube down` removes it all.
# Then the chart's sharded scan Job (kubeplay_scan_values.yaml: 3 shards): its pods, made from
# the Job as the Job controller would (kubeplay_manifest.mjs), run under kube play with host
# folders for the claims; each writes its report, and the reports interleaved equal the whole
# scan by the same image.
#   kubeplay_test.sh CACHE_DIR GEN_URLS
set -euo pipefail
cache=$1 gen=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chart=$root/deploy/helm/urlscan
# shellcheck source=tests/deploy/image_env.sh
. "$here/image_env.sh"
require podman catatonit node curl
helm=$(bash "$here/chart_helm.sh" "$cache")
api=127.0.0.1:18410 app=127.0.0.1:18411
# The YAML's folder holds nothing named like an image (podman would try to build it).
work=$(mktemp -d)
played=0 scan_played=0
secrets=()
cleanup() {
  if [[ $played == 1 ]]; then
    podman kube down "$work/play.yaml" >/dev/null 2>&1 || true
  fi
  if [[ $scan_played == 1 ]]; then
    podman kube down "$work/scan.yaml" >/dev/null 2>&1 || true
  fi
  for s in "${secrets[@]}"; do podman secret rm "$s" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0 checks=0
check() {  # check WHAT COMMAND...: one assertion
  local what=$1
  shift
  checks=$((checks + 1))
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what" && failures=$((failures + 1)); fi
}

# podman's own chatter (the build log; "unable to get systemd connection" for the healthchecks
# it cannot schedule here) goes to a log, shown when a step fails.
log=$work/podman.log
on_error() { echo "FAIL: a step failed; the podman log:" && tail -n 40 "$log"; }
trap on_error ERR
start=$(date +%s)
image=$(bash "$here/image_build.sh" localhost/urlscan:kube 2>>"$log" | tail -n 1)
echo "image $image ready in $(($(date +%s) - start)) s"
"$helm" template t "$chart" -f "$here/kubeplay_values.yaml" --skip-tests >"$work/rendered.yaml"
node "$here/chart_validate.mjs" "$work/rendered.yaml" | tail -1
mkdir "$work/secrets"
node "$here/kubeplay_manifest.mjs" "$work/rendered.yaml" "$work/play.yaml" "$work/secrets"

# A leftover of an interrupted run would make the names clash.
podman kube down "$work/play.yaml" >>"$log" 2>&1 || true
for f in "$work"/secrets/*.json; do
  name=$(basename "$f" .json)
  podman secret rm "$name" >/dev/null 2>&1 || true
  podman secret create "$name" "$f" >>"$log" 2>&1
  secrets+=("$name")
done
played=1
play_start=$(date +%s)
podman kube play "$work/play.yaml" >>"$log" 2>&1

ready() {  # ready ADDR: /readyz says ready within 60 s
  local i
  for ((i = 0; i < 120; i++)); do
    [[ $(curl -s -m 2 "http://$1/readyz" || true) == *'"ready"'* ]] && return 0
    sleep 0.5
  done
  return 1
}
check "model API pod ready on $api" ready "$api"
check "app pod ready on $app" ready "$app"
t_ready=$(($(date +%s) - play_start))

version_api=$(curl -s -m 5 "http://$api/version")
version_app=$(curl -s -m 5 "http://$app/version")
check "the model API read ROLE=api from its ConfigMap" grep -q '"role":"api"' <<<"$version_api"
check "the app read ROLE=app and MODEL_HOST=$api from its ConfigMap" \
  grep -q "\"role\":\"app\".*\"source\":\"model API at $api\"" <<<"$version_app"

predicts() { curl -s -m 5 "http://$api/metrics" | awk '/^urlscan_http_requests_total\{code="200",route="\/predict"\}/ { n += $2 } END { print n + 0 }'; }
before=$(predicts)
page=$(curl -s -m 10 -X POST "http://$app/check" --data-urlencode 'url=http://paypal.com.secure-login.example.ru/webscr')
after=$(predicts)
check "POST /check on the page: a phishing URL gets the verdict phishing" \
  grep -q '<section id="result"[^>]*>' <<<"$page"
check "... and the verdict names it phishing" grep -qi 'phishing' <<<"$(sed -n '/id="result"/,/<\/section>/p' <<<"$page")"
check "the page asked the model API through MODEL_HOST (/predict count $before -> $after)" \
  test "$after" -gt "$before"
legit=$(curl -s -m 10 -X POST "http://$app/check" --data-urlencode 'url=https://www.wikipedia.org/')
check "a legitimate URL gets the verdict legitimate" \
  grep -qi 'legitimate' <<<"$(sed -n '/id="result"/,/<\/section>/p' <<<"$legit")"

token=$(node -e 'const d = require(process.argv[1]); console.log(Buffer.from(d.token, "base64").toString())' "$work/secrets/t-urlscan-admin.json")
code() { curl -s -o /dev/null -w '%{http_code}' -m 10 -X POST -H "Authorization: Bearer $1" -H 'Content-Length: 0' "http://$api/admin/reload"; }
check "ADMIN_TOKEN from the Secret: /admin/reload with it answers 200" test "$(code "$token")" = 200
check "... and with another token 401" test "$(code wrong-token)" = 401

for pod in t-urlscan-api-pod-0-urlscan t-urlscan-app-pod-0-urlscan; do
  check "$pod runs as 10001:10001, read-only root, no new privileges" \
    test "$(podman inspect "$pod" --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.SecurityOpt}}')" = "10001:10001 true [no-new-privileges]"
done

podman kube down "$work/play.yaml" >>"$log" 2>&1
played=0
check "podman kube down removed both pods" test -z "$(podman pod ps -q --filter name=t-urlscan-)"
# --- the sharded scan Job ---
claims=$work/claims
mkdir -p "$claims/scan-input" "$claims/scan-reports"
"$gen" 4000 --seed 21 | awk '{ print } NR % 89 == 0 { print "" } NR % 101 == 0 { printf "https://long.example/%0400d\n", NR }' >"$claims/scan-input/a.txt"
"$gen" 1500 --seed 22 | gzip -c >"$claims/scan-input/b.txt.gz"
chown 10001:10001 "$claims/scan-reports"  # the pods' user writes the reports
"$helm" template t "$chart" -f "$here/kubeplay_scan_values.yaml" --skip-tests --show-only templates/scan.yaml >"$work/scan-rendered.yaml"
node "$here/kubeplay_manifest.mjs" "$work/scan-rendered.yaml" "$work/scan.yaml" "$work/secrets" "$claims"
scan_start=$(date +%s)
scan_played=1
podman kube play "$work/scan.yaml" >>"$log" 2>&1
for k in 0 1 2; do
  rc=$(podman wait "t-urlscan-scan-1-$k-urlscan" 2>>"$log")
  check "scan pod $k exits 0 (--exit-zero: flagged URLs are not a Job failure) (exit $rc)" test "$rc" = 0
done
scan_s=$(($(date +%s) - scan_start))
podman kube down "$work/scan.yaml" >>"$log" 2>&1
scan_played=0
reports=("$claims"/scan-reports/t-urlscan-scan-1.shard-{0,1,2}-of-3.jsonl)
check "each pod wrote its complete report (no .part left)" \
  test "$(find "$claims/scan-reports" -name '*.jsonl' | wc -l)" = 3 -a -z "$(find "$claims/scan-reports" -name '*.part')"
podman run --rm --read-only -e URLSCAN_CACHE_DIR=off -v "$claims/scan-input:/input:ro" "$image" \
  --json --max-line 256 --no-progress /input/a.txt /input/b.txt.gz >"$work/whole.jsonl" 2>>"$log" || [[ $? == 1 ]]
python3 "$here/shard_interleave.py" "$work/merged.jsonl" "${reports[@]}"
check "the 3 shard reports interleaved == the whole scan ($(wc -l <"$work/whole.jsonl") records, $(grep -c '"error"' "$work/whole.jsonl" || true) with errors)" \
  cmp -s "$work/merged.jsonl" "$work/whole.jsonl"

echo "scan Job: 3 pods in $scan_s s"
echo "pods ready $t_ready s after kube play; $((checks - failures))/$checks checks passed in $(($(date +%s) - start)) s"
[[ $failures == 0 ]]
