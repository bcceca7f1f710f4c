#!/bin/sh
# make bench (its last part), or make bench-dask alone: logscan-dask on
# this machine against logscan with all cores, on the bench log.
#
#  1. grep -c ERROR: logscan (all cores) against logscan-dask --local 2
#     (with the start of its throw-away cluster, and without: the query
#     alone, from --stats) and against a cluster already running (a
#     dask-scheduler and two dask-workers on loopback); where the fixed
#     cost goes (python3, import distributed, the local cluster); the
#     per-task overhead, from a run with small tasks; 1000 small files a
#     task each and batched; a bare --range's look-back for a NUL.
#  2. An indexed one-hour --since/--until query: the bytes the plan covers
#     against the file's size, and the slice through logscan-dask.
#
# Skipped when no Python with the distributed module is there.
set -eu
: "${LOGSCAN:?}" "${DASK:?}" "${GENLOG:?}" "${BENCH_DIR:?}"
: "${BENCH_SIZE:=2G}" "${BENCH_SEED:=1}"
LC_ALL=C
TZ=UTC
export LC_ALL TZ

PY=$(sed -n '1s/^#!//p' "$DASK")
echo "== logscan-dask (Dask distributed on this machine)"
if ! $PY -c 'import distributed' 2>/dev/null; then
	echo "  skipped: $PY cannot import distributed"
	exit 0
fi
mkdir -p "$BENCH_DIR"
base="$BENCH_DIR/bench-$BENCH_SIZE.log"
if [ ! -s "$base" ]; then
	echo "Generating a $BENCH_SIZE log in $base (once) ..."
	"$GENLOG" --size "$BENCH_SIZE" --seed "$BENCH_SEED" >"$base.tmp"
	mv "$base.tmp" "$base"
fi
size=$(wc -c <"$base" | tr -d ' ')
work=$(mktemp -d "$BENCH_DIR/dask.XXXXXX")
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# secs CMD: wall seconds of sh -c CMD (its output to a pipe).
secs() {
	t0=$($PY -c 'import time; print(time.time())')
	sh -c "$1" >/dev/null
	$PY -c "import time; print('%.3f' % (time.time() - $t0))"
}
cat "$base" >/dev/null # in the page cache, for every run alike

t_one=$(secs "$LOGSCAN grep -c ERROR '$base' | cat")
t_local=$(secs "$DASK --stats --local 2 grep -c ERROR '$base' 2>'$work/local' | cat")
q_local=$(sed -n 's/.* bytes in \([0-9.]*\) s,.*/\1/p' "$work/local")
imp=$(sed -n 's/.*import \([0-9.]*\) s,.*/\1/p' "$work/local")
clu=$(sed -n 's/.*cluster \([0-9.]*\) s.*/\1/p' "$work/local")
t_py=$(secs "$PY -c pass")

port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bindir=$(dirname "$PY")
sched=$bindir/dask-scheduler
worker=$bindir/dask-worker
"$sched" --host 127.0.0.1 --port "$port" --no-dashboard >"$work/s.log" 2>&1 &
pids="$pids $!"
for w in 1 2; do
	"$worker" "tcp://127.0.0.1:$port" --nthreads 1 --no-dashboard \
	    --local-directory "$work/w$w" >"$work/w$w.log" 2>&1 &
	pids="$pids $!"
done
$PY -c "
import distributed
c = distributed.Client('tcp://127.0.0.1:$port', timeout=60)
c.wait_for_workers(2, timeout=60)
c.close()"
addr=tcp://127.0.0.1:$port
t_run=$(secs "$DASK --stats --scheduler $addr grep -c ERROR '$base' 2>'$work/run' | cat")
q_run=$(sed -n 's/.* bytes in \([0-9.]*\) s,.*/\1/p' "$work/run")
# Small tasks: the cost of a task itself.
small="$work/small.log"
head -c 4M "$base" >"$small"
$DASK --stats --scheduler "$addr" --task-size 16K grep -c ERROR "$small" \
    2>"$work/small" >/dev/null
over=$(sed -n 's/.*overhead \([0-9.]*\) ms per logscan run.*/\1/p' "$work/small")
ntask=$(sed -n 's/.* (\([0-9]*\) logscan runs).*/\1/p' "$work/small")
inlog=$(sed -n 's/.* \([0-9.]*\) s in logscan.*/\1/p' "$work/small")
# The rate one worker scans at, from the 2 GiB run's time in logscan.
rate=$(sed -n 's/.* \([0-9.]*\) s in logscan.*/\1/p' "$work/run")

# Small files: 1024 files of 4 KiB, one task each (--batch 1) and run
# several to a task (the default).
mkdir -p "$work/many"
split -b 4096 -a 4 -d "$small" "$work/many/f"
t_b1=$(secs "$DASK --scheduler $addr --batch 1 grep -c ERROR '$work'/many/f* | cat")
t_bn=$(secs "$DASK --scheduler $addr grep -c ERROR '$work'/many/f* | cat")
nmany=$(ls "$work/many" | wc -l)
# A bare --range (no runner) looks for a NUL before itself: the range at
# the end of the file reads all of it for that, against its report-mode
# run (the runner's), which does not.
t_bare=$(secs "$LOGSCAN grep -c ERROR --range $((size - 4096)):$size '$base'")
t_rep=$(secs "$LOGSCAN grep -c ERROR --range-report --range $((size - 4096)):$size '$base' 2>/dev/null")

awk -v one="$t_one" -v loc="$t_local" -v ql="$q_local" -v run="$t_run" \
    -v qr="$q_run" -v over="$over" -v n="$ntask" -v size="$size" \
    -v rate="$rate" -v imp="$imp" -v clu="$clu" -v py="$t_py" \
    -v inlog="$inlog" -v b1="$t_b1" -v bn="$t_bn" -v nmany="$nmany" \
    -v bare="$t_bare" -v rep="$t_rep" 'BEGIN {
	printf "  %-52s %8.3f s\n", "logscan grep -c ERROR (all cores)", one
	printf "  %-52s %8.3f s  %5.2fx%s\n",
	    "logscan-dask --local 2 grep -c ERROR, whole run", loc, loc / one,
	    (loc > 1.5 * one ? "  MISSED (target 1.5x)" : "")
	printf "  %-52s %8.3f s  %5.2fx\n",
	    "  ...its tasks alone (without the cluster start)", ql, ql / one
	printf "  %-52s %8.3f s\n", "  ...python3 starting", py
	printf "  %-52s %8.3f s\n", "  ...import distributed", imp
	printf "  %-52s %8.3f s\n", "  ...local cluster start", clu
	printf "  %-52s %8.3f s  %5.2fx\n",
	    "logscan-dask on a running 2-worker cluster", run, run / one
	printf "  %-52s %8.3f s  %5.2fx\n", "  ...its tasks alone", qr, qr / one
	printf "  %-52s %8.1f ms (%d tasks of 16 KiB)\n",
	    "overhead per task", over, n
	printf "  %-52s %8.1f ms\n", "  ...plus the logscan run of a 16 KiB task",
	    1000 * inlog / n
	printf "  %-52s %8.3f s\n", sprintf("%d files of 4 KiB, a task each (--batch 1)",
	    nmany), b1
	printf "  %-52s %8.3f s  %5.2fx\n", "  ...several to a task (default)", bn,
	    bn / b1
	printf "  %-52s %8.3f s\n", "bare --range of the last 4 KiB (NUL look-back)",
	    bare
	printf "  %-52s %8.3f s\n", "  ...with --range-report, as the runner runs it", rep
	printf "  %-52s %8.0f MB/s\n", "scan rate of a worker (bytes / time in logscan)",
	    size / rate / 1e6
}'

# An indexed one-hour query: what the plan covers.
idx="$work/index"
mkdir -p "$idx"
"$LOGSCAN" index --index-dir "$idx" "$base" >/dev/null 2>&1
since=2026-03-15T10:00:00Z
"$LOGSCAN" plan --index-dir "$idx" --since "$since" --until +1h "$base" \
    >"$work/plan"
planned=$(awk -F'"bytes":' '{ s += $2 + 0 } END { print s + 0 }' "$work/plan")
t_hour=$(secs "$DASK --scheduler $addr slice --index-dir '$idx' --since $since --until +1h '$base' | cat")
"$LOGSCAN" slice --index-dir "$idx" --since "$since" --until +1h "$base" \
    >"$work/want"
"$DASK" --scheduler "$addr" slice --index-dir "$idx" --since "$since" \
    --until +1h "$base" >"$work/got"
same=no
cmp -s "$work/want" "$work/got" && same=yes
awk -v p="$planned" -v s="$size" -v t="$t_hour" -v n="$(wc -l <"$work/plan")" \
    -v same="$same" 'BEGIN {
	printf "  %-52s %8.4f %% (%.0f of %.0f bytes, %d task%s)%s\n",
	    "one-hour --since/--until: planned / file size", 100 * p / s, p, s,
	    n, n == 1 ? "" : "s", (p >= 0.01 * s ? "  MISSED (target 1%)" : "")
	printf "  %-52s %8.3f s, same output as logscan: %s\n",
	    "logscan-dask slice of that hour", t, same
}'
