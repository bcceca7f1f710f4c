#!/bin/sh
# `logscan index -jN` writes the same index, byte for byte, as -j1: with
# parts of a page and more, on logs with multi-line entries, empty lines,
# lines longer than a part, times that go back, no timestamps at all, a
# NUL, a last line without its newline, a DST fall-back read in a local
# zone, and when only an appended tail is indexed.
. "$top_srcdir/tests/cli/lib.sh"

# A log with a bit of everything, from genlog's lines.
"$GENLOG" --size 400K --seed 11 >"$T/base"
awk 'BEGIN { long = ""; for (i = 0; i < 900; i++) long = long "0123456789" }
{
	print
	if (NR % 7 == 0) {
		print "java.lang.IllegalStateException: boom " NR
		print "    at com.example.Foo.bar(Foo.java:" NR ")"
		print "    at com.example.Main.main(Main.java:1)"
	}
	if (NR % 13 == 0)
		print ""
	if (NR % 50 == 0)        # a line longer than a part of 4 KiB
		print substr($0, 1, 30) long
	if (NR == 1200)          # longer than most parts here
		for (i = 0; i < 8; i++) printf "%s", long
	if (NR == 1200)
		print ""
	if (NR % 97 == 0)        # an entry from the past
		print "2026-02-27T10:00:00.000Z WARN late entry " NR
}' "$T/base" >"$T/multi.log"
printf 'a NUL \000 in a line\n' >>"$T/multi.log"
printf '2026-03-09T00:00:00.000Z INFO no newline at the end' \
    >>"$T/multi.log"

# No timestamps: numbers, and a long line.
seq 1 60000 >"$T/plain.log"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "x"; print "" }' \
    >>"$T/plain.log"
seq 1 2000 >>"$T/plain.log"

# Zone-less times through New York's fall-back (the wall clock repeats
# 01:00-02:00 on 2026-11-01): a part that starts in the repeated hour
# cannot read its first time alone.
awk 'BEGIN {
	t = 0
	for (h = 0; h < 4; h++) for (m = 0; m < 60; m++) for (s = 0; s < 60; s += 20) {
		hh = h
		if (h == 2) hh = 1          # the repeated hour
		if (h == 3) hh = 2
		printf "2026-11-01 %02d:%02d:%02d event %d\n", hh, m, s, t++
	}
}' >"$T/dst.log"

# build_all NAME LOG [OPTIONS...]: -j1 against -j2/3/7 with parts of
# 4096, 10000 and 65536 bytes; the index files must be identical.
build_all() {
	name=$1 log=$2
	shift 2
	rm -rf "$T/ref" && mkdir "$T/ref"
	"$LOGSCAN" index -j1 --force --index-dir "$T/ref" "$@" "$log" \
	    2>"$T/referr" || fail "$name: -j1 build"
	for j in 2 3 7; do
		for cs in 4096 10000 65536; do
			rm -rf "$T/got" && mkdir "$T/got"
			LOGSCAN_CHUNK_SIZE=$cs "$LOGSCAN" index -j$j --force \
			    --stats --index-dir "$T/got" "$@" "$log" \
			    2>"$T/goterr" || fail "$name: -j$j parts of $cs"
			# A log no larger than a part is read in order.
			[ "$(wc -c <"$log")" -gt "$cs" ] &&
			    expect_grep "$T/goterr" "; $j threads, [0-9]+ parts" \
			    "$name: -j$j parts of $cs ran in parts"
			expect_same "$T/ref"/*.lsidx "$T/got"/*.lsidx \
			    "$name: -j$j parts of $cs equals -j1"
		done
	done
}

build_all multi "$T/multi.log"
build_all "multi, small groups" "$T/multi.log" --group-lines 5 \
    --group-bytes 1K
build_all "multi, 50 lines" "$T/multi.log" --group-lines 50 \
    --group-bytes 1M
build_all "multi, by bytes" "$T/multi.log" --group-lines 100000 \
    --group-bytes 1K
build_all plain "$T/plain.log" --group-lines 100
# Lines of 6 bytes: groups of 600 bytes end exactly at a line's end.
build_all "plain, by bytes" "$T/plain.log" --group-lines 100000 \
    --group-bytes 600
TZ=America/New_York build_all dst "$T/dst.log" --group-lines 64

# The fall-back hour was read again in order, at least once.
TZ=America/New_York LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" index -j2 --force \
    --stats --index-dir "$T/got" "$T/dst.log" 2>"$T/err"
expect_grep "$T/err" '\(([1-9][0-9]*) read again in order\)' \
    "dst: a part in the repeated hour is read in order"
# And the index knows the second 01:xx hour as the later one: a query
# for it through the index finds exactly the lines of the second pass.
TZ=America/New_York "$LOGSCAN" index -j1 --force "$T/dst.log"
TZ=America/New_York "$LOGSCAN" grep -c --since '2026-11-01T06:00:00Z' \
    --until '2026-11-01T07:00:00Z' '' "$T/dst.log" >"$T/out" ||
    fail "dst: query"
echo 180 >"$T/want"
expect_same "$T/want" "$T/out" "dst: the repeated hour, second pass"

# An appended tail indexed with parts equals a full -j1 build.
head -c 300000 "$T/multi.log" >"$T/app.log"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" index -j2 --group-lines 20 \
    "$T/app.log" || fail "append: first build"
for step in 1 2; do
	if [ "$step" -eq 1 ]; then
		tail -c +300001 "$T/multi.log" | head -c 123457 >>"$T/app.log"
	else
		tail -c +423458 "$T/multi.log" >>"$T/app.log"
	fi
	LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" index -j3 --stats "$T/app.log" \
	    2>"$T/err" || fail "append $step: tail build"
	expect_grep "$T/err" ': tail: scanned .*; 3 threads, [0-9]+ parts' \
	    "append $step: a tail build in parts"
	rm -rf "$T/ref" && mkdir "$T/ref"
	"$LOGSCAN" index -j1 --force --group-lines 20 --index-dir "$T/ref" \
	    "$T/app.log" || fail "append $step: full build"
	expect_same "$T/app.log.lsidx" "$T/ref"/*.lsidx \
	    "append $step: tail build in parts equals a full -j1 build"
done

# A compressed log keeps its decoder: read in order, the same index.
if command -v gzip >/dev/null 2>&1; then
	gzip -c "$T/multi.log" >"$T/multi.log.gz"
	rm -rf "$T/ref" "$T/got" && mkdir "$T/ref" "$T/got"
	"$LOGSCAN" index -j1 --index-dir "$T/ref" "$T/multi.log.gz" ||
	    fail "gzip: -j1"
	LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" index -j2 --stats \
	    --index-dir "$T/got" "$T/multi.log.gz" 2>"$T/err" ||
	    fail "gzip: -j2"
	checks=$((checks + 1))
	if grep -q 'threads, .* parts' "$T/err"; then
		fail "gzip: read in parts"
	fi
	expect_same "$T/ref"/*.lsidx "$T/got"/*.lsidx "gzip: -j2 equals -j1"
fi

# -j is checked like grep's.
expect_status 2 "-j0" "$LOGSCAN" index -j0 "$T/plain.log"

finish
