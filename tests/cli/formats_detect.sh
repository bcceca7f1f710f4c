#!/bin/sh
# logscan formats --detect FILE: the reading chosen, how many sampled
# lines it parsed, the runners-up, one line with the timestamp
# underlined; day/month vs month/day is decided only by a line one of
# them cannot read.
. "$top_srcdir/tests/cli/lib.sh"

GEN="$top_srcdir/tests/cli/tsgen.awk"

# Days 12 and 13: only day/month reads "13/03/2026".
awk -v fam=dmy -v n=120 -f "$GEN" >"$T/dmy.log"
expect_status 0 "dd/mm detected" "$LOGSCAN" formats --detect "$T/dmy.log"
expect_grep "$T/out" "^$T/dmy.log: dd/mm/yyyy, parsed 120 of [0-9]+ sampled lines \\(120 look like entries\\), always at column 0\$" \
    "the choice and its count"
expect_grep "$T/out" '^  runner-up: mm/dd/yyyy, parsed [0-9]+ ' \
    "the ambiguous rival is a runner-up"
expect_grep "$T/out" '^  example: 12/03/2026 22:00:00 msg 0 ' "the example"
expect_grep "$T/out" '^           \^{19}$' "the timestamp underlined"

# Only day 12: both read every line the same way, so neither is chosen.
awk -v fam=dmy -v n=30 -f "$GEN" >"$T/amb.log"
expect_status 1 "ambiguous" "$LOGSCAN" formats --detect "$T/amb.log"
expect_grep "$T/out" "no reading chosen: dd/mm/yyyy and mm/dd/yyyy read every sampled line" \
    "ambiguity is reported, not guessed"
expect_status 2 "ambiguous: slice" "$LOGSCAN" slice --since 2026-03-12 \
    "$T/amb.log"
expect_grep "$T/err" "no timestamps found" "slice refuses to guess"
expect_status 0 "forced" "$LOGSCAN" formats --detect --time-format \
    mm/dd/yyyy "$T/amb.log"
expect_grep "$T/out" "mm/dd/yyyy \\(--time-format\\), parsed 30 " \
    "a forced format"

# A year-less log says which year it assumed.
awk -v fam=rfc3164 -v n=20 -f "$GEN" >"$T/sys.log"
touch -d "2026-03-11 12:00:00 UTC" "$T/sys.log"
expect_status 0 "rfc3164" "$LOGSCAN" formats --detect "$T/sys.log"
expect_grep "$T/out" "^  year of the last entry: 2025 \\(the last entry, 'Mar 12 22:[0-9:]+', would be after the file's mtime" \
    "the year and why"

# A date quoted inside the message is not the timestamp (strace).
awk -v fam=strace -v n=20 -f "$GEN" >"$T/st.log"
expect_status 0 "strace" "$LOGSCAN" formats --detect "$T/st.log"
expect_grep "$T/out" "^$T/st.log: epoch, " "the epoch at the start wins"
expect_grep "$T/out" '^                \^{17}$' "the epoch underlined"

# An ambiguous zone abbreviation is reported, not guessed; an alias in
# the config names it and the note goes.
awk -v fam=ist -v n=20 -f "$GEN" >"$T/ist.log"
expect_status 0 "ist" "$LOGSCAN" formats --detect "$T/ist.log"
expect_grep "$T/out" "^  ambiguous zone: 'IST' in 20 sampled lines names several zones" \
    "the ambiguous zone is noted"
expect_grep "$T/out" "zone-aliases:" "the note names the config key"
printf 'zone-aliases:\n  IST: "+05:30"\n' >"$T/ist.yaml"
expect_status 0 "ist aliased" "$LOGSCAN" formats --config "$T/ist.yaml" \
    --detect "$T/ist.log"
checks=$((checks + 1))
grep -q "ambiguous zone" "$T/out" && fail "an alias answers it"
expect_status 2 "ist pasted" "$LOGSCAN" slice --since "2026-03-13 03:30:00 IST" \
    "$T/ist.log"
expect_grep "$T/err" "the zone 'IST' means several zones" \
    "a pasted ambiguous zone is an error"

# Colour codes are seen through; the underline is the timestamp's place.
awk -v fam=ansi -v n=20 -f "$GEN" >"$T/ansi.log"
expect_status 0 "ansi" "$LOGSCAN" formats --detect "$T/ansi.log"
expect_grep "$T/out" "^$T/ansi.log: iso8601, parsed 20 of " "colour: iso8601"
expect_grep "$T/out" "^  colour codes: taken out" "colour: noted"
expect_grep "$T/out" '^               \^{31}$' "colour: the span underlined"

# uWSGI's bracketed date far into the line.
awk -v fam=uwsgi -v n=20 -f "$GEN" >"$T/uw.log"
expect_status 0 "uwsgi" "$LOGSCAN" formats --detect "$T/uw.log"
expect_grep "$T/out" "^$T/uw.log: uwsgi, parsed 20 of [0-9]+ .*, searched for anywhere on each line" \
    "uwsgi: detected, searched anywhere"

# No timestamps: exit 1; a missing file: exit 2.
printf 'no\ntimes\n' >"$T/none.log"
expect_status 1 "none" "$LOGSCAN" formats --detect "$T/none.log"
expect_grep "$T/out" "no timestamps in 2 sampled lines" "none found"
expect_status 2 "missing" "$LOGSCAN" formats --detect "$T/nonexist"
expect_status 2 "no file" "$LOGSCAN" formats --detect
finish
