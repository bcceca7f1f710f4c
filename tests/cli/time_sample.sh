#!/bin/sh
# Detection samples the head, the middle and the tail of a file: a log
# whose first 70 KiB hold no timestamp (a banner, a dump) is still read,
# and its windows are exact.
. "$top_srcdir/tests/cli/lib.sh"

log="$T/late.log"
awk 'BEGIN {
	for (i = 0; i < 1500; i++)
		printf "  banner line %04d without any time in it ....\n", i
	for (i = 0; i < 3000; i++)
		printf "2026-03-01T%02d:%02d:%02dZ entry %d\n", int(i / 3600),
		    int(i / 60) % 60, i % 60, i
}' >"$log"
expect_status 0 "detected from the middle and tail" "$LOGSCAN" formats \
    --detect "$log"
expect_grep "$T/out" "^$log: iso8601, " "iso8601 chosen"
expect_status 0 "a window" "$LOGSCAN" slice --index=never \
    --since 2026-03-01T00:10:00Z --until 2026-03-01T00:10:03Z "$log"
checks=$((checks + 1))
[ "$(cat "$T/out")" = "2026-03-01T00:10:00Z entry 600
2026-03-01T00:10:01Z entry 601
2026-03-01T00:10:02Z entry 602" ] || fail "the window's lines"
# The banner lines come before the first entry: in no window.
expect_status 0 "from the start" "$LOGSCAN" slice --index=never \
    --until 2026-03-01T00:00:01Z "$log"
checks=$((checks + 1))
[ "$(cat "$T/out")" = "2026-03-01T00:00:00Z entry 0" ] ||
	fail "the banner is in no window"
finish
