#!/bin/sh
# grep in a UTF-8 locale (issue 28), against the bytes GNU grep 3.8 prints
# in C.UTF-8 (and GNU grep itself when it is installed): under -G, -E and
# -F the locale's letters are word characters and members of the POSIX
# classes (\w, \<, -w, [[:alpha:]], [[:upper:]], -i with [[:lower:]],
# [[:punct:]] with symbols); -P keeps ASCII classes, as grep 3.8's does.
# A line to print that is not UTF-8 is binary data: it is left out and
# "binary file matches" is said at the end (-I: silently; -a: printed;
# -c and -o count and print as usual).
. "$top_srcdir/tests/cli/lib.sh"

for loc in C.UTF-8 C.utf8 en_US.UTF-8; do
	if LC_ALL=$loc locale charmap 2>/dev/null | grep -q 'UTF-8'; then
		LC_ALL=$loc
		break
	fi
	loc=
done
[ -n "$loc" ] || { echo "SKIP: no UTF-8 locale"; exit 77; }
export LC_ALL
. "$top_srcdir/tests/cli/greplib.sh"

cd "$T" || exit 1
printf 'caf\303\251\nCAF\303\211\nna\303\257ve x\n\303\205ngstr\303\266m\n\342\202\254 5\nplain\n' >u8
printf 'ok a\n\377 a\nlast a\nmore\n\303 x\nz a\n' >bad

both 0 'caf\303\251\nCAF\303\211\nna\303\257ve\nx\n\303\205ngstr\303\266m\n5\nplain\n' \
	"\\w takes the locale's letters" -o '\w*' u8
both 0 'caf\303\251\nCAF\303\211\nna\303\257ve\nx\n\303\205ngstr\303\266m\nplain\n' \
	"[[:alpha:]]" -oE '[[:alpha:]]+' u8
both 0 'C\nA\nF\n\303\211\n\303\205\n' "[[:upper:]]" -o '[[:upper:]]' u8
both 0 'caf\303\251\nCAF\303\211\nna\303\257ve\nx\n\303\205ngstr\303\266m\nplain\n' \
	"-i [[:lower:]]" -io '[[:lower:]]*' u8
both 0 '\342\202\254\n' "[[:punct:]] holds symbols" -o '[[:punct:]]' u8
both 1 '' "-w: an accented letter is a word character" -w 'caf' u8
both 1 '' "-Fw too" -Fw 'caf' u8
both 0 'caf\303\251\n' "-w" -w 'caf.' u8
both 0 'na\n' "\\< before a letter" -o '\<na' u8
both 0 'caf\nCAF\nna\nve\nx\nngstr\nm\n5\nplain\n' "-P \\w stays ASCII" \
	-oP '\w+' u8

printf 'timeout=30s\ncaf\303\251=1\n' >long
both 0 'timeout=30\n' "-o: POSIX's longest match" -oE 'time|timeout=[0-9]+' long
both 0 'caf\303\251=1\n' "-o: the longest, with a letter beyond ASCII" \
	-oE "$(printf 'caf|caf\303\251=.')" long

# Encoding errors.
both 0 'ok a\nlast a\nz a\n' "a line that is not UTF-8 is left out" a bad
err_has 'bad: binary file matches' "... and said so"
both 0 'ok a\nlast a\nmore\nz a\n' "-v" -v zzz bad
both 0 'ok a\nlast a\nz a\n' "-I: left out silently" -I a bad
expect_empty "$T/goterr" "-I: no message"
both 0 'ok a\n\377 a\nlast a\nz a\n' "-a prints it" -a a bad
both 0 '4\n' "-c counts it" -c a bad
both 0 'a\na\na\na\na\n' "-o prints the match" -o a bad
both 0 '3:last a\n' "-n" -n last bad
both 0 'ok a\n--\nlast a\nmore\n--\nz a\n' "-A1" -A1 a bad
both 0 '' "-z: the one record is not UTF-8" -z a bad
err_has 'bad: binary file matches' "-z: said so"

# An empty match beside an encoding error (issue 14, found by fuzz_regex):
# a line that starts with one is selected by -w '' as by GNU grep, also
# after other lines (the search over the whole buffer skipped it).
printf 'ab\n\211\211o\nab\no\211\n\211\nab cd\nab\211cd\nx\n' >wbad
both 0 '2:\211\211o\n4:o\211\n5:\211\n' "-w '' beside encoding errors" \
	-a -n -w '' wbad
both 0 '2:\211\211o\n4:o\211\n5:\211\n' "-Fw ''" -a -n -Fw '' wbad
both 0 '2:\211\211o\n4:o\211\n5:\211\n8:x\n' "-Ew '(x|)'" \
	-a -n -Ew '(x|)' wbad
both 0 '3\n' "-c -w ''" -c -w '' wbad

finish
