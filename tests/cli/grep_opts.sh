#!/bin/sh
# grep's options beyond the first set (issue 28): -G, -y, --no-ignore-case,
# -U, -V, -Z, -T, --group-separator, --no-group-separator, -d, -D, -R
# versus -r, --include/--exclude/--exclude-dir/--exclude-from, and -r
# skipping logscan's own index files.  Each is compared with the bytes
# GNU grep 3.8 prints, and with GNU grep itself when it is installed.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/greplib.sh"

cd "$T" || exit 1
printf 'a\nfoo\nb\nc\nfoo\nd\n' >f
printf 'abc\na.c\n' >dots
printf 'Foo\n' >upper

# ---- dialect flags: GNU grep 3.8 refuses two different ones ----
both 0 'a.c\n' "-F" -F 'a.c' dots
both 0 'abc\na.c\n' "-G" -G 'a.c' dots
both 0 'abc\na.c\n' "--basic-regexp twice" --basic-regexp -G 'a.c' dots
both 2 '' "-G -F" -G -F 'a.c' dots
err_has 'conflicting matchers specified' "-G -F: the message"
both 2 '' "-E -G" -E -G 'a.c' dots
both 2 '' "-P -E" -P -E 'a.c' dots
both 0 'Foo\n' "-y" -y foo upper
both 1 '' "--no-ignore-case after -i" -i --no-ignore-case foo upper
both 0 'Foo\n' "-i after --no-ignore-case" --no-ignore-case -i foo upper
both 0 'foo\nfoo\n' "-U is accepted" -U foo f
both 0 'foo\nfoo\n' "--binary is accepted" --binary foo f

# ---- -V ----
checks=$((checks + 1))
"$LOGSCAN" grep -V >"$T/out" 2>&1 || fail "-V: exit $?"
grep -q '^logscan [0-9]' "$T/out" || fail "-V: no version line"
"$LOGSCAN" grep --version foo nosuch >"$T/out2" 2>&1 ||
	fail "--version: exit $?"
expect_same "$T/out" "$T/out2" "--version is -V"

# ---- -Z ----
both 0 'f\0f\0' "-Z -l" -Z -l foo f f
both 1 'f\0' "-Z -L" -Z -L zz f
both 0 'f\0002\nf\0002\n' "-Z -c" -Z -c foo f f
both 0 'f\0foo\nf\0foo\n' "-Z -H" -Z -H foo f
both 0 'f\0foo\nf\0b\n--\nf\0foo\nf\0d\n' "-Z with context" -Z -H -A1 foo f

# ---- -T ----
# Numbers are padded to the width of the file's size (22 bytes: 2).
both 0 ' 2:\tfoo\n 5:\tfoo\n' "-T -n" -T -n foo f
both 0 'f: 2: 2:\tfoo\nf: 5:10:\tfoo\n' "-T -H -n -b" -T -H -n -b foo f
both 0 'f:\tfoo\nf:\tfoo\n' "-T -H" -T -H foo f
both 0 'foo\nfoo\n' "-T without a prefix" -T foo f
both 0 ' 2-\tfoo\n 3:\tb\n 4-\tc\n' "-T with context" -T -n -C1 '^b' f
both 0 ' 2: 3:\to\n 2: 4:\to\n 5:11:\to\n 5:12:\to\n' "-T -o -n -b" \
	-T -o -n -b o f
both 0 'f\0\tfoo\nf\0\tfoo\n' "-T -Z" -T -Z -H foo f
both 0 'f:2\nf:2\n' "-T -c" -T -c foo f f
printf '12345678\n' >n9
both 0 ' 1:\t12345678\n' "-T -n: size 9 plus one" -T -n 1 n9
both 0 '0:\t12345678\n' "-T -b: size 9" -T -b 1 n9
# A pipe has no size: the width of the largest offset, 19.
printf '\nx\n' >nl
checks=$((checks + 1))
cat nl | "$LOGSCAN" grep -T -n '' >"$T/got"
printf '                  1:\n                  2:\tx\n' >"$T/want"
expect_same "$T/want" "$T/got" "-T on a pipe; no tab before an empty line"
if [ "$HAVE_GNU" = 1 ]; then
	cat nl | grep -T -n '' >"$T/gnu"
	expect_same "$T/want" "$T/gnu" "GNU grep -T on a pipe"
fi

# ---- group separators ----
both 0 'foo\nXX\nfoo\n' "--group-separator" --group-separator=XX -A0 foo f
both 0 'foo\n\nfoo\n' "empty --group-separator" --group-separator= -A0 foo f
both 0 'foo\nfoo\n' "--no-group-separator" --no-group-separator -A0 foo f
both 0 'foo\nb\nfoo\nd\n' "--no-group-separator -A1" \
	--no-group-separator -A1 foo f
both 0 'foo\nXX\nfoo\n' "the last of the two counts" \
	--no-group-separator --group-separator=XX -A0 foo f
both 0 'foo\nfoo\n' "no separator without context" --group-separator=XX foo f
both 0 '\033[01;31m\033[Kfoo\033[m\033[K\n\033[36m\033[KXX\033[m\033[K\n\033[01;31m\033[Kfoo\033[m\033[K\n' \
	"coloured group separator" --color=always --group-separator=XX -A0 foo f

# ---- -d and -D ----
mkdir dir
echo foo >dir/x
both 0 'f:foo\nf:foo\n' "-d skip" -d skip foo f dir
both 2 'f:foo\nf:foo\n' "-d read" -d read foo f dir
err_has 'dir: Is a directory' "-d read names the directory"
both 0 'dir/x:foo\n' "-d recurse" -d recurse foo dir
both 0 'dir/x:foo\n' "-d rec (a prefix)" -d rec foo dir
# (GNU grep exits 1 on a bad -d word; a usage error is 2 here.)
expect_status 2 "-d bad" "$LOGSCAN" grep -d sideways foo f
both 2 '' "-D bad" -D sideways foo f
both 2 'f:2\ndir:0\n' "-c on a directory read" -s -c foo f dir
mkfifo fifo
# A FIFO below a directory is skipped by default (reading it would
# block); named on the command line, -D skip skips it.
mkdir tree
echo foo >tree/a
mv fifo tree/fifo
both 0 'tree/a:foo\n' "-r skips a FIFO below" -r foo tree
both 1 '' "-D skip skips a FIFO named" -D skip foo tree/fifo
both 0 'tree/a:foo\n' "-D skip -r" -D skip -r foo tree

# ---- -r versus -R on a tree with symbolic links ----
mkdir -p t/d t/e
echo foo >t/a.log
echo foo >t/d/b.txt
echo foo >t/e/c.log
ln -s ../e t/d/linkdir
ln -s ../a.log t/d/linkfile
SORTED=1
both 0 't/a.log:foo\nt/d/b.txt:foo\nt/e/c.log:foo\n' "-r follows no link" \
	-r foo t
both 0 't/a.log:foo\nt/d/b.txt:foo\nt/d/linkdir/c.log:foo\nt/d/linkfile:foo\nt/e/c.log:foo\n' \
	"-R follows links" -R foo t
both 0 't/d/linkdir/c.log:foo\n' "-r follows a link named" -r foo t/d/linkdir
# --include/--exclude/--exclude-dir, on base names below, on the path
# (and its parts after a '/') for names given.
both 0 't/d/b.txt:foo\nt/d/linkfile:foo\n' "-R --exclude" \
	-R --exclude='*.log' foo t
both 0 't/a.log:foo\nt/e/c.log:foo\n' "-r --include" -r --include='*.log' foo t
both 0 't/a.log:foo\nt/d/linkdir/c.log:foo\nt/e/c.log:foo\n' "-R --include" \
	-R --include='*.log' foo t
both 0 't/a.log:foo\nt/e/c.log:foo\n' "--exclude-dir" -r --exclude-dir=d foo t
both 0 't/a.log:foo\nt/e/c.log:foo\n' "--exclude-dir=d/" -r --exclude-dir=d/ \
	foo t
both 0 't/a.log:foo\nt/d/b.txt:foo\nt/d/linkfile:foo\n' \
	"-R --exclude-dir on a link's name" \
	-R --exclude-dir=linkdir --exclude-dir=e foo t
both 1 '' "--exclude-dir on a directory named" -r --exclude-dir=t foo t
both 0 't/a.log:foo\nt/d/b.txt:foo\nt/e/c.log:foo\n' \
	"no include or exclude matches, the first is --exclude" \
	-r --exclude='a*' --include='*.log' foo t
both 0 't/a.log:foo\nt/e/c.log:foo\n' \
	"the first is --include" -r --include='*.log' --exclude='b*' foo t
both 0 't/a.log:foo\nt/e/c.log:foo\n' "the last match wins" \
	-r --exclude='a*' --include='*.log' --exclude='*.txt' foo t
printf 'a.log\n  \n*.txt  \n' >exf
both 0 't/e/c.log:foo\n' "--exclude-from" -r --exclude-from=exf foo t
both 2 '' "--exclude-from a missing file" -r --exclude-from=nosuch foo t
SORTED=0
both 1 '' "--exclude on a name given" --exclude='*.log' foo t/a.log
both 0 'foo\n' "--exclude matches the whole name given" --exclude=t foo t/a.log
both 1 '' "... or a part after a slash" --exclude=a.log foo ./t/a.log
both 1 '' "'*' matches a slash" --exclude='t*' foo t/a.log
both 1 '' "--include on a name given" --include='*.txt' foo t/a.log
IN=t/a.log
both 0 'foo\n' "standard input is never excluded" --exclude='*' foo -
IN=/dev/null
(
	cd t || exit 1
	SORTED=1
	both 0 'a.log:foo\nd/b.txt:foo\ne/c.log:foo\n' \
		"--exclude-dir=. does not skip the default ." -r --exclude-dir=. foo
)
# A dangling link under -R is an error; a loop is a warning only.
ln -s nowhere t/d/dangle
ln -s .. t/d/loop
checks=$((checks + 1))
"$LOGSCAN" grep -R foo t >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "-R with a dangling link: want exit 2"
expect_grep "$T/err" 'logscan: t/d/dangle: No such file or directory' \
	"-R names the dangling link"
expect_grep "$T/err" 'logscan: t/d/loop: warning: recursive directory loop' \
	"-R warns of the loop"
rm t/d/dangle
checks=$((checks + 1))
"$LOGSCAN" grep -R foo t >/dev/null 2>"$T/err" || fail "-R with a loop: exit $?"
"$LOGSCAN" grep -R -s foo t >/dev/null 2>"$T/err"
expect_empty "$T/err" "-s silences the loop warning"
SORTED=1 both 0 't/a.log:foo\nt/d/b.txt:foo\nt/e/c.log:foo\n' \
	"-r ignores the loop" -r foo t

# ---- -r skips logscan's index files unless they are named ----
mkdir ix
echo foo >ix/app.log
echo foo >ix/app.log.lsidx
echo foo >ix/app.log.lsidx.lock
echo foo >ix/app.log.lsidx.tmp.Ab12Cd
checks=$((checks + 1))
"$LOGSCAN" grep -r foo ix >"$T/got"
printf 'ix/app.log:foo\n' >"$T/want"
expect_same "$T/want" "$T/got" "-r skips *.lsidx"
"$LOGSCAN" grep -c foo ix/app.log.lsidx >"$T/got"
printf '1\n' >"$T/want"
expect_same "$T/want" "$T/got" "an index named is searched"
"$LOGSCAN" index ix/app.log >/dev/null 2>&1
checks=$((checks + 1))
"$LOGSCAN" grep -r -c '' ix >"$T/got"
printf 'ix/app.log:1\n' >"$T/want"
expect_same "$T/want" "$T/got" "-r skips a real index"

finish
