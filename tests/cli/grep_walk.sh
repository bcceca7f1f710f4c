#!/bin/sh
# The -r/-R walk with one thread, where a regular file is known by its
# directory entry's type and opened from its directory without a stat,
# against the same walk with two threads (which stats every entry) and
# GNU grep: symbolic links below the top and named, FIFOs, empty files,
# files around the size of the first read (64 KiB) and of a small file
# (256 KiB), binary and compressed files, --include/--exclude, the file
# that is also the output, unreadable files, and files that vanish or
# stop being regular files between the directory read and the open
# (strace's fault injection picks the call, so no timing is involved).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/greplib.sh"

cd "$T" || exit 2
mkdir -p t/d t/e t/f
printf 'foo\n' >t/a.log
printf 'x\nfoo bar\n' >t/d/b.txt
printf 'foo\n' >t/e/c.log
: >t/e/empty.log
printf 'foo\0bin\n' >t/e/bin.dat
ln -s ../e t/d/linkdir
ln -s ../a.log t/d/linkfile
mkdir ff
printf 'foo\n' >ff/a
mkfifo ff/fifo
# Sizes around the first read of 64 KiB (the whole file, or a stat and
# the rest) and the small-file limit of 256 KiB; "foo" on the last line.
for n in 65535 65536 65537 262144 300000; do
	{ head -c $((n - 4)) /dev/zero | tr '\0' y; printf '\nfoo'; } \
	    >"t/f/s$n.log"
done

# (The binary file's message goes to standard error, as grep's.)
W='t/a.log:foo\nt/d/b.txt:foo bar\n'
W=$W't/e/c.log:foo\nt/f/s262144.log:foo\nt/f/s300000.log:foo\n'
W=$W't/f/s65535.log:foo\nt/f/s65536.log:foo\nt/f/s65537.log:foo\n'
C='t/a.log:1\nt/d/b.txt:1\nt/e/bin.dat:1\nt/e/c.log:1\nt/e/empty.log:0\n'
C=$C't/f/s262144.log:1\nt/f/s300000.log:1\nt/f/s65535.log:1\n'
C=$C't/f/s65536.log:1\nt/f/s65537.log:1\n'
L='t/d/linkdir/c.log:foo\nt/d/linkfile:foo\n'
# GNU grep walks in directory order, logscan in name order.
SORTED=1
for j in 1 2; do
	# The thread count through the configuration: GNU grep has no -j.
	printf 'defaults:\n  threads: %d\n' $j >"$T/j$j.yaml"
	LOGSCAN_CONFIG="$T/j$j.yaml"
	export LOGSCAN_CONFIG
	both 0 "$W" "-j$j -r" -r foo t
	err_has '^logscan: t/e/bin.dat: binary file matches$' "-j$j binary"
	both 0 "$C" "-j$j -r -c" -r -c foo t
	both 0 "$W$L" "-j$j -R follows links" -R foo t
	err_has '^logscan: t/d/linkdir/bin.dat: binary file matches$' \
	    "-j$j -R binary below a link"
	both 0 't/e/empty.log\n' "-j$j -r -L" -r -L foo t
	both 0 't/d/linkdir/c.log:foo\n' "-j$j -r follows a link named" \
	    -r foo t/d/linkdir
	both 0 't/e/c.log:foo\nt/d/b.txt:foo bar\n' "-j$j directories named" \
	    -r foo t/e// t/d
	both 0 't/a.log:foo\nt/e/c.log:foo\n' "-j$j --include" \
	    -r --include='*.log' --exclude='s*' foo t
	both 0 't/d/b.txt:foo bar\nt/d/linkfile:foo\n' "-j$j -R --exclude-dir" \
	    -R --exclude-dir=e --exclude-dir=f --exclude='*.log' foo t
	both 0 'foo\n' "-j$j -r -h on a file named" -r -h foo t/a.log
	# Not read (it would block): grep -r skips devices and FIFOs below.
	both 0 'ff/a:foo\n' "-j$j -r skips a FIFO" -r foo ff
done
SORTED=0
LOGSCAN_CONFIG="$T/j1.yaml"

# The output is one of the files searched: refused, the others searched.
cp -r t/e o
checks=$((checks + 1))
"$LOGSCAN" grep -r foo o >o/out.log 2>err
[ $? -eq 2 ] || fail "output in the tree: want exit 2"
expect_grep err '^logscan: o/out.log: input file is also the output$' \
    "output in the tree: the message"
expect_grep o/out.log '^o/c.log:foo$' "output in the tree: the others"

# A compressed file in the tree is decompressed, as when named.
printf 'foo zipped\n' | gzip -c >t/e/z.log.gz
checks=$((checks + 1))
"$LOGSCAN" grep -r zipped t >got
printf 't/e/z.log.gz:foo zipped\n' >want
expect_same want got "-j1 -r: a gzip file"
rm t/e/z.log.gz

# Unreadable files and directories: reported, the rest searched.
if [ "$(id -u)" -ne 0 ] || (need_other_user) >/dev/null 2>&1; then
	run=""
	if [ "$(id -u)" -eq 0 ]; then
		need_other_user
		run=$AS_NOBODY
		chmod -R a+rX t
	fi
	chmod 000 t/d/b.txt t/f
	for j in 1 2; do
		checks=$((checks + 1))
		$run "$LOGSCAN" grep -j$j -r -c foo t >got 2>err
		[ $? -eq 2 ] || fail "-j$j unreadable: want exit 2"
		printf 't/a.log:1\nt/e/bin.dat:1\nt/e/c.log:1\nt/e/empty.log:0\n' >want
		expect_same want got "-j$j unreadable: the others"
		printf 'logscan: t/d/b.txt: Permission denied\nlogscan: t/f: Permission denied\n' >want
		expect_same want err "-j$j unreadable: the messages"
	done
	chmod 644 t/d/b.txt
	chmod 755 t/f
else
	echo "cannot run as another user: skipping the unreadable files"
fi

# Files that vanish, or stop being regular files, after the directory
# was read: the open of t/d/b.txt fails as it would.
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null
then
	TRACED_ASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export TRACED_ASAN
	# nth CALL NAME: which CALL of the -j1 walk is the one on NAME.
	nth() {
		ASAN_OPTIONS=$TRACED_ASAN strace -o trace -e trace="$1" \
		    "$LOGSCAN" grep -j1 -r foo t >/dev/null 2>&1
		C="$1(" NM=$2 awk 'index($0, ENVIRON["C"]) == 1 { k++ }
		    index($0, ENVIRON["C"]) == 1 && index($0, ENVIRON["NM"]) {
		    print k; exit }' trace
	}
	# inject DESC CALL NAME ERRNO WANT_RC: the walk with CALL on NAME
	# failing with ERRNO.
	inject() {
		k=$(nth "$2" "$3")
		checks=$((checks + 1))
		if [ -z "$k" ]; then
			fail "$1: no $2 call on $3"
			return
		fi
		# Into a pipe, as in nth(): an output that is a regular file
		# is stat'ed against every input.
		{
			ASAN_OPTIONS=$TRACED_ASAN strace -o /dev/null \
			    -e trace="$2" -e inject="$2:error=$4:when=$k" \
			    "$LOGSCAN" grep -j1 -r foo t 2>err
			echo $? >rc
		} | cat >got
		rc=$(cat rc)
		[ $rc -eq "$5" ] || fail "$1: exit $rc, want $5"
	}
	inject "vanished" openat '"b.txt"' ENOENT 2
	printf '%b' "$W" | grep -v b.txt >want
	expect_same want got "vanished: the others"
	B='logscan: t/e/bin.dat: binary file matches\n'
	printf "logscan: t/d/b.txt: No such file or directory\\n$B" >want
	expect_same want err "vanished: the message"
	inject "unreadable since" openat '"b.txt"' EACCES 2
	printf "logscan: t/d/b.txt: Permission denied\\n$B" >want
	expect_same want err "unreadable since: the message"
	# A symbolic link put there since (-r does not open it): looked at
	# again, here still the regular file, and searched.
	inject "a link since" openat '"b.txt"' ELOOP 0
	printf '%b' "$W" >want
	expect_same want got "a link since: all searched"
	printf "$B" >want.err
	expect_same want.err err "a link since: no other message"
	# The first read fails: the file is looked at (fstat), found
	# regular, and read again.
	inject "first read fails" pread64 '"x\nfoo bar\n"' EIO 0
	expect_same want got "first read fails: all searched"
else
	echo "no strace here: skipping the files that change during the walk"
fi

# The walk's system calls per file: a small regular file is opened, read
# once and closed, and not stat'ed: 50 more files make 50 more calls that
# name a file and no more stat calls.
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null
then
	# calls N J: trace the walk of N small files (in many) with J
	# threads.
	calls() {
		rm -rf many
		mkdir many
		i=0
		while [ $i -lt "$1" ]; do
			printf 'foo %d\n' $i >many/f$i.log
			i=$((i + 1))
		done
		ASAN_OPTIONS=$TRACED_ASAN strace -f -o trace \
		    -e trace=%file,%desc \
		    "$LOGSCAN" grep -j"$2" -r -c foo many >/dev/null 2>&1
		named=$(grep -c 'f[0-9]*\.log' trace)
		stats=$(grep -Ec '^([0-9]+ +)?[a-z0-9]*stat[a-z0-9]*\(' trace)
	}
	calls 50 1
	named50=$named stats50=$stats
	calls 100 1
	checks=$((checks + 1))
	[ $((named - named50)) -eq 50 ] ||
	    fail "50 more files: $((named - named50)) more calls name one"
	checks=$((checks + 1))
	[ "$stats" -eq "$stats50" ] ||
	    fail "50 more files: $((stats - stats50)) more stat calls"
	# With threads the walk stats each file (batches go by size), and
	# the workers do not stat it again.
	calls 50 2
	stats50=$stats
	calls 100 2
	checks=$((checks + 1))
	[ $((stats - stats50)) -eq 50 ] ||
	    fail "-j2, 50 more files: $((stats - stats50)) more stat calls"
fi
finish
