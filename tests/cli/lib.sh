# lib.sh - sourced by every CLI test: a private temp dir removed on exit,
# and small assertion helpers that fail the test with a clear message.
set -u

: "${LOGSCAN:?LOGSCAN must point at the built binary}"
: "${top_srcdir:?top_srcdir must be set}"
TESTDATA="$top_srcdir/testdata"

T=$(mktemp -d "${TMPDIR:-/tmp}/logscan-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM HUP

fails=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# expect_status WANT DESC CMD...  run CMD, compare its exit status.
expect_status() {
	want=$1 desc=$2
	shift 2
	checks=$((checks + 1))
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$desc: exit $got, wanted $want"
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

# expect_grep FILE REGEX DESC  the file must contain a line matching REGEX.
expect_grep() {
	checks=$((checks + 1))
	if ! grep -Eq -- "$2" "$1"; then
		fail "$3: no line matching /$2/ in $(basename "$1")"
		sed 's/^/  got: /' "$1" | head -20 >&2
	fi
}

# expect_same A B DESC  the two files must be byte-identical.
expect_same() {
	checks=$((checks + 1))
	if ! cmp -s "$1" "$2"; then
		fail "$3: outputs differ"
		diff "$1" "$2" | head -20 >&2
	fi
}

# same_threads CMD DESC RUNS ARGS...: `logscan CMD ARGS` with -j1 and
# with each THREADS:PART_SIZE of RUNS (parts by LOGSCAN_CHUNK_SIZE) gives
# the same stdout, stderr and exit status.
same_threads() {
	_cmd=$1 _desc=$2 _runs=$3
	shift 3
	LOGSCAN_CHUNK_SIZE= "$LOGSCAN" "$_cmd" -j1 "$@" >"$T/want" \
	    2>"$T/wanterr"
	_want_rc=$?
	for _v in $_runs; do
		_j=${_v%:*} _cs=${_v#*:}
		checks=$((checks + 1))
		LOGSCAN_CHUNK_SIZE=$_cs "$LOGSCAN" "$_cmd" -j"$_j" "$@" \
		    >"$T/got" 2>"$T/goterr"
		_rc=$?
		_at="$_cmd $_desc (-j$_j, parts of $_cs)"
		if [ "$_rc" -ne "$_want_rc" ]; then
			fail "$_at: exit $_rc, -j1 $_want_rc"
		elif ! cmp -s "$T/want" "$T/got"; then
			fail "$_at: stdout differs"
			diff "$T/want" "$T/got" | head -6 >&2
		elif ! cmp -s "$T/wanterr" "$T/goterr"; then
			fail "$_at: stderr differs"
			diff "$T/wanterr" "$T/goterr" | head -6 >&2
		fi
	done
}

# expect_empty FILE DESC
expect_empty() {
	checks=$((checks + 1))
	if [ -s "$1" ]; then
		fail "$2: expected no output"
		head -5 "$1" | sed 's/^/  got: /' >&2
	fi
}

# finish  print a summary and exit with the test's status.
finish() {
	echo "$checks checks, $fails failed"
	[ "$fails" -eq 0 ]
	exit $?
}

# need_other_user  set $AS_NOBODY to a command prefix that runs a command
# as the unprivileged user nobody (uid 65534), or skip the test (exit 77)
# with a message when it cannot: not root, or neither setpriv nor su can
# run the binary as nobody.  Makes $T reachable (0755) for that user.
need_other_user() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: not running as root; cannot create files as another user"
		exit 77
	fi
	chmod 755 "$T"
	if command -v setpriv >/dev/null 2>&1 &&
	    setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$LOGSCAN" --version >/dev/null 2>&1; then
		AS_NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
	elif su -s /bin/sh nobody -c "\"$LOGSCAN\" --version" \
	    >/dev/null 2>&1; then
		AS_NOBODY="$top_srcdir/tests/cli/su_nobody.sh"
	else
		echo "SKIP: cannot run $LOGSCAN as nobody (setpriv, su)"
		exit 77
	fi
}
