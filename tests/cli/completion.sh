#!/bin/sh
# logscan completion: the scripts are made from the option table, and the
# bash one completes commands, options and enumeration words for real.
. "$top_srcdir/tests/cli/lib.sh"

for sh in bash zsh fish; do
	expect_status 0 "completion $sh" "$LOGSCAN" completion "$sh"
	cp "$T/out" "$T/$sh"
	checks=$((checks + 1))
	[ -s "$T/$sh" ] || fail "completion $sh printed nothing"
	# Every long option of grep is in each script.
	for o in ignore-case window-size binary-files no-config; do
		checks=$((checks + 1))
		grep -q -- "$o" "$T/$sh" || fail "$sh script lacks --$o"
	done
done
expect_status 2 "completion tcsh" "$LOGSCAN" completion tcsh
expect_grep "$T/err" "unknown shell 'tcsh': expected bash, zsh or fish" \
    "an unknown shell is named"
expect_status 2 "completion without a shell" "$LOGSCAN" completion
expect_grep "$T/err" "no shell given" "a missing shell is reported"

# The option table itself, as the docs test reads it.
expect_status 0 "completion --list" "$LOGSCAN" completion --list
expect_grep "$T/out" "^index	group-lines	-	number	N	group-lines	4096	-$" \
    "--list shows kind, argument, config key and default"
expect_grep "$T/out" "^grep	color	-	enum	WHEN	color	auto	global$" \
    "--list marks global options"

for sh in zsh fish; do
	if command -v "$sh" >/dev/null 2>&1; then
		checks=$((checks + 1))
		"$sh" -n "$T/$sh" 2>"$T/err" ||
		    fail "$sh -n rejects the script: $(cat "$T/err")"
	fi
done

if ! command -v bash >/dev/null 2>&1; then
	finish
fi
# complete(1) REPLY for the words given, the last one being completed.
comp() {
	bash -c '
	. "$1"; shift
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	_logscan
	[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' comp "$T/bash" "$@" >"$T/reply" 2>&1
}
checks=$((checks + 1))
bash -c '. "$1"; complete -p logscan' x "$T/bash" >"$T/out" 2>&1
grep -q -- "-F _logscan logscan" "$T/out" ||
    fail "the bash script registers no completion: $(cat "$T/out")"
comp logscan gr
expect_grep "$T/reply" "^grep$" "a command is completed"
comp logscan grep --ignore
expect_grep "$T/reply" "^--ignore-case$" "grep's long option is completed"
comp logscan slice --ignore
checks=$((checks + 1))
[ -s "$T/reply" ] && fail "slice is offered grep's --ignore-case"
comp logscan slice --io mm
expect_grep "$T/reply" "^mmap$" "--io's words are completed"
comp logscan grep --binary-files = with
expect_grep "$T/reply" "^without-match$" "--binary-files=with is completed"
comp logscan --no
expect_grep "$T/reply" "^--no-config$" "a global option before the command"
comp logscan completion b
expect_grep "$T/reply" "^bash$" "completion's shell is completed"
comp logscan help sl
expect_grep "$T/reply" "^slice$" "help's command is completed"
finish
