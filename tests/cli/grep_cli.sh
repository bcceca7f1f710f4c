#!/bin/sh
# logscan grep beyond the differential suite: -r, --lines, --stats,
# errors (bad patterns, usage, PCRE2's limits, missing files), output that
# cannot be written (a closed pipe, a full disk) and --help.
. "$top_srcdir/tests/cli/lib.sh"

D="$TESTDATA/grep"
have_grep=0
grep --version 2>/dev/null | grep -q 'GNU grep' && have_grep=1

# ---- -r ----------------------------------------------------------------
mkdir -p "$T/tree/sub/deeper" "$T/tree/empty"
printf 'foo one\nbar\n' >"$T/tree/a.log"
printf 'two foo\n' >"$T/tree/sub/b.log"
printf 'foo three\nfoo four\n' >"$T/tree/sub/deeper/c.log"
printf 'outside foo\n' >"$T/outside.log"
ln -s ../outside.log "$T/tree/link.log"
ln -s ../.. "$T/tree/sub/loop"
mkfifo "$T/tree/fifo"

expect_status 0 "-r" "$LOGSCAN" grep -r foo "$T/tree"
cat >"$T/want" <<EOF
$T/tree/a.log:foo one
$T/tree/sub/b.log:two foo
$T/tree/sub/deeper/c.log:foo three
$T/tree/sub/deeper/c.log:foo four
EOF
# Names in order, symlinks below the top and the FIFO left alone.
expect_same "$T/out" "$T/want" "-r output"
expect_empty "$T/err" "-r is quiet"
if [ $have_grep = 1 ]; then
	for f in "" -c -l -L -h -n -o -v; do
		# shellcheck disable=SC2086
		grep -r $f foo "$T/tree/" 2>/dev/null | LC_ALL=C sort >"$T/g"
		# shellcheck disable=SC2086
		"$LOGSCAN" grep -r $f foo "$T/tree/" 2>/dev/null |
		    LC_ALL=C sort >"$T/l"
		expect_same "$T/g" "$T/l" "grep -r $f against GNU grep"
		(cd "$T/tree" && grep -r $f foo) 2>/dev/null |
		    LC_ALL=C sort >"$T/g"
		(cd "$T/tree" && "$LOGSCAN" grep -r $f foo) 2>/dev/null |
		    LC_ALL=C sort >"$T/l"
		expect_same "$T/g" "$T/l" "grep -r $f without a file"
	done
fi
# Extra slashes after a directory are not repeated in the names.
if [ $have_grep = 1 ]; then
	grep -r foo "$T/tree//" >"$T/g" 2>/dev/null
	"$LOGSCAN" grep -r foo "$T/tree//" >"$T/l" 2>/dev/null
	expect_same "$T/g" "$T/l" "grep -r DIR// against GNU grep"
fi
expect_status 0 "-r DIR//" "$LOGSCAN" grep -r foo "$T/tree//"
expect_grep "$T/out" "^$T/tree/a.log:foo one$" "-r DIR//: one slash"
# A symlink named on the command line is followed.
expect_status 0 "-r symlink operand" "$LOGSCAN" grep -r foo "$T/tree/link.log"
expect_grep "$T/out" '^outside foo$' "-r follows a symlink operand"
# A single file operand gets no name, as in grep.
expect_status 0 "-r one file" "$LOGSCAN" grep -r foo "$T/tree/a.log"
expect_grep "$T/out" '^foo one$' "-r one file: no name"
# Without -r a directory is an error that does not stop the run.
expect_status 2 "directory" "$LOGSCAN" grep foo "$T/tree" "$T/tree/a.log"
expect_grep "$T/err" "^logscan: $T/tree: Is a directory$" "directory message"
expect_grep "$T/out" "a.log:foo one" "the run goes on after a directory"

# ---- --lines -------------------------------------------------------------
$GENLOG --size 300K --seed 3 >"$T/gen.log" 2>/dev/null ||
    cp "$D/app.log" "$T/gen.log"
total=$(wc -l <"$T/gen.log")
for ws in "" --window-size=4096; do
	for r in 1:10 100:250 "$((total - 5)):" :7 50:+20 333 \
	    "$((total + 1)):"; do
		case $r in
		*:+*) a=${r%%:*} b=$((a + ${r##*+} - 1)) ;;
		:*) a=1 b=${r#:} ;;
		*:) a=${r%:} b=$total ;;
		*:*) a=${r%:*} b=${r#*:} ;;
		*) a=$r b=$r ;;
		esac
		awk -v a="$a" -v b="$b" 'NR >= a && NR <= b && /ERROR|a.c/ {
		    print NR ":" $0 }' "$T/gen.log" >"$T/want"
		# shellcheck disable=SC2086
		"$LOGSCAN" grep $ws --lines "$r" -n -E 'ERROR|a.c' "$T/gen.log" \
		    >"$T/out" 2>"$T/err"
		expect_same "$T/out" "$T/want" "--lines $r $ws"
		awk -v a="$a" -v b="$b" 'NR >= a && NR <= b && !/ERROR/' \
		    "$T/gen.log" | wc -l | tr -d ' ' >"$T/want"
		# shellcheck disable=SC2086
		"$LOGSCAN" grep $ws --lines "$r" -vc ERROR "$T/gen.log" \
		    >"$T/out" 2>"$T/err"
		expect_same "$T/out" "$T/want" "--lines $r -vc $ws"
	done
done
expect_status 2 "--lines backwards" "$LOGSCAN" grep --lines 5:2 x "$D/app.log"
expect_grep "$T/err" "bad line range '5:2'" "--lines backwards message"

# ---- --stats ---------------------------------------------------------------
expect_status 0 "--stats" "$LOGSCAN" grep --stats -c foo "$D/app.log"
expect_grep "$T/out" '^7$' "--stats leaves stdout alone"
expect_grep "$T/err" "^logscan: stats: $D/app.log: [0-9]+ bytes mapped, [0-9]+ bytes read, 1 windows, 29 lines scanned, 7 matches, [0-9]+\.[0-9]{3} s \(literal\); reader (mmap|read) \(.+\)$" \
    "--stats line"
for io in mmap read; do
	expect_status 0 "--stats --io=$io" "$LOGSCAN" grep --io=$io --stats -c foo "$D/app.log"
	expect_grep "$T/out" '^7$' "--io=$io counts the same"
	expect_grep "$T/err" "reader $io \(--io=$io\)$" "--stats names --io=$io"
done
expect_status 0 "--stats, auto" "$LOGSCAN" grep --io=auto --stats -c foo "$D/app.log"
expect_grep "$T/err" "reader read \(auto: not larger than 256 KiB\)$" \
    "--stats says why auto read a small file"
expect_status 0 "--stats, a pipe" sh -c "cat '$D/app.log' | '$LOGSCAN' grep --io=mmap --stats -c foo"
expect_grep "$T/err" "reader read \(not a regular file\)$" \
    "a pipe is read whatever --io says"
expect_status 2 "bad --io" "$LOGSCAN" grep --io=fast foo "$D/app.log"
expect_grep "$T/err" "bad --io value 'fast': expected auto, mmap or read" \
    "bad --io message"
expect_status 0 "--stats stdin" "$LOGSCAN" grep --stats foo - <"$D/app.log"
expect_grep "$T/err" "stats: \(standard input\): " "--stats names stdin"

# ---- errors ----------------------------------------------------------------
expect_status 2 "bad pattern" "$LOGSCAN" grep -P 'a(b' "$D/app.log"
expect_grep "$T/err" \
    '^logscan: bad pattern at offset 3: missing closing parenthesis$' \
    "bad pattern message"
expect_empty "$T/out" "bad pattern: no output"
expect_status 2 "bad pattern among several" "$LOGSCAN" grep -P -e ok \
    -e '[x' "$D/app.log"
expect_grep "$T/err" "^logscan: bad pattern '\[x' at offset 2: " \
    "bad pattern among several: quoted"
# BRE and ERE errors are GNU grep's, at the offset of the construct.
expect_status 2 "bad ERE" "$LOGSCAN" grep -E 'x(a(b)' "$D/app.log"
expect_grep "$T/err" \
    '^logscan: bad pattern at offset 1: Unmatched [(] or ' \
    "bad ERE message"
expect_status 2 "bad BRE among several" "$LOGSCAN" grep -e ok -e 'a\{1,x\}' \
    "$D/app.log"
expect_grep "$T/err" \
    "^logscan: bad pattern 'a\\\\{1,x\\\\}' at offset 1: Invalid content of" \
    "bad BRE among several: quoted"

expect_status 2 "no pattern" "$LOGSCAN" grep
expect_grep "$T/err" '^logscan: no pattern given$' "no pattern message"
expect_grep "$T/err" '^Usage: logscan grep' "no pattern usage"
expect_status 2 "bad -m" "$LOGSCAN" grep -m x foo "$D/app.log"
expect_grep "$T/err" "bad -m value 'x'" "bad -m message"
expect_status 2 "bad -A" "$LOGSCAN" grep -A -1 foo "$D/app.log"
# A missing argument is named as such, not as an unknown option.
expect_status 2 "-A without its number" "$LOGSCAN" grep foo "$D/app.log" -A
expect_grep "$T/err" "^logscan: option requires an argument -- 'A'$" \
    "-A without its number: message"
expect_status 2 "--regexp without its pattern" "$LOGSCAN" grep --regexp
expect_grep "$T/err" "^logscan: option '--regexp' requires an argument$" \
    "--regexp without its pattern: message"
expect_status 2 "bad --color" "$LOGSCAN" grep --color=sometimes foo \
    "$D/app.log"
expect_grep "$T/err" "bad --color value 'sometimes'" "bad --color message"
expect_status 2 "bad --window-size" "$LOGSCAN" grep --window-size=1 foo \
    "$D/app.log"
expect_grep "$T/err" "bad --window-size: size .1. is out of range" \
    "bad --window-size message names the option and its range"
expect_status 2 "bad --binary-files" "$LOGSCAN" grep --binary-files=maybe \
    foo "$D/app.log"
expect_status 2 "unknown option" "$LOGSCAN" grep --frobnicate foo
expect_grep "$T/err" "unrecognized.* option '--frobnicate'" \
    "unknown option message"
expect_status 2 "-f missing" "$LOGSCAN" grep -f "$T/nonexistent" "$D/app.log"
expect_grep "$T/err" "^logscan: $T/nonexistent: No such file or directory$" \
    "-f missing message"

# A pattern that makes PCRE2 give up: a clear error naming the line, and
# the run goes on with the next file.
awk 'BEGIN { print "ok"; s = ""; for (i = 0; i < 60; i++) s = s "a";
    print s "!"; print "ok" }' >"$T/patho.log"
expect_status 2 "match limit" "$LOGSCAN" grep -P -n '^(\w+\s?)*$' \
    "$T/patho.log" "$D/second.log"
expect_grep "$T/err" \
    "^logscan: $T/patho.log: pattern hit PCRE2's match limit on line 2$" \
    "match limit message"
expect_grep "$T/out" "^$T/patho.log:1:ok$" "lines before the limit print"
expect_grep "$T/out" "^$D/second.log:1:another file$" \
    "the run goes on after the limit"
expect_status 2 "match limit without -n" "$LOGSCAN" grep -P '^(\w+\s?)*$' \
    "$T/patho.log"
expect_grep "$T/err" "match limit on line 2$" "line counted again"

# Missing files: reported, skipped, exit 2 -- unless -q found a line, or
# -s silenced the message.
expect_status 2 "missing file" "$LOGSCAN" grep foo "$T/nope" "$D/app.log"
expect_grep "$T/err" "^logscan: $T/nope: No such file or directory$" \
    "missing file message"
expect_grep "$T/out" "app.log:foo" "missing file: the run goes on"
expect_status 2 "-s" "$LOGSCAN" grep -s foo "$T/nope" "$D/app.log"
expect_empty "$T/err" "-s silences it"
expect_status 0 "-q" "$LOGSCAN" grep -q foo "$T/nope" "$D/app.log"
expect_status 0 "-q stops early" "$LOGSCAN" grep -q foo "$D/app.log" \
    "$T/nope"
expect_empty "$T/err" "-q stops before the missing file"
expect_status 1 "-f of an empty file" "$LOGSCAN" grep -c -f /dev/null \
    "$D/app.log" "$T/nope"
expect_empty "$T/out" "no patterns: nothing read, as grep"

# ---- output that cannot be written -----------------------------------------
awk 'BEGIN { for (i = 0; i < 200000; i++) print "foo line " i }' \
    >"$T/many.log"
# A closed pipe (| head) is tested in sigpipe.sh.
if [ -w /dev/full ]; then
	checks=$((checks + 1))
	"$LOGSCAN" grep foo "$T/many.log" >/dev/full 2>"$T/err"
	st=$?
	[ "$st" -eq 2 ] || fail "full disk: exit $st, wanted 2"
	expect_grep "$T/err" \
	    '^logscan: write error: No space left on device$' \
	    "full disk message"
	checks=$((checks + 1))
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "full disk: one message only"
fi

# ---- a slow writer ------------------------------------------------------------
# Its lines come out as they arrive: none waits for the rest of a block
# (of the binary-file rule) that may never come.  The writer keeps the
# pipe open until the line is out, or gives up after about ten seconds.
mkfifo "$T/slow"
"$LOGSCAN" grep --line-buffered foo <"$T/slow" >"$T/slow.out" 2>&1 &
pid=$!
exec 3>"$T/slow"
printf 'foo 1\nbar\n' >&3
i=0
while [ $i -lt 100 ] && ! grep -q '^foo 1$' "$T/slow.out" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
grep -q '^foo 1$' "$T/slow.out" ||
    fail "a slow writer's line waited for more input"
exec 3>&-
wait $pid

# ---- colour -----------------------------------------------------------------
expect_status 0 "--color=auto off a terminal" "$LOGSCAN" grep --color=auto \
    foo "$D/app.log"
checks=$((checks + 1))
if grep -q "$(printf '\033')" "$T/out"; then
	fail "--color=auto coloured a file"
fi

# ---- --help ---------------------------------------------------------------
expect_status 0 "--help" "$LOGSCAN" grep --help
for o in -e -f -F -E -P -i -w -x -v -c -l -L -q -s -m -n -b -o -H -h -A -B \
    -C -a -I -r --color --window-size --stats --lines --label \
    --line-buffered --binary-files; do
	checks=$((checks + 1))
	grep -qE -- "$o([^a-z-]|\$)" "$T/out" ||
	    fail "--help does not mention $o"
done

finish
