#!/bin/sh
# slice --since/--until on every sample log in testdata/time, against the
# answer tests/cli/timeref.awk computes without logscan: ranges whose
# bounds fall exactly on, just after and between entry times, before the
# first and after the last entry, and empty ones; each without an index
# and with indexes of 2- and 5-line groups, so that groups begin and end
# inside multi-line entries.
. "$top_srcdir/tests/cli/lib.sh"

REF="$top_srcdir/tests/cli/timeref.awk"

# at MICROSECONDS  the time expression logscan reads as that instant
at() {
	printf '@%d.%06d' $(($1 / 1000000)) $(($1 % 1000000))
}

# check LOG FMT SINCE UNTIL LABEL [OPTIONS...]  (bounds in microseconds)
check() {
	log=$1 fmt=$2 s=$3 u=$4 label=$5
	shift 5
	checks=$((checks + 1))
	awk -v fmt="$fmt" -v since="$s" -v until="$u" -v year=2026 \
	    -f "$REF" "$log" >"$T/want"
	"$LOGSCAN" slice --since "$(at "$s")" --until "$(at "$u")" "$@" \
	    "$log" >"$T/got" 2>"$T/err"
	st=$?
	# until before since is a usage error (nothing printed)
	if [ "$u" -lt "$s" ]; then
		want_st=2
	elif [ -s "$T/want" ]; then
		want_st=0
	else
		want_st=1
	fi
	if [ "$st" -ne "$want_st" ] || ! cmp -s "$T/want" "$T/got"; then
		fail "$label: $(basename "$log") [$s, $u) $* (exit $st)"
		diff "$T/want" "$T/got" | head -5 >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

# ranges LOG FMT LABEL [OPTIONS...]
ranges() {
	log=$1 fmt=$2 label=$3
	shift 3
	awk -v fmt="$fmt" -v keys=1 -v year=2026 -f "$REF" "$log" |
	    sort -n -u >"$T/keys"
	n=$(wc -l <"$T/keys")
	k1=$(sed -n 1p "$T/keys")
	k2=$(sed -n 2p "$T/keys")
	km=$(sed -n "$((n / 2))p" "$T/keys")
	kl1=$(sed -n "$((n - 1))p" "$T/keys")
	kl=$(sed -n "${n}p" "$T/keys")
	# before the first entry; exactly its time; and just after it
	check "$log" "$fmt" $((k1 - 60000000)) "$k1" "$label" "$@"
	check "$log" "$fmt" $((k1 - 60000000)) $((k1 + 1)) "$label" "$@"
	check "$log" "$fmt" "$k1" "$k2" "$label" "$@"
	check "$log" "$fmt" $((k1 + 1)) "$km" "$label" "$@"
	# the middle, on and between entry times
	check "$log" "$fmt" "$k2" "$km" "$label" "$@"
	check "$log" "$fmt" "$km" "$kl1" "$label" "$@"
	check "$log" "$fmt" $((km + 1)) $((kl1 + 1)) "$label" "$@"
	check "$log" "$fmt" $(((k2 + km) / 2)) $(((km + kl) / 2)) "$label" "$@"
	# the end and past it
	check "$log" "$fmt" "$kl1" "$kl" "$label" "$@"
	check "$log" "$fmt" "$kl" $((kl + 1)) "$label" "$@"
	check "$log" "$fmt" $((kl + 1)) $((kl + 60000000)) "$label" "$@"
	check "$log" "$fmt" $((k1 - 60000000)) $((kl + 60000000)) "$label" \
	    "$@"
	# empty: since == until; an error: since after until
	check "$log" "$fmt" "$km" "$km" "$label" "$@"
	check "$log" "$fmt" "$kl" "$k1" "$label" "$@"
}

for f in "$TESTDATA"/time/*.log; do
	name=$(basename "$f" .log)
	case $name in
	rfc3164-newyear) fmt=rfc3164 year="--year 2026" ;;
	unsorted) fmt=iso-z year="" ;;
	*) fmt=$name year="" ;;
	esac
	cp "$f" "$T/$name.log"
	log="$T/$name.log"
	# shellcheck disable=SC2086
	ranges "$log" "$fmt" "no index" $year
	# shellcheck disable=SC2086
	"$LOGSCAN" index --group-lines 2 $year "$log" || fail "index $name"
	# shellcheck disable=SC2086
	ranges "$log" "$fmt" "2-line groups" $year
	# shellcheck disable=SC2086
	"$LOGSCAN" index --group-lines 5 $year "$log" || fail "index $name"
	# shellcheck disable=SC2086
	ranges "$log" "$fmt" "5-line groups" $year
done
finish
