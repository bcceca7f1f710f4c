#!/bin/sh
# make bench (and make bench-merge): --merge on four generated ISO logs of
# BENCH_MSIZE (default 512M) each, made once in BENCH_DIR (issue 20).
#
#  1. Whole merge: logscan slice --merge --no-filename against
#     LC_ALL=C sort -m -s -k1,1 on the same files (sort is right only
#     for lines that each start with a sortable timestamp; the logs' stack
#     trace lines make its output differ, not its work).  Target: logscan
#     at most 1.0x sort's time.
#  2. An indexed one-hour merged slice across the four.  Target: 20 ms.
#     The CPU time of each part (perf stat -e task-clock, when perf runs)
#     says what holds it back on a loaded machine.
#
# Times are medians of BENCH_RUNS runs after a warm-up, wall clock; output
# goes through a pipe to cat.  The machine is shared: compare the ratio.
set -eu
: "${LOGSCAN:?}" "${GENLOG:?}" "${BENCH_DIR:?}"
: "${BENCH_MSIZE:=512M}" "${BENCH_RUNS:=3}"
LC_ALL=C
TZ=UTC
export LC_ALL TZ

mkdir -p "$BENCH_DIR"
files=""
for i in 1 2 3 4; do
	f="$BENCH_DIR/merge-$BENCH_MSIZE-$i.log"
	if [ ! -s "$f" ]; then
		echo "Generating $f (once) ..."
		"$GENLOG" --size "$BENCH_MSIZE" --seed "$i" >"$f.tmp"
		mv "$f.tmp" "$f"
	fi
	cat "$f" >/dev/null
	files="$files '$f'"
done

# time_cmd COMMAND: median wall-clock seconds of BENCH_RUNS runs after a
# warm-up run.
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
	    END { printf "%.4f\n", v[int((NR + 1) / 2)] / 1e6 }'
}

# cpu_ms COMMAND: task-clock milliseconds (all threads), or "-".
cpu_ms() {
	if command -v perf >/dev/null 2>&1 &&
	    perf stat -x, -e task-clock -r "$BENCH_RUNS" sh -c "$1" \
	    >/dev/null 2>"$BENCH_DIR/perf.csv"; then
		awk -F, '/task-clock/ { printf "%.1f\n", $1; exit }' \
		    "$BENCH_DIR/perf.csv"
	else
		echo -
	fi
}

L="'$LOGSCAN'"
echo "== --merge: four $BENCH_MSIZE ISO logs; load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
merge_cmd="$L slice --merge --no-filename $files | cat"
sort_cmd="sort -m -s -k1,1 $files | cat"
tm=$(time_cmd "$merge_cmd")
ts=$(time_cmd "$sort_cmd")
printf 'whole merge: logscan %.3f s (cpu %s ms), sort -m %.3f s (cpu %s ms): %.2fx (target <= 1.0x)\n' \
    "$tm" "$(cpu_ms "$merge_cmd")" "$ts" "$(cpu_ms "$sort_cmd")" \
    "$(awk -v a="$tm" -v b="$ts" 'BEGIN { print a / b }')"

for f in $files; do
	eval "set -- $f"
	"$LOGSCAN" index -q "$1" >/dev/null
done
slice_cmd="$L slice --merge --since '2026-03-15 10:00' --until +1h $files | cat"
one_cmd="$L slice --since '2026-03-15 10:00' --until +1h $(echo "$files" |
    cut -d' ' -f2) | cat"
t1=$(time_cmd "$slice_cmd")
printf 'indexed one-hour merged slice: %.1f ms (cpu %s ms; one file without --merge: cpu %s ms) (target <= 20 ms)\n' \
    "$(awk -v a="$t1" 'BEGIN { print a * 1000 }')" "$(cpu_ms "$slice_cmd")" \
    "$(cpu_ms "$one_cmd")"
