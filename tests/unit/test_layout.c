/*
 * test_layout.c - compiling user timestamp layouts and reading timestamps
 * by them: what each directive accepts, what it rejects, and the exact
 * message for each kind of bad layout.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "layout.h"
#include "util.h"

struct good {
	const char *layout;
	const char *text;
	size_t used; /* bytes the layout should consume */
	int year, month, day, hour, minute, second;
	uint32_t nsec;
	int has_offset;
	int32_t offset;
};

static const struct good goods[] = {
    /* the example: month.day without a year */
    {"%m.%d %H:%M:%S", "10.30 16:49:06] x", 14, 0, 10, 30, 16, 49, 6, 0, 0, 0},
    {"%Y-%m-%dT%H:%M:%S.%f%z", "2026-03-01T10:00:00.250+02:00", 29, 2026, 3, 1,
     10, 0, 0, 250000000, 1, 7200},
    {"%Y-%m-%d %H:%M:%S,%f", "2026-03-01 10:00:00,5", 21, 2026, 3, 1, 10, 0, 0,
     500000000, 0, 0},
    /* fraction digits past nanoseconds are read and dropped */
    {"%H:%M:%S.%f %d/%m", "23:59:59.1234567891 31/12", 25, 0, 12, 31, 23, 59,
     59, 123456789, 0, 0},
    {"%d/%b/%Y:%H:%M:%S %z", "01/Mar/2026:10:00:00 -0130", 26, 2026, 3, 1, 10,
     0, 0, 0, 1, -5400},
    {"%d/%b/%Y:%H:%M:%S %z", "01/mar/2026:10:00:00 +0000", 26, 2026, 3, 1, 10,
     0, 0, 0, 1, 0},
    {"%Y-%m-%d %H:%M%z", "2026-03-01 10:00Z", 17, 2026, 3, 1, 10, 0, 0, 0, 1,
     0},
    /* full names are consumed whole; the weekday is read, not checked */
    {"%a %b %e %H:%M:%S %Y", "Sunday March  1 10:00:00 2026", 29, 2026, 3, 1,
     10, 0, 0, 0, 0, 0},
    {"%a %b %e %H:%M:%S %Y", "Sun Mar 01 10:00:00 2026", 24, 2026, 3, 1, 10, 0,
     0, 0, 0, 0},
    {"%b %e %H:%M:%S", "Dec 31 23:59:60", 15, 0, 12, 31, 23, 59, 60, 0, 0, 0},
    /* compact: two-digit fields are read greedily, two digits at most */
    {"%y%m%d %H%M%S", "260301 100000", 13, 2026, 3, 1, 10, 0, 0, 0, 0, 0},
    {"%y%m%d-%H%M", "991231-2359", 11, 1999, 12, 31, 23, 59, 0, 0, 0, 0},
    {"%m/%d %H:%M", "3/1 9:05", 8, 0, 3, 1, 9, 5, 0, 0, 0, 0},
    {"%%%m %d %H %M%%", "%02 29 00 00%", 13, 0, 2, 29, 0, 0, 0, 0, 0, 0},
    {"%Y-%m-%d %H:%M", "2024-02-29 00:00", 16, 2024, 2, 29, 0, 0, 0, 0, 0, 0},
    /* epoch seconds are broken down in UTC */
    {"%s", "1772359200 rest", 10, 2026, 3, 1, 10, 0, 0, 0, 1, 0},
    {"%s.%f", "951782400.000123", 16, 2000, 2, 29, 0, 0, 0, 123000, 1, 0},
    {"t=%s", "t=0", 3, 1970, 1, 1, 0, 0, 0, 0, 1, 0},
    {"%s", "4102444799", 10, 2099, 12, 31, 23, 59, 59, 0, 1, 0},
    {"%s", "99999999999", 11, 5138, 11, 16, 9, 46, 39, 0, 1, 0},
};

static void
test_good(void **state)
{
	struct layout_time t;
	char err[LS_ERRSZ];
	layout *l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good *g = &goods[i];

		print_message("%s <- %s\n", g->layout, g->text);
		assert_int_equal(layout_compile(&l, g->layout, err), 0);
		assert_string_equal(layout_text(l), g->layout);
		assert_int_equal(layout_parse(l, g->text, strlen(g->text), &t),
		                 g->used);
		assert_int_equal(t.year, g->year);
		assert_int_equal(t.month, g->month);
		assert_int_equal(t.day, g->day);
		assert_int_equal(t.hour, g->hour);
		assert_int_equal(t.minute, g->minute);
		assert_int_equal(t.second, g->second);
		assert_int_equal(t.nsec, g->nsec);
		assert_int_equal(t.has_offset, g->has_offset);
		assert_int_equal(t.utc_offset, g->offset);
		assert_int_equal(layout_has_year(l), g->year != 0);
		assert_int_equal(layout_has_offset(l), g->has_offset);
		layout_close(l);
	}
}

struct bad_text {
	const char *layout;
	const char *text;
};

static const struct bad_text bad_texts[] = {
    {"%m.%d %H:%M:%S", "13.01 00:00:00"}, /* month 13 */
    {"%m.%d %H:%M:%S", "00.01 00:00:00"},
    {"%m.%d %H:%M:%S", "02.30 00:00:00"}, /* no 30 February */
    {"%m.%d %H:%M:%S", "04.31 00:00:00"},
    {"%m.%d %H:%M:%S", "01.01 24:00:00"},
    {"%m.%d %H:%M:%S", "01.01 00:60:00"},
    {"%m.%d %H:%M:%S", "01.01 00:00:61"},
    {"%m.%d %H:%M:%S", "01.01 00:00"},      /* text ends early */
    {"%m.%d %H:%M:%S", "01-01 00:00:00"},   /* literal differs */
    {"%Y-%m-%d %H:%M", "2023-02-29 00:00"}, /* not a leap year */
    {"%Y-%m-%d %H:%M", "1900-02-29 00:00"},
    {"%Y-%m-%d %H:%M", "226-03-01 00:00"},  /* %Y wants 4 digits */
    {"%Y-%m-%d %H:%M", "0000-03-01 00:00"}, /* no year 0 */
    {"%y%m%d %H%M", "6031 1000"},
    {"%b %d %H:%M", "Mat 01 10:00"},
    {"%b %d %H:%M", "Ma"},
    {"%a %b %d %H:%M", "Sum Mar 01 10:00"},
    {"%H:%M:%S.%f %d/%m", "10:00:00. 01/03"}, /* %f needs a digit */
    {"%d/%m %H:%M %z", "01/03 10:00 +2:00"},
    {"%d/%m %H:%M %z", "01/03 10:00 +24:00"},
    {"%d/%m %H:%M %z", "01/03 10:00 +02:60"},
    {"%d/%m %H:%M %z", "01/03 10:00 UTC"},
    {"%s", "x1"},
    {"%s", "123456789012"}, /* more digits than a sane epoch */
    {"%%%m %d %H %M", "02 29 00 00"},
};

static void
test_bad_text(void **state)
{
	struct layout_time t;
	char err[LS_ERRSZ];
	layout *l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_texts) / sizeof(bad_texts[0]); i++) {
		const struct bad_text *b = &bad_texts[i];

		print_message("%s <- %s\n", b->layout, b->text);
		assert_int_equal(layout_compile(&l, b->layout, err), 0);
		assert_int_equal(layout_parse(l, b->text, strlen(b->text), &t),
		                 0);
		layout_close(l);
	}
}

/* The length bounds the read: nothing past len is looked at. */
static void
test_length_bound(void **state)
{
	const char text[] = "10.30 16:49:06";
	struct layout_time t;
	char err[LS_ERRSZ];
	layout *l;

	(void)state;
	assert_int_equal(layout_compile(&l, "%m.%d %H:%M:%S", err), 0);
	assert_int_equal(layout_parse(l, text, sizeof(text) - 2, &t), 13);
	assert_int_equal(t.second, 0);
	assert_int_equal(layout_parse(l, text, 12, &t), 0);
	layout_close(l);

	assert_int_equal(layout_compile(&l, "%b %d %H:%M", err), 0);
	assert_int_equal(layout_parse(l, "Mar", 2, &t), 0);
	assert_int_equal(layout_parse(l, "March 1 1:00", 12, &t), 12);
	layout_close(l);
	layout_close(NULL);
}

struct bad_layout {
	const char *layout;
	const char *message;
};

static const struct bad_layout bad_layouts[] = {
    {"%m.%d %H:%Q", "unknown directive %Q at offset 9, expected one of %Y "
                    "%y %m %d %e %b %a %H %M %S %f %z %s %%"},
    {"%m.%d %H:%M %", "lone % at offset 12 at the end, expected a directive "
                      "letter or %% after it"},
    {"%m %d %H %M %\t", "unknown directive %\\x09 at offset 12, expected one "
                        "of %Y %y %m %d %e %b %a %H %M %S %f %z %s %%"},
    {"%m %d %H %M %b", "%b at offset 12 gives the month again (after %m at "
                       "offset 0), expected each field once"},
    {"%Y %m %d %H %M %y", "%y at offset 15 gives the year again (after %Y "
                          "at offset 0), expected each field once"},
    {"%m %d %H %M %M", "%M at offset 12 gives the minute again (after %M at "
                       "offset 9), expected each field once"},
    {"%H:%M:%S", "the layout cannot give a full time, it lacks a month (%m "
                 "or %b) and a day (%d or %e); expected a month, a day, %H and "
                 "%M, or else %s"},
    {"%Y-%m-%d",
     "the layout cannot give a full time, it lacks an hour "
     "(%H) and a minute (%M); expected a month, a day, %H and %M, or "
     "else %s"},
    {"",
     "the layout cannot give a full time, it lacks a month (%m or %b), "
     "a day (%d or %e), an hour (%H) and a minute (%M); expected a month, a "
     "day, %H and %M, or else %s"},
    {"%m %d %H %M.%f", "%f at offset 12 has no seconds to be a fraction of, "
                       "expected %S (or %s) in the layout"},
    {"%s %H", "%H at offset 3 cannot be combined with %s, expected only a "
              "fraction (%f) and literal text beside epoch seconds"},
    {"%Y %s", "%Y at offset 0 cannot be combined with %s, expected only a "
              "fraction (%f) and literal text beside epoch seconds"},
    {"%s %z", "%z at offset 3 cannot be combined with %s, expected only a "
              "fraction (%f) and literal text beside epoch seconds"},
};

static void
test_bad_layout(void **state)
{
	char err[LS_ERRSZ];
	layout *l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_layouts) / sizeof(bad_layouts[0]); i++) {
		print_message("%s\n", bad_layouts[i].layout);
		l = (layout *)&err; /* must be reset to NULL */
		assert_int_equal(layout_compile(&l, bad_layouts[i].layout, err),
		                 -1);
		assert_null(l);
		assert_string_equal(err, bad_layouts[i].message);
	}
}

/* Writing a time by a layout gives text that reads back as that time. */
static void
test_format(void **state)
{
	static const struct {
		const char *layout, *want;
	} cases[] = {
	    {"%m.%d %H:%M:%S", "03.01 10:00:00"},
	    {"%Y-%m-%dT%H:%M:%S.%f%z", "2026-03-01T10:00:00.250+01:00"},
	    {"%a %b %e %H:%M:%S %Y", "Sun Mar  1 10:00:00 2026"},
	    {"%d/%b/%Y:%H:%M:%S %z", "01/Mar/2026:10:00:00 +01:00"},
	    {"%y%m%d %H%M%S", "260301 100000"},
	    {"%s.%f", "1772355600.250"},
	    {"[%%] %H:%M %m/%d", "[%] 10:00 03/01"},
	};
	struct layout_time t = {2026, 3, 1, 10, 0, 0, 250000000, 1, 3600};
	struct layout_time back;
	char err[LS_ERRSZ], buf[64];
	layout *l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(layout_compile(&l, cases[i].layout, err), 0);
		layout_format(l, &t, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
		assert_int_equal(layout_parse(l, buf, strlen(buf), &back),
		                 strlen(buf));
		assert_int_equal(back.month, 3);
		assert_int_equal(back.day, 1);
		/* too small a buffer truncates, NUL-terminated */
		layout_format(l, &t, buf, 4);
		assert_int_equal(strlen(buf), 3);
		assert_memory_equal(buf, cases[i].want, 3);
		layout_close(l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_bad_text),
	    cmocka_unit_test(test_length_bound),
	    cmocka_unit_test(test_bad_layout),
	    cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
