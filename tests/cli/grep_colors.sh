#!/bin/sh
# Colour settings (issue 18 item 7): GREP_COLORS' capabilities as GNU grep
# reads them, the deprecated GREP_COLOR (issue 23), and NO_COLOR for
# --color=auto.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/greplib.sh"

cd "$T" || exit 1
printf 'a foo b\nbar\nfoo\r\n' >c1
E='\033['
K='\033[K'
END='\033[m\033[K'

# Defaults: ms=01;31 fn=35 ln=32 bn=32 se=36.
both 0 "${E}35m${K}c1${END}${E}36m${K}:${END}${E}32m${K}1${END}${E}36m${K}:${END}${E}32m${K}0${END}${E}36m${K}:${END}a ${E}01;31m${K}foo${END} b\n" \
	"default colours" --color=always -H -n -b -m1 foo c1
export GREP_COLORS='ms=01;32:fn=34:ln=33:bn=35:se=31'
both 0 "${E}34m${K}c1${END}${E}31m${K}:${END}${E}33m${K}1${END}${E}31m${K}:${END}${E}35m${K}0${END}${E}31m${K}:${END}a ${E}01;32m${K}foo${END} b\n" \
	"ms fn ln bn se" --color=always -H -n -b -m1 foo c1
export GREP_COLORS='mt=01;32'
both 0 "a ${E}01;32m${K}foo${END} b\n" "mt" --color=always -m1 foo c1
# mc colours matches in context lines: those of -v.
export GREP_COLORS='ms=34:mc=35'
both 0 "a foo b\n${E}35m${K}bar${END}\n" "mc under -v" \
	--color=always -v -A1 -m1 b.r c1
# sl and cx colour the rest of selected and context lines (not a '\r'
# before the newline); rv swaps them under -v.
export GREP_COLORS='sl=1:cx=2'
both 0 "${E}1m${K}a ${E}01;31m${K}foo${END}${E}1m${K} b${END}\n${E}2m${K}bar${END}\n" \
	"sl and cx" --color=always -A1 -m1 foo c1
both 0 "${E}1m${K}${E}01;31m${K}foo${END}\r\n" "sl stops before a CR" \
	--color=always '^foo' c1
export GREP_COLORS='sl=1:cx=2:rv'
both 0 "${E}2m${K}a foo b${END}\n${E}1m${K}${E}01;31m${K}bar${END}\n${E}2m${K}foo${END}\r\n" \
	"rv swaps sl and cx under -v" --color=always -v -B1 bar c1
# ne drops the erase-to-end-of-line sequence; an empty capability is
# plain; unknown ones are ignored; a malformed entry ends the reading.
export GREP_COLORS='ne:fn=:zz=1'
both 0 "c1${E}36m:${E}ma ${E}01;31mfoo${E}m b\n" "ne, empty fn, unknown zz" \
	--color=always -H -m1 foo c1
export GREP_COLORS='ms=34:fn=3x:ms=35'
both 0 "a ${E}34m${K}foo${END} b\n" "malformed entry" --color=always -m1 foo c1
unset GREP_COLORS

# GREP_COLOR: deprecated, below GREP_COLORS, with a warning.
export GREP_COLOR='01;32'
both 0 "a ${E}01;32m${K}foo${END} b\n" "GREP_COLOR" --color=always -m1 foo c1
err_has "warning: GREP_COLOR='01;32' is deprecated; use GREP_COLORS='mt=01;32'" \
	"GREP_COLOR warns"
GREP_COLORS='mt=34' both 0 "a ${E}34m${K}foo${END} b\n" "GREP_COLORS wins" \
	--color=always -m1 foo c1
expect_empty "$T/goterr" "no warning when GREP_COLOR does nothing"
both 0 "a foo b\n" "no colour, no warning" -m1 foo c1
expect_empty "$T/goterr" "no warning without colour"
export GREP_COLOR='1x'
both 0 "a ${E}01;31m${K}foo${END} b\n" "a bad GREP_COLOR is ignored" \
	--color=always -m1 foo c1
unset GREP_COLOR

# NO_COLOR turns --color=auto off on a terminal, and nothing else.
NO_COLOR=1 both 0 "a ${E}01;31m${K}foo${END} b\n" "NO_COLOR and --color=always" \
	--color=always -m1 foo c1
if command -v python3 >/dev/null 2>&1; then
	# on_tty ENV...: run logscan grep --color=auto on a terminal.
	on_tty() {
		env "$@" python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "grep", "--color=auto", "foo", "c1"])
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.write("colour" if b"\x1b[" in out else "plain")
' "$LOGSCAN"
	}
	checks=$((checks + 1))
	[ "$(on_tty TERM=xterm)" = colour ] || fail "--color=auto on a tty colours"
	checks=$((checks + 1))
	[ "$(on_tty TERM=xterm NO_COLOR=1)" = plain ] ||
		fail "NO_COLOR turns --color=auto off"
	checks=$((checks + 1))
	[ "$(on_tty TERM=xterm NO_COLOR=)" = colour ] ||
		fail "an empty NO_COLOR is not set"
	checks=$((checks + 1))
	[ "$(on_tty TERM=dumb)" = plain ] || fail "TERM=dumb: no colour"
else
	echo "python3 not installed: --color=auto on a tty not tried"
fi

finish
