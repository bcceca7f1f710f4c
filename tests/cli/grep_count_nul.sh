#!/bin/sh
# grep -c '' counts lines in the same pass that looks for a NUL (the sign
# of a binary file, which changes what a line is): with a NUL at the
# start, inside or at the edges of the 96 KiB blocks of the binary rule,
# in the last byte, or nowhere, the count must be GNU grep's, with one
# thread and two, through both readers and one-page windows.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 1
export LC_ALL=C
grep --version 2>/dev/null | grep -q 'GNU grep' || exit 77

awk 'BEGIN { for (i = 0; i < 9000; i++)
	printf "%06d some log text of a line %s\n", i, substr("xxxxxxxxxx", 1, i % 11) }' >base
size=$(wc -c <base)
for at in none 0 1 5000 98303 98304 98305 196607 200000 $((size - 1)); do
	if [ "$at" = none ]; then
		cp base "f$at"
	else
		{ head -c "$at" base; printf '\0'; tail -c +$((at + 2)) base; } >"f$at"
	fi
	# The same without its last newline.
	head -c $((size - 1)) "f$at" >"g$at"
	for f in "f$at" "g$at"; do
		want=$(grep -c '' "$f")
		for args in "-j1" "-j2" "-j1 --io=read" "-j1 --io=mmap --window-size=4096"; do
			checks=$((checks + 1))
			# shellcheck disable=SC2086
			got=$("$LOGSCAN" grep $args -c '' "$f")
			[ "$got" = "$want" ] ||
				fail "grep $args -c '' $f: $got, GNU grep $want"
		done
	done
done
finish
