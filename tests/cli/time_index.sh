#!/bin/sh
# Time queries and the index: an hour of a month-long log maps a few
# groups; the answer is the same with and without the index, after the
# log grew (the tail is scanned), with a partial last line, after a
# rotation, and when the index's times were read in another zone.
. "$top_srcdir/tests/cli/lib.sh"

REF="$top_srcdir/tests/cli/timeref.awk"
log="$T/app.log"
"$GENLOG" --size 2M --seed 3 >"$log" || fail "genlog"
size=$(wc -c <"$log")

# same LABEL SLICE-ARGS...  the answer equals --index=never's and the
# reference's (all genlog stamps are ISO 8601 with a Z)
same() {
	label=$1
	shift
	checks=$((checks + 1))
	"$LOGSCAN" slice "$@" "$log" >"$T/got" 2>"$T/err"
	"$LOGSCAN" slice --index=never "$@" "$log" >"$T/never" 2>/dev/null
	if ! cmp -s "$T/got" "$T/never"; then
		fail "$label: $* differs from --index=never"
		diff "$T/never" "$T/got" | head -5 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

# ref SINCE UNTIL  (Unix seconds) the reference answer into $T/want
ref() {
	awk -v fmt=iso-z -v since="$(($1 * 1000000))" \
	    -v until="$(($2 * 1000000))" -f "$REF" "$log" >"$T/want"
}

# 2026-03-15T10:00:00Z, the middle of the month
mid=1773568800
"$LOGSCAN" index --group-bytes 16K "$log" || fail "index"
same "one hour" --since @$mid --until +1h
ref $mid $((mid + 3600))
expect_same "$T/want" "$T/got" "one hour against the reference"
checks=$((checks + 1))
[ -s "$T/want" ] || fail "the hour is not empty"
"$LOGSCAN" slice --stats --since @$mid --until +1h "$log" >/dev/null \
    2>"$T/stats"
expect_grep "$T/stats" "index fresh .*: 1 region, [12] groups? of [0-9]+," \
    "--stats: one region of one or two groups"
# Mapped or read, whichever reader ran.
mapped=$(sed -n 's/.*mapped \([0-9]*\) bytes.*, read \([0-9]*\) bytes.*/\1 + \2/p' "$T/stats")
mapped=$((mapped))
checks=$((checks + 1))
if [ "$mapped" -gt $((size / 20)) ]; then
	fail "an hour of a month mapped $mapped of $size bytes"
fi

# info: the format, the first and last stamps, and the index's times.
"$LOGSCAN" info "$log" >"$T/info"
expect_grep "$T/info" '^time_format: iso8601$' "info: format"
expect_grep "$T/info" '^  first: "2026-03-01T00:00:00Z"$' "info: first"
expect_grep "$T/info" "^  last: \"$(tail -1 "$log" | cut -c1-24)\"\$" \
    "info: last"
expect_grep "$T/info" '^  time_format: iso8601$' "info: the index's format"
expect_grep "$T/info" '^  earliest: "2026-03-01T00:00:00Z"$' \
    "info: the index's earliest time"
expect_grep "$T/info" '^  times_usable: true$' "info: index times usable"

# Whole days, the edges of the month, nothing at all.
same "a day" --since 2026-03-10 --until 2026-03-11
same "before the start" --since 2026-02-01 --until 2026-03-01T00:00:00.001Z
same "at the end" --since 2026-03-30T23:00:00Z
same "after the end" --since 2026-04-01
same "no bounds met" --since 2027-01-01 --until 2027-02-01

# The log grows: the index covers a prefix and the tail is scanned.
"$GENLOG" --size 200K --seed 4 --start 1775001600 --days 1 >>"$log"
same "grown, in the prefix" --since @$mid --until +1h
same "grown, in the tail" --since 2026-04-01T05:00:00Z --until +2h
"$LOGSCAN" slice --stats --since 2026-04-01T05:00:00Z --until +2h \
    "$log" >/dev/null 2>"$T/stats"
expect_grep "$T/stats" 'index appended .*tail [1-9][0-9]* bytes' \
    "--stats: appended, tail scanned"

# A last line without a newline is in the answer when its time is.
printf '2026-04-01T23:59:59.999Z INFO  partial last line' >>"$log"
same "partial last line" --since 2026-04-01T23:59:00Z
expect_grep "$T/got" 'partial last line$' "the partial line is printed"
"$LOGSCAN" index "$log" || fail "reindex"
same "partial last line, indexed" --since 2026-04-01T23:59:00Z
expect_grep "$T/got" 'partial last line$' "the partial line, indexed"
printf ' now complete\n2026-04-02T00:00:01.000Z INFO  next\n' >>"$log"
same "completed last line" --since 2026-04-01T23:59:00Z
expect_grep "$T/got" 'partial last line now complete$' \
    "the completed line"

# Rotated: the stale index is not used.
cp "$log" "$T/copy"
mv "$T/copy" "$log"
same "rotated" --since @$mid --until +1h
"$LOGSCAN" slice --stats --since @$mid --until +1h "$log" >/dev/null \
    2>"$T/stats"
expect_grep "$T/stats" 'index stale .*log rotated' "--stats: stale"

# Stamps with a zone: an index built in another TZ still serves.
TZ=Europe/Berlin "$LOGSCAN" index "$log" || fail "index in Berlin"
"$LOGSCAN" slice --stats --since @$mid --until +1h "$log" >/dev/null \
    2>"$T/stats"
expect_grep "$T/stats" 'index fresh [^:]*: 1 region' \
    "an index of zoned stamps serves any TZ"

# Zone-less stamps: an index built in another TZ does not.
zl="$T/local.log"
cp "$TESTDATA/time/iso8601.log" "$zl"
TZ=Europe/Berlin "$LOGSCAN" index --group-lines 3 "$zl" || fail "index"
"$LOGSCAN" slice --stats --since "2026-03-01 10:01" --until +2m "$zl" \
    >"$T/got" 2>"$T/stats"
expect_grep "$T/stats" 'index fresh .*: indexed in another time zone: 1 region, 0 groups,' \
    "--stats: another zone"
"$LOGSCAN" slice --index=never --since "2026-03-01 10:01" --until +2m \
    "$zl" >"$T/never"
expect_same "$T/never" "$T/got" "another zone, same answer"
expect_status 0 "index in UTC" "$LOGSCAN" index --stats "$zl"
expect_grep "$T/err" 'full \(new time settings: indexed in another time zone\)' \
    "index rebuilds for the new zone"
"$LOGSCAN" slice --stats --since "2026-03-01 10:01" --until +2m "$zl" \
    >"$T/got" 2>"$T/stats"
expect_grep "$T/stats" 'index fresh [^:]*: 1 region, [1-9][0-9]* groups? of' \
    "the new index is used"
expect_same "$T/never" "$T/got" "the new index, same answer"

# A forced format other than the index's: the file is read instead.
printf 'formats:\n  - name: two-words\n    regex: "^(\\\\S+ [0-9:]+)"\n    layout: "%%Y-%%m-%%d %%H:%%M:%%S"\n' \
    >"$T/two.yaml"
"$LOGSCAN" slice --stats --config "$T/two.yaml" --time-format two-words \
    --since "2026-03-01 10:01" --until +2m "$zl" >"$T/got" 2>"$T/stats"
expect_grep "$T/stats" 'times indexed as iso8601, not two-words' \
    "another format is not read from the index"
expect_same "$T/never" "$T/got" "the same lines through another format"
# A forced format that no line has is an error, not an empty answer.
expect_status 2 "a forced format no line has" "$LOGSCAN" slice \
    --time-format rfc5424 --since 2026-03-01 "$zl"
expect_grep "$T/err" "^logscan: $zl: no line matches time format 'rfc5424' \\(sampled [0-9]+ lines\\)\$" \
    "the forced format's error"
expect_empty "$T/out" "no rfc5424 stamps in an iso8601 log"
finish
