#!/bin/sh
# Messages that say what they refer to: a config file that cannot be read
# is called the config file, with where its name came from; a log without
# timestamps is indexed with "no timestamps: line queries only" and `info`
# agrees; `info` without an index says "not indexed".
. "$top_srcdir/tests/cli/lib.sh"

unset LOGSCAN_CONFIG XDG_CONFIG_HOME
HOME="$T/home"
export HOME
mkdir -p "$HOME"

# ---- the config file, and where its name came from
LOGSCAN_CONFIG="$T/nonexist" expect_status 2 "LOGSCAN_CONFIG missing" \
    "$LOGSCAN" formats
expect_grep "$T/err" \
    "^logscan: $T/nonexist: config file \\(named by \\\$LOGSCAN_CONFIG\\): No such file or directory\$" \
    "\$LOGSCAN_CONFIG named"
expect_empty "$T/out" "nothing printed"
expect_status 2 "--config missing" "$LOGSCAN" grep --config "$T/nonexist" \
    x /dev/null
expect_grep "$T/err" \
    "^logscan: $T/nonexist: config file \\(given with --config\\): No such file or directory\$" \
    "--config named"
expect_status 2 "global --config missing" "$LOGSCAN" --config "$T/nonexist" \
    slice --lines 1 /dev/null
expect_grep "$T/err" "config file \\(given with --config\\)" \
    "--config before the command named"
mkdir -p "$HOME/.config/logscan/config.yaml" # a directory, not a file
expect_status 2 "default place unreadable" "$LOGSCAN" config
expect_grep "$T/err" \
    "^logscan: $HOME/.config/logscan/config.yaml: config file \\(found in its default place\\): not a regular file\$" \
    "the default place named"
rmdir "$HOME/.config/logscan/config.yaml"
# What the file says keeps its file:line:column form.
printf 'defaults:\n  colour: auto\n' >"$T/bad.yaml"
LOGSCAN_CONFIG="$T/bad.yaml" expect_status 2 "bad key" "$LOGSCAN" config
expect_grep "$T/err" "^logscan: $T/bad.yaml:2:3: unknown key 'colour'" \
    "a YAML error keeps file:line:col"

# ---- a log without timestamps: said when indexed; info agrees
seq 1 50 >"$T/plain.log"
expect_status 0 "index a log without timestamps" "$LOGSCAN" index \
    "$T/plain.log"
expect_grep "$T/err" "^logscan: $T/plain.log: no timestamps: line queries only\$" \
    "no timestamps said"
checks=$((checks + 1))
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "one line only"
expect_status 0 "index again, up to date" "$LOGSCAN" index "$T/plain.log"
expect_empty "$T/err" "nothing to say when nothing was written"
expect_status 0 "index --force -q" "$LOGSCAN" index --force -q "$T/plain.log"
expect_empty "$T/err" "-q silences it"
expect_status 0 "info of it" "$LOGSCAN" info "$T/plain.log"
cp "$T/out" "$T/plain.info"
expect_grep "$T/plain.info" '^  time_format: null$' "no format in the index"
expect_grep "$T/plain.info" '^  times_usable: false$' "so its times are not usable"
expect_grep "$T/plain.info" "^  times_reason: '?no timestamps: line queries only'?\$" \
    "and info says why"
expect_grep "$T/plain.info" '^lines: 50$' "lines counted"
expect_status 0 "line query" "$LOGSCAN" slice --lines 50 "$T/plain.log"
expect_status 2 "time query" "$LOGSCAN" slice --since 2026-01-01 \
    "$T/plain.log"

# A log with timestamps: index and info agree the other way.
printf '2026-03-01T10:00:00Z a\n2026-03-01T10:01:00Z b\n' >"$T/timed.log"
expect_status 0 "index a timed log" "$LOGSCAN" index "$T/timed.log"
expect_empty "$T/err" "a timed log is indexed quietly"
expect_status 0 "info of the timed log" "$LOGSCAN" info "$T/timed.log"
expect_grep "$T/out" '^  time_format: [a-z]' "a format in the index"
expect_grep "$T/out" '^  times_usable: true$' "usable"

# ---- info without an index
seq 1 3 >"$T/new.log"
expect_status 0 "info, not indexed" "$LOGSCAN" info "$T/new.log"
cp "$T/out" "$T/new.info"
expect_grep "$T/new.info" '^lines: not indexed$' "not indexed, not null"
expect_grep "$T/new.info" '^  freshness: missing$' "freshness missing"
"$LOGSCAN" index -q "$T/new.log"
seq 1 4 >"$T/new2.log"
mv "$T/new2.log" "$T/new.log" # a new inode: the index is stale
expect_status 0 "info, stale" "$LOGSCAN" info "$T/new.log"
cp "$T/out" "$T/stale.info"
expect_grep "$T/stale.info" '^lines: unknown \(index stale\)$' "stale: why unknown"
if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import yaml' 2>/dev/null; then
	checks=$((checks + 1))
	cat "$T/plain.info" "$T/new.info" "$T/stale.info" | python3 -c '
import sys, yaml
p, n, s = yaml.safe_load_all(sys.stdin)
assert p["index"]["times_usable"] is False, p
assert p["index"]["times_reason"] == "no timestamps: line queries only", p
assert p["time_format"] is None, p
assert n["lines"] == "not indexed", n
assert s["lines"] == "unknown (index stale)", s' ||
	    fail "info output is not the YAML it should be"
fi
finish
