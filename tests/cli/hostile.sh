#!/bin/sh
# Hostile input and low limits: a line of 2 GiB (a sparse file) under
# `ulimit -v`, through each reader and from a pipe, is a clear error
# naming the input and the next file is still answered; queries and index
# builds under `ulimit -v` and `ulimit -n 16` answer what they answer
# without limits; file names holding a newline work everywhere.
. "$top_srcdir/tests/cli/lib.sh"
cd "$T" || exit 2

"$GENLOG" --size 2M --seed 4 --days 1 >app.log
"$LOGSCAN" grep -c ERROR app.log >want_count || fail "reference count"

# A virtual memory limit that a sanitizer build cannot run under (its
# shadow memory alone is bigger) leaves those parts out, saying so.
VLIM=600000
if (ulimit -v $VLIM && "$LOGSCAN" --version) >/dev/null 2>&1; then
	truncate -s 2G huge.bin || { echo "no sparse file"; exit 2; }
	for io in mmap read; do
		checks=$((checks + 1))
		(ulimit -v $VLIM; exec "$LOGSCAN" grep --io=$io -c ERROR \
		    huge.bin app.log) >out 2>err
		st=$?
		[ "$st" -eq 2 ] || fail "--io=$io: huge line: exit $st, wanted 2"
		expect_grep err "^logscan: huge.bin: Cannot allocate memory$" \
		    "--io=$io: huge line reported with the file's name"
		expect_grep out "^app.log:$(cat want_count)$" \
		    "--io=$io: the next file is still searched"
	done
	checks=$((checks + 1))
	cat huge.bin | (ulimit -v $VLIM
	    exec "$LOGSCAN" grep -c ERROR - app.log >out 2>err; )
	st=$?
	[ "$st" -eq 2 ] || fail "pipe: huge line: exit $st, wanted 2"
	expect_grep err '^logscan: \(standard input\): Cannot allocate memory$' \
	    "pipe: huge line reported"
	expect_grep out "^app.log:$(cat want_count)$" \
	    "pipe: the next file is still searched"
	rm -f huge.bin

	# Everyday work under the limit answers as without it.
	"$LOGSCAN" slice --index=never --lines 5000:5100 app.log >want_slice
	(ulimit -v $VLIM; exec "$LOGSCAN" index app.log) >out 2>err ||
	    fail "index under ulimit -v: $(cat err)"
	(ulimit -v $VLIM; exec "$LOGSCAN" slice --lines 5000:5100 app.log) \
	    >out 2>err
	expect_same out want_slice "slice under ulimit -v"
	(ulimit -v $VLIM; exec "$LOGSCAN" grep -c ERROR app.log) >out 2>&1
	expect_same out want_count "grep under ulimit -v"
	rm -f app.log.lsidx
else
	echo "note: cannot run under ulimit -v $VLIM here (sanitizers?):" \
	    "memory limit cases left out"
fi

# Forty files and sixteen descriptors: each is opened, read and closed in
# turn, so every one is answered.
i=0
: >want_many
while [ $i -lt 40 ]; do
	cp app.log "f$i.log"
	echo "f$i.log:$(cat want_count)" >>want_many
	i=$((i + 1))
done
set -- $(i=0; while [ $i -lt 40 ]; do echo "f$i.log"; i=$((i + 1)); done)
(ulimit -n 16; exec "$LOGSCAN" grep -c ERROR "$@") >out 2>err
expect_same out want_many "grep -c of 40 files under ulimit -n 16"
expect_empty err "no error under ulimit -n 16"
expect_status 0 "index of 40 files under ulimit -n 16" \
    sh -c 'ulimit -n 16; exec "$0" index -q "$@"' "$LOGSCAN" "$@"
checks=$((checks + 1))
[ "$(ls f*.log.lsidx | wc -l)" -eq 40 ] || fail "not every file indexed"
(ulimit -n 16; exec "$LOGSCAN" slice --lines 7:7 "$@") >out 2>err
checks=$((checks + 1))
[ "$(wc -l <out)" -eq 40 ] || fail "slice of 40 files under ulimit -n 16"
expect_empty err "slice: no error under ulimit -n 16"
rm -f f*.log f*.log.lsidx

# A name with a newline in it.
nl=$(printf 'new\nline.log')
cp app.log "$nl"
expect_status 0 "grep -c, newline in a name" "$LOGSCAN" grep -c ERROR "$nl"
expect_same out want_count "grep -c, newline in a name, answer"
expect_status 0 "index, newline in a name" "$LOGSCAN" index "$nl"
checks=$((checks + 1))
[ -f "$nl.lsidx" ] || fail "no index beside the name with a newline"
"$LOGSCAN" slice --index=never --lines 10:20 app.log >want_slice
expect_status 0 "slice, newline in a name" "$LOGSCAN" slice --lines 10:20 "$nl"
expect_same out want_slice "slice, newline in a name, answer"
expect_empty err "slice, newline in a name: no note"
expect_status 0 "info, newline in a name" "$LOGSCAN" info "$nl"
finish
