#!/bin/sh
# grep/slice --range START:END and `logscan plan`: the outputs of ranges
# that tile a file, concatenated in order, are byte-identical to the whole
# file's (context, separators, -n, -b, -o, colour, time and line ranges),
# cut mid-line, at line starts, past the end; -c sums; errors.
. "$top_srcdir/tests/cli/lib.sh"

f=$T/app.log
# Matches sparse at first (the first group of context lies in a later
# range than the first), a line without a final newline at the end.
printf 'alpha\nbeta\n' >"$f"
"$GENLOG" --size 12K --seed 5 >>"$f" || fail "genlog failed"
printf 'ERROR last line without newline' >>"$f"
size=$(wc -c <"$f")

# tiles STEP OUT CMD...  run CMD --range s:s+STEP for each tile of $f,
# concatenating stdout into OUT; the status is grep's over all tiles
# (0 when any selected, else 1; 2 when any failed).
tiles() {
	step=$1 out=$2
	shift 2
	: >"$out"
	s=0 st=1
	while [ "$s" -lt "$size" ]; do
		e=$((s + step))
		"$@" --range "$s:$e" "$f" >>"$out" 2>>"$T/tile_err"
		r=$?
		if [ "$r" -eq 2 ]; then st=2; elif [ "$r" -eq 0 ] && [ "$st" -ne 2 ]; then st=0; fi
		s=$e
	done
	return $st
}

# lines_tiles OUT CMD...  the same with cuts at line starts: every 5th
# line's first byte (and the byte after it, mid-line).
line_cuts=$(awk 'BEGIN { o = 0 } { if (NR % 5 == 1) printf "%d %d ", o, o + 1; o += length($0) + 1 }' "$f")
lines_tiles() {
	out=$1
	shift
	: >"$out"
	s=0 st=1
	for c in $line_cuts $size; do
		[ "$c" -le "$s" ] && continue
		"$@" --range "$s:$c" "$f" >>"$out" 2>>"$T/tile_err"
		r=$?
		if [ "$r" -eq 2 ]; then st=2; elif [ "$r" -eq 0 ] && [ "$st" -ne 2 ]; then st=0; fi
		s=$c
	done
	return $st
}

# same LABEL CMD...  whole-file output and status vs tiles of 211 and
# 3000 bytes and the line-start cuts.
same() {
	label=$1
	shift
	"$@" "$f" >"$T/whole" 2>"$T/whole_err"
	want=$?
	for step in 211 3000; do
		checks=$((checks + 1))
		: >"$T/tile_err"
		tiles "$step" "$T/tiled" "$@"
		got=$?
		if [ "$got" -ne "$want" ] || ! cmp -s "$T/whole" "$T/tiled"; then
			fail "$label: tiles of $step (exit $got, wanted $want)"
			diff "$T/whole" "$T/tiled" | head -10 >&2
			head -3 "$T/tile_err" >&2
		fi
	done
	checks=$((checks + 1))
	: >"$T/tile_err"
	lines_tiles "$T/tiled" "$@"
	got=$?
	if [ "$got" -ne "$want" ] || ! cmp -s "$T/whole" "$T/tiled"; then
		fail "$label: tiles at line starts (exit $got, wanted $want)"
		diff "$T/whole" "$T/tiled" | head -10 >&2
	fi
}

G="$LOGSCAN grep"
same "plain" $G ERROR
same "-n" $G -n WARN
same "-b" $G -b WARN
same "-o" $G -o -n 'ERR[A-Z]*'
same "-C3" $G -C3 ERROR
same "-A2 -B5" $G -n -A2 -B5 ERROR
same "-A2 -B5 dense" $G -A2 -B5 WARN
same "-v -n" $G -v -n INFO
same "-v -C1" $G -n -C1 -v 'INFO\|DEBUG'
same "-i -w" $G -i -w error
same "-C0" $G -C0 WARN
same "-o -C2" $G -o -C2 -b WARN
same "colour" $G --color=always -n -C2 ERROR
same "group separator" $G -A1 --group-separator=XX -H WARN
same "no group separator" $G -B2 --no-group-separator WARN
same "-T" $G -T -n -b -C1 ERROR
same "context before the first match" $G -B4 alpha
same "-A past the end" $G -A9 'without newline'
same "nothing selected" $G -C2 nomatchatall
same "-x" $G -x beta

# Time and line ranges, with an index of small groups and without one.
same "since/until, no index" $G --index=never --since 2026-03-05 \
    --until 2026-03-12 -n -C2 WARN
"$LOGSCAN" index --group-lines 9 "$f" >/dev/null 2>&1 || fail "index"
same "since/until, index" $G --since 2026-03-05 --until 2026-03-12 -n -C2 WARN
same "lines, index" $G --lines 20:120 -n -B3 INFO
same "-n from the index" $G -n -A1 ERROR

# slice: ranges alone, with --lines and a time range.
same "slice whole" "$LOGSCAN" slice --lines 1:
checks=$((checks + 1))
tiles 333 "$T/tiled" "$LOGSCAN" slice || fail "slice --range alone"
cmp -s "$f" "$T/tiled" || fail "slice --range alone: tiles are the file"
same "slice lines" "$LOGSCAN" slice --lines 33:150
same "slice time" "$LOGSCAN" slice --since 2026-03-09 --until 2026-03-20
same "slice time no index" "$LOGSCAN" slice --index=never \
    --since 2026-03-09 --until 2026-03-20

# -c over tiles sums to the whole count.
for step in 211 3000; do
	checks=$((checks + 1))
	tiles "$step" "$T/counts" $G -c -v INFO
	sum=$(awk '{ s += $1 } END { print s }' "$T/counts")
	whole=$($G -c -v INFO "$f")
	[ "$sum" = "$whole" ] || fail "-c sum of tiles of $step: $sum, wanted $whole"
done

# Single ranges: mid-line start and end, line start, past the end, empty.
second=$(($(head -1 "$f" | wc -c)))   # where line 2 starts
expect_status 0 "line start" $G -n --range "$second:$((second + 1))" beta "$f"
printf '2:beta\n' | cmp -s - "$T/out" || fail "range at a line start: $(cat "$T/out")"
expect_status 1 "mid-line start skips that line" $G --range 1:6 'alpha\|beta' "$f"
expect_empty "$T/out" "mid-line start"
expect_status 0 "end mid-line keeps the line" $G --range 0:1 'alpha' "$f"
expect_status 1 "empty range" $G --range 5:5 . "$f"
expect_status 1 "past the end" $G --range "$((size + 5)):$((size + 50))" . "$f"
expect_empty "$T/out" "past the end prints nothing"
expect_status 0 "START: runs to the end" $G -c --range "$second:" . "$f"
[ "$(cat "$T/out")" = "$(($(wc -l <"$f")))" ] || fail "START: count $(cat "$T/out")"
expect_status 1 "-c of an empty range" $G -c --range 5:5 . "$f"
[ "$(cat "$T/out")" = 0 ] || fail "-c of an empty range: $(cat "$T/out")"

# The runner's report: selected, printed, separator bytes, NUL, output
# bytes, bytes searched, name.
expect_status 0 "report" $G --range-report -C1 --range 3000:6000 WARN "$f"
expect_grep "$T/err" "^logscan: range-report: [0-9]+ [01] [0-9]+ 0 $(wc -c <"$T/out") [0-9]+ $f\$" "report line"
# Several files in one run (a runner's batch of small files): a line
# each, whose output bytes cut standard output into the files' parts;
# a compressed file's whole range reports too.
printf 'm1\nx\n' >"$T/r1"
printf 'y\nm2\nm3\n' >"$T/r2"
gzip -c "$T/r2" >"$T/r2.gz" 2>/dev/null || cp "$T/r2" "$T/r2.gz"
expect_status 2 "report of several files" $G --range-report -n -H --range 0: m \
    "$T/r1" "$T/none" "$T/r2" "$T/r2.gz"
cat >"$T/want" <<EOF
logscan: range-report: 1 1 0 0 $((${#T} + 9)) 5 $T/r1
logscan: $T/none: No such file or directory
logscan: range-report: 2 1 0 0 $((2 * ${#T} + 18)) 8 $T/r2
logscan: range-report: 2 1 0 0 $((2 * ${#T} + 24)) 8 $T/r2.gz
EOF
cmp -s "$T/want" "$T/err" || { fail "report of several files"; diff "$T/want" "$T/err" >&2; }
# A range assumes output before it: its first group starts with "--".
printf 'm1\na\nb\nc\nm2\n' >"$T/sep"
expect_status 0 "report: separator" $G --range-report -C0 --range 6:99 m "$T/sep"
expect_grep "$T/err" "^logscan: range-report: 1 1 3 0 6 5 $T/sep\$" "separator bytes reported"
printf -- '--\nm2\n' | cmp -s - "$T/out" || fail "report: separator printed"
expect_status 0 "no report: no separator" $G -C0 --range 6:99 m2 "$T/sep"
printf 'm2\n' | cmp -s - "$T/out" || fail "nothing selected before: no separator"
expect_status 0 "no report: a line selected before" $G -C0 --range 6:99 m "$T/sep"
printf -- '--\nm2\n' | cmp -s - "$T/out" || fail "selected before: separator"
printf 'a\nb\0\nc\n' >"$T/bin"
expect_status 0 "report of a NUL" $G --range-report --range 0:2 a "$T/bin"
expect_grep "$T/err" "^logscan: range-report: 1 [01] 0 1 2 2 $T/bin\$" "NUL after the range reported"

# grep's binary-file rule: lines whose 96 KiB block holds a NUL or follows
# one are a binary file's, and the file stops at the first one selected
# ("binary file matches" on stderr).  Bare tiles (no runner) look before
# themselves for it: NULs before, inside and just after tiles (in the
# same block as their last lines), with an index and without one.
b=$T/bin.log
"$GENLOG" --size 150K --seed 3 >"$b" || fail "genlog"
printf 'x ERROR\0ERROR y\n' >>"$b"   # in block 1; NUL-split for -c
"$GENLOG" --size 250K --seed 4 >>"$b"
printf 'z\0ERROR\n' >>"$b"
"$GENLOG" --size 20K --seed 5 >>"$b"
# bin_same LABEL CMD...  tiles of $b (stdout, stderr, status) equal the
# whole file's search; -c: the tiles' counts sum to its count.
bin_same() {
	label=$1
	shift
	"$@" "$b" >"$T/whole" 2>"$T/whole_err"
	want=$?
	for step in 40000 65537 196608; do
		checks=$((checks + 1))
		: >"$T/tile_err"
		f=$b size=$(wc -c <"$b") tiles "$step" "$T/tiled" "$@"
		got=$?
		case " $* " in
		*" -c "*)
			awk '{ s += $1 } END { print s }' "$T/tiled" >"$T/tiled.sum"
			mv "$T/tiled.sum" "$T/tiled" ;;
		esac
		if [ "$got" -ne "$want" ] || ! cmp -s "$T/whole" "$T/tiled" ||
		    ! cmp -s "$T/whole_err" "$T/tile_err"; then
			fail "binary, $label: tiles of $step (exit $got, wanted $want)"
			diff "$T/whole" "$T/tiled" | head -5 >&2
			diff "$T/whole_err" "$T/tile_err" | head -5 >&2
		fi
	done
}
for ix in never auto; do
	bin_same "$ix: plain" $G --index=$ix ERROR
	bin_same "$ix: -n -C2" $G --index=$ix -n -C2 ERROR
	bin_same "$ix: -v" $G --index=$ix -v INFO
	bin_same "$ix: -b -A3 -B1" $G --index=$ix -b -A3 -B1 WARN
	bin_same "$ix: -c" $G --index=$ix -c ERROR
	bin_same "$ix: time range" $G --index=$ix -n --since 2026-03-02 \
	    --until 2026-03-20 WARN
	bin_same "$ix: time range with a NUL" $G --index=$ix -n \
	    --since 2026-03-25 --until 2026-03-31 -C1 ERROR
	bin_same "$ix: lines" $G --index=$ix --lines 900:2900 -C1 ERROR
	"$LOGSCAN" index --group-lines 64 "$b" >/dev/null 2>&1 || fail "index bin.log"
done
bin_same "-a" $G -a -n ERROR
printf 'a\0\n' >"$b"
"$GENLOG" --size 100K --seed 3 >>"$b"
bin_same "a NUL at the start" $G -n ERROR
# Errors.
expect_status 2 "bad range" $G --range 5 x "$f"
expect_grep "$T/err" "bad --range" "bad range message"
expect_status 2 "END before START" $G --range 9:3 x "$f"
expect_status 2 "not numbers" $G --range a:b x "$f"
expect_status 2 "standard input" $G --range 0:5 x - </dev/null
expect_grep "$T/err" "needs a regular file" "stdin message"
expect_status 2 "slice --lines -N" "$LOGSCAN" slice --lines -3: --range 0:9 "$f"
if command -v gzip >/dev/null 2>&1; then
	gzip -c "$f" >"$T/app.log.gz"
	gz=$(wc -c <"$T/app.log.gz")
	expect_status 2 "part of a compressed file" $G --range 0:10 x "$T/app.log.gz"
	expect_grep "$T/err" "searched whole: --range 0:$gz" "compressed message"
	expect_status 0 "whole compressed file" $G -c --range "0:$gz" ERROR "$T/app.log.gz"
	[ "$(cat "$T/out")" = "$($G -c ERROR "$f")" ] || fail "compressed whole count"
fi

# plan: tasks tile the candidate regions, in order; grep on each task,
# concatenated, is the whole query.
"$LOGSCAN" plan --task-size 1K "$f" >"$T/plan" || fail "plan"
checks=$((checks + 1))
awk -v size="$size" '
	{ match($0, /"start":[0-9]+/); s = substr($0, RSTART + 8, RLENGTH - 8)
	  match($0, /"end":[0-9]+/); e = substr($0, RSTART + 6, RLENGTH - 6)
	  if (s != (NR == 1 ? 0 : prev)) bad = 1; prev = e; n++ }
	END { if (bad || prev != size || n != int((size + 1023) / 1024)) exit 1 }' \
    "$T/plan" || { fail "plan tiles the file"; cat "$T/plan" >&2; }
expect_grep "$T/plan" '^\{"path":"[^"]*app.log","start":0,"end":1024,"first_line":1,"bytes":1024\}$' \
    "plan JSON"
"$LOGSCAN" plan --since 2026-03-05 --until 2026-03-12 --task-size 700 "$f" \
    >"$T/plan" || fail "timed plan"
checks=$((checks + 1))
: >"$T/tiled"
while IFS= read -r l; do
	s=$(printf '%s\n' "$l" | sed 's/.*"start":\([0-9]*\).*/\1/')
	e=$(printf '%s\n' "$l" | sed 's/.*"end":\([0-9]*\).*/\1/')
	$G -n -C1 --since 2026-03-05 --until 2026-03-12 --range "$s:$e" WARN "$f" >>"$T/tiled"
done <"$T/plan"
$G -n -C1 --since 2026-03-05 --until 2026-03-12 WARN "$f" >"$T/whole"
cmp -s "$T/whole" "$T/tiled" || fail "timed plan tasks give the whole output"
planned=$(awk -F'"bytes":' '{ s += $2 + 0 } END { print s }' "$T/plan")
[ "$planned" -lt "$size" ] || fail "timed plan reads less than the file ($planned of $size)"
"$GENLOG" --size 5K --seed 9 >"$T/full.log"
"$LOGSCAN" index "$T/full.log" >/dev/null 2>&1 || fail "index full.log"
expect_status 0 "nothing in range: one empty task" \
    "$LOGSCAN" plan --since 2030-01-01 "$T/full.log"
expect_grep "$T/out" '"start":0,"end":0,"first_line":1,"bytes":0' "empty task"
expect_status 2 "plan: missing file" "$LOGSCAN" plan "$T/nope" "$f"
expect_grep "$T/err" "nope: No such file or directory" "plan missing message"
expect_grep "$T/out" '"start":0' "plan: other files still planned"
expect_status 2 "plan: bad task size" "$LOGSCAN" plan --task-size 0 "$f"
expect_status 2 "plan: no file" "$LOGSCAN" plan
finish
