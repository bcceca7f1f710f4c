#!/bin/sh
# LOGSCAN_NOW fixes "now" for relative times (--since -10m), as
# logscan-dask sets it once for every task of a query; a malformed value is
# an error, not silently the clock.
. "$top_srcdir/tests/cli/lib.sh"

# One line a minute from 2026-01-01T10:00:00Z; the truth comes from the
# loop that writes the lines, not from logscan.
i=0
while [ $i -lt 60 ]; do
	printf '2026-01-01T10:%02d:00Z line %d\n' $i $i
	i=$((i + 1))
done >"$T/min.log"
# 2026-01-01T10:30:00Z is 1767263400 Unix seconds.
now=1767263400

sed -n '21,60p' "$T/min.log" >"$T/want_since"
LOGSCAN_NOW=@$now "$LOGSCAN" slice --index=never --since -10m "$T/min.log" \
    >"$T/got" 2>"$T/err"
expect_same "$T/want_since" "$T/got" "slice --since -10m at @$now"

# Half a second past 10:30: 10:25:00 is before "5m ago", 10:30:00 before
# --until now (which excludes its own instant).
sed -n '27,31p' "$T/min.log" >"$T/want_range"
LOGSCAN_NOW=@$now.5 "$LOGSCAN" grep --index=never --since '5m ago' \
    --until now line "$T/min.log" >"$T/got" 2>"$T/err"
expect_same "$T/want_range" "$T/got" "grep --since '5m ago' --until now at @$now.5"

# [10:25:00, 10:30:00): five lines.
printf '5\n' >"$T/want_count"
LOGSCAN_NOW=@$now.000000000 "$LOGSCAN" grep -c --index=never \
    --since now-5m --until now line "$T/min.log" >"$T/got" 2>"$T/err"
expect_same "$T/want_count" "$T/got" "grep -c now-5m..now"

# Empty means unset: the clock (2026-01-01 is in the past, so -10m is
# after the whole log).
LOGSCAN_NOW= "$LOGSCAN" grep -c --index=never --since -10m line \
    "$T/min.log" >"$T/got" 2>"$T/err"
printf '0\n' >"$T/want0"
expect_same "$T/want0" "$T/got" "empty LOGSCAN_NOW is the clock"

for bad in 1767263400 @ @1. @1.1234567890 @x1 '@1 ' @99999999999999 \
    @-5 now; do
	expect_status 2 "LOGSCAN_NOW=$bad" env LOGSCAN_NOW="$bad" \
	    "$LOGSCAN" grep -c line "$T/min.log"
	expect_grep "$T/err" "^logscan: LOGSCAN_NOW: '.*' is not @SECONDS" \
	    "message for LOGSCAN_NOW=$bad"
	expect_empty "$T/out" "no output with LOGSCAN_NOW=$bad"
done

finish
