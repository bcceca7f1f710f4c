#!/bin/sh
# grep -j: with several threads, the output (stdout, stderr and the exit
# status) is byte for byte what one thread gives, for every flag family:
# files searched at once, and one file searched in parts.
# LOGSCAN_CHUNK_SIZE sets the size of the parts (a test knob; the default
# is 16 MiB): parts of a few bytes to a few pages put line starts, -m
# counts, -n numbers, a NUL (grep's binary-file rule) and a line longer
# than a part on every boundary.  No timing is measured.
. "$top_srcdir/tests/cli/lib.sh"

# ---- inputs ----------------------------------------------------------------
G="$T/g"
mkdir "$G" "$G/tree" "$G/tree/sub"
awk 'BEGIN {
	for (i = 1; i <= 6000; i++) {
		if (i % 97 == 0)
			printf "ERROR %d boom\n", i
		else if (i % 13 == 0)
			printf "WARN %d slow\n", i
		else
			printf "info %d ok\n", i
		if (i % 1500 == 0) {
			# a line longer than most parts
			for (k = 0; k < 9000; k++) printf "x"
			printf " ERROR long\n"
		}
		if (i % 2000 == 0) print ""
	}
	printf "ERROR no final newline"
}' >"$G/text.log"
# The same with a NUL in the middle (grep: "binary file matches").
{ head -c 40000 "$G/text.log"; printf 'ERROR\0nul\n'; tail -c +40001 "$G/text.log"; } \
    >"$G/nul.log"
# A NUL a few bytes after a part boundary of 4096, inside the block of
# the last lines of the part before (grep's rule looks ahead).
{ head -c 8200 "$G/text.log"; printf '\0\n'; tail -c +8201 "$G/text.log"; } \
    >"$G/nulnear.log"
for i in 1 2 3 4 5 6 7 8; do
	head -n $((i * 300)) "$G/text.log" >"$G/tree/f$i.log"
	tail -n $((i * 200)) "$G/text.log" >"$G/tree/sub/g$i.log"
done
cp "$G/nul.log" "$G/tree/sub/bin.log"

# same DESC ARGS...: `logscan grep ARGS` with -j1 and with several
# threads and part sizes gives the same bytes and status.
same() {
	_d=$1
	shift
	same_threads grep "$_d" "2:4096 3:1000 7:4096 2:65536 4:7" "$@"
}

# ---- one file in parts ---------------------------------------------------------
for f in text.log nul.log nulnear.log; do
	while IFS= read -r flags <&3; do
		# shellcheck disable=SC2086
		same "$f $flags" $flags "$G/$f"
	done 3<<'EOF'
ERROR
-n ERROR
-b ERROR
-nb -o [0-9]+7
-c ERROR
-v -c ERROR
-vn WARN
-l ERROR
-L ERROR
-q ERROR
-q nomatch
-m1 -n ERROR
-m5 -n ERROR
-m13 -b ERROR
-m1000 -c ERROR
-m7 -c -v ERROR
-m3 -l ERROR
-a -n ERROR
-I ERROR
-I -c ERROR
-I -L ERROR
-H --color=always -n ERROR|WARN
-x -n
-c ^$
-n -e ERROR -e long
-T -n ERROR
EOF
done

# ---- one file in parts, with context --------------------------------------
# Each part prints its own lines, reading -A + 1 lines before it and -B
# after it for the matches there: "--" and context lines across part
# boundaries.  dense.log has matches close together (runs of adjacent
# ones, gaps of a few lines) and lines of 16 bytes, so that with parts of
# 4096 bytes (256 lines) matches fall on, just before and just after
# every boundary; text.log adds lines longer than a part.
awk 'BEGIN { for (i = 1; i <= 4000; i++) {
	r = (i * 7919) % 23
	if (r < 4 || i % 256 == 0 || i % 256 == 1 || i % 256 == 255)
		printf "ERROR %09d\n", i
	else
		printf "info  %09d\n", i } }' >"$G/dense.log"
for f in dense.log text.log nul.log nulnear.log; do
	while IFS= read -r flags <&3; do
		# shellcheck disable=SC2086
		same "$f $flags" $flags "$G/$f"
	done 3<<'EOF'
-A2 ERROR
-B3 ERROR
-C1 ERROR
-C0 ERROR
-A1 -B5 ERROR
-n -A2 ERROR
-n -B3 ERROR
-n -C1 ERROR
-n -A1 -B5 ERROR
-b -C2 ERROR
-nb -B1 ERROR
-T -n -C2 ERROR
-n -C30 ERROR
-v -n -C1 ERROR
-o -n -C1 [0-9]+7
-H --color=always -n -C2 ERROR|WARN
--no-group-separator -n -A1 ERROR
--group-separator=XX -B2 ERROR
-c -C2 ERROR
-l -C2 ERROR
-a -n -C2 ERROR
-I -C1 ERROR
-m5 -n -C2 ERROR
EOF
done
# Context parts are searched by the workers (not one thread for the
# file), and agree with GNU grep.
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j2 --stats -C1 ERROR \
    "$G/dense.log" >/dev/null 2>"$T/err"
expect_grep "$T/err" "dense.log: 16 parts of 4096 bytes" \
    "-C searches one file in parts"
if grep --version 2>/dev/null | grep -q 'GNU grep'; then
	for flags in "-n -C2" "-B3" "-nb -A4" "-C0" "-n -A1 -B5"; do
		checks=$((checks + 1))
		# shellcheck disable=SC2086
		LC_ALL=C grep $flags ERROR "$G/dense.log" >"$T/want"
		# shellcheck disable=SC2086
		LC_ALL=C LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j3 $flags \
		    ERROR "$G/dense.log" >"$T/got"
		cmp -s "$T/want" "$T/got" ||
		    fail "GNU grep $flags vs -j3 in parts"
	done
fi

# A pattern that makes PCRE2 give up on a line deep in the file: the
# message names that line's number in the file (not in its part), with
# and without -n, and the lines before it print as with one thread.
awk 'BEGIN { for (i = 1; i <= 3000; i++) print "ok " i; s = "";
    for (i = 0; i < 60; i++) s = s "a"; print s "!";
    for (i = 1; i <= 50; i++) print "ok " i }' >"$G/patho.log"
same "match limit with -n" -P -n '^(\w+\s?)*$' "$G/patho.log"
same "match limit" -P '^(\w+\s?)*$' "$G/patho.log"
same "match limit with -C1" -P -C1 '^(\w+\s?)*$' "$G/patho.log"
same "match limit with -n -B2" -P -n -B2 '^(\w+\s?)*$' "$G/patho.log"
LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep -j2 -P '^(\w+\s?)*$' \
    "$G/patho.log" >/dev/null 2>"$T/err"
expect_grep "$T/err" "match limit on line 3001$" "match limit's line in a part"

# ---- many files at once ----------------------------------------------------------
while IFS= read -r flags <&3; do
	# shellcheck disable=SC2086
	same "-r $flags" -r $flags "$G/tree"
done 3<<'EOF'
ERROR
-n ERROR
-c ERROR
-l ERROR
-L WARN
-q ERROR
-m2 -n ERROR
-C2 -n ERROR
-A1 ERROR
-B3 -n WARN
-C1 --group-separator=XX ERROR
-c -C1 ERROR
-o -b -C1 [0-9]+7
--color=always -C1 ERROR
-Z -l WARN
-s ERROR
EOF
# Many small files, searched in batches: messages (a small binary file
# says "binary file matches") stay between the right files' lines, and
# "--" separators run across batches, with stdout and stderr together.
B="$T/many"
mkdir "$B" "$B/d1" "$B/d2"
awk -v dir="$B" 'BEGIN {
	for (f = 0; f < 230; f++) {
		name = sprintf("%s/d%d/f%03d.log", dir, 1 + f % 2, f)
		for (i = 1; i <= 1 + f % 11; i++)
			if ((f * 7 + i) % 5 == 0)
				printf "ERROR %d in %d\n", i, f >name
			else
				printf "info %d in %d\n", i, f >name
		if (f % 9 == 4)
			printf "ERROR x%cy\n", 0 >name
		close(name)
	}
}'
# One file above the batch size between them.
awk 'BEGIN { for (i = 0; i < 9000; i++) printf "ERROR big %d\n", i }' \
    >"$B/d1/f100.log"
together() {
	desc=$1
	shift
	"$LOGSCAN" grep -j1 "$@" >"$T/want" 2>&1
	want_rc=$?
	for j in 2 3 7; do
		checks=$((checks + 1))
		"$LOGSCAN" grep -j"$j" "$@" >"$T/got" 2>&1
		rc=$?
		if [ "$rc" -ne "$want_rc" ]; then
			fail "$desc (-j$j): exit $rc, -j1 $want_rc"
		elif ! cmp -s "$T/want" "$T/got"; then
			fail "$desc (-j$j): output differs"
			diff "$T/want" "$T/got" | head -6 >&2
		fi
	done
}
while IFS= read -r flags <&3; do
	# shellcheck disable=SC2086
	together "batches $flags" -r $flags "$B"
done 3<<'EOF'
ERROR
-n ERROR
-c ERROR
-C1 -n ERROR
-A2 info
-l ERROR
-L ERROR
-m1 ERROR
-o -b [0-9]+
-v -c ERROR
-q ERROR
EOF
expect_status 1 "a batch selects nothing" "$LOGSCAN" grep -j2 -r nomatch "$B"
"$LOGSCAN" grep -j2 -r -n ERROR "$B" >"$T/got" 2>&1
grep -q "f004.log: binary file matches" "$T/got" ||
    fail "the batch test has no message between files"

# Files named on the command line, a missing one between them, and
# standard input: errors and output stay in command-line order.
same "operands" -n ERROR "$G/tree/f1.log" "$G/missing.log" "$G/text.log" \
    "$G/tree/sub/bin.log" "$G/tree/f2.log"
same "operands, context" -C1 ERROR "$G/tree/f3.log" "$G/missing.log" \
    "$G/tree/f4.log"
checks=$((checks + 1))
printf 'stdin ERROR\n' | "$LOGSCAN" grep -j3 -H ERROR "$G/tree/f1.log" - \
    "$G/tree/f2.log" >"$T/got" 2>&1
{ "$LOGSCAN" grep -j1 -H ERROR "$G/tree/f1.log"
  echo "(standard input):stdin ERROR"
  "$LOGSCAN" grep -j1 -H ERROR "$G/tree/f2.log"; } >"$T/want"
cmp -s "$T/want" "$T/got" || fail "standard input in its place among files"

# ---- the option, the config key, --stats -------------------------------------
expect_status 2 "-j0" "$LOGSCAN" grep -j0 x "$G/text.log"
expect_grep "$T/err" "bad --threads" "-j0 is refused"
expect_status 2 "-j abc" "$LOGSCAN" grep --threads=abc x "$G/text.log"
expect_status 2 "-j 1025" "$LOGSCAN" grep --threads=1025 x "$G/text.log"
printf 'defaults:\n  threads: 3\n' >"$T/conf.yaml"
expect_status 0 "threads from the config" \
    env LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep --config "$T/conf.yaml" --stats -c ERROR "$G/text.log"
expect_grep "$T/err" "^logscan: stats: 3 threads, 0 files and [0-9]+ parts" \
    "--stats names the config's threads and the parts"
expect_status 0 "-j wins over the config" \
    env LOGSCAN_CHUNK_SIZE=4096 "$LOGSCAN" grep --config "$T/conf.yaml" -j2 --stats -c ERROR "$G/text.log"
expect_grep "$T/err" "^logscan: stats: 2 threads" "-j wins"
printf 'defaults:\n  threads: 0\n' >"$T/bad.yaml"
expect_status 2 "threads: 0" "$LOGSCAN" grep --config "$T/bad.yaml" x \
    "$G/text.log"
expect_status 2 "a bad LOGSCAN_CHUNK_SIZE" \
    env LOGSCAN_CHUNK_SIZE=nonsense "$LOGSCAN" grep -j2 x "$G/text.log"
expect_grep "$T/err" "LOGSCAN_CHUNK_SIZE" "the variable is named"

finish
