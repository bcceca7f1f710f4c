#!/bin/sh
# slice with --lines and --since/--until together: the lines of the range
# that the time range selects, against tests/cli/timeref.awk.  A line
# range can begin inside a stack trace whose entry line lies in an earlier
# group that the line range leaves out; the entry is then read backwards.
. "$top_srcdir/tests/cli/lib.sh"

REF="$top_srcdir/tests/cli/timeref.awk"

at() {
	printf '@%d.%06d' $(($1 / 1000000)) $(($1 % 1000000))
}

# check LOG FMT SINCE UNTIL A B LABEL [OPTIONS...]
check() {
	log=$1 fmt=$2 s=$3 u=$4 a=$5 b=$6 label=$7
	shift 7
	checks=$((checks + 1))
	awk -v fmt="$fmt" -v since="$s" -v until="$u" -v from="$a" \
	    -v to="$b" -f "$REF" "$log" >"$T/want"
	"$LOGSCAN" slice --lines "$a:$b" --since "$(at "$s")" \
	    --until "$(at "$u")" "$@" "$log" >"$T/got" 2>"$T/err"
	st=$?
	if [ -s "$T/want" ]; then want_st=0; else want_st=1; fi
	if [ "$st" -ne "$want_st" ] || ! cmp -s "$T/want" "$T/got"; then
		fail "$label: $(basename "$log") --lines $a:$b [$s, $u) $* (exit $st)"
		diff "$T/want" "$T/got" | head -5 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

for pair in iso8601:iso8601 level-first:level-first yy-slash:yy-slash \
    unsorted:iso-z epoch-ms:epoch-ms; do
	name=${pair%%:*} fmt=${pair#*:}
	log="$T/$name.log"
	cp "$TESTDATA/time/$name.log" "$log"
	awk -v fmt="$fmt" -v keys=1 -f "$REF" "$log" | sort -n -u >"$T/keys"
	n=$(wc -l <"$T/keys")
	k1=$(sed -n 1p "$T/keys")
	km=$(sed -n "$((n / 2))p" "$T/keys")
	kl=$(sed -n "${n}p" "$T/keys")
	lines=$(wc -l <"$log")
	"$LOGSCAN" index --group-lines 2 "$log" || fail "index $name"
	a=1
	while [ "$a" -le "$lines" ]; do
		check "$log" "$fmt" "$k1" $((kl + 1)) "$a" $((a + 3)) \
		    "all times"
		check "$log" "$fmt" "$km" $((kl + 1)) "$a" $((a + 6)) \
		    "second half"
		# Without the index every third start is enough.
		if [ $((a % 3)) -eq 0 ]; then
			check "$log" "$fmt" "$km" $((kl + 1)) "$a" \
			    $((a + 6)) "second half" --index=never
		fi
		a=$((a + 1))
	done
done

# A line range starting inside a stack trace whose entry is two groups
# back: the entry is read backwards, and --stats says how much was read.
checks=$((checks + 1))
log="$T/trace.log"
{
	echo "2026-03-01T10:00:00Z start"
	echo "2026-03-01T10:00:05Z ERROR boom"
	for i in 1 2 3 4 5 6 7 8; do echo "    at frame $i"; done
	echo "2026-03-01T10:00:09Z done"
} >"$log"
"$LOGSCAN" index --group-lines 3 "$log" || fail "index trace"
"$LOGSCAN" slice --stats --lines 7:9 --since 2026-03-01T10:00:05Z \
    --until 2026-03-01T10:00:06Z "$log" >"$T/got" 2>"$T/err"
sed -n 7,9p "$log" | cmp -s - "$T/got" || fail "lines inside a trace"
expect_grep "$T/err" 'index fresh .*: 1 region, 1 group of 4, .* [1-9][0-9]* of them backwards' \
    "--stats counts the bytes read backwards"
# Out of the time range, the same lines are not printed.
expect_status 1 "trace out of range" "$LOGSCAN" slice --lines 7:9 \
    --since 2026-03-01T10:00:06Z "$log"
expect_empty "$T/out" "trace out of range prints nothing"
finish
