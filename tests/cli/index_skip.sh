#!/bin/sh
# `logscan index *` in a directory of logs and their indexes: the indexes
# themselves (by name, or by their magic under another name) are skipped
# with a note, without an error status, and no FILE.lsidx.lsidx appears.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
printf 'one\ntwo\n' >app.log
printf 'three\n' >db.log
"$LOGSCAN" index app.log || fail "first index"

expect_status 0 "index *" "$LOGSCAN" index -q app.log app.log.lsidx db.log
expect_grep "$T/err" '^logscan: app.log.lsidx: is a logscan index; skipped$' \
    "note for the index"
checks=$((checks + 1))
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "one note only"
checks=$((checks + 1))
[ -e app.log.lsidx.lsidx ] && fail "the index was indexed"
checks=$((checks + 1))
[ -f db.log.lsidx ] || fail "the other log was not indexed"

# An index under another name is known by its magic.
cp app.log.lsidx backup.bin
expect_status 0 "index a renamed index" "$LOGSCAN" index backup.bin
expect_grep "$T/err" '^logscan: backup.bin: is a logscan index; skipped$' \
    "note for a renamed index"
checks=$((checks + 1))
[ -e backup.bin.lsidx ] && fail "the renamed index was indexed"

# The lock file a killed builder leaves is not indexed either.
: >app.log.lsidx.lock
expect_status 0 "index a lock file" "$LOGSCAN" index app.log.lsidx.lock
checks=$((checks + 1))
[ -e app.log.lsidx.lock.lsidx ] && fail "the lock file was indexed"
finish
