#!/bin/sh
# Top-level usage: --help, --version, help COMMAND, unknown commands and
# options, and every subcommand's --help.
. "$top_srcdir/tests/cli/lib.sh"

expect_status 0 "--help" "$LOGSCAN" --help
expect_grep "$T/out" '^Usage: logscan \[GLOBAL-OPTIONS\] COMMAND' \
    "--help usage line"
for c in grep slice index info formats help; do
	expect_grep "$T/out" "^  $c " "--help lists $c"
done
expect_empty "$T/err" "--help writes nothing to stderr"

expect_status 0 "help" "$LOGSCAN" help
expect_grep "$T/out" '^Commands:' "help prints the command list"

expect_status 0 "--version" "$LOGSCAN" --version
expect_grep "$T/out" '^logscan [0-9]+\.[0-9]+\.[0-9]+$' "--version format"

for c in grep slice index info formats; do
	expect_status 0 "help $c" "$LOGSCAN" help "$c"
	expect_grep "$T/out" "^Usage: logscan $c" "help $c usage line"
	cp "$T/out" "$T/help-$c"
	expect_status 0 "$c --help" "$LOGSCAN" "$c" --help
	expect_same "$T/out" "$T/help-$c" "$c --help equals help $c"
done

expect_status 2 "no command" "$LOGSCAN"
expect_grep "$T/err" '^logscan: no command given$' "no command message"
expect_grep "$T/err" '^Usage: logscan' "no command usage"
expect_empty "$T/out" "usage errors print nothing on stdout"

expect_status 2 "unknown command" "$LOGSCAN" frobnicate
expect_grep "$T/err" "^logscan: unknown command 'frobnicate'$" \
    "unknown command message"
expect_grep "$T/err" "Try 'logscan --help'" "unknown command hint"

expect_status 2 "unknown top option" "$LOGSCAN" --frobnicate
expect_grep "$T/err" "^logscan: unrecognized option '--frobnicate'$" \
    "unknown top-level option message"

expect_status 2 "help unknown" "$LOGSCAN" help frobnicate
expect_grep "$T/err" "unknown command 'frobnicate'" "help unknown command"

expect_status 2 "help too many" "$LOGSCAN" help grep slice
expect_grep "$T/err" "too many arguments" "help with two commands"

# getopt errors name the option as typed, never a raw option value.
expect_status 2 "long option missing its argument" "$LOGSCAN" slice --lines
expect_grep "$T/err" "^logscan: option '--lines' requires an argument$" \
    "missing argument names the long option"
expect_status 2 "flag given a value" "$LOGSCAN" slice --stats=1 --lines 1 x
expect_grep "$T/err" "^logscan: option '--stats' doesn't allow an argument$" \
    "flag with a value names the option"
expect_status 2 "unknown long option" "$LOGSCAN" index --frob=2 x
expect_grep "$T/err" "^logscan: unrecognized option '--frob'$" \
    "unknown long option named without its value"
expect_status 2 "unknown short option" "$LOGSCAN" index -Q x
expect_grep "$T/err" "^logscan: invalid option -- 'Q'$" "unknown short option"
expect_grep "$T/err" "^Try 'logscan help index'" "hint names the command"
checks=$((checks + 1))
if LC_ALL=C grep -q '[^ -~]' "$T/err"; then
	fail "usage error contains a control byte"
fi

finish
