#!/bin/sh
# Zone-less local logs across DST transitions in two zones, and a log
# whose entries are out of order: windows against the truth written into
# each line, with and without an index.  Lines are written by date(1)
# from their true instant.  Around a fall-back the repeated hour's second
# copy is read with the first offset (a known limit, see the man page),
# so fall-back windows stay clear of the repeated hour.
. "$top_srcdir/tests/cli/lib.sh"

# gen ZONE T  lines every 10 minutes from T-3h to T+3h (T in UTC
# seconds), local wall time, zone-less, with " truth=SECONDS".
gen() {
	t=$(($2 - 10800))
	while [ $t -le $(($2 + 10800)) ]; do
		printf '%s app: tick truth=%d\n' \
		    "$(TZ=$1 date -d "@$t" '+%Y-%m-%d %H:%M:%S')" $t
		t=$((t + 600))
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
		if [ "$kind" = spring ]; then
			window "$zone" "$log" $((t0 - 1800)) $((t0 + 1800)) \
			    "$zone $kind/$idx: across the gap" --index=$idx
			window "$zone" "$log" $((t0 - 10800)) $((t0 + 10801)) \
			    "$zone $kind/$idx: all" --index=$idx
		fi
	done
}

# 2026-03-08 07:00Z (New York 02:00 EST -> 03:00 EDT),
# 2026-11-01 06:00Z (New York 02:00 EDT -> 01:00 EST),
# 2026-03-29 01:00Z (Berlin 02:00 CET -> 03:00 CEST),
# 2026-10-25 01:00Z (Berlin 03:00 CEST -> 02:00 CET).
transition America/New_York 1772953200 spring
transition America/New_York 1793512800 fall
transition Europe/Berlin 1774746000 spring
transition Europe/Berlin 1792890000 fall

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
