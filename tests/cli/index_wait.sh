#!/bin/sh
# A second builder that has to wait for the lock says so on stderr, then
# builds once the lock is free.  The lock is held here with flock(1); the
# loop below only waits for logscan to reach the lock (bounded), so the
# result does not depend on timing.
. "$top_srcdir/tests/cli/lib.sh"

command -v flock >/dev/null 2>&1 || { echo "no flock(1): skipping"; exit 77; }
cd "$T" || exit 2
printf 'a\nb\n' >app.log

exec 9>app.log.lsidx.lock
flock 9 || { echo "flock failed: skipping"; exit 77; }
# 9>&-: logscan must not inherit the descriptor that holds the lock.
"$LOGSCAN" index -q app.log 2>"$T/err" 9>&- &
pid=$!
i=0
while ! grep -q waiting "$T/err" && [ $i -lt 300 ]; do
	sleep 0.2
	i=$((i + 1))
done
checks=$((checks + 1))
[ -e app.log.lsidx ] && fail "built while the lock was held"
exec 9>&-
wait $pid
st=$?
checks=$((checks + 1))
[ "$st" -eq 0 ] || fail "index exit $st"
expect_grep "$T/err" '^logscan: waiting for another logscan index on app.log$' \
    "waiting message"
checks=$((checks + 1))
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "one message only"
checks=$((checks + 1))
[ -f app.log.lsidx ] || fail "no index after the wait"
checks=$((checks + 1))
[ -e app.log.lsidx.lock ] && fail "lock file left behind"

# Without a competitor, nothing is said.
expect_status 0 "index, no wait" "$LOGSCAN" index -q --force app.log
expect_empty "$T/err" "no message without a wait"
finish
