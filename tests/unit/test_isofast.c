#include "config.h"

/*
 * test_isofast.c - the fast ISO 8601 reading against the iso8601 format's
 * own parser and conversion: on generated lines around the shape it
 * reads (fractions of every length, every kind of text after the time,
 * values out of range, bytes changed at random), whatever it accepts it
 * must read exactly as they do, in UTC and in a zone with DST.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "isofast.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

static uint64_t seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005u + 1442695040888963407u;
	return (unsigned)((seed >> 33) % n);
}

static const struct timefmt_def *
iso_def(void)
{
	size_t n;
	const struct timefmt_def *b = timefmt_builtins(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].name, "iso8601") == 0)
			return &b[i];
	fail_msg("no iso8601 format");
	return NULL;
}

/* A line: something before the column, a timestamp near the shape, and
 * something after it. */
static size_t
make_line(char *buf, size_t cap, int same_minute, const char *last)
{
	static const char *const before[] = {"", "[", "x", "-", " ", "1",
	                                     ":", "ab "};
	static const char *const after[] = {
	    "",       "Z",     "Z1",   "Z ok",  " INFO x", " +01:00", " UTC",
	    " am",    " pm x", "z",    "+0100", "-05:00",  "\t1",     ".",
	    ",x",     "]",     "0",    "A",     " 5",      " -",      " Z",
	    " GMT+1", "Zz",    " Zulu", ";",    " [x]"};
	char ts[64];
	size_t n = 0, fl;

	if (same_minute && last != NULL) {
		memcpy(ts, last, ISOFAST_PREFIX);
		n = ISOFAST_PREFIX;
		n += (size_t)snprintf(ts + n, sizeof(ts) - n, "%02u",
		                      rnd(10) ? rnd(60) : 55 + rnd(10));
	} else {
		unsigned y = rnd(8) ? 2000 + rnd(40) : rnd(10000);

		n = (size_t)snprintf(ts, sizeof(ts), "%04u-%02u-%02u%c%02u:%02u:%02u",
		                     y, rnd(8) ? 1 + rnd(12) : rnd(20),
		                     rnd(8) ? 1 + rnd(28) : rnd(40),
		                     rnd(8) ? 'T' : " t\t"[rnd(3)],
		                     rnd(8) ? rnd(24) : rnd(30),
		                     rnd(8) ? rnd(60) : rnd(70),
		                     rnd(8) ? rnd(60) : rnd(70));
	}
	if (rnd(4)) {
		ts[n++] = rnd(4) ? '.' : ',';
		for (fl = rnd(13); fl > 0; fl--)
			ts[n++] = (char)('0' + rnd(10));
	}
	ts[n] = '\0';
	if (rnd(10) == 0) /* a byte changed anywhere */
		ts[rnd((unsigned)n)] = "0a:-T .Z"[rnd(8)];
	return (size_t)snprintf(buf, cap, "%s%s%s rest of the line",
	                        before[rnd(3) ? 0 : rnd(8)], ts,
	                        after[rnd(sizeof(after) / sizeof(after[0]))]);
}

static void
check_zone(const char *zname)
{
	const struct timefmt_def *def = iso_def();
	struct isofast c;
	char err[LS_ERRSZ], buf[256], last[64] = "";
	size_t accepted = 0, local = 0, cached = 0;
	tz *zone;

	assert_int_equal(tz_open(&zone, zname, err), 0);
	memset(&c, 0, sizeof(c));
	for (int i = 0; i < 200000; i++) {
		struct timefmt_seq s1, s2;
		struct timefmt_fields f;
		size_t col, len, n;
		int64_t t1 = 0, t2 = 0;
		int zl = -1, r, same = last[0] != '\0' && rnd(3) != 0;

		len = make_line(buf, sizeof(buf), same, last);
		/* Where the timestamp begins: after the text before it. */
		for (col = 0; col < len && !(buf[col] >= '0' && buf[col] <= '9');
		     col++)
			;
		if (rnd(20) == 0 && col > 0)
			col--;
		timefmt_seq_init(&s1, 1);
		timefmt_seq_init(&s2, 1);
		r = isofast_time(&c, buf, len, col, zone, &s1, &t1, &zl);
		memset(&f, 0, sizeof(f));
		n = def->parse(def, buf, len, col, &f);
		if (r == 0) {
			assert_int_equal(s1.known, 1);
			assert_true(s1.last == TIMEFMT_SEQ_NONE);
			continue;
		}
		if (n == 0 || timefmt_fields_to_ns_seq(&f, zone, &s2, &t2) != 0)
			fail_msg("%s: accepted '%s' at %zu, which the parser "
			         "does not read",
			         zname, buf, col);
		if (t1 != t2 || zl != (f.zone == TIMEFMT_ZONE_LOCAL) ||
		    s1.last != s2.last)
			fail_msg("%s: '%s' at %zu: %lld (zoneless %d), the "
			         "parser %lld (zoneless %d)",
			         zname, buf, col, (long long)t1, zl,
			         (long long)t2, f.zone == TIMEFMT_ZONE_LOCAL);
		accepted++;
		local += (size_t)zl;
		cached += same;
		memcpy(last, buf + col, ISOFAST_PREFIX);
	}
	/* The test must have exercised the reading, not only refusals. */
	assert_true(accepted > 20000);
	assert_true(local > 1000 && accepted - local > 1000);
	assert_true(cached > 1000);
	tz_close(zone);
}

static void
test_utc(void **state)
{
	(void)state;
	check_zone("UTC");
}

static void
test_dst_zone(void **state)
{
	(void)state;
	check_zone("Europe/Berlin");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utc),
	    cmocka_unit_test(test_dst_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
