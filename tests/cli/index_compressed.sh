#!/bin/sh
# An index on a compressed log (issue 13): `logscan index` records restart
# points (gzip deflate blocks and members, zstd frames, xz and bzip2
# blocks and streams); a slice through the index decompresses only from the nearest
# one and prints exactly the plain log's lines; info reports the points or
# why there are none; a changed compressed file makes the index stale.
. "$top_srcdir/tests/cli/lib.sh"

for tool in gzip zstd xz bzip2; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "$tool not installed: skipping"
		exit 77
	}
done
[ -n "${GENLOG:-}" ] && [ -x "$GENLOG" ] || {
	echo "genlog not built: skipping"
	exit 77
}

cd "$T" || exit 1
# 12 MiB of log over 30 days: gzip makes about 2 MiB of it, room for
# restart points (one per MiB of compressed input).
"$GENLOG" --size 12M --seed 21 >plain.log
n=$(wc -l <plain.log)
q=$(((n + 3) / 4))
split -l "$q" plain.log part.
gzip -c <plain.log >one.gz
for p in part.*; do gzip -c <"$p"; done >multi.gz
zstd -q -c <plain.log >one.zst
for p in part.*; do zstd -q -c <"$p"; done >multi.zst
for p in part.*; do xz -1 -c <"$p"; done >multi.xz
# One stream of many blocks (what xz -T0 writes), and one of one block.
xz -1 -T1 --block-size=1MiB -c <plain.log >blocks.xz
xz -1 -T1 -c <plain.log >one.xz
# Two streams of several blocks: a slice from a block of the first goes
# through that stream's index into the second.
{ cat part.aa part.ab | xz -1 -T1 --block-size=512KiB -c
  cat part.ac part.ad | xz -1 -T1 --block-size=512KiB -c; } >mixed.xz
for p in part.*; do bzip2 -c <"$p"; done >multi.bz2
# One bzip2 stream, as bzip2 and logrotate write it: its blocks (900 kB
# of log each) start at bit offsets.
bzip2 -c <plain.log >one.bz2
FILES="one.gz multi.gz one.zst multi.zst multi.xz blocks.xz mixed.xz multi.bz2
one.bz2"
size=$(wc -c <plain.log)

for f in $FILES; do
	expect_status 0 "index $f" "$LOGSCAN" index "$f"
	[ -f "$f.lsidx" ] || fail "index $f: no $f.lsidx"
done
for f in one.gz multi.gz multi.zst multi.xz blocks.xz multi.bz2 one.bz2; do
	expect_status 0 "info $f" "$LOGSCAN" info "$f"
	expect_grep "$T/out" '^  restart_points: [1-9]' "info $f: restart points"
	expect_grep "$T/out" '^compressed: (gzip|zstd|xz|bzip2)$' \
	    "info $f: format"
	expect_grep "$T/out" "^lines: $n\$" "info $f: lines"
	expect_grep "$T/out" '^  freshness: fresh' "info $f: fresh"
done
expect_status 0 "info one.zst" "$LOGSCAN" info one.zst
expect_grep "$T/out" '^  restart_points: 0' "info one.zst: no points"
expect_grep "$T/out" 'random_access: .*one zstd frame' \
    "info one.zst: says why"
expect_status 0 "index one.xz" "$LOGSCAN" index one.xz
expect_status 0 "info one.xz" "$LOGSCAN" info one.xz
expect_grep "$T/out" '^  restart_points: 0' "info one.xz: no points"
expect_grep "$T/out" 'random_access: .*one xz block' "info one.xz: says why"
# blocks.xz: a point at every block, from the file's index, not only at
# its one stream's start.
nblocks=$(xz --robot -l blocks.xz | awk '$1 == "totals" { print $3 }')
[ "${nblocks:-0}" -gt 8 ] || fail "blocks.xz: only ${nblocks:-no} blocks"
expect_status 0 "info blocks.xz" "$LOGSCAN" info blocks.xz
expect_grep "$T/out" "^  restart_points: $((nblocks - 1))\$" \
    "blocks.xz: a point at each block but the first"

# one.bz2: a point at every block but the first (blocks lie far more
# than 64 KiB of compressed bytes apart), bzip2recover counting them.
if command -v bzip2recover >/dev/null 2>&1; then
	mkdir rec && cp one.bz2 rec/
	nbz=$(cd rec && bzip2recover one.bz2 2>&1 | grep -c 'block [0-9]* runs')
	rm -rf rec
	[ "${nbz:-0}" -gt 8 ] || fail "one.bz2: only ${nbz:-no} blocks"
	expect_status 0 "info one.bz2" "$LOGSCAN" info one.bz2
	expect_grep "$T/out" "^  restart_points: $((nbz - 1))\$" \
	    "one.bz2: a point at each block but the first"
fi
head -c 300000 plain.log | bzip2 -c >oneblock.bz2
expect_status 0 "index oneblock.bz2" "$LOGSCAN" index oneblock.bz2
expect_status 0 "info oneblock.bz2" "$LOGSCAN" info oneblock.bz2
expect_grep "$T/out" '^  restart_points: 0' "info oneblock.bz2: no points"
expect_grep "$T/out" 'random_access: .*bzip2 block holds' \
    "info oneblock.bz2: says why"

# info's time span ends at the log's last timestamp: read from the last
# group on (the nearest restart point) with an index, from the start
# without one.  formats --detect shows an example line of the
# decompressed log, as it does of the plain one.
"$LOGSCAN" info plain.log | sed -n '/^time_span:/,$p' >want.span
"$LOGSCAN" formats --detect plain.log | grep -A1 '^  example:' >want.ex
grep -q '^  last: "2026-' want.span || fail "plain.log: no last time"
for f in $FILES; do
	cp "$f" "noidx.$f"
	for g in "$f" "noidx.$f"; do
		expect_status 0 "info $g (time span)" "$LOGSCAN" info "$g"
		sed -n '/^time_span:/,$p' "$T/out" >got.span
		expect_same want.span got.span "info $g: time_span"
	done
	rm -f "noidx.$f" "noidx.$f.lsidx"
	expect_status 0 "formats --detect $f" "$LOGSCAN" formats --detect "$f"
	grep -A1 '^  example:' "$T/out" >got.ex
	expect_same want.ex got.ex "formats --detect $f: example line"
done

# The index stays under 1% of the compressed size.
for f in one.gz multi.gz one.bz2; do
	c=$(wc -c <"$f")
	i=$(wc -c <"$f.lsidx")
	checks=$((checks + 1))
	[ $((i * 100)) -lt "$c" ] ||
	    fail "$f: index of $i bytes for $c compressed"
done

# Slices late in the log: the plain file's lines, and (with restart
# points) far less than the whole log decompressed.
for f in $FILES; do
	for r in "2026-03-27 10:00|+1h" "2026-03-02|+3h" "2026-03-29 23:00|+3d"; do
		since=${r%|*}
		until=${r#*|}
		"$LOGSCAN" slice --since "$since" --until "$until" plain.log \
		    >want 2>/dev/null
		"$LOGSCAN" slice --stats --since "$since" --until "$until" "$f" \
		    >got 2>stats
		expect_same want got "$f: slice --since '$since' --until $until"
		expect_grep stats 'index fresh' "$f: slice used the index"
	done
	read_bytes=$(sed -n 's/.* decompressed \([0-9]*\) bytes.*/\1/p' stats |
	    head -1)
	case $f in
	one.zst) ;;
	*)
		"$LOGSCAN" slice --stats --since "2026-03-27 10:00" \
		    --until +1h "$f" >/dev/null 2>stats
		read_bytes=$(sed -n 's/.* decompressed \([0-9]*\) bytes.*/\1/p' stats |
		    head -1)
		checks=$((checks + 1))
		[ -n "$read_bytes" ] && [ "$read_bytes" -lt $((size / 2)) ] ||
		    fail "$f: a late slice decompressed $read_bytes of $size bytes"
		;;
	esac
	case $f in
	one.bz2)
		# From the block before the hour: at most a block of 900 kB
		# and a group before it, of 12 MiB.
		checks=$((checks + 1))
		[ "$read_bytes" -lt 2000000 ] ||
		    fail "$f: a late slice decompressed $read_bytes bytes"
		"$LOGSCAN" slice --stats --lines "$((n - 100)):+10" "$f" \
		    >/dev/null 2>stats
		read_bytes=$(sed -n 's/.* decompressed \([0-9]*\) bytes.*/\1/p' stats |
		    head -1)
		checks=$((checks + 1))
		[ -n "$read_bytes" ] && [ "$read_bytes" -lt 2000000 ] ||
		    fail "$f: --lines near the end decompressed $read_bytes bytes"
		;;
	esac
	for l in "$((n - 1000)):+20" "$((n / 2)):+5" "$((n - 3)):" "1:3" \
	    "$((2 * q - 5)):+10"; do
		"$LOGSCAN" slice --lines "$l" plain.log >want 2>/dev/null
		"$LOGSCAN" slice --lines "$l" "$f" >got 2>/dev/null
		expect_same want got "$f: slice --lines $l"
	done
	"$LOGSCAN" grep -n -c --since "2026-03-20" --until +2d mallory \
	    plain.log >want 2>/dev/null
	"$LOGSCAN" grep -n -c --since "2026-03-20" --until +2d mallory \
	    "$f" >got 2>/dev/null
	expect_same want got "$f: grep -c --since through the index"
done

# A bzip2 stream cut short inside a block: as without an index, the
# complete blocks' lines and a warning, whether the slice starts at the
# stream or at a block.
c=$(wc -c <one.bz2)
head -c $((c * 2 / 3)) one.bz2 >cut.bz2
"$LOGSCAN" slice --index=never --lines "$((n / 3)):" cut.bz2 >want 2>wanterr
grep -q 'ends early' wanterr || fail "cut.bz2: no warning without an index"
expect_status 0 "index cut.bz2" "$LOGSCAN" index cut.bz2
for l in "1:+5" "$((n / 2)):+100" "$((n / 3)):"; do
	"$LOGSCAN" slice --index=never --lines "$l" cut.bz2 >want 2>/dev/null
	expect_status 0 "slice cut.bz2 $l" "$LOGSCAN" slice --lines "$l" cut.bz2
	expect_same want "$T/out" "cut.bz2: slice --lines $l through the index"
done
expect_grep "$T/err" 'ends early' "cut.bz2: a slice to the end warned"
expect_status 0 "info cut.bz2" "$LOGSCAN" info cut.bz2
expect_grep "$T/out" '^  restart_points: [1-9]' "cut.bz2: points"

# An index of the version before bzip2 block points is old: rebuilt,
# never read as this version's.
python3 - one.bz2.lsidx <<'EOF' || fail "could not age the index"
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
b[8:12] = struct.pack("<I", 6)
h = 0xcbf29ce484222325
for c in b[:-8]:
    h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
b[-8:] = struct.pack("<Q", h)
open(sys.argv[1], "wb").write(b)
EOF
expect_status 0 "info, old index" "$LOGSCAN" info one.bz2
expect_grep "$T/out" 'freshness: (old|stale)' "old index: not fresh"
"$LOGSCAN" slice --lines "$((n - 50)):+10" plain.log >want
expect_status 0 "slice, old index" "$LOGSCAN" slice --lines \
    "$((n - 50)):+10" one.bz2
expect_same want "$T/out" "old index: right answer"
expect_status 0 "reindex old" "$LOGSCAN" index one.bz2
expect_status 0 "info, rebuilt" "$LOGSCAN" info one.bz2
expect_grep "$T/out" '^  version: 7$' "old index: rebuilt as version 7"
expect_grep "$T/out" '^  freshness: fresh' "old index: rebuilt, fresh"

# A changed compressed file: the index is stale, the answer still right,
# and logscan index builds it again.
cp one.gz keep.gz
{ cat one.gz; gzip -c <part.aa; } >one.gz.new && mv one.gz.new one.gz
{ cat plain.log part.aa; } >plain2.log
"$LOGSCAN" slice --lines "$((n + 10)):+5" plain2.log >want 2>/dev/null
expect_status 0 "stale index: slice" "$LOGSCAN" slice --stats \
    --lines "$((n + 10)):+5" one.gz
expect_same want "$T/out" "stale index: lines of the new member"
expect_status 0 "info after change" "$LOGSCAN" info one.gz
expect_grep "$T/out" '^  freshness: stale' "changed .gz: stale"
expect_status 0 "reindex" "$LOGSCAN" index one.gz
expect_status 0 "info after reindex" "$LOGSCAN" info one.gz
expect_grep "$T/out" '^  freshness: fresh' "reindexed .gz: fresh"

# A damaged restart point: the index is corrupt, never used, and the
# answer comes from the log.
cp keep.gz one.gz
"$LOGSCAN" index one.gz >/dev/null 2>&1
python3 - one.gz.lsidx <<'EOF' || fail "could not damage the index"
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
ng = struct.unpack_from("<Q", b, 80)[0]
at = 176 + 40 * ng + 40          # the first point
b[at + 15] ^= 0x40               # its out offset, past the log
h = 0xcbf29ce484222325
for c in b[:-8]:
    h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
b[-8:] = struct.pack("<Q", h)
open(sys.argv[1], "wb").write(b)
EOF
"$LOGSCAN" slice --since "2026-03-27 10:00" --until +1h plain.log >want
expect_status 0 "corrupt points: slice" "$LOGSCAN" slice \
    --since "2026-03-27 10:00" --until +1h one.gz
expect_same want "$T/out" "corrupt points: answer from the log"
expect_grep "$T/err" 'corrupt index' "corrupt points: said so"

# A compressed log still being written, cut at 2/3 of its bytes: every
# command that reads it to the end (index, info for its last timestamp,
# hist) warns as grep does, exit 0; the index is fresh and answers for
# the complete part exactly as the plain log does.
"$LOGSCAN" slice --since 2026-03-08 --until +2d plain.log >want.mid
"$LOGSCAN" slice --since 2026-03-08 plain.log >want.late
"$LOGSCAN" slice --lines "$((n / 4)):+50" plain.log >want.lines
for f in one.gz multi.zst blocks.xz one.bz2; do
	c=tcut.${f#*.}
	cut=$(($(wc -c <"$f") * 2 / 3))
	head -c "$cut" "$f" >"$c"
	warn="^logscan: $c: (gzip|zstd|xz|bzip2) data ends early at compressed byte $cut \\(truncated"
	for cmd in index info hist; do
		expect_status 0 "$cmd $c" "$LOGSCAN" "$cmd" "$c"
		expect_grep "$T/err" "$warn" "$cmd $c: the truncation warning"
	done
	expect_status 0 "info $c again" "$LOGSCAN" info "$c"
	expect_grep "$T/out" '^  freshness: fresh' "info $c: fresh"
	expect_status 0 "slice $c" "$LOGSCAN" slice --stats \
	    --since 2026-03-08 --until +2d "$c"
	expect_same want.mid "$T/out" "$c: a slice before the cut"
	expect_grep "$T/err" 'index fresh' "$c: the slice used the index"
	expect_status 0 "slice --lines $c" "$LOGSCAN" slice --lines \
	    "$((n / 4)):+50" "$c"
	expect_same want.lines "$T/out" "$c: slice --lines before the cut"
	# To the end: the plain log's lines up to the cut, the last one
	# perhaps cut short, then the warning.
	expect_status 0 "slice to the end $c" "$LOGSCAN" slice \
	    --since 2026-03-08 "$c"
	expect_grep "$T/err" "$warn" "slice $c: the truncation warning"
	got=$(wc -l <"$T/out")
	checks=$((checks + 1))
	[ "$got" -gt "$(wc -l <want.mid)" ] ||
	    fail "$c: only $got lines up to the cut"
	head -n $((got - 1)) "$T/out" >got.late
	head -n $((got - 1)) want.late >want.prefix
	expect_same want.prefix got.late "$c: the lines up to the cut"
done

# --stats on a compressed log says what was decompressed and from where
# (its start, or a restart point's compressed and log offsets), never a
# share of the compressed file's size.
expect_status 0 "grep --stats blocks.xz" "$LOGSCAN" grep --stats -c mallory \
    blocks.xz
expect_grep "$T/err" "^logscan: stats: blocks\.xz: decompressed $size bytes of xz data from its start, [0-9]+ windows" \
    "grep --stats: decompressed from the start"
expect_status 0 "index --force --stats" "$LOGSCAN" index --force --stats \
    blocks.xz
expect_grep "$T/err" "^logscan: blocks\.xz: full .*: decompressed $size bytes of xz data from its start; [0-9]+ groups, $n lines" \
    "index --stats: decompressed from the start"
"$LOGSCAN" grep -b -m1 '^2026-03-27T10:' plain.log >first
first=$(cut -d: -f1 first)
expect_status 0 "slice --stats blocks.xz" "$LOGSCAN" slice --stats \
    --since "2026-03-27 10:00" --until +1h blocks.xz
at='decompressed [0-9]+ bytes of xz data from the restart point at compressed byte [1-9][0-9]* \(log byte ([1-9][0-9]*)\)'
expect_grep "$T/err" "$at" "slice --stats: from a restart point"
from=$(sed -En "s/.*$at.*/\\1/p" "$T/err")
checks=$((checks + 1))
[ -n "$from" ] && [ "$from" -le "$first" ] ||
    fail "slice --stats: restart at log byte ${from:-?}, the hour at $first"
for c in "slice --since 2026-03-27 --until +1h" "hist --since 2026-03-01"; do
	# shellcheck disable=SC2086
	expect_status 0 "$c --stats" "$LOGSCAN" $c --stats blocks.xz
	expect_grep "$T/err" 'decompressed [0-9]+ bytes of xz data' \
	    "$c --stats: decompressed"
	checks=$((checks + 1))
	! grep -Eq 'of the file|of the log \(|tail [0-9]{15,} bytes' \
	    "$T/err" || fail "$c --stats: a share of the compressed size"
done

finish
