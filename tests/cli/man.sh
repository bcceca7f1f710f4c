#!/bin/sh
# The man page is clean under mandoc's linter and documents every command.
. "$top_srcdir/tests/cli/lib.sh"

page="$top_srcdir/man/logscan.1"
if ! command -v mandoc >/dev/null 2>&1; then
	echo "mandoc not installed; skipping"
	exit 77
fi
checks=$((checks + 1))
# -W warning: style notes are advice, warnings and errors are defects.
if ! mandoc -Tlint -W warning "$page" >"$T/lint" 2>&1; then
	fail "mandoc -Tlint reports problems"
	cat "$T/lint" >&2
fi
# groff's mdoc package is stricter about some macros than mandoc.
if command -v groff >/dev/null 2>&1; then
	checks=$((checks + 1))
	groff -ww -z -mandoc "$page" >"$T/groff" 2>&1
	if [ -s "$T/groff" ]; then
		fail "groff -ww reports problems"
		cat "$T/groff" >&2
	fi
fi
mandoc -Tutf8 "$page" 2>/dev/null | col -b >"$T/page"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" FILES \
    ENVIRONMENT EXAMPLES; do
	expect_grep "$T/page" "^$section" "man page has $section"
done
for c in grep slice index info formats help; do
	expect_grep "$T/page" "logscan $c" "man page synopsis has $c"
done

# Every long option that a command's --help mentions is in the man page.
for c in grep slice index info formats; do
	"$LOGSCAN" "$c" --help >"$T/help" 2>&1
	for opt in $(grep -oE -- '--[a-z][a-z-]+' "$T/help" | sort -u); do
		checks=$((checks + 1))
		if ! grep -qF -- "$opt" "$T/page"; then
			fail "'$opt' from 'logscan $c --help' is not in the man page"
		fi
	done
done
finish
