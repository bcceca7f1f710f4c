#!/bin/sh
# Time query errors: bad time expressions and unknown formats are reported
# before any file is read; a file without timestamps is reported and
# skipped; an empty log, an empty range and standard input just work.
. "$top_srcdir/tests/cli/lib.sh"

log="$T/app.log"
cp "$TESTDATA/time/iso8601.log" "$log"

# A bad time: exit 2, the message names it and what was expected, and no
# file is opened (the missing one is not mentioned).
for bad in "2026-13-01" "10:61" "yesterday at noon" "-2x" ""; do
	expect_status 2 "bad time '$bad'" "$LOGSCAN" slice --since "$bad" \
	    "$T/nope" "$log"
	expect_grep "$T/err" "^logscan: bad time '$bad': .+" \
	    "message for '$bad'"
	checks=$((checks + 1))
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "one message for '$bad'"
	expect_empty "$T/out" "no output for '$bad'"
done
expect_status 2 "bad --until" "$LOGSCAN" slice --since 2026-03-01 \
    --until "soon" "$log"
expect_grep "$T/err" "^logscan: bad time 'soon': expected " \
    "bad --until message"
# "+N" counts from --since.
expect_status 2 "+N without --since" "$LOGSCAN" slice --until +5m "$log"
expect_grep "$T/err" "^logscan: bad time '\+5m': .*--since" \
    "+N without --since says why"
expect_status 2 "unknown format" "$LOGSCAN" slice --time-format nosuch \
    --since 2026-03-01 "$log"
expect_grep "$T/err" "^logscan: unknown time format 'nosuch'" \
    "unknown format message"
expect_status 2 "bad --year" "$LOGSCAN" slice --year 20x6 \
    --since 2026-03-01 "$log"

# A file with no timestamp: reported, the other files still answered,
# exit 2 at the end.
printf 'just\nsome\ntext\n' >"$T/plain"
expect_status 2 "no timestamps" "$LOGSCAN" slice \
    --since "2026-03-01 10:01" --until "2026-03-01 10:02" "$T/plain" "$log"
expect_grep "$T/err" \
    "^logscan: $T/plain: no timestamps found \(try --time-format\)$" \
    "no timestamps message"
expect_grep "$T/out" '^2026-03-01 10:01:07.139 ' "the other file answered"

# An empty log has nothing in any range: exit 1, no message.
: >"$T/empty"
expect_status 1 "empty log" "$LOGSCAN" slice --since 2026-03-01 "$T/empty"
expect_empty "$T/err" "empty log, no message"

# An empty range (since == until): nothing, exit 1.  --until before
# --since is a mistake: a usage error naming both, for grep too.
expect_status 1 "empty range" "$LOGSCAN" slice \
    --since "2026-03-01 10:02" --until "2026-03-01 10:02" "$log"
expect_empty "$T/err" "empty range, no message"
expect_status 2 "inverted range" "$LOGSCAN" slice \
    --since "2026-03-01 10:03" --until "2026-03-01 10:02" "$log"
expect_grep "$T/err" \
    '^logscan: bad time range: --until \(2026-03-01 10:02\) is before --since \(2026-03-01 10:03\)$' \
    "inverted range named"
expect_empty "$T/out" "inverted range, no output"
expect_status 2 "inverted range, grep" "$LOGSCAN" grep --since 2026-03-01T10:03Z \
    --until 2026-03-01T10:02Z x "$log"
expect_grep "$T/err" '^logscan: bad time range: --until' \
    "inverted range named by grep"

# --until +N from --since; open bounds.
"$LOGSCAN" slice --since "2026-03-01 10:01" --until "2026-03-01 10:02" \
    "$log" >"$T/a"
"$LOGSCAN" slice --since "2026-03-01T10:01:00Z" --until +1m "$log" >"$T/b"
expect_same "$T/a" "$T/b" "--until +1m"
"$LOGSCAN" slice --since "2026-03-01T11:01:00+01:00" --until +60s \
    "$log" >"$T/b"
expect_same "$T/a" "$T/b" "--since with an offset"
"$LOGSCAN" slice --until "2026-03-01 10:00:25" "$log" >"$T/b"
head -2 "$log" | cmp -s - "$T/b" || fail "--until alone"
checks=$((checks + 1))
"$LOGSCAN" slice --since "2026-03-01 10:05:57" "$log" >"$T/b"
tail -1 "$log" | cmp -s - "$T/b" || fail "--since alone"
checks=$((checks + 1))

# Zone-less stamps are local time (TZ), unless --utc.
TZ=Europe/Berlin "$LOGSCAN" slice --since "2026-03-01 10:01" \
    --until "2026-03-01 10:02" "$log" >"$T/b"
expect_same "$T/a" "$T/b" "--since read in TZ like the stamps"
TZ=Europe/Berlin "$LOGSCAN" slice --utc --since "2026-03-01 10:01" \
    --until "2026-03-01 10:02" "$log" >"$T/b"
expect_same "$T/a" "$T/b" "--utc"
TZ=Europe/Berlin "$LOGSCAN" slice --since "2026-03-01T10:01:00Z" \
    --until +1m "$log" >"$T/b"
expect_empty "$T/b" "stamps read as Berlin time are an hour earlier"
TZ=Europe/Berlin "$LOGSCAN" slice --since "2026-03-01T09:01:00Z" \
    --until +1m "$log" >"$T/b"
expect_same "$T/a" "$T/b" "Berlin 10:01 is 09:01 UTC"

# A forced format: the same answer as detection when it is the right one.
"$LOGSCAN" slice --time-format ISO8601 --since "2026-03-01 10:01" \
    --until "2026-03-01 10:02" "$log" >"$T/b"
expect_same "$T/a" "$T/b" "--time-format iso8601"

# Standard input.
"$LOGSCAN" slice --since "2026-03-01 10:01" --until "2026-03-01 10:02" \
    - <"$log" >"$T/b"
expect_same "$T/a" "$T/b" "standard input"
cat "$log" | "$LOGSCAN" slice --since "2026-03-01 10:01" \
    --until "2026-03-01 10:02" - >"$T/b"
expect_same "$T/a" "$T/b" "a pipe"
printf 'x1\nx2\nx3\n' >"$T/x"
"$LOGSCAN" slice --lines 2:2 - <"$T/x" >"$T/b"
printf 'x2\n' | cmp -s - "$T/b" || fail "--lines from a redirected file"
checks=$((checks + 1))
expect_status 2 "stdin without timestamps" "$LOGSCAN" slice \
    --since 2026-03-01 - <"$T/plain"
expect_grep "$T/err" "no timestamps found" "stdin without timestamps message"
finish
