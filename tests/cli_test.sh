#!/usr/bin/env bash
# Integration tests of the urlscan command line: exit codes, error records, bad models, pipes.
set -u
URLSCAN=${1:?usage: cli_test.sh PATH/TO/urlscan}
SRC=${URLSCAN_SOURCE_ROOT:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
rc_of() { "$@" >/dev/null 2>&1; echo $?; }

# --version names the model, the ISA and the libraries.
"$URLSCAN" --version > "$tmp/v"
check "version model" grep -q '^model: urlscan-lr-' "$tmp/v"
check "version isa" grep -q '^isa: ' "$tmp/v"
check "help" bash -c "'$URLSCAN' --help | grep -q 'Exit status'"

# Exit codes: 0 nothing flagged, 1 something flagged, 2 error.
check "exit 0 clean" test "$(printf 'https://www.wikipedia.org/\n' | rc_of "$URLSCAN")" = 0
check "exit 1 flagged" test "$(printf 'http://paypal.com.account-verify-secure.info/webscr/login.php\n' | rc_of "$URLSCAN")" = 1
check "exit 2 bad option" test "$(rc_of "$URLSCAN" --bogus)" = 2
check "exit 2 missing file" test "$(rc_of "$URLSCAN" /nonexistent/file)" = 2
check "exit 2 bad ISA" test "$(URLSCAN_ISA=neon rc_of "$URLSCAN" --version)" = 2
check "forced ISA shown" bash -c "URLSCAN_ISA=sse4.2 '$URLSCAN' --version | grep -q '^isa: sse4.2'"

# One output line per input line, in order, also for junk.
{
  printf 'https://example.com/a\n\nhttp://x\001y.com/\n'
  printf 'http://nul\000byte.com/\n'
  printf 'http://bad\377utf8.com/\n'
  printf 'mailto:someone@example.com\n'
  head -c 200000 /dev/zero | tr '\0' 'a'; printf '\n'
  printf 'no newline at end'
} > "$tmp/junk"
"$URLSCAN" --max-line 1000 "$tmp/junk" > "$tmp/out" 2>"$tmp/err"
check "junk: line count" test "$(wc -l < "$tmp/out")" = 8
check "junk: first url kept" bash -c "sed -n 1p '$tmp/out' | grep -q 'https://example.com/a'"
check "junk: empty line error" bash -c "sed -n 2p '$tmp/out' | grep -q '^error.*empty record'"
check "junk: control char error" bash -c "sed -n 3p '$tmp/out' | grep -q 'control characters'"
check "junk: NUL error" bash -c "sed -n 4p '$tmp/out' | grep -q 'NUL byte'"
check "junk: utf8 error" bash -c "sed -n 5p '$tmp/out' | grep -q 'not valid UTF-8'"
check "junk: no host error" bash -c "sed -n 6p '$tmp/out' | grep -q 'no host'"
check "junk: long line error" bash -c "sed -n 7p '$tmp/out' | grep -q 'longer than the maximum'"
check "junk: last line" bash -c "sed -n 8p '$tmp/out' | grep -q 'no newline at end'"

# JSON output parses and carries the fields.
printf 'https://example.com/\nhttp://bad\377.com/\n' | "$URLSCAN" --json > "$tmp/j" ; true
check "json lines" test "$(wc -l < "$tmp/j")" = 2
check "json fields" bash -c "sed -n 1p '$tmp/j' | grep -q '\"url\":\"https://example.com/\",\"phishing\":false,\"probability\":'"
check "json error" bash -c "sed -n 2p '$tmp/j' | grep -q '\"error\":'"
check "explain" bash -c "printf 'http://paypal.com.verify.example/login.php\n' | '$URLSCAN' --explain | grep -q 'host n-gram'"
check "allowlist reason" bash -c "printf 'https://www.paypal.com/signin\n' | '$URLSCAN' | grep -q 'allowlisted official domain paypal.com'"

# A closed pipe ends the scan quietly.
yes 'http://example.com/some/path' | head -n 300000 > "$tmp/many"
"$URLSCAN" "$tmp/many" 2>"$tmp/pipe_err" | head -n 1 > /dev/null
check "broken pipe quiet" test ! -s "$tmp/pipe_err"

# Bad model files are refused with a message, exit 2.
printf 'not a model' > "$tmp/bad.model"
check "foreign model exit" test "$(rc_of "$URLSCAN" --model "$tmp/bad.model" /dev/null)" = 2
check "foreign model message" bash -c "'$URLSCAN' --model '$tmp/bad.model' /dev/null 2>&1 | grep -q 'not a urlscan model'"
head -c 1000 "$SRC/models/urlscan.model" > "$tmp/trunc.model"
check "truncated model" bash -c "'$URLSCAN' --model '$tmp/trunc.model' /dev/null 2>&1 | grep -q 'truncated'"
cp "$SRC/models/urlscan.model" "$tmp/flip.model"
printf '\x55' | dd of="$tmp/flip.model" bs=1 seek=200000 conv=notrunc status=none
check "bit flip" bash -c "'$URLSCAN' --model '$tmp/flip.model' /dev/null 2>&1 | grep -q 'checksum'"
check "explicit model ok" test "$(rc_of "$URLSCAN" --model "$SRC/models/urlscan.model" /dev/null)" = 0

# train/eval on a tiny generated set: the pipeline runs end to end, eval --json has the keys.
{
  echo "label	url"
  for i in $(seq 1 300); do
    echo "1	http://secure-login-$i.example-verify.info/account/update.php?id=$i"
    echo "0	https://blog$i.example.org/posts/$i/notes"
  done
} > "$tmp/tiny.tsv"
"$URLSCAN" train --train "$tmp/tiny.tsv" --val "$tmp/tiny.tsv" --output "$tmp/tiny.model" --quiet
check "train writes model" test -s "$tmp/tiny.model"
"$URLSCAN" eval "$tmp/tiny.tsv" --model "$tmp/tiny.model" --json > "$tmp/eval.json"
for k in n accuracy precision recall f1 roc_auc fpr; do
  check "eval json key $k" grep -q "\"$k\":" "$tmp/eval.json"
done
awk -F'\t' 'NR>1 && $1==1' "$tmp/tiny.tsv" > "$tmp/pos.tsv"
"$URLSCAN" eval "$tmp/pos.tsv" --model "$tmp/tiny.model" --json --no-slices > "$tmp/pos.json"
check "one-class eval omits auc" bash -c "! grep -q roc_auc '$tmp/pos.json'"
check "train bad args exit 2" test "$(rc_of "$URLSCAN" train --train /nonexistent)" = 2

echo "$pass passed, $fail failed"
test "$fail" = 0
