#!/bin/sh
# grep's corners that a differential fuzzer found (issue 23), one check per
# row, each against the bytes GNU grep 3.8 prints and against GNU grep
# itself when it is installed.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/greplib.sh"

cd "$T" || exit 1
printf 'foo\n' >foo
printf 'bar\n' >bar

# ---- an input file that is also the output ----
# run_io WANT_RC WANT_FILE DESC ARGS...: `grep ARGS >>io` with io holding
# "foo"; io must then hold exactly WANT_FILE.
run_io() {
	want_rc=$1 want=$2 desc=$3
	shift 3
	printf -- "$want" >"$T/want"
	for prog in logscan grep; do
		if [ "$prog" = grep ] && [ "$HAVE_GNU" != 1 ]; then
			continue
		fi
		checks=$((checks + 1))
		printf 'foo\n' >io
		if [ "$prog" = grep ]; then
			grep "$@" >>io 2>"$T/err"
		else
			"$LOGSCAN" grep "$@" >>io 2>"$T/err"
		fi
		rc=$?
		if [ "$rc" -ne "$want_rc" ] || ! cmp -s "$T/want" io; then
			fail "$desc ($prog): exit $rc, file:"
			od -c io | head -3 >&2
		fi
	done
}
run_io 2 'foo\n' "grep foo io >>io" foo io
expect_grep "$T/err" '^(logscan|grep): io: input file is also the output$' \
	"the message"
run_io 2 'foo\n' "-s silences the message, not the status" -s foo io
[ -s "$T/err" ] && fail "-s: a message was printed"
run_io 2 'foo\nbar:bar\n' "the other files are searched" -H -e foo -e bar io bar
run_io 2 'foo\n' "-m 2 can feed back" -m2 foo io
run_io 2 'foo\n' "-o can feed back" -o foo io
run_io 2 'foo\n' "-v can feed back" -v x io
# grep's exemptions: nothing of the file can be printed into it.
run_io 0 'foo\nfoo\n' "-m 1 is exempt" -m1 foo io
run_io 0 'foo\nfoo\n' "negative -m is exempt" -m -1 foo io
run_io 0 'foo\n1\n' "-c is exempt" -c foo io
run_io 0 'foo\nio\n' "-l is exempt" -l foo io
run_io 0 'foo\n' "-L is exempt" -L foo io
run_io 0 'foo\n' "-q is exempt" -q foo io
# Standard input is checked too.
checks=$((checks + 1))
printf 'foo\n' >io
"$LOGSCAN" grep foo - <io >>io 2>"$T/err"
[ $? -eq 2 ] || fail "stdin is the output: want exit 2"
expect_grep "$T/err" '^logscan: \(standard input\): input file is also the output$' \
	"stdin is the output: the message"
printf 'foo\n' >"$T/want"
expect_same "$T/want" io "stdin is the output: file unchanged"
# Not the same file: no complaint.
checks=$((checks + 1))
"$LOGSCAN" grep foo foo >>out 2>"$T/err" || fail "another file: exit $?"

# ---- -m negative, and numbers as grep reads them ----
IN=bar
both 1 '' "-v -m -1 selects nothing" -v -m -1 foo
both 1 '0\n' "-c -v -m -1" -c -v -m -1 foo
IN=foo
both 0 'foo\n' "-m -1 without -v is no limit" -m -1 foo
both 0 'foo\n' "-m +1" -m +1 foo
both 0 'foo\n' "-m ' 1'" -m ' 1' foo
both 0 'foo\n' "-m ' +1'" -m ' +1' foo
both 0 'foo\n' "-A +1" -A +1 foo
both 0 'foo\n' "-A -0" -A -0 foo
both 0 'foo\n' "-C ' -0'" -C ' -0' foo
both 0 'foo\n' "-m 010 is ten" -m 010 foo
both 0 'foo\n' "-m too large is no limit" -m 99999999999999999999999 foo
both 0 'foo\n' "-m too small (no -v) is no limit" -m -99999999999999999999999 foo
both 0 'foo\n' "-A too large" -A 99999999999999999999999 foo
both 2 '' "-m 1x" -m 1x foo
both 2 '' "-m ''" -m '' foo
both 2 '' "-m '1 '" -m '1 ' foo
both 2 '' "-A -1" -A -1 foo
err_has "-A" "the message names the option"
both 2 '' "-A 0x1" -A 0x1 foo
IN=/dev/null

# ---- nothing can match: no file is opened ----
both 1 '' "-L -q -m0 opens nothing" -L -q -m0 foo nosuch
expect_empty "$T/goterr" "-L -q -m0: no message"
both 1 '' "-L -q -f /dev/null opens nothing" -L -q -f /dev/null nosuch
expect_empty "$T/goterr" "-L -q -f /dev/null: no message"
both 2 '' "-L -m0 still opens every file" -L -m0 foo nosuch
both 1 '' "-m0 opens nothing" -m0 foo nosuch

# ---- standard input is a directory ----
mkdir dir
IN=dir
both 2 '0\n' "-c on a directory on stdin" -c foo
err_has 'logscan: \(standard input\): Is a directory' "the message first"
both 2 '(standard input)\n' "-L on a directory on stdin" -L foo
both 2 '' "a directory on stdin" foo
IN=/dev/null

# ---- -F -w -o with several patterns ----
printf 'a-\n' >am
both 0 'a\n-\n' "-F -w -o -e a -e -" -F -w -o -e a -e - am
both 0 '\033[01;31m\033[Ka\033[m\033[K\033[01;31m\033[K-\033[m\033[K\n' \
	"-F -w --color -e a -e -" -F -w --color=always -e a -e - am
printf -- '-a-a\n' >aa
both 0 '-a\n' "-F -w -o, one pattern: a word break is needed" -F -w -o -e -a aa
both 0 '-a\n-a\n' "-F -w -o, two patterns: not after a match" \
	-F -w -o -e -a -e q aa
printf 'xx-\n' >xx
both 1 '' "-F -w -o: a word break is needed elsewhere" -F -w -o -e x -e - xx

# ---- -F -x -w -o: the match takes in the newline ----
printf 'a\n' >a1
both 0 'a\n\n' "-F -x -w -o" -F -x -w -o a a1
both 0 '\033[01;31m\033[Ka\n\033[m\033[K' "-F -x -w --color" \
	-F -x -w --color=always a a1
printf '\n' >e1
both 0 '\n\n' "-F -x -w -o '' on an empty line" -F -x -w -o '' e1
both 0 '\033[01;31m\033[K\n\033[m\033[K' "-F -x -w --color '' on an empty line" \
	-F -x -w --color=always '' e1
printf 'a' >anl
both 0 'a\n\n' "-F -x -w -o on a last line without newline" -F -x -w -o a anl
both 0 '1:0:a\n\n' "-F -x -w -o -n -b" -F -x -w -o -n -b a a1
both 0 'a\n' "-F -x -o: no such quirk" -F -x -o a a1
both 0 'a\n' "-F -w -o: no such quirk" -F -w -o a a1
both 0 'a\n' "-F -x -w -o with two patterns: none either" \
	-F -x -w -o -e a -e b a1

# ---- --color words in any case ----
IN=foo
both 0 '\033[01;31m\033[Kfoo\033[m\033[K\n' "--color=ALWAYS" --color=ALWAYS foo
both 0 'foo\n' "--color=Never" --color=Never foo
both 0 'foo\n' "--colour=AuTo" --colour=AuTo foo
# (GNU grep prints its --help on standard output here.)
expect_status 2 "--color=sometimes" "$LOGSCAN" grep --color=sometimes foo foo
IN=/dev/null

finish
