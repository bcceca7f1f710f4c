#!/bin/sh
# --merge on slice and grep: three generated logs in three formats and
# zones (ISO +01:00 with stack traces and a head before the first
# timestamp, Apache access -0500, zone-less local time read in
# Asia/Kolkata whose clock steps back), some instants shared by all three.
# Each timestamped line carries its true instant ("truth=NS"); the merge
# logscan prints is compared line for line with the reference merge that
# tests/merge_ref.py computes from those instants alone, without and with
# indexes, without and with --since/--until.  Then grep's flags, errors,
# a compressed member and a file rotated during the run.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed for the reference merge"
	exit 77
fi
REF="python3 $top_srcdir/tests/merge_ref.py"
TZ=Asia/Kolkata
export TZ
cd "$T" || exit 1
$REF gen . || { echo "FAIL: generator"; exit 1; }
BASE=1772359200

# same DESC REFARGS -- LOGSCANARGS  run both, compare line for line
# (REFARGS are split on blanks: no pattern with a space).
same() {
	desc=$1
	shift
	rargs=
	while [ "$1" != "--" ]; do
		rargs="$rargs $1"
		shift
	done
	shift
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	$REF ref $rargs >want || fail "$desc: reference"
	"$LOGSCAN" "$@" >got 2>err
	st=$?
	if ! cmp -s want got; then
		fail "$desc: merged output differs ($*)"
		diff want got | head -10 >&2
		sed 's/^/  stderr: /' err >&2
	elif [ ! -s want ]; then
		fail "$desc: the reference selects nothing; the test is void"
	elif [ $st -ne 0 ]; then
		fail "$desc: exit $st, wanted 0"
		sed 's/^/  stderr: /' err >&2
	fi
}

# windows SUFFIX OPTS...: merged slices over windows (seconds from BASE):
# the whole hour, across the step back of local.log, starting and ending
# exactly on shared instants, only --since, only --until.
windows() {
	sfx=$1
	shift
	for w in 0:7200 1800:3600 3000:3300 4000:4700 0:60 7000:7300; do
		s=$((BASE + ${w%:*})) u=$((BASE + ${w#*:}))
		same "window $w$sfx" --since ${s}000000000 --until ${u}000000000 \
		    iso.log access.log local.log -- \
		    slice --merge "$@" --since @$s --until @$u \
		    iso.log access.log local.log
	done
	# Windows whose edges are instants all three files logged.
	for t in $(sed -n 's/.* truth=\([0-9]*\)000000000$/\1/p' access.log |
	    sort -n | uniq | head -40 | tail -3); do
		if grep -q "truth=${t}000000000" iso.log &&
		    grep -q "truth=${t}000000000" local.log; then
			same "shared edge $t$sfx" --since ${t}000000000 \
			    --until $((t + 600))000000000 \
			    local.log iso.log access.log -- \
			    slice --merge "$@" --since @$t --until @$((t + 600)) \
			    local.log iso.log access.log
		fi
	done
	s=$((BASE + 5000))
	same "only --since$sfx" --since ${s}000000000 \
	    access.log iso.log local.log -- \
	    slice --merge "$@" --since @$s access.log iso.log local.log
	same "only --until$sfx" --until ${s}000000000 \
	    access.log iso.log local.log -- \
	    slice --merge "$@" --until @$s access.log iso.log local.log
}

# ---- whole merges: every order of the files (ties go to the first) ------
for order in "iso.log access.log local.log" "local.log access.log iso.log" \
    "access.log local.log iso.log"; do
	# shellcheck disable=SC2086
	same "whole merge of $order" $order -- slice --merge $order
done
same "--no-filename" --no-names iso.log local.log -- \
    slice --merge --no-filename iso.log local.log
same "-j1" local.log iso.log access.log -- \
    slice --merge -j1 local.log iso.log access.log
same "--lines with --merge" local.log iso.log -- \
    slice --merge --lines 1: local.log iso.log

# The equal instants really are there (else the tie rule is untested).
checks=$((checks + 1))
n=$(sed -n 's/.* truth=\([0-9]*\)$/\1/p' iso.log access.log local.log |
    sort | uniq -c | awk '$1 == 3' | wc -l)
[ "$n" -ge 10 ] || fail "only $n instants shared by the three logs"

# ---- time ranges, without and with indexes ------------------------------
windows " (no index)" --index=never
for f in iso.log access.log local.log; do
	"$LOGSCAN" index --group-lines 8 "$f" || fail "index $f"
done
windows " (indexed)"
expect_status 0 "indexed merged slice" "$LOGSCAN" slice --merge --stats \
    --since @$((BASE + 3000)) --until @$((BASE + 3300)) \
    iso.log access.log local.log
for f in iso.log access.log local.log; do
	expect_grep err "^logscan: $f: index fresh .*/?$f.lsidx: [0-9]+ regions?, [0-9]+ groups? of" \
	    "$f read through its index"
done
# A window outside every file's span: no region of any file is read.
expect_status 1 "merged slice outside every span" "$LOGSCAN" slice \
    --merge --stats --since @$((BASE + 90000)) --until @$((BASE + 99000)) \
    iso.log access.log local.log
expect_empty out "nothing outside every span"
checks=$((checks + 1))
[ "$(grep -c ': index fresh .*: 0 regions, 0 groups of' err)" -eq 3 ] ||
	fail "a file outside the window had a region read"

# ---- grep ---------------------------------------------------------------
same "grep -n" -n --grep 'ERROR|error' access.log local.log iso.log -- \
    grep --merge -n -E 'ERROR|error' access.log local.log iso.log
same "grep -h" --no-names --grep 'warn|orders/4' iso.log access.log \
    local.log -- grep --merge -h -E 'warn|orders/4' iso.log access.log \
    local.log
same "grep with a time range" --since $((BASE + 1000))000000000 \
    --until $((BASE + 5000))000000000 --grep 'Pool|404' \
    iso.log access.log local.log -- \
    grep --merge -E 'Pool|404' --since @$((BASE + 1000)) \
    --until @$((BASE + 5000)) iso.log access.log local.log
same "grep head lines" --grep 'service|orders/7[^0-9]' iso.log \
    access.log -- grep --merge -E 'service|orders/7[^0-9]' iso.log \
    access.log

# -c and -l are per file, as without --merge.
for flag in -c -l -L; do
	"$LOGSCAN" grep "$flag" -E 'ERROR|404' iso.log access.log local.log \
	    >want 2>&1
	expect_status 0 "grep --merge $flag" "$LOGSCAN" grep --merge "$flag" \
	    -E 'ERROR|404' iso.log access.log local.log
	expect_same want out "grep --merge $flag is per file"
done

# -C: each file's lines (context included) are those grep prints for it
# alone, in its order; and the whole output is in time order of entries.
"$LOGSCAN" grep --merge -C2 -E 'ERROR|500' iso.log access.log >got ||
	fail "grep --merge -C2"
for f in iso.log access.log; do
	checks=$((checks + 1))
	"$LOGSCAN" grep -H -C2 -E 'ERROR|500' "$f" | grep -v '^--$' >want1
	grep "^$f[-:]" got >got1
	cmp -s want1 got1 || { fail "-C2: $f's lines"; diff want1 got1 | head >&2; }
done
checks=$((checks + 1))
grep -c '^access.log' got >/dev/null && grep -c '^iso.log' got >/dev/null ||
	fail "-C2: both files in the output"
# Hand-checked context: b's match (with its before-context) comes between
# a's entries; a's after-context line is an entry of its own, in its
# place in time.
printf '%s\n' '2026-03-01T10:00:00Z ERROR a1' 'trace a1' 'trace a1b' \
    '2026-03-01T10:00:03Z INFO a2' '2026-03-01T10:00:09Z INFO a3' >a.log
printf '%s\n' '2026-03-01T10:00:01Z INFO b1' '2026-03-01T10:00:02Z ERROR b2' \
    '2026-03-01T10:00:05Z INFO b3' >b.log
expect_status 0 "grep --merge -C" env TZ=UTC "$LOGSCAN" grep --merge -n \
    -A1 -B1 -e trace -e b2 a.log b.log
cat >want <<'EOF'
a.log-1-2026-03-01T10:00:00Z ERROR a1
a.log:2:trace a1
a.log:3:trace a1b
b.log-1-2026-03-01T10:00:01Z INFO b1
b.log:2:2026-03-01T10:00:02Z ERROR b2
a.log-4-2026-03-01T10:00:03Z INFO a2
b.log-3-2026-03-01T10:00:05Z INFO b3
EOF
expect_same want out "grep --merge -A1 -B1: context with its entry"

# ---- --json: the same merge as messages, with path and timestamp --------
checks=$((checks + 1))
$REF ref --since $((BASE + 1000))000000000 iso.log access.log local.log \
    >want
"$LOGSCAN" slice --merge --json --since @$((BASE + 1000)) iso.log \
    access.log local.log >got.json 2>err || fail "slice --merge --json"
$REF jsonlines <got.json >got 2>>err ||
	{ fail "slice --merge --json: messages"; cat err >&2; }
cmp -s want got || { fail "slice --merge --json: lines"; diff want got |
    head -5 >&2; }
checks=$((checks + 1))
$REF ref --grep 'ERROR|error' local.log iso.log >want
"$LOGSCAN" grep --merge --json -E 'ERROR|error' local.log iso.log \
    >got.json 2>err || fail "grep --merge --json"
$REF jsonlines <got.json >got 2>>err ||
	{ fail "grep --merge --json: messages"; cat err >&2; }
cmp -s want got || { fail "grep --merge --json: lines"; diff want got |
    head -5 >&2; }

# ---- errors -------------------------------------------------------------
printf 'no time here\nnor here\n' >plain.log
expect_status 2 "a file without timestamps" "$LOGSCAN" slice --merge \
    iso.log plain.log local.log
expect_grep err '^logscan: plain.log: no timestamps found' \
    "the file without timestamps is named"
$REF ref iso.log local.log >want
expect_same want out "the others are merged"
expect_status 2 "grep: a file without timestamps" "$LOGSCAN" grep --merge \
    -e ERROR iso.log plain.log
expect_grep err '^logscan: plain.log: no timestamps found' \
    "grep names the file without timestamps"
mkdir adir
expect_status 2 "a missing file in the middle" "$LOGSCAN" slice --merge \
    access.log missing.log adir local.log
expect_grep err '^logscan: missing.log: ' "the missing file is named"
expect_grep err '^logscan: adir: ' "the directory is named"
$REF ref access.log local.log >want
expect_same want out "the others are merged around it"
expect_status 2 "grep: a missing file" "$LOGSCAN" grep --merge -c ERROR \
    iso.log missing.log
expect_status 2 "--merge --follow" "$LOGSCAN" slice --merge --follow \
    iso.log
expect_status 2 "slice -H without --merge" "$LOGSCAN" slice -H \
    --lines 1 iso.log
expect_status 2 "grep --merge -r" "$LOGSCAN" grep --merge -r x .
expect_status 2 "slice --merge --range" "$LOGSCAN" slice --merge \
    --range 0:100 iso.log
expect_status 2 "grep --merge --range" "$LOGSCAN" grep --merge \
    --range 0:100 x iso.log

# ---- a rotated set with a compressed member -----------------------------
if command -v gzip >/dev/null 2>&1; then
	head -n 100 access.log >access.log.1
	tail -n +101 access.log >access.log.0
	gzip -c access.log.1 >access.log.1.gz
	same "compressed member" access.log.1.gz access.log.0 iso.log -- \
	    slice --merge access.log.1.gz access.log.0 iso.log
	same "compressed member, windowed" --since $((BASE + 2000))000000000 \
	    access.log.1.gz access.log.0 iso.log -- \
	    slice --merge --since @$((BASE + 2000)) access.log.1.gz \
	    access.log.0 iso.log
fi

# ---- a file rotated while the merge runs --------------------------------
# The merge holds rot.log open and waits for the FIFO's first entry;
# rot.log is then renamed and replaced: what was opened is what is read.
if [ -d /proc/self/fd ] && mkfifo fifo 2>/dev/null; then
	cp local.log rot.log
	"$LOGSCAN" slice --merge rot.log fifo >got 2>err &
	pid=$!
	exec 3>fifo
	i=0
	while [ $i -lt 100 ] && ! ls -l /proc/$pid/fd 2>/dev/null |
	    grep -q 'rot\.log$'; do
		sleep 0.1
		i=$((i + 1))
	done
	mv rot.log rot.log.1
	echo "2026/03/01 15:30:00 new file after rotation truth=0" >rot.log
	head -n 30 access.log >&3
	exec 3>&-
	wait $pid
	st=$?
	checks=$((checks + 1))
	[ $st -eq 0 ] || fail "rotation during the run: exit $st"
	head -n 30 access.log >fifo.txt
	$REF ref rot.log.1 fifo.txt | sed 's/^rot\.log\.1:/rot.log:/;
	    s/^fifo\.txt:/fifo:/' >want
	expect_same want got "a file rotated during the run"
fi

finish
