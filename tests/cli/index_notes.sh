#!/bin/sh
# Automatic indexing is never silent the first time: a time range on a log
# of 64 MiB or more that builds its first index says so on stderr, naming
# the index, once; -s/-q (grep), -q (slice) and index-notes: false in the
# config silence it; --index=never builds nothing.
. "$top_srcdir/tests/cli/lib.sh"

"$GENLOG" --size 65M --seed 1 >"$T/big.log" || fail "genlog failed"
idx="$T/big.log.lsidx"
range="--since 2026-03-01T00:00:10Z --until 2026-03-01T00:01:00Z"
note="^logscan: $T/big.log: built index $idx for time queries \\(see FILES in logscan\\(1\\) to turn this off\\)\$"

# one_note DESC  stderr is exactly the note, and the index is there.
one_note() {
	expect_grep "$T/err" "$note" "$1: the note names the index"
	checks=$((checks + 1))
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$1: one line only"
	checks=$((checks + 1))
	[ -s "$idx" ] || fail "$1: no index written"
}
# no_note DESC  nothing on stderr, and the index is there.
no_note() {
	expect_empty "$T/err" "$1: no note"
	checks=$((checks + 1))
	[ -s "$idx" ] || fail "$1: no index written"
}

# shellcheck disable=SC2086
{
expect_status 0 "grep builds" "$LOGSCAN" grep -c INFO $range "$T/big.log"
one_note "grep"
cp "$T/out" "$T/count"
expect_status 0 "grep again" "$LOGSCAN" grep -c INFO $range "$T/big.log"
expect_empty "$T/err" "grep with the index there: no note"
expect_same "$T/count" "$T/out" "same answer with the index"
# The log grows: only its tail is indexed, without a word.
head -n 3 "$T/big.log" >>"$T/big.log"
expect_status 0 "grep after growth" "$LOGSCAN" grep -c INFO $range \
    "$T/big.log"
expect_empty "$T/err" "a tail update is not announced"

for q in -s -q; do
	rm -f "$idx"
	expect_status 0 "grep $q" "$LOGSCAN" grep $q -c INFO $range \
	    "$T/big.log"
	no_note "grep $q"
done

rm -f "$idx"
expect_status 0 "slice builds" "$LOGSCAN" slice $range "$T/big.log"
one_note "slice"
rm -f "$idx"
expect_status 0 "slice -q" "$LOGSCAN" slice -q $range "$T/big.log"
no_note "slice -q"
rm -f "$idx"
expect_status 0 "slice --quiet" "$LOGSCAN" slice --quiet $range "$T/big.log"
no_note "slice --quiet"

printf 'defaults:\n  index-notes: false\n' >"$T/quiet.yaml"
rm -f "$idx"
expect_status 0 "config index-notes: false" "$LOGSCAN" slice --config \
    "$T/quiet.yaml" $range "$T/big.log"
no_note "index-notes: false"
rm -f "$idx"
expect_status 0 "--index=never" "$LOGSCAN" grep -c --index=never INFO \
    $range "$T/big.log"
expect_empty "$T/err" "--index=never: no note"
checks=$((checks + 1))
[ -e "$idx" ] && fail "--index=never wrote an index"
}

# The man page says where indexes go and how to turn this off.
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tutf8 "$top_srcdir/man/logscan.1" 2>/dev/null | col -b |
	    sed -n '/^FILES/,/^EXIT STATUS/p' | tr '\t\n' '  ' | tr -s ' ' >"$T/files"
	expect_grep "$T/files" "index-notes: false" "FILES: the config key"
	expect_grep "$T/files" "--index=never" "FILES: turning it off"
	expect_grep "$T/files" "XDG_CACHE_HOME" "FILES: the cache directory"
fi
rm -f "$T/big.log" "$idx"
finish
