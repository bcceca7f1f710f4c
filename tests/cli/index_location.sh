#!/bin/sh
# Where indexes go: beside the log, in --index-dir, or in the cache
# directory when the log's directory is not writable; lookups search the
# same places.
. "$top_srcdir/tests/cli/lib.sh"

printf 'one\ntwo\nthree\n' >"$T/app.log"

expect_status 0 "beside" "$LOGSCAN" index "$T/app.log"
checks=$((checks + 1))
[ -f "$T/app.log.lsidx" ] || fail "no index beside the log"

expect_status 0 "--index-dir" "$LOGSCAN" index --index-dir "$T/idx/a" \
    "$T/app.log"
checks=$((checks + 1))
set -- "$T"/idx/a/app.log.*.lsidx
[ -f "$1" ] || fail "no index in --index-dir"
"$LOGSCAN" info --index-dir "$T/idx/a" "$T/app.log" >"$T/info"
expect_grep "$T/info" "^  path: \"$T/idx/a/app.log\.[0-9a-f]{16}\.lsidx\"$" \
    "info finds the --index-dir index"
expect_grep "$T/info" '^  freshness: fresh$' "--index-dir index is fresh"
"$LOGSCAN" info --index-dir "$T/idx/b" "$T/app.log" >"$T/info"
expect_grep "$T/info" '^  freshness: missing$' \
    "--index-dir is the only place looked at"

# The same log under two names (a symlink) shares a cache name.
ln -s "$T/app.log" "$T/link.log"
"$LOGSCAN" info --index-dir "$T/idx/a" "$T/link.log" >"$T/info"
expect_grep "$T/info" '^  freshness: fresh$' "a symlink finds the same index"

# Root writes anywhere, so the read-only checks run as an unprivileged user
# (nobody) when the test runs as root and can become one.
run=""
if [ "$(id -u)" -eq 0 ]; then
	chmod 777 "$T"
	if command -v setpriv >/dev/null 2>&1 &&
	    setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$LOGSCAN" --version >/dev/null 2>&1; then
		run="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		echo "running as root: skipping the read-only directory checks"
		finish
	fi
fi
mkdir "$T/ro"
printf 'a\nb\n' >"$T/ro/r.log"
chmod 555 "$T/ro"
XDG_CACHE_HOME="$T/cache" $run "$LOGSCAN" index "$T/ro/r.log" 2>"$T/err" ||
    fail "index in a read-only directory"
checks=$((checks + 1))
set -- "$T"/cache/logscan/r.log.*.lsidx
[ -f "$1" ] || fail "no index in \$XDG_CACHE_HOME/logscan"
XDG_CACHE_HOME="$T/cache" $run "$LOGSCAN" info "$T/ro/r.log" >"$T/info"
expect_grep "$T/info" '^  freshness: fresh$' "the cache index is found"
mkdir -p "$T/home" && chmod 777 "$T/home"
XDG_CACHE_HOME= HOME="$T/home" $run "$LOGSCAN" index "$T/ro/r.log" ||
    fail "index into ~/.cache"
checks=$((checks + 1))
set -- "$T"/home/.cache/logscan/r.log.*.lsidx
[ -f "$1" ] || fail "no index in ~/.cache/logscan"
chmod 755 "$T/ro"
finish
