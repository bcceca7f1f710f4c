#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hist.h"

#define S INT64_C(1000000000)

static void
test_parse(void **state)
{
	char err[LS_ERRSZ], buf[32];
	int64_t w;

	(void)state;
	assert_int_equal(hist_parse_width("auto", &w, err), 0);
	assert_int_equal(w, 0);
	assert_int_equal(hist_parse_width("90s", &w, err), 0);
	assert_int_equal(w, 90 * S);
	assert_int_equal(hist_parse_width("5m", &w, err), 0);
	assert_int_equal(w, 300 * S);
	assert_int_equal(hist_parse_width("1d", &w, err), 0);
	assert_int_equal(w, 86400 * S);
	assert_string_equal(hist_width_name(w, buf), "1d");
	assert_string_equal(hist_width_name(90 * S, buf), "90s");
	assert_string_equal(hist_width_name(7200 * S, buf), "2h");
	assert_string_equal(hist_width_name(300 * S, buf), "5m");
	assert_int_equal(hist_parse_width("0m", &w, err), -1);
	assert_int_equal(hist_parse_width("-5m", &w, err), -1);
	assert_int_equal(hist_parse_width("5", &w, err), -1);
	assert_int_equal(hist_parse_width("5w", &w, err), -1);
	assert_int_equal(hist_parse_width("", &w, err), -1);
	assert_int_equal(hist_parse_width("99999999999999999999d", &w, err),
	                 -1);
	assert_non_null(strstr(err, "bad --by value"));
}

/* Fixed width: floor buckets (before the epoch too), empty ones between,
 * the range's edges. */
static void
test_fixed(void **state)
{
	char err[LS_ERRSZ];
	hist *h = hist_open(60 * S, -3600 * S, 3600 * S);
	int64_t start;
	uint64_t count;

	(void)state;
	assert_int_equal(hist_add(h, 30 * S, 2, err), 0);
	assert_int_equal(hist_add(h, -1, 1, err), 0);      /* bucket -60 s */
	assert_int_equal(hist_add(h, 179 * S, 1, err), 0); /* bucket 120 s */
	assert_int_equal(hist_add(h, 3600 * S, 5, err), 0); /* until: out */
	assert_int_equal(hist_add(h, -3601 * S, 5, err), 0); /* before */
	assert_int_equal(hist_nbuckets(h), 4);
	hist_bucket(h, 0, &start, &count);
	assert_true(start == -60 * S && count == 1);
	hist_bucket(h, 1, &start, &count);
	assert_true(start == 0 && count == 2);
	hist_bucket(h, 2, &start, &count);
	assert_true(start == 60 * S && count == 0);
	hist_bucket(h, 3, &start, &count);
	assert_true(start == 120 * S && count == 1);
	assert_int_equal(hist_total(h), 4);
	hist_close(h);
}

/* Automatic width: the narrowest rung that fits the span in 60 buckets,
 * the same whatever the order the times come in. */
static void
test_auto(void **state)
{
	char err[LS_ERRSZ];
	int64_t t[200];
	hist *a = hist_open(0, INT64_MIN, INT64_MAX);
	hist *b = hist_open(0, INT64_MIN, INT64_MAX);
	size_t i;

	(void)state;
	/* 200 times over 10 hours: 10m buckets (60 of them would be 5m
	 * too few: 120). */
	for (i = 0; i < 200; i++)
		t[i] = 1772323200 * S + (int64_t)i * 180 * S;
	for (i = 0; i < 200; i++) {
		assert_int_equal(hist_add(a, t[i], 1, err), 0);
		assert_int_equal(hist_add(b, t[199 - i], 1, err), 0);
	}
	assert_int_equal(hist_width(a), 600 * S);
	assert_int_equal(hist_width(b), 600 * S);
	assert_int_equal(hist_nbuckets(a), hist_nbuckets(b));
	for (i = 0; i < hist_nbuckets(a); i++) {
		int64_t sa, sb;
		uint64_t ca, cb;

		hist_bucket(a, i, &sa, &ca);
		hist_bucket(b, i, &sb, &cb);
		assert_true(sa == sb && ca == cb);
	}
	assert_int_equal(hist_total(a), 200);
	hist_close(a);
	hist_close(b);
	/* hist_expect widens up front. */
	a = hist_open(0, INT64_MIN, INT64_MAX);
	hist_expect(a, 0, 400 * 86400 * S);
	assert_int_equal(hist_width(a), 604800 * S);
	hist_close(a);
}

static void
test_too_many(void **state)
{
	char err[LS_ERRSZ];
	hist *h = hist_open(1 * S, INT64_MIN, INT64_MAX);

	(void)state;
	assert_int_equal(hist_add(h, 0, 1, err), 0);
	assert_int_equal(hist_add(h, 365 * 86400 * S, 1, err), -1);
	assert_non_null(strstr(err, "give a wider --by"));
	hist_close(h);
}

/* hist_lines: each line at its entry's time; none before the first. */
static void
test_lines(void **state)
{
	static const char log[] = "preamble\n"
	                          "2026-03-01T10:00:00Z a\n"
	                          "\tat trace\n"
	                          "2026-03-01T10:01:30Z b\n"
	                          "\tat more\n"
	                          "\tat more";
	char err[LS_ERRSZ];
	timefmt *tf;
	hist *h = hist_open(60 * S, INT64_MIN, INT64_MAX);
	struct hist_reader r;
	int64_t start;
	uint64_t count;

	(void)state;
	assert_int_equal(timefmt_open(&tf, NULL, err), 0);
	assert_int_equal(timefmt_force(tf, "iso8601", err), 0);
	memset(&r, 0, sizeof(r));
	r.h = h;
	r.tf = tf;
	r.fd = -1;
	r.eol = '\n';
	r.err = err;
	assert_int_equal(hist_lines(&r, log, sizeof(log) - 1, 0), 0);
	assert_int_equal(hist_nbuckets(h), 2);
	hist_bucket(h, 0, &start, &count);
	assert_int_equal(count, 2);
	hist_bucket(h, 1, &start, &count);
	assert_int_equal(count, 3);
	hist_close(h);
	timefmt_close(tf);
}

/* Two hists with the times split between them, merged, equal one that
 * counted them all: with the automatic width (each half widened to its
 * own rung), a fixed one, and a range whose edges cut buckets. */
static void
same_buckets(const hist *a, const hist *b)
{
	size_t i;

	assert_int_equal(hist_width(a), hist_width(b));
	assert_int_equal(hist_nbuckets(a), hist_nbuckets(b));
	assert_int_equal(hist_total(a), hist_total(b));
	for (i = 0; i < hist_nbuckets(a); i++) {
		int64_t sa, sb;
		uint64_t ca, cb;

		hist_bucket(a, i, &sa, &ca);
		hist_bucket(b, i, &sb, &cb);
		assert_int_equal(sa, sb);
		assert_int_equal(ca, cb);
	}
}

static void
test_merge(void **state)
{
	static const int64_t widths[] = {0, 60 * S};
	char err[LS_ERRSZ];
	size_t k;

	(void)state;
	for (k = 0; k < 2 * sizeof(widths) / sizeof(widths[0]); k++) {
		int64_t w = widths[k / 2];
		int64_t since = k % 2 ? 1000 * S + 30 * S : INT64_MIN;
		int64_t until = k % 2 ? 90000 * S + 7 * S : INT64_MAX;
		hist *one = hist_open(w, since, until);
		hist *a = hist_open(w, since, until);
		hist *b = hist_open(w, since, until);
		int64_t t;
		int i = 0;

		/* a: a few seconds apart (1s); b: a day's span (widens). */
		for (t = 1000 * S; t < 1100 * S; t += 3 * S, i++) {
			assert_int_equal(hist_add(one, t, 1, err), 0);
			assert_int_equal(hist_add(a, t, 1, err), 0);
		}
		for (t = 500 * S; t < 100000 * S; t += 997 * S, i++) {
			assert_int_equal(hist_add(one, t, 2, err), 0);
			assert_int_equal(hist_add(b, t, 2, err), 0);
		}
		assert_int_equal(hist_merge(a, b, err), 0);
		same_buckets(one, a);
		/* Merging the other way round gives the same. */
		hist_close(b);
		b = hist_open(w, since, until);
		for (t = 500 * S; t < 100000 * S; t += 997 * S)
			assert_int_equal(hist_add(b, t, 2, err), 0);
		{
			hist *c = hist_open(w, since, until);

			for (t = 1000 * S; t < 1100 * S; t += 3 * S)
				assert_int_equal(hist_add(c, t, 1, err), 0);
			assert_int_equal(hist_merge(b, c, err), 0);
			same_buckets(one, b);
			hist_close(c);
		}
		hist_close(one);
		hist_close(a);
		hist_close(b);
	}
}

/* A merge that would need too many buckets fails and changes nothing. */
static void
test_merge_too_many(void **state)
{
	char err[LS_ERRSZ];
	hist *a = hist_open(S, INT64_MIN, INT64_MAX);
	hist *b = hist_open(S, INT64_MIN, INT64_MAX);
	int64_t s;
	uint64_t c;

	(void)state;
	assert_int_equal(hist_add(a, 10 * S, 5, err), 0);
	assert_int_equal(hist_add(b, ((int64_t)HIST_MAX_BUCKETS + 20) * S, 1,
	                          err),
	                 0);
	assert_int_equal(hist_merge(a, b, err), -1);
	assert_non_null(strstr(err, "give a wider --by"));
	assert_int_equal(hist_nbuckets(a), 1);
	assert_int_equal(hist_total(a), 5);
	hist_bucket(a, 0, &s, &c);
	assert_int_equal(s, 10 * S);
	assert_int_equal(c, 5);
	hist_close(a);
	hist_close(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse), cmocka_unit_test(test_fixed),
	    cmocka_unit_test(test_auto),  cmocka_unit_test(test_too_many),
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_merge),
	    cmocka_unit_test(test_merge_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
