#!/bin/sh
# Issue 27 items 6-7: what info and config print is YAML that a real
# parser (python3's yaml module, YAML 1.1 resolvers and all) reads back as
# exactly the names given: '=', '<<', ':', '#', '-', quotes, newlines and
# control characters; a name that is not UTF-8 comes with its exact bytes
# (KEY_bytes, base64); a long UTF-8 name's cache index name is cut on a
# character boundary and info prints the path really used.
. "$top_srcdir/tests/cli/lib.sh"

if ! python3 -c 'import yaml' >/dev/null 2>&1; then
	echo "SKIP: python3's yaml module is not installed (python3-yaml)"
	exit 77
fi
cd "$T" || exit 2
export XDG_CACHE_HOME="$T/cache"

# The tricky names: names.py writes name.N (the bytes) and dir.N.yaml (a
# config with that index-dir, when it is UTF-8); check.py then parses
# every document in one run.
cat >names.py <<'PY'
import json
names = [b"=", b"<<", b":", b"a: b", b"#", b"#x", b"-", b"- x", b"'q'",
         b'"dq"', b"a\nb", b"\x01ctl\x7f", b"tab\tx", b"true", b"null",
         b"1.5", b"0x1F", b"~", b"*star", b"&amp", b"!bang", b"%pct",
         b"@at", b"`tick", b"|bar", b">gt", b"? q", b"[x", b"{x", b",x",
         b" lead", b"trail ", b"\xc2\x85nel", b"a\xe2\x80\xa8b",
         b"\xef\xbb\xbfbom", b"\xff\xfe latin", b"caf\xe9"]
for i, n in enumerate(names):
    open("name.%d" % i, "wb").write(n)
    try:
        u = n.decode("utf-8")
    except UnicodeDecodeError:
        continue
    open("dir.%d.yaml" % i, "w").write(
        "defaults:\n  index-dir: " + json.dumps(u) + "\n")
print(len(names))
PY
cat >check.py <<'PY'
import base64, os, sys, yaml
bad = 0
def exact(m, key):
    if key + "_bytes" in m:
        return base64.b64decode(m[key + "_bytes"])
    return m[key].encode("utf-8")
for i in range(int(sys.argv[1])):
    want = open("name.%d" % i, "rb").read()
    checks = [("info", "info.%d.yaml" % i, b"./" + want),
              ("config", "config.%d.yaml" % i, want)]
    if os.path.exists("dir.%d.yaml" % i) and want != b"~":
        checks.append(("dir", "dirout.%d.yaml" % i, want))
    for kind, doc, w in checks:
        try:
            d = yaml.safe_load(open(doc, "rb"))
            if kind == "info":
                got = exact(d, "path")
            elif kind == "config":
                got = exact(d, "file")
            else:
                got = d["settings"]["index-dir"]["value"].encode("utf-8")
        except Exception as e:
            got = "unparsable: %s" % e
        if got != w:
            print("%s of name %d: wanted %r, read back %r" % (kind, i, w, got))
            bad += 1
print("%d bad" % bad)
sys.exit(1 if bad else 0)
PY
count=$(python3 names.py)
i=0
while [ $i -lt "$count" ]; do
	name=$(cat name.$i; printf x)
	name=${name%x}
	# ./ keeps "-" and "- x" from reading as options or standard input.
	printf '2026-03-01T10:00:00Z one\n' >"./$name"
	"$LOGSCAN" index "./$name" 2>/dev/null
	"$LOGSCAN" info "./$name" >info.$i.yaml 2>>err ||
	    fail "info: name $i: $(tail -n 1 err)"
	printf 'defaults:\n  index: auto\n' >"./$name"
	"$LOGSCAN" config --config="$name" >config.$i.yaml 2>>err ||
	    fail "config: name $i: $(tail -n 1 err)"
	rm -f "./$name" "./$name.lsidx"
	# (index-dir: "~" stands for HOME.)
	if [ -e dir.$i.yaml ] && [ "$name" != "~" ]; then
		"$LOGSCAN" config --config dir.$i.yaml >dirout.$i.yaml 2>>err ||
		    fail "config index-dir: name $i: $(tail -n 1 err)"
	fi
	i=$((i + 1))
done
checks=$((checks + 1))
python3 check.py "$count" >check.out 2>&1 || fail "$(cat check.out)"

# Non-UTF-8: the YAML shows U+FFFD and *_bytes holds the bytes.
name=$(printf 'bad\377name.log')
printf 'defaults:\n  index: auto\n' >"$name"
"$LOGSCAN" info "$name" >info.yaml
expect_grep info.yaml '^path_bytes: "?YmFk/25hbWUubG9n"?$' "path_bytes"
"$LOGSCAN" config --config "$name" >config.yaml 2>/dev/null
expect_grep config.yaml '^file_bytes: "?YmFk/25hbWUubG9n"?$' "file_bytes"
expect_grep config.yaml '^file: "?bad.+name.log"?$' "file with U+FFFD"
printf 'x\n' >"caf$(printf '\303\251').log"
"$LOGSCAN" info "caf$(printf '\303\251').log" >info.yaml
checks=$((checks + 1))
grep -q _bytes info.yaml && fail "_bytes for a UTF-8 name"

# A long UTF-8 name: its cache index name is cut between characters, and
# info prints a path that exists.
long=a$(python3 -c 'print("\u00e9" * 120, end="")').log
printf '2026-03-01T10:00:00Z one\n' >"$long"
expect_status 0 "index a long UTF-8 name" "$LOGSCAN" index "$long"
expect_status 0 "info on it" "$LOGSCAN" info "$long"
python3 - "$T/out" <<'PY' || fail "long name: info's index path"
import os, sys, yaml
d = yaml.safe_load(open(sys.argv[1], "rb"))
p = d["index"]["path"]
assert d["index"]["freshness"] == "fresh", d["index"]
assert "path_bytes" not in d["index"], "the cut name is not UTF-8"
assert os.path.exists(p.encode("utf-8")), "no such file: " + p
base = os.path.basename(p)
assert len(base.encode("utf-8")) <= 255
PY
finish
