#!/bin/sh
# make bench: logscan against GNU grep, ripgrep and wc -l on a generated
# log, in one run, as ratios (see issue 26 and DESIGN.md section 8).
#
#  1. The machine's own limits first: a newline count of the file (logscan's
#     kernel, nothing else) through mmap and through read(2), one thread and
#     all cores, for two copies of the bench log that hold the same bytes
#     but came into the page cache differently:
#       ra      written, dropped from the cache, and read back in by
#               sequential readahead (large page-cache folios);
#       logger  written 256 bytes per write(2), as a logger appends.
#  2. On each copy: the queries of the issue, logscan (--io=auto, -j1;
#     logscan-all is all cores, shown but not in the ratio) against
#     rg -j1 (mmap), rg -j1 --no-mmap, rg (all cores), GNU grep and, for
#     line counts, wc -l; the ratio to the best single-threaded peer; and
#     which reader logscan's auto chose, and why.
#  3. Many files: a directory of 64 logs split from the bench log, and a
#     tree of 20,000 small logs, searched with grep -r: logscan at all
#     cores against rg, at -j1 against grep -r.
#  4. The index: logscan index against wc -l; a one-hour slice with a fresh
#     index and without one; slice --lines; the same slice of a gzip copy
#     through its restart points (issue 13: 50 ms).
#  5. Cold: the file dropped from the page cache (posix_fadvise DONTNEED on
#     this file only, through dd iflag=nocache), then dd bs=1M, logscan and
#     rg -j1 read it from the device.
#
# Output goes through a pipe to cat: GNU grep notices an output of
# /dev/null and stops at the first match.  All tools run in the C locale.
set -eu
: "${LOGSCAN:?}" "${GENLOG:?}" "${BENCH_DIR:?}" "${SCANLIMIT:?}"
: "${BENCH_SIZE:=2G}" "${BENCH_RUNS:=3}" "${BENCH_SEED:=1}"
LC_ALL=C
TZ=UTC
export LC_ALL TZ

mkdir -p "$BENCH_DIR"
base="$BENCH_DIR/bench-$BENCH_SIZE.log"
ra="$BENCH_DIR/ra-$BENCH_SIZE.log"
logger="$BENCH_DIR/logger-$BENCH_SIZE.log"
list="$BENCH_DIR/user-ids.txt"
idx="$BENCH_DIR/index"

if [ ! -s "$base" ]; then
	echo "Generating a $BENCH_SIZE log in $base (once) ..."
	"$GENLOG" --size "$BENCH_SIZE" --seed "$BENCH_SEED" >"$base.tmp"
	mv "$base.tmp" "$base"
fi
size=$(wc -c <"$base" | tr -d ' ')

# drop FILE: write FILE's dirty pages and drop the file from the page cache.
can_drop=0
if dd if=/dev/null iflag=nocache count=0 2>/dev/null; then
	can_drop=1
fi
drop() {
	sync "$1" 2>/dev/null || sync
	dd if="$1" iflag=nocache count=0 2>/dev/null
}
if [ ! -s "$ra" ]; then
	cp "$base" "$ra"
fi
if [ ! -s "$logger" ]; then
	echo "Writing the logger copy 256 bytes per write (once) ..."
	dd if="$base" of="$logger.tmp" bs=256 2>/dev/null
	mv "$logger.tmp" "$logger"
fi
# The readahead copy: out of the cache, then read back sequentially.
if [ $can_drop = 1 ]; then
	drop "$ra"
fi
cat "$ra" >/dev/null
cat "$logger" >/dev/null
if [ ! -s "$list" ]; then
	awk 'BEGIN { for (i = 0; i < 1000; i++)
		printf "user_id=%08d\n", (i * 7919 + 12345) % 100000000 }' \
	    >"$list"
fi

avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null ||
    echo 0)
if [ "${avail:-0}" -gt 0 ] && [ "$avail" -lt $((2 * size / 1024)) ]; then
	echo "warning: two copies of $size bytes do not fit the $avail KiB" \
	    "of available memory: they will not stay in the page cache" >&2
fi

cores=$(nproc 2>/dev/null || echo 1)
# time_cmd COMMAND [RUNS]: median wall-clock seconds of RUNS (default
# BENCH_RUNS) runs after a warm-up run.
if command -v hyperfine >/dev/null 2>&1; then
	time_cmd() {
		hyperfine -w 1 -r "${2:-$BENCH_RUNS}" -N --style none -i \
		    --export-csv "$BENCH_DIR/h.csv" "sh -c \"$1\"" \
		    >/dev/null 2>&1 || { echo nan; return; }
		# command,mean,stddev,median,user,system,min,max: counted
		# from the end, as the command may hold commas.  The CPU time
		# (user + system, mean) goes to $BENCH_DIR/cpu.
		awk -F, 'NR == 2 { print $(NF - 3) + $(NF - 2) }' \
		    "$BENCH_DIR/h.csv" >"$BENCH_DIR/cpu"
		awk -F, 'NR == 2 { print $(NF - 4) }' "$BENCH_DIR/h.csv"
	}
	timer="hyperfine, median of $BENCH_RUNS runs after a warm-up"
else
	time_cmd() {
		sh -c "$1" >/dev/null 2>&1 || true
		i=0
		while [ "$i" -lt "${2:-$BENCH_RUNS}" ]; do
			t0=$(date +%s%N)
			sh -c "$1" >/dev/null 2>&1 || true
			t1=$(date +%s%N)
			echo "$(((t1 - t0) / 1000))"
			i=$((i + 1))
		done | sort -n | awk '{ v[NR] = $1 }
		    END { print v[int((NR + 1) / 2)] / 1e6 }'
	}
	timer="date +%s%N, median of $BENCH_RUNS runs after a warm-up"
	: >"$BENCH_DIR/cpu"
fi

have_rg=0
command -v rg >/dev/null 2>&1 && have_rg=1
have_grep=0
grep --version 2>/dev/null | grep -q 'GNU grep' && have_grep=1

echo "logscan bench: $size-byte log, two copies in $BENCH_DIR"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null |
    sed 's/.*: //'), $cores cores, load average $(cut -d' ' -f1-3 \
    /proc/loadavg 2>/dev/null); timing: $timer; LC_ALL=C"
echo "  logscan: $("$LOGSCAN" --version)"
[ $have_rg = 1 ] && echo "  rg:      $(rg --version 2>/dev/null | sed -n 1p)"
[ $have_grep = 1 ] && echo "  grep:    $(grep --version | head -n 1)"
echo

echo "== the machine's limits: newline count of the whole file, nothing else"
printf '%-8s %18s %18s %18s %18s\n' copy "mmap 1 thread" \
    "mmap $cores threads" "read 1 thread" "read $cores threads"
for c in ra logger; do
	eval f=\$$c
	printf '%-8s' "$c"
	for m in mmap read; do
		for t in 1 "$cores"; do
			"$SCANLIMIT" "$m" "$t" "$f" >/dev/null
			r=$("$SCANLIMIT" "$m" "$t" "$f" |
			    awk '{ printf "%.3fs %5.1fGB/s", $1, $3 }')
			printf ' %18s' "$r"
		done
	done
	echo
done
echo

# q ARGS...: the grep command line of each tool, as NAME=COMMAND lines.
Lq="'$LOGSCAN'"
cmds() {
	f=$1
	shift
	# (Not "ra": that is the readahead copy's name, and shell
	# variables are global.)
	a="" rgargs=""
	for x in "$@"; do
		a="$a '$x'"
		# rg's -E names an encoding; its regexes are extended anyway.
		[ "$x" = -E ] || rgargs="$rgargs '$x'"
	done
	# One thread against rg -j1 (the ratio); all cores only to show.
	echo "logscan=$Lq grep -j1$a '$f'"
	echo "logscan-all=$Lq grep$a '$f'"
	if [ $have_rg = 1 ]; then
		echo "rg-j1=rg --no-config -j1$rgargs '$f'"
		echo "rg-j1-nommap=rg --no-config -j1 --no-mmap$rgargs '$f'"
		echo "rg=rg --no-config$rgargs '$f'"
	fi
	[ $have_grep = 1 ] && echo "grep=grep$a '$f'"
	return 0
}

missed=0
# query COPY NAME ARGS...: time every tool on the query, print the times
# and logscan's ratio to the best of rg -j1 and rg -j1 --no-mmap (or of
# wc -l for line counts) and to GNU grep.
query() {
	c=$1 name=$2
	shift 2
	eval f=\$$c
	printf '%-34s' "$name"
	best="" bestname="" lt="" at="" gt="" lc="" bestc=""
	cmds "$f" "$@" >"$BENCH_DIR/cmds"
	# The answers must agree before the times mean anything.
	want=""
	while IFS= read -r line; do
		# rg -c prints nothing where the count is 0: read that as 0.
		got=$(sh -c "${line#*=}" 2>/dev/null |
		    awk '{ print } END { if (NR == 0) print 0 }' | cksum)
		if [ -n "$want" ] && [ "$got" != "$want" ]; then
			echo "warning: ${line%%=*} answers $name differently" >&2
		fi
		# logscan's answer (the first) is the one to agree with.
		[ -n "$want" ] || want=$got
	done <"$BENCH_DIR/cmds"
	if [ "$name" = "-c ''" ]; then
		echo "wc-l=wc -l '$f'" >>"$BENCH_DIR/cmds"
	fi
	while IFS= read -r line; do
		tool=${line%%=*}
		s=$(time_cmd "${line#*=} | cat >/dev/null")
		# (Not "c": the copy's name, and shell variables are global.)
		cpu=$(cat "$BENCH_DIR/cpu")
		printf ' %s %.3f' "$tool" "$s"
		case $tool in
		logscan) lt=$s lc=$cpu ;;
		logscan-all) at=$s ;;
		grep) gt=$s ;;
		rg-j1 | rg-j1-nommap | wc-l)
			if [ -z "$best" ] || awk -v a="$s" -v b="$best" \
			    'BEGIN { exit !(a < b) }'; then
				best=$s bestname=$tool
			fi
			if [ -n "$cpu" ] && { [ -z "$bestc" ] ||
			    awk -v a="$cpu" -v b="$bestc" \
			    'BEGIN { exit !(a < b) }'; }; then
				bestc=$cpu
			fi
			;;
		esac
	done <"$BENCH_DIR/cmds"
	if [ -n "$best" ]; then
		r=$(awk -v a="$lt" -v b="$best" 'BEGIN { printf "%.2f", a / b }')
		printf '  => %sx %s' "$r" "$bestname"
		if awk -v r="$r" 'BEGIN { exit !(r > 1.0) }'; then
			printf ' MISSED'
			missed=$((missed + 1))
		fi
		# CPU time (user + system) against the peers' least: what
		# one thread costs, which other load on the machine moves
		# less than it moves the wall-clock time.
		if [ -n "$lc" ] && [ -n "$bestc" ]; then
			printf ' (cpu %sx)' "$(awk -v a="$lc" -v b="$bestc" \
			    'BEGIN { printf "%.2f", a / (b > 0 ? b : 1e-9) }')"
		fi
		# All cores (issue 25): at most 0.6x the best single thread.
		r=$(awk -v a="$at" -v b="$best" 'BEGIN { printf "%.2f", a / b }')
		printf ', all cores %sx' "$r"
		if awk -v r="$r" 'BEGIN { exit !(r > 0.6) }'; then
			printf ' MISSED 0.6'
			missed=$((missed + 1))
		fi
		printf ' (-j1/all %s)' "$(awk -v a="$lt" -v b="$at" \
		    'BEGIN { printf "%.2f", a / b }')"
	fi
	if [ -n "$gt" ]; then
		printf ', %sx grep' "$(awk -v a="$lt" -v b="$gt" \
		    'BEGIN { printf "%.2f", a / b }')"
	fi
	echo
}

REGEX='status=5[0-9]{2} .*latency_ms=[0-9]{4,}'
for c in ra logger; do
	eval f=\$$c
	echo "== queries on the $c copy (times in s; => logscan -j1 / best of" \
	    "rg -j1 and rg -j1 --no-mmap, or wc -l (cpu: the same for user +" \
	    "system time); all cores: logscan / the same best)"
	why=$("$LOGSCAN" grep -j1 --stats -c 5ca1ab1edeadbeef "$f" 2>&1 \
	    >/dev/null | sed -n 's/.*; reader //p')
	echo "reader chosen by --io=auto (in a --stats run, which also" \
	    "counts lines): $why"
	query "$c" "-c 5ca1ab1edeadbeef" -c 5ca1ab1edeadbeef
	query "$c" "-c ERROR" -c ERROR
	query "$c" "-ci timeout" -ci timeout
	query "$c" "-c -E 'status=5..'" -c -E "$REGEX"
	query "$c" "-vc INFO" -vc INFO
	query "$c" "WARN (prints)" WARN
	query "$c" "-c ''" -c ''
	query "$c" "-c -F -f 1000 user_ids" -c -F -f "$list"
	echo
done

# Many files (issue 25): a directory of 64 logs that together hold the
# bench log (64 x 32 MB at the default 2G), and a tree of 20,000 small
# logs (100 directories x 200 files x 20 lines), each searched with
# grep -r -c ERROR.  logscan at all cores against rg at its default
# threads, and at -j1 against GNU grep -r (the targets: both at most
# 1.0x); rg -j1 shown.  The small files' runs are short: more of them.
dir64="$BENCH_DIR/dir64-$BENCH_SIZE"
tree="$BENCH_DIR/tree"
if [ ! -d "$dir64" ]; then
	echo "Splitting the log into 64 files in $dir64 (once) ..."
	rm -rf "$dir64.tmp"
	mkdir -p "$dir64.tmp"
	split -n l/64 -d -a 2 --additional-suffix=.log "$base" \
	    "$dir64.tmp/part"
	mv "$dir64.tmp" "$dir64"
fi
if [ ! -d "$tree" ]; then
	echo "Writing 20,000 small logs in $tree (once) ..."
	rm -rf "$tree.tmp"
	mkdir -p "$tree.tmp"
	head -n 400000 "$base" | (cd "$tree.tmp" && awk '{
		i = NR - 1
		f = sprintf("d%d/f%d.log", int(i / 4000), int(i / 20) % 200)
		if (f != last) {
			if (last != "")
				close(last)
			if (i % 4000 == 0)
				system("mkdir d" int(i / 4000))
			last = f
		}
		print >f
	}')
	mv "$tree.tmp" "$tree"
fi
cat "$dir64"/* >/dev/null
echo "== many files: grep -r -c ERROR (times in s; => logscan / rg," \
    "logscan -j1 / grep -r)"
# many NAME DIR OPERAND RUNS: time the tools in DIR on OPERAND.
many() {
	printf '%-34s' "$1"
	# The counts must agree (rg leaves out the zero counts, and its
	# threads and grep's directory order change the order).
	want=$(cd "$2" && "$LOGSCAN" grep -j1 -r -c ERROR "$3" | sort | cksum)
	if [ $have_grep = 1 ] && [ "$want" != "$(cd "$2" &&
	    grep -r -c ERROR "$3" | sort | cksum)" ]; then
		echo "warning: grep answers $1 differently" >&2
	fi
	if [ "$want" != "$(cd "$2" && "$LOGSCAN" grep -r -c ERROR "$3" |
	    sort | cksum)" ]; then
		echo "warning: logscan's threads answer $1 differently" >&2
	fi
	l1="" la="" r1="" rd="" gr=""
	for tool in logscan logscan-all rg-j1 rg grep; do
		case $tool in
		logscan) cmd="$Lq grep -j1 -r" ;;
		logscan-all) cmd="$Lq grep -r" ;;
		rg-j1) [ $have_rg = 1 ] || continue; cmd="rg --no-config -j1" ;;
		rg) [ $have_rg = 1 ] || continue; cmd="rg --no-config" ;;
		grep) [ $have_grep = 1 ] || continue; cmd="grep -r" ;;
		esac
		s=$(time_cmd "cd '$2' && $cmd -c ERROR '$3' | cat >/dev/null" "$4")
		printf ' %s %.3f' "$tool" "$s"
		case $tool in
		logscan) l1=$s ;;
		logscan-all) la=$s ;;
		rg-j1) r1=$s ;;
		rg) rd=$s ;;
		grep) gr=$s ;;
		esac
	done
	printf '  =>'
	# ratio A B NAME: A / B, marked when above 1.0.
	ratio() {
		[ -n "$2" ] || return 0
		r=$(awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }')
		printf ' %sx %s' "$r" "$3"
		if awk -v r="$r" 'BEGIN { exit !(r > 1.0) }'; then
			printf ' MISSED'
			missed=$((missed + 1))
		fi
	}
	ratio "$la" "$rd" rg
	printf ','
	ratio "$l1" "$gr" "grep -r (-j1)"
	if [ -n "$r1" ]; then
		printf ', -j1 %sx rg -j1' "$(awk -v a="$l1" -v b="$r1" \
		    'BEGIN { printf "%.2f", a / b }')"
	fi
	echo
}
many "64 logs ($(du -sh "$dir64" | cut -f1))" "$BENCH_DIR" \
    "${dir64##*/}" "$BENCH_RUNS"
many "20,000 small logs" "$tree" . $((BENCH_RUNS * 4))
echo

echo "== the index and slices (ra copy; times in s)"
rm -rf "$idx"
mkdir -p "$idx"
I="--index-dir '$idx'"
t_wc=$(time_cmd "wc -l '$ra'")
t_build=$(time_cmd "$Lq index --force $I '$ra'")
sh -c "$Lq index $I '$ra'"
since=2026-03-15T10:00:00Z
t_hour=$(time_cmd "$Lq slice $I --since $since --until +1h '$ra' | cat >/dev/null")
t_never=$(time_cmd "$Lq slice --index=never --since $since --until +1h '$ra' | cat >/dev/null")
t_lines=$(time_cmd "$Lq slice $I --lines 9000000:+100000 '$ra' | cat >/dev/null")
t_sed=$(time_cmd "sed -n '9000000,9099999p;9100000q' '$ra' | cat >/dev/null")
# hist from the fresh index (target 50 ms), and the same counts by
# reading the log.
t_hist=$(time_cmd "$Lq hist $I --format=tsv '$ra' >/dev/null")
t_hist_never=$(time_cmd "$Lq hist --index=never --format=tsv '$ra' >/dev/null")
awk -v wc="$t_wc" -v b="$t_build" -v h="$t_hour" -v n="$t_never" \
    -v l="$t_lines" -v s="$t_sed" -v hi="$t_hist" -v hn="$t_hist_never" \
    'BEGIN {
	printf "  %-44s %9.4f%s\n", "hist (auto buckets), fresh index", hi, \
	    (hi > 0.05 ? "  MISSED 0.05" : "")
	printf "  %-44s %9.3f  (%.0fx the indexed hist)\n", \
	    "hist, --index=never", hn, hn / hi
	printf "  %-44s %9.3f\n", "wc -l", wc
	printf "  %-44s %9.3f  => %.2fx wc -l%s\n", \
	    "logscan index --force (with timestamps)", b, b / wc, \
	    (b > wc ? " MISSED" : "")
	printf "  %-44s %9.4f\n", "slice one hour, fresh index", h
	printf "  %-44s %9.3f  (%.0fx the indexed slice)\n", \
	    "slice one hour, --index=never", n, n / h
	printf "  %-44s %9.4f\n", "slice --lines 9000000:+100000, index", l
	printf "  %-44s %9.3f  (%.0fx)\n", "sed -n of the same lines", s, s / l
}'
awk -v b="$t_build" -v wc="$t_wc" 'BEGIN { exit !(b > wc) }' &&
    missed=$((missed + 1))
# The index build on both copies, one thread and all cores (targets: -j1
# at most wc -l, all cores at most 0.6x wc -l).
for c in ra logger; do
	eval f=\$$c
	t_w=$(time_cmd "wc -l '$f'")
	t_1=$(time_cmd "$Lq index -j1 --force $I '$f'")
	t_n=$(time_cmd "$Lq index -j$cores --force $I '$f'")
	awk -v c="$c" -v w="$t_w" -v a="$t_1" -v n="$t_n" -v j="$cores" '
	BEGIN {
		printf "  %-44s %9.3f  => %.2fx wc -l%s\n", \
		    "index -j1, " c " copy", a, a / w, (a > w ? " MISSED" : "")
		printf "  %-44s %9.3f  => %.2fx wc -l%s\n", \
		    "index -j" j ", " c " copy", n, n / w, \
		    (n > 0.6 * w ? " MISSED 0.6" : "")
		exit !(a > w || n > 0.6 * w)
	}' && missed=$((missed + 1))
done
echo "  --stats of the hour: $(sh -c "$Lq slice --stats $I --since $since \
    --until +1h '$ra'" 2>&1 >/dev/null)"
# Timestamp parsing (issue 22): every line's time read, no index, against
# the same count without a time filter.
t_cnt=$(time_cmd "$Lq grep -c '' --index=never '$ra'")
t_par=$(time_cmd "$Lq grep -c '' --index=never --since 2000-01-01 '$ra'")
nl=$(wc -l <"$ra" | tr -d ' ')
awk -v c="$t_cnt" -v p="$t_par" -v n="$nl" 'BEGIN {
	printf "  %-44s %9.3f\n", "grep -c \047\047 (no time filter)", c
	printf "  %-44s %9.3f  %.1fM lines/s, %.0f ns a timestamp\n", \
	    "grep -c \047\047 --since (every time read)", p, n / p / 1e6, \
	    (p - c) / n * 1e9
}'
echo

# Issue 13: the same one-hour slice of the log compressed with gzip
# (made once): through the index's restart points (target 50 ms), without
# the index, and as every other tool must, zcat | slice.
gz="$base.gz"
if [ ! -s "$gz" ]; then
	echo "Compressing the log with gzip (once) ..."
	gzip -c <"$base" >"$gz.tmp"
	mv "$gz.tmp" "$gz"
fi
echo "== a one-hour slice of the gzip copy ($(wc -c <"$gz" | tr -d ' ') bytes)"
sh -c "$Lq index $I '$gz'"
t_gzh=$(time_cmd "$Lq slice $I --since $since --until +1h '$gz' | cat >/dev/null")
t_gzn=$(time_cmd "$Lq slice --index=never --since $since --until +1h '$gz' | cat >/dev/null")
t_gzz=$(time_cmd "gzip -dc <'$gz' | $Lq slice --since $since --until +1h | cat >/dev/null")
gzi=$(cat "$idx"/*.gz.*lsidx 2>/dev/null | wc -c | tr -d ' ')
awk -v h="$t_gzh" -v n="$t_gzn" -v z="$t_gzz" -v i="$gzi" \
    -v c="$(wc -c <"$gz" | tr -d ' ')" 'BEGIN {
	printf "  %-44s %9.4f%s\n", "slice one hour, fresh index", h, \
	    (h > 0.05 ? "  MISSED 0.05" : "")
	printf "  %-44s %9.3f  (%.0fx the indexed slice)\n", \
	    "slice one hour, --index=never", n, n / h
	printf "  %-44s %9.3f  (%.0fx)\n", "gzip -dc | slice one hour", z, \
	    z / h
	printf "  %-44s %9d  (%.3f%% of the .gz)\n", "index bytes", i, \
	    100 * i / c
}'
awk -v h="$t_gzh" 'BEGIN { exit !(h > 0.05) }' && missed=$((missed + 1))
echo "  --stats: $(sh -c "$Lq slice --stats $I --since $since --until +1h \
    '$gz'" 2>&1 >/dev/null)"
echo

echo "== cold: the ra copy dropped from the page cache before each run"
if [ $can_drop = 1 ]; then
	cold() {
		drop "$ra"
		t0=$(date +%s%N)
		sh -c "$1" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }'
	}
	t_dd=$(cold "dd if='$ra' of=/dev/null bs=1M")
	t_lc=$(cold "$Lq grep -c 5ca1ab1edeadbeef '$ra'")
	t_li=$(cold "$Lq index --force $I '$ra'")
	t_rg=nan
	[ $have_rg = 1 ] && t_rg=$(cold "rg -j1 -c 5ca1ab1edeadbeef '$ra'")
	t_rgn=nan
	[ $have_rg = 1 ] &&
	    t_rgn=$(cold "rg -j1 --no-mmap -c 5ca1ab1edeadbeef '$ra'")
	awk -v dd="$t_dd" -v g="$t_lc" -v i="$t_li" -v r="$t_rg" \
	    -v rn="$t_rgn" 'BEGIN {
		printf "  %-44s %9.3f\n", "dd bs=1M (the device)", dd
		printf "  %-44s %9.3f  => %.2fx dd%s\n", \
		    "logscan grep -c 5ca1ab1edeadbeef", g, g / dd, \
		    (g > 1.1 * dd ? " MISSED" : "")
		printf "  %-44s %9.3f  => %.2fx dd%s\n", \
		    "logscan index --force", i, i / dd, \
		    (i > 1.1 * dd ? " MISSED" : "")
		printf "  %-44s %9.3f\n", "rg -j1 -c 5ca1ab1edeadbeef", r
		printf "  %-44s %9.3f\n", "rg -j1 --no-mmap -c ...", rn
	}'
	awk -v dd="$t_dd" -v g="$t_lc" -v i="$t_li" \
	    'BEGIN { exit !(g > 1.1 * dd || i > 1.1 * dd) }' &&
	    missed=$((missed + 1))
	cat "$ra" >/dev/null
else
	echo "  skipped: this dd cannot drop a file from the page cache" \
	    "(iflag=nocache)"
fi
echo

# Peak memory of a full scan stays a few buffers.
if [ -x /usr/bin/time ]; then
	kb=$(/usr/bin/time -v "$LOGSCAN" grep -c 5ca1ab1edeadbeef "$ra" \
	    2>&1 >/dev/null | awk -F: '/Maximum resident/ { print $2 + 0 }')
	echo "peak resident memory of a full scan: $kb KiB"
	[ "${kb:-0}" -lt $((3 * 32 * 1024)) ] ||
	    { echo "  MISSED: more than 3 windows"; missed=$((missed + 1)); }
fi
echo
if [ $missed -eq 0 ]; then
	echo "all targets met"
else
	echo "$missed target(s) missed (ratios above 1.0 are marked MISSED)"
fi
rm -rf "$idx" "$BENCH_DIR/h.csv" "$BENCH_DIR/cmds" "$BENCH_DIR/cpu"
echo "The logs stay in $BENCH_DIR; 'make clean' removes them."
