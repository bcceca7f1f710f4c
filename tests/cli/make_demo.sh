#!/bin/sh
# `make demo` shows each command as it could be pasted into a shell: run on
# a small log, every "$ COMMAND" line it prints, given to sh, prints what
# the demo printed under it.
. "$top_srcdir/tests/cli/lib.sh"

: "${GENLOG:?GENLOG must point at tests/genlog}"
mkdir "$T/demo dir" # a space in the path must be quoted too
LOGSCAN="$LOGSCAN" GENLOG="$GENLOG" DEMO_SIZE=256K DEMO_DIR="$T/demo dir" \
    sh "$top_srcdir/tests/demo.sh" >"$T/demo" 2>/dev/null ||
    fail "the demo failed"
grep '^\$ ' "$T/demo" >"$T/cmds"
checks=$((checks + 1))
[ "$(wc -l <"$T/cmds")" -ge 5 ] || fail "the demo shows too few commands"
expect_grep "$T/cmds" "grep -c 'ERROR \\.\\*user=mallory' '$T/demo dir/" \
    "the regex and the path are quoted"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	cmd=${line#\$ }
	# What the demo printed for it: the lines after it, up to the timing.
	awk -v want="$line" '
	    $0 == want { on = 1; next }
	    on && /^  \([0-9]+\.[0-9]+ s\)$/ { exit }
	    on { print }' "$T/demo" >"$T/shown.$n"
	checks=$((checks + 1))
	sh -c "$cmd" 2>/dev/null | head -n 12 >"$T/pasted.$n"
	expect_same "$T/shown.$n" "$T/pasted.$n" "pasted: $cmd"
done <"$T/cmds"
finish
