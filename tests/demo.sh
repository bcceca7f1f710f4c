#!/bin/sh
# make demo: generate a sample log once and show logscan at work on it,
# printing each command and how long it took.
set -eu
: "${LOGSCAN:?}" "${GENLOG:?}" "${DEMO_SIZE:=1G}" "${DEMO_DIR:?}"

mkdir -p "$DEMO_DIR"
log="$DEMO_DIR/app-$DEMO_SIZE.log"

now() { date +%s%N; }
# quote WORD: WORD as a shell reads it back, in single quotes unless it is
# made only of characters no shell treats specially.
quote() {
	case $1 in
	'' | *[!A-Za-z0-9_./:=+,@%-]*)
		printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf '%s' "$1" ;;
	esac
}
# run CMD...  show CMD as it could be pasted into a shell, run it, time it.
run() {
	printf '$'
	for w in "$@"; do
		printf ' %s' "$(quote "$w")"
	done
	printf '\n'
	t0=$(now)
	set +e
	"$@" | head -n 12
	set -e
	t1=$(now)
	printf '  (%d.%03d s)\n\n' $(( (t1 - t0) / 1000000000 )) \
	    $(( (t1 - t0) / 1000000 % 1000 ))
}

if [ ! -s "$log" ]; then
	echo "Generating a $DEMO_SIZE sample log in $log (once) ..."
	t0=$(now)
	"$GENLOG" --size "$DEMO_SIZE" --seed 1 >"$log.tmp"
	mv "$log.tmp" "$log"
	t1=$(now)
	printf '  (%d.%03d s)\n\n' $(( (t1 - t0) / 1000000000 )) \
	    $(( (t1 - t0) / 1000000 % 1000 ))
fi
ls -l "$log"
echo

# Each query is run only if this build has the command.
has() { "$LOGSCAN" "$1" --help >/dev/null 2>&1 &&
    ! "$LOGSCAN" "$1" --help | grep -q 'Not yet implemented'; }

if has grep; then
	run "$LOGSCAN" grep -n ZX81QUARK "$log"
	run "$LOGSCAN" grep -c 'ERROR .*user=mallory' "$log"
else
	echo "(grep is not implemented in this build yet)"
fi
if has index; then
	run "$LOGSCAN" index --stats "$log"
	run "$LOGSCAN" info "$log"
fi
if has slice; then
	run "$LOGSCAN" slice --lines 1000000:+5 --stats "$log"
	run "$LOGSCAN" slice --since 2026-03-15T10:00:00Z \
	    --until 2026-03-15T10:00:02Z --stats "$log"
fi
echo "The demo log stays in $DEMO_DIR; 'make clean' removes it."
