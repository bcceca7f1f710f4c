#!/bin/sh
# The progress bar: drawn on a terminal's stderr (here a pseudo-terminal
# from script(1)) while a long search runs, and erased at the end; never
# in the output, never when stderr is not a terminal.
# LOGSCAN_PROGRESS_DELAY_MS=0 shows it at once, so no test waits a second.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v script >/dev/null 2>&1 ||
    ! script -qec true /dev/null >/dev/null 2>&1; then
	echo "SKIP: script(1) cannot make a pseudo-terminal here"
	exit 77
fi
"$GENLOG" --size 8M --seed 5 >"$T/big.log"

cd "$T" || exit 2
# stdout to a file, stderr the terminal that script records.
LOGSCAN_PROGRESS_DELAY_MS=0 script -qec \
    "'$LOGSCAN' grep --io=read --window-size=64K ZX81QUARK big.log >out" \
    typescript >/dev/null 2>&1
expect_grep typescript 'logscan: big\.log \[[# ]+\] +[0-9]+% [0-9.]+ [KMG]?i?B/8\.0 MiB' \
    "bar on the terminal"
checks=$((checks + 1))
# The last thing written to the terminal erases the bar.
if ! tail -c 200 typescript | grep -q "$(printf '\r\033\\[K')"; then
	fail "bar not erased at the end"
fi
grep ZX81QUARK big.log >want
expect_same want out "output without the bar"
# hist with a pattern, the same.
LOGSCAN_PROGRESS_DELAY_MS=0 script -qec \
    "'$LOGSCAN' hist --index=never --window-size=64K -e ERROR big.log >hout" \
    typescript2 >/dev/null 2>&1
expect_grep typescript2 'logscan: big\.log \[' "hist bar on the terminal"
checks=$((checks + 1))
if grep -q 'logscan: big' hout; then fail "bar in hist's output"; fi
# Not a terminal: nothing on stderr.
LOGSCAN_PROGRESS_DELAY_MS=0 "$LOGSCAN" grep --window-size=64K ZX81QUARK \
    big.log >out2 2>err2
expect_empty err2 "no bar without a terminal"
# Standard output on the terminal too: no bar mixed into the lines.
LOGSCAN_PROGRESS_DELAY_MS=0 script -qec \
    "'$LOGSCAN' grep --window-size=64K ZX81QUARK big.log" \
    typescript3 >/dev/null 2>&1
checks=$((checks + 1))
if grep -q 'logscan: big' typescript3; then fail "bar among the lines"; fi

finish
