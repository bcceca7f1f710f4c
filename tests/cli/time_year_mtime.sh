#!/bin/sh
# Year-less syslog is never dated after its file was written: the last
# entry's year is the latest one that puts it at or before the file's
# mtime (a day of slack), earlier lines step back across New Year, --year
# overrides, and `info` says which year it assumed and why.
. "$top_srcdir/tests/cli/lib.sh"

log="$T/auth.log"

# year_is FILE YEAR DESC  info names YEAR as the year of the last entry.
year_is() {
	expect_status 0 "$3: info" "$LOGSCAN" info "$1"
	expect_grep "$T/out" "^year_assumed: $2\$" "$3: year $2"
	expect_grep "$T/out" '^year_reason: .+' "$3: a reason"
}

# slice_is DESC WANT SINCE UNTIL [OPTIONS...]  slice prints exactly WANT.
slice_is() {
	desc=$1 want=$2 since=$3 until=$4
	shift 4
	checks=$((checks + 1))
	"$LOGSCAN" slice --index=never --since "$since" --until "$until" "$@" \
	    "$log" >"$T/got" 2>"$T/err"
	if [ "$(cat "$T/got")" != "$want" ]; then
		fail "$desc: [$since, $until) printed:"
		sed 's/^/  got: /' "$T/got" "$T/err" >&2
	fi
}

# Lines on Dec 10, the file touched on Dec 6 2026: the entries are from
# December 2025, not four days in the future.
printf '%s\n' 'Dec 10 06:55:46 host sshd[812]: first' \
    'Dec 10 11:04:45 host sshd[812]: last' >"$log"
touch -d "2026-12-06 12:00:00 UTC" "$log"
year_is "$log" 2025 "after the mtime"
expect_grep "$T/out" "^year_reason: the last entry, 'Dec 10 11:04:45', would be after the file's mtime \\(2026-12-06T12:00:00Z\\) in 2026\$" \
    "the reason names the entry and the mtime"
expect_grep "$T/out" '^  last: "2025-12-10T11:04:45Z"$' "the span is in 2025"
slice_is "after the mtime" "$(cat "$log")" "2025-12-10" "2025-12-11"
slice_is "nothing in 2026" "" "2026-12-10" "2026-12-11"

# A day of slack: a last entry a few hours after the mtime (a zone, a
# skewed clock) keeps the mtime's year.
printf '%s\n' 'Dec  6 09:00:00 host cron[1]: a' \
    'Dec  6 20:00:00 host cron[1]: b' >"$log"
touch -d "2026-12-06 12:00:00 UTC" "$log"
year_is "$log" 2026 "within a day"
expect_grep "$T/out" "is not after the file's mtime" "the reason says so"

# A log across New Year, touched on Jan 1: December is the year before.
printf '%s\n' 'Dec 31 23:59:58 host app: d1' 'Dec 31 23:59:59 host app: d2' \
    'Jan  1 00:00:00 host app: j1' 'Jan  1 00:00:01 host app: j2' >"$log"
touch -d "2026-01-01 05:00:00 UTC" "$log"
year_is "$log" 2026 "New Year"
slice_is "New Year, December" "Dec 31 23:59:58 host app: d1
Dec 31 23:59:59 host app: d2" "2025-12-31" "2026-01-01"
slice_is "New Year, January" "Jan  1 00:00:00 host app: j1
Jan  1 00:00:01 host app: j2" "2026-01-01" "2026-01-02"
slice_is "New Year, across" "Dec 31 23:59:59 host app: d2
Jan  1 00:00:00 host app: j1" "2025-12-31 23:59:59" "2026-01-01 00:00:01"

# Every line after the mtime's month (November lines, touched in March).
printf '%s\n' 'Nov  3 10:00:00 host app: a' 'Nov  5 10:00:00 host app: b' \
    >"$log"
touch -d "2026-03-15 00:00:00 UTC" "$log"
year_is "$log" 2025 "all after the mtime's month"
slice_is "all after the mtime's month" "$(cat "$log")" "2025-11-01" \
    "2025-12-01"

# Feb 29 steps back to a leap year.
printf '%s\n' 'Feb 28 10:00:00 host app: a' 'Feb 29 10:00:00 host app: b' \
    >"$log"
touch -d "2026-03-01 00:00:00 UTC" "$log"
year_is "$log" 2024 "Feb 29"
slice_is "Feb 29" "Feb 29 10:00:00 host app: b" "2024-02-29" "2024-03-01"

# --year overrides the mtime, and info says so.
printf '%s\n' 'Nov  3 10:00:00 host app: a' 'Nov  5 10:00:00 host app: b' \
    >"$log"
touch -d "2026-03-15 00:00:00 UTC" "$log"
"$LOGSCAN" info --year 2021 "$log" >"$T/out" 2>"$T/err"
expect_grep "$T/out" '^year_assumed: 2021$' "--year: the year"
expect_grep "$T/out" '^year_reason: "?--year 2021 names the year of the last entry"?$' \
    "--year: the reason"
slice_is "--year" "Nov  5 10:00:00 host app: b" "2021-11-04" "2021-11-06" \
    --year 2021

# An index built under one mtime is not read under another year.
printf '%s\n' 'Dec 10 06:55:46 host sshd[812]: first' \
    'Dec 10 11:04:45 host sshd[812]: last' >"$log"
touch -d "2026-12-06 12:00:00 UTC" "$log"
"$LOGSCAN" index --group-lines 1 "$log" 2>/dev/null || fail "index"
"$LOGSCAN" slice --since 2025-12-10 --until 2025-12-11 "$log" >"$T/got" \
    2>/dev/null
checks=$((checks + 1))
cmp -s "$T/got" "$log" || fail "indexed: the lines are in 2025"
finish
