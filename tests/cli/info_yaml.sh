#!/bin/sh
# logscan info: one YAML document per file, for every freshness state, and
# the output parses back (with python3's yaml module when there is one; the
# unit test parses it with libyaml).
. "$top_srcdir/tests/cli/lib.sh"

# Relative names, so that "123" is a name YAML would read as a number.
cd "$T" || exit 2
printf 'one\ntwo\nthree\n' >fresh.log
printf 'one\n' >appended.log
printf 'one\n' >stale.log
printf 'one\n' >missing.log
printf 'one\n' >corrupt.log
printf 'x\n' >123
"$LOGSCAN" index fresh.log appended.log stale.log \
    corrupt.log 123 || fail "index"
printf 'two\nthree' >>appended.log
cp stale.log s
mv s stale.log
printf 'garbage' >corrupt.log.lsidx

expect_status 0 "info" "$LOGSCAN" info fresh.log appended.log \
    stale.log missing.log corrupt.log 123
cp "$T/out" "$T/info"
checks=$((checks + 1))
[ "$(grep -c '^---' "$T/info")" -eq 6 ] || fail "six documents"
expect_grep "$T/info" '^lines: 3$' "fresh lines"
expect_grep "$T/info" '^  freshness: fresh$' "fresh"
expect_grep "$T/info" '^  freshness: appended$' "appended"
expect_grep "$T/info" '^  appended_bytes: 9$' "appended bytes"
expect_grep "$T/info" '^  freshness: stale$' "stale"
expect_grep "$T/info" '^  reason: log rotated \(new inode\)$' "stale reason"
expect_grep "$T/info" '^  freshness: missing$' "missing"
expect_grep "$T/info" '^  freshness: corrupt$' "corrupt"
expect_grep "$T/info" '^  group_lines: 4096$' "default group lines"
expect_grep "$T/info" '^  group_bytes: 262144$' "default group bytes"
expect_grep "$T/info" '^time_span: null$' "time span placeholder"
expect_grep "$T/info" '^path: "123"$' "a numeric name is quoted"

if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import yaml' 2>/dev/null; then
	checks=$((checks + 1))
	python3 -c '
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
assert len(docs) == 6, len(docs)
f, a, s, m, c, n = docs
assert f["lines"] == 3 and f["size"] == 14, f
assert f["index"]["freshness"] == "fresh" and f["index"]["groups"] == 1
assert a["lines"] == 3 and a["index"]["appended_bytes"] == 9, a
assert s["lines"] == "unknown (index stale)", s
assert s["index"]["freshness"] == "stale", s
assert m["index"]["path"] is None and m["index"]["freshness"] == "missing"
assert m["lines"] == "not indexed", m
assert c["index"]["freshness"] == "corrupt", c
assert n["path"] == "123", n
assert all(d["time_span"] is None for d in docs)
' "$T/info" 2>"$T/py" || { fail "python3 yaml reading"; cat "$T/py" >&2; }
fi

expect_status 2 "missing log" "$LOGSCAN" info "$T/nope" fresh.log
expect_grep "$T/err" "^logscan: $T/nope: No such file or directory$" \
    "missing log message"
expect_grep "$T/out" "^path: \"fresh.log\"$" "the other file is still shown"
expect_status 2 "no file" "$LOGSCAN" info
finish
