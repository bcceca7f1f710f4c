#!/bin/sh
# `logscan index -j2` reads a log the page cache holds in parts, and one it
# mostly does not hold with one reader in order; --stats says which, and
# the index file is byte-identical to -j1's either way (a tail build's
# too).  The log is dropped from the cache with dd iflag=nocache after a
# sync; where that cannot drop it (tmpfs keeps its pages: they are the
# file), only the path --stats reports and the identity are asserted, and
# fincore(1), when present, tells which case this is.
. "$top_srcdir/tests/cli/lib.sh"

"$GENLOG" --size 8M --seed 5 >"$T/cold.log"
mkdir "$T/ref" "$T/got"

# drop FILE: write it out and drop its pages; prints "dropped" when
# fincore says none is left in the cache.
drop() {
	sync "$1" 2>/dev/null || sync
	dd if="$1" iflag=nocache count=0 status=none 2>/dev/null
	if command -v fincore >/dev/null 2>&1 &&
	    [ "$(fincore --bytes --noheadings -o RES "$1" 2>/dev/null |
	        tr -d ' ')" = 0 ]
	then
		echo dropped
	fi
}

# build DIR JOBS: index the log into DIR, stats in $T/stats.
build() {
	LOGSCAN_CHUNK_SIZE=65536 "$LOGSCAN" index -j"$2" --stats \
	    --index-dir "$T/$1" "$T/cold.log" 2>"$T/stats" ||
	    fail "index -j$2 into $1"
}

# check DESC DROPPED: the path --stats names, and the index against -j1's.
check() {
	if [ "$2" = dropped ]; then
		expect_grep "$T/stats" \
		    '; file not in page cache \(([0-9]|1[0-5]) of 32 sample pages\): one reader in order$' \
		    "$1: read in order"
	else
		expect_grep "$T/stats" \
		    '; file (not )?in page cache \([0-9]+ of 32 sample pages\)' \
		    "$1: the cache was asked"
	fi
	expect_same "$T/ref"/*.lsidx "$T/got"/*.lsidx "$1: same as -j1"
}

build ref 1
grep -q 'page cache' "$T/stats" && fail "-j1 asks no cache"

# In the cache (just read): parts.
cat "$T/cold.log" >/dev/null
build got 2
expect_grep "$T/stats" \
    '; 2 threads, [0-9]+ parts .*; file in page cache \((1[6-9]|2[0-9]|3[0-2]) of 32 sample pages\)$' \
    "cached: in parts"
expect_same "$T/ref"/*.lsidx "$T/got"/*.lsidx "cached: same as -j1"

# Not in the cache: one reader in order.
rm -f "$T/got"/*
d=$(drop "$T/cold.log")
build got 2
check "dropped" "$d"

# A tail build of an appended log, dropped again.
"$GENLOG" --size 4M --seed 6 >>"$T/cold.log"
build ref 1
expect_grep "$T/stats" ': tail: ' "-j1 tail build"
d=$(drop "$T/cold.log")
build got 2
expect_grep "$T/stats" ': tail: ' "-j2 tail build"
check "tail, dropped" "$d"

finish
