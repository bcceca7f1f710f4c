#!/bin/sh
# logscan hist: bucket counts equal an independent count of the generated
# log's timestamps (python3, each line at its entry's time, stack traces
# with their entry), with and without an index, with and without a
# pattern and a time range, across a New Year; the index path reads under
# 1% of the log (--stats); --by auto picks the ladder's narrowest width
# that fits 60 buckets; the chart fits COLUMNS; tsv and json agree.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed for the reference counts"
	exit 77
fi

# 400 days from 2026-12-28 (New Year 2027 falls in it), small groups so
# that a 30-day bucket holds many.
"$GENLOG" --size 16M --days 400 --start 1798416000 --seed 11 >"$T/g.log"
cp "$T/g.log" "$T/plain.log"

cat >"$T/ref.py" <<'PY'
# ref.py LOG WIDTH_S [SINCE_S UNTIL_S [SUBSTRING]]: the counts, as
# "start<TAB>count" from the first bucket with a line to the last.
import calendar, sys, time
log, w = sys.argv[1], int(sys.argv[2])
since = int(sys.argv[3]) if len(sys.argv) > 3 else None
until = int(sys.argv[4]) if len(sys.argv) > 4 else None
sub = sys.argv[5].encode() if len(sys.argv) > 5 else None
counts, t = {}, None
for line in open(log, "rb"):
    if line[:2] == b"20" and line[10:11] == b"T":
        s = line[:23].decode()
        t = calendar.timegm(time.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")) * 1000 + int(s[20:23])
    if t is None or (sub is not None and sub not in line):
        continue
    if since is not None and not (since * 1000 <= t < until * 1000):
        continue
    b = t // (w * 1000)
    counts[b] = counts.get(b, 0) + 1
if counts:
    for b in range(min(counts), max(counts) + 1):
        print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(b * w)) + "\t" + str(counts.get(b, 0)))
PY

# check DESC WIDTH_S REFARGS -- HISTARGS
check() {
	desc=$1 w=$2
	shift 2
	ref=""
	while [ "$1" != -- ]; do ref="$ref $1"; shift; done
	shift
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	python3 "$T/ref.py" "$T/plain.log" "$w" $ref >"$T/want"
	for ix in never auto; do
		"$LOGSCAN" hist --format=tsv --index=$ix "$@" >"$T/got.$ix" \
		    2>"$T/err"
		if ! cmp -s "$T/want" "$T/got.$ix"; then
			fail "$desc (--index=$ix): counts differ"
			diff "$T/want" "$T/got.$ix" | head -5 >&2
			sed 's/^/  stderr: /' "$T/err" >&2
		fi
	done
}

"$LOGSCAN" index -q --group-lines 64 "$T/g.log" || fail "index"
for by in 30d 1d; do
	case $by in 30d) w=2592000 ;; 1d) w=86400 ;; esac
	check "all lines by $by" $w -- --by $by "$T/g.log"
done
# 1h buckets over the New Year only (the range's edges inside groups).
s=$(date -u -d 2026-12-31T20:00:00 +%s) u=$(date -u -d 2027-01-01T04:30:00 +%s)
check "New Year by 1h" 3600 "$s" "$u" -- --by 1h \
    --since 2026-12-31T20:00:00Z --until 2027-01-01T04:30:00Z "$T/g.log"
check "New Year by 7m" 420 "$s" "$u" -- --by 7m \
    --since 2026-12-31T20:00:00Z --until 2027-01-01T04:30:00Z "$T/g.log"
# A pattern: ERROR lines, and stack-trace lines (no timestamp of their
# own: they count at their entry's).
check "ERROR by 30d" 2592000 0 9999999999 ERROR -- --by 30d -e ERROR \
    "$T/g.log"
check "stack traces by 30d" 2592000 0 9999999999 .java: -- --by 30d \
    -F -e .java: "$T/g.log"

# The index answers from its groups: under 1% of the log is read.
"$LOGSCAN" hist --stats --by 60d "$T/g.log" >/dev/null 2>"$T/stats"
checks=$((checks + 1))
pct=$(sed -n 's/.*bytes of the log (\([0-9.]*\)%).*/\1/p' "$T/stats")
if [ -z "$pct" ] || ! awk -v p="$pct" 'BEGIN { exit !(p < 1) }'; then
	fail "index path read ${pct:-?}% of the log"
	cat "$T/stats" >&2
fi
expect_grep "$T/stats" 'counted from the index' "stats name the index"
# Without the index the whole log is read, and said so.
"$LOGSCAN" hist --stats --index=never --by 30d "$T/g.log" >/dev/null \
    2>"$T/stats2"
expect_grep "$T/stats2" 'no index used.*\(100\.000%\)' "stats without index"

# --by auto: the narrowest ladder width that shows the span in 60
# buckets (400 days: 7d), and the same counts as --by 7d.
"$LOGSCAN" hist --format=json "$T/g.log" >"$T/auto.json"
"$LOGSCAN" hist --format=json --by 7d "$T/g.log" >"$T/7d.json"
expect_same "$T/auto.json" "$T/7d.json" "auto is 7d for 400 days"
expect_grep "$T/auto.json" '^\{"by":"7d","bucket_seconds":604800,"total":[0-9]+,"buckets":\[' "json head"
checks=$((checks + 1))
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
tsv = [l.split("\t") for l in open(sys.argv[2]).read().split("\n") if l]
assert [(b["start"], b["count"]) for b in j["buckets"]] == [(s, int(c)) for s, c in tsv]
assert j["total"] == sum(b["count"] for b in j["buckets"])
' "$T/7d.json" "$T/got.never" 2>/dev/null ||
	"$LOGSCAN" hist --format=tsv --by 7d "$T/g.log" >"$T/7d.tsv" &&
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
tsv = [l.split("\t") for l in open(sys.argv[2]).read().split("\n") if l]
assert [(b["start"], b["count"]) for b in j["buckets"]] == [(s, int(c)) for s, c in tsv]
assert j["total"] == sum(b["count"] for b in j["buckets"])
' "$T/7d.json" "$T/7d.tsv" || fail "json and tsv disagree"
# One day of the log: 30m buckets (48 fit, 10m would need 144).
check "auto over one day" 1800 "$s" "$((s + 86400))" -- \
    --since 2026-12-31T20:00:00Z --until +1d "$T/g.log"

# The chart: a header, one row per bucket, fitting COLUMNS, the fullest
# bucket's bar the longest; '#' in the C locale.
COLUMNS=50 "$LOGSCAN" hist --by 30d --color=never "$T/g.log" >"$T/chart"
checks=$((checks + 1))
"$LOGSCAN" hist --by 30d --format=tsv "$T/g.log" >"$T/30d.tsv"
rows=$(($(wc -l <"$T/30d.tsv") + 1))
awk -v rows="$rows" '
     NR == 1 { if ($0 !~ /^# 30d buckets, UTC; [0-9]+ lines$/) bad = "head " $0; next }
     length($0) > 50 { bad = "row too long: " $0 }
     (NF != 3 || $3 !~ /^#+$/) && !(NF == 2 && $2 == 0) { bad = "no bar: " $0 }
     length($3) > longest { longest = length($3); at = $2 }
     $2 + 0 > max { max = $2 + 0 }
     END { if (NR != rows) bad = bad " rows " NR
           if (at + 0 != max) bad = bad " longest bar not the largest count"
           if (bad) { print bad; exit 1 } }' \
    "$T/chart" >&2 || fail "chart shape"
expect_grep "$T/chart" '^2027-11-28 [0-9]+ #+$' "chart label of a 30d bucket"
LC_ALL=C.UTF-8 COLUMNS=60 "$LOGSCAN" hist --by 30d --color=always \
    "$T/g.log" >"$T/chart8"
expect_grep "$T/chart8" "$(printf '\033\\[36m\342\226\210')" "UTF-8 blocks in colour"

# Errors: bad --by and --format, a log without timestamps.
expect_status 2 "bad --by" "$LOGSCAN" hist --by 5x "$T/g.log"
expect_grep "$T/err" "bad --by value '5x'" "bad --by message"
expect_status 2 "bad --format" "$LOGSCAN" hist --format=png "$T/g.log"
printf 'no time here\n' >"$T/none.log"
expect_status 2 "no timestamps" "$LOGSCAN" hist "$T/none.log"
expect_grep "$T/err" 'no timestamps found' "no timestamps message"
# Nothing in range: exit 1, a header only.
expect_status 1 "empty range" "$LOGSCAN" hist --since 2030-01-01 \
    --format=tsv "$T/g.log"
expect_empty "$T/out" "empty range prints no bucket"
# A fixed width that would need too many buckets.
expect_status 2 "too many buckets" "$LOGSCAN" hist --by 1s "$T/g.log"
expect_grep "$T/err" 'give a wider --by' "too many buckets message"

# -j: with a pattern a file is counted in parts (LOGSCAN_CHUNK_SIZE makes
# them small), and standard input by one thread through the plan; both
# give what -j1 gives, on stdout, stderr and in the exit status, errors
# included (a failing part makes the file counted again by one thread).
hist_j() {
	desc=$1
	shift
	"$LOGSCAN" hist -j1 "$@" "$T/plain.log" >"$T/j1" 2>"$T/j1err"
	want_rc=$?
	for v in "2 4096" "3 100000" "7 1M"; do
		checks=$((checks + 1))
		LOGSCAN_CHUNK_SIZE=${v#* } "$LOGSCAN" hist -j"${v% *}" "$@" \
		    "$T/plain.log" >"$T/jn" 2>"$T/jnerr"
		rc=$?
		if [ "$rc" -ne "$want_rc" ] || ! cmp -s "$T/j1" "$T/jn" ||
		    ! cmp -s "$T/j1err" "$T/jnerr"; then
			fail "$desc (-j$v): differs from -j1 (exit $rc, $want_rc)"
			diff "$T/j1" "$T/jn" | head -4 >&2
			diff "$T/j1err" "$T/jnerr" | head -4 >&2
		fi
	done
	checks=$((checks + 1))
	"$LOGSCAN" hist -j2 "$@" <"$T/plain.log" >"$T/jn" 2>"$T/jnerr"
	rc=$?
	sed "s|$T/plain.log|(standard input)|" "$T/j1err" >"$T/j1err.in"
	if [ "$rc" -ne "$want_rc" ] || ! cmp -s "$T/j1" "$T/jn" ||
	    ! cmp -s "$T/j1err.in" "$T/jnerr"; then
		fail "$desc (standard input): differs from the file's"
		diff "$T/j1" "$T/jn" | head -4 >&2
		diff "$T/j1err.in" "$T/jnerr" | head -4 >&2
	fi
}
hist_j "ERROR by auto" --index=never --format=tsv -e ERROR
hist_j "traces by 1d" --index=never --format=json --by 1d -F -e .java:
hist_j "a range cutting buckets" --index=never --format=tsv --by 1h \
    --since 2026-12-31T20:17:00Z --until 2027-01-02T04:30:00Z -e WARN
hist_j "too many buckets" --index=never --format=tsv --by 1s -e ERROR
expect_grep "$T/j1err" 'give a wider --by' "-j: too many buckets said"
hist_j "nothing matches" --index=never --format=tsv -e 'no such thing'
expect_status 2 "hist -j0" "$LOGSCAN" hist -j0 -e x "$T/plain.log"
expect_grep "$T/err" "bad --threads" "hist -j0 is refused"

finish
