/*
 * test_tz.c - time zones against glibc's own reading of the same zones,
 * plus POSIX rules, bad names and hostile TZif files.
 *
 * glibc is the reference for offsets (localtime_r) and for wall times that
 * occur exactly once (mktime).  For wall times that occur twice or never,
 * mktime guesses, so those are checked against tz.h's documented rule
 * (the earlier offset), with glibc's offsets deciding which case it is.
 */
#include "config.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tz.h"
#include "util.h"

#define T1900 (-2208988800LL)
#define T1970 0LL
#define T2101 4133980800LL
#define T2400 13569465600LL
#define HOUR 3600
#define DAY 86400
/* Odd steps, so samples land at every time of day over the years. */
#define STEP 10007
#define COARSE_STEP (3 * DAY + 7)

/* ---- environment: the tests change TZ and TZDIR and put them back */

static char *saved_tz, *saved_tzdir;

static char *
dup_env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? strdup(v) : NULL;
}

static void
set_env(const char *name, const char *value)
{
	if (value != NULL)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static int
save_env(void **state)
{
	(void)state;
	saved_tz = dup_env("TZ");
	saved_tzdir = dup_env("TZDIR");
	return 0;
}

static int
restore_env(void **state)
{
	(void)state;
	set_env("TZ", saved_tz);
	set_env("TZDIR", saved_tzdir);
	tzset();
	return 0;
}

static int
free_env(void **state)
{
	restore_env(state);
	free(saved_tz);
	free(saved_tzdir);
	return 0;
}

/* Point glibc at a zone (TZ syntax) for the reference answers. */
static void
glibc_use(const char *tzvalue)
{
	set_env("TZ", tzvalue);
	tzset();
}

static int32_t
glibc_off(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	assert_non_null(localtime_r(&tt, &tm));
	return (int32_t)tm.tm_gmtoff;
}

/* mktime of a wall time given as seconds since the epoch read as UTC. */
static int64_t
glibc_mktime(int64_t wall)
{
	time_t tt = (time_t)wall;
	struct tm tm;

	assert_non_null(gmtime_r(&tt, &tm));
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static tz *
open_ok(const char *name)
{
	char err[LS_ERRSZ] = "";
	tz *z = NULL;

	if (tz_open(&z, name, err) != 0)
		fail_msg("tz_open(%s): %s", name, err);
	assert_non_null(z);
	return z;
}

static void
expect_open_fails(const char *name, const char *msg)
{
	char err[LS_ERRSZ] = "";
	tz *z = (tz *)1;

	if (tz_open(&z, name, err) == 0)
		fail_msg("tz_open(%s) succeeded", name);
	assert_null(z);
	if (strstr(err, msg) == NULL)
		fail_msg("tz_open(%s): '%s' lacks '%s'", name, err, msg);
}

static void
expect_offset(const tz *z, const char *name, int64_t t, int32_t want)
{
	int32_t got = tz_offset_at(z, t);

	if (got != want)
		fail_msg("%s: offset at %lld is %d, want %d", name,
		         (long long)t, got, want);
}

static void
expect_l2u(const tz *z, const char *name, int64_t wall, int64_t want)
{
	int64_t got = tz_local_to_utc(z, wall);

	if (got != want)
		fail_msg("%s: wall %lld gives %lld, want %lld", name,
		         (long long)wall, (long long)got, (long long)want);
}

/* ---- comparison with glibc across 1970-2100 */

/*
 * Around a transition at T from offset o1 to o2, a wall time either occurs
 * once (glibc's mktime must agree), twice (the earlier instant, at offset
 * o1) or never (read with o1, the offset before).
 */
static void
check_wall(const tz *z, const char *name, int64_t T, int64_t w)
{
	int32_t o1 = glibc_off(T - 1), o2 = glibc_off(T);
	int64_t c1 = w - o1, c2 = w - o2, want;
	bool v1 = c1 < T && glibc_off(c1) == o1;
	bool v2 = c2 >= T && glibc_off(c2) == o2;

	if (v1 && v2) {
		want = c1; /* occurs twice: the earlier */
	} else if (v1 || v2) {
		want = v1 ? c1 : c2;
		if (glibc_mktime(w) != want)
			fail_msg("%s: mktime(%lld) = %lld, want %lld", name,
			         (long long)w, (long long)glibc_mktime(w),
			         (long long)want);
	} else if (c1 >= T && c2 < T) {
		want = c1; /* skipped: the offset before */
	} else {
		return; /* another transition is close by */
	}
	expect_l2u(z, name, w, want);
}

static void
check_transition(const tz *z, const char *name, int64_t T)
{
	int32_t o1 = glibc_off(T - 1), o2 = glibc_off(T);
	int32_t lo = o1 < o2 ? o1 : o2, hi = o1 < o2 ? o2 : o1;
	int64_t w;

	expect_offset(z, name, T - 1, o1);
	expect_offset(z, name, T, o2);
	expect_offset(z, name, T + 1, glibc_off(T + 1));
	check_wall(z, name, T, T + o1 - 1);
	check_wall(z, name, T, T + o1);
	check_wall(z, name, T, T + o2 - 1);
	check_wall(z, name, T, T + o2);
	for (w = T + lo - HOUR; w <= T + hi + HOUR; w += 300)
		check_wall(z, name, T, w);
}

/*
 * A sampled instant u: its wall time must map back to u, or to an earlier
 * instant with the same wall time (an overlap).  Where no transition is
 * near, mktime must agree too.
 */
static void
check_sample(const tz *z, const char *name, int64_t u, int32_t off,
             bool use_mktime)
{
	int64_t w = u + off, r = tz_local_to_utc(z, w);

	if (r != u && (r > u || u - r > 2 * HOUR || r + glibc_off(r) != w))
		fail_msg("%s: wall %lld of %lld gives %lld", name, (long long)w,
		         (long long)u, (long long)r);
	if (use_mktime && glibc_off(u - DAY) == off &&
	    glibc_off(u + DAY) == off && glibc_mktime(w) != r)
		fail_msg("%s: wall %lld: mktime %lld, tz %lld", name,
		         (long long)w, (long long)glibc_mktime(w),
		         (long long)r);
}

/*
 * Sample [from, to) every step seconds; where glibc's offset changes
 * between samples, find the exact instant by bisection and check around
 * it.  Returns the number of changes seen.
 */
static int
compare_range(const tz *z, const char *name, int64_t from, int64_t to,
              int64_t step)
{
	int64_t t, prev_t = from, lo, hi, mid;
	int32_t g, prev = glibc_off(from);
	int changes = 0, n = 0;

	for (t = from; t < to; t += step, n++) {
		g = glibc_off(t);
		expect_offset(z, name, t, g);
		check_sample(z, name, t, g, n % 16 == 0);
		if (g != prev) {
			lo = prev_t;
			hi = t;
			while (hi - lo > 1) {
				mid = lo + (hi - lo) / 2;
				if (glibc_off(mid) == prev)
					lo = mid;
				else
					hi = mid;
			}
			check_transition(z, name, hi);
			changes++;
		}
		prev = g;
		prev_t = t;
	}
	return changes;
}

static void
compare(const char *name, int min_changes, int max_changes, bool rule_only)
{
	tz *z = open_ok(name);
	int changes;

	glibc_use(name);
	changes = compare_range(z, name, T1970, T2101, STEP);
	if (changes < min_changes || changes > max_changes)
		fail_msg("%s: %d offset changes in 1970-2100, expected %d..%d",
		         name, changes, min_changes, max_changes);
	/*
	 * Coarser, past 2100 and back to 1900.  glibc evaluates a POSIX rule
	 * before 1970 as if the year were 1970; a rule applies to every year
	 * (RFC 8536), so rule-only zones are compared from 1970 on.
	 */
	compare_range(z, name, T2101, T2400, COARSE_STEP);
	if (!rule_only)
		compare_range(z, name, T1900, T1970, COARSE_STEP);
	tz_close(z);
}

static void
compare_zone(const char *name, int min_changes, int max_changes)
{
	compare(name, min_changes, max_changes, false);
}

static void
compare_rule(const char *name, int min_changes, int max_changes)
{
	compare(name, min_changes, max_changes, true);
}

static void
test_berlin(void **state)
{
	(void)state;
	compare_zone("Europe/Berlin", 230, 250);
}

static void
test_new_york(void **state)
{
	(void)state;
	compare_zone("America/New_York", 255, 270);
}

static void
test_lord_howe(void **state)
{
	(void)state;
	compare_zone("Australia/Lord_Howe", 220, 250);
}

static void
test_kolkata(void **state)
{
	tz *z;

	(void)state;
	compare_zone("Asia/Kolkata", 0, 0);
	z = open_ok("Asia/Kolkata");
	expect_offset(z, "Asia/Kolkata", 1772323200, 19800);
	tz_close(z);
}

static void
test_apia(void **state)
{
	tz *z;

	(void)state;
	compare_zone("Pacific/Apia", 10, 30);
	/*
	 * Samoa skipped 2011-12-30: 23:59:59 on the 29th at -10 was followed
	 * by 00:00 on the 31st at +14.  A wall time on the 30th is read with
	 * -10, so noon on the 30th is 22:00 UTC that day.
	 */
	z = open_ok("Pacific/Apia");
	expect_offset(z, "Apia", 1325239199, -36000);
	expect_offset(z, "Apia", 1325239200, 50400);
	expect_l2u(z, "Apia", 1325246400, 1325282400);
	tz_close(z);
}

static void
test_sao_paulo(void **state)
{
	tz *z;

	(void)state;
	compare_zone("America/Sao_Paulo", 60, 90);
	/* DST was abolished in 2019: January 2030 stays at -03. */
	z = open_ok("America/Sao_Paulo");
	expect_offset(z, "Sao_Paulo", 1894665600, -10800);
	expect_offset(z, "Sao_Paulo", 1547856000, -7200); /* Jan 2019 */
	tz_close(z);
}

static void
test_utc(void **state)
{
	static const char *names[] = {"UTC", "utc", "Z", "Etc/UTC"};
	size_t i;
	tz *z;

	(void)state;
	compare_zone("UTC", 0, 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		z = open_ok(names[i]);
		expect_offset(z, names[i], 1772323200, 0);
		expect_offset(z, names[i], INT64_MIN, 0);
		expect_l2u(z, names[i], 1772323200, 1772323200);
		expect_l2u(z, names[i], INT64_MAX, INT64_MAX);
		tz_close(z);
	}
}

/* ---- POSIX rules */

static void
same_offsets(const char *label, const tz *a, const tz *b)
{
	int64_t t;

	for (t = T1970; t < T2101; t += 20 * DAY + 7)
		if (tz_offset_at(a, t) != tz_offset_at(b, t))
			fail_msg("%s: differ at %lld", label, (long long)t);
}

static void
test_posix_vs_glibc(void **state)
{
	(void)state;
	compare_rule("EST5EDT,M3.2.0,M11.1.0", 255, 270);
	compare_rule("<+0330>-3:30", 0, 0);
	compare_rule("JST-9", 0, 0);
	compare_rule("CET-1CEST,M3.5.0,M10.5.0/3", 260, 264);
	compare_rule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 260, 264);
	/* Ireland: "summer" is standard, winter a negative DST. */
	compare_rule("IST-1GMT0,M10.5.0,M3.5.0/1", 260, 264);
	/* Julian days without and with February 29. */
	compare_rule("AAA3BBB,J60/2,300/2", 260, 264);
	/* RFC 8536 version 3: negative and long rule times. */
	compare_rule("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", 260, 264);
	compare_rule("<+00>0<+01>,M3.5.0/30,M10.5.0/100", 260, 264);
	/* Changes next to New Year, and DST that ends as it starts. */
	compare_rule("AAA3BBB,0/1,J200", 260, 264);
	compare_rule("AAA3BBB,J100,J365/20", 260, 264);
	compare_rule("AAA3BBB,M3.2.0/2,M3.2.0/3", 0, 0);
}

static void
test_posix_exact(void **state)
{
	tz *z, *ref;

	(void)state;
	ref = z = open_ok("EST5EDT,M3.2.0,M11.1.0");
	/* 2026-03-08 02:00 EST = 07:00 UTC; 2026-11-01 02:00 EDT = 06:00. */
	expect_offset(z, "EST5EDT", 1772953199, -18000);
	expect_offset(z, "EST5EDT", 1772953200, -14400);
	expect_offset(z, "EST5EDT", 1793512799, -14400);
	expect_offset(z, "EST5EDT", 1793512800, -18000);
	/* 02:30 on 2026-03-08 does not exist: read as EST, 07:30 UTC. */
	expect_l2u(z, "EST5EDT", 1772937000, 1772955000);
	/* 01:30 on 2026-11-01 happens twice: the EDT one, 05:30 UTC. */
	expect_l2u(z, "EST5EDT", 1793496600, 1793511000);

	/*
	 * DST without dates takes the US rules since 2007, as glibc does when
	 * it has no "posixrules" file (with one, it copies that zone's
	 * history, which is why this is not compared with glibc).
	 */
	z = open_ok("AAA5BBB");
	same_offsets("AAA5BBB", z, ref);
	tz_close(z);
	tz_close(ref);

	z = open_ok("<+0330>-3:30");
	expect_offset(z, "+0330", 1772323200, 12600);
	expect_l2u(z, "+0330", 1772323200, 1772323200 - 12600);
	tz_close(z);

	z = open_ok("JST-9");
	expect_offset(z, "JST", -1000000000, 32400);
	expect_offset(z, "JST", 1772323200, 32400);
	tz_close(z);

	/*
	 * DST all year (RFC 8536 section 3.3.1): it ends at the instant it
	 * restarts, so the offset never leaves -4, not even in the hours
	 * around New Year where glibc briefly reports -5.
	 */
	z = open_ok("EST5EDT4,0/0,J365/25");
	expect_offset(z, "all-year", 1767229200, -14400); /* 01:00 UTC */
	expect_offset(z, "all-year", 1767240000, -14400); /* 04:00 UTC */
	expect_offset(z, "all-year", 1767243600, -14400); /* 05:00 UTC */
	expect_offset(z, "all-year", 1782864000, -14400); /* July */
	expect_offset(z, "all-year", 1798758000, -14400);
	expect_l2u(z, "all-year", 1767225600, 1767225600 + 14400);
	tz_close(z);

	/*
	 * DST that starts 100 hours after the last day of the year begins in
	 * the next one: 2026-01-04 04:00 at -03 (07:00 UTC).
	 */
	z = open_ok("AAA3BBB,J365/100,J200");
	expect_offset(z, "J365/100", 1767312000, -10800); /* 2026-01-02 */
	expect_offset(z, "J365/100", 1767510000 - 1, -10800);
	expect_offset(z, "J365/100", 1767510000, -7200);
	expect_offset(z, "J365/100", 1767571200, -7200); /* 2026-01-05 */
	tz_close(z);
	/*
	 * Both changes of 2025 fall in January 2026, so on 2026-01-02 the
	 * DST that 2024's rule started on 2025-01-05 is still on.
	 */
	z = open_ok("AAA3BBB,J365/120,J365/100");
	expect_offset(z, "J365/120", 1767312000, -7200);
	expect_offset(z, "J365/120", 1767506400 - 1, -7200);
	expect_offset(z, "J365/120", 1767506400, -10800);
	expect_offset(z, "J365/120", 1767582000 - 1, -10800);
	expect_offset(z, "J365/120", 1767582000, -7200);
	tz_close(z);
}

static void
test_posix_bad(void **state)
{
	static const char *bad[] = {
	    "ABCD",                       /* no offset */
	    "EST+",                       /* sign without hours */
	    "ES5",                        /* name too short */
	    "<+0>-3",                     /* quoted name too short */
	    "<+03-3",                     /* unterminated quote */
	    "EST25",                      /* hours out of range */
	    "EST5:60",                    /* minutes out of range */
	    "EST5EDT,M3.2.0",             /* start without end */
	    "EST5EDT,M13.2.0,M11.1.0",    /* month 13 */
	    "EST5EDT,M3.6.0,M11.1.0",     /* week 6 */
	    "EST5EDT,M3.2.7,M11.1.0",     /* weekday 7 */
	    "EST5EDT,J0,J365",            /* J counts from 1 */
	    "EST5EDT,366,J365",           /* day 366 */
	    "EST5EDT,M3.2.0/168,M11.1.0", /* hours beyond 167 */
	    "EST5EDT,M3.2.0,M11.1.0x",    /* trailing text */
	    "EST5EDT,",                   /* empty rule */
	    "EST5 EDT",                   /* space */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_open_fails(bad[i], "unknown time zone");
}

/* ---- gaps and overlaps, spelled out */

static void
test_gap_and_overlap(void **state)
{
	tz *z;

	(void)state;
	z = open_ok("Europe/Berlin");
	/* 2026-03-29 02:30 does not exist: read as +01, 01:30 UTC. */
	expect_l2u(z, "Berlin", 1774751400, 1774747800);
	/* 03:00 the same day is CEST, 01:00 UTC. */
	expect_l2u(z, "Berlin", 1774753200, 1774746000);
	/* 2026-10-25 02:30 happens twice: the CEST one, 00:30 UTC. */
	expect_l2u(z, "Berlin", 1792895400, 1792888200);
	/* 03:00 that day is only CET, 02:00 UTC. */
	expect_l2u(z, "Berlin", 1792897200, 1792893600);
	tz_close(z);

	/* Lord Howe moves by half an hour: 02:00-02:30 is skipped. */
	z = open_ok("Australia/Lord_Howe");
	expect_l2u(z, "Lord_Howe", 1791080100, 1791080100 - 37800);
	expect_offset(z, "Lord_Howe", 1791041400 - 1, 37800);
	expect_offset(z, "Lord_Howe", 1791041400, 39600);
	tz_close(z);
}

static void
test_extremes(void **state)
{
	static const char *names[] = {"America/New_York", "Asia/Kolkata",
	                              "EST5EDT,M3.2.0,M11.1.0", "Pacific/Apia"};
	static const int64_t ts[] = {INT64_MIN,     INT64_MIN + 1, -(1LL << 60),
	                             -(1LL << 59),  1LL << 59,     1LL << 60,
	                             INT64_MAX - 1, INT64_MAX};
	size_t i, j;
	int32_t off;
	int64_t r;
	tz *z;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		z = open_ok(names[i]);
		for (j = 0; j < sizeof(ts) / sizeof(ts[0]); j++) {
			off = tz_offset_at(z, ts[j]);
			assert_true(off >= -89999 && off <= 93599);
			r = tz_local_to_utc(z, ts[j]);
			/* Never wraps around: same side, within a day. */
			if (ts[j] > 0)
				assert_true(r > 0 && ts[j] - r < 2 * DAY &&
				            r - ts[j] < 2 * DAY);
			else
				assert_true(r < 0 && ts[j] - r < 2 * DAY &&
				            r - ts[j] < 2 * DAY);
		}
		tz_close(z);
	}
	z = open_ok("America/New_York");
	assert_true(tz_local_to_utc(z, INT64_MAX) == INT64_MAX);
	tz_close(z);
	z = open_ok("Asia/Kolkata");
	assert_true(tz_local_to_utc(z, INT64_MIN) == INT64_MIN);
	tz_close(z);
	tz_close(NULL);
}

/* ---- "local" */

static void
test_local(void **state)
{
	tz *z, *ref;
	int64_t t;

	(void)state;
	/* Unset: /etc/localtime, as glibc reads it (UTC if absent). */
	set_env("TZ", NULL);
	z = open_ok("local");
	glibc_use(NULL);
	for (t = T1970; t < T2101; t += 20 * DAY + 7)
		expect_offset(z, "local (unset)", t, glibc_off(t));
	tz_close(z);

	/* Empty, or a bare colon: UTC. */
	set_env("TZ", "");
	z = open_ok("local");
	expect_offset(z, "TZ=''", 1782864000, 0);
	tz_close(z);
	set_env("TZ", ":");
	z = open_ok("local");
	expect_offset(z, "TZ=':'", 1782864000, 0);
	tz_close(z);

	ref = open_ok("Europe/Berlin");
	set_env("TZ", ":Europe/Berlin");
	z = open_ok("local");
	same_offsets("TZ=:Europe/Berlin", z, ref);
	tz_close(z);
	set_env("TZ", "Europe/Berlin");
	z = open_ok("local");
	same_offsets("TZ=Europe/Berlin", z, ref);
	tz_close(z);
	/* An absolute file name is honoured from TZ, as glibc does. */
	set_env("TZ", ":/usr/share/zoneinfo/Europe/Berlin");
	z = open_ok("local");
	same_offsets("TZ=:/usr/share/zoneinfo/Europe/Berlin", z, ref);
	tz_close(z);
	tz_close(ref);

	ref = open_ok("EST5EDT,M3.2.0,M11.1.0");
	set_env("TZ", "EST5EDT,M3.2.0,M11.1.0");
	z = open_ok("local");
	same_offsets("TZ=EST5EDT,...", z, ref);
	tz_close(z);
	tz_close(ref);

	set_env("TZ", "Not a zone");
	expect_open_fails("local", "unknown time zone 'Not a zone'");
	set_env("TZ", "../../etc/passwd");
	expect_open_fails("local", "unknown time zone");
}

/* ---- bad names and hostile files */

static void
test_bad_names(void **state)
{
	(void)state;
	expect_open_fails("No/Such_Zone", "unknown time zone 'No/Such_Zone'");
	expect_open_fails("../../etc/passwd", "unknown time zone");
	expect_open_fails("Europe/../../../etc/passwd", "unknown time zone");
	expect_open_fails("/etc/passwd", "unknown time zone");
	expect_open_fails("/usr/share/zoneinfo/UTC", "unknown time zone");
	expect_open_fails("./UTC", "unknown time zone");
	expect_open_fails("Europe//Berlin", "unknown time zone");
	expect_open_fails("Europe/Berlin/", "unknown time zone");
	expect_open_fails("Europe", "unknown time zone"); /* a directory */
	expect_open_fails("", "unknown time zone");
	expect_open_fails("local ", "unknown time zone");
}

/*
 * Tests that write zone files get a fresh directory as TZDIR from their
 * setup; the teardown removes it even when the test failed.
 */
struct tmpdir {
	char path[256];
};

static const char *const tmp_names[] = {"Zone", "Crafted", "Slim"};

static int
tmpdir_setup(void **state)
{
	struct tmpdir *d = calloc(1, sizeof(*d));
	const char *base = getenv("TMPDIR");

	if (d == NULL)
		return -1;
	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(d->path, sizeof(d->path), "%s/test_tz.XXXXXX", base);
	if (mkdtemp(d->path) == NULL) {
		free(d);
		return -1;
	}
	set_env("TZDIR", d->path);
	*state = d;
	return 0;
}

static int
tmpdir_teardown(void **state)
{
	struct tmpdir *d = *state;
	char path[300];
	size_t i;

	for (i = 0; i < sizeof(tmp_names) / sizeof(tmp_names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", d->path, tmp_names[i]);
		unlink(path);
	}
	rmdir(d->path);
	free(d);
	return restore_env(state);
}

static void
tmpdir_write(const struct tmpdir *d, const char *name, const void *data,
             size_t len)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", d->path, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char *buf = malloc(1 << 20);
	FILE *f = fopen(path, "rb");

	assert_non_null(buf);
	assert_non_null(f);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	assert_true(*len > 0);
	return buf;
}

/* Every offset a zone can report stays within RFC 8536's range. */
static void
probe_zone(const tz *z)
{
	int64_t t;

	for (t = -(1LL << 40); t < (1LL << 40); t += (1LL << 36) + 12345) {
		assert_in_range(tz_offset_at(z, t) + 89999, 0, 89999 + 93599);
		(void)tz_local_to_utc(z, t);
	}
}

static void
test_truncated_and_flipped(void **state)
{
	struct tmpdir *d = *state;
	unsigned char *buf, *copy;
	size_t len, n, i;
	char err[LS_ERRSZ];
	int bit, opened = 0;
	tz *z;

	buf = slurp("/usr/share/zoneinfo/Europe/Berlin", &len);
	copy = malloc(len);
	assert_non_null(copy);

	/* The whole file works from the temporary TZDIR... */
	tmpdir_write(d, "Zone", buf, len);
	z = open_ok("Zone");
	expect_offset(z, "copy", 1782864000, 7200);
	tz_close(z);

	/* ...and every proper prefix of it is refused. */
	for (n = 0; n < len; n++) {
		tmpdir_write(d, "Zone", buf, n);
		err[0] = '\0';
		z = NULL;
		if (tz_open(&z, "Zone", err) == 0)
			fail_msg("prefix of %zu bytes accepted", n);
		assert_null(z);
		assert_true(strncmp(err, "time zone 'Zone': ", 18) == 0);
	}

	/* A flipped bit anywhere is refused or still gives sane offsets. */
	for (i = 0; i < len; i++) {
		bit = (int)(i * 7 % 8);
		memcpy(copy, buf, len);
		copy[i] ^= (unsigned char)(1u << bit);
		tmpdir_write(d, "Zone", copy, len);
		if (tz_open(&z, "Zone", err) == 0) {
			probe_zone(z);
			tz_close(z);
			opened++;
		}
	}
	/* Flips in transition times and abbreviations go unnoticed. */
	assert_true(opened > 0 && (size_t)opened < len);

	free(copy);
	free(buf);
}

/* A little TZif writer for crafted files. */
struct spec {
	char version; /* '\0', '2', '3', '4' */
	uint32_t timecnt, typecnt, charcnt, leapcnt, isstdcnt, isutcnt;
	int64_t trans[4];
	uint8_t idx[4];
	int32_t off[3];
	uint8_t isdst[3];
	uint8_t desig[3];
	uint8_t isstd[3], isut[3];
	const char *footer; /* written as is, newlines included */
	bool no_second_header;
	char second_version;
	char magic[5];
};

struct out {
	unsigned char b[4096];
	size_t n;
};

static void
put(struct out *o, const void *p, size_t n)
{
	assert_true(o->n + n <= sizeof(o->b));
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void
put_be(struct out *o, uint64_t v, int bytes)
{
	unsigned char c;

	while (bytes-- > 0) {
		c = (unsigned char)(v >> (8 * bytes));
		put(o, &c, 1);
	}
}

static void
put_header(struct out *o, const struct spec *s, char version,
           const uint32_t counts[6])
{
	static const unsigned char zero[15];
	int i;

	put(o, s->magic[0] != '\0' ? s->magic : "TZif", 4);
	put(o, &version, 1);
	put(o, zero, 15);
	for (i = 0; i < 6; i++)
		put_be(o, counts[i], 4);
}

static void
put_block(struct out *o, const struct spec *s, int tsz)
{
	static const char chars[16] = "AAA\0BBB\0CCC\0";
	uint32_t i;

	for (i = 0; i < s->timecnt && i < 4; i++)
		put_be(o, (uint64_t)s->trans[i], tsz);
	for (i = 0; i < s->timecnt && i < 4; i++)
		put(o, &s->idx[i], 1);
	for (i = 0; i < s->typecnt && i < 400; i++) {
		put_be(o, i < 3 ? (uint32_t)s->off[i] : 0, 4);
		put(o, i < 3 ? &s->isdst[i] : &s->isdst[0], 1);
		put(o, i < 3 ? &s->desig[i] : &s->desig[0], 1);
	}
	put(o, chars, s->charcnt < 16 ? s->charcnt : 16);
	for (i = 0; i < s->leapcnt; i++) {
		put_be(o, 78796800 + i, tsz);
		put_be(o, i + 1, 4);
	}
	for (i = 0; i < s->isstdcnt && i < 3; i++)
		put(o, &s->isstd[i], 1);
	for (i = 0; i < s->isutcnt && i < 3; i++)
		put(o, &s->isut[i], 1);
}

static void
build(struct out *o, const struct spec *s)
{
	uint32_t counts[6] = {s->isutcnt, s->isstdcnt, s->leapcnt,
	                      s->timecnt, s->typecnt,  s->charcnt};
	/* The v1 block of a v2+ file holds a decoy zone at +03:25:45. */
	static const uint32_t decoy_counts[6] = {0, 0, 0, 0, 1, 4};
	static const unsigned char decoy[10] = {0, 0,   0x30, 0x39, 0,
	                                        0, 'D', 'C',  'Y',  0};

	o->n = 0;
	if (s->version == '\0') {
		put_header(o, s, '\0', counts);
		put_block(o, s, 4);
		return;
	}
	put_header(o, s, s->version, decoy_counts);
	put(o, decoy, sizeof(decoy));
	if (s->no_second_header)
		return;
	put_header(o, s, s->second_version ? s->second_version : s->version,
	           counts);
	put_block(o, s, 8);
	if (s->footer != NULL)
		put(o, s->footer, strlen(s->footer));
}

/* A v2 zone at +00 until 1000, +02 after, rule "<+02>-2" in the footer. */
static struct spec
base_spec(void)
{
	struct spec s = {
	    .version = '2',
	    .timecnt = 1,
	    .typecnt = 2,
	    .charcnt = 8,
	    .trans = {1000},
	    .idx = {1},
	    .off = {0, 7200},
	    .desig = {0, 4},
	    .footer = "\n<+02>-2\n",
	};

	return s;
}

static tz *
open_spec(const struct tmpdir *d, const struct spec *s, char *err)
{
	struct out o;
	tz *z = NULL;

	build(&o, s);
	tmpdir_write(d, "Crafted", o.b, o.n);
	err[0] = '\0';
	if (tz_open(&z, "Crafted", err) != 0)
		return NULL;
	return z;
}

static void
test_crafted_good(void **state)
{
	struct tmpdir *d = *state;
	struct spec s;
	char err[LS_ERRSZ];
	tz *z;

	/* v2: the 64-bit block and the footer are used, not the decoy. */
	s = base_spec();
	z = open_spec(d, &s, err);
	if (z == NULL)
		fail_msg("base: %s", err);
	expect_offset(z, "v2", 999, 0);
	expect_offset(z, "v2", 1000, 7200);
	expect_offset(z, "v2", 1LL << 40, 7200);
	tz_close(z);

	/* Version 1: 32-bit times, and the last type stays in effect. */
	s = base_spec();
	s.version = '\0';
	s.timecnt = 2;
	s.trans[1] = 2000;
	s.idx[1] = 0;
	z = open_spec(d, &s, err);
	if (z == NULL)
		fail_msg("v1: %s", err);
	expect_offset(z, "v1", -5, 0);
	expect_offset(z, "v1", 1500, 7200);
	expect_offset(z, "v1", 1LL << 40, 0);
	tz_close(z);

	/* An empty footer: no rule, the last type stays in effect. */
	s = base_spec();
	s.footer = "\n\n";
	s.off[1] = 3600;
	z = open_spec(d, &s, err);
	if (z == NULL)
		fail_msg("empty footer: %s", err);
	expect_offset(z, "empty footer", 1LL << 40, 3600);
	tz_close(z);

	/* Version 3, no transitions: the footer rule (negative times). */
	s = base_spec();
	s.version = '3';
	s.timecnt = 0;
	s.footer = "\n<-03>3<-02>,M3.5.0/-2,M10.5.0/-1\n";
	z = open_spec(d, &s, err);
	if (z == NULL)
		fail_msg("v3: %s", err);
	expect_offset(z, "v3", 1774745999, -10800); /* 2026-03-29 00:59:59 */
	expect_offset(z, "v3", 1774746000, -7200);
	expect_offset(z, "v3", 1792890000 - 1, -7200); /* 2026-10-25 01:00 */
	expect_offset(z, "v3", 1792890000, -10800);
	tz_close(z);

	/* Version 4 with leap-second records and indicators: accepted. */
	s = base_spec();
	s.version = '4';
	s.leapcnt = 2;
	s.isstdcnt = s.isutcnt = 2;
	s.isstd[1] = s.isut[1] = 1;
	z = open_spec(d, &s, err);
	if (z == NULL)
		fail_msg("v4: %s", err);
	expect_offset(z, "v4", 5000, 7200);
	tz_close(z);
}

/*
 * A "slim" file, as zic writes by default: a few transitions, then the
 * footer rule for everything after.  glibc reads the same file.
 */
static void
test_crafted_slim(void **state)
{
	struct tmpdir *d = *state;
	struct spec s = base_spec();
	struct out o;

	s.timecnt = 2;
	s.trans[0] = 954032400; /* 2000-03-26 01:00 UTC */
	s.trans[1] = 972781200; /* 2000-10-29 01:00 UTC */
	s.idx[0] = 1;
	s.idx[1] = 0;
	s.off[0] = 3600;
	s.isdst[1] = 1;
	s.footer = "\nCET-1CEST,M3.5.0,M10.5.0/3\n";
	build(&o, &s);
	tmpdir_write(d, "Slim", o.b, o.n);
	compare_rule("Slim", 200, 204);
}

static void
test_crafted_bad(void **state)
{
	struct tmpdir *d = *state;
	struct spec s;
	char err[LS_ERRSZ];
	struct out o;
	size_t n;
	int i;
	tz *z;

	for (i = 0;; i++) {
		const char *want = NULL;

		s = base_spec();
		switch (i) {
		case 0:
			memcpy(s.magic, "TZiF", 5);
			want = "not a TZif file";
			break;
		case 1:
			s.version = 'x';
			want = "unknown TZif version";
			break;
		case 2:
			s.typecnt = 0;
			want = "type count";
			break;
		case 3:
			s.idx[0] = 2;
			want = "transition type 2 out of range";
			break;
		case 4:
			s.desig[1] = 8;
			want = "local time type";
			break;
		case 5:
			s.isdst[0] = 2;
			want = "local time type";
			break;
		case 6:
			s.timecnt = 2;
			s.trans[1] = 1000; /* not after the first */
			want = "out of order";
			break;
		case 7:
			s.off[0] = INT32_MIN;
			want = "out of range";
			break;
		case 8:
			s.off[1] = 100000;
			want = "out of range";
			break;
		case 9:
			s.isutcnt = 1;
			want = "inconsistent";
			break;
		case 10:
			s.isstdcnt = s.isutcnt = 2;
			s.isut[0] = 1; /* UT implies standard */
			want = "indicator";
			break;
		case 11:
			s.timecnt = 0xffffffff;
			want = "truncated";
			break;
		case 12:
			s.charcnt = 0;
			want = "inconsistent";
			break;
		case 13:
			s.no_second_header = true;
			want = "not a TZif file";
			break;
		case 14:
			s.second_version = '\0' + 1; /* \001 */
			want = "unknown TZif version";
			break;
		case 15:
			s.footer = "<+02>-2\n";
			want = "missing TZif footer";
			break;
		case 16:
			s.footer = "\n<+02>-2";
			want = "missing TZif footer";
			break;
		case 17:
			s.footer = NULL;
			want = "missing TZif footer";
			break;
		case 18:
			s.footer = "\nEurope/Berlin\n";
			want = "bad TZif footer";
			break;
		case 19:
			s.footer = "\nEST5EDT,M3.2.0\n";
			want = "bad TZif footer";
			break;
		case 20:
			s.typecnt = 300;
			want = "type count";
			break;
		}
		if (want == NULL)
			break;
		z = open_spec(d, &s, err);
		if (z != NULL)
			fail_msg("case %d accepted", i);
		if (strstr(err, want) == NULL)
			fail_msg("case %d: '%s' lacks '%s'", i, err, want);
	}

	/* Every prefix of a crafted v4 file with all parts is refused. */
	s = base_spec();
	s.version = '4';
	s.leapcnt = 1;
	s.isstdcnt = s.isutcnt = 2;
	build(&o, &s);
	for (n = 0; n < o.n; n++) {
		tmpdir_write(d, "Crafted", o.b, n);
		if (tz_open(&z, "Crafted", err) == 0)
			fail_msg("prefix of %zu bytes accepted", n);
	}

	/* A file that is not TZif at all, and a directory. */
	tmpdir_write(d, "Crafted", "hello\n", 6);
	expect_open_fails("Crafted", "not a TZif file");
}


/*
 * tz_repeat_step() against glibc: every 10 minutes of 2020-2030 in zones
 * with hour and half-hour steps, u is a first occurrence exactly when the
 * wall time u shows comes back step seconds later; a calm stretch it
 * returns holds u and no first occurrence at its ends or middle.
 */
static void
test_repeat_step(void **state)
{
	static const char *const zones[] = {"America/New_York",
	                                    "Europe/Berlin",
	                                    "Australia/Lord_Howe", "UTC"};
	static const int32_t steps[] = {3600, 3600, 1800, 0};

	(void)state;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		tz *z = open_ok(zones[i]);
		int firsts = 0;

		glibc_use(zones[i]);
		for (int64_t u = 1577836800; u < 1893456000; u += 600) {
			int64_t lo, hi, pts[3];
			int32_t step = tz_repeat_step(z, u, &lo, &hi);
			int repeats = steps[i] != 0 &&
			              u + glibc_off(u) ==
			                  u + steps[i] + glibc_off(u + steps[i]);

			if (repeats != (step != 0) ||
			    (repeats && step != steps[i]))
				fail_msg("%s: %lld: step %d, glibc %d", zones[i],
				         (long long)u, (int)step,
				         repeats ? (int)steps[i] : 0);
			firsts += step != 0;
			if (step != 0)
				continue;
			if (!(lo <= u && u < hi))
				fail_msg("%s: %lld not in [%lld, %lld)",
				         zones[i], (long long)u, (long long)lo,
				         (long long)hi);
			pts[0] = lo;
			pts[1] = hi == INT64_MAX ? u : hi - 1;
			pts[2] = lo + (pts[1] - lo) / 2;
			for (int k = 0; k < 3; k++) {
				int64_t l2, h2;

				if (tz_repeat_step(z, pts[k], &l2, &h2) != 0)
					fail_msg("%s: %lld in calm [%lld, %lld) "
					         "repeats",
					         zones[i], (long long)pts[k],
					         (long long)lo, (long long)hi);
			}
		}
		/* Six stretches of 10-minute samples a year, or three. */
		if (steps[i] != 0 && firsts < 10 * 3 * (int)(steps[i] / 1800))
			fail_msg("%s: only %d first occurrences", zones[i],
			         firsts);
		if (steps[i] == 0 && firsts != 0)
			fail_msg("UTC repeats");
		tz_close(z);
	}
}

/* Check one wall time v of a calm stretch: read with its offset, and
 * not a first occurrence of a repeated wall time. */
static void
calm_point(const char *name, const tz *z, int64_t v, int32_t off, int64_t lo,
           int64_t hi)
{
	int64_t l2, h2, u = tz_local_to_utc(z, v);

	if (u != v - off || tz_repeat_step(z, u, &l2, &h2) != 0)
		fail_msg("%s: wall %lld in calm [%lld, %lld) offset %d: "
		         "utc %lld, repeats %d",
		         name, (long long)v, (long long)lo, (long long)hi,
		         (int)off, (long long)u,
		         (int)tz_repeat_step(z, u, &l2, &h2));
}

/*
 * tz_local_calm() against tz_local_to_utc() and tz_repeat_step() in zones
 * with hour, half-hour and odd-second changes, negative DST and a POSIX
 * rule: every wall time of a calm stretch reads as wall - offset and
 * repeats nothing (its ends and middle always; every second near a
 * change), and the stretches cover nearly all wall times.
 */
static void
test_local_calm(void **state)
{
	static const struct {
		const char *name;
		int64_t from, to; /* wall times, as if UTC */
	} zones[] = {
	    {"America/New_York", 1577836800, 1893456000},
	    {"Europe/Berlin", 1577836800, 1893456000},
	    {"Australia/Lord_Howe", 1577836800, 1893456000},
	    {"Europe/Dublin", 1577836800, 1893456000},
	    {"America/Sao_Paulo", 1199145600, 1577836800},
	    {"Pacific/Apia", 1262304000, 1420070400},
	    /* 1937: +00:19:32 to +00:20; 1940: to CEST */
	    {"Europe/Amsterdam", -1104537600, -883612800},
	    {"EST5EDT,M3.2.0,M11.1.0", 1577836800, 1893456000},
	    {"UTC", 1577836800, 1893456000},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		tz *z = open_ok(zones[i].name);
		size_t n = 0, empty = 0, near = 0;

		for (int64_t w = zones[i].from; w < zones[i].to; w += 1193) {
			int64_t lo, hi;
			int32_t off = tz_local_calm(z, w, &lo, &hi);

			n++;
			if (lo == hi) {
				empty++;
				continue;
			}
			if (!(lo <= w && w < hi))
				fail_msg("%s: %lld not in [%lld, %lld)",
				         zones[i].name, (long long)w,
				         (long long)lo, (long long)hi);
			calm_point(zones[i].name, z, lo, off, lo, hi);
			calm_point(zones[i].name, z, hi - 1, off, lo, hi);
			calm_point(zones[i].name, z, w, off, lo, hi);
			calm_point(zones[i].name, z, lo + (hi - lo) / 2, off, lo,
			           hi);
			if (hi - w > 3600 && w - lo > 3600)
				continue;
			near++;
			for (int64_t v = w - 1300; v < w + 1300; v++)
				if (v >= lo && v < hi)
					calm_point(zones[i].name, z, v, off, lo,
					           hi);
		}
		if (empty * 100 > n)
			fail_msg("%s: %zu of %zu wall times in no calm stretch",
			         zones[i].name, empty, n);
		if (strcmp(zones[i].name, "UTC") != 0 && near == 0)
			fail_msg("%s: no change came near", zones[i].name);
		tz_close(z);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_berlin, restore_env),
	    cmocka_unit_test_teardown(test_new_york, restore_env),
	    cmocka_unit_test_teardown(test_lord_howe, restore_env),
	    cmocka_unit_test_teardown(test_kolkata, restore_env),
	    cmocka_unit_test_teardown(test_apia, restore_env),
	    cmocka_unit_test_teardown(test_sao_paulo, restore_env),
	    cmocka_unit_test_teardown(test_utc, restore_env),
	    cmocka_unit_test_teardown(test_posix_vs_glibc, restore_env),
	    cmocka_unit_test_teardown(test_posix_exact, restore_env),
	    cmocka_unit_test_teardown(test_posix_bad, restore_env),
	    cmocka_unit_test_teardown(test_gap_and_overlap, restore_env),
	    cmocka_unit_test_teardown(test_repeat_step, restore_env),
	    cmocka_unit_test_teardown(test_local_calm, restore_env),
	    cmocka_unit_test_teardown(test_extremes, restore_env),
	    cmocka_unit_test_teardown(test_local, restore_env),
	    cmocka_unit_test_teardown(test_bad_names, restore_env),
	    cmocka_unit_test_setup_teardown(test_truncated_and_flipped,
	                                    tmpdir_setup, tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(test_crafted_good, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(test_crafted_slim, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(test_crafted_bad, tmpdir_setup,
	                                    tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, save_env, free_env);
}
