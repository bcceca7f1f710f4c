#!/bin/sh
# The property-based test of time and line windows (issue 24), a short
# seeded run: generated logs with each entry's true instant in the line,
# slice and grep (-n -c -v -m -A -B -C) with --index=never, with an index,
# after appends and after an incremental index, against the generator's
# truth.  `make fuzz-windows` runs it for long (see tests/fuzz_windows.py).
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is not installed"
	exit 77
fi
checks=$((checks + 1))
if ! TMPDIR="$T" python3 "$top_srcdir/tests/fuzz_windows.py" \
    --logscan "$LOGSCAN" --seed "${FUZZ_SEED:-1}" --files 8 \
    --out "$T/findings"; then
	fail "fuzz_windows found wrong answers (rerun the seed shown above)"
	for f in "$T"/findings/*/cmd; do
		[ -f "$f" ] && sed 's/^/  /' "$f" >&2
	done
fi
finish
