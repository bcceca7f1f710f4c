#!/bin/sh
# Zone-less local logs across DST transitions in two zones, and a log
# whose entries are out of order: windows against the truth written into
# each line, with and without an index.  Lines are written by date(1)
# from their true instant.  Around a fall-back the hour that repeats is
# read in file order: its first pass with the summer offset, its second
# (after local time ran back) with the winter one; windows lie inside,
# across and at the edges of both passes, also with an index grown by
# appending across the transition.
. "$top_srcdir/tests/cli/lib.sh"

# gen ZONE T [STEP]  lines every STEP seconds (600) from T-3h to T+3h (T
# in UTC seconds), local wall time, zone-less, with " truth=SECONDS".
gen() {
	t=$(($2 - 10800))
	while [ $t -le $(($2 + 10800)) ]; do
		printf '%s app: tick truth=%d\n' \
		    "$(TZ=$1 date -d "@$t" '+%Y-%m-%d %H:%M:%S')" $t
		t=$((t + ${3:-600}))
	done
}

# window ZONE LOG SINCE UNTIL LABEL [OPTIONS...]  (UTC seconds)
window() {
	zone=$1 wl=$2 ws=$3 wu=$4 label=$5
	shift 5
	checks=$((checks + 1))
	awk -v s="$ws" -v u="$wu" '{ t = substr($NF, 7) + 0 }
	    t >= s && t < u' "$wl" >"$T/want"
	TZ=$zone "$LOGSCAN" slice "$@" --since "@$ws" --until "@$wu" "$wl" \
	    >"$T/got" 2>"$T/err"
	if ! cmp -s "$T/want" "$T/got"; then
		fail "$label [$ws, $wu) $*"
		diff "$T/want" "$T/got" | head -4 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

# transition ZONE T KIND  T: the transition instant in UTC seconds.
transition() {
	zone=$1 t0=$2 kind=$3
	log="$T/dst.log"
	gen "$zone" "$t0" >"$log"
	for idx in never auto; do
		rm -f "$log.lsidx"
		[ $idx = auto ] && { TZ=$zone "$LOGSCAN" index --group-lines 4 \
			"$log" || fail "$zone: index"; }
		window "$zone" "$log" $((t0 - 10800)) $((t0 - 3600)) \
		    "$zone $kind/$idx: before" --index=$idx
		window "$zone" "$log" $((t0 + 3600)) $((t0 + 10801)) \
		    "$zone $kind/$idx: after" --index=$idx
		window "$zone" "$log" $((t0 - 10800)) $((t0 + 10801)) \
		    "$zone $kind/$idx: all" --index=$idx
		if [ "$kind" = spring ]; then
			window "$zone" "$log" $((t0 - 1800)) $((t0 + 1800)) \
			    "$zone $kind/$idx: across the gap" --index=$idx
		fi
	done
}

# fall ZONE T  the repeated hour [T-1h, T) then [T, T+1h) in wall time,
# a line every 150 s, windows inside, across and at the edges of both
# passes; without an index, with one, and with one built on the log's
# first part (up to 20 minutes into the second pass) and then appended.
fall() {
	zone=$1 t0=$2
	log="$T/fall.log"
	gen "$zone" "$t0" 150 >"$log"
	n=$(wc -l <"$log")
	for idx in never auto append; do
		rm -f "$log.lsidx"
		case $idx in
		auto)
			TZ=$zone "$LOGSCAN" index --group-lines 5 "$log" ||
			    fail "$zone: index" ;;
		append)
			head -n $((n / 2 + 8)) "$log" >"$T/part" &&
			    cp "$T/part" "$T/whole" && mv "$T/part" "$log"
			TZ=$zone "$LOGSCAN" index --group-lines 5 "$log" ||
			    fail "$zone: index the first part"
			gen "$zone" "$t0" 150 | tail -n +$((n / 2 + 9)) >>"$log"
			TZ=$zone "$LOGSCAN" index --group-lines 5 "$log" ||
			    fail "$zone: index the appended part"
			rm -f "$T/whole" ;;
		esac
		for w in "-3600 -1800" "-2700 -900" "-900 900" "-1200 1200" \
		    "-3600 0" "0 3600" "900 2700" "1800 3600" "3600 5400" \
		    "-3601 -3599" "-1 1" "3599 3601" "-150 150" "-5400 5400" \
		    "1650 1800" "-1800 -1650"; do
			set -- $w
			window "$zone" "$log" $((t0 + $1)) $((t0 + $2)) \
			    "$zone fall/$idx: [$1, $2)" \
			    --index=$([ $idx = never ] && echo never || echo auto)
		done
	done
	# The index's span agrees with the truth too.
	first=$(head -n 1 "$log" | sed 's/.*truth=//')
	last=$(tail -n 1 "$log" | sed 's/.*truth=//')
	TZ=$zone "$LOGSCAN" info "$log" >"$T/info" 2>&1
	for t in $first $last; do
		grep -q "\"$(date -u -d "@$t" '+%Y-%m-%dT%H:%M:%SZ')\"" \
		    "$T/info" || fail "$zone fall: info lacks @$t"
	done
}

# 2026-03-08 07:00Z (New York 02:00 EST -> 03:00 EDT),
# 2026-11-01 06:00Z (New York 02:00 EDT -> 01:00 EST),
# 2026-03-29 01:00Z (Berlin 02:00 CET -> 03:00 CEST),
# 2026-10-25 01:00Z (Berlin 03:00 CEST -> 02:00 CET).
transition America/New_York 1772953200 spring
transition America/New_York 1793512800 fall
fall America/New_York 1793512800
transition Europe/Berlin 1774746000 spring
transition Europe/Berlin 1792890000 fall
fall Europe/Berlin 1792890000

# Out of order: entries shuffled; every window is still exact, with
# small index groups whose min/max overlap.
log="$T/unsorted.log"
awk 'BEGIN {
	for (i = 0; i < 200; i++) {
		k = (i * 37) % 200
		t = 1772359200 + k * 7
		printf "@%d unsorted entry truth=%d\n", t, t
	}
}' >"$log"
# Write them as ISO times (UTC) with the same truth.
while read -r at rest; do
	printf '%s %s\n' "$(date -u -d "$at" '+%Y-%m-%dT%H:%M:%SZ')" "$rest"
done <"$log" >"$T/iso.log"
for idx in never auto; do
	rm -f "$T/iso.log.lsidx"
	[ $idx = auto ] && { "$LOGSCAN" index --group-lines 8 "$T/iso.log" ||
		fail "unsorted: index"; }
	window UTC "$T/iso.log" 1772359500 1772359900 "unsorted/$idx" \
	    --index=$idx
	window UTC "$T/iso.log" 1772359200 1772360600 "unsorted/$idx: all" \
	    --index=$idx
done
finish
