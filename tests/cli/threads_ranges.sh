#!/bin/sh
# grep -j and slice -j on one file with a time range (--since/--until) or
# a line range (--lines A:B), with and without an index: the selected
# regions are cut into parts at line starts (LOGSCAN_CHUNK_SIZE: parts of
# a page and odd sizes), and stdout, stderr and the exit status are byte
# for byte what one thread gives, for every flag family.  The log is
# zone-less local time across a DST fall-back (TZ=Europe/Berlin), with
# multi-line entries (stack traces, whose lines belong to the entry before
# them) that straddle part boundaries, out-of-order entries and lines
# longer than a part; each line carries its entry's true instant, so the
# selected lines are also checked against the generator's truth.  No
# timing is measured.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to write the log"
	exit 77
fi

export TZ=Europe/Berlin
R="$T/r"
mkdir "$R"
# Entries from 2026-10-24 22:00 to 2026-10-25 06:00 UTC (local time runs
# 00:00 CEST .. 07:00 CET, 02:00-03:00 twice); now and then an ERROR
# with a stack trace, an entry a few seconds out of order (away from the
# repeated hour, whose passes are read in file order), a line of 9000
# bytes.  A line is "LOCALTIME LEVEL text truth=ENTRY_UTC_SECONDS".
python3 - "$R/t.log" <<'EOF'
import sys, time
time.tzset()
out = open(sys.argv[1], "w")
t0 = 1792879200  # 2026-10-24T22:00:00Z
fall = 1792890000  # 2026-10-25T01:00:00Z: 03:00 CEST -> 02:00 CET
t, i = t0, 0
while t < t0 + 8 * 3600:
    i += 1
    shown = t
    if i % 23 == 0 and abs(t - fall) > 5400:
        shown = t - 4  # out of order: before the entry before it
    lt = time.localtime(shown)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", lt) + ".%03d" % (i * 7 % 1000)
    lvl = "ERROR" if i % 11 == 0 else ("WARN" if i % 7 == 0 else "INFO")
    text = "job %d at step %d" % (i, i * 31 % 997)
    if i % 401 == 0:
        text += " " + "x" * 9000
    out.write("%s %s %s truth=%d\n" % (stamp, lvl, text, shown))
    if lvl == "ERROR":
        for k in range(i % 6):
            out.write("\tat org.example.Svc%d.call(Svc.java:%d) truth=%d\n"
                      % (k, i % 300, shown))
    t += 5 + i % 9
out.close()
EOF
[ -s "$R/t.log" ] || { echo "FAIL: no log written"; exit 1; }
# A copy with a NUL in an entry in the middle (grep: binary file).
{ head -c 150000 "$R/t.log"; printf 'ERROR \0 nul\n'; tail -c +150001 "$R/t.log"; } \
    >"$R/nul.log"
# Windows (UTC seconds): inside the first pass of the repeated hour to
# inside its second pass; an early window; one starting mid-trace.
W1="--since @1792887300 --until @1792892100"
W2="--since @1792880000 --until @1792884000"
W3="--since @1792881111 --until @1792901111"

# same CMD DESC ARGS...: `logscan CMD ARGS` with -j1 and with several
# threads and part sizes gives the same bytes and status.
same() {
	_c=$1 _d=$2
	shift 2
	same_threads "$_c" "$_d" "2:4096 3:1000 7:4096 2:4097 3:65536 2:777" "$@"
}

# truth LOG SINCE UNTIL: the lines whose entry is in [SINCE, UNTIL).
truth() {
	awk -v s="$2" -v u="$3" '{ t = substr($NF, 7) + 0 } t >= s && t < u' "$1"
}

flagsets() {
	log=$1 win=$2 ix=$3
	same grep "$ix $win -c ERROR" $win $ix -c ERROR "$log"
	same grep "$ix $win -n ERROR" $win $ix -n ERROR "$log"
	same grep "$ix $win -b -n at" $win $ix -b -n at "$log"
	same grep "$ix $win -n -C2 ERROR" $win $ix -n -C2 ERROR "$log"
	same grep "$ix $win -A3 Svc1" $win $ix -A3 Svc1 "$log"
	same grep "$ix $win -n -B4 ERROR" $win $ix -n -B4 ERROR "$log"
	same grep "$ix $win -C0 xxxx" $win $ix -C0 xxxx "$log"
	same grep "$ix $win -m7 -n ERROR" $win $ix -m7 -n ERROR "$log"
	same grep "$ix $win -m3 -c WARN" $win $ix -m3 -c WARN "$log"
	same grep "$ix $win -m5 -n -C2 ERROR" $win $ix -m5 -n -C2 ERROR "$log"
	same grep "$ix $win -m1 -A1 Svc4" $win $ix -m1 -A1 Svc4 "$log"
	same grep "$ix $win -l" $win $ix -l job "$log"
	same grep "$ix $win -L" $win $ix -L nomatch "$log"
	same grep "$ix $win -q" $win $ix -q Svc3 "$log"
	same grep "$ix $win -v -n" $win $ix -v -n -e INFO -e at "$log"
	same grep "$ix $win -o -n" $win $ix -o -n 'truth=[0-9]*7' "$log"
	same grep "$ix $win colour" $win $ix --color=always -n -H -C1 ERROR \
	    "$log"
	same grep "$ix $win -c ''" $win $ix -c '' "$log"
	same grep "$ix $win -T -n" $win $ix -T -n WARN "$log"
	same slice "$ix $win" $win $ix "$log"
}

for ix in --index=never --index=auto; do
	rm -f "$R/t.log.lsidx" "$R/nul.log.lsidx"
	if [ $ix = --index=auto ]; then
		"$LOGSCAN" index -q --group-lines 16 "$R/t.log" "$R/nul.log" ||
		    fail "index"
	fi
	for win in "$W1" "$W2" "$W3"; do
		flagsets "$R/t.log" "$win" $ix
	done
	flagsets "$R/nul.log" "$W3" $ix
	same grep "$ix nul -a" $W3 $ix -a -n nul "$R/nul.log"
	same grep "$ix nul -I" $W3 $ix -I -c ERROR "$R/nul.log"
	# Line ranges, alone and with a time range.
	for lr in 1:999999 300:2500 1777:1777 2001:1900 5000: 1:40; do
		same grep "$ix --lines $lr -n" --lines $lr $ix -n ERROR "$R/t.log"
		same grep "$ix --lines $lr -c" --lines $lr $ix -c at "$R/t.log"
		same grep "$ix --lines $lr -C2" --lines $lr $ix -n -C2 Svc2 \
		    "$R/t.log"
		same grep "$ix --lines $lr -m4" --lines $lr $ix -m4 -b WARN \
		    "$R/t.log"
		same slice "$ix --lines $lr" --lines $lr $ix "$R/t.log"
	done
	same grep "$ix --lines and time" --lines 500:3000 $W3 $ix -n -B1 ERROR \
	    "$R/t.log"
	same slice "$ix --lines and time" --lines 500:3000 $W3 $ix "$R/t.log"
	# Two files, each in parts, with notes about their indexes between.
	same grep "$ix two files" $W1 $ix -n -C1 ERROR "$R/t.log" "$R/nul.log"
	same grep "$ix two files -c" $W1 $ix -c ERROR "$R/t.log" "$R/t.log"

	# The truth: every line of the windows' entries, and only those.
	for w in "1792887300 1792892100" "1792880000 1792884000" \
	    "1792881111 1792901111"; do
		s=${w% *} u=${w#* }
		truth "$R/t.log" "$s" "$u" >"$T/truth"
		for v in "1 4096" "2 4096" "3 1000"; do
			checks=$((checks + 1))
			LOGSCAN_CHUNK_SIZE=${v#* } "$LOGSCAN" grep -j${v% *} $ix \
			    --since @"$s" --until @"$u" '' "$R/t.log" >"$T/got"
			expect_same "$T/truth" "$T/got" \
			    "grep $ix [$s, $u) -j${v% *} against the truth"
			LOGSCAN_CHUNK_SIZE=${v#* } "$LOGSCAN" slice -j${v% *} $ix \
			    --since @"$s" --until @"$u" "$R/t.log" >"$T/got"
			expect_same "$T/truth" "$T/got" \
			    "slice $ix [$s, $u) -j${v% *} against the truth"
		done
	done
done

# -m with context on a whole file (no range): each part is searched
# with its own -m; in order, the part that holds the NUM-th selected line
# is searched again from its start to where the scanner stops (its -A
# lines may run on into later parts), and the later parts are dropped.
for m in "-m1 -A3 Svc" "-m7 -C2 ERROR" "-m20 -n -B5 ERROR" "-m3 -A60 ERROR" \
    "-m2 -c -C1 ERROR" "-m4 -l -A1 ERROR" "-m40 -v -n -C1 at" \
    "-m9 -b -A2 WARN" "-m3 --color=always -n -C2 job" "-m5 -C0 WARN" \
    "-m1 -B2 nomatch"; do
	same grep "whole file $m" $m "$R/t.log"
	same grep "whole file with a NUL $m" $m "$R/nul.log"
done

# The range really runs in parts (and says so under --stats).
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j3 --stats --index=never $W3 -c \
    ERROR "$R/t.log" >/dev/null 2>"$T/stats"
expect_grep "$T/stats" '^logscan: stats: .*t.log: [0-9]{2,} parts of 4096 bytes.*; 3 threads, [0-9.]+ s waiting' \
    "grep --since -j3 in parts"
expect_grep "$T/stats" '^logscan: stats: .*t.log: index none' \
    "grep --since -j3: the plan's line"
# Where parts cost more than one thread, one thread, and --stats says
# why: a line range without an index (each part would count its lines
# first), a time range that slice reads through an index (the parts'
# lines would be copied twice).  With an index, a line range is in parts.
one_thread() {
	expect_grep "$T/stats" "$1" "$2: one thread, and why"
	checks=$((checks + 1))
	if grep -q 'parts of 4096' "$T/stats"; then
		fail "$2: searched in parts"
	fi
}
"$LOGSCAN" index -q --group-lines 16 "$R/t.log" || fail "index"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j2 --stats --index=never \
    --lines 100:2000 -c ERROR "$R/t.log" >/dev/null 2>"$T/stats"
one_thread '^logscan: stats: .*t.log: one thread: a line range without an index needs the line count in order$' \
    "grep --lines -j2 without an index"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j2 --stats --index=never \
    --lines 100:2000 $W3 -c ERROR "$R/t.log" >/dev/null 2>"$T/stats"
one_thread 't.log: one thread: a line range without an index' \
    "grep --lines --since -j2 without an index"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j2 --stats --lines 100:2000 -c \
    ERROR "$R/t.log" >/dev/null 2>"$T/stats"
expect_grep "$T/stats" 't.log: [0-9]{2,} parts of 4096 bytes' \
    "grep --lines -j2 with an index in parts"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" slice -j3 --stats $W3 "$R/t.log" \
    >/dev/null 2>"$T/stats"
one_thread '^logscan: .*t.log: one thread: read through an index, parts would copy its lines twice$' \
    "slice --since -j3 with an index"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j2 --stats --index=never -m3 -C2 \
    ERROR "$R/t.log" >/dev/null 2>"$T/stats"
expect_grep "$T/stats" 't.log: [0-9]{2,} parts of 4096 bytes' \
    "grep -m -C2 -j2 in parts"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" slice -j3 --stats --index=never $W3 \
    "$R/t.log" >/dev/null 2>"$T/stats"
expect_grep "$T/stats" 't.log: [0-9]{2,} parts of 4096 bytes, 3 threads' \
    "slice --since -j3 in parts"
finish
