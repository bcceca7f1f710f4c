#!/bin/sh
# A file that shrinks while logscan has it mapped: "file shrank while being
# read", exit 2, and the run goes on with the next file; with one thread
# and with several.
#
# No sleeping and no racing: logscan writes to a FIFO that this script
# reads.  Every line of the file matches, so logscan's output buffer fills
# and is flushed while it is still scanning the first (and only) window;
# once the first byte of output arrives here, logscan is known to be in
# the middle of the mapping, and it cannot get more than a pipe and a
# buffer's worth of output (well under a megabyte of input) further until
# this script reads on.  The file is truncated then, before reading the
# rest: the pages logscan has yet to scan are gone, and touching them
# raises the SIGBUS the window layer turns into the error.
. "$top_srcdir/tests/cli/lib.sh"

command -v mkfifo >/dev/null 2>&1 || exit 77
command -v dd >/dev/null 2>&1 || exit 77

# 8 MiB of matching lines.
awk 'BEGIN { for (i = 0; i < 262144; i++)
    printf "foo %027d\n", i }' >"$T/big.log"
printf 'after foo\n' >"$T/next.log"
mkfifo "$T/fifo"

run_one() {
	: >"$T/err"
	cp "$T/big.log" "$T/shrink.log"
	# shellcheck disable=SC2086
	LOGSCAN_CHUNK_SIZE=${CS:-} "$LOGSCAN" grep $1 foo "$T/shrink.log" \
	    "$T/next.log" >"$T/fifo" 2>"$T/err" &
	pid=$!
	exec 3<"$T/fifo"
	dd bs=1 count=1 <&3 >"$T/first" 2>/dev/null
	: >"$T/shrink.log"
	cat <&3 >"$T/rest"
	exec 3<&-
	wait "$pid"
	status=$?

	checks=$((checks + 1))
	[ "$status" -eq 2 ] || fail "$1: exit $status, wanted 2"
	expect_grep "$T/err" \
	    "^logscan: $T/shrink.log: file shrank while being read$" \
	    "$1: the message"
	checks=$((checks + 1))
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$1: one message only"
	expect_grep "$T/rest" "^$T/next.log:(1:)?after foo$" \
	    "$1: the next file is searched"
	# What was printed of the big file is whole lines, in order.
	cat "$T/first" "$T/rest" | grep -v next.log >"$T/printed"
	checks=$((checks + 1))
	n=$(wc -l <"$T/printed")
	if [ "$n" -lt 1 ] || [ "$n" -ge 262144 ]; then
		fail "$1: $n lines printed before the truncation"
	elif ! head -n "$n" "$T/big.log" |
	    awk -v p="$T/shrink.log:" -v num="$1" \
		'{ print p (num ~ /-n/ ? NR ":" : "") $0 }' |
	    cmp -s - "$T/printed"; then
		fail "$1: the lines printed are not the file's first $n"
	fi
}

run_one "-j1"
run_one "-j1 --window-size=64M"
run_one "-j1 -n"
# A line range (the whole file's lines) read through its plan.
run_one "-j1 --lines 1:"
# Several threads: the two files at once, and the big one in parts of
# 64 KiB (LOGSCAN_CHUNK_SIZE) searched by workers; the parts ahead of the
# output were searched before the truncation, those after it fail in
# their worker (SIGBUS in that thread, or a short read): the same
# message, status and whole first lines as with one thread.
run_one "-j2"
run_one "-j2 --io=read"
CS=65536
run_one "-j2"
run_one "-j7 -n"
run_one "-j2 --io=read"
# A line range planned first and cut into parts (the whole file's lines:
# what is printed is still its first lines).
run_one "-j2 --lines 1:"
run_one "-j3 -n --lines 1:"
CS=

finish
