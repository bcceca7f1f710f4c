#!/bin/sh
# FIFOs and files whose size is unknown: index and info refuse a FIFO log
# without waiting for a writer, a FIFO where the index should be is a
# corrupt index (not a hang), and a /proc file that reports size 0 is not
# indexed as an empty log.
. "$top_srcdir/tests/cli/lib.sh"

# A hang is a failure (exit 124), not a stuck test run.
if command -v timeout >/dev/null 2>&1; then
	TO="timeout 20"
else
	TO=
fi
cd "$T" || exit 2
mkfifo p || { echo "no mkfifo: skipping"; exit 77; }

expect_status 2 "index a FIFO" $TO "$LOGSCAN" index p
expect_grep "$T/err" '^logscan: p: cannot index a pipe or device$' \
    "index FIFO message"
expect_status 2 "info on a FIFO" $TO "$LOGSCAN" info p
expect_grep "$T/err" '^logscan: p: not a regular file; it has no index$' \
    "info FIFO message"

printf 'a\nb\n' >app.log
mkfifo app.log.lsidx
expect_status 0 "slice with a FIFO index" $TO "$LOGSCAN" slice --lines 2 \
    app.log
checks=$((checks + 1))
[ "$(cat "$T/out")" = b ] || fail "slice output with a FIFO index"
expect_grep "$T/err" \
    '^logscan: app.log.lsidx: corrupt index \(not a regular file\); not using it$' \
    "slice FIFO index message"
expect_status 0 "info with a FIFO index" $TO "$LOGSCAN" info app.log
expect_grep "$T/out" '^  freshness: corrupt$' "info: FIFO index is corrupt"
expect_grep "$T/out" '^  reason: not a regular file$' "info: reason"
expect_status 0 "index with a FIFO index" $TO "$LOGSCAN" index app.log
expect_grep "$T/err" \
    '^logscan: app.log.lsidx: corrupt index \(not a regular file\); rebuilding$' \
    "index FIFO index message"
checks=$((checks + 1))
[ -f app.log.lsidx ] || fail "the FIFO was not replaced by an index"

if [ -r /proc/cpuinfo ] && [ ! -s /proc/cpuinfo ] &&
    [ -n "$(head -c 1 /proc/cpuinfo)" ]; then
	expect_status 2 "index /proc/cpuinfo" $TO "$LOGSCAN" index \
	    --index-dir "$T/idx" /proc/cpuinfo
	expect_grep "$T/err" \
	    '^logscan: /proc/cpuinfo: cannot index a file whose size is unknown$' \
	    "size-0 message"
	checks=$((checks + 1))
	[ -z "$(ls -A "$T/idx" 2>/dev/null)" ] || fail "an index was written"
	expect_status 0 "info /proc/cpuinfo" $TO "$LOGSCAN" info \
	    --index-dir "$T/idx" /proc/cpuinfo
	expect_grep "$T/out" '^  freshness: none$' "a /proc file has no index"
fi
finish
