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
#include "timegram.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

/* "YYYY-MM-DDTHH:MM:": lines of the same minute share these bytes. */
#define SAME_MINUTE 17

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
		memcpy(ts, last, SAME_MINUTE);
		n = SAME_MINUTE;
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
		memcpy(last, buf + col, SAME_MINUTE);
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

/* ---- whole logs through a timefmt handle --------------------------------- */

/* Print the instant u (UTC seconds) as a clock off seconds east shows it. */
static size_t
wall_text(char *buf, size_t cap, int64_t u, int32_t off, char sep)
{
	int64_t w = u + off, y;
	int64_t days = w / 86400 - (w % 86400 < 0);
	int64_t sod = w - days * 86400;
	int m, d;

	timefmt_civil_from_days(days, &y, &m, &d);
	return (size_t)snprintf(buf, cap, "%04lld-%02d-%02d%c%02d:%02d:%02d",
	                        (long long)y, m, d, sep, (int)(sod / 3600),
	                        (int)(sod / 60 % 60), (int)(sod % 60));
}

/* One line of a log at instant u: mostly zone-less wall time, some with Z
 * or the real offset, some the fast reading declines, some no entry. */
static size_t
log_line(char *buf, size_t cap, const tz *zone, int64_t u, const char *pre)
{
	static const char *const tail[] = {" INFO started", "] x", "",
	                                   " x", ",a", "\tb"};
	static const char *const odd[] = {" PDT", " +01:00", " UTC", "z",
	                                  " pm", "+25:00", "Z9", " CEST"};
	int32_t off = tz_offset_at(zone, u);
	char ts[96];
	size_t n;
	unsigned k = rnd(100);

	if (k < 2)
		return (size_t)snprintf(buf, cap, "    at frame %u", rnd(99));
	/* With an offset: whole minutes of it (the odd seconds of an old
	 * zone are not written). */
	if (k >= 15 && k < 30)
		off -= off % 60;
	n = wall_text(ts, sizeof(ts), u, k < 15 ? 0 : off,
	              rnd(10) ? 'T' : " t\t"[rnd(3)]);
	if (rnd(3)) {
		ts[n++] = rnd(4) ? '.' : ',';
		for (unsigned fl = 1 + rnd(12); fl > 0; fl--)
			ts[n++] = (char)('0' + rnd(10));
	}
	if (k < 15) {
		ts[n++] = 'Z';
	} else if (k < 30) {
		n += (size_t)snprintf(ts + n, sizeof(ts) - n,
		                      rnd(2) ? "%c%02d:%02d" : "%c%02d%02d",
		                      off < 0 ? '-' : '+', abs(off) / 3600,
		                      abs(off) / 60 % 60);
	} else if (k < 36) {
		n += (size_t)snprintf(ts + n, sizeof(ts) - n, "%s",
		                      odd[rnd(sizeof(odd) / sizeof(odd[0]))]);
	}
	ts[n] = '\0';
	return (size_t)snprintf(buf, cap, "%s%s%s%s",
	                        rnd(50) ? "" : "\xEF\xBB\xBF", pre, ts,
	                        tail[rnd(sizeof(tail) / sizeof(tail[0]))]);
}

/*
 * Logs written across changes of offset (DST both ways, half-hour DST,
 * negative DST, an odd-second change, a POSIX rule), read line by line
 * through timefmt_line_time_seq_at() (the fast reading where it applies)
 * and through the iso8601 parser and timefmt_fields_to_ns_seq(): the
 * same answer, place and sequence state on every line, also when a
 * sequence starts not knowing the entry before.
 */
static void
check_log(const char *zname, int64_t from, int64_t to, const char *pre,
          int force)
{
	const struct timefmt_def *def = iso_def();
	char err[LS_ERRSZ], line[256], *sample;
	size_t col = 0, got = 0, fast = 0, nchanges = 0, slen = 0;
	int fixed;
	int64_t changes[8];
	struct isofast probe;
	timefmt *h;
	tz *zone;

	assert_int_equal(tz_open(&zone, zname, err), 0);
	assert_int_equal(timefmt_open(&h, zone, err), 0);
	/* The changes of offset in [from, to), a few of them. */
	for (int64_t u = from; u < to && nchanges < 8; u += 3600)
		if (tz_offset_at(zone, u) != tz_offset_at(zone, u + 3600))
			changes[nchanges++] = u;
	assert_true(nchanges > 0 || strcmp(zname, "UTC") == 0);
	if (nchanges == 0)
		changes[nchanges++] = from;
	/* Detection on a sample: iso8601, at a fixed column unless
	 * something alphanumeric comes before it; or the format forced,
	 * which searches every line. */
	sample = xmalloc(65536);
	for (int i = 0; i < 300; i++) {
		size_t n = log_line(line, sizeof(line), zone,
		                    changes[0] + i * 7, pre);

		memcpy(sample + slen, line, n);
		slen += n;
		sample[slen++] = '\n';
	}
	if (force)
		assert_int_equal(timefmt_force(h, "iso8601", err), 0);
	else
		assert_int_equal(timefmt_detect(h, sample, slen), 1);
	free(sample);
	assert_true(timegram_is_iso8601(timefmt_chosen(h)));
	fixed = timefmt_fixed_column(h, &col);
	assert_int_equal(fixed, !force && strpbrk(pre, "0123456789<") == NULL);
	if (fixed)
		assert_int_equal(col, strlen(pre));
	memset(&probe, 0, sizeof(probe));
	for (size_t c = 0; c < nchanges; c++) {
		struct timefmt_seq sa, sb;
		/* Six hours around the change, the clock of the writer
		 * running forward with small steps back. */
		int64_t u = changes[c] - 3 * 3600, end = changes[c] + 3 * 3600;

		timefmt_seq_init(&sa, 1);
		timefmt_seq_init(&sb, 1);
		for (; u < end; u += (int64_t)rnd(40) - 2) {
			struct timefmt_fields f;
			size_t len = log_line(line, sizeof(line), zone, u, pre);
			size_t b = timefmt_bom_len(line, len), start = 0,
			       tslen = 0, n;
			int64_t ta = 0, tb = 0, tp;
			int ra, rb, zl;

			if (rnd(300) == 0) {
				/* Start anew, the entry before unknown. */
				int64_t before = sb.last;

				timefmt_seq_init(&sa, 0);
				timefmt_seq_init(&sb, 0);
				ra = timefmt_line_time_seq_at(h, line, len, &sa,
				                              &ta, &start, &tslen);
				if (ra == -1) {
					timefmt_seq_set(&sa, before);
					timefmt_seq_set(&sb, before);
				}
				if (ra == -1 || ra == 0)
					sa = sb;
			}
			ra = timefmt_line_time_seq_at(h, line, len, &sa, &ta,
			                              &start, &tslen);
			/* Where locate() looks: the column, or the first
			 * place in the first bytes. */
			memset(&f, 0, sizeof(f));
			if (fixed) {
				n = def->parse(def, line + b, len - b, col, &f);
			} else {
				for (col = 0, n = 0;
				     n == 0 && col < TIMEFMT_SCAN_BYTES &&
				     col < len - b;
				     col++)
					n = def->parse(def, line + b, len - b,
					               col, &f);
				col--;
			}
			rb = 0;
			if (n != 0) {
				timefmt_fields_finish(h, &f);
				rb = timefmt_fields_to_ns_seq(&f, zone, &sb,
				                              &tb);
				rb = rb == 0 ? 1 : rb == -2 ? -1 : 0;
			}
			if (ra != rb || (ra == 1 && (ta != tb ||
			                             start != b + col ||
			                             tslen != n)) ||
			    sa.last != sb.last || sa.known != sb.known)
				fail_msg("%s: '%s': %d %lld at %zu+%zu, the "
				         "parser %d %lld at %zu+%zu",
				         zname, line, ra, (long long)ta, start,
				         tslen, rb, (long long)tb, b + col, n);
			got += ra == 1;
			if (isofast_time(&probe, line + b, len - b, col, zone,
			                 &sb, &tp, &zl) != 0)
				fast++;
			sb = sa;
		}
	}
	/* Most lines were read, most of them the fast way where it
	 * applies. */
	assert_true(got > 1000 * nchanges);
	if (fixed || strcmp(pre, "") == 0)
		assert_true(fast * 10 > got * 6);
	timefmt_close(h);
	tz_close(zone);
}

static void
test_logs(void **state)
{
	(void)state;
	check_log("UTC", 1772323200, 1772323200 + 86400, "", 0);
	check_log("America/New_York", 1767225600, 1798761600, "", 0);
	check_log("America/New_York", 1767225600, 1798761600, "", 1);
	check_log("Europe/Berlin", 1767225600, 1798761600, "[", 0);
	check_log("Australia/Lord_Howe", 1767225600, 1798761600, "", 0);
	check_log("Europe/Dublin", 1767225600, 1798761600, "<1> ", 0);
	check_log("Asia/Kathmandu", 473385600, 504921600, "", 0);
	check_log("EST5EDT,M3.2.0,M11.1.0", 1767225600, 1798761600, "", 0);
	/* 1937-07-01: +00:19:32 to +00:20 */
	check_log("Europe/Amsterdam", -1025000000, -1000000000, "", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utc),
	    cmocka_unit_test(test_dst_zone),
	    cmocka_unit_test(test_logs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
