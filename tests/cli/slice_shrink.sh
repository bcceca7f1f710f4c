#!/bin/sh
# A log truncated while slice writes it out: reported as a file that
# shrank (not as a write error), and the next file is still printed.
#
# Deterministic without timing: slice writes one large window into a pipe,
# which fills; the reader takes one byte (so slice has mapped the file and
# is blocked writing it), truncates the log, then drains the pipe.  The
# rest of slice's write then has no pages behind it.
. "$top_srcdir/tests/cli/lib.sh"

seq 1 600000 >"$T/big.log"
printf 'next\n' >"$T/next.log"

checks=$((checks + 1))
{
	"$LOGSCAN" slice --lines 1: "$T/big.log" "$T/next.log" 2>"$T/err"
	echo $? >"$T/status"
} | {
	dd bs=1 count=1 of=/dev/null 2>/dev/null
	: >"$T/big.log"
	cat >"$T/rest"
}
st=$(cat "$T/status")
[ "$st" -eq 2 ] || fail "exit status $st, wanted 2"
expect_grep "$T/err" "^logscan: $T/big.log: file shrank while being read$" \
    "shrink message"
checks=$((checks + 1))
if grep -q 'write error' "$T/err"; then
	fail "reported as a write error"
	sed 's/^/  stderr: /' "$T/err" >&2
fi
checks=$((checks + 1))
# What reached the pipe before the truncation may end mid-line.
[ "$(tail -c 5 "$T/rest")" = next ] || fail "the next file was not printed"
finish
