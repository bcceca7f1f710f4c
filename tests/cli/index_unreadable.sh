#!/bin/sh
# An index that exists but cannot be read (here a symlink loop, which
# fails even for root) is "unreadable", not "corrupt": index says so when
# it rebuilds it, and info gives no size for it.  A corrupt index's size is
# its real size.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
printf 'a\nb\n' >app.log
ln -s app.log.lsidx app.log.lsidx
loop=$(cat app.log.lsidx 2>&1 | sed 's/.*: //')

expect_status 0 "info" "$LOGSCAN" info app.log
expect_grep "$T/out" '^  freshness: unreadable$' "info: unreadable"
expect_grep "$T/out" '^  size: null$' "info: no size for an unreadable index"
expect_grep "$T/out" "^  reason: $loop\$" "info: reason"
expect_status 0 "slice" "$LOGSCAN" slice --lines 2 app.log
expect_grep "$T/err" \
    "^logscan: app.log.lsidx: unreadable index \\($loop\\); not using it\$" \
    "slice message"
expect_status 0 "index" "$LOGSCAN" index app.log
expect_grep "$T/err" \
    "^logscan: app.log.lsidx: unreadable index \\($loop\\); rebuilding\$" \
    "index message"
checks=$((checks + 1))
[ -f app.log.lsidx ] && [ ! -L app.log.lsidx ] ||
    fail "the symlink was not replaced"

printf 'garbage' >app.log.lsidx
expect_status 0 "info, corrupt" "$LOGSCAN" info app.log
expect_grep "$T/out" '^  freshness: corrupt$' "info: corrupt"
expect_grep "$T/out" '^  size: 7$' "info: the corrupt index's size"
finish
