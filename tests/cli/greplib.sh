# greplib.sh - sourced after lib.sh by the grep option tests: run logscan
# grep and, when it is installed, GNU grep with the same arguments, and
# compare both with the bytes the test expects.

# No colour settings from the environment of whoever runs the tests.
unset GREP_COLORS GREP_COLOR NO_COLOR
HAVE_GNU=0
if grep --version 2>/dev/null | grep -q 'GNU grep'; then
	HAVE_GNU=1
else
	echo "GNU grep not installed: comparing with the expected bytes only"
fi
# Standard input of the commands run by both().
IN=/dev/null

# both WANT_RC WANT DESC ARGS...  `logscan grep ARGS` must write exactly
# the bytes of printf WANT to standard output and exit WANT_RC; so must
# `grep ARGS` when GNU grep is installed.  With SORTED=1, output lines are
# compared sorted (logscan sorts -r's files by name, grep does not).
both() {
	want_rc=$1 want=$2 desc=$3
	shift 3
	# shellcheck disable=SC2059
	printf -- "$want" >"$T/want"
	checks=$((checks + 1))
	"$LOGSCAN" grep "$@" <"$IN" >"$T/got" 2>"$T/goterr"
	rc=$?
	if [ "${SORTED:-0}" = 1 ]; then
		sort "$T/got" >"$T/got.s" && mv "$T/got.s" "$T/got"
		sort "$T/want" >"$T/want.s" && mv "$T/want.s" "$T/want"
	fi
	if [ "$rc" -ne "$want_rc" ] || ! cmp -s "$T/want" "$T/got"; then
		fail "$desc: logscan exit $rc (want $want_rc)"
		od -c "$T/want" | sed 's/^/  want: /' | head -8 >&2
		od -c "$T/got" | sed 's/^/  got:  /' | head -8 >&2
		sed 's/^/  stderr: /' "$T/goterr" >&2
	fi
	[ "$HAVE_GNU" = 1 ] || return 0
	checks=$((checks + 1))
	grep "$@" <"$IN" >"$T/gnu" 2>"$T/gnuerr"
	rc=$?
	if [ "${SORTED:-0}" = 1 ]; then
		sort "$T/gnu" >"$T/gnu.s" && mv "$T/gnu.s" "$T/gnu"
	fi
	if [ "$rc" -ne "$want_rc" ] || ! cmp -s "$T/want" "$T/gnu"; then
		fail "$desc: GNU grep gives other bytes (exit $rc)"
		od -c "$T/gnu" | sed 's/^/  gnu:  /' | head -8 >&2
	fi
}

# err_has REGEX DESC  the last logscan run's standard error matches.
err_has() {
	expect_grep "$T/goterr" "$1" "$2"
}
