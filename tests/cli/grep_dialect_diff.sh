#!/bin/sh
# The grep dialects against GNU grep (issue 28): every case of
# testdata/grep/dialects.tsv -- BRE (grep's default, -G), ERE (-E), fixed
# strings (-F) and PCRE2 (-P) -- is run with each flag set of $FLAGS (and
# the case's own further ones) by GNU grep in the case's dialect and by
# logscan grep in the same one, with the default window and with 4 KiB
# windows (and with each reader when logscan grep has --io), as set out
# below.  Standard output must be byte-identical
# and the exit status equal.  A pattern grep refuses (exit 2) must be
# refused with a message too; the wording is not compared.  Where grep
# is silent on standard error, logscan must be too (where grep warns, as
# for a '*' at the start of an ERE, logscan may or may not).
#
# Each run writes its output to a file of its own; the comparison is one
# diff over the directories at the end, so the suite costs one process
# per case, flag set and variant.  With DIALECTS_LIST=FILE, every case
# that differs is also written to FILE, one a line.
. "$top_srcdir/tests/cli/lib.sh"

grep --version 2>/dev/null | grep -q 'GNU grep' || exit 77
have_pcre=yes
echo x | grep -P x >/dev/null 2>&1 || have_pcre=no

# Colours and options from the environment would change one side only.
unset GREP_COLORS GREP_COLOR GREP_OPTIONS NO_COLOR

D="$TESTDATA/grep"
TABLE="$D/dialects.tsv"
tab=$(printf '\t')

# The flag sets; '-' is none.
FLAGS='- -o -c -i -w -x -n -v --color=always'

# The ways logscan reads: the default (variant 0) with every flag set,
# and 4 KiB windows (the smallest it takes), so that lines straddle
# window ends, with the flag sets of $XFLAGS -- with each reader when
# there is a choice of them (variants 1 and 2).  Under the sanitizers
# (ASAN_OPTIONS set, as .ci/run does), where each start of logscan costs
# ten times as much, only variant 0 runs, with the flag sets of $SFLAGS.
XFLAGS='- -o'
SFLAGS='- -o -x'
VARS='0 1'
"$LOGSCAN" grep --help 2>&1 | grep -q -- '--io=' && VARS='0 1 2'
full=1
if [ -n "${ASAN_OPTIONS:-}" ]; then
	FLAGS=$SFLAGS
	VARS=0
	full=0
fi
VFLAGS0=$FLAGS

# variant V: set vo to the options of variant V and vf to its flag sets
# (for variant 0, with the case's own ones in $more).
variant() {
	case $1 in
	0) vo='' vf="$VFLAGS0 $more" ;;
	1) vo='--window-size=4K' vf=$XFLAGS ;;
	2) vo='--io=read --window-size=4K' vf=$XFLAGS ;;
	esac
	case $1.$VARS in
	1.*2) vo="--io=mmap $vo" ;;
	esac
}

# Cases known to differ today, one a line: DIALECT and PATTERN as in the
# table, the file (dialects.log for '-') and the flag set ('-' for none),
# separated by tabs; '#' starts a comment line.  The test fails when
# one of them stops differing (take it off the list) as when any other
# case differs -- except under the sanitizers, which do not run all of
# the variants.
KNOWN="$T/known"
cat >"$KNOWN" <<'EOF'
# ERE patterns that start with a repetition operator or a '{', which GNU
# grep reads one way to select lines and another to print -o and
# --color matches: it selects the lines with a '{' for '{braces}' but
# prints 'braces}', nothing for '{', and fewer a's for '^*a' and '{1}a'.
# logscan prints what it selected the line for.
E	{	dialects.log	-o
E	{	dialects.log	--color=always
E	{braces}	dialects.log	-o
E	{braces}	dialects.log	--color=always
E	{a}	dialects.log	-o
E	{a}	dialects.log	--color=always
E	^*a	dialects.log	-o
E	^*a	dialects.log	--color=always
E	{1}a	dialects.log	-o
E	{1}a	dialects.log	--color=always
# -w and -x with several patterns, one of them 'x)': GNU grep wraps the
# patterns in a group that the lone ')' closes early, so that under -x
# it selects every line starting with x; logscan reads 'x)' as alone.
E	x)<NL>(a|b)c	dialects.log	-w
E	x)<NL>(a|b)c	dialects.log	-x
# -o -w where the longest match at a place is no word but a shorter one
# is (the second 00 of 'T10:00:00.000Z'): logscan prints the shorter
# one, GNU grep nothing there.
E	[0-9]+|[0-9]+\.[0-9]+	dialects.log	-ow
EOF

R="$T/grep"
mkdir "$R" || exit 1
for v in $VARS; do
	mkdir "$T/l$v" || exit 1
done

cd "$D" || exit 1

# run_cases K N: every K-th case of every N, with every flag set: grep
# once, logscan once per variant that takes the flag set.  The lines of
# the status files (.st) read "ID STATUS STDERR-WRITTEN"; the ID of a
# run is CASE.FLAG-SET, numbered from 1 and 0.
run_cases() {
	i=0
	while IFS=$tab read -r d raw file com more <&3; do
		case $d in
		G | E | F | P) ;;
		*) continue ;;
		esac
		[ "$d" = P ] && [ "$have_pcre" = no ] && continue
		i=$((i + 1))
		[ $((i % $2)) -eq "$1" ] || continue
		pat=$raw
		case $pat in
		*'<NL>'* | *'<TAB>'* | *'<EMPTY>'*)
			pat=$(printf '%s' "$pat" | sed -e 's/<EMPTY>//g' \
			    -e "s/<TAB>/$tab/g" -e 's/<NL>/\
/g'; echo x)
			pat=${pat%x}
			;;
		esac
		[ "$file" = - ] && file=dialects.log
		ld=-$d
		[ "$d" = G ] && ld=
		printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$d" "$raw" "$file" \
		    "$com" >>"$T/cases.$1"
		j=0
		[ "$full" = 1 ] || more=
		for f in $FLAGS $more; do
			[ "$f" = - ] && f=
			id=$i.$j
			# shellcheck disable=SC2086
			grep "-$d" $f -e "$pat" "$file" >"$R/$id" 2>"$T/err.$1"
			st=$?
			e=0
			[ -s "$T/err.$1" ] && e=1
			echo "$id $st $e ${f:--}" >>"$R.st.$1"
			for v in $VARS; do
				variant "$v"
				case " $vf " in
				*" ${f:--} "*) ;;
				*) continue ;;
				esac
				# shellcheck disable=SC2086
				"$LOGSCAN" grep $vo $ld $f -e "$pat" "$file" \
				    >"$T/l$v/$id" 2>"$T/err.$1"
				st=$?
				e=0
				[ -s "$T/err.$1" ] && e=1
				echo "$id $st $e" >>"$T/l$v.st.$1"
			done
			j=$((j + 1))
		done
	done 3<"$TABLE"
}

# Two at a time, for the two cores a test machine has at least.
run_cases 0 2 &
run_cases 1 2
wait
cat "$T/cases.0" "$T/cases.1" >"$T/cases"
cat "$R.st.0" "$R.st.1" >"$R.st"
runs=0
for v in $VARS; do
	cat "$T/l$v.st.0" "$T/l$v.st.1" >"$T/l$v.st" 2>/dev/null
	runs=$((runs + $(wc -l <"$T/l$v.st")))
done
ncases=$(wc -l <"$T/cases")

# Which outputs differ: one diff per variant.
: >"$T/differ"
for v in $VARS; do
	# Only grep's directory has the runs this variant leaves out.
	diff -rq "$R" "$T/l$v" | awk -v v="$v" -v R="$R" '
	    $1 == "Files" { n = split($2, p, "/"); print v, p[n]; next }
	    $1 == "Only" && $3 == R ":" { next }
	    { print v, "?" $0 }' >>"$T/differ"
done

# Judge every case and flag set: the failures go to $T/fails as
# "ID<TAB>VARIANTS<TAB>WHY", the known ones that passed to $T/fixed.
# shellcheck disable=SC2046
awk -v vars="$VARS" -v T="$T" -v full="$full" '
BEGIN { FS = "\t"; nv = split(vars, V, " ") }
FILENAME == T "/known" {
	if ($0 !~ /^#/ && $0 != "")
		known[$1 "\t" $2 "\t" $3 "\t" $4] = 1
	next
}
FILENAME == T "/cases" { key[$1] = $2 "\t" $3 "\t" $4; com[$1] = $5; next }
FILENAME == T "/differ" {
	split($0, a, " ")
	if (a[2] ~ /^\?/) { print "unexpected: " $0 > "/dev/stderr"; bad = 1 }
	why[a[2], a[1]] = why[a[2], a[1]] " stdout"
	next
}
FILENAME == T "/grep.st" { split($0, a, " "); gst[a[1]] = a[2];
	gerr[a[1]] = a[3]; flag[a[1]] = a[4]; ids[++nid] = a[1]; next }
{
	split($0, a, " ")
	v = substr(FILENAME, length(T) + 3)
	sub(/\.st$/, "", v)
	id = a[1]
	ran[id] = 1
	if (!(id in gst)) { print "no grep run for " id > "/dev/stderr"; bad = 1 }
	if (a[2] != gst[id])
		why[id, v] = why[id, v] " status(" a[2] "/grep " gst[id] ")"
	else if (a[2] == 2 && a[3] == 0)
		why[id, v] = why[id, v] " no-message"
	else if (gerr[id] == 0 && a[3] == 1)
		why[id, v] = why[id, v] " stderr"
}
END {
	for (k = 1; k <= nid; k++) {
		id = ids[k]
		if (!(id in ran)) {
			print "logscan did not run " id > "/dev/stderr"
			bad = 1
		}
		split(id, c, ".")
		kk = key[c[1]] "\t" flag[id]
		seen[kk] = 1
		w = ""; vs = ""
		for (n = 1; n <= nv; n++)
			if ((id, V[n]) in why) {
				vs = vs (vs == "" ? "" : ",") V[n]
				if (w == "") w = why[id, V[n]]
			}
		if (w != "" && !(kk in known))
			print id "\t" vs "\t" w "\t" kk "\t" com[c[1]] \
			    > (T "/fails")
		else if (w != "")
			nknown++
		else if ((kk in known) && full)
			print kk > (T "/fixed")
		else
			same++
	}
	for (kk in known)
		if (full && !(kk in seen)) {
			print "known difference of no case: " kk > "/dev/stderr"
			bad = 1
		}
	printf "%d identical, %d known differences\n", same, nknown \
	    > (T "/summary")
	exit bad
}' "$KNOWN" "$T/cases" "$T/differ" "$R.st" $(for v in $VARS; do
	echo "$T/l$v.st"; done) || fail "comparison went wrong"

npairs=$(wc -l <"$R.st")
checks=$runs

# quote WORD: WORD as the shell reads it back.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Say what differs: the case, the two commands and the difference, for
# the first few; one line each for the rest.
nfail=0
if [ -s "$T/fails" ]; then
	nfail=$(wc -l <"$T/fails")
	# shellcheck disable=SC2034 # (finish reads it)
	fails=$nfail
	shown=0
	while IFS=$tab read -r id vs why d raw file f com <&3; do
		c=${id%.*}
		if [ -n "${DIALECTS_LIST:-}" ]; then
			printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$raw" "$file" \
			    "$f" "$vs" "$why" >>"$DIALECTS_LIST"
		fi
		shown=$((shown + 1))
		if [ "$shown" -gt 25 ]; then
			[ "$shown" -le 200 ] &&
			    printf 'FAIL: -%s %s %s %s:%s\n' "$d" "$f" \
			    "$(quote "$raw")" "$file" "$why" >&2
			continue
		fi
		ld=-$d
		[ "$d" = G ] && ld=
		[ "$f" = - ] && f=
		v=${vs%%,*}
		variant "$v"
		q=$(quote "$raw")
		printf 'FAIL: case %s (%s):%s\n' "$c" "$com" "$why" >&2
		printf '  grep -%s %s -e %s %s\n' "$d" "$f" "$q" "$file" >&2
		printf '  logscan grep %s %s %s -e %s %s (variants %s)\n' \
		    "$vo" "$ld" "$f" "$q" "$file" "$vs" >&2
		diff "$R/$id" "$T/l$v/$id" | head -12 | cat -v |
		    sed 's/^/    /' >&2
	done 3<"$T/fails"
	[ "$nfail" -gt 200 ] && echo "... $((nfail - 200)) more" >&2
fi
if [ -s "$T/fixed" ]; then
	while IFS= read -r k; do
		printf 'FAIL: %s: %s\n' "known difference no longer differs," \
		    "take it off the list: $(printf '%s' "$k" |
		    sed "s/$tab/ | /g")" >&2
		fails=$((fails + 1))
	done <"$T/fixed"
fi
echo "$ncases cases, $npairs with a flag set ($runs runs of logscan):" \
    "$(cat "$T/summary"), $nfail differing"

# No blow-up: patterns without back-references get an answer on a long
# line that defeats a backtracking matcher, as grep answers at once.
# $T/blowup_known lists, one a line, PATTERN<TAB>FLAG ('-' for none) of
# the ones known to differ today; the test fails when one of them stops
# differing as when any other does.
cat >"$T/blowup_known" <<'EOF'
EOF
nknown=0
{ head -c 30000 /dev/zero | tr '\0' a; echo b; } >"$T/aaab.log"
for pat in '(a+)+$' '(a|a)+$' '(.*a){12}$' '^(a|aa)+$' '(a*)*$'; do
	for f in - -c -o -v; do
		checks=$((checks + 1))
		known=no
		grep -Fxq -e "$pat$tab$f" "$T/blowup_known" && known=yes
		[ "$f" = - ] && f=
		# shellcheck disable=SC2086
		grep -E $f -e "$pat" "$T/aaab.log" >"$T/g.out" 2>&1
		gs=$?
		bad=
		for v in $VARS; do
			variant "$v"
			# shellcheck disable=SC2086
			"$LOGSCAN" grep $vo -E $f -e "$pat" "$T/aaab.log" \
			    >"$T/l.out" 2>&1
			ls=$?
			if [ "$ls" -ne "$gs" ] || ! cmp -s "$T/g.out" "$T/l.out"
			then
				bad="${vo:-default}: exit $ls, grep $gs"
				break
			fi
		done
		q=$(quote "$pat")
		if [ -n "$bad" ] && [ "$known" = no ]; then
			fail "grep -E $f $q on 30000 a's and a b ($bad)"
			head -c 300 "$T/l.out" | sed 's/^/  /' >&2
		elif [ -n "$bad" ]; then
			nknown=$((nknown + 1))
		elif [ "$known" = yes ] && [ "$full" = 1 ]; then
			fail "grep -E $f $q on 30000 a's and a b no longer" \
			    "differs: take it off the known list"
		fi
	done
done
echo "no blow-up: 20 cases, $nknown known differences"

finish
