#!/bin/sh
# The grep, slice and index tests with the read reader, with its default
# buffer and with one-page buffers: every command line of theirs gets
# --io=read (and --window-size=4096) after the command word, and each test
# must pass as it does with the default reader (which maps files this
# small).  grep_diff.sh runs each of its cases with both readers itself.
. "$top_srcdir/tests/cli/lib.sh"

TESTS="grep_cli grep_truncate slice_lines slice_shrink slice_stdin
time_lines time_index index_append"

for extra in "--io=read" "--io=read --window-size=4096"; do
	w="$T/logscan-wrap"
	cat >"$w" <<WRAP
#!/bin/sh
case \${1-} in
grep|slice|index) c=\$1; shift; exec '$LOGSCAN' "\$c" $extra "\$@" ;;
*) exec '$LOGSCAN' "\$@" ;;
esac
WRAP
	chmod +x "$w"
	for t in $TESTS; do
		checks=$((checks + 1))
		if ! LOGSCAN="$w" ${SHELL:-/bin/sh} \
		    "$top_srcdir/tests/cli/$t.sh" >"$T/log" 2>&1; then
			fail "$t.sh with $extra"
			grep -E '^FAIL' "$T/log" | head -10 >&2
		fi
	done
done
finish
