#!/bin/sh
# layering.sh - the library (src/liblogscan.a) holds no command-line code:
# none of its sources includes the command layer's headers or names its
# options struct, and none of its objects refers to a symbol that only
# the command library (src/libcli.a) defines.
set -u

: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"
lib="$top_builddir/src/liblogscan.a"
cli="$top_builddir/src/libcli.a"
T=$(mktemp -d "${TMPDIR:-/tmp}/logscan-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM HUP
fails=0

for f in "$lib" "$cli"; do
	[ -f "$f" ] || { echo "FAIL: $f not built" >&2; exit 1; }
done

# The sources, named by the library's objects.
n=0
for o in $(ar t "$lib"); do
	base=${o%.o}
	base=${base#src_liblogscan_a-}
	for src in "$top_srcdir/src/$base.c" "$top_srcdir/src/$base.h"; do
		[ -f "$src" ] || continue
		n=$((n + 1))
		if grep -nE '#include "(options|cli|cmd)\.h"|struct options\b' \
		    "$src" >"$T/hits"; then
			echo "FAIL: $src uses the command layer:" >&2
			sed 's/^/  /' "$T/hits" >&2
			fails=$((fails + 1))
		fi
	done
done
if [ "$n" -lt 10 ]; then
	echo "FAIL: found only $n library sources" >&2
	fails=$((fails + 1))
fi

# Symbols: what the library needs must not come from the command layer.
nm -g --defined-only "$cli" | awk 'NF == 3 { print $3 }' | sort -u \
	>"$T/cli_defs"
nm -g --undefined-only "$lib" | awk 'NF >= 2 { print $NF }' | sort -u \
	>"$T/lib_undef"
if [ ! -s "$T/cli_defs" ] || [ ! -s "$T/lib_undef" ]; then
	echo "FAIL: nm listed no symbols" >&2
	fails=$((fails + 1))
fi
comm -12 "$T/cli_defs" "$T/lib_undef" >"$T/both"
if [ -s "$T/both" ]; then
	echo "FAIL: liblogscan.a refers to command-layer symbols:" >&2
	sed 's/^/  /' "$T/both" >&2
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ] || exit 1
echo "ok: $n library sources, no command-layer dependency"
