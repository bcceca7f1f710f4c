#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
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
	char err[LS_ERRSZ];
	size_t v;
	long page = sysconf(_SC_PAGESIZE);

	(void)state;
	assert_int_equal(cli_parse_window_size("64M", &v, err), 0);
	assert_int_equal(v, 64u << 20);
	assert_int_equal(cli_parse_window_size("1G", &v, err), 0);
	assert_int_equal(cli_parse_window_size("2G", &v, err), -1);
	assert_non_null(strstr(err, "bad window size"));
	assert_int_equal(cli_parse_window_size("1", &v, err), -1);
	assert_int_equal(cli_parse_window_size("x", &v, err), -1);
	assert_int_equal(cli_parse_window_size(page == 4096 ? "4k" : "64k",
	    &v, err), 0);
}

static void
test_enums(void **state)
{
	char err[LS_ERRSZ];
	enum index_mode im;
	enum color_mode cm;

	(void)state;
	assert_int_equal(cli_parse_index_mode("never", &im, err), 0);
	assert_int_equal(im, INDEX_NEVER);
	assert_int_equal(cli_parse_index_mode("auto", &im, err), 0);
	assert_int_equal(im, INDEX_AUTO);
	assert_int_equal(cli_parse_index_mode("always", &im, err), -1);
	assert_non_null(strstr(err, "expected auto or never"));
	assert_int_equal(cli_parse_color(NULL, &cm, err), 0);
	assert_int_equal(cm, COLOR_AUTO);
	assert_int_equal(cli_parse_color("always", &cm, err), 0);
	assert_int_equal(cm, COLOR_ALWAYS);
	assert_int_equal(cli_parse_color("never", &cm, err), 0);
	assert_int_equal(cm, COLOR_NEVER);
	assert_int_equal(cli_parse_color("sometimes", &cm, err), -1);
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

static void
test_common_option(void **state)
{
	struct options o;
	unsigned set = 0;
	char arg0[] = "slice";
	char *argv[] = {arg0, NULL};

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(cli_common_option("slice", CLI_OPT_LINES, "5:+2", &o,
	    &set, argv), 0);
	assert_true(o.have_lines);
	assert_int_equal(o.line_from, 5);
	assert_int_equal(o.line_to, 6);
	assert_int_equal(cli_common_option("slice", CLI_OPT_INDEX, "never", &o,
	    &set, argv), 0);
	assert_int_equal(o.index_mode, INDEX_NEVER);
	assert_true(set & CLI_SET_INDEX);
	assert_int_equal(cli_common_option("slice", CLI_OPT_SINCE, "-2h", &o,
	    &set, argv), 0);
	assert_string_equal(o.since, "-2h");
	assert_int_equal(cli_common_option("index", CLI_OPT_GROUP_BYTES, "1M",
	    &o, &set, argv), 0);
	assert_int_equal(o.group_bytes, 1u << 20);
	assert_int_equal(cli_common_option("index", CLI_OPT_GROUP_LINES, "0",
	    &o, &set, argv), EXIT_TROUBLE);
	assert_int_equal(o.group_lines, 0); /* untouched */
	assert_int_equal(cli_common_option("slice", CLI_OPT_INDEX_DIR, "", &o,
	    &set, argv), EXIT_TROUBLE);
	assert_null(o.index_dir);
	assert_int_equal(cli_common_option("slice", CLI_OPT_WINDOW_SIZE, "1",
	    &o, &set, argv), EXIT_TROUBLE);
	assert_int_equal(o.window_size, 0);
	assert_int_equal(cli_common_option("slice", CLI_OPT_STATS, NULL, &o,
	    &set, argv), 0);
	assert_true(o.stats);
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
