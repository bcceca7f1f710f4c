#!/bin/sh
# Time queries with a config: its formats slice logs no built-in format
# reads (a year-less proxy log across New Year, epoch seconds in the fifth
# field, a Berlin wall clock), the same with and without an index; its
# timezone moves an answer by exactly the zone's offset; flags beat it.
. "$top_srcdir/tests/cli/lib.sh"

example="$TESTDATA/config/example.yaml"

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

# lines FILE A B  lines A to B of FILE into $T/want
lines() {
	sed -n "$2,$3p" "$1" >"$T/want"
}

# ---- [MM.DD HH:MM:SS], no year: the example's proxy format
log="$T/proxy.log"
cp "$TESTDATA/config/proxy.log" "$log"
touch -d "2026-01-01 06:00:00 UTC" "$log" # December is 2025
for pass in "no index" "index"; do
	if [ "$pass" = index ]; then
		expect_status 0 "index the proxy log" "$LOGSCAN" index \
		    --config "$example" --index-dir "$T/idx" --group-lines 3 \
		    "$log"
	fi
	lines "$log" 3 9
	check "$T/want" "proxy across New Year ($pass)" --config "$example" \
	    --index-dir "$T/idx" --since "2025-12-31 23:59:00" \
	    --until "2026-01-01 00:00:03" "$log"
	lines "$log" 7 11
	check "$T/want" "proxy from a multi-line entry ($pass)" --config \
	    "$example" --index-dir "$T/idx" --since "2026-01-01 00:00:02" \
	    --until "2026-01-01 00:01:00" "$log"
	lines "$log" 6 13
	check "$T/want" "proxy to the end ($pass)" --config "$example" \
	    --index-dir "$T/idx" --since "2026-01-01 00:00:00" "$log"
	: >"$T/want"
	check "$T/want" "proxy before the first line ($pass)" --config \
	    "$example" --index-dir "$T/idx" --until "2025-12-31 23:00:00" \
	    "$log"
done
"$LOGSCAN" slice --config "$example" --index-dir "$T/idx" --stats \
    --since "2026-01-01 00:00:31" --until "2026-01-01 00:01:00" "$log" \
    >/dev/null 2>"$T/err"
expect_grep "$T/err" 'index fresh' "the index answers the proxy slice"
"$LOGSCAN" info --config "$example" --index-dir "$T/idx" "$log" >"$T/info"
expect_grep "$T/info" '^time_format: proxy$' "info: the config's format"
expect_grep "$T/info" '^  first: "2025-12-31T23:58:41Z"$' "info: first"
expect_grep "$T/info" '^  last: "2026-01-01T00:01:47Z"$' "info: last"
# Without the config no format reads the log.
expect_status 2 "proxy without the config" "$LOGSCAN" slice --no-config \
    --since "2026-01-01 00:00:00" "$log"
expect_grep "$T/err" 'no timestamps found' "no format without the config"

# ---- epoch seconds in the fifth field
lines "$TESTDATA/config/batch.log" 3 6
check "$T/want" "batch: epoch in the fifth field" --config "$example" \
    --since "2026-03-01 10:00:59" --until "2026-03-01 10:02:00" \
    "$TESTDATA/config/batch.log"
lines "$TESTDATA/config/batch.log" 1 2
check "$T/want" "batch: --time-format names a configured format" \
    --config "$example" --time-format batch --until 2026-03-01T10:00:59Z \
    "$TESTDATA/config/batch.log"

# ---- a format's own zone: the gateway log is Berlin time (CET, +01:00)
lines "$TESTDATA/config/gateway.log" 2 3
check "$T/want" "gateway: its own zone" --config "$example" \
    --since 2026-03-01T09:00:00Z --until 2026-03-01T09:01:00Z \
    "$TESTDATA/config/gateway.log"

# ---- the default zone moves the answer by exactly its offset
app="$T/app.log"
h=9
while [ $h -le 17 ]; do
	printf '2026-03-01 %02d:00:00 INFO tick\n2026-03-01 %02d:30:00 INFO tock\n' \
	    $h $h
	h=$((h + 1))
done >"$app"
for zone in utc Europe/Berlin Asia/Kolkata; do
	printf 'defaults:\n  timezone: %s\n' "$zone" >"$T/$(echo $zone | tr / _).yaml"
done
# [10:00Z, 11:00Z) is 10:00-10:30 UTC, 11:00-11:30 in Berlin (+01:00),
# 15:30-16:00 in Kolkata (+05:30).
grep -E ' 10:(00|30):00 ' "$app" >"$T/want"
check "$T/want" "zone utc" --config "$T/utc.yaml" \
    --since 2026-03-01T10:00:00Z --until 2026-03-01T11:00:00Z "$app"
grep -E ' 11:(00|30):00 ' "$app" >"$T/want"
check "$T/want" "zone Europe/Berlin" --config "$T/Europe_Berlin.yaml" \
    --since 2026-03-01T10:00:00Z --until 2026-03-01T11:00:00Z "$app"
grep -E ' (15:30|16:00):00 ' "$app" >"$T/want"
check "$T/want" "zone Asia/Kolkata" --config "$T/Asia_Kolkata.yaml" \
    --since 2026-03-01T10:00:00Z --until 2026-03-01T11:00:00Z "$app"
# --since and --until without a zone are read in the config's zone too.
grep -E ' 11:(00|30):00 ' "$app" >"$T/want"
check "$T/want" "zone-less bounds in the config's zone" --config \
    "$T/Asia_Kolkata.yaml" --since "2026-03-01 11:00" --until +1h "$app"
"$LOGSCAN" info --config "$T/Asia_Kolkata.yaml" "$app" >"$T/info"
expect_grep "$T/info" '^  first: "2026-03-01T03:30:00Z"$' \
    "info: first line read in Kolkata"

# ---- flags beat the config
grep -E ' 10:(00|30):00 ' "$app" >"$T/want"
check "$T/want" "--utc beats the config's zone" --config \
    "$T/Europe_Berlin.yaml" --utc --since 2026-03-01T10:00:00Z \
    --until 2026-03-01T11:00:00Z "$app"
check "$T/want" "--no-config: local time, TZ=UTC" --no-config \
    --since 2026-03-01T10:00:00Z --until 2026-03-01T11:00:00Z "$app"
printf 'formats:\n  - name: first-two\n    regex: "^(\\\\S+ \\\\S+)"\n    layout: "%%Y-%%d-%%m %%H:%%M:%%S"\n' \
    >"$T/swap.yaml"
# The config's format (day and month swapped) wins detection, so 03-01
# reads as 3 January; --time-format iso8601 puts the built-in back.
: >"$T/want"
check "$T/want" "the config's format wins detection" --config \
    "$T/swap.yaml" --since 2026-03-01T00:00:00Z --until 2026-03-02T00:00:00Z \
    "$app"
check "$app" "--time-format beats the config's formats" --config \
    "$T/swap.yaml" --time-format iso8601 --since 2026-03-01T00:00:00Z \
    --until 2026-03-02T00:00:00Z "$app"
# ---- a regex that backtracks without end: refused when detection hits
# PCRE2's match limit, for a file and for a pipe
cat >"$T/evil.yaml" <<'YAML'
formats:
  - name: evil
    regex: ^(?:a|aa)+(?:a|aa)+X(\d{4}-\d\d-\d\d \d\d:\d\d)
    layout: "%Y-%m-%d %H:%M"
YAML
for i in 1 2 3; do
	echo "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 2026-03-01 10:0$i x"
done >"$T/evil.log"
expect_status 2 "match limit in detection" "$LOGSCAN" slice --config \
    "$T/evil.yaml" --since 2026-03-01 "$T/evil.log"
expect_grep "$T/err" \
    "^logscan: $T/evil.log: 3 sampled lines hit the match limit of format 'evil' \(simplify its regex\)\$" \
    "match limit named"
expect_status 2 "match limit in a pipe" sh -c '"$1" slice --config "$2" \
    --since 2026-03-01 - <"$3"' sh "$LOGSCAN" "$T/evil.yaml" "$T/evil.log"
expect_grep "$T/err" "^logscan: -: 3 sampled lines hit the match limit" \
    "match limit named for a pipe"
# ---- JSON lines with the time after a long message: the regex decides
# where the timestamp is, however far right
cat >"$T/json.yaml" <<'YAML'
formats:
  - name: jtime
    regex: '"time": "([^"]+)"'
    layout: "%Y-%m-%dT%H:%M:%S%z"
YAML
for i in 0 1 2 3 4 5; do
	printf '{"msg": "%s", "time": "2026-03-01T10:0%d:00Z"}\n' \
	    "a message that is long enough to push the time past 64 bytes" "$i"
done >"$T/j.log"
sed -n 3,4p "$T/j.log" >"$T/want"
for pass in "no index" "index"; do
	if [ "$pass" = index ]; then
		expect_status 0 "index the JSON log" "$LOGSCAN" index \
		    --config "$T/json.yaml" --group-lines 2 "$T/j.log"
	fi
	check "$T/want" "time past 64 bytes ($pass)" --config "$T/json.yaml" \
	    --since 2026-03-01T10:02Z --until 2026-03-01T10:04Z "$T/j.log"
done
finish
