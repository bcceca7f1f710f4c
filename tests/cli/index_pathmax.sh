#!/bin/sh
# Issue 27 item 8: a log whose absolute path is longer than PATH_MAX
# (reached here by a relative name from deep inside) keeps its index:
# lookups look beside the log by the path as given when the absolute path
# cannot be formed.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
export XDG_CACHE_HOME="$T/cache"
name=$(printf 'd%.0s' $(seq 1 200))
i=0
while [ $i -lt 22 ]; do
	mkdir "$name" && cd "$name" || { echo "SKIP: cannot build a deep tree"; exit 77; }
	i=$((i + 1))
done
checks=$((checks + 1))
[ "$(pwd | wc -c)" -gt 4096 ] || fail "the tree is not deeper than PATH_MAX"
printf '2026-03-01T10:00:00Z a\n2026-03-01T10:00:01Z b\n2026-03-01T10:00:02Z c\n' >app.log

expect_status 0 "index" "$LOGSCAN" index app.log
checks=$((checks + 1))
[ -f app.log.lsidx ] || fail "no index beside the log"
expect_status 0 "info" "$LOGSCAN" info app.log
cp "$T/out" "$T/info"
expect_grep "$T/info" '^  freshness: fresh$' "info finds it"
expect_grep "$T/info" '^  path: "app.log.lsidx"$' "info prints the path used"
expect_grep "$T/info" '^lines: 3$' "info knows the lines"
expect_status 0 "slice --lines" "$LOGSCAN" slice --stats --lines 2 app.log
expect_grep "$T/out" '^2026-03-01T10:00:01Z b$' "slice --lines answer"
expect_grep "$T/err" 'index fresh app.log.lsidx' "slice --lines uses it"
expect_status 0 "slice --since" "$LOGSCAN" slice --stats \
    --since 2026-03-01T10:00:01Z --until 2026-03-01T10:00:02Z app.log
expect_grep "$T/out" '^2026-03-01T10:00:01Z b$' "time answer"
expect_grep "$T/err" 'index fresh app.log.lsidx' "the time query uses it"
printf '2026-03-01T10:00:03Z d\n' >>app.log
expect_status 0 "index the tail" "$LOGSCAN" index --stats app.log
expect_grep "$T/err" '^logscan: app.log: tail' "a tail build"
cd "$T" || exit 2
finish
