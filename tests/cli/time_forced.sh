#!/bin/sh
# A forced --time-format that no sampled line has is an error (exit 2),
# not an empty answer; one that fits only a few of the lines that look
# like entries is warned about once, and the run goes on.
. "$top_srcdir/tests/cli/lib.sh"

log="$T/app.log"
i=0
while [ $i -lt 30 ]; do
	printf '2015-10-18 18:01:%02d,978 INFO step %d\n' $i $i
	i=$((i + 1))
done >"$log"

for cmd in slice "grep -c ."; do
	# shellcheck disable=SC2086
	expect_status 2 "$cmd: no line matches" "$LOGSCAN" $cmd \
	    --time-format rfc3164 --since 2015-10-18T18:01:00Z --until +1h \
	    "$log"
	expect_grep "$T/err" "^logscan: $log: no line matches time format 'rfc3164' \\(sampled 30 lines\\)\$" \
	    "$cmd: the message names the format and the sample"
	expect_empty "$T/out" "$cmd: nothing printed"
done
# Also when an index exists, and for `index` itself.
expect_status 2 "index: no line matches" "$LOGSCAN" index \
    --time-format rfc3164 "$log"
expect_grep "$T/err" "no line matches time format 'rfc3164'" "index says so"

# Without the option, the same query answers.
expect_status 0 "detected" "$LOGSCAN" slice --index=never \
    --since 2015-10-18T18:01:00Z --until +1h "$log"
checks=$((checks + 1))
cmp -s "$T/out" "$log" || fail "detected: every line"

# Three of thirty entry lines in syslog form: a warning, once, and the
# answer the format gives.
mixed="$T/mixed.log"
{
	sed -n 1,27p "$log"
	printf 'Oct 18 18:02:00 host app: a\nOct 18 18:02:01 host app: b\n'
	printf 'Oct 18 18:02:02 host app: c\n'
} >"$mixed"
expect_status 0 "a small share" "$LOGSCAN" slice --index=never --year 2015 \
    --time-format rfc3164 --since "2015-10-18 18:02:01" --until +1h "$mixed"
expect_grep "$T/err" "^logscan: $mixed: time format 'rfc3164' matches only 3 of 30 sampled lines that look like entries" \
    "the warning"
checks=$((checks + 1))
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "one warning, not $(wc -l <"$T/err")"
checks=$((checks + 1))
[ "$(cat "$T/out")" = "Oct 18 18:02:01 host app: b
Oct 18 18:02:02 host app: c" ] || fail "the small share still answers"
finish
