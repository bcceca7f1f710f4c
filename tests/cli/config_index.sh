#!/bin/sh
# A config format and the index: times indexed in the format's own zone,
# an edited format (regex, layout, zone) or another position rule making
# the old index's times unusable, long format names.
. "$top_srcdir/tests/cli/lib.sh"

# check WANT DESC SLICE-ARGS...  slice must print exactly WANT's lines
check() {
	want=$1 desc=$2
	shift 2
	checks=$((checks + 1))
	"$LOGSCAN" slice "$@" >"$T/got" 2>"$T/err"
	if ! cmp -s "$want" "$T/got"; then
		fail "$desc"
		diff "$want" "$T/got" | head -10 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

# ---- a format with its own timezone, run in UTC, one line per group
cat >"$T/gw.yaml" <<'YAML'
formats:
  - name: gw
    regex: ^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)
    layout: "%Y-%m-%d %H:%M:%S"
    timezone: Europe/Berlin
YAML
printf '2026-03-01 09:00:00 a\n2026-03-01 10:00:00 b\n2026-03-01 11:00:00 c\n' \
    >"$T/gw.log"
printf '2026-03-01 10:00:00 b\n' >"$T/want"
for pass in "no index" "index"; do
	if [ "$pass" = index ]; then
		expect_status 0 "index gw" "$LOGSCAN" index --config \
		    "$T/gw.yaml" --group-lines 1 "$T/gw.log"
	fi
	check "$T/want" "format zone, $pass" --config "$T/gw.yaml" --utc \
	    --since "2026-03-01 08:30" --until "2026-03-01 09:30" "$T/gw.log"
done

# ---- an edited format: the old index's times are not used
cat >"$T/v1.yaml" <<'YAML'
formats:
  - name: app
    regex: ^\[(\S+ \S+)\]
    layout: "%Y/%d/%m %H:%M"
YAML
sed 's|%Y/%d/%m|%Y/%m/%d|' "$T/v1.yaml" >"$T/v2.yaml"
printf '[2026/03/01 10:00] a\n[2026/03/02 10:00] b\n[2026/03/03 10:00] c\n' \
    >"$T/app.log"
printf '[2026/03/02 10:00] b\n' >"$T/want"
expect_status 0 "index app with v1" "$LOGSCAN" index --config "$T/v1.yaml" \
    --group-lines 1 "$T/app.log"
expect_status 0 "info with v2" "$LOGSCAN" info --config "$T/v2.yaml" \
    "$T/app.log"
expect_grep "$T/out" '^  times_usable: false$' "another layout: times unusable"
check "$T/want" "another layout" --config "$T/v2.yaml" --utc \
    --since 2026-03-02 --until 2026-03-03 "$T/app.log"
# the same for the regex and the zone
expect_status 0 "index app with v2" "$LOGSCAN" index --config "$T/v2.yaml" \
    --group-lines 1 "$T/app.log"
sed 's|(\\S+ \\S+)|(\\S+ [^]]+)|' "$T/v2.yaml" >"$T/v3.yaml"
expect_status 0 "info with another regex" "$LOGSCAN" info --config \
    "$T/v3.yaml" "$T/app.log"
expect_grep "$T/out" '^  times_usable: false$' "another regex: times unusable"
printf '    timezone: Asia/Tokyo\n' | cat "$T/v2.yaml" - >"$T/v4.yaml"
expect_status 0 "info with a zone" "$LOGSCAN" info --config "$T/v4.yaml" \
    "$T/app.log"
expect_grep "$T/out" '^  times_usable: false$' "a zone: times unusable"
expect_status 0 "info with v2 again" "$LOGSCAN" info --config "$T/v2.yaml" \
    "$T/app.log"
expect_grep "$T/out" '^  times_usable: true$' "the same format: usable"

# ---- a name longer than the index's name field still matches itself
name=a_rather_long_but_reasonable_format_name_of_48_chars
sed "s/name: app/name: $name/" "$T/v2.yaml" >"$T/long.yaml"
expect_status 0 "index with a long name" "$LOGSCAN" index --config \
    "$T/long.yaml" "$T/app.log"
expect_status 0 "info with a long name" "$LOGSCAN" info --config \
    "$T/long.yaml" "$T/app.log"
expect_grep "$T/out" '^  freshness: fresh$' "long name: fresh"
expect_grep "$T/out" '^  times_usable: true$' "long name: times usable"

# ---- the position rule changes as the log grows: a fixed column at
# first, a search once lines with a level before the time are appended.
# The quoted time on line 11 is an entry of its own only when searching.
: >"$T/grow.log"
for i in 0 1 2 3 4 5 6 7 8 9; do
	echo "2026-03-01T10:00:0$i entry $i" >>"$T/grow.log"
done
echo "  at 2026-03-01T12:00:00 quoted" >>"$T/grow.log"
expect_status 0 "index grow (fixed column)" "$LOGSCAN" index \
    --group-lines 1 "$T/grow.log"
for i in 0 1 2 3 4; do
	echo "INFO 2026-03-01T10:00:1$i more $i" >>"$T/grow.log"
done
"$LOGSCAN" slice --index=never --utc --since 2026-03-01T12:00 \
    --until 2026-03-01T13:00 "$T/grow.log" >"$T/want" 2>"$T/err"
expect_grep "$T/want" 'quoted' "searching finds the quoted time"
check "$T/want" "another position rule" --utc --since 2026-03-01T12:00 \
    --until 2026-03-01T13:00 "$T/grow.log"
expect_status 0 "index grow again" "$LOGSCAN" index --group-lines 1 \
    "$T/grow.log"
check "$T/want" "another position rule, rebuilt" --utc \
    --since 2026-03-01T12:00 --until 2026-03-01T13:00 "$T/grow.log"

finish
