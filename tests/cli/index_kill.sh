#!/bin/sh
# Crash safety of the index builder: `logscan index` is killed with
# SIGKILL at every system call it makes that opens, changes, syncs,
# renames, removes or locks a file (strace's fault injection picks the
# call, so no timing is involved), in a fresh build, in a forced
# rebuild over a good index and in an incremental one after an append.
# After each kill a line slice and a time slice give the right answer and
# never meet a half-written index, and the next `logscan index` succeeds,
# leaves no temporary or lock file behind and writes the index a clean
# build writes.  Then two builders at once, and readers while builders
# run: every answer right, one good index at the end.
. "$top_srcdir/tests/cli/lib.sh"

command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace"; exit 77; }
cd "$T" || exit 2
"$GENLOG" --size 48K --seed 9 --days 1 >app.log
strace -f -o /dev/null true 2>/dev/null ||
    { echo "SKIP: strace cannot trace here (ptrace not permitted)"; exit 77; }

BUILD="$LOGSCAN index -q --group-lines 32 --window-size 16K app.log"
# LeakSanitizer stops the world with ptrace, which a traced process cannot
# do: leaks are left to the other tests in a sanitizer build.
TRACED_ASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# The right answers, without any index.
"$LOGSCAN" slice --index=never --lines 300:340 app.log >want_lines
since=$(sed -n '120p' app.log | cut -c1-24)
until=$(sed -n '260p' app.log | cut -c1-24)
"$LOGSCAN" slice --index=never --since "$since" --until "$until" app.log \
    >want_time
[ -s want_lines ] && [ -s want_time ] || { echo "no reference answers"; exit 2; }

# queries WHAT  both slices answer right, and no half-written index is seen.
queries() {
	expect_status 0 "$1: line slice" "$LOGSCAN" slice --lines 300:340 app.log
	expect_same "$T/out" want_lines "$1: line slice answer"
	checks=$((checks + 1))
	if grep -q 'corrupt index' "$T/err"; then
		fail "$1: a query met a half-written index"
		sed 's/^/  /' "$T/err" >&2
	fi
	expect_status 0 "$1: time slice" "$LOGSCAN" slice --since "$since" \
	    --until "$until" app.log
	expect_same "$T/out" want_time "$1: time slice answer"
}

# rebuilt WHAT GOOD  the next build succeeds, leaves nothing behind and
# writes GOOD.
rebuilt() {
	expect_status 0 "$1: next build" $BUILD
	expect_same app.log.lsidx "$2" "$1: index after the next build"
	checks=$((checks + 1))
	left=$(ls -a | grep -E '\.lsidx\.(tmp|lock)' || true)
	[ -z "$left" ] || fail "$1: left behind: $left"
}

# kill_each WHAT SETUP CALLS  for every system call of a build whose name
# matches the extended regex CALLS (counted once by strace -c after
# SETUP), run SETUP and then the build killed at that call.
kill_each() {
	what=$1 setup=$2 which=$3
	$setup
	ASAN_OPTIONS=$TRACED_ASAN strace -f -c -o counts $BUILD ||
	    fail "$what: strace -c run"
	# "% time seconds usecs/call calls errors syscall": calls and name.
	awk '$NF != "total" && $NF != "syscall" && $4 ~ /^[0-9]+$/ {
	    print $NF, $4 }' counts | grep -E "^($which) " >calls
	n=0
	while read -r call count; do
		k=1
		while [ "$k" -le "$count" ]; do
			$setup
			ASAN_OPTIONS=$TRACED_ASAN strace -f -o /dev/null \
			    -e inject="$call:signal=KILL:when=$k" $BUILD \
			    >/dev/null 2>&1
			queries "$what, killed at $call #$k"
			rebuilt "$what, killed at $call #$k" "$good"
			k=$((k + 1))
			n=$((n + 1))
		done
	done <calls
	checks=$((checks + 1))
	[ "$n" -ge 15 ] || fail "$what: only $n kill points"
	echo "$what: killed at $n system calls"
}

# The clean index, to compare against.
$BUILD || fail "clean build"
cp app.log.lsidx good_full
good=good_full

# The calls that open, change, sync, rename, remove or lock files: the
# points where a kill can leave something half done.
WRITES='openat|write|pwrite64|fsync|fdatasync|rename|renameat|renameat2|unlink|unlinkat|flock|fcntl|fchmod|ftruncate|close'

fresh() { rm -f app.log.lsidx app.log.lsidx.*; }
kill_each "fresh build" fresh "$WRITES"

over() { rm -f app.log.lsidx.*; cp good_full app.log.lsidx; touch app.log.lsidx; }
BUILD="$BUILD --force" kill_each "forced rebuild" over "$WRITES"

# Incremental: the log grows by some lines after it was indexed; the
# index of the grown log is what a clean incremental build writes.
head -c 30000 app.log | sed '$d' >part.log
cp app.log full.log
cp part.log app.log
$BUILD || fail "partial build"
cp app.log.lsidx good_part
cat full.log >app.log.new && cat app.log.new >app.log
$BUILD || fail "incremental build"
cp app.log.lsidx good_incr
good=good_incr
# Restore the partial index for the log as it is now (full): the build
# then reads only the tail.
grown() { rm -f app.log.lsidx.*; cp good_part app.log.lsidx; }
kill_each "incremental build" grown "$WRITES"

# Two builders at once, then readers while a builder runs: whatever the
# interleaving, both succeed, every answer is right, the index is good.
good=good_incr
for i in 1 2 3 4 5; do
	rm -f app.log.lsidx
	$BUILD --force 2>b1 &
	p1=$!
	$BUILD --force 2>b2 &
	p2=$!
	queries "builders $i running"
	wait $p1 || fail "builder 1 of round $i"
	wait $p2 || fail "builder 2 of round $i"
	rebuilt "two builders, round $i" "$good"
done
finish
