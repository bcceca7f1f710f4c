#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "color.h"

static void
test_defaults(void **state)
{
	palette *p = palette_open(NULL, NULL);

	(void)state;
	assert_string_equal(palette_start(p, COLOR_MS), "\33[01;31m\33[K");
	assert_string_equal(palette_start(p, COLOR_MC), "\33[01;31m\33[K");
	assert_string_equal(palette_start(p, COLOR_SL), "");
	assert_string_equal(palette_start(p, COLOR_CX), "");
	assert_string_equal(palette_start(p, COLOR_FN), "\33[35m\33[K");
	assert_string_equal(palette_start(p, COLOR_LN), "\33[32m\33[K");
	assert_string_equal(palette_start(p, COLOR_BN), "\33[32m\33[K");
	assert_string_equal(palette_start(p, COLOR_SE), "\33[36m\33[K");
	assert_string_equal(palette_end(p), "\33[m\33[K");
	assert_false(palette_rv(p));
	assert_false(palette_legacy_used(p));
	palette_free(p);
	palette_free(NULL);
}

static void
test_grep_colors(void **state)
{
	palette *p = palette_open(NULL, "ms=01;32:fn=:sl=1:cx=2:rv:ne:xx=5");

	(void)state;
	assert_string_equal(palette_start(p, COLOR_MS), "\33[01;32m");
	assert_string_equal(palette_start(p, COLOR_MC), "\33[01;31m");
	assert_string_equal(palette_start(p, COLOR_FN), "");
	assert_string_equal(palette_start(p, COLOR_SL), "\33[1m");
	assert_string_equal(palette_start(p, COLOR_CX), "\33[2m");
	assert_string_equal(palette_end(p), "\33[m");
	assert_true(palette_rv(p));
	palette_free(p);

	/* mt sets both; mc follows ms even without a value. */
	p = palette_open(NULL, "mt=34");
	assert_string_equal(palette_start(p, COLOR_MS), "\33[34m\33[K");
	assert_string_equal(palette_start(p, COLOR_MC), "\33[34m\33[K");
	palette_free(p);
	p = palette_open(NULL, "ms=33:mt");
	assert_string_equal(palette_start(p, COLOR_MC), "\33[33m\33[K");
	palette_free(p);
}

static void
test_malformed(void **state)
{
	/* Reading stops at the first bad entry; the ones before stay. */
	palette *p = palette_open(NULL, "ln=33:ms=1x:fn=34");

	(void)state;
	assert_string_equal(palette_start(p, COLOR_LN), "\33[33m\33[K");
	assert_string_equal(palette_start(p, COLOR_MS), "\33[01;31m\33[K");
	assert_string_equal(palette_start(p, COLOR_FN), "\33[35m\33[K");
	palette_free(p);
	p = palette_open(NULL, "=1:ln=33");
	assert_string_equal(palette_start(p, COLOR_LN), "\33[32m\33[K");
	palette_free(p);
	p = palette_open(NULL, "ln=3=3:fn=34");
	assert_string_equal(palette_start(p, COLOR_LN), "\33[32m\33[K");
	palette_free(p);
	p = palette_open(NULL, "");
	assert_string_equal(palette_start(p, COLOR_MS), "\33[01;31m\33[K");
	palette_free(p);
}

static void
test_legacy(void **state)
{
	palette *p = palette_open("01;32", NULL);

	(void)state;
	assert_string_equal(palette_start(p, COLOR_MS), "\33[01;32m\33[K");
	assert_string_equal(palette_start(p, COLOR_MC), "\33[01;32m\33[K");
	assert_true(palette_legacy_used(p));
	palette_free(p);
	/* GREP_COLORS wins; the warning stays while mc still comes from
	 * GREP_COLOR. */
	p = palette_open("01;32", "ms=34");
	assert_string_equal(palette_start(p, COLOR_MS), "\33[34m\33[K");
	assert_true(palette_legacy_used(p));
	palette_free(p);
	p = palette_open("01;32", "mt=34");
	assert_false(palette_legacy_used(p));
	palette_free(p);
	/* Anything but digits and ';' is ignored. */
	p = palette_open("1x", NULL);
	assert_string_equal(palette_start(p, COLOR_MS), "\33[01;31m\33[K");
	assert_false(palette_legacy_used(p));
	palette_free(p);
	p = palette_open("", NULL);
	assert_false(palette_legacy_used(p));
	palette_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_grep_colors),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_legacy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
