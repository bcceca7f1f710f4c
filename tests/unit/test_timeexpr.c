/*
 * test_timeexpr.c - --since/--until expressions against fixed "now"
 * values, in UTC and in zones with daylight saving time.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "timeexpr.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#define NS INT64_C(1000000000)

static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	return (timefmt_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	        s) *
	       NS;
}

/* "now" for most tests: 2026-03-01T12:34:56.789Z, a Sunday. */
#define NOW (utc(2026, 3, 1, 12, 34, 56) + 789000000)

static void
expect(const char *s, const tz *z, int64_t now, const int64_t *base,
       int64_t want)
{
	char err[LS_ERRSZ] = "";
	int64_t got = 0;

	if (timeexpr_parse(s, now, z, base, &got, err) != 0)
		fail_msg("'%s' failed: %s", s, err);
	if (got != want)
		fail_msg("'%s' gave %lld, want %lld (off by %lld s)", s,
		         (long long)got, (long long)want,
		         (long long)((got - want) / NS));
}

/* Must fail with "bad time 'S': ..." mentioning `hint`. */
static void
expect_bad(const char *s, const int64_t *base, const char *hint)
{
	char err[LS_ERRSZ] = "", prefix[LS_ERRSZ];
	int64_t got;

	if (timeexpr_parse(s, NOW, NULL, base, &got, err) == 0)
		fail_msg("'%s' should fail, gave %lld", s, (long long)got);
	snprintf(prefix, sizeof(prefix), "bad time '%s': ", s);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		fail_msg("'%s': message '%s' lacks the prefix", s, err);
	if (strstr(err, hint) == NULL)
		fail_msg("'%s': message '%s' lacks '%s'", s, err, hint);
}

static void
test_absolute_utc(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect("2026-03-01", NULL, NOW, NULL, utc(2026, 3, 1, 0, 0, 0));
	expect("2026-03-01 10:00", NULL, NOW, NULL, t);
	expect("2026-03-01T10:00", NULL, NOW, NULL, t);
	expect("2026-03-01 10:00:00", NULL, NOW, NULL, t);
	expect("2026-03-01 10:00:00.250", NULL, NOW, NULL, t + 250000000);
	expect("2026-03-01 10:00:00,5", NULL, NOW, NULL, t + NS / 2);
	expect("2026-03-01T10:00:00.250+02:00", NULL, NOW, NULL,
	       t - 2 * 3600 * NS + 250000000);
	expect("2026-03-01T10:00:00+0200", NULL, NOW, NULL, t - 2 * 3600 * NS);
	expect("2026-03-01T10:00-05", NULL, NOW, NULL, t + 5 * 3600 * NS);
	expect("2026-03-01T10:00Z", NULL, NOW, NULL, t);
	/* a blank before the offset, as logs write it */
	expect("2026-03-01 10:00 +02:00", NULL, NOW, NULL, t - 2 * 3600 * NS);
	expect("2026-03-01 10:00:00 -0500", NULL, NOW, NULL, t + 5 * 3600 * NS);
	expect("2026-03-01 10:00 UTC", NULL, NOW, NULL, t);
	expect("  2026-03-01   10:00  ", NULL, NOW, NULL, t);
	expect("2024-02-29", NULL, NOW, NULL, utc(2024, 2, 29, 0, 0, 0));
	expect("1970-01-01", NULL, NOW, NULL, 0);
	expect("@1772359200", NULL, NOW, NULL, t);
	expect("@1772359200.5", NULL, NOW, NULL, t + NS / 2);
}

static void
test_relative_utc(void **state)
{
	const int64_t base = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect("now", NULL, NOW, NULL, NOW);
	expect("NOW", NULL, NOW, NULL, NOW);
	expect("today", NULL, NOW, NULL, utc(2026, 3, 1, 0, 0, 0));
	expect("yesterday", NULL, NOW, NULL, utc(2026, 2, 28, 0, 0, 0));
	expect("tomorrow", NULL, NOW, NULL, utc(2026, 3, 2, 0, 0, 0));
	expect("yesterday 22:00", NULL, NOW, NULL, utc(2026, 2, 28, 22, 0, 0));
	expect("today 10:00:30.5", NULL, NOW, NULL,
	       utc(2026, 3, 1, 10, 0, 30) + NS / 2);
	expect("10:00", NULL, NOW, NULL, utc(2026, 3, 1, 10, 0, 0));
	expect("9:05", NULL, NOW, NULL, utc(2026, 3, 1, 9, 5, 0));
	/* A time later than now is still today. */
	expect("23:59:59", NULL, NOW, NULL, utc(2026, 3, 1, 23, 59, 59));
	expect("10:00+01:00", NULL, NOW, NULL, utc(2026, 3, 1, 9, 0, 0));
	expect("10:00 +01:00", NULL, NOW, NULL, utc(2026, 3, 1, 9, 0, 0));
	expect("12 hours ago", NULL, NOW, NULL, NOW - 12 * 3600 * NS);
	expect("-2h", NULL, NOW, NULL, NOW - 2 * 3600 * NS);
	expect("-90m", NULL, NOW, NULL, NOW - 90 * 60 * NS);
	expect("-1h30m", NULL, NOW, NULL, NOW - 90 * 60 * NS);
	expect("-45s", NULL, NOW, NULL, NOW - 45 * NS);
	expect("90m ago", NULL, NOW, NULL, NOW - 90 * 60 * NS);
	expect("2 days ago", NULL, NOW, NULL, NOW - 2 * 86400 * NS);
	expect("1 day ago", NULL, NOW, NULL, NOW - 86400 * NS);
	expect("1 week ago", NULL, NOW, NULL, NOW - 7 * 86400 * NS);
	expect("1h 30 min ago", NULL, NOW, NULL, NOW - 90 * 60 * NS);
	expect("3 hours AGO", NULL, NOW, NULL, NOW - 3 * 3600 * NS);
	expect("+15m", NULL, NOW, &base, base + 15 * 60 * NS);
	expect("+1 hour", NULL, NOW, &base, base + 3600 * NS);
	expect("+2d", NULL, NOW, &base, base + 2 * 86400 * NS);
	/* Midnight just before the epoch, where division must floor. */
	expect("today", NULL, -1, NULL, -86400 * NS);
}

static void
test_bad_expressions(void **state)
{
	(void)state;
	expect_bad("", NULL, "expected");
	expect_bad("   ", NULL, "expected");
	expect_bad("soon", NULL, "expected");
	expect_bad("nowish", NULL, "expected");
	expect_bad("now now", NULL, "expected");
	expect_bad("2026-02-29", NULL, "no such day");
	expect_bad("2026-04-31 10:00", NULL, "no such day");
	expect_bad("2026-13-01", NULL, "month");
	expect_bad("2026-3-01", NULL, "two-digit month");
	expect_bad("2026-03-1", NULL, "two-digit day");
	expect_bad("2026-03-01T", NULL, "HH:MM");
	expect_bad("2026-03-01 24:00", NULL, "hour");
	expect_bad("2026-03-01 10:60", NULL, "minute");
	expect_bad("2026-03-01 10:00:61", NULL, "second");
	expect_bad("2026-03-01 10:0", NULL, "minutes");
	expect_bad("2026-03-01 10:00:00.", NULL, "digits");
	expect_bad("2026-03-01 10:00 junk", NULL, "expected");
	expect_bad("2026-03-01 10:00+2", NULL, "zone");
	expect_bad("2026-03-01 10:00+25:00", NULL, "zone");
	expect_bad("25:00", NULL, "hour");
	expect_bad("10:0a", NULL, "minutes");
	expect_bad("-2x", NULL, "unit");
	expect_bad("-", NULL, "duration");
	expect_bad("-h", NULL, "duration");
	expect_bad("2 days", NULL, "ago");
	expect_bad("90m", NULL, "ago");
	expect_bad("+15m", NULL, "--since");
	expect_bad("-99999999999999999999h", NULL, "too long");
	expect_bad("@", NULL, "Unix seconds");
	expect_bad("@123x", NULL, "expected");
	expect_bad("2300-01-01", NULL, "range");
	/* what people try, answered with what to write instead */
	expect_bad("2026", NULL, "a year alone is not a time");
	expect_bad("20260301", NULL, "date with dashes, such as 2026-03-01");
	expect_bad("10am", NULL, "24-hour time");
	expect_bad("10 PM", NULL, "24-hour time");
	expect_bad("@1772359200000", NULL, "not milliseconds");
	expect_bad("@17723592000000", NULL, "Unix seconds after '@'");
	expect_bad("2026-03-01 10:00 +2", NULL, "zone");
}

/* Europe/Berlin: CET (+1), CEST (+2) from 2026-03-29 01:00Z to 10-25. */
static void
test_dst_berlin(void **state)
{
	tz *z;
	char err[LS_ERRSZ];
	/* 12:00 local on the Monday after the spring change. */
	const int64_t now = utc(2026, 3, 30, 10, 0, 0);

	(void)state;
	if (tz_open(&z, "Europe/Berlin", err) != 0)
		skip();
	expect("2026-03-01 10:00", z, now, NULL, utc(2026, 3, 1, 9, 0, 0));
	expect("2026-07-01 10:00", z, now, NULL, utc(2026, 7, 1, 8, 0, 0));
	/* An explicit zone ignores the local one. */
	expect("2026-07-01 10:00Z", z, now, NULL, utc(2026, 7, 1, 10, 0, 0));
	expect("today", z, now, NULL, utc(2026, 3, 29, 22, 0, 0));
	/* Yesterday was the 23-hour day; its midnight was still CET. */
	expect("yesterday", z, now, NULL, utc(2026, 3, 28, 23, 0, 0));
	expect("yesterday 12:00", z, now, NULL, utc(2026, 3, 29, 10, 0, 0));
	expect("10:00", z, now, NULL, utc(2026, 3, 30, 8, 0, 0));
	/* 02:30 does not exist that night: the earlier offset (CET). */
	expect("2026-03-29 02:30", z, now, NULL, utc(2026, 3, 29, 1, 30, 0));
	/* 02:30 on 10-25 happens twice: the earlier one (CEST). */
	expect("2026-10-25 02:30", z, now, NULL, utc(2026, 10, 25, 0, 30, 0));
	/* Durations are elapsed time, not wall-clock steps. */
	expect("-1d", z, now, NULL, now - 86400 * NS);
	/* Just after local midnight, "today" is that local day. */
	expect("today", z, utc(2026, 7, 1, 22, 30, 0), NULL,
	       utc(2026, 7, 1, 22, 0, 0));
	tz_close(z);
}

/* America/New_York: EST (-5), EDT (-4) from 2026-03-08 to 11-01. */
static void
test_dst_new_york(void **state)
{
	tz *z;
	char err[LS_ERRSZ];
	const int64_t now = utc(2026, 11, 2, 3, 0, 0); /* Nov 1, 22:00 EST */

	(void)state;
	if (tz_open(&z, "America/New_York", err) != 0)
		skip();
	expect("today", z, now, NULL, utc(2026, 11, 1, 4, 0, 0));
	expect("yesterday", z, now, NULL, utc(2026, 10, 31, 4, 0, 0));
	expect("tomorrow", z, now, NULL, utc(2026, 11, 2, 5, 0, 0));
	expect("2026-03-08 03:30", z, now, NULL, utc(2026, 3, 8, 7, 30, 0));
	expect("2026-01-15T09:00:00", z, now, NULL, utc(2026, 1, 15, 14, 0, 0));
	tz_close(z);
}

/* Timestamps pasted from log lines read as the log grammar reads them. */
static void
test_pasted(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);
	const int64_t h = 3600 * NS;

	(void)state;
	expect("2026/03/01 10:00", NULL, NOW, NULL, t);
	expect("2026/03/01 10:00:00", NULL, NOW, NULL, t);
	expect("2026.03.01 10:00:00", NULL, NOW, NULL, t);
	expect("2026-3-1 10:0:0", NULL, NOW, NULL, t);
	expect("2026-03-01 10:00:00,123", NULL, NOW, NULL, t + 123000000);
	expect("2026-03-01\t10:00:00", NULL, NOW, NULL, t);
	expect("2026-03-01 10:00:00.123 +01:00", NULL, NOW, NULL,
	       t - h + 123000000);
	expect("2026-03-01 10:00:00 PST", NULL, NOW, NULL, t + 8 * h);
	expect("2026-03-01 10:00:00 CEST", NULL, NOW, NULL, t - 2 * h);
	expect("01/Mar/2026:10:00:00 +0000", NULL, NOW, NULL, t);
	expect("Sun Mar  1 10:00:00 2026", NULL, NOW, NULL, t);
	expect("Sun Mar 1 10:00:00 EST 2026", NULL, NOW, NULL, t + 5 * h);
	expect("01-Mar-2026 10:00:00.5", NULL, NOW, NULL, t + NS / 2);
	expect("1 Mar 2026 10:00", NULL, NOW, NULL, t);
	expect("Sun, 01 Mar 2026 10:00:00 GMT", NULL, NOW, NULL, t);
	expect("Mar 1, 2026 10:00:00 AM", NULL, NOW, NULL, t);
	expect("March 1, 2026 10:00 PM", NULL, NOW, NULL, t + 12 * h);
	expect("Mar 1, 2026 12:00:00 AM", NULL, NOW, NULL,
	       utc(2026, 3, 1, 0, 0, 0));
	expect("Mar 1, 2026 12:30:00 PM", NULL, NOW, NULL,
	       utc(2026, 3, 1, 12, 30, 0));
	expect("13/03/2026 10:00:00", NULL, NOW, NULL,
	       utc(2026, 3, 13, 10, 0, 0));
	expect("3/13/2026 10:00:00 AM", NULL, NOW, NULL,
	       utc(2026, 3, 13, 10, 0, 0));
	expect("20260301-10:00:00:123", NULL, NOW, NULL, t + 123000000);
	expect("<34>1 2026-03-01T10:00:00Z", NULL, NOW, NULL, t);
	/* Year-less: the latest year not more than a day after now. */
	expect("Mar 1 10:00", NULL, NOW, NULL, t);
	expect("Mar  1 10:00:00", NULL, NOW, NULL, t);
	expect("Mar 2 10:00:00", NULL, NOW, NULL, utc(2026, 3, 2, 10, 0, 0));
	expect("Mar 5 10:00:00", NULL, NOW, NULL, utc(2025, 3, 5, 10, 0, 0));
	expect("Dec 5 10:00", NULL, NOW, NULL, utc(2025, 12, 5, 10, 0, 0));
	expect("I0301 10:00:00.123456", NULL, NOW, NULL, t + 123456000);
	expect("03-01 10:00:00.123", NULL, NOW, NULL, t + 123000000);
	expect("Feb 29 10:00:00", NULL, NOW, NULL, utc(2024, 2, 29, 10, 0, 0));
	/* A leap second is the last second of its minute. */
	expect("2016-12-31T23:59:60.5Z", NULL, NOW, NULL,
	       utc(2016, 12, 31, 23, 59, 59) + NS / 2);
	/* now plus or minus a duration */
	expect("now-1h", NULL, NOW, NULL, NOW - h);
	expect("now - 90m", NULL, NOW, NULL, NOW - 90 * 60 * NS);
	expect("now+5m", NULL, NOW, NULL, NOW + 5 * 60 * NS);
	expect_bad("03/04/2026 10:00:00", NULL, "ambiguous date");
	expect_bad("31/04/2026 10:00:00", NULL, "expected YYYY-MM-DD");
	expect_bad("2026/13/05 10:00", NULL, "a timestamp as a log writes it");
	expect_bad("now-1", NULL, "expected a unit");
	expect_bad("now-1h junk", NULL, "expected");
	expect_bad("Mar 1, 2300 10:00:00 AM", NULL, "out of the supported range");
	/* ISO ordinal dates as a log writes them. */
	expect("2026-340T10:02:03", NULL, NOW, NULL,
	       utc(2026, 12, 6, 10, 2, 3));
	expect("2024-366 23:59:59Z", NULL, NOW, NULL,
	       utc(2024, 12, 31, 23, 59, 59));
	expect_bad("2025-366T10:00:00", NULL, "no such day of the year");
	expect("2026-340", NULL, NOW, NULL, utc(2026, 12, 6, 0, 0, 0));
	expect("2024-060", NULL, NOW, NULL, utc(2024, 2, 29, 0, 0, 0));
	expect_bad("2026-000", NULL, "no such day of the year");
}

/* An ambiguous zone abbreviation pasted from a line: an error, unless
 * the config's zone-aliases names it. */
static void
test_pasted_alias(void **state)
{
	struct timefmt_aliases al;
	char err[LS_ERRSZ] = "";
	int64_t got = 0;

	(void)state;
	expect_bad("2026-03-01 10:00:00 IST", NULL, "zone-aliases");
	expect_bad("Sun Mar  1 10:00:00 CST 2026", NULL, "'CST' means several");
	memset(&al, 0, sizeof(al));
	assert_int_equal(timefmt_alias_add(&al, "IST", 19800), 0);
	assert_int_equal(timeexpr_parse_aliased("2026-03-01 10:00:00 IST", NOW,
	                                        NULL, &al, NULL, &got, err),
	                 0);
	assert_int_equal(got, utc(2026, 3, 1, 4, 30, 0));
	assert_int_equal(timeexpr_parse_aliased("2026-03-01 10:00:00 CST", NOW,
	                                        NULL, &al, NULL, &got, err),
	                 -1);
	/* Unambiguous ones need no alias. */
	expect("2026-03-01 10:00:00 CEST", NULL, NOW, NULL,
	       utc(2026, 3, 1, 8, 0, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_absolute_utc),
	    cmocka_unit_test(test_relative_utc),
	    cmocka_unit_test(test_bad_expressions),
	    cmocka_unit_test(test_pasted),
	    cmocka_unit_test(test_pasted_alias),
	    cmocka_unit_test(test_dst_berlin),
	    cmocka_unit_test(test_dst_new_york),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
