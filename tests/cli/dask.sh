#!/bin/sh
# logscan-dask on a real Dask cluster on loopback (a dask-scheduler at a
# free port and two dask-worker processes, stopped by the trap): its
# output and exit status are byte-identical to one logscan run for a set
# of flags, over a tree of files cut into hundreds of tasks; a worker
# killed mid-query changes nothing; a missing file, an unreachable
# scheduler.  Skipped (77) only when the Python module `distributed` is
# not there (./bootstrap installs python3-distributed).
. "$top_srcdir/tests/cli/lib.sh"

DASK=${LOGSCAN_DASK:-$top_builddir/src/logscan-dask}
PY=$(sed -n '1s/^#!//p' "$DASK")
if ! $PY -c 'import distributed' 2>/dev/null; then
	echo "SKIP: $PY cannot import distributed (python3-distributed)"
	exit 77
fi
bindir=$(dirname "$PY")
SCHED=$bindir/dask-scheduler
WORKER=$bindir/dask-worker
[ -x "$SCHED" ] || SCHED=$(command -v dask-scheduler)
[ -x "$WORKER" ] || WORKER=$(command -v dask-worker)
if [ -z "$SCHED" ] || [ -z "$WORKER" ]; then
	echo "SKIP: dask-scheduler or dask-worker not found"
	exit 77
fi

pids=
stop() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap stop EXIT INT TERM HUP

free_port() {
	$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
addr=tcp://127.0.0.1:$port
cd "$T" || exit 1
"$SCHED" --host 127.0.0.1 --port "$port" --no-dashboard \
    >"$T/sched.log" 2>&1 &
pids="$pids $!"
start_worker() {
	"$WORKER" "$addr" --nworkers 1 --nthreads 1 --no-dashboard \
	    --no-nanny --local-directory "$T/w$1" >"$T/worker$1.log" 2>&1 &
	pids="$pids $!"
	eval "worker$1=$!"
}
start_worker 1
start_worker 2
# Wait for both workers (at most 60 s: a loaded machine).
if ! $PY -c "
import sys, distributed
c = distributed.Client('$addr', timeout=60)
c.wait_for_workers(2, timeout=60)
c.close()" >"$T/wait.log" 2>&1; then
	fail "cluster did not start"
	cat "$T/wait.log" "$T/sched.log" >&2
	finish
fi

# A tree of logs: sizes from one task to hundreds.
mkdir -p logs/a logs/b
"$GENLOG" --size 90K --seed 1 >logs/a/one.log
"$GENLOG" --size 40K --seed 2 >logs/a/two.log
"$GENLOG" --size 3K --seed 3 >logs/b/three.log
printf 'no newline at the end ERROR' >logs/b/four.log
"$GENLOG" --size 70K --seed 4 >logs/b/five.log
"$LOGSCAN" index --group-lines 50 logs/a/one.log logs/b/five.log \
    >/dev/null 2>&1 || fail "index"
files="logs/a/one.log logs/a/two.log logs/b/three.log logs/b/four.log logs/b/five.log"
TS=1K   # about 200 tasks over the tree

# same DESC ARGS...  logscan-dask grep ARGS == logscan grep ARGS (both
# outputs through sed $FILTER first when it is set).
same() {
	desc=$1
	shift
	checks=$((checks + 1))
	"$LOGSCAN" "$@" >"$T/want" 2>"$T/want_err"
	want=$?
	"$DASK" --scheduler "$addr" --task-size "$TS" "$@" >"$T/got" \
	    2>"$T/got_err"
	got=$?
	if [ -n "${FILTER:-}" ]; then
		sed "$FILTER" "$T/want" >"$T/want.f" && mv "$T/want.f" "$T/want"
		sed "$FILTER" "$T/got" >"$T/got.f" && mv "$T/got.f" "$T/got"
	fi
	if [ "$got" -ne "$want" ] || ! cmp -s "$T/want" "$T/got"; then
		fail "$desc: exit $got, wanted $want"
		diff "$T/want" "$T/got" | head -10 >&2
		head -5 "$T/got_err" >&2
	fi
}

same "-n" grep -n ERROR $files
same "-b" grep -b WARN $files
same "-o" grep -o 'user=[a-z]*' $files
same "-C3" grep -C3 ERROR $files
same "-A2 -B5" grep -A2 -B5 -n ERROR $files
same "-v -c" grep -v -c INFO $files
same "-l" grep -l 'status=5' $files
# Fewer tasks for the rest (each task costs some milliseconds).
TS=8K
same "-L" grep -L 'status=5' $files
same "-m 7" grep -m 7 -n -A1 WARN $files
same "-m 7 -c" grep -m 7 -c WARN $files
same "since/until" grep -n --since 2026-03-04 --until 2026-03-09 WARN $files
same "-i -w" grep -i -w -n error $files
same "-q" grep -q 'status=503' $files
same "nothing" grep -n nomatchanywhere $files
same "slice" slice --since 2026-03-03 --until 2026-03-06 logs/a/one.log logs/b/five.log

# A binary file (a NUL past its first 96 KiB block): the rest of it is a
# binary file's from that block on; with -I it selects nothing at all
# (the lines printed before stay printed, -c counts 0, the status is 1).
"$GENLOG" --size 110K --seed 5 >logs/bin.log
printf 'x ERROR\0y\n' >>logs/bin.log
"$GENLOG" --size 30K --seed 6 >>logs/bin.log
same "binary -n" grep -n ERROR logs/bin.log
same "binary -I -n" grep -I -n ERROR logs/bin.log
same "binary -I -c" grep -I -c ERROR logs/bin.log logs/b/three.log

# --json: the tasks' messages in order, each file's begin and end and the
# run's summary as one run prints them; only the times differ.
same_json() {
	FILTER='s/"elapsed\(_total\)*":{[^}]*}/T/g'
	same "$@"
	FILTER=
}
same_json "--json" grep --json -n WARN $files
same_json "--json -C2 -v" grep --json -C2 -v 'INFO\|DEBUG' $files
expect_status 2 "--json -c" "$DASK" --scheduler "$addr" grep --json -c x $files
expect_grep "$T/err" "cannot be used with -c" "--json -c message"

# Small files, one task each, run several to a task (a missing one and a
# compressed one among them): the same output, fewer logscan runs.
mkdir -p small
i=1
while [ $i -le 40 ]; do
	"$GENLOG" --size $((i * 150)) --seed $i >small/s$i.log
	i=$((i + 1))
done
gzip -c small/s7.log >small/s7.log.gz 2>/dev/null || cp small/s7.log small/s7.log.gz
printf 'ERROR in the last line' >small/s41.log
sfiles="$(ls small/* | sort) small/nope.log"
same "batch -n -C1" grep -n -C1 ERROR $sfiles
same "batch -c" grep -c WARN $sfiles
same "batch -L" grep -L ERROR $sfiles
same "batch -m2 -A1" grep -m2 -A1 WARN $sfiles
same "batch -q" grep -q ERROR $sfiles
same "batch slice" slice --since 2026-03-10 --until 2026-03-12 $sfiles
same_json "batch --json" grep --json -b ERROR $sfiles
checks=$((checks + 1))
"$DASK" --scheduler "$addr" --stats --batch 16 grep -c ERROR $sfiles \
    >/dev/null 2>"$T/err"
expect_grep "$T/err" " 42 tasks \(3 logscan runs\)" "batches of 16 files"

# A missing file: logscan's message, exit 2, the others intact.
checks=$((checks + 1))
"$DASK" --scheduler "$addr" --task-size "$TS" grep -c ERROR logs/a/one.log \
    logs/nope.log logs/b/five.log >"$T/got" 2>"$T/got_err"
st=$?
"$LOGSCAN" grep -c ERROR logs/a/one.log logs/b/five.log >"$T/want" 2>/dev/null
[ "$st" -eq 2 ] || fail "missing file: exit $st, wanted 2"
cmp -s "$T/want" "$T/got" || fail "missing file: other files' output"
expect_grep "$T/got_err" '^logscan: logs/nope.log: No such file or directory$' \
    "missing file message"

# A worker killed (-9) while a query with many tasks runs: the cluster
# runs its tasks on the other one, and the output is the same.
checks=$((checks + 1))
"$GENLOG" --size 150K --seed 7 >logs/big.log
"$LOGSCAN" grep -n -C1 WARN logs/big.log >"$T/want"
"$DASK" --scheduler "$addr" --task-size 1K --in-flight 4 grep -n -C1 WARN \
    logs/big.log >"$T/got" 2>"$T/got_err" &
dpid=$!
# Kill it once the query is under way: its first lines are written.
n=0
while [ ! -s "$T/got" ] && [ "$n" -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -9 "$worker1" 2>/dev/null || fail "worker 1 was not running"
wait "$dpid"
st=$?
[ "$st" -eq 0 ] || fail "killed worker: exit $st"
cmp -s "$T/want" "$T/got" || { fail "killed worker: output differs"; head -5 "$T/got_err" >&2; }

# An unreachable scheduler: a clear error within seconds, exit 2.
checks=$((checks + 1))
dead=$(free_port)
"$DASK" --scheduler "tcp://127.0.0.1:$dead" --connect-timeout 2 grep x \
    logs/a/one.log >"$T/out" 2>"$T/err"
st=$?
[ "$st" -eq 2 ] || fail "unreachable scheduler: exit $st"
expect_grep "$T/err" "cannot reach the scheduler at tcp://127.0.0.1:$dead" \
    "unreachable scheduler message"

# --local: a throw-away cluster of this machine.
checks=$((checks + 1))
"$DASK" --local 2 --task-size 4K grep -n -C1 ERROR logs/a/two.log >"$T/got" \
    2>"$T/got_err" || fail "--local: exit $?"
"$LOGSCAN" grep -n -C1 ERROR logs/a/two.log | cmp -s - "$T/got" ||
    { fail "--local: output differs"; head -5 "$T/got_err" >&2; }

# Usage errors.
expect_status 2 "no command" "$DASK" --scheduler "$addr"
expect_status 2 "standard input" "$DASK" --scheduler "$addr" grep x
expect_status 2 "-r" "$DASK" --scheduler "$addr" grep -r x logs
finish
