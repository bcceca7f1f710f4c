#!/bin/sh
# make bench-compressed: compressed logs (issue 13), in one run, as ratios.
#
#  1. grep -c on a generated log compressed with gzip, zstd, xz and bzip2:
#     logscan reading the file in place against the format's own
#     decompressor alone (to /dev/null: the floor), piped into GNU grep -c
#     and into rg -c, and rg -z.
#  2. A one-hour slice late in the gzip, multi-frame zstd and
#     one-stream bzip2 copies (bzip2: restart points at its blocks): with
#     a fresh index (restart points) and with --index=never, against
#     zcat | logscan slice; the index's size per compressed byte.  The
#     indexed slice must print what a slice of the plain log prints.
#
# Wall times, best of BENCH_RUNS; the machine is shared, so read the
# ratios of one run, not the absolute times.
set -eu
: "${LOGSCAN:?}" "${GENLOG:?}" "${BENCH_DIR:?}"
: "${BENCH_CSIZE:=1G}" "${BENCH_RUNS:=3}" "${BENCH_SEED:=1}"
: "${BENCH_FORMATS:=gz zst xz bz2}"
LC_ALL=C
TZ=UTC
export LC_ALL TZ

mkdir -p "$BENCH_DIR"
base="$BENCH_DIR/c-$BENCH_CSIZE.log"
if [ ! -s "$base" ]; then
	echo "Generating a $BENCH_CSIZE log in $base (once) ..."
	"$GENLOG" --size "$BENCH_CSIZE" --seed "$BENCH_SEED" >"$base.tmp"
	mv "$base.tmp" "$base"
fi
size=$(wc -c <"$base" | tr -d ' ')

# compress KIND: the compressed copy, made once.
compress() {
	f="$base.$1"
	[ -s "$f" ] && return 0
	echo "Compressing with $1 (once) ..."
	case $1 in
	gz) gzip -c <"$base" >"$f.tmp" ;;
	zst) zstd -q -T0 -c <"$base" >"$f.tmp" ;;
	zstm) split -b 64M --filter='zstd -q -c' "$base" >"$f.tmp" ;;
	xz) xz -T0 -c <"$base" >"$f.tmp" ;;
	bz2) bzip2 -c <"$base" >"$f.tmp" ;;
	esac
	mv "$f.tmp" "$f"
}

# best CMD: the best wall time of BENCH_RUNS runs of sh -c CMD, in
# seconds with three decimals; the output of the last run in $T_OUT.
T_OUT="$BENCH_DIR/c.out"
best() {
	b=""
	i=0
	while [ $i -lt "$BENCH_RUNS" ]; do
		t0=$(date +%s%N)
		sh -c "$1" >"$T_OUT" 2>/dev/null || true
		t1=$(date +%s%N)
		t=$(((t1 - t0) / 1000000))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
		i=$((i + 1))
	done
	printf '%d.%03d' $((b / 1000)) $((b % 1000))
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

pat=ERROR
echo
echo "== grep -c $pat on a $size-byte log, compressed (best of $BENCH_RUNS)"
printf '%-5s %12s %10s %10s %10s %10s %10s %8s %8s\n' fmt compressed \
    logscan 'dec>null' 'dec|grep' 'dec|rg' 'rg -z' 'ls/dec|rg' 'ls/dec'
for k in $BENCH_FORMATS; do
	compress "$k"
	f="$base.$k"
	case $k in
	gz) dec="gzip -dc" ;;
	zst*) dec="zstd -dcq" ;;
	xz) dec="xz -dc" ;;
	bz2) dec="bzip2 -dc" ;;
	esac
	want=$(grep -c "$pat" "$base" || true)
	tl=$(best "'$LOGSCAN' grep -c '$pat' '$f'")
	got=$(cat "$T_OUT")
	[ "$got" = "$want" ] || echo "  logscan counted $got, want $want" >&2
	# The decompressor alone: what reading the file in place can at
	# best cost (the rest is logscan's copying and searching).
	td=$(best "$dec <'$f' >/dev/null")
	tg=$(best "$dec <'$f' | grep -c '$pat'")
	tr=-
	tz=-
	if command -v rg >/dev/null 2>&1; then
		tr=$(best "$dec <'$f' | rg -c '$pat'")
		tz=$(best "rg -z -c '$pat' '$f'")
	fi
	printf '%-5s %12s %10s %10s %10s %10s %10s %8s %8s\n' "$k" \
	    "$(wc -c <"$f" | tr -d ' ')" "$tl" "$td" "$tg" "$tr" "$tz" \
	    "$(ratio "$tl" "$tr")" "$(ratio "$tl" "$td")"
done

echo
echo "== a one-hour slice late in the log"
printf '%-5s %10s %10s %12s %10s %10s\n' fmt indexed never 'dec|slice' \
    idx_bytes 'idx/comp'
since="2026-03-28 10:00"
want=$("$LOGSCAN" slice --since "$since" --until +1h "$base" 2>/dev/null | cksum)
for k in gz zstm bz2; do
	compress "$k"
	f="$base.$k"
	case $k in
	gz) dec="gzip -dc" ;;
	bz2) dec="bzip2 -dc" ;;
	*) dec="zstd -dcq" ;;
	esac
	"$LOGSCAN" index "$f" >/dev/null 2>&1
	ti=$(best "'$LOGSCAN' slice --since '$since' --until +1h '$f'")
	[ "$(cksum <"$T_OUT")" = "$want" ] ||
	    echo "  $k: the indexed slice differs from the plain log's" >&2
	tn=$(best "'$LOGSCAN' slice --index=never --since '$since' --until +1h '$f'")
	tp=$(best "$dec <'$f' | '$LOGSCAN' slice --since '$since' --until +1h")
	isz=$(wc -c <"$f.lsidx" | tr -d ' ')
	csz=$(wc -c <"$f" | tr -d ' ')
	printf '%-5s %10s %10s %12s %10s %10s\n' "$k" "$ti" "$tn" "$tp" \
	    "$isz" "$(awk -v a="$isz" -v b="$csz" 'BEGIN { printf "%.4f%%", 100 * a / b }')"
done
