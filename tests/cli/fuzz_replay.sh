#!/bin/sh
# Every fuzz harness (tests/fuzz) runs, built as a plain program, on its
# seed corpus and on the reproducers of the findings fixed so far: none may
# crash, abort on a broken invariant, or (under --enable-sanitizers) draw
# a sanitizer report.
. "$top_srcdir/tests/cli/lib.sh"

FUZZ="$top_srcdir/tests/fuzz"
for name in conf index layout posix regex timeexpr timefmt; do
	prog="$top_builddir/tests/fuzz/replay_$name"
	n=0
	for dir in "$FUZZ/corpus/$name" "$FUZZ/regress/$name"; do
		[ -d "$dir" ] || continue
		n=$((n + $(ls "$dir" | wc -l)))
		expect_status 0 "replay_$name on $dir" "$prog" "$dir"
		expect_empty "$T/err" "replay_$name on $dir is silent"
	done
	checks=$((checks + 1))
	[ "$n" -gt 0 ] || fail "no inputs for replay_$name"
done

finish
