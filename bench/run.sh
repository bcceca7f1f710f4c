#!/bin/sh
# make bench: time logscan grep against GNU grep and ripgrep (each only if
# installed) on a generated log, single-threaded, with the file in the page
# cache.  Prints the median of several runs of each command, the ratio of
# logscan's time to each peer's from the same run, whether the targets are
# met, and the peak resident memory of a full scan.
#
# Every command's output goes through a pipe to cat: GNU grep notices when
# its standard output is /dev/null and stops at the first match, which
# would time nothing.  All tools run in the C locale.
set -eu
: "${LOGSCAN:?}" "${GENLOG:?}" "${BENCH_DIR:?}"
: "${BENCH_SIZE:=2G}" "${BENCH_RUNS:=5}" "${BENCH_SEED:=1}"
LC_ALL=C
export LC_ALL

mkdir -p "$BENCH_DIR"
log="$BENCH_DIR/bench-$BENCH_SIZE.log"
now() { date +%s%N; }

if [ ! -s "$log" ]; then
	echo "Generating a $BENCH_SIZE log in $log (once) ..."
	"$GENLOG" --size "$BENCH_SIZE" --seed "$BENCH_SEED" >"$log.tmp"
	mv "$log.tmp" "$log"
fi
size=$(wc -c <"$log" | tr -d ' ')
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null ||
    echo 0)
if [ "${avail:-0}" -gt 0 ] && [ "$avail" -lt $((size / 1024)) ]; then
	echo "warning: the log is $size bytes but only $avail KiB of" \
	    "memory is available: it will not stay in the page cache" >&2
fi
cat "$log" >/dev/null

# The peers: each runs on one core.
tools="logscan"
if grep --version 2>/dev/null | grep -q 'GNU grep'; then
	tools="$tools grep"
fi
if command -v rg >/dev/null 2>&1; then
	tools="$tools rg"
fi

# cmd TOOL ARGS...: the command line for TOOL (ERE for grep and logscan).
cmd() {
	tool=$1
	shift
	case $tool in
	logscan) printf "'%s' grep -E" "$LOGSCAN" ;;
	grep) printf 'grep -E' ;;
	rg) printf 'rg -j1 --no-config' ;;
	esac
	for a in "$@"; do
		printf " '%s'" "$a"
	done
	printf " '%s' | cat >/dev/null" "$log"
}

# median SECONDS...: the middle value (the mean of the two middle ones).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2];
		  else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# time_cmd COMMAND: median wall-clock seconds of BENCH_RUNS runs after one
# warm-up run.
if command -v hyperfine >/dev/null 2>&1; then
	time_cmd() {
		hyperfine -w 1 -r "$BENCH_RUNS" --style none \
		    --export-csv "$BENCH_DIR/h.csv" "$1" \
		    >/dev/null 2>&1 || { echo "nan"; return; }
		# command,mean,stddev,median,user,system,min,max: counted
		# from the end, as the command may hold commas.
		awk -F, 'NR == 2 { print $(NF - 4) }' "$BENCH_DIR/h.csv"
	}
	timer="hyperfine, median of $BENCH_RUNS runs after a warm-up"
else
	time_cmd() {
		sh -c "$1" || true
		ts=""
		i=0
		while [ $i -lt "$BENCH_RUNS" ]; do
			t0=$(now)
			sh -c "$1" || true
			t1=$(now)
			ts="$ts $(awk -v d=$((t1 - t0)) 'BEGIN { print d / 1e9 }')"
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		median $ts
	}
	timer="date +%s%N, median of $BENCH_RUNS runs after a warm-up"
fi

echo "logscan bench: $log ($size bytes, in the page cache)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null |
    sed 's/.*: //'), $(nproc 2>/dev/null || echo ?) cores;" \
    "timing: $timer; LC_ALL=C"
for t in $tools; do
	case $t in
	logscan) echo "  logscan: $("$LOGSCAN" --version)" ;;
	grep) echo "  grep:    $(grep --version | head -n 1)" ;;
	rg) echo "  rg:      $(rg --version | head -n 1) (-j1)" ;;
	esac
done
echo

printf '%-30s' "query"
for t in $tools; do
	printf '%10s' "$t"
done
for t in $tools; do
	[ "$t" = logscan ] || printf '%12s' "vs $t"
done
printf '  %s\n' "target"

missed=0
# query NAME LITERAL ARGS...: LITERAL is 1 for literal queries (held to
# 1.5x of rg), 0 otherwise.
query() {
	name=$1 literal=$2
	shift 2
	printf '%-30s' "$name"
	lt=""
	res=""
	for t in $tools; do
		s=$(time_cmd "$(cmd "$t" "$@")")
		printf '%9.3fs' "$s"
		res="$res $t=$s"
		[ "$t" = logscan ] && lt=$s
	done
	verdict="ok"
	for t in $tools; do
		[ "$t" = logscan ] && continue
		pt=$(printf '%s\n' $res | sed -n "s/^$t=//p")
		r=$(awk -v a="$lt" -v b="$pt" 'BEGIN { printf "%.2f", a / b }')
		printf '%11sx' "$r"
		if [ "$t" = grep ] && awk -v r="$r" 'BEGIN { exit !(r > 1.0) }'
		then
			verdict="MISSED (slower than grep)"
		fi
		if [ "$t" = rg ] && [ "$literal" = 1 ] &&
		    awk -v r="$r" 'BEGIN { exit !(r > 1.5) }'; then
			verdict="MISSED (over 1.5x rg)"
		fi
	done
	[ "$verdict" = ok ] || missed=$((missed + 1))
	printf '  %s\n' "$verdict"
}

# The answers must agree before the times mean anything.
check_same() {
	want=""
	for t in $tools; do
		got=$(sh -c "$(cmd "$t" "$@" | sed 's/ | cat >\/dev\/null$//')" |
		    cksum)
		if [ -n "$want" ] && [ "$got" != "$want" ]; then
			echo "warning: $t answers '$*' differently" >&2
		fi
		want=$got
	done
}

REGEX='upstream [0-9.]+ took [0-9]{4,}ms'
for q in "-c ZX81QUARK" "-c PaymentGateway" "-ci timeout" "-vc INFO"; do
	# shellcheck disable=SC2086
	check_same $q
done
check_same -c "$REGEX"
check_same PaymentGateway

query "rare literal (-c)" 1 -c ZX81QUARK
query "common literal (-c)" 1 -c PaymentGateway
query "case-insensitive literal" 1 -ci timeout
query "regex, classes+repetition" 0 -c "$REGEX"
query "inverted count (-vc)" 0 -vc INFO
query "full output | cat" 1 PaymentGateway

echo
echo "ratio: logscan's median time / the peer's (below 1: logscan is faster)"
echo "targets: never slower than grep; within 1.5x of rg -j1 on literals"

# Peak memory of a full scan: the rare literal reads the whole file.
if [ -x /usr/bin/time ]; then
	echo
	echo "peak resident memory of a full scan (/usr/bin/time -v):"
	for t in $tools; do
		c=$(cmd "$t" -c ZX81QUARK | sed 's/ | cat >\/dev\/null$//')
		kb=$(sh -c "/usr/bin/time -v $c" 2>&1 >/dev/null |
		    awk -F: '/Maximum resident set size/ { print $2 + 0 }')
		printf '  %-8s %8s KiB\n' "$t" "$kb"
		[ "$t" = logscan ] && lkb=$kb
	done
	limit=$((3 * 32 * 1024))
	if [ "${lkb:-0}" -lt "$limit" ]; then
		echo "  logscan stays under 3 windows (3 x 32 MiB = $limit KiB)"
	else
		echo "  MISSED: logscan uses more than 3 windows ($limit KiB)"
		missed=$((missed + 1))
	fi
fi

echo
if [ $missed -eq 0 ]; then
	echo "all targets met"
else
	echo "$missed target(s) missed"
fi
echo "The log stays in $BENCH_DIR; 'make clean' removes it."
