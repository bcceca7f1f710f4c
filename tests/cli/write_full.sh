#!/bin/sh
# Output to a full device: slice and info report one write error, stop
# there, and exit 2.
. "$top_srcdir/tests/cli/lib.sh"

if ! [ -c /dev/full ]; then
	echo "no /dev/full: skipping"
	exit 77
fi
printf 'one\ntwo\n' >"$T/a.log"
printf 'three\n' >"$T/b.log"
"$LOGSCAN" index "$T/a.log" || fail "index"

# full_run DESC CMD...  exit 2, exactly one message, a write error.
full_run() {
	desc=$1
	shift
	checks=$((checks + 1))
	"$@" >/dev/full 2>"$T/err"
	st=$?
	[ "$st" -eq 2 ] || fail "$desc: exit $st, wanted 2"
	expect_grep "$T/err" '^logscan: write error: No space left on device$' \
	    "$desc: message"
	checks=$((checks + 1))
	[ "$(wc -l <"$T/err")" -eq 1 ] || {
		fail "$desc: one message wanted"
		sed 's/^/  stderr: /' "$T/err" >&2
	}
}

full_run "info" "$LOGSCAN" info "$T/a.log"
full_run "info of three files" "$LOGSCAN" info "$T/a.log" "$T/b.log" \
    "$T/a.log"
full_run "slice" "$LOGSCAN" slice --lines 1: "$T/a.log"
full_run "slice of three files" "$LOGSCAN" slice --lines 1: "$T/a.log" \
    "$T/b.log" "$T/a.log"
full_run "slice --index=never" "$LOGSCAN" slice --index=never --lines 1:2 \
    "$T/a.log" "$T/b.log"
finish
