#!/bin/sh
# make bench, time part: on the generated 30-day log (the same file the
# grep benchmark uses), time
#   - building the index, timestamps included, against wc -l;
#   - a one-hour slice from the middle of the month with a fresh index,
#     without one (--index=never), and the best grep can do: grep -E on the
#     timestamp prefix (which misses the stack-trace lines of the entries);
# and show the --stats line of the indexed slice, whose mapped share must
# stay under 1% of the file.  Output goes through a pipe to cat, as GNU
# grep stops early when its output is /dev/null.
set -eu
: "${LOGSCAN:?}" "${GENLOG:?}" "${BENCH_DIR:?}"
: "${BENCH_SIZE:=2G}" "${BENCH_RUNS:=5}" "${BENCH_SEED:=1}"
LC_ALL=C
TZ=UTC
export LC_ALL TZ

mkdir -p "$BENCH_DIR"
log="$BENCH_DIR/bench-$BENCH_SIZE.log"
if [ ! -s "$log" ]; then
	echo "Generating a $BENCH_SIZE log in $log (once) ..."
	"$GENLOG" --size "$BENCH_SIZE" --seed "$BENCH_SEED" >"$log.tmp"
	mv "$log.tmp" "$log"
fi
size=$(wc -c <"$log" | tr -d ' ')
cat "$log" >/dev/null
idx="$BENCH_DIR/time-index"
rm -rf "$idx"
mkdir -p "$idx"

# genlog spreads 30 days from 2026-03-01; the middle day's 10 o'clock hour.
since=2026-03-15T10:00:00Z
prefix='^2026-03-15T10:'

# time_cmd COMMAND: median wall-clock seconds of BENCH_RUNS runs after a
# warm-up run.
if command -v hyperfine >/dev/null 2>&1; then
	time_cmd() {
		hyperfine -w 1 -r "$BENCH_RUNS" -N --style none \
		    --export-csv "$BENCH_DIR/t.csv" "sh -c \"$1\"" \
		    >/dev/null 2>&1 || { echo nan; return; }
		awk -F, 'NR == 2 { print $(NF - 4) }' "$BENCH_DIR/t.csv"
	}
	timer="hyperfine, median of $BENCH_RUNS runs after a warm-up"
else
	time_cmd() {
		sh -c "$1" >/dev/null 2>&1 || true
		i=0
		while [ "$i" -lt "$BENCH_RUNS" ]; do
			t0=$(date +%s%N)
			sh -c "$1" >/dev/null 2>&1 || true
			t1=$(date +%s%N)
			echo "$(((t1 - t0) / 1000))"
			i=$((i + 1))
		done | sort -n | awk '{ v[NR] = $1 }
		    END { print v[int((NR + 1) / 2)] / 1e6 }'
	}
	timer="date, median of $BENCH_RUNS runs after a warm-up"
fi

L="'$LOGSCAN'"
Q="'$log'"
I="--index-dir '$idx'"

echo "Time queries on $log ($size bytes; $timer)"
t_wc=$(time_cmd "wc -l $Q")
t_build=$(time_cmd "$L index --force $I $Q")
# Leave one fresh index for the queries.
sh -c "$L index $I $Q"
t_idx=$(time_cmd "$L slice $I --since $since --until +1h $Q | cat >/dev/null")
t_never=$(time_cmd "$L slice --index=never --since $since --until +1h $Q | cat >/dev/null")
t_grep=$(time_cmd "grep -E '$prefix' $Q | cat >/dev/null")
lines=$(sh -c "$L slice $I --since $since --until +1h $Q" | wc -l)
glines=$(grep -cE "$prefix" "$log" || true)
stats=$(sh -c "$L slice --stats $I --since $since --until +1h $Q" 2>&1 \
    >/dev/null)

awk -v wc="$t_wc" -v b="$t_build" -v i="$t_idx" -v n="$t_never" \
    -v g="$t_grep" -v l="$lines" -v gl="$glines" 'BEGIN {
	printf "  %-44s %9.3f s\n", "wc -l", wc
	printf "  %-44s %9.3f s  (%.1fx wc -l)\n", \
	    "logscan index (with timestamps)", b, b / wc
	printf "  %-44s %9.3f ms (%d lines)\n", \
	    "slice one hour, fresh index", i * 1000, l
	printf "  %-44s %9.3f s  (%.0fx the indexed slice)\n", \
	    "slice one hour, --index=never", n, n / i
	printf "  %-44s %9.3f s  (%.0fx; %d lines, no stack traces)\n", \
	    "grep -E on the timestamp prefix", g, g / i, gl
}'
echo "  --stats: $stats"
share=$(printf '%s\n' "$stats" |
    sed -n 's/.*mapped \([0-9]*\) bytes.*/\1/p')
if [ -n "$share" ] && [ "$share" -lt $((size / 100)) ]; then
	echo "  target met: under 1% of the file mapped"
else
	echo "  TARGET MISSED: 1% of the file mapped"
fi
rm -rf "$idx" "$BENCH_DIR/t.csv"
