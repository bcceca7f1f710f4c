#!/bin/sh
# Every single-bit flip and every truncation of a small index: a line slice
# and a time slice still print the right answer and report the corrupt
# index, never a wrong answer or a crash (tests/index_bitflip.py).
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is not installed"
	exit 77
fi
checks=$((checks + 1))
python3 "$top_srcdir/tests/index_bitflip.py" --logscan "$LOGSCAN" \
    --genlog "$GENLOG" --dir "$T" || fail "damaged indexes (see above)"
finish
