#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "cliopt.h"
#include "opttab.h"
#include "conf.h"

static void
test_lines(void **state)
{
	char err[LS_ERRSZ];
	uint64_t a, b;

	(void)state;
	assert_int_equal(cli_parse_lines("10:20", &a, &b, err), 0);
	assert_int_equal(a, 10);
	assert_int_equal(b, 20);
	assert_int_equal(cli_parse_lines("5:", &a, &b, err), 0);
	assert_int_equal(a, 5);
	assert_true(b == UINT64_MAX);
	assert_int_equal(cli_parse_lines(":7", &a, &b, err), 0);
	assert_int_equal(a, 1);
	assert_int_equal(b, 7);
	assert_int_equal(cli_parse_lines("100:+10", &a, &b, err), 0);
	assert_int_equal(a, 100);
	assert_int_equal(b, 109);
	assert_int_equal(cli_parse_lines("3", &a, &b, err), 0);
	assert_int_equal(a, 3);
	assert_int_equal(b, 3);
	assert_int_equal(cli_parse_lines("3:3", &a, &b, err), 0);
	assert_int_equal(cli_parse_lines("2:+18446744073709551615", &a, &b,
	    err), 0);
	assert_true(b == UINT64_MAX);

	assert_int_equal(cli_parse_lines("20:10", &a, &b, err), -1);
	assert_non_null(strstr(err, "end comes before the start"));
	assert_int_equal(cli_parse_lines("0:10", &a, &b, err), -1);
	assert_non_null(strstr(err, "bad line range '0:10'"));
	assert_int_equal(cli_parse_lines(":", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("a:b", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("1:2:3", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("5:+0", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("-5:", &a, &b, err), -1);

	/* sed's forms: A,B; A,+N is N lines after A; A,$; B < A is A. */
	assert_int_equal(cli_parse_lines("5,7", &a, &b, err), 0);
	assert_int_equal(a, 5);
	assert_int_equal(b, 7);
	assert_int_equal(cli_parse_lines("5,+2", &a, &b, err), 0);
	assert_int_equal(a, 5);
	assert_int_equal(b, 7);
	assert_int_equal(cli_parse_lines("5,+0", &a, &b, err), 0);
	assert_int_equal(b, 5);
	assert_int_equal(cli_parse_lines("5,$", &a, &b, err), 0);
	assert_true(b == UINT64_MAX);
	assert_int_equal(cli_parse_lines("7,5", &a, &b, err), 0);
	assert_int_equal(a, 7);
	assert_int_equal(b, 7);
	assert_int_equal(cli_parse_lines("2,+18446744073709551615", &a, &b,
	    err), 0);
	assert_true(b == UINT64_MAX);
	assert_int_equal(cli_parse_lines(",5", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("5,", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("0,5", &a, &b, err), -1);
	assert_int_equal(cli_parse_lines("5,x", &a, &b, err), -1);
	assert_non_null(strstr(err, "sed's form"));
}

static void
test_lines_last(void **state)
{
	char err[LS_ERRSZ];
	uint64_t n = 0;

	(void)state;
	assert_int_equal(cli_parse_lines_last("-10:", &n, err), 1);
	assert_int_equal(n, 10);
	assert_int_equal(cli_parse_lines_last("-1:", &n, err), 1);
	assert_int_equal(n, 1);
	assert_int_equal(cli_parse_lines_last("10:", &n, err), 0);
	assert_int_equal(cli_parse_lines_last("5,7", &n, err), 0);
	assert_int_equal(cli_parse_lines_last("-0:", &n, err), -1);
	assert_non_null(strstr(err, "last N lines"));
	assert_int_equal(cli_parse_lines_last("-10", &n, err), -1);
	assert_int_equal(cli_parse_lines_last("-:", &n, err), -1);
	assert_int_equal(cli_parse_lines_last("-x:", &n, err), -1);
	assert_int_equal(cli_parse_lines_last("-3:5", &n, err), -1);
	assert_int_equal(cli_parse_lines_last("--3:", &n, err), -1);
}

static void
test_window_size(void **state)
{
	const struct opt_def *d = opttab_find(OPT_CMD_GREP, "window-size");
	char err[LS_ERRSZ];
	uint64_t v;
	long page = sysconf(_SC_PAGESIZE);

	(void)state;
	assert_int_equal(opttab_value(d, "64M", &v, err), 0);
	assert_int_equal(v, 64u << 20);
	assert_int_equal(opttab_value(d, "1G", &v, err), 0);
	assert_int_equal(opttab_value(d, "2G", &v, err), -1);
	assert_non_null(strstr(err, "bad --window-size"));
	assert_int_equal(opttab_value(d, "1", &v, err), -1);
	assert_int_equal(opttab_value(d, "x", &v, err), -1);
	assert_int_equal(opttab_value(d, page == 4096 ? "4k" : "64k", &v, err),
	                 0);
}

static void
test_enums(void **state)
{
	const struct opt_def *d = opttab_find(OPT_CMD_SLICE, "index");
	char err[LS_ERRSZ];
	uint64_t v;

	(void)state;
	assert_int_equal(opttab_value(d, "never", &v, err), 0);
	assert_int_equal(v, INDEX_NEVER);
	assert_int_equal(opttab_value(d, "auto", &v, err), 0);
	assert_int_equal(v, INDEX_AUTO);
	assert_int_equal(opttab_value(d, "always", &v, err), -1);
	assert_non_null(strstr(err, "expected auto or never"));
	d = opttab_find(OPT_CMD_GREP, "color");
	assert_int_equal(opttab_value(d, "always", &v, err), 0);
	assert_int_equal(v, COLOR_ALWAYS);
	assert_int_equal(opttab_value(d, "never", &v, err), 0);
	assert_int_equal(v, COLOR_NEVER);
	assert_int_equal(opttab_value(d, "sometimes", &v, err), -1);
}

static void
test_find(void **state)
{
	(void)state;
	assert_non_null(cli_find("grep"));
	assert_non_null(cli_find("slice"));
	assert_non_null(cli_find("index"));
	assert_non_null(cli_find("info"));
	assert_non_null(cli_find("formats"));
	assert_non_null(cli_find("help"));
	assert_null(cli_find("gre"));
	assert_null(cli_find(""));
}

/*
 * cliopt_parse() of the words of line, the first the command's name.  The
 * words live in a static buffer until the next call (o points into it).
 */
static int
parse(struct options *o, unsigned *set, const char *line)
{
	static char buf[256];
	char *argv[16], *w;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (w = strtok(buf, " "); w != NULL && argc < 15; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	options_init(o);
	*set = 0;
	optind = 0;
	opterr = 0;
	return cliopt_parse(argv[0], argc, argv, o, set, NULL, NULL, NULL);
}

static void
test_common_option(void **state)
{
	struct options o;
	unsigned set;

	(void)state;
	assert_int_equal(parse(&o, &set,
	                       "slice --lines 5:+2 --index=never --since -2h "
	                       "--stats"),
	                 CLIOPT_GO);
	assert_true(o.have_lines);
	assert_int_equal(o.line_from, 5);
	assert_int_equal(o.line_to, 6);
	assert_int_equal(o.index_mode, INDEX_NEVER);
	assert_true(set & CLI_SET_INDEX);
	assert_string_equal(o.since, "-2h");
	assert_true(o.stats);
	assert_int_equal(parse(&o, &set, "index --group-bytes=1M"), CLIOPT_GO);
	assert_int_equal(o.group_bytes, 1u << 20);
	assert_int_equal(parse(&o, &set, "index --group-lines 0"),
	                 EXIT_TROUBLE);
	assert_int_equal(o.group_lines, 0); /* untouched */
	assert_int_equal(parse(&o, &set, "slice --index-dir="), EXIT_TROUBLE);
	assert_null(o.index_dir);
	assert_int_equal(parse(&o, &set, "slice --window-size 1"),
	                 EXIT_TROUBLE);
	assert_int_equal(o.window_size, 0);
	/* An option of another command is unknown here. */
	assert_int_equal(parse(&o, &set, "info --group-lines=5"),
	                 EXIT_TROUBLE);
}

static void
test_closest(void **state)
{
	static const char *const opts[] = {"--ignore-case", "--index",
	                                   "--index-dir", "--invert-match",
	                                   "--since"};
	static const char *const cmds[] = {"grep", "slice", "index", "info",
	                                   "formats", "config", "help"};

	(void)state;
	assert_string_equal(cli_closest("--ignroe-case", opts, 5),
	                    "--ignore-case");
	assert_string_equal(cli_closest("--indx", opts, 5), "--index");
	assert_string_equal(cli_closest("--index-dri", opts, 5),
	                    "--index-dir");
	assert_string_equal(cli_closest("--sinse", opts, 5), "--since");
	assert_null(cli_closest("--frobnicate", opts, 5));
	assert_null(cli_closest("--xy", opts, 5));
	assert_string_equal(cli_closest("grp", cmds, 7), "grep");
	assert_string_equal(cli_closest("slise", cmds, 7), "slice");
	assert_string_equal(cli_closest("ifno", cmds, 7), "info");
	/* The nearest wins: one edit from info, two from index. */
	assert_string_equal(cli_closest("inxo", cmds, 7), "info");
	assert_null(cli_closest("frobnicate", cmds, 7));
	assert_null(cli_closest("", cmds, 7));
	assert_null(cli_closest("x", cmds, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_closest),
		cmocka_unit_test(test_lines_last),
		cmocka_unit_test(test_window_size),
		cmocka_unit_test(test_enums),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_common_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
