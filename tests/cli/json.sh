#!/bin/sh
# --json on grep and slice: every line is a JSON object (python3's json
# module parses it); lines with control characters and bytes that are not
# UTF-8 round-trip ("text" or base64 "bytes" give back the file's bytes at
# absolute_offset); the entry "timestamp" is the generator's time; and,
# where ripgrep is installed, the messages equal rg --json's field by
# field (all but elapsed times).
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to parse JSON"
	exit 77
fi

# A crafted file: every control character but '\n', bytes that are not
# UTF-8 (cut short, overlong, surrogates, 0xff), quotes and backslashes,
# valid multi-byte characters, and a last line without a newline.
python3 - "$T/odd.txt" <<'PY'
import sys
lines = [b"plain hit line",
         b"hit " + bytes(c for c in range(1, 32) if c != 10) + b" end",
         b"hit \xff\xfe not utf-8",
         b"hit cut \xc3",
         b"hit overlong \xc0\x80 and surrogate \xed\xa0\x80",
         b"hit \"quoted\" back\\slash / slash \x7f del",
         b"hit caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
         b"no match here",
         b"last hit without newline"]
open(sys.argv[1], "wb").write(b"\n".join(lines))
PY
"$GENLOG" --size 300K --seed 7 >"$T/gen.log"

# check_json FILE OUT  every line of OUT parses, the types come in
# begin/(match|context)*/end order per file then one summary, and every
# line's bytes equal FILE's at absolute_offset.
check_json() {
	checks=$((checks + 1))
	if ! python3 - "$@" >"$T/pyerr" 2>&1 <<'PY'; then
import base64, json, sys
data = open(sys.argv[1], "rb").read()
state = "out"
msgs = [json.loads(l) for l in open(sys.argv[2], "rb")]
assert msgs and msgs[-1]["type"] == "summary", "no summary at the end"
for m in msgs[:-1]:
    t, d = m["type"], m["data"]
    if t == "begin":
        assert state == "out", "begin inside a file"; state = "in"
    elif t == "end":
        assert state == "in", "end outside a file"; state = "out"
    else:
        assert state == "in" and t in ("match", "context"), t
        l = d["lines"]
        b = l["text"].encode() if "text" in l else base64.b64decode(l["bytes"])
        if "text" in l:
            b.decode("utf-8")
        else:
            try:
                b.decode("utf-8")
                raise AssertionError("valid UTF-8 sent as bytes: %r" % b)
            except UnicodeDecodeError:
                pass
        off = d["absolute_offset"]
        assert data[off:off + len(b)] == b, "line at %d differs: %r" % (off, b)
        assert data[:off].count(b"\n") + 1 == d["line_number"], "line number"
        for s in d["submatches"]:
            mb = s["match"]["text"].encode() if "text" in s["match"] \
                else base64.b64decode(s["match"]["bytes"])
            assert b[s["start"]:s["end"]] == mb, "submatch %r" % s
assert state == "out", "file not ended"
PY
		fail "JSON of $2 is not right: $(cat "$T/pyerr")"
	fi
}

"$LOGSCAN" grep --json hit "$T/odd.txt" >"$T/o1"
check_json "$T/odd.txt" "$T/o1"
python3 -c '
import json, sys
m = [json.loads(l) for l in open(sys.argv[1])]
n = sum(1 for x in m if x["type"] == "match")
s = m[-1]["data"]["stats"]
assert n == 8 and s["matched_lines"] == 8 and s["matches"] == 8, (n, s)
assert sum(1 for x in m if x["type"] == "match" and "bytes" in x["data"]["lines"]) == 3
' "$T/o1" || fail "odd.txt: wrong counts"
checks=$((checks + 1))
"$LOGSCAN" grep --json -C1 -v hit "$T/odd.txt" >"$T/o2"
check_json "$T/odd.txt" "$T/o2"
"$LOGSCAN" grep --json -E 'ERROR|WARN' "$T/gen.log" >"$T/o3"
check_json "$T/gen.log" "$T/o3"
"$LOGSCAN" slice --json --lines 5:40 "$T/gen.log" >"$T/o4"
check_json "$T/gen.log" "$T/o4"
# slice --json says the lines slice prints, no more, no less.
"$LOGSCAN" slice --lines 5:40 "$T/gen.log" >"$T/want4"
python3 -c '
import json, sys
for l in open(sys.argv[1]):
    m = json.loads(l)
    if m["type"] == "match":
        sys.stdout.write(m["data"]["lines"]["text"])
' "$T/o4" >"$T/got4"
expect_same "$T/want4" "$T/got4" "slice --json lines"

# Usage: -c, -l and -L print no lines to describe (as in ripgrep).
for f in -c -l -L; do
	expect_status 2 "grep --json $f" "$LOGSCAN" grep --json $f hit \
	    "$T/odd.txt"
	expect_grep "$T/err" "cannot be used with $f" "grep --json $f message"
done
# -q: nothing at all, status 0.
expect_status 0 "grep --json -q" "$LOGSCAN" grep --json -q hit "$T/odd.txt"
expect_empty "$T/out" "grep --json -q"
# No match: only the summary, status 1.
expect_status 1 "grep --json, no match" "$LOGSCAN" grep --json \
    NOSUCHTHING "$T/odd.txt"
expect_grep "$T/out" '^\{"data":\{"elapsed_total".*"searches":0,"searches_with_match":0\}\},"type":"summary"\}$' \
    "summary of nothing"

# The entry timestamp: the generator's ISO time of the line, or of the
# last line before it with one (stack-trace lines); compared for every
# line of a time range and for matches with --time-format alone.
python3 - "$T/gen.log" >"$T/times" <<'PY'
import sys
t = None
for i, l in enumerate(open(sys.argv[1], "rb"), 1):
    if l[:2] == b"20" and l[4:5] == b"-":
        t = l[:23].decode()
    print(i, "null" if t is None else t[:19] + "." + t[20:23] + "000000Z")
PY
"$LOGSCAN" slice --json --since 2026-03-05 --until 2026-03-20 \
    "$T/gen.log" >"$T/o5"
"$LOGSCAN" grep --json --time-format iso8601 -e '^	at ' -e Exception \
    "$T/gen.log" >"$T/o6"
# The same from standard input (a pipe) and from a gzip file (a stream
# too): the format is detected from the stream's first lines before the
# first message, and a stack-trace line takes its entry's time from the
# lines before it even when they were not printed, across windows.
cat "$T/gen.log" | "$LOGSCAN" slice --json --since 2026-03-05 \
    --until 2026-03-20 >"$T/o5s"
cat "$T/gen.log" | "$LOGSCAN" grep --json --time-format iso8601 \
    -e '^	at ' -e Exception >"$T/o6s"
cat "$T/gen.log" | "$LOGSCAN" grep --json --since 2026-03-01 \
    --window-size 8192 -e '^	at ' -e Exception >"$T/o6t"
gzip -c "$T/gen.log" >"$T/gen.log.gz"
"$LOGSCAN" grep --json --time-format iso8601 --window-size 8192 \
    -e '^	at ' -e Exception "$T/gen.log.gz" >"$T/o6z"
for o in o5 o6 o5s o6s o6t o6z; do
	checks=$((checks + 1))
	python3 - "$T/times" "$T/$o" <<'PY' || fail "$o: timestamps differ"
import json, sys
want = dict(l.split() for l in open(sys.argv[1]))
n = 0
for l in open(sys.argv[2]):
    m = json.loads(l)
    if m["type"] in ("match", "context"):
        d = m["data"]
        got = d["timestamp"] if d["timestamp"] is not None else "null"
        assert got == want[str(d["line_number"])], (d["line_number"], got)
        n += 1
assert n > 20, n
PY
done
# A line before the first timestamp has none.
printf 'preamble hit\n2026-03-01T10:00:00Z hit\n' >"$T/pre.log"
"$LOGSCAN" grep --json --time-format iso8601 hit "$T/pre.log" >"$T/o7"
expect_grep "$T/o7" '"line_number":1,.*"timestamp":null\}\}$' \
    "no timestamp before the first"
expect_grep "$T/o7" '"line_number":2,.*"timestamp":"2026-03-01T10:00:00.000000000Z"\}\}$' \
    "timestamp with nine digits"
# Without a time format there is no timestamp field (as ripgrep).
"$LOGSCAN" grep --json hit "$T/pre.log" >"$T/o8"
checks=$((checks + 1))
if grep -q timestamp "$T/o8"; then fail "timestamp without a format"; fi

# Differential: ripgrep 13's messages, field by field, elapsed aside.
if command -v rg >/dev/null 2>&1; then
	cat >"$T/norm.py" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    m = json.loads(l)
    d = m["data"]
    d.pop("elapsed_total", None)
    if "stats" in d:
        d["stats"].pop("elapsed", None)
        if len(sys.argv) > 2:
            d["stats"].pop("bytes_searched", None)
    print(json.dumps(m, sort_keys=True))
PY
	cd "$T" || exit 2
	for args in "hit odd.txt" "-C2 overlong odd.txt" "-v hit odd.txt" \
	    "-i HIT odd.txt" "-w hit odd.txt" "-F \\ odd.txt" \
	    "-e Exception -e ERROR gen.log" "-B3 -A1 ZX81QUARK gen.log" \
	    "status=5 gen.log odd.txt" "o odd.txt" "-E [0-9]{3}ms gen.log"; do
		checks=$((checks + 1))
		# shellcheck disable=SC2086
		"$LOGSCAN" grep --json $args >mine 2>mine.err
		# shellcheck disable=SC2086
		# (rg's -E names an encoding; its regexes are ERE-like.)
		rg --json $(echo "$args" | sed 's/^-E //') >theirs 2>/dev/null
		python3 norm.py mine >mine.n
		python3 norm.py theirs >theirs.n
		if ! cmp -s mine.n theirs.n; then
			fail "rg --json differs for: $args"
			diff mine.n theirs.n | head -6 >&2
		fi
	done
	# -m: ripgrep stops reading sooner; all else is the same.
	checks=$((checks + 1))
	"$LOGSCAN" grep --json -m 3 INFO gen.log >mine
	rg --json -m 3 INFO gen.log >theirs
	python3 norm.py mine x >mine.n
	python3 norm.py theirs x >theirs.n
	cmp -s mine.n theirs.n || fail "rg --json -m differs"
	cd - >/dev/null || exit 2
else
	echo "note: rg not installed; the differential part is skipped"
fi

finish
