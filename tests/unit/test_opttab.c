/*
 * test_opttab.c - the option table and what is made from it: values
 * checked against ranges and words, look-ups, the table's defaults agree
 * with the constants the code uses, no command gets one name or letter
 * twice, getopt's arrays and the help lines.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cliopt.h"
#include "conf.h"
#include "index.h"
#include "opttab.h"
#include "plan.h"
#include "util.h"
#include "window.h"

static const struct opt_def *
find(unsigned cmd, const char *name)
{
	const struct opt_def *d = opttab_find(cmd, name);

	if (d == NULL)
		fail_msg("no --%s", name);
	return d;
}

static void
test_numbers(void **state)
{
	const struct opt_def *d = find(OPT_CMD_INDEX, "group-lines");
	char err[LS_ERRSZ];
	uint64_t v;

	(void)state;
	assert_int_equal(opttab_value(d, "10", &v, err), 0);
	assert_int_equal(v, 10);
	assert_int_equal(opttab_value(d, "0", &v, err), -1);
	assert_string_equal(err, "bad --group-lines: '0' is out of range "
	                         "(1 to 4294967295)");
	assert_int_equal(opttab_value(d, "x", &v, err), -1);
	assert_non_null(strstr(err, "bad --group-lines: 'x'"));
	d = find(OPT_CMD_GREP, "threads");
	assert_int_equal(opttab_value(d, "1025", &v, err), -1);
	assert_non_null(strstr(err, "(1 to 1024)"));
}

static void
test_sizes(void **state)
{
	const struct opt_def *d = find(OPT_CMD_SLICE, "window-size");
	char err[LS_ERRSZ];
	uint64_t v;

	(void)state;
	assert_int_equal(opttab_value(d, "64M", &v, err), 0);
	assert_int_equal(v, (uint64_t)64 << 20);
	/* The least window is a page, known at run time. */
	assert_int_equal(opttab_min(d), (uint64_t)sysconf(_SC_PAGESIZE));
	assert_int_equal(opttab_value(d, "1", &v, err), -1);
	assert_non_null(strstr(err, "bad --window-size: "));
	assert_int_equal(opttab_value(d, "2G", &v, err), -1);
}

static void
test_words(void **state)
{
	const struct opt_def *d = find(OPT_CMD_GREP, "io");
	char err[LS_ERRSZ];
	uint64_t v;

	(void)state;
	assert_int_equal(opttab_value(d, "read", &v, err), 0);
	assert_int_equal(v, WINDOW_IO_READ);
	assert_int_equal(opttab_value(d, "fast", &v, err), -1);
	assert_string_equal(err,
	                    "bad --io value 'fast': expected auto, mmap or read");
	/* Colour: any letter case and grep's synonyms, not listed. */
	d = find(OPT_CMD_GREP, "colour");
	assert_int_equal(opttab_value(d, "ALWAYS", &v, err), 0);
	assert_int_equal(v, COLOR_ALWAYS);
	assert_int_equal(opttab_value(d, "if-tty", &v, err), 0);
	assert_int_equal(v, COLOR_AUTO);
	assert_int_equal(opttab_value(d, "sometimes", &v, err), -1);
	assert_string_equal(err, "bad --color value 'sometimes': expected "
	                         "auto, always or never");
	/* -d: a unique prefix, as grep allows; "re" is two words. */
	d = find(OPT_CMD_GREP, "directories");
	assert_int_equal(opttab_value(d, "rec", &v, err), 0);
	assert_int_equal(v, DIRS_RECURSE);
	assert_int_equal(opttab_value(d, "re", &v, err), -1);
	assert_int_equal(opttab_value(d, "s", &v, err), 0);
	assert_int_equal(v, DIRS_SKIP);
}

static void
test_lookups(void **state)
{
	(void)state;
	/* -h is help everywhere but in grep. */
	assert_int_equal(opttab_find_letter(OPT_CMD_SLICE, 'h')->id, OID_HELP);
	assert_int_equal(opttab_find_letter(OPT_CMD_GREP, 'h')->id,
	                 OID_NO_FILENAME);
	assert_int_equal(opttab_find_letter(OPT_CMD_GREP, 'q')->id, OID_QUIET);
	assert_int_equal(opttab_find_letter(OPT_CMD_INDEX, 'q')->id,
	                 OID_QUIET_NOTES);
	assert_null(opttab_find(OPT_CMD_INFO, "group-lines"));
	assert_null(opttab_find_letter(OPT_CMD_INFO, 'q'));
	assert_int_equal(opttab_find_key("index-wait")->id, OID_INDEX_WAIT);
	assert_null(opttab_find_key("nonsense"));
}

/* The defaults the table shows are the ones the code uses. */
static void
test_defaults(void **state)
{
	char buf[32];

	(void)state;
	conf_size_text(buf, sizeof(buf), WINDOW_DEFAULT_SIZE);
	assert_string_equal(opttab_find_key("window-size")->dflt, buf);
	conf_size_text(buf, sizeof(buf), INDEX_DEFAULT_GROUP_BYTES);
	assert_string_equal(opttab_find_key("group-bytes")->dflt, buf);
	snprintf(buf, sizeof(buf), "%llu",
	         (unsigned long long)INDEX_DEFAULT_GROUP_LINES);
	assert_string_equal(opttab_find_key("group-lines")->dflt, buf);
	snprintf(buf, sizeof(buf), "%ds", PLAN_INDEX_WAIT_MS / 1000);
	assert_string_equal(opttab_find_key("index-wait")->dflt, buf);
	assert_string_equal(opttab_find_key("color")->dflt,
	                    opttab_word(opttab_find_key("color"), COLOR_AUTO));
}

/* No command takes one long name or one letter from two entries. */
static void
test_unique(void **state)
{
	(void)state;
	for (unsigned bit = 1; bit <= OPT_CMD_GLOBAL; bit <<= 1)
		for (const struct opt_def *d = opttab; d->id != OID_COUNT_;
		     d++) {
			if (!(d->cmds & bit))
				continue;
			if (d->name != NULL && opttab_find(bit, d->name) != d)
				fail_msg("--%s twice for command bit %#x",
				         d->name, bit);
			for (const char *l = d->letters; l && *l; l++)
				if (opttab_find_letter(bit, *l) != d)
					fail_msg("-%c twice for bit %#x", *l,
					         bit);
			/* Every entry a command takes has help. */
			assert_non_null(d->help);
			assert_true(strchr(d->help, '\n') == NULL);
		}
}

static void
test_getopt_arrays(void **state)
{
	struct cliopt p;
	size_t n = 0;

	(void)state;
	cliopt_open(&p, "index", NULL, 0);
	assert_string_equal(p.shortopts, ":j:qh");
	for (const struct option *o = p.longopts; o->name; o++) {
		n++;
		if (strcmp(o->name, "group-bytes") == 0)
			assert_int_equal(o->has_arg, required_argument);
		if (strcmp(o->name, "force") == 0)
			assert_int_equal(o->has_arg, no_argument);
		assert_string_not_equal(o->name, "regexp");
	}
	assert_true(n >= 14);
	cliopt_close(&p);
	cliopt_open(&p, "grep", "0123456789", 0);
	assert_non_null(strstr(p.shortopts, "e:f:"));
	assert_non_null(strstr(p.shortopts, "0123456789"));
	cliopt_close(&p);
}

static void
test_help_lines(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	cliopt_help(f, "index", 0);
	fclose(f);
	assert_non_null(strstr(buf, "Options:\n"));
	assert_non_null(strstr(buf, "\n      --group-lines=N       close a "
	                            "group after N lines (default: 4096)\n"));
	assert_non_null(strstr(buf, "\n  -h, --help                print "
	                            "this help\n"));
	/* Nothing runs past 79 columns. */
	for (char *p = buf, *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		assert_true(nl - p <= 79);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_lookups),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_unique),
	    cmocka_unit_test(test_getopt_arrays),
	    cmocka_unit_test(test_help_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
