#!/bin/sh
# A damaged index is reported and never used: queries still answer right,
# and `logscan index` rebuilds it.
. "$top_srcdir/tests/cli/lib.sh"

"$GENLOG" --size 100K --seed 6 >"$T/app.log"
sed -n '500,520p' "$T/app.log" >"$T/want"
"$LOGSCAN" index --group-lines 16 "$T/app.log" || fail "index"
cp "$T/app.log.lsidx" "$T/good"
isize=$(wc -c <"$T/good")

# damage OFFSET  flip every bit of one byte of a fresh copy of the index
# (a fixed replacement byte would change nothing when it is already there)
damage() {
	cp "$T/good" "$T/app.log.lsidx"
	b=$(od -An -tu1 -j "$1" -N1 "$T/good" | tr -d ' ')
	printf "\\$(printf %o $((255 - b)))" |
	    dd of="$T/app.log.lsidx" bs=1 seek="$1" conv=notrunc 2>/dev/null
	cmp -s "$T/good" "$T/app.log.lsidx" && fail "damage at $1 changed nothing"
}

for off in 0 8 12 20 50 80 100 113 152 170 200 $((isize - 20)) \
    $((isize - 1)); do
	damage "$off"
	expect_status 0 "slice with damage at $off" "$LOGSCAN" slice \
	    --lines 500:520 "$T/app.log"
	expect_same "$T/out" "$T/want" "right answer with damage at $off"
	expect_grep "$T/err" "^logscan: $T/app.log.lsidx: corrupt index \(.+\); not using it$" \
	    "damage at $off reported"
done

# Truncated and extended.
for len in 0 7 100 152 $((isize - 8)) $((isize - 1)); do
	head -c "$len" "$T/good" >"$T/app.log.lsidx"
	expect_status 0 "slice, index cut to $len" "$LOGSCAN" slice \
	    --lines 500:520 "$T/app.log"
	expect_same "$T/out" "$T/want" "right answer, index cut to $len"
	expect_grep "$T/err" 'corrupt index' "cut to $len reported"
done
cp "$T/good" "$T/app.log.lsidx"
printf 'trailing' >>"$T/app.log.lsidx"
expect_status 0 "slice, index extended" "$LOGSCAN" slice --lines 500:520 \
    "$T/app.log"
expect_same "$T/out" "$T/want" "right answer, index extended"
expect_grep "$T/err" 'corrupt index \(group count does not match the file size\)' "extension reported"

# info reports it; index rebuilds it, saying so.
"$LOGSCAN" info "$T/app.log" >"$T/info"
expect_grep "$T/info" '^  freshness: corrupt$' "info says corrupt"
expect_grep "$T/info" '^  reason: group count does not match the file size$' "info gives the reason"
expect_status 0 "rebuild" "$LOGSCAN" index --group-lines 16 "$T/app.log"
expect_grep "$T/err" "^logscan: $T/app.log.lsidx: corrupt index \(group count does not match the file size\); rebuilding$" \
    "rebuild message"
expect_same "$T/app.log.lsidx" "$T/good" "rebuilt index"
expect_status 0 "slice after rebuild" "$LOGSCAN" slice --lines 500:520 \
    "$T/app.log"
expect_empty "$T/err" "no warning after the rebuild"

# A directory where the index should be: an error for index, ignored by
# queries.
rm "$T/app.log.lsidx"
mkdir "$T/app.log.lsidx"
expect_status 0 "slice, index is a directory" "$LOGSCAN" slice \
    --lines 500:520 "$T/app.log"
expect_same "$T/out" "$T/want" "right answer, index is a directory"
expect_status 2 "index over a directory" "$LOGSCAN" index "$T/app.log"
expect_grep "$T/err" "^logscan: $T/app.log: " "error names the log"
finish
