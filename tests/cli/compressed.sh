#!/bin/sh
# Compressed logs (issue 13): every format the system tools make (gzip at
# several levels and as concatenated members, zstd with one and many
# frames, xz with one and many blocks and streams, bzip2 with one and many
# streams) is searched in place: `logscan grep FLAGS PAT NAME` on the
# compressed NAME prints exactly what it prints for the plain NAME (the
# same name shown), which GNU grep confirms on the plain file; slice's
# time and line ranges agree too.  Corrupt, truncated and empty streams,
# --no-decompress and --decompress on standard input.
. "$top_srcdir/tests/cli/lib.sh"

for tool in gzip zstd xz bzip2; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "$tool not installed: skipping"
		exit 77
	}
done
HAVE_GNU=0
grep --version 2>/dev/null | grep -q 'GNU grep' && HAVE_GNU=1

P="$T/plain"
mkdir "$P"
cp "$TESTDATA/grep/app.log" "$TESTDATA/grep/crlf.log" \
    "$TESTDATA/grep/nofinal.log" "$TESTDATA/grep/bin.log" \
    "$TESTDATA/grep/blank.log" "$P/"
# A generated log of about 600 KiB: more than one decoder chunk and read
# buffer, with timestamps for slice.
if [ -n "${GENLOG:-}" ] && [ -x "$GENLOG" ]; then
	"$GENLOG" --size 600K --seed 13 >"$P/gen.log"
else
	i=0
	while [ $i -lt 8000 ]; do
		printf '2026-03-01T%02d:%02d:%02dZ INFO line %d user=u%d\n' \
		    $((i / 3600 % 24)) $((i / 60 % 60)) $((i % 60)) $i $((i % 7))
		i=$((i + 1))
	done >"$P/gen.log"
fi
NAMES="app.log crlf.log nofinal.log bin.log blank.log gen.log"

# parts FILE CMD...: FILE cut into four pieces, each compressed by CMD
# (reading standard input), concatenated.
parts() {
	f=$1
	shift
	n=$(wc -l <"$f")
	n=$(((n + 3) / 4))
	[ "$n" -gt 0 ] || n=1
	rm -f "$T/part."*
	split -l "$n" "$f" "$T/part."
	for p in "$T/part."*; do
		"$@" <"$p"
	done
}

# compress KIND SRC DST
compress() {
	case $1 in
	gz) gzip -c <"$2" >"$3" ;;
	gz1) gzip -1 -c <"$2" >"$3" ;;
	gz9) gzip -9 -c <"$2" >"$3" ;;
	gzm) parts "$2" gzip -c >"$3" ;;
	zst) zstd -q -c <"$2" >"$3" ;;
	zstm) parts "$2" zstd -q -c >"$3" ;;
	xz) xz -c <"$2" >"$3" ;;
	xzb) xz -T2 --block-size=65536 -c <"$2" >"$3" ;;
	xzm) parts "$2" xz -c >"$3" ;;
	bz2) bzip2 -c <"$2" >"$3" ;;
	bz2m) parts "$2" bzip2 -c >"$3" ;;
	esac
}
KINDS="gz gz1 gz9 gzm zst zstm xz xzb xzm bz2 bz2m"

for k in $KINDS; do
	mkdir "$T/$k"
	for n in $NAMES; do
		compress "$k" "$P/$n" "$T/$k/$n"
	done
done

FLAGS='
-c
-n
-v -c
-l
-L
-o
-nb
-i
-w
-x -c
-m2 -n
-A1 -n
-B2
-C1 -b
-h
-H
-vn
-a
-I -c
--color=always -n
-c --window-size=4096
-n --window-size=4096 -A2
'

# same_grep KIND ARGS...: logscan in the plain and the KIND directory.
same_grep() {
	k=$1
	shift
	checks=$((checks + 1))
	(cd "$P" && "$LOGSCAN" grep "$@" >"$T/p.out" 2>"$T/p.err")
	prc=$?
	(cd "$T/$k" && "$LOGSCAN" grep "$@" >"$T/c.out" 2>"$T/c.err")
	crc=$?
	if [ "$prc" -ne "$crc" ]; then
		fail "$k: grep $*: exit $crc, plain $prc"
		sed 's/^/  stderr: /' "$T/c.err" | head -3 >&2
	elif ! cmp -s "$T/p.out" "$T/c.out"; then
		fail "$k: grep $*: stdout differs from the plain file's"
		diff "$T/p.out" "$T/c.out" | head -6 >&2
	elif ! cmp -s "$T/p.err" "$T/c.err"; then
		fail "$k: grep $*: stderr differs from the plain file's"
		diff "$T/p.err" "$T/c.err" | head -6 >&2
	fi
}

for k in $KINDS; do
	for pat in foo 'ERROR|^$'; do
		while IFS= read -r f <&3; do
			[ -n "$f" ] || continue
			# shellcheck disable=SC2086
			same_grep "$k" -E $f -- "$pat" $NAMES
		done 3<<EOF
$FLAGS
EOF
	done
	# One file at a time (no names), as zcat FILE | logscan grep.
	for n in $NAMES; do
		same_grep "$k" -n -E 'ERROR|foo' "$n"
		checks=$((checks + 1))
		case $k in
		gz*) dec="gzip -dc" ;;
		zst*) dec="zstd -dcq" ;;
		xz*) dec="xz -dc" ;;
		bz2*) dec="bzip2 -dc" ;;
		esac
		$dec <"$T/$k/$n" | "$LOGSCAN" grep -c -E 'ERROR|foo' \
		    >"$T/z.out" 2>/dev/null
		"$LOGSCAN" grep -c -E 'ERROR|foo' "$T/$k/$n" >"$T/l.out" \
		    2>/dev/null
		expect_same "$T/z.out" "$T/l.out" "$k/$n: grep -c vs $dec |"
	done
done

# GNU grep on the plain files says the same as logscan on compressed ones.
if [ "$HAVE_GNU" = 1 ]; then
	for f in -c -n -vn -o -l -C1 -i; do
		checks=$((checks + 1))
		# shellcheck disable=SC2086
		(cd "$P" && grep -E $f 'ERROR|foo' $NAMES >"$T/g.out" 2>&1)
		# shellcheck disable=SC2086
		(cd "$T/gzm" && "$LOGSCAN" grep -E $f 'ERROR|foo' $NAMES \
		    >"$T/l.out" 2>&1)
		sed 's/^grep:/logscan:/' "$T/g.out" >"$T/g.out2"
		expect_same "$T/g.out2" "$T/l.out" "GNU grep $f vs gzm"
	done
fi

# slice: a time range and line ranges through each format.
for k in $KINDS; do
	(cd "$P" && "$LOGSCAN" slice --since '2026-03-05 06:00' \
	    --until +2d gen.log >"$T/p.out" 2>&1)
	(cd "$T/$k" && "$LOGSCAN" slice --since '2026-03-05 06:00' \
	    --until +2d gen.log >"$T/c.out" 2>&1)
	expect_same "$T/p.out" "$T/c.out" "$k: slice --since/--until"
	for r in 100:250 2000: -7: 1:1; do
		(cd "$P" && "$LOGSCAN" slice --lines "$r" gen.log >"$T/p.out" \
		    2>&1)
		(cd "$T/$k" && "$LOGSCAN" slice --lines "$r" gen.log \
		    >"$T/c.out" 2>&1)
		expect_same "$T/p.out" "$T/c.out" "$k: slice --lines $r"
	done
	(cd "$P" && "$LOGSCAN" grep -n -E --since '2026-03-10 03:00' \
	    --until +3d 'user=(u3|mallory)' gen.log >"$T/p.out" 2>&1)
	(cd "$T/$k" && "$LOGSCAN" grep -n -E --since '2026-03-10 03:00' \
	    --until +3d 'user=(u3|mallory)' gen.log >"$T/c.out" 2>&1)
	expect_same "$T/p.out" "$T/c.out" "$k: grep --since/--until"
done
[ -s "$T/p.out" ] || fail "the time range selected nothing"

# Empty compressed files: nothing selected, no error.
for k in gz zst xz bz2; do
	: >"$T/empty.log"
	compress "$k" "$T/empty.log" "$T/empty.$k"
	expect_status 1 "empty $k: grep" "$LOGSCAN" grep x "$T/empty.$k"
	expect_empty "$T/err" "empty $k: no message"
	expect_status 1 "empty $k: grep -c" "$LOGSCAN" grep -c x \
	    "$T/empty.$k"
	echo 0 >"$T/zero"
	expect_same "$T/zero" "$T/out" "empty $k: count 0"
done

# Corrupt data: an error naming the file and the compressed offset, exit
# 2, never a crash.  The lines before it were searched.
flip() { # flip SRC DST OFFSET: SRC with the byte at OFFSET inverted
	python3 -c 'import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[int(sys.argv[3])] ^= 0xff
open(sys.argv[2], "wb").write(d)' "$@"
}
if command -v python3 >/dev/null 2>&1; then
	for k in gz zst xz bz2; do
		f="$T/$k/gen.log"
		size=$(wc -c <"$f")
		name=$k
		[ "$k" = gz ] && name=gzip
		[ "$k" = zst ] && name=zstd
		[ "$k" = bz2 ] && name=bzip2
		for at in 40 $((size / 2)) $((size - 6)); do
			flip "$f" "$T/bad.$k" "$at"
			expect_status 2 "corrupt $k at $at: exit" \
			    "$LOGSCAN" grep -c INFO "$T/bad.$k"
			expect_grep "$T/err" \
			    "^logscan: .*/bad\.$k: corrupt $name data at compressed byte [0-9]+" \
			    "corrupt $k at $at: message"
		done
	done
fi

# A truncated stream (a log still being compressed): what was complete is
# searched, with a warning; the lines that were printed are the plain
# file's first lines.
for k in gz zst xz bz2m; do
	f="$T/$k/gen.log"
	size=$(wc -c <"$f")
	head -c $((size * 3 / 4)) "$f" >"$T/trunc.$k"
	expect_status 0 "truncated $k: exit" "$LOGSCAN" grep -n '' \
	    "$T/trunc.$k"
	expect_grep "$T/err" \
	    "trunc\.$k: .* data ends early at compressed byte [0-9]+" \
	    "truncated $k: warning"
	n=$(wc -l <"$T/out")
	[ "$n" -gt 100 ] ||
	    fail "truncated $k: only $n lines came out"
	# All but a possibly cut last line are the plain file's lines.
	if [ "$n" -gt 1 ]; then
		head -n $((n - 1)) "$T/out" >"$T/got"
		grep -n '' "$P/gen.log" | head -n $((n - 1)) >"$T/want"
		expect_same "$T/want" "$T/got" "truncated $k: lines"
	fi
done

# Garbage after the last gzip member: gzip's warning, the data searched.
{ cat "$T/gz/gen.log"; printf 'not gzip at all\n'; } >"$T/garbage.gz"
expect_status 0 "garbage after gzip: exit" "$LOGSCAN" grep -c INFO \
    "$T/garbage.gz"
expect_grep "$T/err" "trailing garbage after the gzip data" \
    "garbage after gzip: warning"
grep -c INFO "$P/gen.log" >"$T/want"
expect_same "$T/want" "$T/out" "garbage after gzip: count"

# --no-decompress: the raw bytes, as GNU grep sees them.
expect_status 0 "--no-decompress" "$LOGSCAN" grep -c --no-decompress \
    -a . "$T/gz/gen.log"
grep -c -a . "$T/gz/gen.log" >"$T/want"
expect_same "$T/want" "$T/out" "--no-decompress counts raw lines"

# Standard input is decompressed only with --decompress; plain input
# passes through it unchanged.
for k in gz zst xz bz2; do
	expect_status 0 "stdin $k --decompress" sh -c \
	    '"$1" grep -n --decompress INFO <"$2"' sh "$LOGSCAN" \
	    "$T/$k/gen.log"
	grep -n INFO "$P/gen.log" >"$T/want"
	expect_same "$T/want" "$T/out" "stdin $k --decompress"
	cat "$T/$k/gen.log" | "$LOGSCAN" grep -c --decompress INFO \
	    >"$T/out" 2>"$T/err"
	grep -c INFO "$P/gen.log" >"$T/want"
	expect_same "$T/want" "$T/out" "pipe $k --decompress"
done
"$LOGSCAN" grep -c -a INFO <"$T/gz/gen.log" >"$T/out"
grep -c -a INFO <"$T/gz/gen.log" >"$T/want"
expect_same "$T/want" "$T/out" "stdin without --decompress: raw"
"$LOGSCAN" grep -n --decompress INFO <"$P/gen.log" >"$T/out"
grep -n INFO "$P/gen.log" >"$T/want"
expect_same "$T/want" "$T/out" "--decompress passes plain input through"

# The decoder runs in a thread of its own only when -j allows a second
# thread: -j 1 decompresses in the searching thread.  Same answers.
for j in 1 2; do
	expect_status 0 "grep -j $j --stats" "$LOGSCAN" grep -j "$j" --stats \
	    -c INFO "$T/gz/gen.log"
	cp "$T/out" "$T/count.$j"
	case $j in
	1) expect_grep "$T/err" 'decompressed in the searching thread' \
	       "-j 1: no decoder thread" ;;
	*) expect_grep "$T/err" 'decompressed by a thread of its own' \
	       "-j $j: a decoder thread" ;;
	esac
done
expect_same "$T/count.1" "$T/count.2" "-j 1 and -j 2 count alike"

# Text that starts like a bzip2 header is not taken for one.
printf 'BZh9 is not bzip2\nsecond line\n' >"$T/bzh.log"
expect_status 0 "BZh text" "$LOGSCAN" grep -c line "$T/bzh.log"
echo 1 >"$T/want"
expect_same "$T/want" "$T/out" "BZh text is plain"

finish
