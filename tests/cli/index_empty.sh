#!/bin/sh
# An empty log (which the window layer reads as a stream, since /proc files
# also report size 0) can be indexed, and grows like any other.
. "$top_srcdir/tests/cli/lib.sh"

: >"$T/empty.log"
expect_status 0 "index an empty log" "$LOGSCAN" index --stats "$T/empty.log"
expect_grep "$T/err" 'full \(missing\): scanned 0 of 0 bytes.* 0 groups, 0 lines' \
    "empty log stats"
"$LOGSCAN" info "$T/empty.log" >"$T/info"
expect_grep "$T/info" '^lines: 0$' "no lines"
expect_grep "$T/info" '^  freshness: fresh$' "fresh"
expect_status 1 "slice of an empty log" "$LOGSCAN" slice --lines 1: \
    "$T/empty.log"
expect_empty "$T/out" "nothing printed"

printf 'a\nb' >>"$T/empty.log"
"$LOGSCAN" info "$T/empty.log" >"$T/info"
expect_grep "$T/info" '^lines: 2$' "two lines after the append"
expect_grep "$T/info" '^  freshness: appended$' "appended"
expect_status 0 "slice after the append" "$LOGSCAN" slice --lines 2 \
    "$T/empty.log"
checks=$((checks + 1))
printf 'b' | cmp -s - "$T/out" || fail "last line without a newline"
expect_status 0 "reindex" "$LOGSCAN" index --stats "$T/empty.log"
expect_grep "$T/err" 'full \(missing\)|tail: scanned 3 of 3 bytes' \
    "the append is indexed"
"$LOGSCAN" info "$T/empty.log" >"$T/info"
expect_grep "$T/info" '^  indexed_lines: 2$' "indexed lines"

# Not a log: a pipe cannot be indexed.
expect_status 2 "index stdin" "$LOGSCAN" index - </dev/null
expect_grep "$T/err" '^logscan: -: cannot index standard input$' \
    "stdin message"
finish
