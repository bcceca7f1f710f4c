#!/bin/sh
# `logscan formats`: every built-in format is listed once, by name, with
# its origin and an example; configured formats come first, marked with
# the file and line that define them; the command takes no arguments.
. "$top_srcdir/tests/cli/lib.sh"

expect_status 0 "formats" "$LOGSCAN" formats
expect_empty "$T/err" "formats writes nothing to stderr"
cp "$T/out" "$T/list"
for f in rfc5424 iso8601 apache-access apache-error rfc3164 yyyy/mm/dd \
    yyyymmdd-ms yy/mm/dd yymmdd epoch-ms epoch; do
	checks=$((checks + 1))
	n=$(awk -v f="$f" '$1 == f' "$T/list" | wc -l)
	[ "$n" -eq 1 ] || fail "format $f listed $n times"
done
# Each line is NAME, ORIGIN and an example, two or more spaces apart.
checks=$((checks + 1))
if grep -Evq '^[a-z0-9/-]+  +built-in  +[^ ]' "$T/list"; then
	fail "a line is not 'NAME  built-in  EXAMPLE'"
	sed 's/^/  got: /' "$T/list" >&2
fi
expect_grep "$T/list" '^iso8601 +built-in +2026-03-01T10:00:00' \
    "iso8601 example"
expect_grep "$T/list" '^rfc3164 +built-in +Mar  1 10:00:00 ' \
    "rfc3164 example"
checks=$((checks + 1))
[ "$(head -n 1 "$T/list" | awk '{print $1}')" = rfc5424 ] ||
	fail "formats are not in detection order"

# Configured formats come first, with where they are defined and their
# layout's rendering of the examples' time.
example="$TESTDATA/config/example.yaml"
expect_status 0 "formats --config" "$LOGSCAN" formats --config "$example"
expect_grep "$T/out" "^proxy +$example:14 +03\.01 10:00:00\$" \
    "proxy from the config"
expect_grep "$T/out" "^batch +$example:20 +1772355600\.250\$" \
    "batch from the config"
checks=$((checks + 1))
[ "$(awk '{print $1}' "$T/out" | head -n 4 | tr '\n' ' ')" = \
    "proxy batch gateway rfc5424 " ] ||
	fail "configured formats do not come first"
expect_status 0 "formats --no-config" "$LOGSCAN" formats --no-config
expect_same "$T/out" "$T/list" "--no-config lists the built-ins only"

expect_status 2 "formats with an operand" "$LOGSCAN" formats extra
expect_grep "$T/err" "^logscan: unexpected argument 'extra'$" \
    "operand message"
expect_status 2 "formats with an unknown option" "$LOGSCAN" formats --bogus
expect_grep "$T/err" "unrecognized (or ambiguous )?option '--bogus'" \
    "unknown option message"

finish
