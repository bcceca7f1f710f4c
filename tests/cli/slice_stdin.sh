#!/bin/sh
# slice on input that has no index location: standard input redirected
# from a regular file, and a file reached only through /dev/fd after it was
# deleted.  Both are read without an index, quietly.
. "$top_srcdir/tests/cli/lib.sh"

seq 10 >"$T/f"
printf '2\n' >"$T/want2"
printf '2\n3\n' >"$T/want23"

expect_status 0 "slice - < file" "$LOGSCAN" slice --lines 2 - <"$T/f"
expect_same "$T/want2" "$T/out" "stdin from a file"
expect_empty "$T/err" "no warning for stdin"

# The same with an index beside the file: stdin still has no name to find
# it by, and must not be confused with the file.
"$LOGSCAN" index "$T/f" || fail "index"
expect_status 0 "slice - < indexed file" "$LOGSCAN" slice --lines 2:3 - \
    <"$T/f"
expect_same "$T/want23" "$T/out" "stdin from an indexed file"
expect_empty "$T/err" "no warning for indexed stdin"

expect_status 0 "slice - from a pipe" sh -c \
    "seq 10 | \"\$LOGSCAN\" slice --lines 2 -"
expect_same "$T/want2" "$T/out" "stdin from a pipe"

# With no FILE at all, slice reads standard input, as grep does: a pipe,
# a redirected file, and a time range over a pipe.
expect_status 0 "slice with no FILE from a pipe" sh -c \
    "seq 10 | \"\$LOGSCAN\" slice --lines 2"
expect_same "$T/want2" "$T/out" "no FILE: stdin from a pipe"
expect_empty "$T/err" "no FILE: no warning"
expect_status 0 "slice with no FILE from a file" "$LOGSCAN" slice \
    --lines 2:3 <"$T/f"
expect_same "$T/want23" "$T/out" "no FILE: stdin from a file"
printf '2026-03-01T10:00:00Z a\n2026-03-01T10:05:00Z b\n  trace\n2026-03-01T10:10:00Z c\n' \
    >"$T/timed"
printf '2026-03-01T10:05:00Z b\n  trace\n' >"$T/wantb"
expect_status 0 "time range with no FILE" sh -c \
    "cat \"$T/timed\" | \"\$LOGSCAN\" slice --since 2026-03-01T10:05Z --until +5m"
expect_same "$T/wantb" "$T/out" "no FILE: time range over a pipe"
expect_status 1 "nothing in range with no FILE" sh -c \
    "cat \"$T/timed\" | \"\$LOGSCAN\" slice --since 2026-03-02"
expect_empty "$T/out" "no FILE: empty range prints nothing"
"$LOGSCAN" slice --help >"$T/help"
expect_grep "$T/help" '^Usage: logscan slice .*\[FILE\.\.\.\]$' \
    "usage shows [FILE...]"

if [ -e /dev/fd/0 ]; then
	seq 10 >"$T/g"
	exec 3<"$T/g"
	rm "$T/g"
	expect_status 0 "slice /dev/fd/3 of a deleted file" \
	    "$LOGSCAN" slice --lines 2 /dev/fd/3
	expect_same "$T/want2" "$T/out" "deleted file via /dev/fd"
	expect_empty "$T/err" "no warning for a deleted file"
	exec 3<&-
fi
finish
