#!/bin/sh
# Issue 24 item 1: grep -B/-C with --since/--until lost before-context when
# the lines before a match were held back for the binary-file check (small
# windows): the answer must be grep's over the lines of the time range, for
# -B, -C and -A, with and without -n, for every window size.
. "$top_srcdir/tests/cli/lib.sh"

# 200 lines at one instant, "match" on lines 6 and 150, then lines outside
# the range (context never reaches past the range's edges).
awk 'BEGIN {
	for (i = 1; i <= 200; i++)
		printf "2026-03-01T10:00:00Z %s line %d\n",
		    (i == 6 || i == 150 ? "match" : "plain"), i
	for (i = 201; i <= 210; i++)
		printf "2026-03-02T10:00:00Z plain line %d\n", i
}' >"$T/f.log"
head -200 "$T/f.log" >"$T/in-range.log"
"$LOGSCAN" index --group-lines 16 "$T/f.log" || fail "index"

for ws in 4K 8K 64K 1M; do
	for opt in -B1 -B2 -C2 -A3 "-n -B1" "-n -C3" "-c -B2" "-v -B1 -m 3"; do
		checks=$((checks + 1))
		# shellcheck disable=SC2086
		grep $opt match "$T/in-range.log" >"$T/want"
		for idx in never auto; do
			# shellcheck disable=SC2086
			"$LOGSCAN" grep --index=$idx --window-size $ws \
			    --since 2026-03-01 --until 2026-03-02 $opt match \
			    "$T/f.log" >"$T/got" 2>"$T/err"
			if ! cmp -s "$T/want" "$T/got"; then
				fail "--window-size $ws --index=$idx $opt: differs from grep"
				diff "$T/want" "$T/got" | head -5 >&2
			fi
		done
	done
done

# The report's own example.
expect_status 0 "report example" "$LOGSCAN" grep --index=never \
    --window-size 4K --since 2026-03-01 -n -B1 match "$T/f.log"
printf '5-2026-03-01T10:00:00Z plain line 5\n6:2026-03-01T10:00:00Z match line 6\n--\n149-2026-03-01T10:00:00Z plain line 149\n150:2026-03-01T10:00:00Z match line 150\n' >"$T/want"
expect_same "$T/want" "$T/out" "report example output"
finish
