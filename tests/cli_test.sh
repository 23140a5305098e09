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
check "version model" grep -q '^model: urlscan-gbt-' "$tmp/v"
check "version isa" grep -q '^isa: ' "$tmp/v"
check "help" bash -c "'$URLSCAN' --help | grep -q 'Exit status'"

# Exit codes: 0 nothing flagged, 1 something flagged, 2 error.
check "exit 0 clean" test "$(printf 'https://www.wikipedia.org/\n' | rc_of "$URLSCAN")" = 0
check "exit 1 flagged" test "$(printf 'http://paypal.com.account-verify-secure.info/webscr/login.php\n' | rc_of "$URLSCAN")" = 1
check "exit 2 bad option" test "$(rc_of "$URLSCAN" --bogus)" = 2
check "threshold range as written" bash -c "'$URLSCAN' --threshold 2 </dev/null 2>&1 | grep -qF 'must be a number in [0, 1]'"
check "help: --rules repeats" bash -c "'$URLSCAN' --help | grep -qF 'once (--rules may repeat)'"
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
check "explain" bash -c "printf 'http://paypal.com.verify.example/login.php\n' | '$URLSCAN' --explain | grep -q 'host contains'"
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

# Order and count: one output per input line, URL column in input order, any thread count,
# on a junk-laden file (binary bytes, NULs, a 1 MB line, invalid UTF-8, CRLF, empty lines).
python3 - "$tmp/order.txt" <<'PY'
import random, sys
random.seed(4)
with open(sys.argv[1], "wb") as f:
    for i in range(60000):
        k = random.random()
        if k < 0.01: f.write(bytes(random.randrange(256) for _ in range(40)).replace(b"\n", b"x"))
        elif k < 0.02: f.write(b"http://nul\x00%d.example/" % i)
        elif k < 0.03: f.write(b"http://bad\xff%d.example/" % i)
        elif k < 0.04: f.write(b"")
        elif k < 0.05: f.write(b"http://crlf%d.example/\r" % i)
        else: f.write(b"https://host%d.example.com/path/%d?q=%d" % (i % 977, i, i))
        f.write(b"\n")
    f.write(b"http://long.example/" + b"a" * (1 << 20) + b"\n")
PY
lines=$(wc -l < "$tmp/order.txt")
for t in 1 2 8; do
  "$URLSCAN" --threads "$t" --max-line 4096 "$tmp/order.txt" > "$tmp/o$t" 2>/dev/null
  check "order: $t threads line count" test "$(wc -l < "$tmp/o$t")" = "$lines"
done
check "order: same output for 1 and 8 threads" cmp -s "$tmp/o1" "$tmp/o8"
# The result cache: the file three times over (repeats of every kind of record, errors too),
# with the cache off, with the default and with one so small that it wraps, in every format.
cat "$tmp/order.txt" "$tmp/order.txt" "$tmp/order.txt" > "$tmp/thrice.txt"
for fmt in "" --json --csv; do
  "$URLSCAN" --threads 2 --max-line 4096 --cache-mb 0 $fmt "$tmp/thrice.txt" > "$tmp/c0" 2>/dev/null
  for mb in 64 1; do
    "$URLSCAN" --threads 2 --max-line 4096 --cache-mb "$mb" $fmt "$tmp/thrice.txt" > "$tmp/c$mb" 2>/dev/null
    check "result cache: --cache-mb $mb ${fmt:-tsv} prints what no cache prints" cmp -s "$tmp/c0" "$tmp/c$mb"
  done
done
check "result cache: 1 thread's default prints what no cache prints" cmp -s "$tmp/o1" \
  <("$URLSCAN" --threads 1 --max-line 4096 --cache-mb 0 "$tmp/order.txt" 2>/dev/null)
check "result cache: --cache-mb -1 is refused" bash -c "'$URLSCAN' --cache-mb -1 </dev/null 2>&1 | grep -qF 'cache-mb'"
# The URL column reproduces the clean input lines in order.
paste -d'\t' <(cut -f3 "$tmp/o8") "$tmp/order.txt" | awk -F'\t' '$2 ~ /^https:\/\/host[0-9]+\.example\.com/ && $1 != $2 {bad++} END {exit bad > 0}'
check "order: url column matches input" test $? = 0
check "order: 1 MB line is an error record" bash -c "tail -n 1 '$tmp/o8' | grep -q 'longer than the maximum'"
"$URLSCAN" --threads 8 --json "$tmp/order.txt" > "$tmp/oj" 2>/dev/null
check "json: one line per record" test "$(wc -l < "$tmp/oj")" = "$lines"
check "json: every line parses" python3 -c "import json,sys; [json.loads(l) for l in open('$tmp/oj', encoding='utf-8')]"

# gzip input, several files, --count, --summary, --csv.
printf 'http://a.example/\nhttp://paypal.com.account-verify-secure.info/webscr/login.php\n' | gzip > "$tmp/in.gz"
check "gz: two records" test "$("$URLSCAN" "$tmp/in.gz" | wc -l)" = 2
check "gz from a pipe" test "$(cat "$tmp/in.gz" "$tmp/in.gz" | "$URLSCAN" | wc -l)" = 4
head -c 30 "$tmp/in.gz" > "$tmp/cut.gz"
check "truncated gz: exit 2" test "$(rc_of "$URLSCAN" "$tmp/cut.gz")" = 2
check "truncated gz: message" bash -c "'$URLSCAN' '$tmp/cut.gz' 2>&1 >/dev/null | grep -q 'gzip'"
check "progress bar when asked" bash -c "'$URLSCAN' --progress '$tmp/in.gz' 2>&1 >/dev/null | grep -q 'URLs/s'"
"$URLSCAN" --count "$tmp/in.gz" "$tmp/in.gz" > "$tmp/count"
check "count: totals" grep -qx 'records	4' "$tmp/count"
check "count: flagged" grep -qx 'flagged	2' "$tmp/count"
check "summary on stderr" bash -c "'$URLSCAN' --summary '$tmp/in.gz' 2>&1 >/dev/null | grep -q 'URLs/s'"
check "csv header" bash -c "'$URLSCAN' --csv '$tmp/in.gz' | head -n 1 | grep -qx 'verdict,probability,url,reason'"
check "only-flagged" test "$("$URLSCAN" --only-flagged "$tmp/in.gz" | wc -l)" = 1
# A missing file is reported, the other files are still scanned, exit 2.
"$URLSCAN" "$tmp/in.gz" /nonexistent/x "$tmp/in.gz" > "$tmp/partial" 2> "$tmp/partial_err"; rc=$?
check "missing file: exit 2" test "$rc" = 2
check "missing file: others scanned" test "$(wc -l < "$tmp/partial")" = 4
check "missing file: named on stderr" grep -q '/nonexistent/x' "$tmp/partial_err"

# JSON Lines logs and access logs.
printf '%s\n' '{"req":{"url":"http://a.example/"}}' '{"req":{}}' 'not json' > "$tmp/log.jsonl"
"$URLSCAN" --field req.url --json "$tmp/log.jsonl" > "$tmp/jl"
check "jsonl: three records" test "$(wc -l < "$tmp/jl")" = 3
check "jsonl: source and line" grep -q '"source":".*log.jsonl","line":3' "$tmp/jl"
check "jsonl: missing field error" bash -c "sed -n 2p '$tmp/jl' | grep -q 'JSON field missing'"
printf '%s\n' 'shop.example.org:443 1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] "GET /cart HTTP/1.1" 200 12 "http://paypal.com.account-verify-secure.info/webscr" "ua"' > "$tmp/access.log"
"$URLSCAN" --access-log --json "$tmp/access.log" > "$tmp/al"
check "access log: request and referer" test "$(wc -l < "$tmp/al")" = 2
check "access log: joined host" grep -q '"url":"shop.example.org/cart"' "$tmp/al"

# Rule directories: user rules add to the built-in ones; a bad file is named with its line.
mkdir -p "$tmp/rules"
printf 'bad.example\n' > "$tmp/rules/blocklist.txt"
printf 'acmebank\tacmebank\tacmebank.example\n' > "$tmp/rules/brands.tsv"
check "rules: blocklist decides" bash -c "printf 'https://www.bad.example/\n' | '$URLSCAN' --rules '$tmp/rules' | grep -q 'blocklisted domain bad.example'"
check "rules: user brand" bash -c "printf 'http://acmebank-login.net/\n' | '$URLSCAN' --rules '$tmp/rules' | grep -q \"joins 'acmebank' with a lure word\""
check "rules: homograph named" bash -c "printf 'http://xn--pypal-4ve.com/\n' | '$URLSCAN' | grep -q \"IDN label imitating 'paypal'\""
check "no-rules: no reasons" bash -c "printf 'http://xn--pypal-4ve.com/\n' | '$URLSCAN' --no-rules | awk -F'\t' '{exit \$4 != \"\"}'"
printf 'acme\tac me\tacme.com\n' > "$tmp/rules/brands.tsv"
check "rules: bad line exit 2" test "$(rc_of "$URLSCAN" --rules "$tmp/rules" /dev/null)" = 2
check "rules: file and line named" bash -c "'$URLSCAN' --rules '$tmp/rules' /dev/null 2>&1 | grep -q 'rules/brands.tsv line 1'"
# A folder of documentation only (the wrong --rules DIR): refused, not a silent no-op.
mkdir -p "$tmp/docs-only"
printf 'notes\n' > "$tmp/docs-only/README.md"
check "rules: no rule file exit 2" test "$(rc_of "$URLSCAN" --rules "$tmp/docs-only" /dev/null)" = 2
check "rules: no rule file named" bash -c "'$URLSCAN' --rules '$tmp/docs-only' /dev/null 2>&1 | grep -q 'docs-only: no rule file'"

# Issue 13: conflicting options are refused (exit 2, both named); --version takes nothing else.
conflict() {  # conflict "OPTIONS" "MESSAGE PART"
  local out rc
  # shellcheck disable=SC2086 # the options are a list
  out=$(printf 'a.example\n' | "$URLSCAN" $1 2>&1 >/dev/null); rc=$?
  check "conflict: $1" test "$rc" = 2
  check "conflict message: $1" grep -qF -- "$2" <<< "$out"
}
conflict "--field a --access-log" "--field and --access-log exclude each other"
conflict "--column 2 --field a" "--column and --field exclude each other"
conflict "--json --csv" "--json and --csv exclude each other"
conflict "--extract --column 1" "--extract and --column exclude each other"
conflict "--log-host x.example" "--log-host works only with --access-log"
conflict "--access-log --log-host=" "--log-host needs a host name"
conflict "--host-field h" "--host-field works only with --field"
conflict "--count --only-flagged" "--count prints totals only"
conflict "--threads 2 --threads 3" "--threads is given twice"
conflict "--progress --no-progress" "--progress and --no-progress exclude each other"
check "version with junk: exit 2" test "$(rc_of "$URLSCAN" --version --bogus)" = 2
check "help with junk: exit 2" test "$(rc_of "$URLSCAN" --help --bogus)" = 2
# --count follows the output format.
printf 'http://a.example/\n' > "$tmp/one.txt"
check "count json" test "$("$URLSCAN" --count --json "$tmp/one.txt")" = '{"records":1,"flagged":0,"errors":0}'
check "count csv" test "$("$URLSCAN" --count --csv "$tmp/one.txt" | tail -n 1)" = '1,0,0'
# --quiet prints nothing; the exit status and --summary still tell.
printf 'http://a.example/\nhttp://paypal.com.account-verify-secure.info/webscr/login.php\n' > "$tmp/two.txt"
"$URLSCAN" --quiet --summary "$tmp/two.txt" > "$tmp/quiet_out" 2> "$tmp/quiet_err"; rc=$?
check "quiet: no output" test ! -s "$tmp/quiet_out"
check "quiet: exit 1 flagged" test "$rc" = 1
check "quiet: summary counts" grep -q '2 records, 1 flagged' "$tmp/quiet_err"
check "quiet: exit 0 clean" test "$(rc_of "$URLSCAN" --quiet "$tmp/one.txt")" = 0
conflict "--quiet --json" "--quiet and --json exclude each other"
conflict "--quiet --count" "--quiet prints nothing: --count has no effect"
conflict "--json=1" "--json takes no value"

# Nothing could be scanned: said on stderr, exit 2 (a cron job must not report clean).
printf '%s\n' '{"time":"x","msg":"custom format"}' '{"time":"y","msg":"custom"}' > "$tmp/custom.log"
"$URLSCAN" --access-log "$tmp/custom.log" > /dev/null 2> "$tmp/allerr"; rc=$?
check "all errors: exit 2" test "$rc" = 2
check "all errors: said on stderr" grep -q '2 of 2 records are errors.*first: .*custom.log line 1: not an access-log line' "$tmp/allerr"
printf '%s\n' '1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] "GET /x HTTP/1.1" 200 1 "-" "ua"' > "$tmp/nohost.log"
check "combined log without --log-host: exit 2" test "$(rc_of "$URLSCAN" --access-log "$tmp/nohost.log")" = 2
check "some errors: still exit 0" test "$(printf 'https://www.wikipedia.org/\n\n' | rc_of "$URLSCAN")" = 0
check "error ratio over the limit: exit 2" test "$(printf 'https://www.wikipedia.org/\n\n' | rc_of "$URLSCAN" --max-error-ratio 0.4)" = 2
check "error ratio within the limit: exit 0" test "$(printf 'https://www.wikipedia.org/\n\n' | rc_of "$URLSCAN" --max-error-ratio 0.5)" = 0
check "empty input: exit 0" test "$(rc_of "$URLSCAN" /dev/null)" = 0

# Control bytes never split a TSV record; a space in the host is an error, not a URL.
printf 'example.com/a\tb\nexample.com/c\033[31m\nhello world\n' | "$URLSCAN" > "$tmp/ctl"
check "tab: three columns" test "$(awk -F'\t' 'NR==1 {print NF}' "$tmp/ctl")" = 3
check "tab escaped" grep -qF 'example.com/a\x09b' "$tmp/ctl"
check "escape escaped" grep -qF 'example.com/c\x1b[31m' "$tmp/ctl"
check "hello world is an error" grep -q '^error.*hello world.*space or control character in the host' "$tmp/ctl"
check "csv keeps backslashes" test "$(printf 'a.example/a\\b\n' | "$URLSCAN" --csv | tail -n 1 | cut -d, -f3)" = 'a.example/a\b'
# Invalid UTF-8 in JSON: a lone surrogate per stray byte, never the letter U+00FF.
printf 'a.example/\377\na.example/\303\277\n' | "$URLSCAN" --json > "$tmp/u8"
check "json stray byte round-trips" python3 -c "
import json, sys
a, b = [json.loads(l)['url'].encode('utf-8', 'surrogateescape') for l in open('$tmp/u8', encoding='utf-8')]
sys.exit(not (a == b'a.example/\xff' and b == b'a.example/\xc3\xbf'))"

# --progress without a known size (stdin, .gz): records and rate, no bar stuck at 0%.
"$URLSCAN" --progress 2> "$tmp/prog" > /dev/null < <(cat "$tmp/many")  # a pipe: no size
check "progress on stdin: records" grep -q '300000 records .* URLs/s' "$tmp/prog"
check "progress on stdin: no bar" bash -c "! grep -q '%' '$tmp/prog'"
"$URLSCAN" --progress "$tmp/in.gz" 2> "$tmp/proggz" > /dev/null
check "progress on gz: no bar" bash -c "! grep -q '%' '$tmp/proggz'"
# --explain: the list-decided URLs are explained in no format, the others in every one.
printf 'https://www.paypal.com/signin\nhttp://paypal.com.verify.example/login.php\n' > "$tmp/ex.txt"
check "explain tsv" test "$("$URLSCAN" --explain "$tmp/ex.txt" | grep -c '(+\|(-')" = 1
check "explain json" test "$("$URLSCAN" --explain --json "$tmp/ex.txt" | grep -c '"explanation"')" = 1
check "extract balanced parentheses" test "$(printf 'see http://example.com/a_(b) (or http://example.com/c)\n' | "$URLSCAN" --extract | cut -f3 | tr '\n' ' ')" = 'http://example.com/a_(b) http://example.com/c '

# train: --output is checked before training; bad rows are named; no --help pointer for data.
"$URLSCAN" train --train "$tmp/tiny.tsv" --val "$tmp/tiny.tsv" --output /nonexistent/dir/m.model 2> "$tmp/trainerr"; rc=$?
check "train unwritable output: exit 2" test "$rc" = 2
check "train unwritable output: named" grep -q '/nonexistent/dir/m.model: cannot write' "$tmp/trainerr"
check "train unwritable output: before training" bash -c "! grep -q '^train: \|done (' '$tmp/trainerr'"
check "train data error: no --help pointer" bash -c "! grep -q 'see urlscan --help' '$tmp/trainerr'"
awk -F'\t' 'NR>1 {print $2 "\t" $1}' "$tmp/tiny.tsv" > "$tmp/swapped.tsv"
"$URLSCAN" train --train "$tmp/swapped.tsv" --val "$tmp/tiny.tsv" --output "$tmp/s.model" --quiet 2> "$tmp/swaperr"
check "swapped columns: file, line and why" grep -q "swapped.tsv:1: .*columns swapped" "$tmp/swaperr"
check "swapped columns: no model left" test ! -e "$tmp/s.model"
check "swapped columns: no temporary left" bash -c "! ls '$tmp' | grep -q 's.model.tmp'"
check "eval unwritable output: exit 2" test "$(rc_of "$URLSCAN" eval "$tmp/tiny.tsv" --model "$tmp/tiny.model" --output /nonexistent/dir/r.txt)" = 2
check "train option twice: exit 2" test "$(rc_of "$URLSCAN" train --train "$tmp/tiny.tsv" --val "$tmp/tiny.tsv" --seed 1 --seed 2 -o "$tmp/x.model")" = 2
check "eval option twice: exit 2" test "$(rc_of "$URLSCAN" eval "$tmp/tiny.tsv" --json --json)" = 2
check "scan --model twice: exit 2" test "$(rc_of "$URLSCAN" --model "$SRC/models/urlscan.model" --model "$SRC/models/urlscan.model" /dev/null)" = 2
check "usage error keeps the --help pointer" bash -c "'$URLSCAN' --bogus 2>&1 | grep -q 'see urlscan --help'"

# Every subcommand answers --help (exit 0, its own usage lines) instead of refusing it.
for sub in train eval sites serve experiment; do
  check "$sub --help: exit 0" test "$(rc_of "$URLSCAN" "$sub" --help)" = 0
  check "$sub --help: its usage" bash -c "'$URLSCAN' $sub --help | head -1 | grep -q '^usage: urlscan $sub '"
  check "$sub --help: no other subcommand" bash -c "! '$URLSCAN' $sub --help | grep -q 'urlscan \(train\|eval\|sites\|serve\|experiment\) ' || \
    ! '$URLSCAN' $sub --help | grep 'urlscan \(train\|eval\|sites\|serve\|experiment\) ' | grep -vq 'urlscan $sub '"
done
check "serve --help lists every setting with its variable and help" bash -c "'$URLSCAN' serve --help | grep -q '^  --gate-min-auc AUC *GATE_MIN_AUC *the gate'"

# --output - is stdout (not a file named '-'), for the scan and for eval (run inside $tmp, so
# a stray '-' would land there; meson may pass a relative path to urlscan).
urlscan_abs=$(cd "$(dirname "$URLSCAN")" && pwd)/$(basename "$URLSCAN")
(cd "$tmp" && printf 'https://www.wikipedia.org/\n' | "$urlscan_abs" --output - > scan-stdout)
check "scan --output -: report on stdout" grep -q 'wikipedia' "$tmp/scan-stdout"
check "scan --output -: no file '-'" test ! -e "$tmp/-" -a ! -e "$tmp/-.part"
printf '0\thttps://www.wikipedia.org/\n1\thttp://paypal.com.account-verify-secure.info/webscr/login.php\n' > "$tmp/two.tsv"
(cd "$tmp" && "$urlscan_abs" eval two.tsv --json --output - > eval-stdout 2>/dev/null)
check "eval --output -: report on stdout" grep -q '"roc_auc"' "$tmp/eval-stdout"
check "eval --output -: no file '-'" bash -c "! ls '$tmp' | grep -q '^-'"

# --output onto something that is not a regular file (a FIFO here; /dev/null as root is the
# case that matters) writes into it: renaming FILE.part onto it would replace it with a file.
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" > "$tmp/fifo-read" &  # bounded: a replaced FIFO never gets a writer
reader=$!
printf 'https://www.wikipedia.org/\n' | "$URLSCAN" --output "$tmp/fifo"
wait "$reader" || true
check "scan --output FIFO: the report went through the FIFO" grep -q 'wikipedia' "$tmp/fifo-read"
check "scan --output FIFO: still a FIFO" test -p "$tmp/fifo"
check "scan --output FIFO: no FIFO.part" test ! -e "$tmp/fifo.part"

# sites --group platform: every user of a platform in one part (by site they spread).
{ printf 'label\turl\n'; for i in $(seq 1 40); do printf '1\thttps://u%d.github.io/x\n' "$i"; done; } > "$tmp/plat.tsv"
for k in 0 1; do "$URLSCAN" sites "$tmp/plat.tsv" --parts 2 --keep "$k" --group platform -o "$tmp/plat$k.tsv"; done
check "sites --group platform: one part holds the platform" bash -c "test \$(( \$(wc -l < '$tmp/plat0.tsv') * \$(wc -l < '$tmp/plat1.tsv') )) = 41"
check "sites by site: the platform's users on both sides" test "$("$URLSCAN" sites "$tmp/plat.tsv" --parts 2 --keep 0 | wc -l)" -lt 41
check "sites --group bogus: exit 2" test "$(rc_of "$URLSCAN" sites "$tmp/plat.tsv" --parts 2 --keep 0 --group bogus)" = 2

echo "$pass passed, $fail failed"
test "$fail" = 0
