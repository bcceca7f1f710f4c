#!/bin/sh
# grep's dialects: BRE by default (-G), ERE with -E, fixed strings with -F,
# PCRE2 with -P, each read as GNU grep reads it, and POSIX's leftmost-longest
# match for -o and --color.  Compared with GNU grep itself, byte for byte
# (output and exit status); the large differential suite is grep_diff.sh.
. "$top_srcdir/tests/cli/lib.sh"

if ! grep --version 2>/dev/null | grep -q 'GNU grep'; then
	echo "GNU grep not installed; skipping"
	exit 77
fi

printf '%s\n' 'error: disk full' 'warn: slow' 'main(argc)' 'f(x)' 'fx' \
    'a+b' 'aab' 'id=123 x' 'id=12' 'abab' 'cost $5' 'root:x:0' 'rooted' \
    'x)' '*a' 'a{,2}' 'aaa' 'timeout=30s' 'GET /api/v1' 'POST /api' \
    'x[y]z' 'a^b' 'a$b' 'tab	here' 'back\slash' '-dash-' 'w_1 w-2' \
    'xyz' 'abcd' 'ab' '' >"$T/in"

# same FLAGS PATTERN: logscan grep and GNU grep agree on $T/in.
same() {
	checks=$((checks + 1))
	flags=$1
	pat=$2
	# shellcheck disable=SC2086
	"$LOGSCAN" grep $flags -e "$pat" "$T/in" >"$T/got" 2>/dev/null
	gst=$?
	# shellcheck disable=SC2086
	grep $flags -e "$pat" "$T/in" >"$T/want" 2>/dev/null
	wst=$?
	if [ "$gst" -ne "$wst" ] || ! cmp -s "$T/got" "$T/want"; then
		fail "grep $flags -e '$pat': exit $gst (grep $wst), output" \
		    "$(diff "$T/got" "$T/want" | head -5 | tr '\n' '|')"
	fi
}

for f in "" -o -c -n -w -x -i -v "-o -i" "-o -w" --color=always; do
	# The issue's table, and what people type at logs.
	for p in 'error\|warn' 'main(' 'f(x)' 'a+b' 'id=[0-9]\{3\}' \
	    '\(ab\)\1' 'cost $5' '\<root\>' '\(GET\|POST\) /api' 'a\{2\}' \
	    'a\{,2\}' '^\(a\|ab\)*$' '[]x[]' '[^a-z]' '[[:digit:]]\+' \
	    'x\[y\]' 'a^b' 'a$b' '^$' '*a' '\(*a\)' 'a\|*b' '\w\+' '\W' \
	    '\bw' 'w\B' '\s' '\S\+$' '[\]' '[[:space:]]' 'a.b' '.*' \
	    'time\|timeout=[0-9]\+' 'ab\|abcd' 'x*' '\`a' "b\\'"; do
		same "$f" "$p"
	done
	for p in 'error|warn' 'x)' '*a' 'a{,2}' 'a{1' '(a|ab)(c|bcd)?' \
	    'time|timeout=[0-9]+' 'a+b' 'a\+b' '(ab)\1' 'a{2}{2}' 'a**' \
	    '(a|aa)+' '^(ab|a)*$' '[[=a=]][[.b.]]' '\<(w|w_1)\>' \
	    'ab|abcd|abc' '[0-9]+|id=[0-9]+' '(x|xy)z?' 'a|b|' '()' \
	    '^a|b$' 'a{1,2}b?|aab'; do
		same "-E $f" "$p"
	done
done
# Lines selected where GNU grep's DFA and its regex read a pattern apart
# (-o follows the regex there): the DFA's answer, which grep gives.
for f in "" -c -v; do
	for p in '^*a' '{' '{1}a' 'x|^+a' 'a$?'; do
		same "-E $f" "$p"
	done
	same "-i $f" '[A-z]'
done
for p in '[]-a]' '[_-a]' '[\-z]'; do
	same -i "$p"
done
same -E '(a)|\1'
same "" '\(a\)\|\1'
# Several patterns keep their own dialect meaning and back references.
same "-o" "$(printf '\\(a\\)\\1\n\\(b\\)\\1')"
same "-E -o" "$(printf '(a)\\1\n(b)a\\1')"
same "-o -e time" "timeout=[0-9]\\+"
same "-F -o" "a+b"
same "-P -o" "time|timeout=[0-9]+"

# A NUL byte in a -f pattern is searched for, in every dialect.
# (GNU grep -P takes one pattern only.)
printf 'a\0b\nz\n' >"$T/nulpat"
printf 'a\0b\n' >"$T/nulpat1"
printf 'xa\0by\nab\nz\n' >"$T/nulin"
for d in -G -E -F -P; do
	p="$T/nulpat"
	[ "$d" = -P ] && p="$T/nulpat1"
	for f in -a -ac -ao; do
		checks=$((checks + 1))
		"$LOGSCAN" grep $d $f -f "$p" "$T/nulin" >"$T/got" 2>&1
		gst=$?
		grep $d $f -f "$p" "$T/nulin" >"$T/want" 2>&1
		wst=$?
		if [ "$gst" -ne "$wst" ] || ! cmp -s "$T/got" "$T/want"; then
			fail "NUL in a -f pattern, $d $f: exit $gst (grep $wst)"
		fi
	done
done

# Invalid patterns: exit 2, as grep.
for p in 'a\{1' '\(a' 'a\)' '[a' '\(a\)\2' 'a\' '[[:foo:]]' '[z-a]' \
    '[:space:]' 'a\{1,2,3\}'; do
	same "" "$p"
done
for p in 'a{}' '(x' 'a{2,1}' 'a{32768}' '(a)|\2'; do
	same -E "$p"
done
expect_status 2 "conflicting matchers" "$LOGSCAN" grep -E -F x "$T/in"
expect_grep "$T/err" "conflicting matchers specified" \
    "conflicting matchers message"
expect_status 0 "the same matcher twice" "$LOGSCAN" grep -E -E x "$T/in"
expect_status 0 "-G" "$LOGSCAN" grep -G 'a\{2\}' "$T/in"
expect_status 0 "--basic-regexp" "$LOGSCAN" grep --basic-regexp 'a+b' "$T/in"

# A pattern hard on a backtracking matcher, without back references, is
# answered (-P and back references keep PCRE2's limit and its error).
awk 'BEGIN { s = ""; for (i = 0; i < 30000; i++) s = s "a"; print s "b" }' \
    >"$T/aaa"
for p in '(a+)+$' '(a|a)+$' '(.*a){12}$'; do
	expect_status 1 "-E '$p' on a long line" "$LOGSCAN" grep -E "$p" \
	    "$T/aaa"
	expect_empty "$T/err" "-E '$p': no message"
done
expect_status 2 "-P '(a+)+\$' hits the limit" "$LOGSCAN" grep -P '(a+)+$' \
    "$T/aaa"
expect_status 2 "a back reference keeps the limit" "$LOGSCAN" grep -E \
    '(a)\1(a+)+$' "$T/aaa"
# A match after the place where PCRE2 gave up is found, and -o shows it.
awk 'BEGIN { s = ""; for (i = 0; i < 30000; i++) s = s "a"; print s "b a" }' \
    >"$T/aaa2"
expect_status 0 "-E -c '(a+)+\$' past the limit" "$LOGSCAN" grep -E -c \
    '(a+)+$' "$T/aaa2"
expect_grep "$T/out" '^1$' "-E -c '(a+)+\$' counts the line"
expect_status 0 "-E -o '(a+)+\$' past the limit" "$LOGSCAN" grep -E -o \
    '(a+)+$' "$T/aaa2"
expect_grep "$T/out" '^a$' "-E -o '(a+)+\$' shows the match"
finish
