#!/bin/sh
# Edges of the time line: a UTF-8 byte-order mark before the first
# timestamp, a leap second (:60 is the last second of its minute), and
# years int64 nanoseconds cannot hold (an entry of their own that no
# window with two bounds selects, never a continuation of another).
. "$top_srcdir/tests/cli/lib.sh"

# same DESC WANT CMD...  CMD's standard output must be exactly WANT.
same() {
	desc=$1 want=$2
	shift 2
	checks=$((checks + 1))
	"$@" >"$T/got" 2>"$T/err"
	if [ "$(cat "$T/got")" != "$want" ]; then
		fail "$desc"
		sed 's/^/  got: /' "$T/got" "$T/err" >&2
	fi
}

# A byte-order mark, with and without an index, zone-less and not, at a
# fixed column and after a bracket.
bom=$(printf '\357\273\277')
for first in '2026-03-01T10:00:00Z' '2026-03-01 10:00:00' \
    '[2026-03-01 10:00:00]' 'Mar  1 10:00:00'; do
	second=$(echo "$first" | sed 's/10:00:00/10:00:01/')
	log="$T/bom.log"
	printf '%s%s first\n%s second\n  more\n' "$bom" "$first" "$second" \
	    >"$log"
	touch -d "2026-03-02 00:00:00 UTC" "$log"
	same "BOM '$first': first entry" "${bom}$first first" \
	    "$LOGSCAN" slice --index=never --since 10:00:00 --until 10:00:01 \
	    --since 2026-03-01T10:00:00Z --until 2026-03-01T10:00:01Z "$log"
	same "BOM '$first': info" '  first: "2026-03-01T10:00:00Z"' \
	    sh -c "'$LOGSCAN' info '$log' | grep '^  first:'"
	"$LOGSCAN" index --group-lines 1 "$log" 2>/dev/null || fail "index"
	same "BOM '$first': indexed" "${bom}$first first" \
	    "$LOGSCAN" slice --since 2026-03-01T10:00:00Z \
	    --until 2026-03-01T10:00:01Z "$log"
	rm -f "$log.lsidx"
done

# A leap second stays in its day, in order: :60.5 reads as :59.5.
log="$T/leap.log"
printf '%s\n' '2016-12-31T23:59:59.400Z a' '2016-12-31T23:59:60.500Z leap' \
    '2017-01-01T00:00:00.200Z b' >"$log"
same "leap second: its day" "2016-12-31T23:59:59.400Z a
2016-12-31T23:59:60.500Z leap" "$LOGSCAN" slice --index=never \
    --since 2016-12-31 --until 2017-01-01 "$log"
same "leap second: until :60.6" "2016-12-31T23:59:59.400Z a
2016-12-31T23:59:60.500Z leap" "$LOGSCAN" slice --index=never \
    --since 2016-12-31 --until 2016-12-31T23:59:60.6Z "$log"
same "leap second: the next day" "2017-01-01T00:00:00.200Z b" \
    "$LOGSCAN" slice --index=never --since 2017-01-01 "$log"
"$LOGSCAN" index --group-lines 1 "$log" 2>/dev/null || fail "index"
same "leap second: indexed" "2016-12-31T23:59:60.500Z leap" \
    "$LOGSCAN" slice --since 2016-12-31T23:59:60.5Z \
    --until 2016-12-31T23:59:60.6Z "$log"

# Years outside 1677-2262: entries of their own.
log="$T/far.log"
printf '%s\n' '2026-03-01T10:00:00Z a' '2300-01-01T00:00:00Z far future' \
    '  its continuation' '2026-03-01T10:00:02Z b' \
    '1600-01-01T00:00:00Z far past' '2026-03-01T10:00:04Z c' >"$log"
for idx in never auto; do
	rm -f "$log.lsidx"
	[ $idx = auto ] && { "$LOGSCAN" index --group-lines 2 "$log" ||
		fail "index far years"; }
	same "far years, $idx: a 2026 window" "2026-03-01T10:00:00Z a
2026-03-01T10:00:02Z b
2026-03-01T10:00:04Z c" "$LOGSCAN" slice --index=$idx \
	    --since 2026-03-01 --until 2026-03-02 "$log"
	same "far years, $idx: --since only" "2026-03-01T10:00:00Z a
2300-01-01T00:00:00Z far future
  its continuation
2026-03-01T10:00:02Z b
2026-03-01T10:00:04Z c" "$LOGSCAN" slice --index=$idx --since 2026-03-01 "$log"
	same "far years, $idx: --until only" "2026-03-01T10:00:00Z a
2026-03-01T10:00:02Z b
1600-01-01T00:00:00Z far past
2026-03-01T10:00:04Z c" "$LOGSCAN" slice --index=$idx --until 2026-03-02 "$log"
	same "far years, $idx: grep" "1" "$LOGSCAN" grep --index=$idx -c far \
	    --since 1700-01-01 "$log"
done
# Such years are a clear error in --since.
expect_status 2 "--since 2300" "$LOGSCAN" slice --since 2300-01-01 "$log"
expect_grep "$T/err" "bad time '2300-01-01': out of the supported range" \
    "the --since message"
finish
