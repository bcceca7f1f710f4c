#!/bin/sh
# Differential tests: logscan grep against GNU grep (grep -P, or grep -E /
# grep -F where the patterns mean the same), over crafted files (long
# lines, CRLF, no final newline, empty lines, a NUL byte, several files),
# for many flag combinations.  Standard output must be byte-identical,
# the exit status equal, and standard error equal once grep's "grep:"
# prefix reads "logscan:".  Each run is made with one thread (-j1) with
# the default window, with one-page mapped windows and with one-page read
# buffers, so lines straddle window boundaries with either reader; and
# with two and seven threads that search every file of two pages or more
# in parts of one page (LOGSCAN_CHUNK_SIZE sets the size of the parts, for
# tests), so lines, context, -m, -c, -l, -q and the binary-file rule fall
# on every part boundary.
. "$top_srcdir/tests/cli/lib.sh"

# GNU grep with PCRE support is the reference; without it, skip.
grep --version 2>/dev/null | grep -q 'GNU grep' || exit 77
echo x | grep -P x >/dev/null 2>&1 || exit 77

D="$TESTDATA/grep"
G="$T/gen"
mkdir "$G"

# rep CHAR N: CHAR repeated N times, no newline.
rep() {
	head -c "$2" /dev/zero | tr '\0' "$1"
}

# Lines around and across one-page window sizes, and several pages long.
{
	for n in 4094 4095 4096 4097 8191 8192 8193 12288 20000; do
		rep a "$n"; echo
		printf 'foo '; rep b "$n"; echo
		rep c "$n"; echo ' foo'
		echo short foo line
		echo
	done
	rep d 5000; printf 'ZX81QUARK'; rep d 5000; echo
} >"$G/long.log"
# A file that is exactly a page long, ending in its newline, and a line
# exactly a page long without one.
{ rep e 4095; echo; } >"$G/page.log"
rep f 4096 >"$G/pagenofinal.log"
# Bigger than a scan block (256 KiB) when the generator is around.
if [ -n "${GENLOG:-}" ] && [ -x "$GENLOG" ]; then
	"$GENLOG" --size 700K --seed 7 >"$G/big.log"
fi

cd "$D" || exit 1
FILES="app.log crlf.log nofinal.log empty.log onebyte.log blank.log bin.log second.log"

# run_both MODE ARGS...: MODE is -P, -E or -F (logscan takes all three);
# both read standard input from $STDIN.
STDIN=/dev/null
run_both() {
	mode=$1
	shift
	grep "$mode" "$@" <"$STDIN" >"$T/g.out" 2>"$T/g.err"
	gs=$?
	sed 's/^grep:/logscan:/' "$T/g.err" >"$T/g.err2"
	for ws in -j1 "-j1 --window-size=4096" \
	    "-j1 --io=read --window-size=4096" -j2 "-j7 --window-size=4096"; do
		checks=$((checks + 1))
		case $ws in
		-j1*) cs= ;;
		*) cs=4096 ;;
		esac
		# shellcheck disable=SC2086
		LOGSCAN_CHUNK_SIZE=$cs "$LOGSCAN" grep $ws "$mode" "$@" \
		    <"$STDIN" >"$T/l.out" 2>"$T/l.err"
		ls=$?
		if [ "$ls" -ne "$gs" ]; then
			fail "grep $mode $* ${ws:+($ws)}: exit $ls, grep $gs"
			head -3 "$T/l.err" | sed 's/^/  stderr: /' >&2
		elif ! cmp -s "$T/g.out" "$T/l.out"; then
			fail "grep $mode $* ${ws:+($ws)}: stdout differs"
			diff "$T/g.out" "$T/l.out" | head -10 >&2
		elif ! cmp -s "$T/g.err2" "$T/l.err"; then
			fail "grep $mode $* ${ws:+($ws)}: stderr differs"
			diff "$T/g.err2" "$T/l.err" | head -6 >&2
		fi
	done
}

FLAGS='
-v
-c
-vc
-l
-L
-q
-n
-b
-o
-on
-ob
-onb
-h
-H
-i
-w
-x
-iw
-in
-wo
-xn
-oi
-ov
-m2
-m1 -A2
-m2 -n -A1
-A1
-A0
-B2
-C1
-C0 -n
-2
-12 -n
-1n2
-nC2
-vn
-vA1
-vB1 -n
-m3 -B1 -n
-c -m3
-cv -m2
-lv
-Lv
-nb
-a
-I
-In
-Ic
-IL
-s
-o -C1
-n -A1 -B3
--color=always
--color=always -n
--color=always -o
--color=always -ob
--color=always -v -C1
--color=always -c
--color=always -l
--color=always -H -A1
--color=always -i
'

# Every flag set with a few patterns, over all the files.  (The loops
# read their lists on descriptor 3 so that no command in them reads it.)
for pat in foo 'fo+' '^$' 'a\s*b' 'ERROR|WARN'; do
	run_both -P "$pat" $FILES
	while IFS= read -r f <&3; do
		[ -n "$f" ] || continue
		# shellcheck disable=SC2086
		run_both -P $f -- "$pat" $FILES
	done 3<<EOF
$FLAGS
EOF
done

# Many patterns, including ones whose matches could run across lines
# ($, \s, [^x]) or look outside them (lookaround, \A, \z), with a few
# flag sets.
while IFS= read -r pat <&3; do
	[ -n "$pat" ] || continue
	for f in "" -v -c -o -n -in -w -x; do
		# shellcheck disable=SC2086
		run_both -P $f -- "$pat" $FILES
	done
done 3<<'EOF'
foo
FOO
foo$
o$
$
^foo
^foo$
\d{3,}
a\s+b
a[^x]b
[^a-z]
a.c
b$
\s$
(?<=\t)at
(?<!a)b
\Afoo
foo\z
foo\Z
o(?!\s)
(?=b)
x*
\bfoo\b
é
caf.
(?i)foo
(?s)a.b
(?-m)^a
\x{41}
[[:upper:]]{3}
(foo|bar)+
.*
\t
\r$
EOF

# Constructs that never give back what they took (possessive quantifiers,
# atomic groups, \R and \X), where they could take a line's '\n'.
printf 'WARN\nnext\nERROR  \r\nb\ra1\r\nx\r\n- \r\n' >"$G/commit.log"
while IFS= read -r pat <&3; do
	for f in "" -c -o -v -n -x; do
		# shellcheck disable=SC2086
		run_both -P $f -- "$pat" "$G/commit.log" crlf.log app.log
	done
done 3<<'EOF'
(ERROR|WARN)\s*+$
\R$
[^a] \R
b{0,1}?[^a]++$
(?>\w+\s*)$
\X$
a1\s{0,3}+$
(a|b)\s++\S
EOF

# -x is PCRE2's own line match, which \Q or a (?x) comment cannot undo.
printf 'a(\nab\nxa(\n' >"$G/quote.log"
for f in "" -c -v; do
	# shellcheck disable=SC2086
	run_both -P $f -x '\Qa(' "$G/quote.log"
	# shellcheck disable=SC2086
	run_both -P $f -x '(?x) a b # a comment' "$G/quote.log"
done

# A line long enough to need a bigger JIT stack than the first.
{ yes ab | head -n 300000 | tr '\n' ' '; echo N; } >"$G/jit.log"
run_both -P -c '^(\w+\s?)+$' "$G/jit.log"

# Several patterns keep their own group numbers (grep -E as the oracle).
printf 'aa\nbb\nab\nba\nabba\n' >"$G/pairs.log"
for f in "" -c -v -o -x -w -n; do
	# shellcheck disable=SC2086
	run_both -E $f -e '(a)\1' -e '(b)\1' "$G/pairs.log"
	# shellcheck disable=SC2086
	run_both -E $f -e '(a)\1' -e 'b' -e '(b)a\1' "$G/pairs.log"
done

# Long lists: words as literals (-F, and -E where they are literal too)
# and as regexes.
awk 'BEGIN { srand(11); for (i = 0; i < 3000; i++) { w = "";
    n = 5 + int(rand() * 5); for (j = 0; j < n; j++)
    w = w substr("abcdefghijklmnopqrstuvwxyz", 1 + int(rand() * 26), 1);
    print w } }' >"$G/words.txt"
awk 'NR <= 500 { print substr($0, 1, 2) "[0-9]+" substr($0, 3) }' \
    "$G/words.txt" >"$G/rwords.txt"
awk 'BEGIN { srand(12); for (i = 0; i < 3000; i++) { l = "";
    for (k = 0; k < 6; k++) { n = 3 + int(rand() * 6); w = "";
    for (j = 0; j < n; j++)
    w = w substr("abcdefghijklmnopqrstuvwxyz", 1 + int(rand() * 26), 1);
    l = l (k ? " " : "") w } if (i % 7 == 0) l = l " zz42zz"; print l } }' \
    >"$G/text.log"
awk 'NR % 97 == 1' "$G/words.txt" >>"$G/text.log"
awk 'NR % 97 == 5 { print toupper($0) }' "$G/words.txt" >>"$G/text.log"
awk 'NR % 97 == 9 { print substr($0, 1, 2) "123" substr($0, 3) }' \
    "$G/words.txt" >>"$G/text.log"
for f in "" -c -i -w -x -o -v -ic -wo -io; do
	# shellcheck disable=SC2086
	run_both -F $f -f "$G/words.txt" "$G/text.log"
	# shellcheck disable=SC2086
	run_both -E $f -f "$G/words.txt" "$G/text.log"
done
for f in "" -c -v -w; do
	# shellcheck disable=SC2086
	run_both -E $f -f "$G/rwords.txt" -e 'z+[0-9]{2}' "$G/text.log"
done

# -o and colour take the longest of the literals that start leftmost.
printf 'ab\nxab a\nbab\n' >"$G/ab.log"
for f in -o -on --color=always; do
	# shellcheck disable=SC2086
	run_both -F $f -e a -e ab "$G/ab.log"
	# shellcheck disable=SC2086
	run_both -F $f -e b -e ab -e ba "$G/ab.log"
done

# Literal strings (-F) and several patterns (-e, -f), against grep -F and
# grep -E, whose syntax agrees with PCRE2 for these.
for f in "" -v -c -i -w -x -o -n; do
	# shellcheck disable=SC2086
	{
		run_both -F $f -e 'a.c' $FILES
		run_both -F $f -e '$dollar' $FILES
		run_both -F $f -e 'a+c' -e 'foo' $FILES
		run_both -F $f -e '\slash' $FILES
		run_both -F $f -e '' $FILES
		run_both -F $f -f patterns.txt $FILES
		run_both -E $f -e foo -e ERROR $FILES
		run_both -E $f -e 'a.c' -e '^x$' $FILES
		run_both -E $f -f patterns.txt $FILES
		run_both -E $f -f /dev/null $FILES
		run_both -E $f -e "$(printf 'foo\nERROR')" $FILES
	}
done

# Long lines, pages and window boundaries.
for f in "" -n -b -c -v -vc -o -on -C1 -nB2 -A1 -m2; do
	# shellcheck disable=SC2086
	{
		run_both -P $f foo "$G/long.log"
		run_both -P $f 'ZX81QUARK' "$G/long.log"
		run_both -P $f '^e+$' "$G/page.log" "$G/pagenofinal.log"
		run_both -P $f 'f$' "$G/pagenofinal.log"
		run_both -P $f 'a\s+foo' "$G/long.log"
		# Every line matches: a line count, not a search.
		run_both -E $f -e '' "$G/long.log" "$G/pagenofinal.log"
	}
done
if [ -f "$G/big.log" ]; then
	for f in "" -n -c -vc -b -o -i -w -C2 -nA3 -m5; do
		# shellcheck disable=SC2086
		{
			run_both -P $f ERROR "$G/big.log"
			run_both -P $f 'ZX81QUARK' "$G/big.log"
			run_both -P $f 'user=\w+ .*(cart|orders)' "$G/big.log"
			run_both -P $f '^\s+at ' "$G/big.log"
			run_both -P $f 'Timeout' "$G/big.log"
		}
	done
fi

# When plainly nothing can be selected (-m 0, no pattern, -v of an empty
# pattern) grep reads no file at all -- except under -L, which lists every
# file and reports the missing ones.
for f in -c -L -l -q; do
	run_both -P $f -m0 foo app.log missing.log
	run_both -P $f -f /dev/null app.log missing.log
	run_both -P $f -v -f /dev/null app.log missing.log
	run_both -P $f -v -e '' app.log missing.log
	run_both -P $f -v -x -e '' app.log missing.log
	run_both -P $f -v -w -e '' app.log missing.log
done

# A binary file's match counts as output for the "--" before the next
# group, though only the message says so.
for f in -A1 "-B1 -n" "-C0 -o" "-A0 -c" "-vA0"; do
	# shellcheck disable=SC2086
	run_both -P $f foo bin.log second.log
done

# A NUL that ends the input ends its last line (grep reads NULs in a
# binary file as line ends): no empty line after it.
printf 'a\0' >"$G/nulend1.bin"
printf 'x\na\0\0' >"$G/nulend2.bin"
printf 'a\0\nb\0' >"$G/nulend3.bin"
for f in -c -vc "-vc -x"; do
	# shellcheck disable=SC2086
	run_both -P $f x "$G/nulend1.bin" "$G/nulend2.bin" "$G/nulend3.bin"
	# shellcheck disable=SC2086
	run_both -P $f '^$' "$G/nulend1.bin" "$G/nulend2.bin" "$G/nulend3.bin"
done

# The binary-file rule, one rule whatever the pattern looks like: grep
# looks at each 96 KiB buffer for a NUL before it matches the lines that
# end in it.  Files of 4000 short lines, a foo on every 7th, with a NUL at
# an offset in the first block, on both sides of its end, in the second
# block, and in a last line without a newline.
awk 'BEGIN { for (i = 0; i < 4000; i++)
    printf "line %d %s and some more text\n", i, i % 7 ? "bar" : "foo" }' \
    >"$G/lines.txt"
for at in 50000 98303 98304 140000; do
	{ head -c "$at" "$G/lines.txt"; printf '\0'
	  tail -c "+$((at + 2))" "$G/lines.txt"; } >"$G/nul$at.bin"
done
{ cat "$G/lines.txt"; printf 'last foo\0'; } >"$G/nullast.bin"
for b in "$G/nul50000.bin" "$G/nul98303.bin" "$G/nul98304.bin" \
    "$G/nul140000.bin" "$G/nullast.bin"; do
	for f in "" -n -c -A1 -o; do
		for pat in foo '(?:foo)' 'fo+' 'f[o]o$|foo '; do
			# shellcheck disable=SC2086
			run_both -P $f "$pat" "$b"
		done
		# shellcheck disable=SC2086
		run_both -F $f foo "$b"
	done
	run_both -P -vc bar "$b"
	run_both -P -v bar "$b"
done

# On a pipe too, when all of the input comes in one read: a NUL in a last
# line without a newline makes the whole input binary.
pipe_both() {
	in=$1
	shift
	checks=$((checks + 1))
	# The input goes into the pipe in one write(2) (cat of a small file;
	# printf may write a NUL-holding string in pieces), so what each grep
	# sees does not depend on how the two processes are scheduled.
	printf "$in" >"$T/pipe.in"
	cat "$T/pipe.in" | grep "$@" >"$T/g.out" 2>"$T/g.err"
	gs=$?
	sed 's/^grep:/logscan:/' "$T/g.err" >"$T/g.err2"
	cat "$T/pipe.in" | "$LOGSCAN" grep "$@" >"$T/l.out" 2>"$T/l.err"
	ls=$?
	if [ "$ls" -ne "$gs" ] || ! cmp -s "$T/g.out" "$T/l.out" ||
	    ! cmp -s "$T/g.err2" "$T/l.err"; then
		fail "printf '$in' | grep $*: exit $ls (grep $gs), or output"
		diff "$T/g.out" "$T/l.out" | head -5 >&2
	fi
}
# The writer keeps the pipe open a little after its one write: logscan's
# read sees the NUL but not yet the end, and must still judge the lines
# before it with it (this failed every time before window.c read on).
printf 'a\nb\na\n\0_' >"$T/held.in"
for f in "" -n -P; do
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	(cat "$T/held.in"; sleep 0.2) | "$LOGSCAN" grep $f a >"$T/l.out" \
	    2>"$T/l.err"
	ls=$?
	# shellcheck disable=SC2086
	grep $f a "$T/held.in" >"$T/g.out" 2>/dev/null
	if [ "$ls" -ne 0 ] || ! cmp -s "$T/g.out" "$T/l.out" ||
	    ! grep -q 'binary file matches' "$T/l.err"; then
		fail "writer holding the pipe, grep $f a: exit $ls or output"
	fi
done
for f in "" -n -c -A1; do
	# shellcheck disable=SC2086
	pipe_both 'a\nb\na\n\0_' -P $f a
	# shellcheck disable=SC2086
	pipe_both 'a\nb\na\n_\0' -P $f '^a$'
done

# Standard input from a regular file: with -m it is left just after the
# last selected line, else where reading stopped, as grep leaves it.
printf 'a1\nb\na2\nc\na3\n' >"$G/seek.log"
for f in -m1 -m2 "-m1 -A1" "-m1 -c" "-m2 -v" "-m1 -n" -c ""; do
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	(grep $f a; cat) <"$G/seek.log" >"$T/g.out" 2>&1
	# shellcheck disable=SC2086
	("$LOGSCAN" grep $f a; cat) <"$G/seek.log" >"$T/l.out" 2>&1
	if ! cmp -s "$T/g.out" "$T/l.out"; then
		fail "(grep $f a; cat) <FILE: differs"
		diff "$T/g.out" "$T/l.out" | head -5 >&2
	fi
	# The same when something read the first line before (the input is
	# then read, not mapped).
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	(read -r _; grep $f a; cat) <"$G/seek.log" >"$T/g.out" 2>&1
	# shellcheck disable=SC2086
	(read -r _; "$LOGSCAN" grep $f a; cat) <"$G/seek.log" >"$T/l.out" 2>&1
	if ! cmp -s "$T/g.out" "$T/l.out"; then
		fail "(read; grep $f a; cat) <FILE: differs"
		diff "$T/g.out" "$T/l.out" | head -5 >&2
	fi
done
STDIN="$G/seek.log"
for f in "" -c -n "-m1"; do
	# shellcheck disable=SC2086
	run_both -P -H $f a - -
done
STDIN=/dev/null

# A negative -m is no limit, and so is a count too large to hold.
run_both -P -m -1 foo app.log second.log
run_both -P -c -m 99999999999999999999999 foo app.log
run_both -P -A 99999999999999999999999 foo app.log
run_both -P -n -C 99999999999999999999999 ERROR app.log

# Standard input, "-" among files, and missing files.
for f in "" -c -H -n -L -l; do
	# shellcheck disable=SC2086
	{
		STDIN=app.log
		run_both -P $f foo
		run_both -P $f foo - second.log
		STDIN=/dev/null
		run_both -P $f foo missing.log second.log
		run_both -P -s $f foo missing.log second.log
		run_both -P -q $f foo missing.log second.log
		run_both -P $f foo .
	}
done

finish
