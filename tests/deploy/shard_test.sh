#!/bin/bash
# `urlscan --shard K/N` (what each pod of the chart's Indexed Job runs): for N in 1, 3 and 7 the
# N shards' outputs, interleaved round-robin, equal the unsharded scan line for line, and the
# shards' --count totals add up to the whole's; --output writes a report file atomically. Inputs: two files of generated URLs with error
# records mixed in (empty and overlong lines), plus an access log (two records per line when it
# has a Referer, so record numbers differ from line numbers); outputs TSV and --json.
#   shard_test.sh URLSCAN GEN_URLS
set -euo pipefail
urlscan=$1 gen=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# File a: URLs with an empty line every 97 and an overlong line every 113 (error records).
"$gen" 6000 --seed 11 | awk '{ print } NR % 97 == 0 { print "" } NR % 113 == 0 { printf "https://long.example/%0400d\n", NR }' >"$work/a.txt"
"$gen" 2500 --seed 12 | gzip -c >"$work/b.txt.gz"
"$gen" 3000 --seed 13 --access-log >"$work/access.log"

# interleave OUT FILE...: line i of OUT is line i/N of shard i%N's output.
interleave() { python3 "$(dirname "$0")/shard_interleave.py" "$@"; }

# scan(MODE, ARGS...): the scan of this mode's input with extra ARGS.
scan() {
  local mode=$1
  shift
  case $mode in
    lines) "$urlscan" --max-line 256 --threads 2 "$@" "$work/a.txt" "$work/b.txt.gz" ;;
    access) "$urlscan" --access-log --threads 2 "$@" "$work/access.log" ;;
  esac
}

failures=0 checks=0
for mode in lines access; do
  for format in tsv json; do
    fmt=()
    [[ $format == json ]] && fmt=(--json)
    scan "$mode" "${fmt[@]}" >"$work/whole" || [[ $? == 1 ]]
    scan "$mode" --count >"$work/whole.count" || [[ $? == 1 ]]
    total=$(wc -l <"$work/whole")
    errors=$(awk '$1 == "errors" { print $2 }' "$work/whole.count")
    if [[ $errors == 0 ]]; then
      echo "FAIL: $mode input has no error records (the test needs some)"
      failures=$((failures + 1))
    fi
    for n in 1 3 7; do
      outs=()
      for ((k = 0; k < n; k++)); do
        scan "$mode" "${fmt[@]}" --shard "$k/$n" >"$work/shard.$k" || [[ $? == 1 ]]
        [[ $format == tsv ]] && { scan "$mode" --count --shard "$k/$n" >"$work/count.$k" || [[ $? == 1 ]]; }
        outs+=("$work/shard.$k")
      done
      checks=$((checks + 1))
      if interleave "$work/merged" "${outs[@]}" && cmp -s "$work/merged" "$work/whole"; then
        echo "ok: $mode $format N=$n: interleave of $n shards == whole ($total records)"
      else
        echo "FAIL: $mode $format N=$n: interleave differs from the whole scan"
        diff "$work/whole" "$work/merged" | head -5 || true
        failures=$((failures + 1))
      fi
      [[ $format == tsv ]] || continue  # the totals do not depend on the output format
      # --count totals of the shards add up to the whole's (records, flagged, errors).
      summed=$(cat "$work"/count.* | awk '{ t[$1] += $2 } END { printf "records\t%d\nflagged\t%d\nerrors\t%d\n", t["records"], t["flagged"], t["errors"] }')
      rm -f "$work"/count.*
      checks=$((checks + 1))
      if [[ $summed == "$(cat "$work/whole.count")" ]]; then
        echo "ok: $mode N=$n: shard --count totals add up ($(tr '\n' ' ' <"$work/whole.count"))"
      else
        echo "FAIL: $mode N=$n: shard totals [$summed] != whole [$(cat "$work/whole.count")]"
        failures=$((failures + 1))
      fi
    done
  done
done

# --summary on stderr counts the shard's own records.
summary=$(scan lines --shard 1/3 --summary 2>&1 >/dev/null || true)
checks=$((checks + 1))
want=$(scan lines --shard 1/3 --count | awk '$1 == "records" { print $2 }' || true)
if [[ $summary == "urlscan: $want records,"* ]]; then
  echo "ok: --summary of shard 1/3 counts its $want records"
else
  echo "FAIL: --summary of shard 1/3: '$summary', want $want records"
  failures=$((failures + 1))
fi

# --output FILE (the Job's pods have no shell to redirect): the same bytes as stdout, under the
# final name only when complete; a scan that cannot read an input leaves FILE.part and exits 2.
checks=$((checks + 1))
scan lines --json --shard 2/7 >"$work/stdout.jsonl" || [[ $? == 1 ]]
scan lines --json --shard 2/7 --output "$work/report.jsonl" || [[ $? == 1 ]]
rc=0
"$urlscan" --output "$work/broken.jsonl" "$work/a.txt" "$work/missing.txt" 2>/dev/null || rc=$?
if cmp -s "$work/stdout.jsonl" "$work/report.jsonl" && [[ ! -e $work/report.jsonl.part && $rc == 2 &&
  ! -e $work/broken.jsonl && -s $work/broken.jsonl.part ]]; then
  echo "ok: --output writes the shard's report, renamed only when complete"
else
  echo "FAIL: --output: report differs from stdout, or a failed scan left FILE (exit $rc)"
  failures=$((failures + 1))
fi

# --exit-zero (the Job's pods): flagged records exit 0, a missing input still exits 2.
checks=$((checks + 1))
rc_flagged=0 rc_missing=0
scan lines --shard 0/3 --count --exit-zero >/dev/null || rc_flagged=$?
"$urlscan" --exit-zero "$work/missing.txt" >/dev/null 2>&1 || rc_missing=$?
if [[ $rc_flagged == 0 && $rc_missing == 2 && $(awk '$1 == "flagged" { print $2 }' "$work/whole.count") -gt 0 ]]; then
  echo "ok: --exit-zero: a shard with flagged URLs exits 0, a missing input 2"
else
  echo "FAIL: --exit-zero: flagged shard exit $rc_flagged (want 0), missing input exit $rc_missing (want 2)"
  failures=$((failures + 1))
fi

# Bad K/N: exit 2 with a message naming --shard, and nothing on stdout.
for bad in 3/3 -1/3 1/0 2 a/b 1/2/3 ""; do
  checks=$((checks + 1))
  rc=0
  out=$("$urlscan" --shard "$bad" "$work/a.txt" 2>"$work/err") || rc=$?
  if [[ $rc == 2 && -z $out ]] && grep -q -- '--shard' "$work/err"; then
    echo "ok: --shard '$bad' rejected: $(head -1 "$work/err")"
  else
    echo "FAIL: --shard '$bad': exit $rc, stdout ${#out} bytes, stderr: $(head -1 "$work/err")"
    failures=$((failures + 1))
  fi
done

echo "$((checks - failures))/$checks checks passed"
[[ $failures == 0 ]]
