#!/bin/sh
# Global options (--config, --no-config, --color, --index-dir) before the
# command work as after it; help words (-h, --help, help --help); and a
# mistyped option or command gets the closest one suggested.
. "$top_srcdir/tests/cli/lib.sh"

printf 'one\nTwo\nthree two\n' >"$T/a.log"
printf 'defaults:\n  color: always\n' >"$T/color.yaml"

# ---- --config before the command: read by every command that takes it
expect_status 0 "--config before config" "$LOGSCAN" --config "$T/color.yaml" \
    config
expect_grep "$T/out" "^file: $T/color.yaml\$" "--config X config"
expect_grep "$T/out" '^  color: \{value: always, from: config\}$' \
    "the file before the command is read"
expect_status 0 "--config= before config" "$LOGSCAN" \
    --config="$T/color.yaml" config
expect_grep "$T/out" "^file: $T/color.yaml\$" "--config=X config"
# The config's colour reaches grep, as with --config after the command.
expect_status 0 "grep --config after" "$LOGSCAN" grep --config \
    "$T/color.yaml" two "$T/a.log"
cp "$T/out" "$T/after"
expect_grep "$T/after" "$(printf '\033')\\[" "colour from the config"
expect_status 0 "grep --config before" "$LOGSCAN" --config "$T/color.yaml" \
    grep two "$T/a.log"
expect_same "$T/after" "$T/out" "--config before grep = after it"
# The command's own options, later on the line, win.
expect_status 0 "--no-config after a global --config" "$LOGSCAN" \
    --config "$T/color.yaml" config --no-config
expect_grep "$T/out" '^file: null$' "the command's --no-config wins"
expect_status 2 "a missing global config" "$LOGSCAN" --config \
    "$T/nope.yaml" grep two "$T/a.log"
expect_grep "$T/err" "nope.yaml" "a bad global --config is reported"

# ---- --color before the command
expect_status 0 "grep --color=always" "$LOGSCAN" grep --color=always two \
    "$T/a.log"
cp "$T/out" "$T/after"
expect_status 0 "--color=always grep" "$LOGSCAN" --color=always grep two \
    "$T/a.log"
expect_same "$T/after" "$T/out" "--color before grep = after it"
expect_status 0 "--colour=never grep --color=always" "$LOGSCAN" \
    --colour=never grep --color=always two "$T/a.log"
expect_same "$T/after" "$T/out" "the command's --color wins"
# A command without colour ignores it; a bad value is still an error.
expect_status 0 "--color=always slice" "$LOGSCAN" --color=always slice \
    --lines 2 "$T/a.log"
printf 'Two\n' >"$T/want"
expect_same "$T/want" "$T/out" "slice without colour"
expect_status 2 "--color=bogus" "$LOGSCAN" --color=bogus info "$T/a.log"
expect_grep "$T/err" "bad --color value 'bogus'" "bad global colour"

# ---- --index-dir before the command: index, info and slice find it there
mkdir "$T/idx"
expect_status 0 "--index-dir before index" "$LOGSCAN" --index-dir "$T/idx" \
    index "$T/a.log"
checks=$((checks + 1))
[ -e "$T/a.log.lsidx" ] && fail "--index-dir X index wrote beside the log"
checks=$((checks + 1))
[ "$(find "$T/idx" -name '*.lsidx' | wc -l)" -eq 1 ] ||
    fail "--index-dir X index wrote nothing in X"
expect_status 0 "--index-dir before info" "$LOGSCAN" --index-dir="$T/idx" \
    info "$T/a.log"
cp "$T/out" "$T/before"
expect_status 0 "info --index-dir" "$LOGSCAN" info --index-dir="$T/idx" \
    "$T/a.log"
expect_same "$T/out" "$T/before" "--index-dir before info = after it"
expect_grep "$T/out" '^  indexed_lines: 3$' "info finds the index in X"
expect_status 2 "empty global --index-dir" "$LOGSCAN" --index-dir= info \
    "$T/a.log"

# ---- help words
for c in grep slice index info formats config; do
	"$LOGSCAN" help "$c" >"$T/help-$c" 2>&1
	expect_status 0 "$c --help" "$LOGSCAN" "$c" --help
	expect_same "$T/help-$c" "$T/out" "$c --help = help $c"
	[ "$c" = grep ] && continue # grep's -h is --no-filename
	expect_status 0 "$c -h" "$LOGSCAN" "$c" -h
	expect_same "$T/help-$c" "$T/out" "$c -h = help $c"
	expect_grep "$T/out" '^  -h, --help ' "$c --help shows -h"
done
"$LOGSCAN" --help >"$T/main"
for w in --help -h; do
	expect_status 0 "help $w" "$LOGSCAN" help "$w"
	expect_same "$T/main" "$T/out" "help $w prints the main help"
done
expect_status 0 "--config X --help" "$LOGSCAN" --config "$T/color.yaml" --help
expect_same "$T/main" "$T/out" "--help after a global option"
expect_status 0 "grep -h is still --no-filename" "$LOGSCAN" grep -h one \
    "$T/a.log" "$T/a.log"
printf 'one\none\n' >"$T/want"
expect_same "$T/want" "$T/out" "grep -h"

# ---- suggestions
expect_status 2 "grep --ignroe-case" "$LOGSCAN" grep --ignroe-case two \
    "$T/a.log"
expect_grep "$T/err" \
    "^logscan: unrecognized option '--ignroe-case'; did you mean --ignore-case\\?\$" \
    "a swapped pair of letters"
expect_status 2 "slice --sinse" "$LOGSCAN" slice --sinse=10:00 "$T/a.log"
expect_grep "$T/err" "unrecognized option '--sinse'; did you mean --since\\?\$" \
    "named without the value, with the closest option"
expect_status 2 "index --group-line" "$LOGSCAN" index --group-lnes 5 "$T/a.log"
expect_grep "$T/err" "did you mean --group-lines\\?" "a dropped letter"
expect_status 2 "--colr" "$LOGSCAN" --colr grep two "$T/a.log"
expect_grep "$T/err" "did you mean --color\\?" "a global option"
expect_status 2 "grep --ind" "$LOGSCAN" grep --ind x "$T/a.log"
expect_grep "$T/err" "^logscan: option '--ind' is ambiguous; possibilities: --index --index-dir\$" \
    "an ambiguous abbreviation lists its options"
expect_status 2 "no suggestion for nonsense" "$LOGSCAN" grep --frobnicate x \
    "$T/a.log"
expect_grep "$T/err" "^logscan: unrecognized option '--frobnicate'\$" \
    "nothing close: no suggestion"
for typo in grp:grep gerp:grep slise:slice indx:index ifno:info \
    fromats:formats cnofig:config hlep:help; do
	expect_status 2 "command ${typo%%:*}" "$LOGSCAN" "${typo%%:*}"
	expect_grep "$T/err" \
	    "^logscan: unknown command '${typo%%:*}'; did you mean ${typo#*:}\\?\$" \
	    "${typo%%:*} suggests ${typo#*:}"
done
expect_status 2 "help grp" "$LOGSCAN" help grp
expect_grep "$T/err" "did you mean grep\\?" "help with a typo"
expect_status 2 "far from any command" "$LOGSCAN" frobnicate
expect_grep "$T/err" "^logscan: unknown command 'frobnicate'\$" \
    "no suggestion for an unrelated word"
finish
