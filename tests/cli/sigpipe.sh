#!/bin/sh
# A reader that goes away (| head): grep and slice end as GNU grep does,
# killed by SIGPIPE (status 141 under bash's pipefail) and silent, or, when
# SIGPIPE is ignored, with "write error: Broken pipe" and exit 2.  Each
# pipeline writes far more than a pipe holds, so the reader is gone before
# the writer is done.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v bash >/dev/null 2>&1; then
	echo "no bash: skipping"
	exit 77
fi
awk 'BEGIN { for (i = 0; i < 200000; i++)
	printf "2026-03-01T10:%02d:%02dZ foo line %d\n", i / 6000, i / 100 % 60, i }' \
    >"$T/many.log"

# closed DESC WANT_STATUS WANT_ERR IGNORE CMD...  run CMD | head -n 1 under
# bash's pipefail (with SIGPIPE ignored when IGNORE is 1): the pipeline's
# status is WANT_STATUS, stderr is empty or the one line WANT_ERR, and the
# first line still arrives.
closed() {
	desc=$1 want=$2 wanterr=$3 ign=$4
	shift 4
	checks=$((checks + 1))
	if [ "$ign" = 1 ]; then
		( trap '' PIPE
		  bash -c 'set -o pipefail; "$@" 2>"$E" | head -n 1 >"$O"' \
		      sh "$@" )
	else
		bash -c 'set -o pipefail; "$@" 2>"$E" | head -n 1 >"$O"' sh "$@"
	fi
	got=$?
	[ "$got" -eq "$want" ] || fail "$desc: status $got, wanted $want"
	if [ -z "$wanterr" ]; then
		expect_empty "$E" "$desc: no message"
	else
		checks=$((checks + 1))
		[ "$(cat "$E")" = "$wanterr" ] || {
			fail "$desc: stderr is not '$wanterr'"
			sed 's/^/  stderr: /' "$E" >&2
		}
	fi
	expect_grep "$O" ' foo line 0$' "$desc: the first line arrives"
}
E=$T/err O=$T/out
export E O

# What GNU grep does here is the reference: with SIGPIPE at its default
# (unless the test's environment ignores it; then the shell cannot undo it).
bash -c 'set -o pipefail; grep foo "$1" | head -n 1 >/dev/null' sh \
    "$T/many.log" 2>/dev/null
gst=$?
if [ "$gst" -eq 141 ]; then
	for args in "grep foo" "grep -n --since 2026-03-01 foo" \
	    "slice --lines 1:" "slice --since 2026-03-01"; do
		# shellcheck disable=SC2086
		closed "$args | head" 141 "" 0 "$LOGSCAN" $args "$T/many.log"
		closed "$args - | head" 141 "" 0 sh -c \
		    "cat \"\$0\" | \"\$1\" $args" "$T/many.log" "$LOGSCAN"
	done
else
	echo "SIGPIPE is ignored here (grep's status $gst): default case skipped"
fi

# SIGPIPE ignored: GNU grep's message and status.
( trap '' PIPE
  bash -c 'set -o pipefail; grep foo "$1" | head -n 1 >/dev/null' sh \
      "$T/many.log" 2>"$T/gerr" )
gst=$?
checks=$((checks + 1))
[ "$gst" -eq 2 ] || fail "grep with SIGPIPE ignored: $gst, not 2"
expect_grep "$T/gerr" '^grep: write error: Broken pipe$' "GNU grep's message"
for args in "grep foo" "grep -n --since 2026-03-01 foo" \
    "slice --lines 1:" "slice --since 2026-03-01"; do
	# shellcheck disable=SC2086
	closed "$args | head, SIGPIPE ignored" 2 \
	    "logscan: write error: Broken pipe" 1 "$LOGSCAN" $args "$T/many.log"
done
# Several files: the error is reported once and the run stops there.
closed "grep of three files, SIGPIPE ignored" 2 \
    "logscan: write error: Broken pipe" 1 "$LOGSCAN" grep -h foo \
    "$T/many.log" "$T/many.log" "$T/many.log"
closed "slice of three files, SIGPIPE ignored" 2 \
    "logscan: write error: Broken pipe" 1 "$LOGSCAN" slice --lines 1: \
    "$T/many.log" "$T/many.log" "$T/many.log"
finish
