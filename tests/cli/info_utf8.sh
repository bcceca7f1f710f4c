#!/bin/sh
# info with file names that are not valid UTF-8 (overlong forms, surrogates,
# code points above U+10FFFF): each byte that is not part of a valid
# sequence becomes U+FFFD, valid names pass unchanged, every document is
# written and the output parses.
. "$top_srcdir/tests/cli/lib.sh"

cd "$T" || exit 2
# octal escapes: dash's printf has no \x
for n in 'over3-\340\200\257' 'over4-\360\200\200\257' 'surr-\355\240\200' \
    'big-\364\220\200\200' 'f5-\365\200\200\200' 'e-\303\251' \
    'emoji-\360\237\230\200' 'c0-\300\257'; do
	name=$(printf "$n")
	printf 'x\n' >"$name"
	set -- "$@" "$name"
done
printf 'x\n' >plain.log

expect_status 0 "info of odd names" "$LOGSCAN" info "$@" plain.log
expect_empty "$T/err" "no errors"
cp "$T/out" "$T/info"
checks=$((checks + 1))
[ "$(grep -c '^---' "$T/info")" -eq 9 ] || fail "nine documents"
expect_grep "$T/info" '^path: "plain.log"$' "the last file is shown"
checks=$((checks + 1))
grep -q "$(printf 'e-\303\251')" "$T/info" || fail "valid 2-byte name kept"
# libyaml escapes characters beyond the BMP
checks=$((checks + 1))
grep -q -e "$(printf 'emoji-\360\237\230\200')" -e 'emoji-\\U0001F600' \
    "$T/info" || fail "valid 4-byte name kept"

if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import yaml' 2>/dev/null; then
	checks=$((checks + 1))
	python3 -c '
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))
assert len(docs) == 9, len(docs)
want = ["over3-\ufffd\ufffd\ufffd", "over4-\ufffd\ufffd\ufffd\ufffd",
        "surr-\ufffd\ufffd\ufffd", "big-\ufffd\ufffd\ufffd\ufffd",
        "f5-\ufffd\ufffd\ufffd\ufffd", "e-\u00e9", "emoji-\U0001f600",
        "c0-\ufffd\ufffd", "plain.log"]
got = [d["path"] for d in docs]
assert got == want, got
' "$T/info" 2>"$T/py" || { fail "python3 yaml reading"; cat "$T/py" >&2; }
fi
finish
