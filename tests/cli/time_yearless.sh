#!/bin/sh
# A year-less syslog that runs from 2025-12-31 into 2026-01-01: the year
# comes from --year (the year of the last line) or from the file's mtime,
# December belongs to the year before January, and an index remembers the
# year it read the lines with.
. "$top_srcdir/tests/cli/lib.sh"

REF="$top_srcdir/tests/cli/timeref.awk"
log="$T/syslog"
cp "$TESTDATA/time/rfc3164-newyear.log" "$log"

# want SINCE UNTIL  the reference answer for lines read in 2025/2026
# (bounds as "YYYY-MM-DD HH:MM:SS" UTC)
want() {
	ws=$(($(date -u -d "$1" +%s) * 1000000))
	wu=$(($(date -u -d "$2" +%s) * 1000000))
	awk -v fmt=rfc3164 -v year=2026 -v since="$ws" -v until="$wu" \
	    -f "$REF" "$log" >"$T/want"
}

# check SINCE UNTIL LABEL [OPTIONS...]
check() {
	s=$1 u=$2 label=$3
	shift 3
	checks=$((checks + 1))
	want "$s" "$u"
	"$LOGSCAN" slice --since "$s" --until "$u" "$@" "$log" >"$T/got" \
	    2>"$T/err"
	if ! cmp -s "$T/want" "$T/got"; then
		fail "$label: [$s, $u) $*"
		diff "$T/want" "$T/got" | head -5 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

across() {
	label=$1
	shift
	check "2025-12-31 23:55:00" "2026-01-01 00:02:00" "$label" "$@"
	check "2025-12-31 23:59:30" "2026-01-01 00:00:30" "$label" "$@"
	check "2025-12-31 00:00:00" "2026-01-01 00:00:00" "$label" "$@"
	check "2026-01-01 00:00:00" "2026-01-02 00:00:00" "$label" "$@"
}

# --year names the year of the last line; the mtime then does not matter.
touch -d "2027-06-01 12:00:00 UTC" "$log"
across "--year" --year 2026
# The mtime gives the year: touched a few days into January 2026.
touch -d "2026-01-03 08:00:00 UTC" "$log"
across "mtime in January"
# Touched much later in 2026: still the year of the last line, since
# January is not after the mtime's month.
touch -d "2026-11-20 08:00:00 UTC" "$log"
across "mtime later in 2026"
# With an mtime in 2027 the lines are read a year later, so the 2025/2026
# range holds nothing.
touch -d "2027-01-02 08:00:00 UTC" "$log"
expect_status 1 "mtime in 2027" "$LOGSCAN" slice \
    --since "2025-12-31 00:00" --until "2026-01-02 00:00" "$log"
expect_empty "$T/out" "mtime in 2027 selects nothing"
expect_status 0 "mtime in 2027, a year later" "$LOGSCAN" slice \
    --since "2026-12-31 00:00" --until "2027-01-02 00:00" "$log"
checks=$((checks + 1))
cmp -s "$T/out" "$log" || fail "the whole log, a year later"

# An index built with --year 2026 answers queries with --year 2026 ...
"$LOGSCAN" index --group-lines 4 --year 2026 "$log" || fail "index"
across "indexed, --year" --year 2026
"$LOGSCAN" slice --stats --year 2026 --since "2025-12-31 23:59:30" \
    --until "2026-01-01 00:00:30" "$log" >/dev/null 2>"$T/err"
expect_grep "$T/err" 'index fresh .*: [0-9]+ regions?, [0-9]+ groups? of [0-9]+,' \
    "the index answers --year 2026"
# ... but not those reading the year from the mtime (2027 now): their
# answer is read from the file.
"$LOGSCAN" slice --stats --since "2026-12-31 23:59:30" \
    --until "2027-01-01 00:00:30" "$log" >"$T/got" 2>"$T/err"
expect_grep "$T/err" 'index fresh .*: indexed with another year for year-less times: 1 region, 0 groups,' \
    "a different year leaves the index unused"
want "2025-12-31 23:59:30" "2026-01-01 00:00:30"
expect_same "$T/want" "$T/got" "the same lines, a year later"

# info shows the span read with the year in effect.
"$LOGSCAN" info --year 2026 "$log" >"$T/info"
expect_grep "$T/info" '^time_format: rfc3164$' "info: format"
expect_grep "$T/info" '^  first: "2025-12-31T23:52:00Z"$' "info: first"
expect_grep "$T/info" '^  last: "2026-01-01T00:05:16Z"$' "info: last"
expect_grep "$T/info" '^  times_usable: true$' "info: index times usable"
"$LOGSCAN" info "$log" >"$T/info"
expect_grep "$T/info" '^  first: "2026-12-31T23:52:00Z"$' "info: mtime year"
expect_grep "$T/info" '^  times_usable: false$' "info: index of another year"
finish
