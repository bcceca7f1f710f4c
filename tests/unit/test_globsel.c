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

#include "globsel.h"
#include "util.h"

static void
test_empty(void **state)
{
	globsel *g = globsel_new();

	(void)state;
	assert_false(globsel_skip_file(g, "a.log", 0));
	assert_false(globsel_skip_dir(g, "d", 1));
	globsel_free(g);
	globsel_free(NULL);
}

static void
test_include_exclude(void **state)
{
	globsel *g = globsel_new();

	(void)state;
	globsel_add(g, "a*", GLOBSEL_EXCLUDE);
	globsel_add(g, "*.log", GLOBSEL_INCLUDE);
	/* The last match decides. */
	assert_false(globsel_skip_file(g, "a.log", 0));
	assert_true(globsel_skip_file(g, "a.txt", 0));
	/* No match: searched, as the first glob is an --exclude. */
	assert_false(globsel_skip_file(g, "b.txt", 0));
	globsel_free(g);

	g = globsel_new();
	globsel_add(g, "*.log", GLOBSEL_INCLUDE);
	globsel_add(g, "b*", GLOBSEL_EXCLUDE);
	assert_true(globsel_skip_file(g, "c.txt", 0));
	assert_true(globsel_skip_file(g, "b.log", 0));
	assert_false(globsel_skip_file(g, "c.log", 0));
	/* '*' matches '/' and a leading '.'. */
	assert_false(globsel_skip_file(g, ".x/y.log", 0));
	globsel_free(g);
}

static void
test_command_line(void **state)
{
	globsel *g = globsel_new();

	(void)state;
	globsel_add(g, "a.log", GLOBSEL_EXCLUDE);
	globsel_add(g, "t", GLOBSEL_EXCLUDE_DIR);
	/* Below a directory only the base name is given and matched. */
	assert_false(globsel_skip_file(g, "x/a.log", 0));
	/* Given by the user, any part after a '/' is matched too. */
	assert_true(globsel_skip_file(g, "x/a.log", 1));
	assert_true(globsel_skip_file(g, "./x//a.log", 1));
	assert_false(globsel_skip_file(g, "x/ba.log", 1));
	assert_true(globsel_skip_dir(g, "t", 1));
	assert_true(globsel_skip_dir(g, "../t", 1));
	assert_false(globsel_skip_dir(g, "t/", 1));
	assert_false(globsel_skip_dir(g, "tt", 0));
	globsel_free(g);

	g = globsel_new();
	globsel_add(g, "d//", GLOBSEL_EXCLUDE_DIR);
	assert_true(globsel_skip_dir(g, "d", 0));
	globsel_free(g);
}

static void
test_from_file(void **state)
{
	char path[] = "/tmp/test_globsel.XXXXXX";
	char err[LS_ERRSZ];
	globsel *g = globsel_new();
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("a.log\n  \n*.txt \t\n\n", f);
	fclose(f);
	assert_int_equal(globsel_add_file(g, path, err), 0);
	assert_true(globsel_skip_file(g, "a.log", 0));
	assert_true(globsel_skip_file(g, "b.txt", 0));
	assert_false(globsel_skip_file(g, "b.log", 0));
	assert_false(globsel_skip_file(g, "", 0));
	unlink(path);
	assert_int_equal(globsel_add_file(g, path, err), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	globsel_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_include_exclude),
		cmocka_unit_test(test_command_line),
		cmocka_unit_test(test_from_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
