#!/bin/sh
# The configuration file: where it is found, `logscan config` showing what
# is in effect and from where, the documented example, errors with file,
# line and column before any log is touched, and flags beating the file.
. "$top_srcdir/tests/cli/lib.sh"

example="$TESTDATA/config/example.yaml"
# The harness points LOGSCAN_CONFIG at an empty file; these tests choose.
unset LOGSCAN_CONFIG XDG_CONFIG_HOME
HOME="$T/home"
export HOME
mkdir -p "$HOME"

# ---- no file anywhere: every setting is the default
expect_status 0 "config without a file" env -u TZ "$LOGSCAN" config
expect_empty "$T/err" "config writes nothing to stderr"
expect_grep "$T/out" '^file: null$' "no file"
expect_grep "$T/out" '^  window-size: \{value: 32M, from: default\}$' \
    "default window size"
expect_grep "$T/out" '^  timezone: \{value: local, from: default\}$' \
    "default zone"
expect_grep "$T/out" '^formats: \[\]$' "no formats"
expect_grep "$T/out" '^zone-aliases: \{\}$' "no zone aliases"

# ---- the documented environment, over the default and the file
env -u TZ -u NO_COLOR "$LOGSCAN" config >"$T/out" 2>"$T/err"
expect_grep "$T/out" '^  timezone: \{value: local, from: default\}$' \
    "no TZ: local"
expect_grep "$T/out" '^  color: \{value: auto, from: default\}$' \
    "no NO_COLOR: auto"
TZ=Asia/Tokyo NO_COLOR=1 "$LOGSCAN" config >"$T/out" 2>"$T/err"
expect_grep "$T/out" \
    '^  timezone: \{value: Asia/Tokyo, from: environment \(TZ\)\}$' \
    "TZ is the local zone"
expect_grep "$T/out" \
    '^  color: \{value: never, from: environment \(NO_COLOR\)\}$' \
    "NO_COLOR turns auto off"
TZ=Asia/Tokyo NO_COLOR=1 "$LOGSCAN" config --color=auto >"$T/out" 2>"$T/err"
expect_grep "$T/out" '^  color: \{value: auto, from: command line\}$' \
    "--color=auto given: the command line"
printf 'defaults:\n  timezone: utc\n  color: auto\n' >"$T/envconf.yaml"
TZ=Asia/Tokyo NO_COLOR=1 "$LOGSCAN" config --config "$T/envconf.yaml" \
    >"$T/out" 2>"$T/err"
expect_grep "$T/out" '^  timezone: \{value: utc, from: config\}$' \
    "a zone in the file is not TZ's"
expect_grep "$T/out" \
    '^  color: \{value: never, from: environment \(NO_COLOR\)\}$' \
    "NO_COLOR over the file's auto"

# ---- the documented example loads, and says where each value is from
expect_status 0 "config --config example" "$LOGSCAN" config --config \
    "$example"
expect_grep "$T/out" "^file: $example\$" "file named"
expect_grep "$T/out" '^  window-size: \{value: 64M, from: config\}$' \
    "window size from the file"
expect_grep "$T/out" "^  index-dir: \\{value: $HOME/.cache/logscan, from: config\\}\$" \
    "~ expanded"
expect_grep "$T/out" '^  timezone: \{value: utc, from: config\}$' \
    "zone from the file"
expect_grep "$T/out" '^- name: proxy$' "first format"
expect_grep "$T/out" "^  layout: '%m.%d %H:%M:%S'\$" "its layout"
expect_grep "$T/out" '^- name: gateway$' "last format"
# What `config` prints is YAML that reads back.
if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import yaml' 2>/dev/null; then
	checks=$((checks + 1))
	python3 -c 'import sys, yaml; d = yaml.safe_load(sys.stdin);
assert d["settings"]["group-lines"] == {"value": 4096, "from": "config"}
assert [f["name"] for f in d["formats"]] == ["proxy", "batch", "gateway"]
assert d["formats"][1]["regex"] == "^(?:\\S+ ){4}(?<ts>\\d{9,11}\\.\\d+) "' \
	    <"$T/out" || fail "config output does not read back as YAML"
fi

# ---- where the file is looked for
mkdir -p "$HOME/.config/logscan" "$T/xdg/logscan"
printf 'defaults:\n  color: never\n' >"$HOME/.config/logscan/config.yaml"
expect_status 0 "~/.config" "$LOGSCAN" config
expect_grep "$T/out" "^file: $HOME/.config/logscan/config.yaml\$" \
    "~/.config/logscan/config.yaml found"
printf 'defaults:\n  color: always\n' >"$T/xdg/logscan/config.yaml"
XDG_CONFIG_HOME="$T/xdg" expect_status 0 "XDG" "$LOGSCAN" config
expect_grep "$T/out" "^file: $T/xdg/logscan/config.yaml\$" \
    "\$XDG_CONFIG_HOME first"
LOGSCAN_CONFIG="$example" expect_status 0 "LOGSCAN_CONFIG" "$LOGSCAN" config
expect_grep "$T/out" "^file: $example\$" "\$LOGSCAN_CONFIG before both"
LOGSCAN_CONFIG="$example" expect_status 0 "--config first" "$LOGSCAN" \
    config --config "$T/xdg/logscan/config.yaml"
expect_grep "$T/out" "^file: $T/xdg/logscan/config.yaml\$" \
    "--config before \$LOGSCAN_CONFIG"
expect_status 0 "--no-config" "$LOGSCAN" config --no-config
expect_grep "$T/out" '^file: null$' "--no-config reads nothing"
rm "$HOME/.config/logscan/config.yaml"

# ---- errors: FILE:LINE:COLUMN, exit 2, no output, no log touched
printf 'a\nb\n' >"$T/app.log"
printf 'defaults:\n  group-lines: 4096\n  window-size: 64Q\n' >"$T/bad.yaml"
for cmd in config "index $T/app.log" "slice --lines 1 $T/app.log" \
    "info $T/app.log" formats "grep a $T/app.log"; do
	# shellcheck disable=SC2086
	expect_status 2 "$cmd with a bad config" "$LOGSCAN" $cmd \
	    --config "$T/bad.yaml"
	expect_grep "$T/err" "^logscan: $T/bad.yaml:3:16: bad window-size '64Q', expected a size such as 64M \\([0-9]+K to 1G\\)\$" \
	    "$cmd: the message names file, line and column"
	expect_empty "$T/out" "$cmd: nothing on stdout"
done
checks=$((checks + 1))
[ ! -e "$T/app.log.lsidx" ] || fail "index built despite a bad config"
expect_status 2 "missing --config" "$LOGSCAN" config --config "$T/none.yaml"
expect_grep "$T/err" "^logscan: $T/none.yaml: config file \\(given with --config\\): No such file or directory\$" \
    "missing file message"
printf 'formats:\n  - name: x\n    regex: (\\d+\n    layout: "%%s"\n' \
    >"$T/re.yaml"
expect_status 2 "bad regex" "$LOGSCAN" formats --config "$T/re.yaml"
expect_grep "$T/err" "^logscan: $T/re.yaml:3:12: regex does not compile at offset 4: missing closing parenthesis, " \
    "regex message with its offset"

# ---- the command line beats the file
printf 'defaults:\n  group-lines: 1\n  index-dir: %s/idx\n' "$T" >"$T/g.yaml"
expect_status 0 "index with the config" "$LOGSCAN" index --config \
    "$T/g.yaml" "$T/app.log"
checks=$((checks + 1))
set -- "$T"/idx/app.log.*.lsidx
[ -f "$1" ] || fail "the config's index-dir was not used"
"$LOGSCAN" info --config "$T/g.yaml" "$T/app.log" >"$T/info"
expect_grep "$T/info" '^  group_lines: 1$' "group-lines from the config"
expect_grep "$T/info" '^  freshness: fresh$' "info looks in the config's dir"
expect_status 0 "index with a flag" "$LOGSCAN" index --config "$T/g.yaml" \
    --group-lines 7 --index-dir "$T/idx2" "$T/app.log"
"$LOGSCAN" info --config "$T/g.yaml" --index-dir "$T/idx2" "$T/app.log" \
    >"$T/info"
expect_grep "$T/info" '^  group_lines: 7$' "--group-lines beats the config"
expect_grep "$T/info" '^  freshness: fresh$' "--index-dir beats the config"

# grep's colour: the config's "always", unless --color says otherwise
# (even --color=auto, which is also what an absent flag means).
esc=$(printf '\033')
printf 'defaults:\n  color: always\n' >"$T/color.yaml"
expect_status 0 "grep, config colour" "$LOGSCAN" grep --config \
    "$T/color.yaml" b "$T/app.log"
expect_grep "$T/out" "$esc\\[" "the config's color: always"
for flag in --color=never --color=auto; do
	expect_status 0 "grep $flag" "$LOGSCAN" grep --config \
	    "$T/color.yaml" "$flag" b "$T/app.log"
	checks=$((checks + 1))
	if grep -q "$esc" "$T/out"; then
		fail "$flag does not beat the config's colour"
	fi
done

# ---- a FIFO, a directory: refused at once, not read
mkfifo "$T/cfg.fifo" 2>/dev/null && {
	to=
	command -v timeout >/dev/null 2>&1 && to="timeout 20"
	expect_status 2 "config on a FIFO" $to "$LOGSCAN" config --config \
	    "$T/cfg.fifo"
	expect_grep "$T/err" "^logscan: $T/cfg.fifo: config file \\(given with --config\\): not a regular file\$" \
	    "FIFO refused"
}
expect_status 2 "config on a directory" "$LOGSCAN" config --config "$T"
expect_grep "$T/err" "^logscan: $T: config file \\(given with --config\\): not a regular file\$" "directory refused"
expect_status 0 "config /dev/null" "$LOGSCAN" config --config /dev/null
expect_grep "$T/out" '^formats: \[\]$' "/dev/null is an empty config"

# ---- a config path that is not UTF-8: shown with U+FFFD, not refused
bad=$(printf 'conf\377.yaml')
printf 'defaults:\n  color: never\n' >"$T/$bad"
expect_status 0 "config with a non-UTF-8 path" "$LOGSCAN" config \
    --config "$T/$bad"
expect_empty "$T/err" "non-UTF-8 path: no message"
expect_grep "$T/out" "^file: \"?$T/conf$(printf '\357\277\275').yaml\"?\$" \
    "non-UTF-8 path shown with U+FFFD"
expect_grep "$T/out" '^  color: \{value: never, from: config\}$' \
    "the rest printed"

# zone-aliases are printed as written.
printf 'zone-aliases:\n  IST: "+05:30"\n  CST: -0600\n' >"$T/za.yaml"
expect_status 0 "zone-aliases" "$LOGSCAN" config --config "$T/za.yaml"
expect_grep "$T/out" '^zone-aliases:$' "zone-aliases: a mapping"
expect_grep "$T/out" '^  IST: "\+05:30"$' "zone-aliases: IST"
expect_grep "$T/out" '^  CST: "-0600"$' "zone-aliases: CST"

# ---- flags win over the file, and say so
expect_status 0 "config with flags" "$LOGSCAN" config --config "$example" \
    --window-size=1M --io=read -j 3 --color=never
expect_grep "$T/out" '^  window-size: \{value: 1M, from: command line\}$' \
    "--window-size wins over the file"
expect_grep "$T/out" '^  io: \{value: read, from: command line\}$' "--io"
expect_grep "$T/out" '^  threads: \{value: 3, from: command line\}$' "-j"
expect_grep "$T/out" '^  color: \{value: never, from: command line\}$' \
    "--color"
expect_grep "$T/out" '^  timezone: \{value: utc, from: config\}$' \
    "what no flag gave still comes from the file"
expect_status 0 "global --color before config" "$LOGSCAN" --color=always \
    config --no-config
expect_grep "$T/out" '^  color: \{value: always, from: command line\}$' \
    "a global option reaches config"
expect_status 2 "config --window-size out of range" "$LOGSCAN" config \
    --no-config --window-size=2G
expect_grep "$T/err" "bad --window-size: size '2G' is out of range" \
    "the range is the table's"
finish
