#!/bin/sh
# grep --since/--until searches only the entries of the time range: on every
# sample log, with -n, -c, -v, -l and -q, the answer is grep's over the lines
# tests/cli/timeref.awk selects, with and without an index of 2-line groups;
# context stops at the range's edges; errors come before any file is read.
. "$top_srcdir/tests/cli/lib.sh"

REF="$top_srcdir/tests/cli/timeref.awk"

at() {
	printf '@%d.%06d' $(($1 / 1000000)) $(($1 % 1000000))
}

# check LOG FMT SINCE UNTIL PATTERN LABEL [OPTIONS...]
check() {
	log=$1 fmt=$2 s=$3 u=$4 pat=$5 label=$6
	shift 6
	# The selected lines, numbered, then grep -E over their text.
	awk -v fmt="$fmt" -v since="$s" -v until="$u" -v year=2026 \
	    -v numbered=1 -f "$REF" "$log" >"$T/sel"
	grep -E "^[0-9]+:.*($pat)" "$T/sel" >"$T/want-n"
	sed 's/^[0-9]*://' "$T/want-n" >"$T/want"
	grep -Ev "^[0-9]+:.*($pat)" "$T/sel" | sed 's/^[0-9]*://' \
	    >"$T/want-v"
	if [ -s "$T/want" ]; then want_st=0; else want_st=1; fi
	for flag in "" -n -c -v -l -q; do
		checks=$((checks + 1))
		"$LOGSCAN" grep $flag --since "$(at "$s")" --until "$(at "$u")" \
		    "$@" -E -e "$pat" "$log" >"$T/got" 2>"$T/err"
		st=$?
		case $flag in
		"") exp="$T/want" ;;
		-n) exp="$T/want-n" ;;
		-c) wc -l <"$T/want" | tr -d ' ' >"$T/want-c"
		    exp="$T/want-c" ;;
		-v) exp="$T/want-v" ;;
		-l) if [ "$want_st" -eq 0 ]; then echo "$log"; fi \
		    >"$T/want-l"
		    exp="$T/want-l" ;;
		-q) : >"$T/want-q"
		    exp="$T/want-q" ;;
		esac
		w=$want_st
		if [ "$flag" = -v ]; then
			if [ -s "$T/want-v" ]; then w=0; else w=1; fi
		fi
		if [ "$st" -ne "$w" ] || ! cmp -s "$exp" "$T/got"; then
			fail "$label: grep $flag /$pat/ $(basename "$log") [$s, $u) $* (exit $st, wanted $w)"
			diff "$exp" "$T/got" | head -5 >&2
			sed 's/^/  stderr: /' "$T/err" >&2
		fi
	done
}

for f in "$TESTDATA"/time/*.log; do
	name=$(basename "$f" .log)
	case $name in
	rfc3164-newyear) fmt=rfc3164 year="--year 2026" ;;
	unsorted) fmt=iso-z year="" ;;
	*) fmt=$name year="" ;;
	esac
	log="$T/$name.log"
	cp "$f" "$log"
	awk -v fmt="$fmt" -v keys=1 -v year=2026 -f "$REF" "$log" |
	    sort -n -u >"$T/keys"
	n=$(wc -l <"$T/keys")
	k1=$(sed -n 1p "$T/keys")
	kq=$(sed -n "$((n / 4 + 1))p" "$T/keys")
	k3=$(sed -n "$((3 * n / 4))p" "$T/keys")
	kl=$(sed -n "${n}p" "$T/keys")
	for mode in never index; do
		if [ "$mode" = index ]; then
			# shellcheck disable=SC2086
			"$LOGSCAN" index --group-lines 2 $year "$log" ||
			    fail "index $name"
			opt=""
		else
			opt="--index=never"
		fi
		# shellcheck disable=SC2086
		check "$log" "$fmt" "$kq" "$k3" 'ERROR|error|WARN|at ' \
		    "$mode" $opt $year
		# shellcheck disable=SC2086
		check "$log" "$fmt" "$k1" $((kl + 1)) '[a-z]{4}' "$mode" $opt \
		    $year
		# shellcheck disable=SC2086
		check "$log" "$fmt" $((kl + 1)) $((kl + 2)) 'a' "$mode" $opt \
		    $year
	done
done

# Context stops at the edges of the range: the entries before and after
# it are not shown.  (iso8601.log: line 10 is the 10:02:34.143 ERROR, 11
# to 16 its trace, 17 the next entry.)
log="$T/iso8601.log"
"$LOGSCAN" grep -n -B3 -A10 --since "2026-03-01 10:02:30" \
    --until "2026-03-01 10:02:41" 'Read timed out' "$log" >"$T/got"
awk 'NR >= 10 && NR <= 16 { print NR (NR == 11 ? ":" : "-") $0 }' "$log" \
    >"$T/want"
expect_same "$T/want" "$T/got" "context inside the range only"
# An unsorted log: every entry in the range is counted, wherever it is.
checks=$((checks + 1))
"$LOGSCAN" grep -c --since 2026-03-01T10:02:00Z --until +1m . \
    "$T/unsorted.log" >"$T/got"
awk -v fmt=iso-z -v since=1772359320000000 -v until=1772359380000000 \
    -f "$REF" "$T/unsorted.log" | wc -l | tr -d ' ' | cmp -s - "$T/got" ||
    fail "unsorted count"

# --lines and a time range together: the lines of both, numbered as in
# the file.
checks=$((checks + 1))
"$LOGSCAN" grep -n --lines 12:30 --since "2026-03-01 10:02:30" \
    --until "2026-03-01 10:04:30" . "$log" >"$T/got"
awk -v fmt=iso8601 -v since=1772359350000000 -v until=1772359470000000 \
    -v from=12 -v to=30 -v numbered=1 -f "$REF" "$log" >"$T/want"
cmp -s "$T/want" "$T/got" || fail "--lines with a time range"
checks=$((checks + 1))
[ "$(wc -l <"$T/want")" -gt 5 ] || fail "--lines with a time range: too few"

# Several files: names, and a file without timestamps reported.
printf 'no\ntimes\n' >"$T/plain.log"
expect_status 2 "a file without timestamps" "$LOGSCAN" grep -c \
    --since 2026-03-01T10:00:00Z --until +1h . "$T/plain.log" "$log"
expect_grep "$T/err" \
    "^logscan: $T/plain.log: no timestamps found \(try --time-format\)$" \
    "no timestamps message"
expect_grep "$T/out" "^$T/iso8601.log:37$" "the other file is counted"

# Bad times stop the run before anything is read (standard input is not
# waited for).
expect_status 2 "bad time" "$LOGSCAN" grep --since "half past" x
expect_grep "$T/err" "^logscan: bad time 'half past': " "bad time message"
expect_status 2 "bad format" "$LOGSCAN" grep --time-format nope \
    --since 2026-03-01 x "$log"
expect_status 2 "bad --index" "$LOGSCAN" grep --index=sometimes \
    --since 2026-03-01 x "$log"

# Standard input.
"$LOGSCAN" grep -n --since "2026-03-01 10:02" --until +2m 'INFO' \
    <"$log" >"$T/got"
"$LOGSCAN" grep -n --since "2026-03-01 10:02" --until +2m 'INFO' \
    "$log" >"$T/want"
expect_same "$T/want" "$T/got" "standard input"

# --stats shows the plan.
"$LOGSCAN" grep -c --stats --since "2026-03-01 10:02" --until +2m 'INFO' \
    "$log" >/dev/null 2>"$T/err"
expect_grep "$T/err" "^logscan: stats: $T/iso8601.log: index fresh .*: [0-9]+ regions?, [0-9]+ groups? of [0-9]+," \
    "--stats plan line"
finish
