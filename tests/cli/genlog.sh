#!/bin/sh
# The sample log generator: exact size, deterministic, rare tokens where
# documented, timestamps sorted.
. "$top_srcdir/tests/cli/lib.sh"

"$GENLOG" --size 2M --seed 7 >"$T/a" || fail "genlog failed"
"$GENLOG" --size 2M --seed 7 >"$T/b" || fail "genlog failed"
"$GENLOG" --size 2M --seed 8 >"$T/c" || fail "genlog failed"
expect_same "$T/a" "$T/b" "same seed, same bytes"
checks=$((checks + 1))
cmp -s "$T/a" "$T/c" && fail "a different seed gives different bytes"

size=$(wc -c <"$T/a")
checks=$((checks + 1))
# The generator stops at the first line that reaches the size.
if [ "$size" -lt 2097152 ] || [ "$size" -gt 2099200 ]; then
	fail "size $size is not about 2 MiB"
fi
checks=$((checks + 1))
n=$(grep -c ZX81QUARK "$T/a")
[ "$n" -eq 3 ] || fail "expected 3 rare tokens, got $n"

checks=$((checks + 1))
# Timestamped lines are in order (stack-trace lines carry none).
grep -oE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z' "$T/a" >"$T/ts"
sort -c "$T/ts" 2>/dev/null || fail "timestamps are not sorted"
expect_grep "$T/a" '^	at org\.example\.' "stack trace lines present"
expect_grep "$T/a" ' ERROR ' "ERROR lines present"
checks=$((checks + 1))
first=$(head -c 10 "$T/a")
[ "$first" = "2026-03-01" ] || fail "first line starts $first"

expect_status 2 "bad size" "$GENLOG" --size 12Q
finish
