#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "progress.h"

#define GIB ((uint64_t)1 << 30)

static void
test_format(void **state)
{
	char buf[256];

	(void)state;
	/* A quarter of 4 GiB in 2 s: 512 MiB/s, 6 s left. */
	progress_format(buf, sizeof(buf), "app.log", GIB, 4 * GIB,
	                2000000000, 100);
	assert_string_equal(buf, "logscan: app.log [#######                       "
	                         "]  25% 1.0 GiB/4.0 GiB 512.0 MiB/s 0:06 left");
	assert_true(strlen(buf) <= 100);
	/* Narrow: the name is cut, the bar keeps 10 columns. */
	progress_format(buf, sizeof(buf), "a-very-long-name-of-a-log.log", 0,
	                1000, 0, 60);
	assert_true(strlen(buf) <= 60);
	assert_non_null(strstr(buf, "[          ]   0% 0 B/1000 B 0 B/s ?:?? left"));
	/* Done, and more than the total (a file that grew). */
	progress_format(buf, sizeof(buf), "x", 2000, 1000, 1000000000, 80);
	assert_non_null(strstr(buf, "] 100% 1000 B/1000 B"));
	assert_non_null(strstr(buf, "0:00 left"));
}

/* Not a terminal: no bar at all, and every call takes NULL. */
static void
test_not_a_tty(void **state)
{
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_null(progress_open(fds[1], "x", 100));
	progress_update(NULL, 5);
	progress_close(NULL);
	close(fds[0]);
	close(fds[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_not_a_tty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
