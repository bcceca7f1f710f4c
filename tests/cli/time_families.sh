#!/bin/sh
# Every family of timestamps the grammar reads, in a log generated in the
# style of the system that writes it (tsgen.awk, which writes each entry's
# true instant into its line): detected without configuration, and time
# windows sliced exactly against that truth, with and without an index,
# including a window that starts at an entry whose seconds have one digit
# and one before the first entry; and the timestamp pasted from a line
# into --since selects from that line on.
. "$top_srcdir/tests/cli/lib.sh"

GEN="$top_srcdir/tests/cli/tsgen.awk"

# truth LOG SINCE UNTIL  the lines whose entry's truth is in [SINCE,
# UNTIL), nanoseconds ("" = open), compared as strings of equal width.
truth() {
	awk -v since="$2" -v until="$3" '
	/ truth=[0-9]+$/ {
		t = "x" substr($0, index($0, " truth=") + 7)
		sel = (since == "" || t >= "x" since) && (until == "" || t < "x" until)
	}
	{ if (sel) print }' "$1"
}

# at NS  the time NS (nanoseconds) as --since takes it.
at() {
	printf '@%d.%09d' $(($1 / 1000000000)) $(($1 % 1000000000))
}

# window LABEL LOG SINCE UNTIL [OPTIONS...]  slice == truth.
window() {
	label=$1 wl=$2 ws=$3 wu=$4
	shift 4
	checks=$((checks + 1))
	truth "$wl" "$ws" "$wu" >"$T/want"
	"$LOGSCAN" slice "$@" --since "$(at "$ws")" --until "$(at "$wu")" \
	    "$wl" >"$T/got" 2>"$T/err"
	if ! cmp -s "$T/want" "$T/got"; then
		fail "$label: [$ws, $wu) $*"
		diff "$T/want" "$T/got" | head -6 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

# family FAM READING PASTE [OPTIONS...]
family() {
	fam=$1 reading=$2 paste=$3
	shift 3
	log="$T/$fam.log"
	awk -v fam="$fam" -v n=120 -v seed=7 -v paste="$T/paste" -f "$GEN" \
	    >"$log" || { fail "$fam: generator"; return; }
	"$LOGSCAN" info "$@" "$log" >"$T/info" 2>&1
	expect_grep "$T/info" "^time_format: $reading\$" "$fam: detected as $reading"
	sed -n 's/.* truth=\([0-9]*\)$/\1/p' "$log" >"$T/truths"
	first=$(sed -n 1p "$T/truths")
	last=$(sed -n '$p' "$T/truths")
	# The first entry after the first whose seconds have one digit.
	k=$(awk '{ s = int($1 / 1000000000) % 60 } NR > 1 && s < 10 { print NR; exit }' "$T/truths")
	one=$(sed -n "${k}p" "$T/truths")
	mid1=$(sed -n 30p "$T/truths")
	mid2=$(sed -n 70p "$T/truths")
	for idx in never auto; do
		rm -f "$log.lsidx"
		if [ $idx = auto ]; then
			"$LOGSCAN" index --group-lines 16 "$@" "$log" 2>"$T/err" ||
			    fail "$fam: index"
		fi
		window "$fam/$idx: one-digit seconds" "$log" "$one" \
		    $((one + 600000000000)) --index=$idx "$@"
		window "$fam/$idx: middle" "$log" $((mid1 + 1)) "$mid2" \
		    --index=$idx "$@"
		window "$fam/$idx: all" "$log" "$first" $((last + 1)) \
		    --index=$idx "$@"
		expect_status 1 "$fam/$idx: before the first entry" "$LOGSCAN" \
		    slice --index=$idx "$@" --since "$(at $((first - 7200000000000)))" \
		    --until "$(at "$first")" "$log"
		expect_empty "$T/out" "$fam/$idx: nothing before the first entry"
	done
	if [ "$paste" = ambiguous ]; then
		# Day 12 reads both ways: an error, not a guess; day 13 does not.
		text=$(sed -n "${k}p" "$T/paste")
		expect_status 2 "$fam: pasted '$text'" "$LOGSCAN" slice "$@" \
		    --since "$text" "$log"
		expect_grep "$T/err" "ambiguous date: day/month or month/day" \
		    "$fam: the paste is ambiguous"
		text=$(sed -n '$p' "$T/paste")
		expect_status 0 "$fam: pasted '$text'" "$LOGSCAN" slice \
		    --index=never "$@" --since "$text" "$log"
		truth "$log" "$last" "" >"$T/want"
		expect_same "$T/want" "$T/out" "$fam: pasted '$text' selects the last"
	fi
	if [ "$paste" = paste ]; then
		# Paste the timestamp of entry k as the line writes it.
		text=$(sed -n "${k}p" "$T/paste")
		checks=$((checks + 1))
		"$LOGSCAN" slice --index=never "$@" --since "$text" \
		    --until "$(at $((one + 600000000000)))" "$log" >"$T/got" \
		    2>"$T/err"
		truth "$log" "$one" $((one + 600000000000)) >"$T/want"
		if ! cmp -s "$T/want" "$T/got"; then
			fail "$fam: pasted --since '$text'"
			diff "$T/want" "$T/got" | head -4 >&2
			sed 's/^/  stderr: /' "$T/err" >&2
		fi
	fi
}

family iso8601 iso8601 paste
family iso-offset iso8601 paste
family unpadded iso8601 paste
family log4j iso8601 paste
family serilog iso8601 paste
family cbs iso8601 paste
family w3c iso8601 paste
family postgres iso8601 paste
family rfc5424 rfc5424 paste
family rfc3164 rfc3164 paste --year 2026
family apache-access apache-access paste
family date apache-error paste
family apache-error apache-error paste
family go yyyy/mm/dd paste
family tomcat dd-mon-yyyy paste
family redis dd-mon-yyyy paste
family jul mon-dd-yyyy paste
family dmy dd/mm/yyyy ambiguous
family mdy mm/dd/yyyy ambiguous
family klog klog paste --year 2026
family logcat logcat paste --year 2026
family zap json -
family pino json -
family journald json -
family bunyan json -
family tai64n tai64n -
family epoch epoch -
family strace epoch -
family ordinal iso8601 paste
family w3c-quoted w3c-quoted -
family uwsgi uwsgi paste
family ansi iso8601 -
printf 'zone-aliases:\n  IST: "+05:30"\n' >"$T/ist.yaml"
family ist iso8601 paste --config "$T/ist.yaml"
finish
