/*
 * test_timefmt.c - the built-in timestamp parsers, detection, the position
 * rule and the year-less rule.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "timefmt.h"
#include "tz.h"
#include "util.h"

#define NS INT64_C(1000000000)

/* Expected values are built from days_from_civil, tested on its own. */
static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	return (timefmt_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	        s) *
	       NS;
}

/* A handle forced to one format, in UTC, reference 2026-03. */
static timefmt *
forced(const char *name)
{
	timefmt *h;
	char err[LS_ERRSZ];

	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_force(h, name, err), 0);
	timefmt_set_reference(h, 2026, 3);
	return h;
}

/* The time of one NUL-terminated line under format name; 0 = none. */
static int
line_time(const char *name, const char *line, int64_t *ns)
{
	timefmt *h = forced(name);
	int r = timefmt_line_time(h, line, strlen(line), ns);

	timefmt_close(h);
	return r;
}

static void
expect_time(const char *name, const char *line, int64_t want)
{
	int64_t ns = 0;

	if (line_time(name, line, &ns) != 1)
		fail_msg("%s: no time in '%s'", name, line);
	if (ns != want)
		fail_msg("%s: '%s' gave %lld, want %lld", name, line,
		         (long long)ns, (long long)want);
}

static void
expect_none(const char *name, const char *line)
{
	int64_t ns;

	if (line_time(name, line, &ns) != 0)
		fail_msg("%s: '%s' should not parse (gave %lld)", name, line,
		         (long long)ns);
}

/* ---- date arithmetic ---------------------------------------------------- */

static void
test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(timefmt_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(timefmt_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(timefmt_days_from_civil(2000, 2, 29), 11016);
	assert_int_equal(timefmt_days_from_civil(2026, 3, 1), 20513);
	assert_int_equal(timefmt_days_from_civil(1677, 9, 22), -106751);
	assert_int_equal(timefmt_days_from_civil(2262, 4, 11), 106751);
	assert_int_equal(timefmt_days_from_civil(1600, 3, 1), -135080);
	assert_int_equal(timefmt_days_from_civil(2400, 2, 29), 157113);
}

static void
test_civil_round_trip(void **state)
{
	int64_t y, prev = timefmt_days_from_civil(1599, 12, 31);
	int m, d;

	(void)state;
	/* Every day from 1600 to 2400 maps back to itself, in order. */
	for (int64_t days = prev + 1; days <= 157113; days++) {
		timefmt_civil_from_days(days, &y, &m, &d);
		assert_true(timefmt_valid_date(y, m, d));
		assert_int_equal(timefmt_days_from_civil(y, m, d), days);
		prev = days;
	}
	timefmt_civil_from_days(20513, &y, &m, &d);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
}

static void
test_valid_date(void **state)
{
	(void)state;
	assert_true(timefmt_valid_date(2024, 2, 29));
	assert_true(timefmt_valid_date(2000, 2, 29));
	assert_false(timefmt_valid_date(2026, 2, 29));
	assert_false(timefmt_valid_date(1900, 2, 29));
	assert_false(timefmt_valid_date(2026, 4, 31));
	assert_true(timefmt_valid_date(2026, 12, 31));
	assert_false(timefmt_valid_date(2026, 13, 1));
	assert_false(timefmt_valid_date(2026, 0, 1));
	assert_false(timefmt_valid_date(2026, 1, 0));
	assert_false(timefmt_valid_date(2026, 1, 32));
}

/* ---- ISO 8601 ------------------------------------------------------------ */

static void
test_iso_variants(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("iso8601", "2026-03-01T10:00:00Z start", t);
	expect_time("iso8601", "2026-03-01 10:00:00 start", t);
	expect_time("iso8601", "2026-03-01t10:00:00z", t);
	expect_time("iso8601", "2026-03-01T10:00:00", t);
	expect_time("iso8601", "2026-03-01 10:00:00.250 x", t + 250000000);
	expect_time("iso8601", "2026-03-01 10:00:00,250 x", t + 250000000);
	expect_time("iso8601", "2026-03-01 10:00:00.1 x", t + 100000000);
	expect_time("iso8601", "2026-03-01T10:00:00.123456789Z", t + 123456789);
	/* Digits past nanoseconds are read and dropped. */
	expect_time("iso8601", "2026-03-01T10:00:00.1234567891234Z x",
	            t + 123456789);
	expect_time("iso8601", "2026-03-01T12:00:00+02:00", t);
	expect_time("iso8601", "2026-03-01T12:00:00+0200 x", t);
	expect_time("iso8601", "2026-03-01T12:00:00+02 x", t);
	expect_time("iso8601", "2026-03-01T04:30:00-05:30", t);
	expect_time("iso8601", "2026-03-01T12:00:00.5+02:00", t + NS / 2);
	expect_time("iso8601", "2026-03-01 10:00:00 UTC [1] LOG: x", t);
	expect_time("iso8601", "2026-03-01 10:00:00 GMT", t);
	expect_time("iso8601", "2026-03-01 11:00:00.5 +0100 CET x", t + NS / 2);
	expect_time("iso8601", "2026-03-01 05:00:00 -0500", t);
	/* After a space, what is no offset is not part of the time. */
	expect_time("iso8601", "2026-03-01 10:00:00 +2500 items", t);
	expect_time("iso8601", "2026-03-01 10:00:00 +12345 items", t);
	expect_time("iso8601", "2026-03-01 10:00:00 UTCX", t);
	/* A dash that starts no offset ends the timestamp. */
	expect_time("iso8601", "2026-03-01 10:00:00-worker-3", t);
	expect_time("iso8601", "2024-02-29 10:00:00",
	            utc(2024, 2, 29, 10, 0, 0));
	/* A leap second is the last second of its minute. */
	expect_time("iso8601", "2026-12-31 23:59:60 leap",
	            utc(2026, 12, 31, 23, 59, 59));
	expect_time("iso8601", "2016-12-31T23:59:60.500Z leap",
	            utc(2016, 12, 31, 23, 59, 59) + 500000000);
	expect_time("iso8601", "2026-03-01 10:00:00\r", t);
}

static void
test_iso_positions(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("iso8601", "INFO  2026-03-01 10:00:00 x", t);
	expect_time("iso8601", "[2026-03-01 10:00:00] x", t);
	expect_time("iso8601", "{\"ts\":\"2026-03-01T10:00:00Z\",\"msg\":1}",
	            t);
	expect_time("iso8601", "web-01 app[123]: 2026-03-01T10:00:00Z x", t);
	expect_time("iso8601", "time=2026-03-01T10:00:00Z level=info", t);
	/* Only starts within the first TIMEFMT_SCAN_BYTES count. */
	expect_none("iso8601", "..............................................."
	                       "................. 2026-03-01 10:00:00");
}

static void
test_iso_near_misses(void **state)
{
	(void)state;
	expect_none("iso8601", "2026-03-32 10:00:00 x");
	expect_none("iso8601", "2026-03-00 10:00:00 x");
	expect_none("iso8601", "2026-13-01 10:00:00 x");
	expect_none("iso8601", "2026-00-01 10:00:00 x");
	expect_none("iso8601", "2026-02-29 10:00:00 x");
	expect_none("iso8601", "1900-02-29 10:00:00 x");
	expect_none("iso8601", "2026-04-31 10:00:00 x");
	expect_none("iso8601", "2026-03-01 24:00:00 x");
	expect_none("iso8601", "2026-03-01 10:60:00 x");
	expect_none("iso8601", "2026-03-01 10:00:61 x");
	/* Punctuation after the time ends it. */
	expect_time("iso8601", "2026-03-01 10:00:00. x",
	            utc(2026, 3, 1, 10, 0, 0));
	expect_time("iso8601", "2026-03-01 10:00:00,",
	            utc(2026, 3, 1, 10, 0, 0));
	expect_none("iso8601", "2026-03-01 10:00 x");
	expect_none("iso8601", "2026-0a-01 10:00:00 x");
	expect_none("iso8601", "2026-03-01 1O:00:00 x");
	expect_none("iso8601", "2026-03-01X10:00:00 x");
	expect_none("iso8601", "2026-03-01 10:00:00+24:00");
	expect_none("iso8601", "2026-03-01 10:00:00+05:60");
	/* Not inside a longer number or word. */
	expect_none("iso8601", "12026-03-01 10:00:00 x");
	expect_none("iso8601", "2026-03-01 10:00:001 x");
	expect_none("iso8601", "id2026-03-01 10:00:00 x");
	expect_none("iso8601", "2026-03-01");
	expect_none("iso8601", "");
}

/* ---- syslog -------------------------------------------------------------- */

static void
test_rfc5424(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("rfc5424",
	            "<34>1 2026-03-01T10:00:00.003Z mymachine su - ID47 - msg",
	            t + 3000000);
	expect_time("rfc5424", "<165>1 2026-03-01T05:00:00-05:00 host app", t);
	expect_time("rfc5424", "<0>12 2026-03-01T10:00:00Z h a", t);
	expect_none("rfc5424", "<192>1 2026-03-01T10:00:00Z h");
	expect_none("rfc5424", "<34>0 2026-03-01T10:00:00Z h");
	expect_none("rfc5424", "<34> 2026-03-01T10:00:00Z h");
	expect_none("rfc5424", "<34>1 - host app - - - no time");
	expect_none("rfc5424", "<34>1 2026-13-01T10:00:00Z h");
	expect_none("rfc5424", "<3x>1 2026-03-01T10:00:00Z h");
}

static void
test_rfc3164(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("rfc3164", "Mar  1 10:00:00 host sshd[812]: x", t);
	expect_time("rfc3164", "Mar 01 10:00:00 host sshd[812]: x", t);
	expect_time("rfc3164", "Mar 1 10:00:00 host sshd[812]: x", t);
	expect_time("rfc3164", "MAR  1 10:00:00 host", t);
	expect_time("rfc3164", "Mar  1 10:00:00.250 host", t + 250000000);
	expect_time("rfc3164", "<13>Mar  1 10:00:00 host x", t);
	expect_time("rfc3164", "Feb 28 23:59:59 h",
	            utc(2026, 2, 28, 23, 59, 59));
	expect_none("rfc3164", "Mar 32 10:00:00 host");
	expect_none("rfc3164", "Mar  0 10:00:00 host");
	expect_none("rfc3164", "Apr 31 10:00:00 host");
	expect_none("rfc3164", "Foo  1 10:00:00 host");
	expect_none("rfc3164", "Mar  1 24:00:00 host");
	expect_none("rfc3164", "Mar  1 10:00 host");
	expect_none("rfc3164", "Mar  1 10:00:0x host");
	expect_time("rfc3164", "Mar  1 10:00:00. host",
	            utc(2026, 3, 1, 10, 0, 0));
	expect_none("rfc3164", "Mar   1 10:00:00 host");
	expect_none("rfc3164", "XMar  1 10:00:00 host");
	/* Feb 29 exists only when the resolved year is a leap year. */
	expect_none("rfc3164", "Feb 29 10:00:00 host");
}

static void
test_rfc3164_leap_day(void **state)
{
	timefmt *h = forced("rfc3164");
	const char *l = "Feb 29 10:00:00 host x";
	int64_t ns;

	(void)state;
	timefmt_set_reference(h, 2024, 12);
	assert_int_equal(timefmt_line_time(h, l, strlen(l), &ns), 1);
	assert_int_equal(ns, utc(2024, 2, 29, 10, 0, 0));
	timefmt_close(h);
}

/* ---- web servers --------------------------------------------------------- */

static void
test_apache_access(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time(
	    "apache-access",
	    "127.0.0.1 - frank [01/Mar/2026:10:00:00 +0000] \"GET / HTTP/1.0\"",
	    t);
	expect_time(
	    "apache-access",
	    "10.1.2.3 - - [01/Mar/2026:03:00:00 -0700] \"GET /a HTTP/1.1\" 200",
	    t);
	expect_time("apache-access", "::1 - - [01/Mar/2026:15:30:00 +0530] x",
	            t);
	expect_time("apache-access", "[01/Mar/2026:10:00:00.5 +0000] x",
	            t + NS / 2);
	expect_time("apache-access", "[01/mar/2026:10:00:00] x", t);
	expect_none("apache-access", "h - - [32/Mar/2026:10:00:00 +0000] x");
	expect_none("apache-access", "h - - [29/Feb/2026:10:00:00 +0000] x");
	expect_none("apache-access", "h - - [01/Foo/2026:10:00:00 +0000] x");
	expect_none("apache-access", "h - - [01/Mar/2026:24:00:00 +0000] x");
	expect_none("apache-access", "h - - [01/Mar/2026 10:00:00 +0000] x");
	expect_none("apache-access", "h - - [01/Mar/20x6:10:00:00 +0000] x");
	expect_none("apache-access", "h - - [01/Mar/2026:10:00:00 +2400] x");
}

static void
test_apache_error(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("apache-error", "[Sun Mar 01 10:00:00 2026] [error] x", t);
	expect_time("apache-error",
	            "[Sun Mar 01 10:00:00.123456 2026] [core:error] [pid 7] x",
	            t + 123456000);
	expect_time("apache-error", "Sun Mar  1 10:00:00 2026", t);
	expect_time("apache-error", "[sun mar 01 10:00:00 2026] x", t);
	expect_none("apache-error", "[Sun Mar 01 10:00:00 26] x");
	expect_none("apache-error", "[Sun Mar 32 10:00:00 2026] x");
	expect_none("apache-error", "[Sun Feb 29 10:00:00 2026] x");
	expect_none("apache-error", "[Xyz Mar 01 10:00:00 2026] x");
	expect_none("apache-error", "[Sun Mar 01 10:00:00. 2026] x");
	expect_none("apache-error", "[Sun Mar 01 25:00:00 2026] x");
	expect_none("apache-error", "[Sun Mar 01 10:00:00 20261] x");
}

/* ---- epoch and compact families ----------------------------------------- */

static void
test_epoch(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("epoch", "1772359200 GET /", t);
	expect_time("epoch", "1772359200.5 GET /", t + NS / 2);
	expect_time("epoch", "1772359200", t);
	expect_none("epoch", "x 1772359200 y");
	expect_none("epoch", "17723592001 y");
	expect_none("epoch", "177235920 y");
	expect_none("epoch", "1772359200. y");
	expect_none("epoch", "17723592x0 y");
	expect_time("epoch-ms", "1772359200123 x", t + 123000000);
	expect_none("epoch-ms", "177235920012 x");
	expect_none("epoch-ms", "17723592001234 x");
	expect_none("epoch-ms", "id 1772359200123 x");
	/* The last millisecond int64 nanoseconds hold (2262-04-11), and
	 * past it: an entry at the end of the time line, not an overflow. */
	expect_time("epoch-ms", "9223372036854 x",
	            INT64_C(9223372036854000000));
	expect_time("epoch-ms", "9223372036855 x", TIMEFMT_NS_LATE);
	expect_time("epoch-ms", "9999999999999 x", TIMEFMT_NS_LATE);
	/* 19 digits past int64 (a fuzz finding: the digits were summed in
	 * an int64, which overflowed). */
	expect_time("epoch-ns", "9223372036854775000 x",
	            INT64_C(9223372036854775000));
	expect_time("epoch-ns", "9223372036854775808 x", TIMEFMT_NS_LATE);
	expect_time("epoch-ns", "9326887888888888888 x", TIMEFMT_NS_LATE);
	expect_time("epoch-ns", "9999999999999999999 x", TIMEFMT_NS_LATE);
}

static void
test_yymmdd(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("yymmdd", "260301 100000 148 INFO dfs.DataNode: x", t);
	expect_time("yymmdd", "260301 10:00:00 [Note] x", t);
	expect_time("yymmdd", "260301  9:05:01 [Note] x",
	            utc(2026, 3, 1, 9, 5, 1));
	expect_time("yymmdd", "991231 235959 x", utc(1999, 12, 31, 23, 59, 59));
	expect_none("yymmdd", "261301 100000 x");
	expect_none("yymmdd", "260332 100000 x");
	expect_none("yymmdd", "260229 100000 x");
	expect_none("yymmdd", "260301 240000 x");
	expect_none("yymmdd", "260301 106000 x");
	expect_none("yymmdd", "260301 10000a x");
	expect_none("yymmdd", "2603011 100000 x");
	expect_none("yymmdd", "260301 1000001 x");
}

static void
test_yy_slash(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("yy/mm/dd", "26/03/01 10:00:00 INFO executor.Executor: x",
	            t);
	expect_time("yy/mm/dd", "26/03/01 10:00:00,5 INFO x", t + NS / 2);
	expect_none("yy/mm/dd", "26/13/01 10:00:00 x");
	expect_none("yy/mm/dd", "26/02/29 10:00:00 x");
	expect_none("yy/mm/dd", "26/03/01 10:60:00 x");
	expect_none("yy/mm/dd", "26/03/01 10:00 x");
	expect_none("yy/mm/dd", "2026/03/01 10:00:00 x");
}

static void
test_ymd_slash(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("yyyy/mm/dd",
	            "2026/03/01 10:00:00 [error] 812#812: *1 open() failed", t);
	expect_time("yyyy/mm/dd", "2026/03/01 10:00:00.123456 main.go:12: x",
	            t + 123456000);
	expect_none("yyyy/mm/dd", "2026/02/29 10:00:00 x");
	expect_none("yyyy/mm/dd", "2026/03/01 10:00 x");
	expect_none("yyyy/mm/dd", "2026-03/01 10:00:00 x");
	expect_time("yyyy/mm/dd", "2026/03/01 10:00:00.x",
	            utc(2026, 3, 1, 10, 0, 0));
}

static void
test_yyyymmdd_ms(void **state)
{
	const int64_t t = utc(2026, 3, 1, 10, 0, 0);

	(void)state;
	expect_time("yyyymmdd-ms", "20260301-10:00:00:123|Step_LSC|x",
	            t + 123000000);
	expect_time("yyyymmdd-ms", "20260301-10:00:00:6|Step_LSC|x",
	            t + 6000000);
	expect_none("yyyymmdd-ms", "20260301-10:00:00|x");
	expect_none("yyyymmdd-ms", "20260301-10:00:00:|x");
	expect_none("yyyymmdd-ms", "20260301-10:00:00:1234|x");
	expect_none("yyyymmdd-ms", "20260230-10:00:00:123|x");
	expect_none("yyyymmdd-ms", "2026030a-10:00:00:123|x");
	expect_none("yyyymmdd-ms", "20260301-24:00:00:123|x");
}

/* ---- zones and years ------------------------------------------------------
 */

static void
test_zone_less_uses_zone(void **state)
{
	timefmt *h;
	tz *z;
	char err[LS_ERRSZ];
	const char *l1 = "2026-07-01 12:00:00 summer";
	const char *l2 = "2026-01-15 12:00:00 winter";
	const char *l3 = "2026-07-01T12:00:00Z absolute";
	int64_t ns;

	(void)state;
	if (tz_open(&z, "Europe/Berlin", err) != 0)
		skip();
	assert_int_equal(timefmt_open(&h, z, err), 0);
	assert_int_equal(timefmt_force(h, "iso8601", err), 0);
	assert_int_equal(timefmt_line_time(h, l1, strlen(l1), &ns), 1);
	assert_int_equal(ns, utc(2026, 7, 1, 10, 0, 0));
	assert_int_equal(timefmt_line_time(h, l2, strlen(l2), &ns), 1);
	assert_int_equal(ns, utc(2026, 1, 15, 11, 0, 0));
	assert_int_equal(timefmt_line_time(h, l3, strlen(l3), &ns), 1);
	assert_int_equal(ns, utc(2026, 7, 1, 12, 0, 0));
	timefmt_close(h);
	tz_close(z);
}

/*
 * The repeated hour of a fall-back (New York, 2026-11-01 06:00Z: 01:xx
 * EDT, then 01:xx EST) read in file order: the first pass with -04:00,
 * the second, once the clock ran back, with -05:00; a sequence whose
 * entry before is unknown asks for it; explicit offsets never move.
 */
static void
test_seq_fall_back(void **state)
{
	static const struct {
		const char *line;
		int64_t want; /* UTC */
	} lines[] = {
	    {"2026-11-01 00:59:59 a", 1793509199},
	    {"2026-11-01 01:00:00 b", 1793509200},
	    {"2026-11-01 01:59:30 c", 1793512770},
	    {"2026-11-01 01:59:29 jitter back", 1793512769},
	    {"2026-11-01 01:00:00 d", 1793512800},
	    {"2026-11-01 01:10:00-05:00 e", 1793513400},
	    {"2026-11-01 01:30:00 f", 1793514600},
	    {"2026-11-01 01:59:59 g", 1793516399},
	    {"2026-11-01 02:00:00 h", 1793516400},
	    {"2026-11-01 01:59:59 i", 1793516399},
	};
	struct timefmt_seq seq, probe;
	timefmt *h;
	tz *z;
	char err[LS_ERRSZ];
	int64_t ns;

	(void)state;
	if (tz_open(&z, "America/New_York", err) != 0)
		skip();
	assert_int_equal(timefmt_open(&h, z, err), 0);
	assert_int_equal(timefmt_force(h, "iso8601", err), 0);
	timefmt_seq_init(&seq, 1);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *l = lines[i].line;

		if (timefmt_line_time_seq(h, l, strlen(l), &seq, &ns) != 1 ||
		    ns != lines[i].want * NS)
			fail_msg("'%s': %lld, want %lld", l,
			         (long long)(ns / NS), (long long)lines[i].want);
		assert_int_equal(seq.last, ns);
	}
	/* Alone, the earlier occurrence. */
	assert_int_equal(timefmt_line_time(h, lines[6].line,
	                                   strlen(lines[6].line), &ns),
	                 1);
	assert_int_equal(ns, 1793511000 * NS);
	/* Unknown entry before: a repeated wall time asks, others do not. */
	timefmt_seq_init(&probe, 0);
	assert_int_equal(timefmt_line_time_seq(h, lines[6].line,
	                                       strlen(lines[6].line), &probe,
	                                       &ns),
	                 -1);
	assert_int_equal(probe.known, 0);
	assert_int_equal(timefmt_line_time_seq(h, lines[0].line,
	                                       strlen(lines[0].line), &probe,
	                                       &ns),
	                 1);
	assert_int_equal(probe.known, 1);
	/* The entry before given: the nearer occurrence. */
	timefmt_seq_init(&probe, 0);
	timefmt_seq_set(&probe, 1793516000 * NS);
	assert_int_equal(timefmt_line_time_seq(h, lines[6].line,
	                                       strlen(lines[6].line), &probe,
	                                       &ns),
	                 1);
	assert_int_equal(ns, 1793514600 * NS);
	timefmt_close(h);
	tz_close(z);
}

/*
 * Colour codes around and inside timestamps: detection sees through
 * them, each line's time is read without them, and the span reported is
 * the timestamp's place in the line as written.
 */
static void
test_colour_codes(void **state)
{
	static const char text[] =
	    "\x1b[2m2026-03-01 10:00:00\x1b[0m \x1b[32mINFO\x1b[0m a\n"
	    "\x1b[2m2026-03-01\x1b[0m \x1b[1;31m10:00:07.5\x1b[0m ERROR b\n"
	    "  at frame 1 2026-03-01 11:00:00\n"
	    "2026-03-01 10:00:09 INFO plain\n";
	const char *l2 = "\x1b[2m2026-03-01\x1b[0m \x1b[1;31m10:00:07.5"
	                 "\x1b[0m ERROR b";
	const char *l4 = "2026-03-01 10:00:09 INFO plain";
	size_t start, len, col;
	timefmt *h;
	char err[LS_ERRSZ];
	int64_t ns;

	(void)state;
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_detect(h, text, sizeof(text) - 1), 1);
	assert_string_equal(timefmt_chosen(h)->name, "iso8601");
	assert_int_equal(timefmt_colour_codes(h), 1);
	assert_int_equal(timefmt_fixed_column(h, &col), 0);
	assert_int_equal(
	    timefmt_line_time_at(h, l2, strlen(l2), &ns, &start, &len), 1);
	assert_int_equal(ns, utc(2026, 3, 1, 10, 0, 7) + NS / 2);
	/* From the '2' after "ESC[2m" to the '5' before "ESC[0m". */
	assert_int_equal(start, 4);
	assert_int_equal(start + len, strlen(l2) - strlen("\x1b[0m ERROR b"));
	assert_int_equal(
	    timefmt_line_time_at(h, l4, strlen(l4), &ns, &start, &len), 1);
	assert_int_equal(ns, utc(2026, 3, 1, 10, 0, 9));
	assert_int_equal(start, 0);
	assert_int_equal(len, 19);
	timefmt_close(h);
	/* Without colour in the sample, a line is read as it is. */
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_detect(h, l4, strlen(l4)), 1);
	assert_int_equal(timefmt_colour_codes(h), 0);
	assert_int_equal(timefmt_line_time(h, l2, strlen(l2), &ns), 0);
	timefmt_close(h);
}

/*
 * An ambiguous zone abbreviation: without an alias the time is local
 * (here UTC) and detection counts it; with one it is that offset.  An
 * unambiguous one (EST) needs none; an alias for it is refused.
 */
static void
test_zone_alias(void **state)
{
	static const char text[] = "2026-03-01 10:00:00 IST a\n"
	                           "2026-03-01 10:00:05 IST b\n";
	struct timefmt_aliases al;
	const char *abbr;
	timefmt *h;
	char err[LS_ERRSZ];
	int64_t ns;

	(void)state;
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_detect(h, text, sizeof(text) - 1), 1);
	assert_int_equal(timefmt_detect_unaliased(h, &abbr), 2);
	assert_string_equal(abbr, "IST");
	assert_int_equal(timefmt_line_time(h, text, 25, &ns), 1);
	assert_int_equal(ns, utc(2026, 3, 1, 10, 0, 0));
	timefmt_close(h);

	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	memset(&al, 0, sizeof(al));
	assert_int_equal(timefmt_alias_add(&al, "IST", 19800), 0);
	assert_int_equal(timefmt_alias_add(&al, "EST", -18000), -1);
	assert_int_equal(timefmt_alias_add(&al, "XYZ", 0), -1);
	timefmt_set_aliases(h, &al);
	assert_int_equal(timefmt_detect(h, text, sizeof(text) - 1), 1);
	assert_int_equal(timefmt_detect_unaliased(h, &abbr), 0);
	assert_int_equal(timefmt_line_time(h, text, 25, &ns), 1);
	assert_int_equal(ns, utc(2026, 3, 1, 4, 30, 0));
	timefmt_close(h);
	expect_time("iso8601", "2026-03-01 10:00:00 EST x",
	            utc(2026, 3, 1, 15, 0, 0));
	expect_time("apache-error", "[Sun Mar 01 10:00:00 CST 2026] x",
	            utc(2026, 3, 1, 10, 0, 0));
}

static void
test_year_less_new_year(void **state)
{
	static const char *lines[] = {
	    "Dec 30 23:00:00 host cron[1]: a",
	    "Dec 31 23:59:59 host cron[1]: b",
	    "Jan  1 00:00:00 host cron[1]: c",
	    "Jan  2 08:00:00 host cron[1]: d",
	};
	static const int64_t want_years[] = {2025, 2025, 2026, 2026};
	timefmt *h = forced("rfc3164");
	int64_t ns, prev = INT64_MIN;

	(void)state;
	timefmt_set_reference(h, 2026, 1);
	for (size_t i = 0; i < 4; i++) {
		int64_t y;
		int m, d;

		assert_int_equal(
		    timefmt_line_time(h, lines[i], strlen(lines[i]), &ns), 1);
		timefmt_civil_from_days(ns / NS / 86400, &y, &m, &d);
		assert_int_equal(y, want_years[i]);
		assert_true(ns > prev);
		prev = ns;
	}
	/* Random access: the last line alone gives the same answer. */
	assert_int_equal(timefmt_line_time(h, lines[1], strlen(lines[1]), &ns),
	                 1);
	assert_int_equal(ns, utc(2025, 12, 31, 23, 59, 59));
	timefmt_close(h);
}

static void
test_anchor(void **state)
{
	const char tail[] = "Dec 31 23:59:59 host a: x\n"
	                    "Jan  1 00:00:05 host a: y\n"
	                    "    continuation without a time\n";
	const char tail_dec[] = "Dec 31 23:59:58 host a: x\n"
	                        "Dec 31 23:59:59 host a: y\n";
	timefmt *h = forced("rfc3164");
	int year, month;
	int64_t ns;

	(void)state;
	/* Written on Jan 2 2026: the last line is January 2026. */
	timefmt_anchor(h, utc(2026, 1, 2, 0, 0, 0) / NS, 0, tail,
	               sizeof(tail) - 1);
	timefmt_reference(h, &year, &month);
	assert_int_equal(year, 2026);
	assert_int_equal(month, 1);
	assert_int_equal(timefmt_line_time(h, tail, 25, &ns), 1);
	assert_int_equal(ns, utc(2025, 12, 31, 23, 59, 59));

	/* Touched in January, last line in December: December of 2025. */
	timefmt_anchor(h, utc(2026, 1, 3, 4, 0, 0) / NS, 0, tail_dec,
	               sizeof(tail_dec) - 1);
	timefmt_reference(h, &year, &month);
	assert_int_equal(year, 2025);
	assert_int_equal(month, 12);

	/* --year names the year of the last timestamp. */
	timefmt_anchor(h, utc(2026, 1, 3, 4, 0, 0) / NS, 2020, tail,
	               sizeof(tail) - 1);
	timefmt_reference(h, &year, &month);
	assert_int_equal(year, 2020);
	assert_int_equal(month, 1);

	/* No timestamp in the tail: the mtime's month. */
	timefmt_anchor(h, utc(2026, 6, 3, 4, 0, 0) / NS, 0, "no time\n", 8);
	timefmt_reference(h, &year, &month);
	assert_int_equal(year, 2026);
	assert_int_equal(month, 6);

	/* Dec 10 in a file written on Dec 6: not in the future, 2025. */
	timefmt_anchor(h, utc(2026, 12, 6, 12, 0, 0) / NS, 0,
	               "Dec 10 11:04:45 h a: x\n", 23);
	timefmt_reference(h, &year, &month);
	assert_int_equal(year, 2025);
	assert_non_null(strstr(timefmt_year_reason(h), "would be after"));
	/* Within a day of the mtime: the mtime's year. */
	timefmt_anchor(h, utc(2026, 12, 6, 12, 0, 0) / NS, 0,
	               "Dec  7 11:04:45 h a: x\n", 23);
	timefmt_reference(h, &year, &month);
	assert_int_equal(year, 2026);
	/* Feb 29 goes back to a leap year. */
	timefmt_anchor(h, utc(2026, 3, 1, 0, 0, 0) / NS, 0,
	               "Feb 29 10:00:00 h a: x\n", 23);
	timefmt_reference(h, &year, &month);
	assert_int_equal(year, 2024);
	assert_int_equal(month, 2);
	timefmt_close(h);
}

/* ---- the grammar: a table ---------------------------------------------- */

/*
 * Lines in every family the grammar reads, each with the reading that must
 * read it and the instant it means (UTC ns; zone-less times are UTC here,
 * year-less ones take the reference 2026-03, so months after March are in
 * 2025).  The expected values were computed outside logscan.
 */
static const struct {
	const char *fmt, *line;
	int64_t ns;
} grammar_rows[] = {
/* 250 rows, generated with the expected times from Python's calendar. */
	{"iso8601", "2026-03-01T10:00:00.1 INFO x", INT64_C(1772359200100000000)},
	{"iso8601", "2026-03-01 10:00:00,1 INFO x", INT64_C(1772359200100000000)},
	{"iso8601", "2026-03-01T10:00:00.1Z x", INT64_C(1772359200100000000)},
	{"iso8601", "2026-03-01T10:00:00.12 INFO x", INT64_C(1772359200120000000)},
	{"iso8601", "2026-03-01 10:00:00,12 INFO x", INT64_C(1772359200120000000)},
	{"iso8601", "2026-03-01T10:00:00.12Z x", INT64_C(1772359200120000000)},
	{"iso8601", "2026-03-01T10:00:00.123 INFO x", INT64_C(1772359200123000000)},
	{"iso8601", "2026-03-01 10:00:00,123 INFO x", INT64_C(1772359200123000000)},
	{"iso8601", "2026-03-01T10:00:00.123Z x", INT64_C(1772359200123000000)},
	{"iso8601", "2026-03-01T10:00:00.1234 INFO x", INT64_C(1772359200123400000)},
	{"iso8601", "2026-03-01 10:00:00,1234 INFO x", INT64_C(1772359200123400000)},
	{"iso8601", "2026-03-01T10:00:00.1234Z x", INT64_C(1772359200123400000)},
	{"iso8601", "2026-03-01T10:00:00.12345 INFO x", INT64_C(1772359200123450000)},
	{"iso8601", "2026-03-01 10:00:00,12345 INFO x", INT64_C(1772359200123450000)},
	{"iso8601", "2026-03-01T10:00:00.12345Z x", INT64_C(1772359200123450000)},
	{"iso8601", "2026-03-01T10:00:00.123456 INFO x", INT64_C(1772359200123456000)},
	{"iso8601", "2026-03-01 10:00:00,123456 INFO x", INT64_C(1772359200123456000)},
	{"iso8601", "2026-03-01T10:00:00.123456Z x", INT64_C(1772359200123456000)},
	{"iso8601", "2026-03-01T10:00:00.1234567 INFO x", INT64_C(1772359200123456700)},
	{"iso8601", "2026-03-01 10:00:00,1234567 INFO x", INT64_C(1772359200123456700)},
	{"iso8601", "2026-03-01T10:00:00.1234567Z x", INT64_C(1772359200123456700)},
	{"iso8601", "2026-03-01T10:00:00.12345678 INFO x", INT64_C(1772359200123456780)},
	{"iso8601", "2026-03-01 10:00:00,12345678 INFO x", INT64_C(1772359200123456780)},
	{"iso8601", "2026-03-01T10:00:00.12345678Z x", INT64_C(1772359200123456780)},
	{"iso8601", "2026-03-01T10:00:00.123456789 INFO x", INT64_C(1772359200123456789)},
	{"iso8601", "2026-03-01 10:00:00,123456789 INFO x", INT64_C(1772359200123456789)},
	{"iso8601", "2026-03-01T10:00:00.123456789Z x", INT64_C(1772359200123456789)},
	{"iso8601", "2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00.5Z x", INT64_C(1772359200500000000)},
	{"iso8601", "2026-03-01T10:00:00+01 x", INT64_C(1772355600000000000)},
	{"iso8601", "2026-03-01 10:00:00.5+01 x", INT64_C(1772355600500000000)},
	{"iso8601", "2026-03-01 10:00:00 +01 x", INT64_C(1772355600000000000)},
	{"iso8601", "2026-03-01 10:00:00.250 +01 [INF] x", INT64_C(1772355600250000000)},
	{"iso8601", "2026-03-01T10:00:00+0100 x", INT64_C(1772355600000000000)},
	{"iso8601", "2026-03-01 10:00:00.5+0100 x", INT64_C(1772355600500000000)},
	{"iso8601", "2026-03-01 10:00:00 +0100 x", INT64_C(1772355600000000000)},
	{"iso8601", "2026-03-01 10:00:00.250 +0100 [INF] x", INT64_C(1772355600250000000)},
	{"iso8601", "2026-03-01T10:00:00+01:00 x", INT64_C(1772355600000000000)},
	{"iso8601", "2026-03-01 10:00:00.5+01:00 x", INT64_C(1772355600500000000)},
	{"iso8601", "2026-03-01 10:00:00 +01:00 x", INT64_C(1772355600000000000)},
	{"iso8601", "2026-03-01 10:00:00.250 +01:00 [INF] x", INT64_C(1772355600250000000)},
	{"iso8601", "2026-03-01T10:00:00-05:30 x", INT64_C(1772379000000000000)},
	{"iso8601", "2026-03-01 10:00:00.5-05:30 x", INT64_C(1772379000500000000)},
	{"iso8601", "2026-03-01 10:00:00 -05:30 x", INT64_C(1772379000000000000)},
	{"iso8601", "2026-03-01 10:00:00.250 -05:30 [INF] x", INT64_C(1772379000250000000)},
	{"iso8601", "2026-03-01T10:00:00-0530 x", INT64_C(1772379000000000000)},
	{"iso8601", "2026-03-01 10:00:00.5-0530 x", INT64_C(1772379000500000000)},
	{"iso8601", "2026-03-01 10:00:00 -0530 x", INT64_C(1772379000000000000)},
	{"iso8601", "2026-03-01 10:00:00.250 -0530 [INF] x", INT64_C(1772379000250000000)},
	{"iso8601", "2026-03-01T10:00:00+14:00 x", INT64_C(1772308800000000000)},
	{"iso8601", "2026-03-01 10:00:00.5+14:00 x", INT64_C(1772308800500000000)},
	{"iso8601", "2026-03-01 10:00:00 +14:00 x", INT64_C(1772308800000000000)},
	{"iso8601", "2026-03-01 10:00:00.250 +14:00 [INF] x", INT64_C(1772308800250000000)},
	{"iso8601", "2026-03-01T10:00:00-12 x", INT64_C(1772402400000000000)},
	{"iso8601", "2026-03-01 10:00:00.5-12 x", INT64_C(1772402400500000000)},
	{"iso8601", "2026-03-01 10:00:00 -12 x", INT64_C(1772402400000000000)},
	{"iso8601", "2026-03-01 10:00:00.250 -12 [INF] x", INT64_C(1772402400250000000)},
	{"iso8601", "2026-03-01 10:00:00.123 UTC [4242] LOG: x", INT64_C(1772359200123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 GMT [4242] LOG: x", INT64_C(1772359200123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 EST [4242] LOG: x", INT64_C(1772377200123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 EDT [4242] LOG: x", INT64_C(1772373600123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 PST [4242] LOG: x", INT64_C(1772388000123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 PDT [4242] LOG: x", INT64_C(1772384400123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 CET [4242] LOG: x", INT64_C(1772355600123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 CEST [4242] LOG: x", INT64_C(1772352000123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 EET [4242] LOG: x", INT64_C(1772352000123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 JST [4242] LOG: x", INT64_C(1772326800123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 AEST [4242] LOG: x", INT64_C(1772323200123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 NZDT [4242] LOG: x", INT64_C(1772312400123000000)},
	{"iso8601", "2026-03-01 10:00:00.123 MSK [4242] LOG: x", INT64_C(1772348400123000000)},
	{"iso8601", "2026-03-01 10:00:00 GMT+01:00 x", INT64_C(1772355600000000000)},
	{"iso8601", "2026-03-01 10:00:00 IST x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00 CST x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00 BST x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00 AST x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-3-1 9:5:3 x", INT64_C(1772355903000000000)},
	{"iso8601", "2026-03-1 10:00:00 x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-3-01T1:02:03Z x", INT64_C(1772326923000000000)},
	{"iso8601", "2026-12-31 23:59:9 x", INT64_C(1798761549000000000)},
	{"iso8601", "2026-1-2 3:04:05.6 x", INT64_C(1767323045600000000)},
	{"iso8601", "2026-03-01T10:00:00 x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00 x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01\t10:00:00 x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00, Info CBS x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00,Info", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00. x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00; x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00] x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00)", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00|x", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00\"", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00:", INT64_C(1772359200000000000)},
	{"iso8601", "2026-03-01 10:00:00 - x", INT64_C(1772359200000000000)},
	{"iso8601", "2024-02-29T12:00:00Z x", INT64_C(1709208000000000000)},
	{"iso8601", "2000-02-29T00:00:00Z x", INT64_C(951782400000000000)},
	{"iso8601", "2016-12-31T23:59:60Z x", INT64_C(1483228799000000000)},
	{"iso8601", "2016-12-31T23:59:60.999Z x", INT64_C(1483228799999000000)},
	{"iso8601", "1970-01-01T00:00:00Z x", INT64_C(0)},
	{"iso8601", "2262-01-01T00:00:00Z x", INT64_C(9214646400000000000)},
	{"iso8601", "I 2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "INFO  2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "[2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "<13>2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "1234: 2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "web-01 app[123]: 2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "{\"t\":\"2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"iso8601", "E|2026-03-01T10:00:00Z x", INT64_C(1772359200000000000)},
	{"rfc5424", "<34>1 2026-03-01T10:00:00.003Z host app - - - x", INT64_C(1772359200003000000)},
	{"rfc5424", "<34>1 2026-03-01T10:00:00.003+01 host app - - - x", INT64_C(1772355600003000000)},
	{"rfc5424", "<34>1 2026-03-01T10:00:00.003+0100 host app - - - x", INT64_C(1772355600003000000)},
	{"rfc5424", "<34>1 2026-03-01T10:00:00.003+01:00 host app - - - x", INT64_C(1772355600003000000)},
	{"yyyy/mm/dd", "2026/03/01 10:00:00 [error] x", INT64_C(1772359200000000000)},
	{"yyyy/mm/dd", "2026/3/1 9:05:03 x", INT64_C(1772355903000000000)},
	{"yyyy/mm/dd", "2026.03.01 10:00:00.123 x", INT64_C(1772359200123000000)},
	{"yyyy/mm/dd", "2026/03/01 10:00:00 +0100 x", INT64_C(1772355600000000000)},
	{"rfc3164", "Jan  5 10:00:00 host sshd[1]: x", INT64_C(1767607200000000000)},
	{"rfc3164", "Jan 15 1:2:3 host x", INT64_C(1768438923000000000)},
	{"rfc3164", "Feb  5 10:00:00 host sshd[1]: x", INT64_C(1770285600000000000)},
	{"rfc3164", "Feb 15 1:2:3 host x", INT64_C(1771117323000000000)},
	{"rfc3164", "Mar  5 10:00:00 host sshd[1]: x", INT64_C(1772704800000000000)},
	{"rfc3164", "Mar 15 1:2:3 host x", INT64_C(1773536523000000000)},
	{"rfc3164", "Apr  5 10:00:00 host sshd[1]: x", INT64_C(1743847200000000000)},
	{"rfc3164", "Apr 15 1:2:3 host x", INT64_C(1744678923000000000)},
	{"rfc3164", "May  5 10:00:00 host sshd[1]: x", INT64_C(1746439200000000000)},
	{"rfc3164", "May 15 1:2:3 host x", INT64_C(1747270923000000000)},
	{"rfc3164", "Jun  5 10:00:00 host sshd[1]: x", INT64_C(1749117600000000000)},
	{"rfc3164", "Jun 15 1:2:3 host x", INT64_C(1749949323000000000)},
	{"rfc3164", "Jul  5 10:00:00 host sshd[1]: x", INT64_C(1751709600000000000)},
	{"rfc3164", "Jul 15 1:2:3 host x", INT64_C(1752541323000000000)},
	{"rfc3164", "Aug  5 10:00:00 host sshd[1]: x", INT64_C(1754388000000000000)},
	{"rfc3164", "Aug 15 1:2:3 host x", INT64_C(1755219723000000000)},
	{"rfc3164", "Sep  5 10:00:00 host sshd[1]: x", INT64_C(1757066400000000000)},
	{"rfc3164", "Sep 15 1:2:3 host x", INT64_C(1757898123000000000)},
	{"rfc3164", "Oct  5 10:00:00 host sshd[1]: x", INT64_C(1759658400000000000)},
	{"rfc3164", "Oct 15 1:2:3 host x", INT64_C(1760490123000000000)},
	{"rfc3164", "Nov  5 10:00:00 host sshd[1]: x", INT64_C(1762336800000000000)},
	{"rfc3164", "Nov 15 1:2:3 host x", INT64_C(1763168523000000000)},
	{"rfc3164", "Dec  5 10:00:00 host sshd[1]: x", INT64_C(1764928800000000000)},
	{"rfc3164", "Dec 15 1:2:3 host x", INT64_C(1765760523000000000)},
	{"rfc3164", "Dec 31 23:59:59 host x", INT64_C(1767225599000000000)},
	{"rfc3164", "Jan  1 00:00:00 host x", INT64_C(1767225600000000000)},
	{"rfc3164", "Mar  1 10:00:00.123456 host x", INT64_C(1772359200123456000)},
	{"rfc3164", "March 1 10:00:00 host x", INT64_C(1772359200000000000)},
	{"rfc3164", "MAR  1 10:00:00 host x", INT64_C(1772359200000000000)},
	{"dd-mon-yyyy", "01 janv 2026 10:00:00 x", INT64_C(1767261600000000000)},
	{"dd-mon-yyyy", "01 f\xc3" "\xa9" "vr 2026 10:00:00 x", INT64_C(1769940000000000000)},
	{"dd-mon-yyyy", "01 mars 2026 10:00:00 x", INT64_C(1772359200000000000)},
	{"dd-mon-yyyy", "01 avr 2026 10:00:00 x", INT64_C(1775037600000000000)},
	{"dd-mon-yyyy", "01 mai 2026 10:00:00 x", INT64_C(1777629600000000000)},
	{"dd-mon-yyyy", "01 juin 2026 10:00:00 x", INT64_C(1780308000000000000)},
	{"dd-mon-yyyy", "01 juil 2026 10:00:00 x", INT64_C(1782900000000000000)},
	{"dd-mon-yyyy", "01 ao\xc3" "\xbb" "t 2026 10:00:00 x", INT64_C(1785578400000000000)},
	{"dd-mon-yyyy", "01 sept 2026 10:00:00 x", INT64_C(1788256800000000000)},
	{"dd-mon-yyyy", "01 okt 2026 10:00:00 x", INT64_C(1790848800000000000)},
	{"dd-mon-yyyy", "01 nov 2026 10:00:00 x", INT64_C(1793527200000000000)},
	{"dd-mon-yyyy", "01 d\xc3" "\xa9" "c 2026 10:00:00 x", INT64_C(1796119200000000000)},
	{"dd-mon-yyyy", "01 M\xc3" "\xa4" "r 2026 10:00:00 x", INT64_C(1772359200000000000)},
	{"dd-mon-yyyy", "01 Dez 2026 10:00:00 x", INT64_C(1796119200000000000)},
	{"apache-access", "10.0.0.1 - - [01/Mar/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1", INT64_C(1772359200000000000)},
	{"apache-access", "10.0.0.1 - - [01/Mar/2026:10:00:00 -0700] \"GET / HTTP/1.1\" 200 1", INT64_C(1772384400000000000)},
	{"apache-access", "10.0.0.1 - - [01/Mar/2026:10:00:00 +0530] \"GET / HTTP/1.1\" 200 1", INT64_C(1772339400000000000)},
	{"apache-access", "h - - [1/Mar/2026:9:05:03 +0000] x", INT64_C(1772355903000000000)},
	{"apache-error", "[Sun Mar 01 10:00:00.123456 2026] [core:error] x", INT64_C(1772359200123456000)},
	{"apache-error", "Sun Mar  1 10:00:00 2026 x", INT64_C(1772359200000000000)},
	{"apache-error", "Wed May 19 08:00:01 EST 2021 x", INT64_C(1621429201000000000)},
	{"apache-error", "Wed May 19 08:00:01 CEST 2021 x", INT64_C(1621404001000000000)},
	{"apache-error", "Wed May 19 08:00:01 UTC 2021 x", INT64_C(1621411201000000000)},
	{"apache-error", "Wednesday May 19 08:00:01 2021 x", INT64_C(1621411201000000000)},
	{"apache-error", "[pid: 1|app: 0|req: 1/1] 10.0.0.1 () {34 vars} [Sun Mar  1 10:00:00 2026] GET /", INT64_C(1772359200000000000)},
	{"dd-mon-yyyy", "01-Mar-2026 10:00:00.123 INFO [main] x", INT64_C(1772359200123000000)},
	{"dd-mon-yyyy", "1-Mar-2026 9:05:03 x", INT64_C(1772355903000000000)},
	{"dd-mon-yyyy", "1234:M 01 Mar 2026 10:00:00.123 * Ready", INT64_C(1772359200123000000)},
	{"dd-mon-yyyy", "Sun, 01 Mar 2026 10:00:00 GMT x", INT64_C(1772359200000000000)},
	{"dd-mon-yyyy", "Sun, 01 Mar 2026 10:00:00 +0100 x", INT64_C(1772355600000000000)},
	{"dd-mon-yyyy", "01 March 2026 10:00:00 x", INT64_C(1772359200000000000)},
	{"dd-mon-yyyy", "29-Feb-2024 23:59:59 x", INT64_C(1709251199000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 12:30:00 AM org.App main", INT64_C(1772325000000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 1:30:00 AM org.App main", INT64_C(1772328600000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 2:30:00 AM org.App main", INT64_C(1772332200000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 3:30:00 AM org.App main", INT64_C(1772335800000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 4:30:00 AM org.App main", INT64_C(1772339400000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 5:30:00 AM org.App main", INT64_C(1772343000000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 6:30:00 AM org.App main", INT64_C(1772346600000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 7:30:00 AM org.App main", INT64_C(1772350200000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 8:30:00 AM org.App main", INT64_C(1772353800000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 9:30:00 AM org.App main", INT64_C(1772357400000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 10:30:00 AM org.App main", INT64_C(1772361000000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 11:30:00 AM org.App main", INT64_C(1772364600000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 12:30:00 PM org.App main", INT64_C(1772368200000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 1:30:00 PM org.App main", INT64_C(1772371800000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 2:30:00 PM org.App main", INT64_C(1772375400000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 3:30:00 PM org.App main", INT64_C(1772379000000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 4:30:00 PM org.App main", INT64_C(1772382600000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 5:30:00 PM org.App main", INT64_C(1772386200000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 6:30:00 PM org.App main", INT64_C(1772389800000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 7:30:00 PM org.App main", INT64_C(1772393400000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 8:30:00 PM org.App main", INT64_C(1772397000000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 9:30:00 PM org.App main", INT64_C(1772400600000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 10:30:00 PM org.App main", INT64_C(1772404200000000000)},
	{"mon-dd-yyyy", "Mar 1, 2026 11:30:00 PM org.App main", INT64_C(1772407800000000000)},
	{"mon-dd-yyyy", "Mar 01, 2026 10:00:00AM x", INT64_C(1772359200000000000)},
	{"mon-dd-yyyy", "Sunday, March 1, 2026 10:00:00 pm x", INT64_C(1772402400000000000)},
	{"mon-dd-yyyy", "Mar 1 2026 10:00:00 x", INT64_C(1772359200000000000)},
	{"dd/mm/yyyy", "13/03/2026 10:00:00 x", INT64_C(1773396000000000000)},
	{"dd/mm/yyyy", "1.3.2026 10:00:00 x", INT64_C(1772359200000000000)},
	{"dd/mm/yyyy", "31-12-2026 23:59:59 x", INT64_C(1798761599000000000)},
	{"dd/mm/yyyy", "29/02/2024 10:00:00 x", INT64_C(1709200800000000000)},
	{"mm/dd/yyyy", "3/13/2026 10:00:00 AM x", INT64_C(1773396000000000000)},
	{"mm/dd/yyyy", "12/31/2026 11:59:59 PM x", INT64_C(1798761599000000000)},
	{"mm/dd/yyyy", "3/1/2026, 12:00:00 AM x", INT64_C(1772323200000000000)},
	{"mm/dd/yyyy", "03/01/2026 12:00:00 PM x", INT64_C(1772366400000000000)},
	{"klog", "I0301 10:00:00.123456    1234 main.go:12] x", INT64_C(1772359200123456000)},
	{"klog", "W0301 10:00:00.123456    1234 main.go:12] x", INT64_C(1772359200123456000)},
	{"klog", "E0301 10:00:00.123456    1234 main.go:12] x", INT64_C(1772359200123456000)},
	{"klog", "F0301 10:00:00.123456    1234 main.go:12] x", INT64_C(1772359200123456000)},
	{"klog", "I1231 23:59:59.999999 1 x.go:1] x", INT64_C(1767225599999999000)},
	{"logcat", "03-01 10:00:00.123  1234  1234 I Tag: x", INT64_C(1772359200123000000)},
	{"logcat", "12-31 23:59:59.999  1  1 E Tag: x", INT64_C(1767225599999000000)},
	{"yyyymmdd-ms", "20260301-10:00:00:123|x", INT64_C(1772359200123000000)},
	{"yyyymmdd-ms", "20260301.100000,123 x", INT64_C(1772359200123000000)},
	{"yy/mm/dd", "26/03/01 10:00:00 INFO x", INT64_C(1772359200000000000)},
	{"yymmdd", "260301 100000 148 INFO x", INT64_C(1772359200000000000)},
	{"epoch", "1772359200.123 x", INT64_C(1772359200123000000)},
	{"epoch", "1772359200 x", INT64_C(1772359200000000000)},
	{"epoch", "#1772359200", INT64_C(1772359200000000000)},
	{"epoch", "4242 1772359200.123456 write(1, \"2020-01-01 00:00:00\")", INT64_C(1772359200123456000)},
	{"epoch-ms", "1772359200123 x", INT64_C(1772359200123000000)},
	{"epoch-us", "1772359200123456 x", INT64_C(1772359200123456000)},
	{"epoch-ns", "1772359200123456789 x", INT64_C(1772359200123456789)},
	{"json", "{\"level\":\"info\",\"ts\":1772359200.5,\"msg\":\"x\"}", INT64_C(1772359200500000000)},
	{"json", "{\"level\":\"info\",\"time\":1772359200.5,\"msg\":\"x\"}", INT64_C(1772359200500000000)},
	{"json", "{\"level\":\"info\",\"timestamp\":1772359200.5,\"msg\":\"x\"}", INT64_C(1772359200500000000)},
	{"json", "{\"level\":\"info\",\"@timestamp\":1772359200.5,\"msg\":\"x\"}", INT64_C(1772359200500000000)},
	{"json", "{\"level\":\"info\",\"t\":1772359200.5,\"msg\":\"x\"}", INT64_C(1772359200500000000)},
	{"json", "{\"level\":\"info\",\"EdgeStartTimestamp\":1772359200.5,\"msg\":\"x\"}", INT64_C(1772359200500000000)},
	{"json", "{\"time\":1772359200123,\"msg\":\"x\"}", INT64_C(1772359200123000000)},
	{"json", "{\"ts\": 1772359200123456789}", INT64_C(1772359200123456789)},
	{"json", "{\"__REALTIME_TIMESTAMP\":\"1772359200123456\",\"MESSAGE\":\"x\"}", INT64_C(1772359200123456000)},
	{"json", "{\"name\":\"app\",\"hostname\":\"web-01\",\"pid\":1,\"level\":30,\"msg\":\"a long message\",\"time\":\"2026-03-01T10:00:00.123Z\",\"v\":0}", INT64_C(1772359200123000000)},
	{"json", "{\"@timestamp\":\"2026-03-01T10:00:00+01:00\"}", INT64_C(1772355600000000000)},
	{"tai64n", "@4000000069a40e2a0ee6b280 x", INT64_C(1772359200250000000)},
	{"iso8601", "2026-340T10:02:03 x", INT64_C(1796551323000000000)},
	{"iso8601", "2024-060T00:00:00Z x", INT64_C(1709164800000000000)},
	{"iso8601", "2025-060 12:00:00 x", INT64_C(1740830400000000000)},
	{"iso8601", "2024-366T23:59:59.5+01:00 x", INT64_C(1735685999500000000)},
	{"iso8601", "2026-001T00:00:00 x", INT64_C(1767225600000000000)},
	{"w3c-quoted", "\"2017-06-28\" \"07:26:35\" \"a1f3\" \"Chrome\"", INT64_C(1498634795000000000)},
	{"w3c-quoted", "\"2017-06-28\"\t\"7:26:35.25\"\t\"a1f3\"", INT64_C(1498634795250000000)},
	{"uwsgi", "[pid: 24386|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 696 bytes} [Sun Mar  1 10:00:00 2026] GET / => generated 33 bytes", INT64_C(1772359200000000000)},
	{"uwsgi", "[pid: 7|app: 0|req: 12/40] 2001:db8::1 (alice) {52 vars in 1024 bytes} [Wed Dec 31 23:59:59 2025] POST /api => generated 2 bytes", INT64_C(1767225599000000000)},

};

static void
test_grammar_table(void **state)
{
	size_t n = sizeof(grammar_rows) / sizeof(grammar_rows[0]);

	(void)state;
	assert_true(n >= 200);
	for (size_t i = 0; i < n; i++)
		expect_time(grammar_rows[i].fmt, grammar_rows[i].line,
		            grammar_rows[i].ns);
}

/* Lines no reading may take for a timestamp. */
static void
test_grammar_not_times(void **state)
{
	static const char *const lines[] = {
	    "version 10.2.3 released",
	    "10.0.0.1 - GET /index.html",
	    "192.168.1.254:8080 connected",
	    "took 12:30 to finish",
	    "elapsed 00:12:30.5",
	    "id 0x1f2e3d4c5b6a",
	    "commit deadbeefcafebabe12345678",
	    "build 1.2.3.4-rc1",
	    "ratio 3/4/5 and 10/20",
	    "user 12345678901 logged in",
	    "port 2026-03 range",
	    "2026-13-01 10:00:00 not a month",
	    "2026-02-30 10:00:00 no such day",
	    "Feb 30 10:00:00 host no such day",
	    "32/01/2026 10:00:00 no such day",
	    "I1301 10:00:00.000000 no month 13",
	    "Mar 1, 2026 13:00:00 PM no such hour",
	    "10:00:00 a time with no date",
	    "uuid 550e8400-e29b-41d4-a716-446655440000",
	    "@40000000 short label",
	    "2025-366T10:00:00 no day 366 in 2025",
	    "2026-000T10:00:00 no day 0",
	    "\"2026-03-01\" 10:00:00 a quoted date, no quoted time",
	};
	char err[LS_ERRSZ];

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		timefmt *h;

		assert_int_equal(timefmt_open(&h, NULL, err), 0);
		if (timefmt_detect(h, lines[i], strlen(lines[i])) != 0)
			fail_msg("'%s' read as %s", lines[i],
			         timefmt_chosen(h)->name);
		timefmt_close(h);
	}
}

/* A day/month log with no day above 12 is not guessed at; one day 13
 * decides. */
static void
test_grammar_ambiguous(void **state)
{
	const char amb[] = "01/03/2026 10:00:00 a\n02/03/2026 10:00:00 b\n";
	const char dm[] = "01/03/2026 10:00:00 a\n13/03/2026 10:00:00 b\n";
	const char md[] = "03/01/2026 10:00:00 a\n03/13/2026 10:00:00 b\n";
	const struct timefmt_def *a, *b;
	char err[LS_ERRSZ];
	timefmt *h;

	(void)state;
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_detect(h, amb, sizeof(amb) - 1), 0);
	assert_int_equal(timefmt_detect_ambiguous(h, &a, &b), 1);
	assert_int_equal(timefmt_detect(h, dm, sizeof(dm) - 1), 1);
	assert_string_equal(timefmt_chosen(h)->name, "dd/mm/yyyy");
	assert_int_equal(timefmt_detect(h, md, sizeof(md) - 1), 1);
	assert_string_equal(timefmt_chosen(h)->name, "mm/dd/yyyy");
	timefmt_close(h);
}

/* ---- detection ----------------------------------------------------------- */

/* Detect on text, check the chosen name and the position rule. */
static timefmt *
detect(const char *text, const char *want, int want_fixed, size_t want_col)
{
	timefmt *h;
	char err[LS_ERRSZ];
	size_t col = 99;

	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_detect(h, text, strlen(text)), 1);
	assert_non_null(timefmt_chosen(h));
	assert_string_equal(timefmt_chosen(h)->name, want);
	assert_int_equal(timefmt_fixed_column(h, &col), want_fixed);
	if (want_fixed)
		assert_int_equal(col, want_col);
	return h;
}

static int64_t
must_time(const timefmt *h, const char *line)
{
	int64_t ns;

	if (timefmt_line_time(h, line, strlen(line), &ns) != 1)
		fail_msg("no time in '%s'", line);
	return ns;
}

static void
test_detect_iso_with_traces(void **state)
{
	const char *log =
	    "2026-03-01 10:00:00.001 INFO  [main] Starting\n"
	    "2026-03-01 10:00:01.200 ERROR [main] Failed\n"
	    "java.lang.IllegalStateException: at 2026-03-01 09:00:00 x\n"
	    "\tat com.example.App.run(App.java:42)\n"
	    "2026-03-01 10:00:02.000 WARN  [pool-1] Retrying\n"
	    "2026-03-01 10:00:03.000 INFO  [pool-1] ok\n"
	    "2026-03-01 10:00:04.000 INFO  [pool-1] ok\n"
	    "2026-03-01 10:00:05.000 INFO  [pool-1] ok\n"
	    "2026-03-01 10:00:06.000 INFO  [pool-1] ok\n"
	    "2026-03-01 10:00:07.000 INFO  [pool-1] ok\n"
	    "2026-03-01 10:00:08.000 INFO  [pool-1] ok\n"
	    "2026-03-01 10:00:09.000 INFO  [pool-1] ok\n";
	const char *cause = "Caused by: timeout at 2026-03-01 09:00:00";
	timefmt *h = detect(log, "iso8601", 1, 0);
	int64_t ns;
	size_t start, n;

	(void)state;
	/* A continuation line that quotes a time is not an entry. */
	assert_int_equal(timefmt_line_time(h, cause, strlen(cause), &ns), 0);
	assert_int_equal(timefmt_line_time_at(h, log, 40, &ns, &start, &n), 1);
	assert_int_equal(start, 0);
	assert_int_equal(n, 23);
	assert_int_equal(ns, utc(2026, 3, 1, 10, 0, 0) + 1000000);
	timefmt_close(h);
}

static void
test_detect_variable_prefix(void **state)
{
	const char *log = "INFO 2026-03-01T10:00:00Z a\n"
	                  "WARN 2026-03-01T10:00:01Z b\n"
	                  "ERROR 2026-03-01T10:00:02Z c\n"
	                  "INFO 2026-03-01T10:00:03Z d\n";
	timefmt *h = detect(log, "iso8601", 0, 0);

	(void)state;
	/* A level never seen in the sample still works. */
	assert_int_equal(must_time(h, "CRITICAL 2026-03-01T10:00:04Z e"),
	                 utc(2026, 3, 1, 10, 0, 4));
	timefmt_close(h);
}

static void
test_detect_bracketed(void **state)
{
	const char *log = "[2026-03-01 10:00:00] app.INFO: a\n"
	                  "[2026-03-01 10:00:01] app.ERROR: b\n"
	                  "#0 /srv/app.php(12): main()\n"
	                  "[2026-03-01 10:00:02] app.INFO: c\n";
	timefmt *h = detect(log, "iso8601", 1, 1);

	(void)state;
	timefmt_close(h);
}

static void
test_detect_syslog_family(void **state)
{
	timefmt *h;

	(void)state;
	h = detect("<34>1 2026-03-01T10:00:00.003Z web01 su - ID47 - a\n"
	           "<165>1 2026-03-01T10:00:01.000Z web01 app 12 - - b\n",
	           "rfc5424", 1, 0);
	timefmt_close(h);
	h = detect("Mar  1 10:00:00 web01 sshd[812]: a\n"
	           "Mar  1 10:00:01 web01 sshd[812]: b\n"
	           "Mar 10 10:00:02 web01 CRON[9]: c\n",
	           "rfc3164", 1, 0);
	timefmt_close(h);
	/* Apache error lines also hold "Mar 01 10:00:00" further right. */
	h = detect("[Sun Mar 01 10:00:00 2026] [error] a\n"
	           "[Sun Mar 01 10:00:01.5 2026] [notice] b\n",
	           "apache-error", 1, 1);
	timefmt_close(h);
	h = detect(
	    "10.0.0.1 - - [01/Mar/2026:10:00:00 +0000] \"GET /\" 200\n"
	    "10.0.0.22 - bob [01/Mar/2026:10:00:01 +0000] \"GET /\" 200\n",
	    "apache-access", 0, 0);
	timefmt_close(h);
}

static void
test_detect_compact_and_epoch(void **state)
{
	timefmt *h;

	(void)state;
	h = detect("081109 203615 148 INFO dfs.DataNode$PacketResponder: a\n"
	           "081109 203807 222 INFO dfs.DataNode$PacketResponder: b\n",
	           "yymmdd", 1, 0);
	timefmt_close(h);
	h = detect("17/06/09 20:10:40 INFO executor.Executor: a\n"
	           "17/06/09 20:10:41 INFO executor.Executor: b\n",
	           "yy/mm/dd", 1, 0);
	timefmt_close(h);
	h = detect("2026/03/01 10:00:00 [error] 812#812: *1 open() failed\n"
	           "2026/03/01 10:00:01 [warn] 812#812: *2 upstream slow\n",
	           "yyyy/mm/dd", 1, 0);
	timefmt_close(h);
	h = detect("20171223-22:15:29:606|Step_LSC|30002312|a\n"
	           "20171223-22:15:29:7|Step_LSC|30002312|b\n",
	           "yyyymmdd-ms", 1, 0);
	timefmt_close(h);
	h = detect("1772359200.120 512 10.0.0.1 TCP_MISS/200 a\n"
	           "1772359201.004 88 10.0.0.2 TCP_HIT/200 b\n",
	           "epoch", 1, 0);
	timefmt_close(h);
	h = detect("1772359200120 a\n1772359201004 b\n", "epoch-ms", 1, 0);
	timefmt_close(h);
}

static void
test_detect_majority_and_none(void **state)
{
	timefmt *h;
	char err[LS_ERRSZ];
	int64_t ns;
	const char *none = "no timestamps here\njust text\n";

	(void)state;
	/* Most lines decide; one stray ISO line does not. */
	h = detect("Mar  1 10:00:00 h a: 2026-03-01 10:00:00\n"
	           "Mar  1 10:00:01 h a: x\n"
	           "2026-03-01 10:00:02 odd line\n"
	           "Mar  1 10:00:03 h a: y\n",
	           "rfc3164", 1, 0);
	timefmt_close(h);

	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_detect(h, none, strlen(none)), 0);
	assert_null(timefmt_chosen(h));
	assert_int_equal(timefmt_line_time(h, "2026-03-01 10:00:00", 19, &ns),
	                 0);
	timefmt_close(h);
}

static void
test_force(void **state)
{
	timefmt *h;
	char err[LS_ERRSZ];
	const char *log = "2026-03-01 10:00:00 a\n2026-03-01 10:00:01 b\n";
	int64_t ns;

	(void)state;
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_force(h, "no-such-format", err), -1);
	assert_non_null(strstr(err, "no-such-format"));
	assert_int_equal(timefmt_force(h, "ISO8601", err), 0);
	assert_int_equal(timefmt_detect(h, log, strlen(log)), 1);
	assert_string_equal(timefmt_chosen(h)->name, "iso8601");
	timefmt_close(h);

	/* A forced format that matches nothing stays forced. */
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_force(h, "rfc3164", err), 0);
	assert_int_equal(timefmt_detect(h, log, strlen(log)), 1);
	assert_string_equal(timefmt_chosen(h)->name, "rfc3164");
	assert_int_equal(timefmt_line_time(h, log, 21, &ns), 0);
	timefmt_close(h);
}

/*
 * Found by tests/fuzz_windows.py: a sample cut at TIMEFMT_SAMPLE_BYTES in
 * the middle of an Apache error log's timestamp left "[Thu Jun 12
 * 10:38:1", which RFC 3164 reads and apache-error does not, so a log of
 * more than 64 KiB was read as year-less syslog.  The cut line is left
 * out of the sample.
 */
static void
test_detect_cut_sample(void **state)
{
	static const char head[] = "[Thu Jun 12 10:38:15.000001 2025] x";
	/* Long enough that the sample's line limit is not reached first. */
	static const char line[] =
	    "[Thu Jun 12 10:38:16.107736 2025] [core:error] req=1 "
	    "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
	    "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
	    "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n";
	size_t l = sizeof(line) - 1, hl = sizeof(head) - 1;
	size_t cap = TIMEFMT_SAMPLE_BYTES + 4 * l;
	char *buf = xmalloc(cap);
	char err[LS_ERRSZ];
	timefmt *h;

	(void)state;
	/* The sample limit falls `cut` bytes into a line, for every cut. */
	for (size_t cut = 1; cut < l; cut++) {
		size_t rest = (TIMEFMT_SAMPLE_BYTES - cut - hl - 1) % l, n;

		/* A first line padded so that whole lines follow it up to
		 * the limit minus cut. */
		memcpy(buf, head, hl);
		memset(buf + hl, 'p', rest);
		buf[hl + rest] = '\n';
		n = hl + rest + 1;
		while (n + l <= cap) {
			memcpy(buf + n, line, l);
			n += l;
		}
		assert_true((TIMEFMT_SAMPLE_BYTES - (hl + rest + 1)) % l ==
		            cut);
		assert_int_equal(timefmt_open(&h, NULL, err), 0);
		assert_int_equal(timefmt_detect(h, buf, n), 1);
		if (strcmp(timefmt_chosen(h)->name, "apache-error") != 0)
			fail_msg("cut %zu bytes into a line: %s", cut,
			         timefmt_chosen(h)->name);
		timefmt_close(h);
	}
	free(buf);
}

/* A user format "dd.mm.yyyy HH:MM:SS", as the config would register. */
static size_t
parse_dotted(const struct timefmt_def *def, const char *line, size_t len,
             size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos;

	(void)def;
	if (len - pos < 19 || s[2] != '.' || s[5] != '.' || s[10] != ' ')
		return 0;
	if (sscanf(s, "%2d.%2d.%4d %2d:%2d:%2d", &f->day, &f->month, &f->year,
	           &f->hour, &f->minute, &f->second) != 6)
		return 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return 19;
}

static void
test_user_format(void **state)
{
	static const struct timefmt_def dotted = {.name = "dotted",
	                                          .example =
	                                              "01.03.2026 10:00:00 x",
	                                          .summary = "test",
	                                          .parse = parse_dotted};
	static const struct timefmt_def clash = {.name = "ISO8601",
	                                         .example = "",
	                                         .summary = "",
	                                         .parse = parse_dotted};
	timefmt *h;
	char err[LS_ERRSZ];
	const char *log = "01.03.2026 10:00:00 a\n01.03.2026 10:00:01 b\n";
	const char *bad = "32.03.2026 10:00:00 x";
	int64_t ns;

	(void)state;
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(timefmt_add(h, &dotted, err), 0);
	assert_int_equal(timefmt_add(h, &clash, err), -1);
	assert_non_null(strstr(err, "ISO8601"));
	assert_ptr_equal(timefmt_def_at(h, 0), &dotted);
	assert_int_equal(timefmt_detect(h, log, strlen(log)), 1);
	assert_ptr_equal(timefmt_chosen(h), &dotted);
	assert_int_equal(must_time(h, log), utc(2026, 3, 1, 10, 0, 0));
	/* The common code checks the fields a user parser gives. */
	assert_int_equal(timefmt_line_time(h, bad, strlen(bad), &ns), 0);
	timefmt_close(h);
}

static void
test_builtins_listed(void **state)
{
	size_t n;
	const struct timefmt_def *b = timefmt_builtins(&n);
	timefmt *h;
	char err[LS_ERRSZ];

	(void)state;
	assert_true(n >= 10);
	/* Every example parses under its own format. */
	for (size_t i = 0; i < n; i++) {
		int64_t ns;

		assert_int_equal(timefmt_open(&h, NULL, err), 0);
		assert_int_equal(timefmt_force(h, b[i].name, err), 0);
		if (timefmt_line_time(h, b[i].example, strlen(b[i].example),
		                      &ns) != 1)
			fail_msg("example of %s does not parse", b[i].name);
		assert_int_equal(
		    timefmt_detect(h, b[i].example, strlen(b[i].example)), 1);
		timefmt_close(h);
		/* And detection picks it from its own example. */
		assert_int_equal(timefmt_open(&h, NULL, err), 0);
		assert_int_equal(
		    timefmt_detect(h, b[i].example, strlen(b[i].example)), 1);
		if (strcmp(timefmt_chosen(h)->name, b[i].name) != 0)
			fail_msg("the example of %s is detected as %s",
			         b[i].name, timefmt_chosen(h)->name);
		timefmt_close(h);
	}
}

/* ---- detection: filtered starts against every position ----------------- */

/* Detect buf both ways (forced to name unless NULL) and require the same
 * answers: result, format, position rule, ambiguity, counts, tallies. */
static void
same_detection(const char *buf, size_t len, const char *name)
{
	timefmt *h[2];
	char err[LS_ERRSZ];
	int r[2];
	size_t n;

	(void)timefmt_builtins(&n);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(timefmt_open(&h[k], NULL, err), 0);
		if (name != NULL)
			assert_int_equal(timefmt_force(h[k], name, err), 0);
		timefmt_detect_exhaustive(h[k], k);
		r[k] = timefmt_detect(h[k], buf, len);
	}
	assert_int_equal(r[0], r[1]);
	assert_ptr_equal(timefmt_chosen(h[0]), timefmt_chosen(h[1]));
	{
		size_t c0 = 0, c1 = 0, s[2], e[2], m[2];
		int f0 = timefmt_fixed_column(h[0], &c0);
		int f1 = timefmt_fixed_column(h[1], &c1);
		const struct timefmt_def *a[2] = {NULL, NULL}, *b[2] = {NULL, NULL};
		const char *u[2] = {NULL, NULL};

		assert_int_equal(f0, f1);
		assert_int_equal(c0, c1);
		assert_int_equal(timefmt_detect_ambiguous(h[0], &a[0], &b[0]),
		                 timefmt_detect_ambiguous(h[1], &a[1], &b[1]));
		assert_ptr_equal(a[0], a[1]);
		assert_ptr_equal(b[0], b[1]);
		timefmt_detect_counts(h[0], &s[0], &e[0], &m[0]);
		timefmt_detect_counts(h[1], &s[1], &e[1], &m[1]);
		assert_int_equal(s[0], s[1]);
		assert_int_equal(e[0], e[1]);
		assert_int_equal(m[0], m[1]);
		assert_int_equal(timefmt_colour_codes(h[0]),
		                 timefmt_colour_codes(h[1]));
		assert_int_equal(timefmt_detect_unaliased(h[0], &u[0]),
		                 timefmt_detect_unaliased(h[1], &u[1]));
		if (u[0] != NULL || u[1] != NULL)
			assert_string_equal(u[0], u[1]);
	}
	for (size_t i = 0; i < n; i++) {
		size_t k0 = 0, k1 = 0;
		double p0 = 0, p1 = 0;

		assert_int_equal(timefmt_detect_tally(h[0], i, &k0, &p0),
		                 timefmt_detect_tally(h[1], i, &k1, &p1));
		assert_int_equal(k0, k1);
		assert_true(p0 == p1);
	}
	timefmt_close(h[0]);
	timefmt_close(h[1]);
}

static void
same_detection_str(const char *s)
{
	same_detection(s, strlen(s), NULL);
}

/* The repository's sample logs. */
static void
test_detect_starts_testdata(void **state)
{
	static const char *const logs[] = {
	    "apache-access.log", "apache-error.log", "epoch-ms.log",
	    "epoch.log",         "iso8601.log",      "level-first.log",
	    "nginx-error.log",   "rfc3164-newyear.log",
	    "rfc3339-offset.log", "rfc5424.log",     "unsorted.log",
	    "yy-slash.log",      "yymmdd.log",       "yyyymmdd-ms.log",
	};
	const char *top = getenv("top_srcdir");
	char path[4096];
	static char buf[2 * TIMEFMT_SAMPLE_BYTES];

	(void)state;
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		FILE *fp;
		size_t len;

		snprintf(path, sizeof(path), "%s/testdata/time/%s",
		         top != NULL ? top : ".", logs[i]);
		fp = fopen(path, "rb");
		assert_non_null(fp);
		len = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		assert_true(len > 0);
		same_detection(buf, len, NULL);
		same_detection(buf, len, "iso8601");
	}
}

/* Every built-in's example: alone, after prefixes that allow or forbid a
 * start, colour-coded, after a byte-order mark, and forced. */
static void
test_detect_starts_examples(void **state)
{
	static const char *const pre[] = {
	    "",    " ",    "x",   "1",    "#",   "12 ",  "123\t", "[",
	    "-",   "/",    ".",   ":",    "\"",  "a:",   "pid 7 ", "\xef\xbb\xbf",
	    "\x1b[32m", "2026-03-01 ", "ERROR [main] ", "<13>",
	};
	const struct timefmt_def *b;
	size_t n;
	char line[4096];

	(void)state;
	b = timefmt_builtins(&n);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(pre) / sizeof(pre[0]); k++) {
			int m = snprintf(line, sizeof(line), "%s%s\n%s%s\n",
			                 pre[k], b[i].example, pre[k],
			                 b[i].example);

			same_detection(line, (size_t)m, NULL);
			same_detection(line, (size_t)m, b[i].name);
			/* pushed right, past the scanned bytes */
			m = snprintf(line, sizeof(line), "%*s%s%s\n", (int)(k * 4),
			             "", pre[k], b[i].example);
			same_detection(line, (size_t)m, NULL);
		}
	}
}

static void
test_detect_starts_hand(void **state)
{
	(void)state;
	/* dd/mm against mm/dd: tied, then decided */
	same_detection_str("03/04/2026 10:00:00 a\n05/06/2026 11:00:00 b\n");
	same_detection_str("03/04/2026 10:00:00 a\n25/06/2026 11:00:00 b\n");
	same_detection_str("03/04/2026 10:00:00 AM a\n06/25/2026 1:00:00 PM\n");
	same_detection_str("03.04.2026 10:00:00 a\n03-04-2026 10:00:00 b\n");
	/* year-less syslog, klog, logcat, with continuation lines */
	same_detection_str("Mar  1 10:00:00 host sshd[1]: a\n"
	                   "  at line Mar  2 10:00:00\n"
	                   "Mar  1 10:00:01 host sshd[1]: b IST\n");
	same_detection_str("I0301 10:00:00.123456 1 main.go:1] x\n"
	                   "W0301 10:00:01.000000 1 main.go:2] 03-01 1:2:3\n");
	same_detection_str("03-01 10:00:00.123  1  1 I Tag: m\n");
	/* mixed formats, zones and abbreviations */
	same_detection_str("2026-03-01 10:00:00 IST a\n"
	                   "2026-03-01 10:00:01 CST b\n"
	                   "Sun Mar  1 10:00:00 2026 c\n"
	                   "1772359200.5 d\n"
	                   "# 1772359200 e\n"
	                   "#1772359200\n"
	                   "1234  1772359200123 f\n"
	                   "@4000000069a40e2a0ee6b280 g\n"
	                   "{\"ts\":\"2026-03-01T10:00:00Z\"}\n"
	                   "[pid: 1|app: 0] [Sun Mar  1 10:00:00 2026] GET\n"
	                   "Sun, 01 Mar 2026 10:00:00 GMT h\n"
	                   "Tuesday March 3 2026 10:00:00 PM i\n"
	                   "mars 3, 2026 10:00:00 j\n"
	                   "3 M\xc3\xa4r 2026 10:00:00 k\n");
	same_detection_str("\x1b[2m2026-03-01T10:00:00Z\x1b[0m x\n"
	                   "\x1b[31mERROR\x1b[0m 2026-03-01T10:00:01Z y\n");
	same_detection_str("\xef\xbb\xbf<34>1 2026-03-01T10:00:00Z h a - - m\n");
	same_detection_str("\n\n\r\n   \n");
	same_detection_str("no time here\nnor here 12:00\n");
}

/* Random lines of the pieces timestamps are made of. */
static void
test_detect_starts_random(void **state)
{
	static const char *const piece[] = {
	    "2026", "03", "1", "31", "13", "00", "12:00:00", "1:2:3", "-",
	    "/",    ".",  ":", " ",  "  ", "\t", "T",        "Z",     "+01:00",
	    "Mar",  "mar", "Sun", "Tuesday", ",", "[", "]", "<34>1 ", "\"",
	    "@",    "#",  "I",  "W0",  "IST", "UTC", "AM", "pm",  "x",
	    "1772359200", "1772359200123", "000", "\x1b[1m", "\x1b[0m",
	    "{\"ts\":", "févr", "2026-03-01", "10:00:00.5", "03/04/2026 ",
	    "260301 ", "20260301-", "26/03/01 ", "01/Mar/2026:",
	};
	static char buf[16384];
	uint32_t seed = 12345;

	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t len = 0;
		int lines = 1 + (int)(seed % 6);

		for (int l = 0; l < lines; l++) {
			int np = 1 + (int)((seed >> 8) % 14);

			for (int k = 0; k < np; k++) {
				const char *pc;
				size_t pl;

				seed = seed * 1103515245u + 12345u;
				pc = piece[(seed >> 16) %
				           (sizeof(piece) / sizeof(piece[0]))];
				pl = strlen(pc);
				if (len + pl + 2 < sizeof(buf)) {
					memcpy(buf + len, pc, pl);
					len += pl;
				}
			}
			buf[len++] = '\n';
		}
		same_detection(buf, len, NULL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_from_civil),
	    cmocka_unit_test(test_grammar_table),
	    cmocka_unit_test(test_grammar_not_times),
	    cmocka_unit_test(test_grammar_ambiguous),
	    cmocka_unit_test(test_civil_round_trip),
	    cmocka_unit_test(test_valid_date),
	    cmocka_unit_test(test_iso_variants),
	    cmocka_unit_test(test_iso_positions),
	    cmocka_unit_test(test_iso_near_misses),
	    cmocka_unit_test(test_rfc5424),
	    cmocka_unit_test(test_rfc3164),
	    cmocka_unit_test(test_rfc3164_leap_day),
	    cmocka_unit_test(test_apache_access),
	    cmocka_unit_test(test_apache_error),
	    cmocka_unit_test(test_epoch),
	    cmocka_unit_test(test_yymmdd),
	    cmocka_unit_test(test_yy_slash),
	    cmocka_unit_test(test_ymd_slash),
	    cmocka_unit_test(test_yyyymmdd_ms),
	    cmocka_unit_test(test_zone_less_uses_zone),
	    cmocka_unit_test(test_year_less_new_year),
	    cmocka_unit_test(test_anchor),
	    cmocka_unit_test(test_detect_iso_with_traces),
	    cmocka_unit_test(test_detect_variable_prefix),
	    cmocka_unit_test(test_detect_bracketed),
	    cmocka_unit_test(test_detect_syslog_family),
	    cmocka_unit_test(test_detect_compact_and_epoch),
	    cmocka_unit_test(test_detect_majority_and_none),
	    cmocka_unit_test(test_force),
	    cmocka_unit_test(test_detect_cut_sample),
	    cmocka_unit_test(test_user_format),
	    cmocka_unit_test(test_builtins_listed),
	    cmocka_unit_test(test_seq_fall_back),
	    cmocka_unit_test(test_colour_codes),
	    cmocka_unit_test(test_zone_alias),
	    cmocka_unit_test(test_detect_starts_testdata),
	    cmocka_unit_test(test_detect_starts_examples),
	    cmocka_unit_test(test_detect_starts_hand),
	    cmocka_unit_test(test_detect_starts_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
