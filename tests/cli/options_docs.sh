#!/bin/sh
# The docs agree with the option table: every option a command takes
# (logscan completion --list prints the table) is shown by the command's
# --help and documented with .Fl in the man page's section for the
# command (or, for the global options, in DESCRIPTION, which documents
# them for every command); and every .Fl in the man page is an option the
# table has.  Adding an option without its help or man entry fails here.
. "$top_srcdir/tests/cli/lib.sh"

page="$top_srcdir/man/logscan.1"
expect_status 0 "completion --list" "$LOGSCAN" completion --list
cp "$T/out" "$T/table"
checks=$((checks + 1))
[ "$(wc -l <"$T/table")" -gt 50 ] || fail "the table lists few options"

# The .Fl words of each part of the man page: "SECTION<TAB>-x" lines,
# SECTION the command of a ".Ss logscan CMD" subsection, or the .Sh name.
# Fl takes the words after it up to the next macro; "Fl -a | -b" two.
awk '
/^\.Sh / { sec = $2; for (i = 3; i <= NF; i++) sec = sec " " $i; next }
/^\.Ss logscan / { sec = $3; next }
/^\./ {
	for (i = 1; i <= NF; i++) {
		if ($i != "Fl" && $i != ".Fl") continue
		for (j = i + 1; j <= NF; j++) {
			w = $j
			if (w == "|" || w == ",") continue
			if (w ~ /^[A-Z][a-z][a-z]?$/ || w ~ /^[.;:()]$/) break
			if (w ~ /^[-a-zA-Z0-9]/) print sec "\t-" w
		}
	}
}' "$page" | sort -u >"$T/fl"
checks=$((checks + 1))
[ -s "$T/fl" ] || fail "no .Fl found in the man page"

# Every table entry: in its command's --help and its man section.
cut -f1 "$T/table" | sort -u >"$T/cmds"
while read -r cmd; do
	"$LOGSCAN" "$cmd" --help >"$T/help-$cmd" 2>&1
done <"$T/cmds"
tab=$(printf '\t')
while IFS="$tab" read -r cmd name letters kind arg key dflt global; do
	words=""
	[ "$name" != "-" ] && words="--$name"
	if [ "$letters" != "-" ]; then
		words="$words $(printf '%s' "$letters" | sed 's/./-& /g')"
	fi
	for w in $words; do
		checks=$((checks + 1))
		# An option in help starts a line ("  -e, --regexp=...") or
		# follows another name of the same option.
		if ! grep -Eq -- "^ {2,6}((-[a-zA-Z0-9]|--[a-z-]+(\[?=[A-Z:]+\]?)?), )*$w([=[ ,]|\$)" \
		    "$T/help-$cmd"; then
			fail "'$w' of $cmd is in the option table but not in" \
			    "'logscan $cmd --help'"
		fi
		checks=$((checks + 1))
		if ! grep -qxF -- "$cmd$tab$w" "$T/fl" &&
		    ! { [ "$global" = global ] &&
			grep -qxF -- "DESCRIPTION$tab$w" "$T/fl"; }; then
			fail "'$w' of $cmd is in the option table but not" \
			    "documented with .Fl in the man page's" \
			    "'logscan $cmd' section"
		fi
	done
done <"$T/table"

# Every .Fl in the man page is in the table.
awk -F "$tab" '{
	if ($2 != "-") print "--" $2
	n = split($3, l, "")
	for (i = 1; i <= n; i++) if ($3 != "-") print "-" l[i]
}' "$T/table" | sort -u >"$T/known"
# Aliases are no entries of their own: --colour, --silent.
printf '%s\n' --colour --silent >>"$T/known"
cut -f2 "$T/fl" | sort -u >"$T/documented"
while read -r w; do
	checks=$((checks + 1))
	grep -qxF -- "$w" "$T/known" ||
	    fail "the man page documents '$w', which no command takes"
done <"$T/documented"

# Every configuration key of the table (logscan config lists them all)
# is documented in logscan.conf(5) as ".It Ic KEY :", and every key
# documented so is one of them.
conf5="$top_srcdir/man/logscan.conf.5"
expect_status 0 "config --no-config" "$LOGSCAN" config --no-config
sed -n 's/^  \([a-z-]*\): {value: .*/\1/p' "$T/out" | sort -u >"$T/keys"
checks=$((checks + 1))
[ "$(wc -l <"$T/keys")" -ge 10 ] || fail "logscan config lists few keys"
sed -n 's/^\.It Ic \([a-z-]*\) : .*/\1/p' "$conf5" | sort -u >"$T/conf5"
while read -r k; do
	checks=$((checks + 1))
	grep -qxF -- "$k" "$T/conf5" ||
	    fail "config key '$k' is not documented in logscan.conf.5"
done <"$T/keys"
while read -r k; do
	checks=$((checks + 1))
	grep -qxF -- "$k" "$T/keys" ||
	    fail "logscan.conf.5 documents key '$k', which the table lacks"
done <"$T/conf5"

# The man pages lint clean, as make check runs them when installed.
for p in "$page" "$top_srcdir/man/logscan.conf.5"; do
	if command -v groff >/dev/null 2>&1; then
		checks=$((checks + 1))
		groff -ww -z -mandoc "$p" >"$T/groff" 2>&1
		[ -s "$T/groff" ] && fail "groff -ww: $(cat "$T/groff")"
	fi
	if command -v mandoc >/dev/null 2>&1; then
		checks=$((checks + 1))
		# Whether another page is installed, and the state of the
		# system's man database, say nothing about this page.
		mandoc -Tlint "$p" 2>&1 |
		    grep -v -e 'referenced manual not found' \
		        -e 'outdated mandoc.db' >"$T/lint"
		[ -s "$T/lint" ] && fail "mandoc -Tlint: $(cat "$T/lint")"
	fi
done
finish
