#!/bin/sh
# An index file whose header does not match its size is refused from the
# header alone, without reading (and allocating for) the whole file: with
# the address space limited to well below the file's size, info still
# reports it as corrupt instead of running out of memory.
. "$top_srcdir/tests/cli/lib.sh"

# Sanitizers reserve terabytes of address space: no ulimit -v with them.
if ldd "$LOGSCAN" 2>/dev/null | grep -Eq 'lib[at]san'; then
	echo "sanitizer build: skipping"
	exit 77
fi
command -v truncate >/dev/null 2>&1 || { echo "no truncate"; exit 77; }

cd "$T" || exit 2
printf 'a\nb\n' >s.log
"$LOGSCAN" index s.log || fail "index"
# A real header (whatever the format version), then a sparse 1.5 GiB.
truncate -s 1536M s.log.lsidx || { echo "no sparse files"; exit 77; }
checks=$((checks + 1))
(
	ulimit -v 1000000 || exit 77
	exec "$LOGSCAN" info s.log
) >"$T/out" 2>"$T/err"
st=$?
[ "$st" -eq 77 ] && { echo "ulimit -v unsupported"; exit 77; }
[ "$st" -eq 0 ] || { fail "info exit $st"; sed 's/^/  stderr: /' "$T/err"; }
expect_grep "$T/out" '^  freshness: corrupt$' "corrupt"
expect_grep "$T/out" '^  reason: group count does not match the file size$' \
    "reason"
finish
