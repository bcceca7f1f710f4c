#!/bin/sh
# Logs whose base names are too long for FILE.lsidx (and its lock and
# temporary names) within NAME_MAX get their index in the cache directory
# under the shortened cache name, and lookups of a name too long to exist
# are "missing", not an error.
. "$top_srcdir/tests/cli/lib.sh"

XDG_CACHE_HOME="$T/cache"
export XDG_CACHE_HOME
# name N  a base name of N bytes
name() {
	printf "%${1}s" "" | tr ' ' x
}
for len in 230 240 250 255; do
	log="$T/$(name "$len")"
	printf 'one\ntwo\nthree\n' >"$log" || { fail "create $len"; continue; }
	expect_status 0 "slice before index ($len)" "$LOGSCAN" slice \
	    --lines 2 "$log"
	expect_empty "$T/err" "no warning before index ($len)"
	expect_status 0 "index ($len)" "$LOGSCAN" index -q "$log"
	expect_empty "$T/err" "index is quiet ($len)"
	expect_status 0 "info ($len)" "$LOGSCAN" info "$log"
	expect_grep "$T/out" '^  freshness: fresh$' "index found ($len)"
	expect_status 0 "slice with index ($len)" "$LOGSCAN" slice --stats \
	    --lines 2 "$log"
	expect_grep "$T/err" ': index fresh ' "slice uses the index ($len)"
	checks=$((checks + 1))
	[ "$(cat "$T/out")" = two ] || fail "slice output ($len)"
done
# Short names still go beside the log; long ones went to the cache.
checks=$((checks + 1))
[ -f "$T/$(name 230).lsidx" ] || fail "230 is beside the log"
checks=$((checks + 1))
[ "$(ls "$T/cache/logscan" | wc -l)" -eq 3 ] ||
    fail "three indexes in the cache"
checks=$((checks + 1))
[ -z "$(ls "$T/cache/logscan" | grep -v '\.lsidx$')" ] ||
    fail "only indexes are left in the cache"
finish
