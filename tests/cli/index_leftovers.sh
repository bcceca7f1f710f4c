#!/bin/sh
# Issue 27, items 1-5: a failed or stalled build leaves nothing behind and
# blocks no one.  Kills with each signal, stale temporary files, another
# user's lock file, a file size limit, a builder that never finishes, and
# builders that waited while the log grew.
. "$top_srcdir/tests/cli/lib.sh"

command -v flock >/dev/null 2>&1 || { echo "SKIP: no flock(1)"; exit 77; }
cd "$T" || exit 2
export XDG_CACHE_HOME="$T/cache"

# no_leftovers DESC  no temporary file and no lock of app.log's index.
no_leftovers() {
	checks=$((checks + 1))
	set -- app.log.lsidx.tmp.* app.log.lsidx.lock
	for f in "$@"; do
		[ -e "$f" ] && { fail "$desc: $f left behind"; return; }
	done
}

# A log whose build takes a moment (one group per line: a large index).
i=0
while [ $i -lt 4000 ]; do
	echo "2026-03-01T09:00:00Z INFO filler line $i of the log"
	i=$((i + 1))
done >seed
for k in 1 2 3 4 5 6 7 8 9 10; do cat seed; done >app.log
echo '2026-03-01T10:00:01Z ERROR needle' >>app.log
"$LOGSCAN" index app.log || fail "first build"

# 1. Killed at random points with each catchable signal: the temporary
#    file and the lock go with the process.  (env --default-signal undoes
#    the SIGINT/SIGQUIT ignoring a shell gives background jobs.)
dflt=""
env --default-signal=INT true 2>/dev/null && dflt="env --default-signal"
n=0
for sig in TERM INT HUP QUIT KILL; do
	for delay in 0 0.01 0.03 0.06 0.1 0.15; do
		$dflt "$LOGSCAN" index --force --group-lines 1 app.log \
		    2>/dev/null &
		pid=$!
		sleep $delay
		kill -s $sig $pid 2>/dev/null
		wait $pid 2>/dev/null
		n=$((n + 1))
		[ $sig = KILL ] && continue
		desc="killed with SIG$sig after ${delay}s"
		no_leftovers
	done
done
# SIGKILL may leave a temporary file and the lock; the next build removes
# both.
expect_status 0 "build after the kills" "$LOGSCAN" index --stats app.log
desc="build after SIGKILLs"
no_leftovers
expect_grep err ': (up to date|tail|full)' "the build ran"

# A temporary file whose writer is gone is swept by the next build; one
# whose writer still holds it (locked) is left alone, as are other logs'.
printf 'half-written' >app.log.lsidx.tmp.AbC123
printf 'half-written' >app.log.lsidx.tmp.XyZ789
printf 'other' >other.log.lsidx.tmp.AbC123
flock app.log.lsidx.tmp.XyZ789 sleep 30 &
holder=$!
i=0
while flock -n app.log.lsidx.tmp.XyZ789 true && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_status 0 "sweep" "$LOGSCAN" index --force app.log
checks=$((checks + 1))
[ -e app.log.lsidx.tmp.AbC123 ] && fail "a stale temporary file was kept"
checks=$((checks + 1))
[ -e app.log.lsidx.tmp.XyZ789 ] || fail "a live writer's file was removed"
checks=$((checks + 1))
[ -e other.log.lsidx.tmp.AbC123 ] || fail "another log's file was removed"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
rm -f app.log.lsidx.tmp.XyZ789 other.log.lsidx.tmp.AbC123

# 2. A lock file left by another user locks no one out, whether it can
#    be opened (0644, as logscan makes them) or not (0600).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$LOGSCAN" \
    --version >/dev/null 2>&1; then
	chmod 755 "$T"
	mkdir -m 1777 shared
	echo '2026-03-01T10:00:01Z ERROR x' >shared/s.log
	chmod 644 shared/s.log
	for mode in 644 600; do
		: >shared/s.log.lsidx.lock
		chmod $mode shared/s.log.lsidx.lock
		expect_status 0 "nobody builds past root's $mode lock" \
		    setpriv --reuid=65534 --regid=65534 --clear-groups \
		    "$LOGSCAN" index shared/s.log
		checks=$((checks + 1))
		[ "$(stat -c %u shared/s.log.lsidx 2>/dev/null)" = 65534 ] ||
		    fail "nobody's index was not written past a $mode lock"
		rm -f shared/s.log.lsidx shared/s.log.lsidx.lock
	done
	# The lock logscan creates can be opened by any builder.
	flock shared/s.log.lsidx.lock true 2>/dev/null
	rm -f shared/s.log.lsidx.lock
	"$LOGSCAN" index shared/s.log 2>/dev/null &
	wait $!
	checks=$((checks + 1))
	[ -e shared/s.log.lsidx.lock ] && fail "root's build left its lock"
else
	echo "not root or no setpriv: skipping the other-user lock checks"
fi

# 3. A file size limit: SIGXFSZ is ignored, so the build fails with a
#    message, a query answers by scanning, and nothing is left.
rm -f app.log.lsidx
(ulimit -f 1 && exec "$LOGSCAN" index --group-lines 1 app.log) >out 2>err
st=$?
checks=$((checks + 1))
[ $st -eq 2 ] || fail "ulimit -f: index exit status $st"
expect_grep err '^logscan: app.log: cannot write app.log.lsidx.tmp.[A-Za-z0-9]{6}: File too large$' \
    "ulimit -f: index message"
desc="ulimit -f, index"
no_leftovers
checks=$((checks + 1))
[ -e app.log.lsidx ] && fail "ulimit -f: an index was written"
# A query builds an index only for a log of 64 MiB or more.
big=big.log
yes '2026-03-01T09:00:00Z INFO filler line of a big log' |
    head -n 1400000 >$big
echo '2026-03-01T10:00:01Z ERROR needle' >>$big
since='--since 2026-03-01T10:00:00Z --until 2026-03-01T10:30:00Z'
(ulimit -f 1 && exec "$LOGSCAN" slice $since $big) >out 2>err
checks=$((checks + 1))
[ "$(cat out)" = '2026-03-01T10:00:01Z ERROR needle' ] ||
    fail "ulimit -f: slice answer: $(head -c 200 out)"
expect_grep err "^logscan: $big: index not built \\(cannot write $big.lsidx.tmp.[A-Za-z0-9]{6}: File too large\\); reading the log\$" \
    "ulimit -f: query message"
checks=$((checks + 1))
set -- $big.lsidx*
[ -e "$1" ] && fail "ulimit -f: query left $1"

# 4. A builder that never finishes (holding the lock) delays a time query
#    only by index-wait, and the query answers from the existing index plus
#    the appended tail.
"$LOGSCAN" index $big || fail "index big"
echo '2026-03-01T10:00:02Z ERROR appended' >>$big
printf 'defaults:\n  index-wait: 300ms\n' >wait.yaml
exec 9>$big.lsidx.lock
flock 9 || { echo "flock failed"; exit 2; }
"$LOGSCAN" slice --config wait.yaml --stats $since $big >out 2>err 9>&-
checks=$((checks + 1))
[ "$(cat out)" = '2026-03-01T10:00:01Z ERROR needle
2026-03-01T10:00:02Z ERROR appended' ] || fail "stalled builder: answer: $(cat out)"
expect_grep err "^logscan: waiting for another logscan index on $big\$" \
    "stalled builder: waiting message"
expect_grep err "index appended $big.lsidx: .*tail [1-9]" \
    "stalled builder: existing index plus the tail"
expect_grep err 'gave up waiting after 300 ms' "stalled builder: reason"
exec 9>&-
rm -f $big.lsidx.lock

# The same with a real builder stopped with SIGSTOP while it holds the
# lock (when it can be caught holding it: else this part says so).
"$LOGSCAN" index --force --group-lines 16 $big 2>/dev/null &
builder=$!
i=0
while flock -n $big.lsidx.lock true 2>/dev/null && [ $i -lt 200 ]; do
	i=$((i + 1))
done
kill -STOP $builder 2>/dev/null
if ! flock -n $big.lsidx.lock true 2>/dev/null; then
	echo '2026-03-01T10:00:03Z ERROR after stop' >>$big
	"$LOGSCAN" slice --config wait.yaml --stats $since $big >out 2>err
	checks=$((checks + 1))
	[ "$(tail -n 1 out)" = '2026-03-01T10:00:03Z ERROR after stop' ] ||
	    fail "SIGSTOP'd builder: answer: $(cat out)"
	expect_grep err "index appended $big.lsidx: .*tail [1-9]" \
	    "SIGSTOP'd builder: existing index plus the tail"
else
	echo "the builder finished before it could be stopped: skipping"
fi
kill -CONT $builder 2>/dev/null
wait $builder

# 5. Builders that waited while the log was appended to judge it after
#    taking the lock: tail builds (or nothing), never a full rebuild.
"$LOGSCAN" index app.log >/dev/null 2>&1 || fail "index before the waiters"
exec 9>app.log.lsidx.lock
flock 9 || { echo "flock failed"; exit 2; }
echo '2026-03-01T10:00:03Z INFO more' >>app.log
"$LOGSCAN" index --stats app.log 2>w1 9>&- &
p1=$!
i=0
while ! grep -q waiting w1 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo '2026-03-01T10:00:04Z INFO more' >>app.log
"$LOGSCAN" index --stats app.log 2>w2 9>&- &
p2=$!
i=0
while ! grep -q waiting w2 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo '2026-03-01T10:00:05Z INFO more' >>app.log
exec 9>&-
wait $p1 || fail "waiter 1 failed"
wait $p2 || fail "waiter 2 failed"
for w in w1 w2; do
	expect_grep $w '^logscan: app.log: (tail|up to date):' "$w: tail build"
	checks=$((checks + 1))
	grep -q 'full' $w && fail "$w: a full rebuild: $(cat $w)"
done
desc="after the waiters"
no_leftovers
finish
