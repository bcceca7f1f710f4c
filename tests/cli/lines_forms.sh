#!/bin/sh
# --lines -N: (the last N lines, as tail -n N) and sed's A,B, A,+N and A,$
# on slice and grep: against tail and sed, with no index, a fresh index of
# small groups, an index of a prefix (the log grew), --index=never, without
# a final newline, with a time range, and the errors.
. "$top_srcdir/tests/cli/lib.sh"

"$GENLOG" --size 60K --seed 5 >"$T/app.log" || fail "genlog failed"
n=$(wc -l <"$T/app.log")
printf 'one\n\ntwo\nthree' >"$T/nonl.log" # 4 lines, the last without \n
: >"$T/empty.log"

# tail_check LOG N LABEL [OPTIONS...]  slice --lines -N: is tail -n N, and
# grep -n '' --lines -N: numbers the same lines as grep -n '' | tail.
tail_check() {
	log=$1 k=$2 label=$3
	shift 3
	checks=$((checks + 2))
	tail -n "$k" "$log" >"$T/want"
	"$LOGSCAN" slice --lines "-$k:" "$@" "$log" >"$T/got" 2>"$T/err"
	st=$?
	if [ -s "$T/want" ]; then want_st=0; else want_st=1; fi
	if [ "$st" -ne "$want_st" ] || ! cmp -s "$T/want" "$T/got"; then
		fail "$label: slice --lines -$k: $* (exit $st)"
		diff "$T/want" "$T/got" | head -5 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
	grep -n '' "$log" | tail -n "$k" >"$T/want"
	"$LOGSCAN" grep -n '' --lines "-$k:" "$@" "$log" >"$T/got" 2>"$T/err"
	if ! cmp -s "$T/want" "$T/got"; then
		fail "$label: grep -n '' --lines -$k: $*"
		diff "$T/want" "$T/got" | head -5 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

tails() {
	label=$1
	shift
	for k in 1 8 100 "$((n - 1))" "$n" "$((n + 1))"; do
		tail_check "$T/app.log" "$k" "$label" "$@"
	done
}
tails "no index"
"$LOGSCAN" index --group-lines 7 "$T/app.log" || fail "index"
tails "fresh index"
tails "--index=never" --index=never
# The log grows: the index covers a prefix, the tail is counted.
"$GENLOG" --size 5K --seed 6 >>"$T/app.log"
n=$(wc -l <"$T/app.log")
tails "appended index"
for k in 1 2 3 4 5; do
	tail_check "$T/nonl.log" "$k" "no final newline"
done
tail_check "$T/empty.log" 3 "empty file"

# With an index, -N: reads only the groups it needs, not the whole log.
"$LOGSCAN" index "$T/app.log" >/dev/null 2>&1
"$LOGSCAN" slice --stats --lines -5: "$T/app.log" >/dev/null 2>"$T/err"
expect_grep "$T/err" 'index fresh' "the index serves -N:"

# sed's forms, against sed itself.
for r in 5,7 7,5 1,1 5,+0 5,+3 "$((n - 2)),\$" 1,\$ "$((n + 1)),\$" \
    "$n,+10"; do
	checks=$((checks + 1))
	sed -n "${r}p" "$T/app.log" >"$T/want"
	"$LOGSCAN" slice --lines "$r" "$T/app.log" >"$T/got" 2>"$T/err"
	cmp -s "$T/want" "$T/got" || {
		fail "slice --lines $r is not sed -n '${r}p'"
		sed 's/^/  stderr: /' "$T/err" >&2
	}
	checks=$((checks + 1))
	sed -n "${r}=" "$T/app.log" >"$T/want"
	"$LOGSCAN" grep -n '' --lines "$r" "$T/app.log" | cut -d: -f1 >"$T/got"
	cmp -s "$T/want" "$T/got" || fail "grep --lines $r numbers other lines"
done

# With a time range: the last N lines of the file that are in the range.
cat >"$T/timed.log" <<'LOG'
2026-03-01T10:00:00Z a
2026-03-01T10:01:00Z b
  trace b
2026-03-01T10:02:00Z c
2026-03-01T10:03:00Z d
LOG
printf '  trace b\n2026-03-01T10:02:00Z c\n' >"$T/want"
expect_status 0 "slice --since --until --lines -3:" "$LOGSCAN" slice \
    --since 2026-03-01T10:01Z --until 2026-03-01T10:03Z --lines -3: \
    "$T/timed.log"
expect_same "$T/want" "$T/out" "time range and -N: intersect"
printf '3:  trace b\n4:2026-03-01T10:02:00Z c\n' >"$T/want"
expect_status 0 "grep -n --since --lines -3:" "$LOGSCAN" grep -n '' \
    --since 2026-03-01T10:01Z --until 2026-03-01T10:03Z --lines -3: \
    "$T/timed.log"
expect_same "$T/want" "$T/out" "grep: time range and -N: intersect"

# A pipe: read to its end, keeping the last N lines, as tail does.
for k in 1 8 "$n" "$((n + 1))"; do
	for f in "$T/app.log" "$T/nonl.log" "$T/empty.log"; do
		checks=$((checks + 2))
		tail -n "$k" "$f" >"$T/want"
		cat "$f" | "$LOGSCAN" slice --lines "-$k:" >"$T/got" ||
		    [ ! -s "$T/want" ] || fail "slice -$k: of a pipe failed"
		cmp -s "$T/want" "$T/got" ||
		    fail "slice --lines -$k: of a pipe of $(basename "$f")"
		grep -n -b '' "$f" | tail -n "$k" >"$T/want"
		cat "$f" | "$LOGSCAN" grep -n -b '' --lines "-$k:" >"$T/got"
		cmp -s "$T/want" "$T/got" ||
		    fail "grep --lines -$k: of a pipe of $(basename "$f")"
	done
done
# Errors: with a time range a pipe cannot be read back; malformed forms.
expect_status 2 "-N: and a time range on a pipe" sh -c \
    'cat "$1" | "$2" slice --since 2026-03-01 --lines -3:' sh \
    "$T/timed.log" "$LOGSCAN"
expect_grep "$T/err" 'with a time range needs a file' \
    "-N: and a time range on a pipe says why"
for bad in -3 -0: -x: --3: -3:5 5,x ,5 5, 5,+x; do
	expect_status 2 "--lines $bad" "$LOGSCAN" slice --lines "$bad" \
	    "$T/app.log"
	expect_grep "$T/err" "bad line range" "--lines $bad is refused"
done
"$LOGSCAN" slice --help >"$T/help"
expect_grep "$T/help" '-N: for the last N' "slice --help documents -N:"
"$LOGSCAN" grep --help >"$T/help"
expect_grep "$T/help" "-N: for the last N, sed's A,B" \
    "grep --help documents -N: and A,B"
finish
