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

finish
