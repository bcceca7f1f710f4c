#!/bin/sh
# Lists of literals that logscan searches with its SIMD filter (multilit.h)
# must give GNU grep's output byte for byte: seeded random lists (lengths 1
# to 24, shared prefixes, strings inside others, whole lines, ids of one
# shape) over log-like lines, with -c, -i, -w, -x, -o, -n, -v and -z; and
# the same lists as ERE and BRE alternations ("a|b", "a\|b").  The
# module's own test (tests/unit/test_multilit) holds it to a naive search
# on thousands more lists; this one holds the whole command to grep.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 1
export LC_ALL=C
grep --version 2>/dev/null | grep -q 'GNU grep' || exit 77

NCASES=120
awk -v ncases=$NCASES 'BEGIN {
	srand(2612061)
	split("GET POST user_id= session key=ab status=200 latency_ms= " \
	    "ERROR Warn timeout a_b x=1 id:42 /api/v1/orders Worker-7 " \
	    "cache_miss db.query OK", tok, " ")
	ntok = 0; for (k in tok) ntok++
	for (f = 0; f < ncases; f++) {
		out = "in" f
		nl = 0
		for (l = 0; l < 150; l++) {
			s = ""
			nw = int(rand() * 12)
			for (w = 0; w < nw; w++) {
				r = rand()
				if (r < 0.5)
					t = tok[1 + int(rand() * ntok)]
				else if (r < 0.8)
					t = sprintf("%d", int(rand() * 100000))
				else {
					t = ""; m = 1 + int(rand() * 6)
					for (j = 0; j < m; j++)
						t = t substr("abcxyzABCXYZ_=.-019", \
						    1 + int(rand() * 19), 1)
				}
				s = s (w ? (rand() < 0.8 ? " " : "=") : "") t
			}
			line[nl++] = s
			print s >out
		}
		close(out)
		pf = "pat" f
		# Small lists of any strings; long ones mostly of ids, as
		# long lists of diverse strings go to the automaton instead.
		big = rand() < 0.5
		np = big ? 10 + int(rand() * 300) : 2 + int(rand() * 6)
		for (k = 0; k < np; k++) {
			r = rand()
			if (big && r < 0.9) {
				p = sprintf(rand() < 0.5 ? "user_id=%05d" : \
				    "latency_ms=%d", int(rand() * 100000))
			} else if (r < 0.15) {
				p = line[int(rand() * nl)]          # a whole line
			} else if (r < 0.3) {
				p = sprintf("user_id=%05d", int(rand() * 100000))
			} else {
				s = line[int(rand() * nl)]          # a piece of one
				if (length(s) == 0) s = "status=200"
				a = 1 + int(rand() * length(s))
				m = rand() < 0.02 ? 1 + int(rand() * 3) : \
				    4 + int(rand() * 21)
				p = substr(s, a, m)
				if (rand() < 0.3)                   # altered
					p = p substr("qQ#%", 1 + int(rand() * 4), 1)
			}
			if (p == "") p = "status"
			print p >pf
		}
		close(pf)
	}
}'

opts_for() {
	case $(($1 % 10)) in
	0) echo "-c" ;;
	1) echo "-i -c" ;;
	2) echo "-w" ;;
	3) echo "-x" ;;
	4) echo "-o" ;;
	5) echo "-o -i" ;;
	6) echo "-n -w -i" ;;
	7) echo "-v -c" ;;
	8) echo "-o -w" ;;
	9) echo "-z -c" ;;
	esac
}

simd=0
alts=0
f=0
while [ $f -lt $NCASES ]; do
	opts=$(opts_for $f)
	in="in$f"
	case $opts in
	-z*) tr '\n' '\0' <"in$f" >"z$f" && in="z$f" ;;
	esac
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	grep $opts -F -f "pat$f" "$in" >want 2>&1
	# shellcheck disable=SC2086
	"$LOGSCAN" grep --stats $opts -F -f "pat$f" "$in" >got 2>stats
	if ! cmp -s got want; then
		fail "case $f (grep $opts -F -f pat$f): output differs from GNU grep"
		diff want got | head -5 >&2
	fi
	grep -q 'SIMD filter' stats && simd=$((simd + 1))
	# The same list as one ERE and one BRE alternation, when it holds
	# nothing special to either: the literal searches take those too.
	if ! grep -q '[].[\\*^$()+?{}|]' "pat$f"; then
		ere=$(awk '{ printf "%s%s", (NR > 1 ? "|" : ""), $0 }' "pat$f")
		bre=$(awk '{ printf "%s%s", (NR > 1 ? "\\|" : ""), $0 }' "pat$f")
		for dialect in -E -G; do
			if [ "$dialect" = -E ]; then re=$ere; else re=$bre; fi
			checks=$((checks + 1))
			# shellcheck disable=SC2086
			grep $opts $dialect -e "$re" "$in" >want 2>&1
			# shellcheck disable=SC2086
			"$LOGSCAN" grep --stats $opts $dialect -e "$re" "$in" \
			    >got 2>stats
			if ! cmp -s got want; then
				fail "case $f (grep $opts $dialect, pat$f joined): output differs from GNU grep"
				diff want got | head -5 >&2
			fi
			grep -q '(literals' stats && alts=$((alts + 1))
		done
	fi
	f=$((f + 1))
done
# Some alternations must have gone to the literal searches.
checks=$((checks + 1))
[ $alts -ge 20 ] || fail "only $alts alternations went to the literal searches"
# The cases must reach the filter to test it.
checks=$((checks + 1))
[ $simd -ge $((NCASES / 2)) ] ||
	fail "only $simd of $NCASES cases used the SIMD filter"
finish
