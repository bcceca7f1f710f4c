#!/bin/sh
# A log that changes while it is searched: appended to, or rotated (renamed
# and replaced by a new file), in the middle of a grep or a slice.  The
# run answers for the file as it was at open (appended bytes are for the
# next run, a rotated file is read to its end) and the next file is
# still printed; exit 0.  (Truncation during a run: grep_truncate.sh and
# slice_shrink.sh; a rewrite of the same size and mtime, and a new inode,
# after indexing: index_verify.sh and index_append.sh.)
#
# No timing: logscan writes into a FIFO this script reads; after the first
# byte arrives, logscan is in the middle of the file and cannot go more
# than a pipe and a buffer further until the script reads on, so the
# change lands while it runs.
. "$top_srcdir/tests/cli/lib.sh"

command -v mkfifo >/dev/null 2>&1 || exit 77
cd "$T" || exit 2

# 8 MiB of lines that all match.
awk 'BEGIN { for (i = 0; i < 262144; i++)
    printf "foo %027d\n", i }' >orig.log
printf 'after foo\n' >next.log
mkfifo fifo

# during CHANGE CMD...  run CMD (its output into the FIFO), apply CHANGE
# to live.log once output flows, and keep the output in out.
during() {
	change=$1
	shift
	cp orig.log live.log
	"$@" >fifo 2>err &
	pid=$!
	exec 3<fifo
	dd bs=1 count=1 <&3 >out 2>/dev/null
	$change
	cat <&3 >>out
	exec 3<&-
	wait "$pid"
	status=$?
}

append() {
	awk 'BEGIN { for (i = 0; i < 100000; i++) print "foo appended" }' \
	    >>live.log
}
rotate() {
	mv live.log live.log.1
	printf 'foo in the new file\n' >live.log
}

for io in mmap read; do
	"$LOGSCAN" grep --io=$io foo orig.log next.log |
	    sed 's/^orig\.log:/live.log:/' >want_grep
	for change in append rotate; do
		during $change "$LOGSCAN" grep --io=$io foo live.log next.log
		checks=$((checks + 1))
		[ "$status" -eq 0 ] || fail "grep --io=$io, $change: exit $status"
		expect_empty err "grep --io=$io, $change: no message"
		expect_same out want_grep "grep --io=$io, $change: the file as opened"
	done
	{ cat orig.log next.log; } >want_slice
	for change in append rotate; do
		during $change "$LOGSCAN" slice --io=$io --lines 1: live.log \
		    next.log
		checks=$((checks + 1))
		[ "$status" -eq 0 ] || fail "slice --io=$io, $change: exit $status"
		expect_empty err "slice --io=$io, $change: no message"
		expect_same out want_slice "slice --io=$io, $change: the file as opened"
	done
done
rm -f live.log.1
finish
