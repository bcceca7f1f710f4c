#!/bin/sh
# slice --lines against sed -n 'A,Bp': with a fresh index (small groups so
# ranges cross group boundaries), with --index=never, with an index of a
# prefix (appended tail), past the end, and without a final newline.
. "$top_srcdir/tests/cli/lib.sh"

"$GENLOG" --size 300K --seed 3 >"$T/app.log" || fail "genlog failed"
n=$(wc -l <"$T/app.log")

# check A B LABEL [OPTIONS...]  slice --lines A:B equals sed -n 'A,Bp'.
check() {
	a=$1 b=$2 label=$3
	shift 3
	checks=$((checks + 1))
	sed -n "${a},${b}p" "$T/app.log" >"$T/want"
	"$LOGSCAN" slice --lines "$a:$b" "$@" "$T/app.log" >"$T/got" \
	    2>"$T/err"
	st=$?
	if [ -s "$T/want" ]; then want_st=0; else want_st=1; fi
	if [ "$st" -ne "$want_st" ] || ! cmp -s "$T/want" "$T/got"; then
		fail "$label: --lines $a:$b $* (exit $st)"
		diff "$T/want" "$T/got" | head -5 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

ranges() {
	label=$1
	shift
	# first line, last line, whole file, group boundaries (groups of 7
	# lines: 1, 8, 15, ...), single lines, past the end
	for r in 1:1 1:2 "$n:$n" "$((n - 1)):$n" 1:"$n" 7:8 8:8 7:7 \
	    8:14 14:15 6:16 700:713 1000:1100 "$((n - 10)):$((n + 10))" \
	    "$((n + 1)):$((n + 5))" "$((n + 1000)):$((n + 2000))" \
	    2:3000 4999:5001; do
		check "${r%%:*}" "${r#*:}" "$label" "$@"
	done
}

# No index yet: streamed from the start.
ranges "no index"
"$LOGSCAN" index --group-lines 7 --group-bytes 64K "$T/app.log" ||
    fail "index failed"
ranges "fresh index"
ranges "--index=never" --index=never
ranges "small windows" --window-size 4096

# The other spellings of a range.
checks=$((checks + 1))
"$LOGSCAN" slice --lines 20:+5 "$T/app.log" >"$T/got"
sed -n '20,24p' "$T/app.log" | cmp -s - "$T/got" || fail "A:+N"
checks=$((checks + 1))
"$LOGSCAN" slice --lines "$((n - 3)):" "$T/app.log" >"$T/got"
sed -n "$((n - 3)),\$p" "$T/app.log" | cmp -s - "$T/got" || fail "A:"
checks=$((checks + 1))
"$LOGSCAN" slice --lines :9 "$T/app.log" >"$T/got"
sed -n '1,9p' "$T/app.log" | cmp -s - "$T/got" || fail ":B"
checks=$((checks + 1))
"$LOGSCAN" slice --lines 33 "$T/app.log" >"$T/got"
sed -n '33p' "$T/app.log" | cmp -s - "$T/got" || fail "A alone"

# --stats shows that the index narrowed the read to a couple of groups.
"$LOGSCAN" slice --stats --lines 1000:1001 "$T/app.log" >/dev/null \
    2>"$T/stats"
expect_grep "$T/stats" 'index fresh .*: 1 region, 1 group of [0-9]+,' \
    "--stats with a fresh index"
"$LOGSCAN" slice --stats --index=never --lines 1000:1001 "$T/app.log" \
    >/dev/null 2>"$T/stats"
expect_grep "$T/stats" 'index none' "--stats with --index=never"

# The log grows: the index covers a prefix, the tail is scanned.
"$GENLOG" --size 20K --seed 4 >>"$T/app.log"
printf 'a last line without a newline' >>"$T/app.log"
n=$(wc -l <"$T/app.log")
n=$((n + 1))
"$LOGSCAN" slice --stats --lines "$n:" "$T/app.log" >/dev/null \
    2>"$T/stats"
expect_grep "$T/stats" 'index appended' "--stats with an appended index"
ranges "appended"

# Indexed while the last line had no newline, then appended to.
cp "$T/app.log" "$T/copy"
mv "$T/copy" "$T/app.log" # a new inode: the index is stale
ranges "stale"
"$LOGSCAN" index "$T/app.log" || fail "reindex failed"
ranges "partial last line, fresh"
printf ' continued\nand one more\n' >>"$T/app.log"
n=$((n + 1))
ranges "partial last line, appended"

# Several files: each range in turn, no prefixes.
checks=$((checks + 1))
printf 'x1\nx2\nx3\n' >"$T/x"
printf 'y1\ny2\n' >"$T/y"
"$LOGSCAN" slice --lines 2:3 "$T/x" "$T/y" >"$T/got"
printf 'x2\nx3\ny2\n' | cmp -s - "$T/got" || fail "two files"

# Errors: a missing file is reported, the others still printed.
expect_status 2 "missing file" "$LOGSCAN" slice --lines 1 "$T/nope" "$T/x"
expect_grep "$T/err" "^logscan: $T/nope: No such file or directory$" \
    "missing file message"
expect_grep "$T/out" '^x1$' "other files still printed"
expect_status 2 "no range" "$LOGSCAN" slice "$T/x"
expect_status 2 "bad range" "$LOGSCAN" slice --lines 5:2 "$T/x"
# No FILE is standard input (here empty), as for grep.
expect_status 1 "no file: empty stdin" "$LOGSCAN" slice --lines 1:2 </dev/null
expect_empty "$T/out" "no file: nothing printed"
expect_status 2 "bad --index" "$LOGSCAN" slice --index=maybe --lines 1 "$T/x"

# Standard input streams.
checks=$((checks + 1))
printf 'a\nb\nc\n' | "$LOGSCAN" slice --lines 2:2 - >"$T/got"
printf 'b\n' | cmp -s - "$T/got" || fail "standard input"
finish
