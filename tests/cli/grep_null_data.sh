#!/bin/sh
# grep -z/--null-data (issue 28): input records end in a NUL byte instead
# of a newline, and so does every line printed.  Each case runs GNU grep
# -z and logscan grep -z in the same dialect (BRE, ERE, -F, -P) with the
# same flags; standard output must be byte-identical and the exit status
# equal.  The inputs hold records with newlines inside, empty records, a
# last record without its NUL, records far longer than a 4 KiB window
# (read with --io=mmap and --io=read and 4 KiB windows, and from a pipe),
# and a file without any NUL (one record).  Without GNU grep, a few cases
# are still checked against the bytes GNU grep 3.8 prints.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/greplib.sh"

cd "$T" || exit 1
have_pcre=yes
echo x | grep -P x >/dev/null 2>&1 || have_pcre=no

# ---- the inputs -----------------------------------------------------------

# recs: short records, some holding newlines, an empty one, one that is a
# newline alone, a '\r' before a NUL, words next to newlines.
printf '%s\0' 'alpha' 'alpha
beta' 'gamma' '' 'a b' 'ERROR disk full
at line 2' 'x  y' 'word wordy' '
' 'ab
cd' 'a
b' 'tail a' 'WARN low
memory
ERROR again' 'b' 'end
' >recs
printf 'cr a\r\0' >>recs
# nofinal: the last record has no NUL after it.
printf 'one a\0two\nb\0three a' >nofinal
# plain: no NUL at all, so one record of several lines.
printf 'alpha\nbeta\ngamma a\n' >plain
: >empty
# long: records of up to ~18 KiB, some with newlines inside, around short
# ones; matches at their starts, ends and middles.
awk 'BEGIN {
	for (i = 1; i <= 60; i++) {
		if (i % 7 == 3) {
			n = 1000 + (i * 997) % 17000
			s = "rec" i " begin "
			while (length(s) < n)
				s = s ((length(s) % 300 < 6) ? "\n" : "filler ")
			s = s " ERROR end" i
		} else if (i % 11 == 0) {
			s = "x"
			while (length(s) < 5000)
				s = s "yz"
			s = s "\nWARN tail"
		} else
			s = "short " i ((i % 3) ? " ok" : " ERROR")
		printf "%s%c", s, 0
	}
}' >long

# ---- fixed expectations (GNU grep 3.8's bytes) ------------------------------

both 0 'alpha\nbeta\0a b\0a\nb\0' "-z: . matches a newline" -z 'a.b' recs
[ "$have_pcre" = yes ] &&
	both 0 'a b\0' "-zP: . does not match a newline" -zP 'a.b' recs
both 1 '' "-z: ^ only at a record's start" -z '^beta' recs
both 1 '' "-z: \$ only at a record's end" -z 'memory$' recs
both 0 '3\n' "-zc ends in a newline" -zc 'beta\|gamma\|wordy' recs
both 0 'recs\n' "-zl ends in a newline" -zl alpha recs
both 0 'a\0a\0' "-zo ends in a NUL" -zo 'a' nofinal
both 0 '1:one a\0003:three a\0' "-zn counts records" -zn 'a' nofinal
both 0 '0:one a\0' "-zb" -zb 'one' nofinal
both 0 'alpha\nbeta\ngamma a\n\0' "-z on a file without NUL" -z gamma plain
both 0 'one a\0--\nthree a\0' "-z group separator ends in a newline" \
	-z -A0 'a$' nofinal
both 0 'alpha\nbeta\0' "-zw: a newline is no word character" -zw 'beta' recs
both 1 '' "-z on an empty file" -z a empty
# No binary files for -z in the C locale, even with -I.
both 0 'cr a\r\0' "-zI" -zI 'cr' recs

# ---- the differential part --------------------------------------------------

if [ "$HAVE_GNU" = 0 ]; then
	finish
fi

# Cases: DIALECT<TAB>PATTERN.  <NL> in a pattern stands for a newline
# (several patterns).
tab=$(printf '\t')
cat >cases <<'EOF'
G	a
G	a.b
G	a[^x]b
G	^b
G	a$
G	^$
G	^
G	ERROR\|WARN
G	\(ERROR\|WARN\) [a-z]*
G	x\s*y
G	\<word\>
G	e.*r
G	beta
G	a\sb
G	[[:space:]]
G	^[a-z]*$
G	t$
G	\`a
G	a\'
G	a<NL>gamma
E	a.b
E	(ab|cd)+
E	^(alpha|b)$
E	y$
E	[^a-z]
E	e.{0,3}r
E	a|^$
E	memory.ERROR
F	a
F	b<NL>gamma
F	ERROR
F	y
P	a.b
P	a\nb
P	(?m)^b
P	^b
P	a$
P	\s
P	(?s)a.b
P	[^x]
P	\Aa
P	a\z
P	ERROR.*
P	^\w+$
EOF

# The flag sets for the short inputs ('-' is none), and for the long one.
FLAGS='- -c -v -n -b -o -w -x -i -l -L -h -H -A1 -B1 -C1 -m2 -on -vn -co
-cv --color=always -ob'
LFLAGS='- -c -o -n -b -v -C1'
VARIANTS='def mmap read pipe'
# Under the sanitizers (ASAN_OPTIONS set, as .ci/run does), where each
# start of logscan costs ten times as much, fewer flag sets and readers.
if [ -n "${ASAN_OPTIONS:-}" ]; then
	FLAGS='- -c -v -n -o -x -C1'
	LFLAGS='- -o -n'
	VARIANTS='mmap read'
fi

ncase=0
nsame=0
# run NAME FILE FLAGS PAT DIALECT VARIANT: compare one run.
run() {
	v=$6 f=$3
	[ "$f" = - ] && f=
	case $v in
	def) vo= ;;
	mmap) vo='--io=mmap --window-size=4K' ;;
	read) vo='--io=read --window-size=4K' ;;
	pipe) vo='--window-size=4K' ;;
	esac
	ncase=$((ncase + 1))
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	grep -z -$5 $f -e "$4" "$2" >"$T/g" 2>"$T/ge"
	gs=$?
	if [ "$v" = pipe ]; then
		# shellcheck disable=SC2086
		"$LOGSCAN" grep $vo -z -$5 $f -e "$4" <"$2" >"$T/l" 2>"$T/le"
		ls=$?
		# shellcheck disable=SC2086
		grep -z -$5 $f -e "$4" <"$2" >"$T/g" 2>"$T/ge"
		gs=$?
	else
		# shellcheck disable=SC2086
		"$LOGSCAN" grep $vo -z -$5 $f -e "$4" "$2" >"$T/l" 2>"$T/le"
		ls=$?
	fi
	if [ "$gs" -ne "$ls" ] || ! cmp -s "$T/g" "$T/l"; then
		fail "grep -z -$5 $f -e '$4' $2 ($v): exit $ls, grep $gs"
		od -c "$T/g" | head -6 | sed 's/^/  grep:    /' >&2
		od -c "$T/l" | head -6 | sed 's/^/  logscan: /' >&2
		sed 's/^/  stderr: /' "$T/le" | head -3 >&2
	else
		nsame=$((nsame + 1))
	fi
}

while IFS=$tab read -r d raw <&3; do
	[ "$d" = P ] && [ "$have_pcre" = no ] && continue
	pat=$raw
	case $pat in
	*'<NL>'*)
		pat=$(printf '%s' "$pat" | sed 's/<NL>/\
/g')
		;;
	esac
	# grep -P takes one pattern only.
	[ "$d" = P ] && case $pat in *'
'*) continue ;; esac
	for f in $FLAGS; do
		run recs recs "$f" "$pat" "$d" def
		run nofinal nofinal "$f" "$pat" "$d" def
	done
	for f in - -c -o -v; do
		run plain plain "$f" "$pat" "$d" def
		run empty empty "$f" "$pat" "$d" def
		run recs recs "$f" "$pat" "$d" pipe
	done
	for f in $LFLAGS; do
		for v in $VARIANTS; do
			run long long "$f" "$pat" "$d" "$v"
		done
	done
done 3<cases

# Several files, and -Z with -z.
for f in -c -l -L -H -Z -HZc; do
	ncase=$((ncase + 1))
	checks=$((checks + 1))
	grep -z $f a recs nofinal plain >"$T/g" 2>&1
	gs=$?
	"$LOGSCAN" grep -z $f a recs nofinal plain >"$T/l" 2>&1
	ls=$?
	if [ "$gs" -ne "$ls" ] || ! cmp -s "$T/g" "$T/l"; then
		fail "grep -z $f a on three files: exit $ls, grep $gs"
		od -c "$T/l" | head -6 >&2
	else
		nsame=$((nsame + 1))
	fi
done
echo "differential: $ncase runs, $nsame identical to GNU grep -z"

# ---- what -z does not combine with --------------------------------------
for o in --lines=1:2 --since=2020-01-01 --until=2020-01-01; do
	expect_status 2 "-z $o is refused" "$LOGSCAN" grep -z "$o" a recs
	expect_grep "$T/err" "-z cannot be combined with ${o%%=*}" \
		"-z $o: the message"
done

finish
