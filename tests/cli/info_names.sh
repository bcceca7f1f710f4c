#!/bin/sh
# info with file names that YAML would read as something else when plain
# ("<<" is a merge key, "=" a value key, "123" a number, "null" a null):
# paths are always double-quoted and read back as the same strings.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
for n in '<<' '=' '123' 'null' 'a: b' '- x' '#c' "it's" 'back\slash' \
    '"q"' 'tab	x'; do
	printf 'x\n' >"$n"
done
"$LOGSCAN" index '<<' '=' || fail "index"

expect_status 0 "info" "$LOGSCAN" info -- '<<' '=' '123' 'null' 'a: b' '- x' \
    '#c' "it's" 'back\slash' '"q"' 'tab	x'
cp "$T/out" "$T/info"
expect_grep "$T/info" '^path: "<<"$' "<< is quoted"
expect_grep "$T/info" '^path: "="$' "= is quoted"
expect_grep "$T/info" '^  path: "<<\.lsidx"$' "the index path is quoted"

if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import yaml' 2>/dev/null; then
	checks=$((checks + 1))
	python3 -c '
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))
want = ["<<", "=", "123", "null", "a: b", "- x", "#c", "it'"'"'s",
        "back\\slash", "\"q\"", "tab\tx"]
got = [d["path"] for d in docs]
assert got == want, got
assert docs[0]["index"]["path"] == "<<.lsidx", docs[0]
assert docs[1]["index"]["freshness"] == "fresh", docs[1]
' "$T/info" 2>"$T/py" || { fail "python3 yaml reading"; cat "$T/py" >&2; }
fi
finish
