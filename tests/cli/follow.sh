#!/bin/sh
# --follow on grep and slice: lines appended after the file's end are
# searched as they come, a line written in two pieces is one line, a
# rotated log (renamed, a new file under the name) is read to its end and
# then the new file from its start, and a truncated log is read again
# from its start, each said on stderr.  No timing decides anything: each
# step waits (a bounded poll of the output, 60 s at most, for slow
# sanitizer builds) until what it expects has been printed, then the next
# step writes; at the end the whole output must be exactly what was
# expected, and the follower is stopped with SIGTERM.
. "$top_srcdir/tests/cli/lib.sh"

# wait_for FILE REGEX DESC  until FILE has a line matching REGEX.
wait_for() {
	n=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		if [ "$n" -gt 600 ]; then
			fail "$3: gave up waiting for /$2/"
			sed 's/^/  got: /' "$1" >&2
			return 1
		fi
		sleep 0.1
	done
	return 0
}

pid=
stop() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=
	fi
}
trap 'stop; rm -rf "$T"' EXIT INT TERM HUP

cd "$T" || exit 2
printf 'a1 hit\nskip me\n' >app.log
"$LOGSCAN" grep -n --follow hit app.log >out 2>err &
pid=$!
wait_for out '^1:a1 hit$' "initial search"
printf 'a2 hit\nnope\n' >>app.log
wait_for out '^3:a2 hit$' "appended line"
# A line in two writes: nothing until its newline, then one line.
printf 'a3 h' >>app.log
printf 'a3x hit\n' >marker.log # (a write elsewhere: no effect)
printf 'it\n' >>app.log
wait_for out '^5:a3 hit$' "line written in two pieces"
# Rotation: the old file gets one more line after its rename, then a
# new file appears under the name.
mv app.log app.log.1
printf 'a4 hit\n' >>app.log.1
printf 'b1 hit\nb2 no\n' >app.log
wait_for out '^1:b1 hit$' "new file after rotation"
wait_for err 'app\.log: file replaced; following the new file' \
    "rotation noted"
printf 'b3 hit\n' >>app.log
wait_for out '^3:b3 hit$' "append to the new file"
# Truncation: noticed (and said) before anything new is written.
: >app.log
wait_for err 'app\.log: file truncated' "truncation noted"
printf 'c1 hit\n' >>app.log
wait_for out '^1:c1 hit$' "line after truncation"
stop
printf '%s\n' '1:a1 hit' '3:a2 hit' '5:a3 hit' '6:a4 hit' '1:b1 hit' \
    '3:b3 hit' '1:c1 hit' >want
expect_same want out "grep --follow output"

# slice --follow with a time range: appended entries in the range (and a
# stack trace with its entry), not those after it.
printf '2026-03-01T10:00:00Z start\n' >t.log
"$LOGSCAN" slice --follow --since 2026-03-01T10:00:00Z \
    --until 2026-03-01T11:00:00Z t.log >tout 2>terr &
pid=$!
wait_for tout '^2026-03-01T10:00:00Z start$' "slice initial"
printf '2026-03-01T10:30:00Z in\n\tat trace\n2026-03-01T11:00:00Z out\n\tat hidden\n2026-03-01T10:59:59Z late in\n' >>t.log
wait_for tout '^2026-03-01T10:59:59Z late in$' "slice appended"
stop
printf '%s\n' '2026-03-01T10:00:00Z start' '2026-03-01T10:30:00Z in' \
    '	at trace' '2026-03-01T10:59:59Z late in' >twant
expect_same twant tout "slice --follow --since output"

# grep --follow --json: a match message per appended match.
printf 'x hit\n' >j.log
"$LOGSCAN" grep --follow --json hit j.log >jout 2>jerr &
pid=$!
wait_for jout '"lines":\{"text":"x hit\\n"\},"line_number":1,' "json initial"
printf 'y hit\n' >>j.log
wait_for jout '"lines":\{"text":"y hit\\n"\},"line_number":2,"absolute_offset":6,' "json appended"
stop

# -m ends following once reached, with status 0.
printf 'one hit\n' >m.log
"$LOGSCAN" grep -m 2 --follow hit m.log >mout 2>merr &
pid=$!
wait_for mout '^one hit$' "-m initial"
printf 'two hit\nthree hit\n' >>m.log
n=0
while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 600 ]; do
	n=$((n + 1))
	sleep 0.1
done
checks=$((checks + 1))
if kill -0 "$pid" 2>/dev/null; then
	fail "-m 2 --follow did not stop"
	stop
else
	wait "$pid"
	st=$?
	pid=
	[ "$st" -eq 0 ] || fail "-m 2 --follow: exit $st"
fi
printf 'one hit\ntwo hit\n' >mwant
expect_same mwant mout "-m 2 --follow output"

# Usage errors.
expect_status 2 "--follow -c" "$LOGSCAN" grep --follow -c hit app.log
expect_grep "$T/err" 'cannot be used with -c' "--follow -c message"
expect_status 2 "--follow two files" "$LOGSCAN" grep --follow hit a b
expect_grep "$T/err" '--follow takes one FILE' "--follow files message"
expect_status 2 "--follow stdin" "$LOGSCAN" grep --follow hit
expect_status 2 "slice --follow two files" "$LOGSCAN" slice --follow \
    --lines 1: a b

finish
