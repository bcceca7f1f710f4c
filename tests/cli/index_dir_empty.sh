#!/bin/sh
# An empty --index-dir is a usage error in every command that takes it (it
# used to overflow a buffer in index and to mean "/" in lookups).
. "$top_srcdir/tests/cli/lib.sh"

printf 'a\nb\n' >"$T/app.log"
for cmd in "index" "slice --lines 1" "info"; do
	# shellcheck disable=SC2086 # $cmd is the command and its options
	expect_status 2 "$cmd --index-dir ''" "$LOGSCAN" $cmd --index-dir '' \
	    "$T/app.log"
	expect_grep "$T/err" "^logscan: --index-dir must not be empty$" \
	    "$cmd message"
	expect_empty "$T/out" "$cmd prints nothing"
	expect_status 2 "$cmd --index-dir=" "$LOGSCAN" $cmd --index-dir= \
	    "$T/app.log"
done
checks=$((checks + 1))
[ -e "$T/app.log.lsidx" ] && fail "an index was written"
finish
