#!/bin/sh
# GNU grep 3.8's warnings about patterns (issue 28): an ERE's *, +, ? or
# interval with no atom before it ("* at start of expression"), printed
# once per distinct pattern, in order, whatever else is asked (-q, -s,
# -c); BREs get none.  And glibc's error for such an operator that a ')'
# follows inside a group.  logscan says the same with "logscan:" in place
# of "grep:"; standard output and the exit status must be grep's too.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/greplib.sh"

cd "$T" || exit 1
printf 'a)\n*a\nab\n' >in

# warns WANT-STDERR DESC ARGS...: logscan grep ARGS on in writes exactly
# printf WANT-STDERR to standard error (and what grep writes to standard
# output, when GNU grep is there).
warns() {
	want=$1 desc=$2
	shift 2
	checks=$((checks + 1))
	# shellcheck disable=SC2059
	printf -- "$want" >"$T/wanterr"
	"$LOGSCAN" grep "$@" in >"$T/out" 2>"$T/err"
	st=$?
	if ! cmp -s "$T/wanterr" "$T/err"; then
		fail "$desc: standard error differs"
		diff "$T/wanterr" "$T/err" | sed 's/^/  /' >&2
	fi
	[ "$HAVE_GNU" = 1 ] || return 0
	checks=$((checks + 1))
	grep "$@" in >"$T/gout" 2>"$T/gerr"
	gst=$?
	sed 's/^grep:/logscan:/' "$T/gerr" >"$T/gerr2"
	if [ "$st" -ne "$gst" ] || ! cmp -s "$T/out" "$T/gout" ||
	    ! cmp -s "$T/gerr2" "$T/wanterr"; then
		fail "$desc: not what GNU grep does (exit $st, grep $gst)"
		diff "$T/gerr2" "$T/wanterr" | sed 's/^/  /' >&2
		diff "$T/gout" "$T/out" | sed 's/^/  /' >&2
	fi
}

W='logscan: warning: '
warns "$W* at start of expression\n" "-E *a" -E '*a'
warns "$W+ at start of expression\n" "-E a|+b" -E 'a|+b'
warns "$W? at start of expression\n" "-E (?b)" -E '(?b)'
warns "$W{...} at start of expression\n" "-E {1}a" -E '{1}a'
warns "$W* at start of expression\n$W+ at start of expression\n$W{...} at start of expression\n" \
	"three in order" -E '*a(+b|{1}c)'
warns "$W* at start of expression\n$W* at start of expression\n" \
	"-E **a" -E '**a'
warns "$W* at start of expression\n" "after an anchor" -E '^*a'
warns "$W+ at start of expression\n" "after a word anchor" -E '\<+a'
warns "$W{...} at start of expression\n" "an interval ends the start" \
	-E '{1}*a'
warns "" "after an anchor that follows an atom" -E 'a^*'
warns "" "after a group" -E '()*a'
warns "" "a literal {" -E '{1'
warns "" "-E a{1}{2}" -E 'a{1}{2}'
warns "" "BRE *a" '*a'
warns "" "BRE \\(*a\\)" '\(*a\)'
warns "" "-F *a" -F '*a'
warns "$W* at start of expression\n" "-q" -q -E '*a'
warns "$W* at start of expression\n" "-s" -s -E '*a'
warns "$W* at start of expression\n" "-c" -c -E '*a'
warns "$W* at start of expression\n" "a pattern given twice" \
	-E -e '*a' -e 'x' -e '*a'
warns "$W* at start of expression\n$W+ at start of expression\n" \
	"two patterns" -E -e '*a' -e '+b'
warns "$W* at start of expression\n" "a ')' at the top is literal" \
	-E '^*)'

# A repetition that a ')' follows inside a group: glibc's error.
for p in '(*)' '(a|*)' '(a^*)' '(\<*)' '(x|+?)' 'x(?)y'; do
	expect_status 2 "-E '$p' is refused" "$LOGSCAN" grep -E "$p" in
	expect_grep "$T/err" 'Unmatched \( or \\\(' "-E '$p': the message"
	if [ "$HAVE_GNU" = 1 ]; then
		expect_status 2 "GNU grep -E '$p'" grep -E "$p" in
	fi
done
warns "$W{...} at start of expression\n" "an interval before *)" -E '({1}*)'

finish
