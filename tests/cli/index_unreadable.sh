#!/bin/sh
# A symbolic link at the index name (here a loop) is never followed: it is
# "untrusted" (whoever planted it chose its target), a query says so and
# reads the log, and index replaces the link (ours) with a real index.  A
# corrupt index's size is its real size.  (An index that exists but cannot
# be read is "unreadable": see index_trust.sh, which needs another user.)
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
printf 'a\nb\n' >app.log
ln -s app.log.lsidx app.log.lsidx

expect_status 0 "info" "$LOGSCAN" info app.log
expect_grep "$T/out" '^  freshness: untrusted$' "info: untrusted"
expect_grep "$T/out" '^  trusted: false$' "info: not trusted"
expect_grep "$T/out" '^  reason: a symbolic link, not trusted$' "info: reason"
expect_status 0 "slice" "$LOGSCAN" slice --lines 2 app.log
expect_grep "$T/out" '^b$' "slice answers from the log"
expect_grep "$T/err" \
    "^logscan: app.log.lsidx: a symbolic link, not trusted; reading the log directly\$" \
    "slice message"
expect_status 0 "index" "$LOGSCAN" index app.log
expect_grep "$T/err" \
    "^logscan: app.log.lsidx: a symbolic link, not trusted; replacing it\$" \
    "index message"
checks=$((checks + 1))
[ -f app.log.lsidx ] && [ ! -L app.log.lsidx ] ||
    fail "the symlink was not replaced"

printf 'garbage' >app.log.lsidx
expect_status 0 "info, corrupt" "$LOGSCAN" info app.log
expect_grep "$T/out" '^  freshness: corrupt$' "info: corrupt"
expect_grep "$T/out" '^  size: 7$' "info: the corrupt index's size"
finish
