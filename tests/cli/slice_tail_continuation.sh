#!/bin/sh
# Issue 24 item 2: an indexed tail dropped continuation lines when the last
# group held only an unterminated last line (its times are "none"): the
# tail must take the entry it continues, before and after an append, and
# agree with --index=never.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
printf '2026-03-01T10:00:00Z a\n  cont1\n  cont2' >f.log
expect_status 0 "index" "$LOGSCAN" index --group-lines 2 f.log

# check DESC ARGS...  indexed and unindexed slices are the same, and right.
check() {
	desc=$1
	shift
	"$LOGSCAN" slice --index=never "$@" f.log >want 2>err
	expect_status 0 "$desc" "$LOGSCAN" slice "$@" f.log
	expect_same want "$T/out" "$desc: indexed vs --index=never"
}

expect_status 0 "--lines 3" "$LOGSCAN" slice --since 2026-03-01T10:00:00Z \
    --lines 3 f.log
printf '  cont2' >want3
expect_same want3 "$T/out" "the report's example prints '  cont2'"
check "--since" --since 2026-03-01T10:00:00Z
check "--since --lines 2:3" --since 2026-03-01T10:00:00Z --lines 2:3
check "--until" --until 2026-03-01T10:00:01Z

# After an append, before the next `logscan index`.
printf '\n  cont3\n2026-03-01T11:00:00Z b\n  cont4\n' >>f.log
check "appended --since" --since 2026-03-01T10:00:00Z
check "appended --until" --since 2026-03-01T10:00:00Z --until 2026-03-01T10:30:00Z
check "appended --lines 3:4" --since 2026-03-01T10:00:00Z --lines 3:4
"$LOGSCAN" slice --since 2026-03-01T10:00:00Z --until 2026-03-01T10:30:00Z \
    f.log >got
printf '2026-03-01T10:00:00Z a\n  cont1\n  cont2\n  cont3\n' >want
expect_same want got "appended: the whole first entry"
finish
