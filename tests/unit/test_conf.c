/*
 * test_conf.c - the configuration file: good configs and what they set,
 * bad ones with the exact line, column and message, where the file is
 * looked for, and the documented example (which must load, and must be
 * the same text as in the man page).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "conf.h"
#include "options.h"
#include "util.h"

static struct conf *
load_ok(const char *text)
{
	char err[LS_ERRSZ] = "";
	struct conf *c = NULL;

	if (conf_load_buffer("t.yaml", text, strlen(text), &c, err) != 0)
		fail_msg("config did not load: %s\n%s", err, text);
	assert_non_null(c);
	return c;
}

/* ---- good configs ----------------------------------------------------- */

static void
test_empty(void **state)
{
	static const char *const empties[] = {
	    "",
	    "# only a comment\n",
	    "---\n",
	    "~\n",
	    "defaults:\nformats:\n",
	    "defaults: {}\nformats: []\n",
	    "defaults:\n---\n...\n",
	};
	struct conf *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		c = load_ok(empties[i]);
		assert_string_equal(c->path, "t.yaml");
		assert_false(c->have_window_size || c->have_index_mode ||
		             c->have_group_lines || c->have_group_bytes ||
		             c->have_color);
		assert_null(c->index_dir);
		assert_null(c->timezone);
		assert_int_equal(c->nformats, 0);
		conf_free(c);
	}
	conf_free(NULL);
}

static void
test_defaults(void **state)
{
	struct conf *c;

	(void)state;
	c = load_ok("defaults:\n"
	            "  window-size: 8M\n"
	            "  index: never\n"
	            "  index-dir: /var/cache/ls\n"
	            "  group-lines: 100\n"
	            "  group-bytes: \"64KiB\"\n"
	            "  color: always\n"
	            "  timezone: Europe/Berlin\n");
	assert_true(c->have_window_size);
	assert_int_equal(c->window_size, 8 << 20);
	assert_true(c->have_index_mode);
	assert_int_equal(c->index_mode, INDEX_NEVER);
	assert_string_equal(c->index_dir, "/var/cache/ls");
	assert_true(c->have_group_lines);
	assert_int_equal(c->group_lines, 100);
	assert_true(c->have_group_bytes);
	assert_int_equal(c->group_bytes, 64 << 10);
	assert_true(c->have_color);
	assert_int_equal(c->color, COLOR_ALWAYS);
	assert_string_equal(c->timezone, "Europe/Berlin");
	assert_non_null(c->zone);
	conf_free(c);

	/* flow style says the same; only the given keys are set */
	c = load_ok("defaults: {color: never, index: auto, group-lines: 1}\n");
	assert_true(c->have_color);
	assert_int_equal(c->color, COLOR_NEVER);
	assert_true(c->have_index_mode);
	assert_int_equal(c->index_mode, INDEX_AUTO);
	assert_int_equal(c->group_lines, 1);
	assert_false(c->have_window_size || c->have_group_bytes);
	assert_null(c->timezone);
	assert_null(c->zone);
	conf_free(c);

	/* ~ is the home directory */
	setenv("HOME", "/home/ann", 1);
	c = load_ok("defaults:\n  index-dir: ~/.cache/logscan\n");
	assert_string_equal(c->index_dir, "/home/ann/.cache/logscan");
	conf_free(c);
	/* a bare ~ would be YAML's null, but means home here too */
	c = load_ok("defaults:\n  index-dir: \"~\"\n");
	assert_string_equal(c->index_dir, "/home/ann");
	conf_free(c);
	c = load_ok("defaults:\n  index-dir: ~\n");
	assert_string_equal(c->index_dir, "/home/ann");
	conf_free(c);
}

static void
test_formats(void **state)
{
	const struct conf_format *f;
	struct layout_time t;
	struct conf *c;

	(void)state;
	c = load_ok(
	    "formats:\n"
	    "  - name: proxy\n"
	    "    regex: '^\\[(\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d)\\]'\n"
	    "    layout: '%m.%d %H:%M:%S'\n"
	    "    timezone: local\n"
	    "\n"
	    "  - {name: Epoch5, regex: '^(\\S+) (?:\\S+ ){3}(?<ts>\\d+) ',\n"
	    "     layout: '%s'}\n");
	assert_int_equal(c->nformats, 2);

	f = &c->formats[0];
	assert_string_equal(f->name, "proxy");
	assert_string_equal(f->regex, "^\\[(\\d\\d\\.\\d\\d \\d\\d:\\d\\d:"
	                              "\\d\\d)\\]");
	assert_int_equal(f->group, 1);
	assert_string_equal(layout_text(f->layout), "%m.%d %H:%M:%S");
	assert_string_equal(f->timezone, "local");
	assert_non_null(f->zone);
	assert_int_equal(f->line, 2);
	assert_int_equal(layout_parse(f->layout, "10.30 16:49:06", 14, &t), 14);
	assert_int_equal(t.month, 10);

	/* a group named ts wins over the first group */
	f = &c->formats[1];
	assert_string_equal(f->name, "Epoch5");
	assert_int_equal(f->group, 2);
	assert_null(f->timezone);
	assert_null(f->zone);
	assert_int_equal(f->line, 7);

	/* names are case-insensitive, as for --time-format */
	assert_ptr_equal(conf_format_find(c, "epoch5"), &c->formats[1]);
	assert_ptr_equal(conf_format_find(c, "PROXY"), &c->formats[0]);
	assert_null(conf_format_find(c, "prox"));
	conf_free(c);
}

/* ---- bad configs ------------------------------------------------------ */

struct bad {
	const char *text;
	const char *err; /* after "t.yaml:" */
};

#define FMT_HEAD "formats:\n  - name: a\n"
#define EXPECT_REGEX                                                           \
	"expected a PCRE2 regex whose first group (or a group named ts) "      \
	"holds the timestamp"
#define EXPECT_ZONE "expected utc, local or an IANA name such as Europe/Berlin"
#define EXPECT_DEFAULTS                                                        \
	"expected one of color, index, index-dir, group-lines, group-bytes, "  \
	"window-size, io, threads, index-wait, index-notes, timezone"

static const struct bad bads[] = {
    /* YAML itself */
    {"defaults:\n  window-size: 1M\n   bad: x\n",
     "3:7: not valid YAML: mapping values are not allowed in this context"},
    {"defaults: {color: auto\n",
     "2:1: not valid YAML: did not find expected ',' or '}' (while "
     "parsing a flow mapping at line 1)"},
    {"defaults:\n\tcolor: auto\n",
     "2:1: not valid YAML: a tab, expected spaces (YAML indents with "
     "spaces only)"},
    {"defaults:\n  color: \xc3(\n",
     "2:11: not valid YAML: invalid trailing UTF-8 octet, expected UTF-8 "
     "text"},
    {"defaults: *x\n", "1:11: not valid YAML: found undefined alias"},
    {"defaults:\n  color: auto\n---\nformats:\n",
     "3:1: another YAML document, expected a single document"},
    /* shape */
    {"- defaults\n",
     "1:1: the file is a list, expected a mapping with defaults: and "
     "formats:"},
    {"defaults\n",
     "1:1: the file is a text value, expected a mapping with defaults: "
     "and formats:"},
    {"default:\n  color: auto\n",
     "1:1: unknown key 'default', expected defaults, formats or "
     "zone-aliases"},
    {"formats:\ndefaults:\nformats:\n",
     "3:1: duplicate key 'formats' (first at line 1), expected each key "
     "once"},
    {"defaults: [color]\n",
     "1:11: defaults is a list, expected a mapping of option names to "
     "values"},
    {"formats:\n  name: a\n",
     "2:3: formats is a mapping, expected a list of formats, each with "
     "name, regex and layout"},
    {"[a]: 1\n",
     "1:1: a key is a list, expected defaults, formats or zone-aliases"},
    /* zone-aliases */
    {"zone-aliases:\n  XST: \"+05:30\"\n",
     "2:3: 'XST' is not an ambiguous zone abbreviation, expected one of "
     "IST, CST, BST, AST, GST, SST, ECT"},
    {"zone-aliases:\n  IST: \"+05:30\"\n  IST: \"+01:00\"\n",
     "3:3: duplicate key 'IST' in zone-aliases, expected each key once"},
    {"zone-aliases:\n  CST: \"+25:00\"\n",
     "2:8: bad zone alias CST: '+25:00', expected an offset such as "
     "+05:30, -06:00 or UTC"},
    {"zone-aliases:\n  CST: \"-6\"\n",
     "2:8: bad zone alias CST: '-6', expected an offset such as +05:30, "
     "-06:00 or UTC"},
    {"zone-aliases:\n  CST: \"+05:3x\"\n",
     "2:8: bad zone alias CST: '+05:3x', expected an offset such as "
     "+05:30, -06:00 or UTC"},
    {"zone-aliases:\n  BST:\n",
     "2:7: zone alias BST has no value, expected an offset such as "
     "+05:30, -06:00 or UTC"},
    {"zone-aliases: [IST]\n",
     "1:15: zone-aliases is a list, expected a mapping such as "
     "'IST: \"+05:30\"'"},
    /* defaults: keys and values */
    {"defaults:\n  window-size: 1M\n  windowsize: 2M\n",
     "3:3: unknown key 'windowsize' in defaults, " EXPECT_DEFAULTS},
    {"defaults:\n  workers: 4\n",
     "2:3: unknown key 'workers' in defaults, " EXPECT_DEFAULTS},
    {"defaults:\n  threads: 0\n",
     "2:12: threads '0' is out of range, expected 1 to 1024"},
    {"defaults:\n  color: auto\n  index: auto\n  color: never\n",
     "4:3: duplicate key 'color' in defaults (first at line 2), expected "
     "each key once"},
    {"defaults:\n  window-size:\n",
     "2:15: window-size has no value, expected a size such as 64M"},
    {"defaults:\n  window-size: ''\n",
     "2:16: window-size is empty, expected a size such as 64M"},
    {"defaults:\n  window-size: [64M]\n",
     "2:16: window-size is a list, expected a size such as 64M"},
    {"defaults:\n  group-bytes: 0\n",
     "2:16: group-bytes '0' is out of range, expected 1 to 1T"},
    {"defaults:\n  group-bytes: 2T\n",
     "2:16: group-bytes '2T' is out of range, expected 1 to 1T"},
    {"defaults:\n  group-lines: 0\n",
     "2:16: group-lines '0' is out of range, expected 1 to 4294967295"},
    {"defaults:\n  group-lines: 99999999999999999999999\n",
     "2:16: group-lines '99999999999999999999999' is out of range, "
     "expected 1 to 4294967295"},
    {"defaults:\n  group-lines: 4k\n",
     "2:16: bad group-lines '4k', expected a whole number such as 4096 (1 "
     "to 4294967295)"},
    {"defaults:\n  group-lines: {n: 1}\n",
     "2:16: group-lines is a mapping, expected a whole number such as "
     "4096"},
    {"defaults:\n  index: yes\n",
     "2:10: bad index value 'yes', expected auto or never"},
    {"defaults:\n  color: \"Always\"\n",
     "2:10: bad color value 'Always', expected auto, always or never"},
    {"defaults:\n  color: \"au\\0to\"\n",
     "2:10: color contains a NUL character, expected auto, always or "
     "never"},
    {"defaults:\n  timezone: Mars/Olympus\n",
     "2:13: bad timezone: unknown time zone 'Mars/Olympus', " EXPECT_ZONE},
    {"defaults:\n  index-dir:\n",
     "2:13: index-dir has no value, expected a directory"},
    {"defaults:\n  timezone: null\n",
     "2:13: timezone has no value, " EXPECT_ZONE},
    {"defaults:\n  index-dir: ~ann/cache\n",
     "2:14: index-dir '~ann/cache' names another user's home, expected ~/ "
     "or a path without ~"},
    /* formats */
    {"formats:\n  - a\n",
     "2:5: a format is a text value, expected a mapping with name, regex "
     "and layout"},
    {"formats:\n  -\n  - name: a\n",
     "2:4: a format is empty, expected a mapping with name, regex and "
     "layout"},
    {FMT_HEAD "    regexp: (x)\n",
     "3:5: unknown key 'regexp' in a format, expected name, regex, layout "
     "or timezone"},
    {FMT_HEAD "    regex: (x)\n    layout: '%s'\n    name: b\n",
     "5:5: duplicate key 'name' in a format (first at line 2), expected "
     "each key once"},
    {"formats:\n  - regex: (x)\n    layout: '%s'\n",
     "2:5: a format has no name, expected name, regex and layout"},
    {FMT_HEAD "    layout: '%s'\n",
     "2:5: format 'a' has no regex, expected name, regex and layout"},
    {FMT_HEAD "    regex: (x)\n",
     "2:5: format 'a' has no layout, expected name, regex and layout"},
    {"formats:\n  - name: my format\n",
     "2:11: bad format name 'my format', expected letters, digits, '-', "
     "'_' and '.'"},
    {"formats:\n  - name: 42\n    regex: (x)\n    layout: '%s'\n"
     "  - name: '42'\n",
     "5:11: format name '42' is already used at line 2, expected a new "
     "name"},
    {"formats:\n  - name: RFC3164\n",
     "2:11: format name 'RFC3164' is a built-in format's, expected a new "
     "name"},
    {FMT_HEAD "    regex: (x)\n    layout: '%s'\n  - name: A\n",
     "5:11: format name 'A' is already used at line 2, expected a new "
     "name"},
    {FMT_HEAD "    regex: '^\\[(\\d+\\]'\n",
     "3:12: regex does not compile at offset 9: missing closing "
     "parenthesis, " EXPECT_REGEX},
    {FMT_HEAD "    regex: '[a-'\n",
     "3:12: regex does not compile at offset 3: missing terminating ] for "
     "character class, " EXPECT_REGEX},
    {FMT_HEAD "    regex: '^\\d+ '\n",
     "3:12: regex has no capture group, " EXPECT_REGEX},
    {FMT_HEAD "    regex: '^(?:\\d+) '\n",
     "3:12: regex has no capture group, " EXPECT_REGEX},
    {FMT_HEAD "    regex: (x)\n    layout: '%m.%d %H:%Q'\n",
     "4:13: bad layout: unknown directive %Q at offset 9, expected one of "
     "%Y %y %m %d %e %b %a %H %M %S %f %z %s %%"},
    {FMT_HEAD "    regex: (x)\n    layout: '%H:%M:%S'\n",
     "4:13: bad layout: the layout cannot give a full time, it lacks a "
     "month (%m or %b) and a day (%d or %e); expected a month, a day, %H "
     "and %M, or else %s"},
    {FMT_HEAD "    regex: (x)\n    layout: '%s %Y'\n",
     "4:13: bad layout: %Y at offset 3 cannot be combined with %s, "
     "expected only a fraction (%f) and literal text beside epoch "
     "seconds"},
    {FMT_HEAD "    regex: (x)\n    layout:\n",
     "4:12: layout has no value, expected a layout such as '%m.%d "
     "%H:%M:%S'"},
    {FMT_HEAD "    regex: (x)\n    layout: '%s'\n    timezone: Nowhere\n",
     "5:15: bad timezone: unknown time zone 'Nowhere', " EXPECT_ZONE},
};

static void
test_bad(void **state)
{
	char err[LS_ERRSZ], want[LS_ERRSZ];
	struct conf *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		print_message("%s---\n", bads[i].text);
		c = (struct conf *)&err; /* must be reset to NULL */
		assert_int_equal(conf_load_buffer("t.yaml", bads[i].text,
		                                  strlen(bads[i].text), &c,
		                                  err),
		                 -1);
		assert_null(c);
		snprintf(want, sizeof(want), "t.yaml:%s", bads[i].err);
		assert_string_equal(err, want);
	}
}

/* The window's lower bound is the page size, so the message depends on
 * the machine. */
/* zone-aliases: each abbreviation's offset, in file order. */
static void
test_zone_aliases(void **state)
{
	static const char text[] = "zone-aliases:\n"
	                           "  IST: \"+05:30\"\n"
	                           "  CST: -0600\n"
	                           "  BST: \"+01\"\n"
	                           "  AST: UTC\n";
	struct conf *c;
	char err[LS_ERRSZ];

	(void)state;
	assert_int_equal(conf_load_buffer("t.yaml", text, strlen(text), &c, err),
	                 0);
	assert_int_equal(c->naliases, 4);
	assert_string_equal(c->aliases[0].abbr, "IST");
	assert_int_equal(c->aliases[0].offset, 19800);
	assert_int_equal(c->aliases[0].line, 2);
	assert_string_equal(c->aliases[1].abbr, "CST");
	assert_int_equal(c->aliases[1].offset, -21600);
	assert_int_equal(c->aliases[2].offset, 3600);
	assert_int_equal(c->aliases[3].offset, 0);
	assert_string_equal(c->aliases[3].text, "UTC");
	conf_free(c);
}

static void
test_index_wait(void **state)
{
	static const struct {
		const char *value;
		uint64_t ms; /* UINT64_MAX: refused */
	} cases[] = {
	    {"2", 2000},          {"0", 0},          {"0.5", 500},
	    {"1.25s", 1250},      {"500ms", 500},    {"3600", 3600000},
	    {"3601", UINT64_MAX}, {"1.2345", UINT64_MAX},
	    {"1.5ms", UINT64_MAX}, {"", UINT64_MAX}, {"-1", UINT64_MAX},
	    {"2m", UINT64_MAX},   {"s", UINT64_MAX}, {"99999999999999999999", UINT64_MAX},
	};
	char text[96], err[LS_ERRSZ];
	struct conf *c;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "defaults:\n  index-wait: \"%s\"\n",
		         cases[i].value);
		if (cases[i].ms == UINT64_MAX) {
			assert_int_equal(conf_load_buffer("t.yaml", text,
			                                  strlen(text), &c, err),
			                 -1);
			assert_non_null(strstr(err, "index-wait"));
			continue;
		}
		assert_int_equal(
		    conf_load_buffer("t.yaml", text, strlen(text), &c, err), 0);
		assert_true(c->have_index_wait);
		assert_true(c->index_wait_ms == cases[i].ms);
		conf_free(c);
	}
}

static void
test_window_range(void **state)
{
	/* value, then the message around the page size in K */
	static const struct {
		const char *value, *before, *after;
	} cases[] = {
	    {"2G", "window-size '2G' is out of range, expected ", " to 1G"},
	    {"1K", "window-size '1K' is out of range, expected ", " to 1G"},
	    {"64Q", "bad window-size '64Q', expected a size such as 64M (",
	     " to 1G)"},
	    {"-1", "bad window-size '-1', expected a size such as 64M (",
	     " to 1G)"},
	};
	char text[64], err[LS_ERRSZ], want[LS_ERRSZ];
	long page = sysconf(_SC_PAGESIZE);
	struct conf *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "defaults:\n  window-size: %s\n",
		         cases[i].value);
		assert_int_equal(
		    conf_load_buffer("t.yaml", text, strlen(text), &c, err),
		    -1);
		snprintf(want, sizeof(want), "t.yaml:2:16: %s%ldK%s",
		         cases[i].before, page / 1024, cases[i].after);
		assert_string_equal(err, want);
	}

	c = load_ok("defaults:\n  window-size: 1G\n");
	assert_int_equal(c->window_size, 1 << 30);
	conf_free(c);
}

static void
test_home_unset(void **state)
{
	static const char text[] = "defaults:\n  index-dir: ~/x\n";
	char err[LS_ERRSZ];
	struct conf *c;

	(void)state;
	unsetenv("HOME");
	assert_int_equal(
	    conf_load_buffer("t.yaml", text, strlen(text), &c, err), -1);
	assert_string_equal(err, "t.yaml:2:14: index-dir '~/x' starts with ~ "
	                         "but HOME is not set, expected a path "
	                         "without ~");
}

/* ---- files ------------------------------------------------------------ */

static char tmpdir[] = "/tmp/test_conf.XXXXXX";

static int
setup_tmp(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown_tmp(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static void
test_load_file(void **state)
{
	char path[256], err[LS_ERRSZ], want[LS_ERRSZ];
	struct conf *c;
	FILE *fp;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/missing.yaml", tmpdir);
	assert_int_equal(conf_load(path, &c, err), -1);
	assert_null(c);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	assert_string_equal(err, want);

	assert_int_equal(conf_load(tmpdir, &c, err), -1);
	snprintf(want, sizeof(want), "%s: not a regular file", tmpdir);
	assert_string_equal(err, want);

	/* the name in messages is the path */
	snprintf(path, sizeof(path), "%s/bad.yaml", tmpdir);
	write_file(path, "defaults:\n  colour: auto\n");
	assert_int_equal(conf_load(path, &c, err), -1);
	snprintf(want, sizeof(want),
	         "%s:2:3: unknown key 'colour' in defaults, " EXPECT_DEFAULTS,
	         path);
	assert_string_equal(err, want);

	snprintf(path, sizeof(path), "%s/good.yaml", tmpdir);
	write_file(path, "defaults:\n  color: never\n");
	assert_int_equal(conf_load(path, &c, err), 0);
	assert_string_equal(c->path, path);
	assert_int_equal(c->color, COLOR_NEVER);
	conf_free(c);

	/* a log given by mistake is refused by size, not parsed */
	snprintf(path, sizeof(path), "%s/big.yaml", tmpdir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (i = 0; i < CONF_FILE_MAX / 16 + 1; i++)
		fputs("# 16 bytes line\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(conf_load(path, &c, err), -1);
	snprintf(want, sizeof(want),
	         "%s: larger than 1024K, expected a small YAML file", path);
	assert_string_equal(err, want);
}

static void
expect_find(const char *explicit, int want_rc, const char *want_path)
{
	char err[LS_ERRSZ], *path;

	assert_int_equal(conf_find(explicit, &path, err), want_rc);
	if (want_path == NULL) {
		assert_null(path);
	} else {
		assert_non_null(path);
		assert_string_equal(path, want_path);
	}
	free(path);
}

static void
test_find(void **state)
{
	char xdg[512], home[512], a[600], b[600], dir[600];

	(void)state;
	snprintf(xdg, sizeof(xdg), "%s/xdg", tmpdir);
	snprintf(home, sizeof(home), "%s/home", tmpdir);
	snprintf(a, sizeof(a), "%s/logscan/config.yaml", xdg);
	snprintf(b, sizeof(b), "%s/.config/logscan/config.yaml", home);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("HOME", home, 1);
	unsetenv("LOGSCAN_CONFIG");

	/* nothing anywhere is fine */
	expect_find(NULL, 0, NULL);

	/* ~/.config, then $XDG_CONFIG_HOME before it */
	snprintf(dir, sizeof(dir), "%s/.config", home);
	assert_int_equal(mkdir(home, 0700), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/.config/logscan", home);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(b, "");
	expect_find(NULL, 1, b);
	assert_int_equal(mkdir(xdg, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/logscan", xdg);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(a, "");
	expect_find(NULL, 1, a);

	/* a relative XDG_CONFIG_HOME is ignored, as the XDG rules say */
	setenv("XDG_CONFIG_HOME", "relative", 1);
	expect_find(NULL, 1, b);
	setenv("XDG_CONFIG_HOME", xdg, 1);

	/* $LOGSCAN_CONFIG and --config are taken as given, even when the
	 * file is missing: the load then says so */
	setenv("LOGSCAN_CONFIG", "/no/such.yaml", 1);
	expect_find(NULL, 1, "/no/such.yaml");
	expect_find("cli.yaml", 1, "cli.yaml");
	setenv("LOGSCAN_CONFIG", "", 1);
	expect_find(NULL, 1, a);
	unsetenv("LOGSCAN_CONFIG");

	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	expect_find(NULL, 0, NULL);
}

/* ---- applying --------------------------------------------------------- */

static void
test_apply(void **state)
{
	struct options o;
	struct conf *c;

	(void)state;
	memset(&o, 0, sizeof(o));
	c = load_ok("defaults:\n  color: always\n  group-lines: 7\n");
	cli_conf_apply(c, &o, 0);
	assert_int_equal(o.color, COLOR_ALWAYS);
	assert_int_equal(o.group_lines, 7);
	/* what the config does not give stays as it was */
	assert_int_equal(o.window_size, 0);
	assert_int_equal(o.index_mode, INDEX_AUTO);
	assert_null(o.index_dir);
	assert_int_equal(o.group_bytes, 0);

	/* --color=auto given: it wins although it is the unset value */
	memset(&o, 0, sizeof(o));
	cli_conf_apply(c, &o, CLI_SET_COLOR);
	assert_int_equal(o.color, COLOR_AUTO);
	assert_int_equal(o.group_lines, 7);
	conf_free(c);

	c = load_ok("defaults:\n  window-size: 1M\n  index: never\n"
	            "  index-dir: /i\n  group-lines: 9\n  group-bytes: 8K\n");
	memset(&o, 0, sizeof(o));
	cli_conf_apply(c, &o, 0);
	assert_int_equal(o.window_size, 1 << 20);
	assert_int_equal(o.index_mode, INDEX_NEVER);
	assert_string_equal(o.index_dir, "/i");
	assert_int_equal(o.group_bytes, 8192);
	assert_int_equal(o.color, COLOR_AUTO);

	/* every flag given on the command line beats the config */
	memset(&o, 0, sizeof(o));
	o.window_size = 4096;
	o.index_dir = "/cli";
	o.group_lines = 1;
	o.group_bytes = 2;
	o.index_mode = INDEX_AUTO;
	cli_conf_apply(c, &o, CLI_SET_INDEX);
	assert_int_equal(o.window_size, 4096);
	assert_string_equal(o.index_dir, "/cli");
	assert_int_equal(o.group_lines, 1);
	assert_int_equal(o.group_bytes, 2);
	assert_int_equal(o.index_mode, INDEX_AUTO);
	conf_free(c);
}

static void
test_layer(void **state)
{
	char path[256], err[LS_ERRSZ], want[LS_ERRSZ];
	struct options o;
	struct conf *c;

	(void)state;
	snprintf(path, sizeof(path), "%s/layer.yaml", tmpdir);
	write_file(path, "defaults:\n  group-lines: 5\n  timezone: "
	                 "Europe/Berlin\n");

	memset(&o, 0, sizeof(o));
	o.config_path = path;
	assert_int_equal(cli_conf_layer(&o, 0, &c, err), 0);
	assert_non_null(c);
	assert_int_equal(o.group_lines, 5);
	assert_string_equal(conf_zone_name(c, o.utc), "Europe/Berlin");
	o.utc = 1; /* --utc wins over the config's zone */
	assert_string_equal(conf_zone_name(c, o.utc), "utc");
	conf_free(c);
	o.utc = 0;
	assert_string_equal(conf_zone_name(NULL, o.utc), "local");

	/* --no-config: nothing is read, not even a named file */
	memset(&o, 0, sizeof(o));
	o.config_path = "/no/such.yaml";
	o.no_config = 1;
	c = (struct conf *)&err;
	assert_int_equal(cli_conf_layer(&o, 0, &c, err), 0);
	assert_null(c);
	assert_int_equal(o.group_lines, 0);

	/* a named file that is missing is an error */
	o.no_config = 0;
	assert_int_equal(cli_conf_layer(&o, 0, &c, err), -1);
	assert_null(c);
	assert_string_equal(err, "/no/such.yaml: config file (given with "
	                         "--config): No such file or directory");

	/* no config anywhere is fine */
	memset(&o, 0, sizeof(o));
	setenv("HOME", tmpdir, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("LOGSCAN_CONFIG");
	assert_int_equal(cli_conf_layer(&o, 0, &c, err), 0);
	assert_null(c);

	/* $LOGSCAN_CONFIG is found, and its errors name it */
	snprintf(path, sizeof(path), "%s/env.yaml", tmpdir);
	write_file(path, "defaults:\n  group-lines: many\n");
	setenv("LOGSCAN_CONFIG", path, 1);
	assert_int_equal(cli_conf_layer(&o, 0, &c, err), -1);
	snprintf(
	    want, sizeof(want),
	    "%s:2:16: bad group-lines 'many', expected a whole number such "
	    "as 4096 (1 to 4294967295)",
	    path);
	assert_string_equal(err, want);
	unsetenv("LOGSCAN_CONFIG");
}

/* ---- the documented example ------------------------------------------- */

static char *
slurp(const char *path)
{
	char *buf = xmalloc(1 << 16);
	size_t n;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

static const char *
srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL ? s : ".";
}

/*
 * The literal display after the marker comment in the man page, with the
 * roff escapes it needs (\e for a backslash, \& before a leading dot)
 * undone.
 */
static char *
man_example(const char *page)
{
	static const char marker[] = ".\\\" BEGIN EXAMPLE\n.Bd -literal\n";
	const char *p = strstr(page, marker), *end;
	char *out, *o;

	if (p == NULL)
		fail_msg("no example marker in the man page");
	p += strlen(marker);
	end = strstr(p, "\n.Ed\n");
	if (end == NULL)
		fail_msg("the man page's example has no .Ed");
	end++;
	out = o = xmalloc((size_t)(end - p) + 1);
	while (p < end) {
		if (p[0] == '\\' && p[1] == 'e') {
			*o++ = '\\';
			p += 2;
		} else if (p[0] == '\\' && p[1] == '&') {
			p += 2;
		} else if (p[0] == '\\') {
			fail_msg("unexpected roff escape in the example: %.8s",
			         p);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static void
test_example(void **state)
{
	char path[1024], err[LS_ERRSZ];
	const struct conf_format *f;
	struct layout_time t;
	char *file, *page, *ex;
	struct conf *c;

	(void)state;
	snprintf(path, sizeof(path), "%s/testdata/config/example.yaml",
	         srcdir());
	file = slurp(path);
	snprintf(path, sizeof(path), "%s/man/logscan.conf.5", srcdir());
	page = slurp(path);
	ex = man_example(page);
	assert_string_equal(ex, file);

	setenv("HOME", "/home/ann", 1);
	snprintf(path, sizeof(path), "%s/testdata/config/example.yaml",
	         srcdir());
	if (conf_load(path, &c, err) != 0)
		fail_msg("%s", err);
	assert_int_equal(c->window_size, 64 << 20);
	assert_int_equal(c->index_mode, INDEX_AUTO);
	assert_string_equal(c->index_dir, "/home/ann/.cache/logscan");
	assert_int_equal(c->group_lines, 4096);
	assert_int_equal(c->group_bytes, 1 << 20);
	assert_int_equal(c->color, COLOR_AUTO);
	assert_string_equal(c->timezone, "utc");
	assert_int_equal(c->nformats, 3);

	/* each format reads the sample line its comment shows */
	f = conf_format_find(c, "proxy");
	assert_non_null(f);
	assert_int_equal(layout_parse(f->layout, "10.30 16:49:06", 14, &t), 14);
	f = conf_format_find(c, "batch");
	assert_non_null(f);
	assert_int_equal(f->group, 1);
	assert_int_equal(layout_parse(f->layout, "1772359200.250", 14, &t), 14);
	assert_int_equal(t.nsec, 250000000);
	f = conf_format_find(c, "gateway");
	assert_non_null(f);
	assert_string_equal(f->timezone, "Europe/Berlin");
	assert_int_equal(
	    layout_parse(f->layout, "01-Mar-2026 10:00:00.250", 24, &t), 24);
	conf_free(c);
	free(ex);
	free(page);
	free(file);
}

static void
test_index_notes(void **state)
{
	static const char yes[] = "defaults:\n  index-notes: true\n";
	static const char no[] = "defaults:\n  index-notes: false\n";
	static const char bad[] = "defaults:\n  index-notes: yes\n";
	char err[LS_ERRSZ];
	struct options o;
	struct conf *c;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(conf_load_buffer("t", yes, strlen(yes), &c, err), 0);
	assert_true(c->have_index_notes && c->index_notes);
	cli_conf_apply(c, &o, 0);
	assert_int_equal(o.quiet_notes, 0);
	conf_free(c);
	assert_int_equal(conf_load_buffer("t", no, strlen(no), &c, err), 0);
	assert_true(c->have_index_notes && !c->index_notes);
	cli_conf_apply(c, &o, 0);
	assert_int_equal(o.quiet_notes, 1);
	conf_free(c);
	assert_int_equal(conf_load_buffer("t", bad, strlen(bad), &c, err), -1);
	assert_string_equal(err, "t:2:16: bad index-notes value 'yes', "
	                         "expected true or false");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_formats),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_window_range),
	    cmocka_unit_test(test_index_wait),
	    cmocka_unit_test(test_zone_aliases),
	    cmocka_unit_test(test_home_unset),
	    cmocka_unit_test(test_load_file),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_apply),
	    cmocka_unit_test(test_layer),
	    cmocka_unit_test(test_example),
	    cmocka_unit_test(test_index_notes),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
