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

# Several files, as tail -F follows them: grep names each line's file;
# one file's rotation does not disturb the other; -m counts per file.
printf 'p1 hit\n' >p.log
printf 'q1 hit\nq2 no\n' >q.log
"$LOGSCAN" grep -n --follow hit p.log q.log >pout 2>perr &
pid=$!
wait_for pout '^q\.log:1:q1 hit$' "several: initial"
printf 'q3 hit\n' >>q.log
wait_for pout '^q\.log:3:q3 hit$' "several: appended to the second"
printf 'p2 hit\n' >>p.log
wait_for pout '^p\.log:2:p2 hit$' "several: appended to the first"
mv q.log q.log.1
printf 'r1 hit\n' >q.log
wait_for pout '^q\.log:1:r1 hit$' "several: second rotated"
wait_for perr 'q\.log: file replaced; following the new file' \
    "several: rotation noted"
printf 'p3 hit\n' >>p.log
wait_for pout '^p\.log:3:p3 hit$' "several: first still followed"
stop
printf '%s\n' 'p.log:1:p1 hit' 'q.log:1:q1 hit' 'q.log:3:q3 hit' \
    'p.log:2:p2 hit' 'q.log:1:r1 hit' 'p.log:3:p3 hit' >pwant
expect_same pwant pout "grep --follow on two files"

# -m counts each file on its own: y.log reaches it in the first search
# and is not followed; following ends once x.log reaches it too.
printf 'x0 no\n' >x.log
printf 'y1 hit\n' >y.log
"$LOGSCAN" grep -m 1 --follow hit x.log y.log >xout 2>xerr &
pid=$!
wait_for xout '^y\.log:y1 hit$' "-m several: initial"
printf 'y2 hit\n' >>y.log
printf 'x1 hit\nx2 hit\n' >>x.log
n=0
while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 600 ]; do
	n=$((n + 1))
	sleep 0.1
done
checks=$((checks + 1))
if kill -0 "$pid" 2>/dev/null; then
	fail "-m 1 --follow on two files did not stop"
	stop
else
	wait "$pid"
	st=$?
	pid=
	[ "$st" -eq 0 ] || fail "-m 1 --follow on two files: exit $st"
fi
printf '%s\n' 'y.log:y1 hit' 'x.log:x1 hit' >xwant
expect_same xwant xout "-m 1 --follow on two files"

# slice --follow on several files prints tail's headers when the file
# changes; --lines ends each file on its own, and then following.
printf 'u1\n' >u.log
printf 'v1\nv2\n' >v.log
"$LOGSCAN" slice --follow --lines 1:3 u.log v.log >sout 2>serr &
pid=$!
wait_for sout '^v2$' "slice several: initial"
printf 'u2\n' >>u.log
wait_for sout '^u2$' "slice several: appended"
printf 'v3\nv4\n' >>v.log
wait_for sout '^v3$' "slice several: the other"
printf 'u3\nu4\n' >>u.log
wait_for sout '^u3$' "slice several: last line of the range"
n=0
while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 600 ]; do
	n=$((n + 1))
	sleep 0.1
done
checks=$((checks + 1))
if kill -0 "$pid" 2>/dev/null; then
	fail "slice --follow --lines 1:3 on two files did not stop"
	stop
else
	wait "$pid"
	pid=
fi
printf '%s\n' '==> u.log <==' u1 '' '==> v.log <==' v1 v2 '' \
    '==> u.log <==' u2 '' '==> v.log <==' v3 '' '==> u.log <==' u3 >swant
expect_same swant sout "slice --follow on two files"

# --json timestamps after a rotation: a stack-trace line of the new file
# takes its entry's time from the new file, not from the old one.
printf '2026-03-01T10:00:00Z old\n  at a\n' >js.log
"$LOGSCAN" grep --follow --json --time-format iso8601 'at ' js.log \
    >jsout 2>jserr &
pid=$!
wait_for jsout '"timestamp":"2026-03-01T10:00:00.000000000Z"' \
    "json rotation: initial"
mv js.log js.log.1
printf '2026-03-02T11:00:00Z newer entry line\n  at b\n' >js.log
wait_for jserr 'js\.log: file replaced' "json rotation: noted"
wait_for jsout '"text":"  at b\\n"' "json rotation: new line"
stop
expect_grep jsout '"text":"  at b\\n"\},"line_number":2,.*"timestamp":"2026-03-02T11:00:00.000000000Z"\}\}$' \
    "json rotation: the new file's time"

# Usage errors.
expect_status 2 "--follow -c" "$LOGSCAN" grep --follow -c hit app.log
expect_grep "$T/err" 'cannot be used with -c' "--follow -c message"
expect_status 2 "--follow stdin" "$LOGSCAN" grep --follow hit
expect_grep "$T/err" '--follow takes FILEs by name' "--follow stdin message"
expect_status 2 "--follow -" "$LOGSCAN" grep --follow hit app.log -
expect_status 2 "--follow -r" "$LOGSCAN" grep -r --follow hit .
expect_status 2 "slice --follow -" "$LOGSCAN" slice --follow \
    --lines 1: a -

finish
