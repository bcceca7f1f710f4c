#!/bin/sh
# Issue 24 item 3: verify what you use.  Each index group carries a hash of
# its edges; a query checks the groups it reads, and a mismatch makes the
# index stale: the query says so and answers from the log, and `logscan
# index` rebuilds instead of keeping (or resuming) it.  Cases: an in-place
# same-size rewrite with the mtime put back (touch -d); a rewrite in the
# middle plus an append; a newline moved across a group edge with --lines.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
# 2000 lines, one every 2 s from 10:00:00, 100-line groups: group 10
# starts at line 1001 (10:33:20).
awk 'BEGIN {
	for (i = 0; i < 2000; i++) {
		s = 2 * i
		printf "2026-03-01T%02d:%02d:%02d.000Z INFO line %04d payload\n",
		    10 + int(s / 3600), int(s / 60) % 60, s % 60, i + 1
	}
}' >orig.log

# same_as_log DESC ARGS...  an indexed slice prints what --index=never
# prints, and says that the index is stale.
same_as_log() {
	desc=$1
	shift
	"$LOGSCAN" slice --index=never "$@" f.log >want 2>/dev/null
	checks=$((checks + 1))
	"$LOGSCAN" slice "$@" f.log >got 2>err
	if ! cmp -s want got; then
		fail "$desc: differs from --index=never"
		diff want got | head -5 >&2
	fi
	expect_grep err "f\.log: index .*f\.log\.lsidx is stale: group $GROUP \(line $LINE\) changed since it was indexed; answering from the log" "$desc: says the index is stale"
}

# no_note DESC ARGS...  an indexed slice agrees with --index=never and
# says nothing.
no_note() {
	desc=$1
	shift
	"$LOGSCAN" slice --index=never "$@" f.log >want 2>/dev/null
	expect_status 0 "$desc" "$LOGSCAN" slice --stats "$@" f.log
	expect_same want "$T/out" "$desc: same as --index=never"
	expect_grep "$T/err" "index fresh" "$desc: the index is used"
	checks=$((checks + 1))
	if grep -q "stale" "$T/err"; then
		fail "$desc: a stale note for a fresh index"
	fi
}

# 1. In place, same size, mtime put back: line 1001 now says 11:30:00.
cp orig.log f.log
expect_status 0 "index" "$LOGSCAN" index --group-lines 100 f.log
no_note "unchanged" --since 2026-03-01T10:33:00Z --until 2026-03-01T10:34:00Z
mtime=$(stat -c %y f.log)
sed '1001s/^2026-03-01T10:33:20/2026-03-01T11:30:00/' f.log >tmp
cat tmp >f.log # same inode, same size
touch -d "$mtime" f.log
checks=$((checks + 1))
[ "$(stat -c %y f.log)" = "$mtime" ] && cmp -s orig.log f.log &&
	fail "the rewrite did not happen"
GROUP=10 LINE=1001
same_as_log "rewritten in place, --since 10:33 --until 10:34" \
    --since 2026-03-01T10:33:00Z --until 2026-03-01T10:34:00Z
# grep checks it too.
"$LOGSCAN" grep --index=never -n --since 2026-03-01T10:33:00Z \
    --until 2026-03-01T10:34:00Z line f.log >want 2>/dev/null
expect_status 0 "grep, rewritten in place" "$LOGSCAN" grep -n \
    --since 2026-03-01T10:33:00Z --until 2026-03-01T10:34:00Z line f.log
expect_same want "$T/out" "grep, rewritten in place: same as --index=never"
expect_grep "$T/err" "is stale: group 10 \(line 1001\) changed" \
    "grep says the index is stale"
# `logscan index` rebuilds it (size, mtime and end hashes all match).
expect_status 0 "index after the rewrite" "$LOGSCAN" index --stats f.log
expect_grep "$T/err" "stale" "logscan index rebuilds a rewritten log's index"
no_note "rebuilt, --since 11:30" --since 2026-03-01T11:30:00Z \
    --until 2026-03-01T11:30:01Z
expect_grep "$T/out" "line 1001 payload" "rebuilt: the rewritten entry is found"

# 2. A rewrite in the middle plus an append, no mtime trick: line 501.
cp orig.log f.log
expect_status 0 "index (2)" "$LOGSCAN" index --group-lines 100 f.log
sed '501s/^2026-03-01T10:16:40/2026-03-01T11:30:00/' f.log >tmp
cat tmp >f.log
echo "2026-03-01T11:10:00.000Z INFO line 2001 appended" >>f.log
GROUP=5 LINE=501
same_as_log "rewritten and appended, --since 10:16 --until 10:17" \
    --since 2026-03-01T10:16:00Z --until 2026-03-01T10:17:00Z
# An incremental `logscan index` does not resume from a changed index.
expect_status 0 "index after rewrite and append" "$LOGSCAN" index --stats f.log
expect_grep "$T/err" "stale" "no tail build over a rewritten middle"
no_note "rebuilt (2), --since 11:00" --since 2026-03-01T11:00:00Z
expect_grep "$T/out" "line 0501 payload" "rebuilt (2): line 501 is found"
expect_grep "$T/out" "line 2001 appended" "rebuilt (2): the appended line"

# 3. A newline moved 4 bytes earlier across the edge of group 12 (line
# 1201 starts there), mtime put back: --lines 1201:1202 must print the
# log's lines 1201 and 1202, not what the old offsets say.
cp orig.log f.log
expect_status 0 "index (3)" "$LOGSCAN" index --group-lines 100 f.log
no_note "unchanged --lines" --lines 1201:1202
mtime=$(stat -c %y f.log)
awk 'NR == 1200 { hold = substr($0, length($0) - 3); printf "%s\n%s",
	substr($0, 1, length($0) - 4), hold; next } { print }' f.log >tmp
cat tmp >f.log
touch -d "$mtime" f.log
checks=$((checks + 1))
[ "$(wc -c <f.log)" = "$(wc -c <orig.log)" ] || fail "size changed"
GROUP=12 LINE=1201
same_as_log "moved newline, --lines 1201:1202" --lines 1201:1202
expect_grep want "^load.*line 1201" "the truth starts with the moved bytes"
GROUP=11 LINE=1101
same_as_log "moved newline, --lines 1200:1201" --lines 1200:1201
finish
