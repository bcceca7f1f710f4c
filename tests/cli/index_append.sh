#!/bin/sh
# Appending to a log and reindexing reads only the tail, and the result is
# byte for byte the index a full rebuild writes.
. "$top_srcdir/tests/cli/lib.sh"

"$GENLOG" --size 1M --seed 5 >"$T/full"
size=$(wc -c <"$T/full")
half=$((size / 2))
head -c "$half" "$T/full" >"$T/app.log" # ends inside a line

"$LOGSCAN" index --group-lines 50 --group-bytes 8K "$T/app.log" ||
    fail "first index"
mkdir "$T/other"

for step in 1 2 3; do
	cur=$(wc -c <"$T/app.log")
	next=$((cur + (size - half) / 3))
	[ "$step" -eq 3 ] && next=$size
	tail -c "+$((cur + 1))" "$T/full" | head -c "$((next - cur))" \
	    >>"$T/app.log"
	expect_status 0 "reindex $step" "$LOGSCAN" index --stats "$T/app.log"
	# The scan starts at the last indexed line, so it reads the new bytes
	# plus at most the partial line before them.
	expect_grep "$T/err" "^logscan: $T/app.log: tail: scanned [0-9]+ of $next bytes from offset" \
	    "reindex $step is a tail build"
	scanned=$(sed -n 's/.*tail: scanned \([0-9]*\) of.*/\1/p' "$T/err")
	# Mapped or read, whichever reader ran.
	mapped=$(sed -n 's/.*mapped \([0-9]*\) bytes, read \([0-9]*\) bytes.*/\1 + \2/p' "$T/err")
	mapped=$((mapped))
	checks=$((checks + 1))
	if [ "$scanned" -lt "$((next - cur))" ] ||
	    [ "$scanned" -gt "$((next - cur + 2000))" ]; then
		fail "reindex $step scanned $scanned bytes for $((next - cur)) new"
	fi
	checks=$((checks + 1))
	if [ "$mapped" -gt "$((scanned + 65536))" ]; then
		fail "reindex $step mapped $mapped bytes for $scanned scanned"
	fi
	# A full build of the same log elsewhere writes the same bytes.
	"$LOGSCAN" index --force --group-lines 50 --group-bytes 8K \
	    --index-dir "$T/other" "$T/app.log" ||
	    fail "full build $step"
	expect_same "$T/app.log.lsidx" "$T/other"/app.log.*.lsidx \
	    "tail build $step equals a full build"
done

# Unchanged: nothing is mapped.
expect_status 0 "up to date" "$LOGSCAN" index --stats "$T/app.log"
expect_grep "$T/err" 'up to date: scanned 0 of .* mapped 0 bytes' \
    "an up-to-date index maps nothing"

# New group parameters rebuild; without them the index keeps its own.
expect_status 0 "new parameters" "$LOGSCAN" index --stats --group-lines 60 \
    "$T/app.log"
expect_grep "$T/err" 'full \(new group parameters\)' "parameters rebuild"
"$LOGSCAN" info "$T/app.log" >"$T/info"
expect_grep "$T/info" '^  group_lines: 60$' "group lines kept"

# Rotated: rebuilt from the start.
cp "$T/app.log" "$T/new"
mv "$T/new" "$T/app.log"
expect_status 0 "rotated" "$LOGSCAN" index --stats "$T/app.log"
expect_grep "$T/err" 'full \(stale: log rotated \(new inode\)\)' \
    "rotated log rebuilt"
# Truncated.
head -c 1000 "$T/full" >"$T/app.log"
expect_status 0 "truncated" "$LOGSCAN" index --stats "$T/app.log"
expect_grep "$T/err" 'full \(stale: log truncated\)' "truncated log rebuilt"

# No temporary or lock files are left behind.
checks=$((checks + 1))
left=$(ls "$T" "$T/other" | grep -E '\.(tmp|lock)' || true)
[ -z "$left" ] || fail "left behind: $left"
finish
