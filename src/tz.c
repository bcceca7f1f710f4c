/*
 * tz.c - time zones read from TZif files (RFC 8536 / RFC 9636) and POSIX TZ
 * rules, independent of the process's own TZ setting.
 *
 * A zone is a sorted table of transitions (UTC instant, offset in effect
 * from then on), the offset before the first transition, and optionally a
 * POSIX rule that governs every instant after the last transition (the TZif
 * footer) or all instants (a zone given as a rule).  The rule's changes
 * from 1970 to 2200 are tabulated too, so lookups in that era are binary
 * searches.  Everything is built in tz_open(); the lookups only read it,
 * so a zone can be shared by threads.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tz.h"
#include "util.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_LOCALTIME "/etc/localtime"

/* Real zone files are a few KiB; anything much larger is not one. */
#define TZ_MAX_FILE (1024 * 1024)
/* Longest zone name looked up as a file (the longest real one is ~30). */
#define TZ_MAX_NAME 255

/*
 * UTC offsets are kept within RFC 8536's recommended range, which also
 * covers every POSIX offset (up to 24:59:59, plus an hour for DST).  The
 * bound matters: tz_local_to_utc() only looks for transitions within
 * TZ_SPAN seconds of the wall time.
 */
#define TZ_OFF_MIN (-89999)
#define TZ_OFF_MAX 93599
#define TZ_SPAN 93600

/*
 * Instants are clamped to +-2^59 s (about 18 billion years) before calendar
 * arithmetic so that nothing can overflow; zone rules are meaningless there
 * anyway.
 */
#define TZ_LIMIT ((int64_t)1 << 59)

#define SECS_PER_DAY 86400
#define SECS_PER_HOUR 3600

/* The three POSIX forms of a rule date. */
enum rule_kind {
	RULE_JULIAN1, /* Jn: day 1..365, February 29 never counted */
	RULE_JULIAN0, /* n: day 0..365, February 29 counted in leap years */
	RULE_MONTH,   /* Mm.w.d: day d of week w (5 = last) of month m */
};

struct rule_date {
	enum rule_kind kind;
	int day;      /* day number, or the weekday (0 = Sunday) for Mm.w.d */
	int month;    /* 1..12, Mm.w.d only */
	int week;     /* 1..5, Mm.w.d only */
	int32_t secs; /* local time of day of the change, -167h..167h */
};

/* A POSIX TZ rule; offsets are seconds east of UTC. */
struct posix_rule {
	int32_t std_off;
	int32_t dst_off;
	bool has_dst;
	struct rule_date start; /* standard -> DST, in standard local time */
	struct rule_date end;   /* DST -> standard, in DST local time */
};

/*
 * The changes a rule makes in [TZ_TABLE_FROM, TZ_TABLE_UNTIL) are worked
 * out once by tz_open(), so that logs of this era cost a binary search
 * rather than calendar arithmetic per lookup.
 */
#define TZ_TABLE_FROM 0LL           /* 1970-01-01 */
#define TZ_TABLE_UNTIL 7258118400LL /* 2200-01-01 */

/* Sorted instants, each with the offset in effect from then on. */
struct tz_table {
	size_t n;
	int64_t *at;
	int32_t *off;
};

struct tz {
	struct tz_table trans; /* the TZif transitions */
	int32_t first_off;     /* offset before the first (time type 0) */
	bool has_rule;         /* rule governs from the last one on */
	struct posix_rule rule;
	struct tz_table rule_tab; /* the rule's changes in the table era */
	int32_t rule_tab_off;     /* the rule's offset at TZ_TABLE_FROM */
};

/* Outcome of reading a zone file: absent is not an error in itself. */
enum load_result { LOAD_OK, LOAD_ABSENT, LOAD_ERROR };

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) */

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};

	return len[m - 1] + (m == 2 && is_leap(y));
}

/*
 * Days from 1970-01-01 to y-m-d.  Counting years from March makes the leap
 * day the last day of a year, so a 400-year era is a fixed 146097 days and
 * the day of the year follows from the month by a linear formula.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The calendar year of a day number; the inverse of the above. */
static int64_t
year_from_days(int64_t days)
{
	int64_t z, era, doe, yoe, doy, mp;

	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	/* mp 10 and 11 are January and February of the next civil year. */
	return yoe + era * 400 + (mp >= 10);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

static int64_t
clamp_instant(int64_t t)
{
	if (t > TZ_LIMIT)
		return TZ_LIMIT;
	if (t < -TZ_LIMIT)
		return -TZ_LIMIT;
	return t;
}

/* ---- POSIX rules */

/* The day number on which a rule date falls in year y. */
static int64_t
rule_day(const struct rule_date *rd, int64_t y)
{
	int64_t first, day;
	int wday;

	switch (rd->kind) {
	case RULE_JULIAN1:
		return days_from_civil(y, 1, 1) + rd->day - 1 +
		       (is_leap(y) && rd->day >= 60);
	case RULE_JULIAN0:
		return days_from_civil(y, 1, 1) + rd->day;
	case RULE_MONTH:
	default:
		first = days_from_civil(y, rd->month, 1);
		/* Day 0 was a Thursday; weekdays count from Sunday = 0. */
		wday = (int)(((first % 7) + 11) % 7);
		day = first + (rd->day - wday + 7) % 7 + 7 * (rd->week - 1);
		/* Week 5 means the last such weekday, which may be the 4th. */
		while (day >= first + month_days(y, rd->month))
			day -= 7;
		return day;
	}
}

/* The UTC instants at which DST starts and ends in year y. */
static void
rule_changes(const struct posix_rule *r, int64_t y, int64_t *start,
             int64_t *end)
{
	*start =
	    rule_day(&r->start, y) * SECS_PER_DAY + r->start.secs - r->std_off;
	*end = rule_day(&r->end, y) * SECS_PER_DAY + r->end.secs - r->dst_off;
}

/*
 * The offset a rule gives at instant t.  Rule times may lie up to a week
 * outside their year (RFC 8536 allows hours up to 167), so the changes of
 * the two years either side are considered too: the last change at or
 * before t decides.  Changes are visited in (year, start before end)
 * order, and a later one at the same instant wins, so a zone whose DST
 * ends at the very instant it restarts ("0/0,J365/25") stays on DST.
 */
static int32_t
rule_offset_at(const struct posix_rule *r, int64_t t)
{
	int64_t y, yy, start, end, best = 0;
	bool have = false, dst = false;

	if (!r->has_dst)
		return r->std_off;
	t = clamp_instant(t);
	y = year_from_days(floor_div(t, SECS_PER_DAY));
	for (yy = y - 2; yy <= y + 2; yy++) {
		rule_changes(r, yy, &start, &end);
		if (start <= t && (!have || start >= best)) {
			best = start;
			dst = true;
			have = true;
		}
		if (end <= t && (!have || end >= best)) {
			best = end;
			dst = false;
			have = true;
		}
	}
	return dst ? r->dst_off : r->std_off;
}

/*
 * The first rule date strictly after t, false if there is none.  It may
 * change nothing (DST all year ends as it restarts); callers only need
 * that no change comes before it.
 */
static bool
rule_next(const struct posix_rule *r, int64_t t, int64_t *next)
{
	int64_t y, yy, start, end, best = INT64_MAX;

	if (!r->has_dst || t >= TZ_LIMIT)
		return false;
	t = clamp_instant(t);
	y = year_from_days(floor_div(t, SECS_PER_DAY));
	for (yy = y - 2; yy <= y + 2; yy++) {
		rule_changes(r, yy, &start, &end);
		if (start > t && start < best)
			best = start;
		if (end > t && end < best)
			best = end;
	}
	*next = best;
	return best != INT64_MAX;
}

static int
cmp_instant(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Fill z->rule_tab with the instants in the table era at which the rule
 * changes the offset.  Every rule date of the years that can reach into
 * the era is a candidate, and rule_offset_at() decides each one, so the
 * table agrees with computing the rule at every instant.
 */
static void
tabulate_rule(tz *z)
{
	struct tz_table *tab = &z->rule_tab;
	int64_t y, y0, y1, start, end, *cand;
	size_t ncand = 0, i;
	int32_t off;

	z->rule_tab_off = rule_offset_at(&z->rule, TZ_TABLE_FROM);
	if (!z->rule.has_dst)
		return;
	y0 = year_from_days(TZ_TABLE_FROM / SECS_PER_DAY) - 1;
	y1 = year_from_days(TZ_TABLE_UNTIL / SECS_PER_DAY);
	cand = xreallocarray(NULL, (size_t)(y1 - y0 + 1) * 2, sizeof(*cand));
	for (y = y0; y <= y1; y++) {
		rule_changes(&z->rule, y, &start, &end);
		if (start > TZ_TABLE_FROM && start < TZ_TABLE_UNTIL)
			cand[ncand++] = start;
		if (end > TZ_TABLE_FROM && end < TZ_TABLE_UNTIL)
			cand[ncand++] = end;
	}
	qsort(cand, ncand, sizeof(*cand), cmp_instant);
	tab->at = xreallocarray(NULL, ncand, sizeof(*tab->at));
	tab->off = xreallocarray(NULL, ncand, sizeof(*tab->off));
	for (i = 0; i < ncand; i++) {
		if (i > 0 && cand[i] == cand[i - 1])
			continue;
		off = rule_offset_at(&z->rule, cand[i]);
		if (off == rule_offset_at(&z->rule, cand[i] - 1))
			continue;
		tab->at[tab->n] = cand[i];
		tab->off[tab->n++] = off;
	}
	free(cand);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/*
 * A zone abbreviation: three or more letters, or "<...>" holding three or
 * more letters, digits, '+' or '-'.  Returns the end, or NULL.
 */
static const char *
parse_abbr(const char *p)
{
	const char *s;

	if (*p == '<') {
		s = ++p;
		while (is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-')
			p++;
		if (*p != '>' || p - s < 3)
			return NULL;
		return p + 1;
	}
	s = p;
	while (is_alpha(*p))
		p++;
	return p - s >= 3 ? p : NULL;
}

/* A decimal number of 1..maxdigits digits no larger than max. */
static const char *
parse_num(const char *p, int maxdigits, int max, int *out)
{
	int n = 0, digits = 0;

	while (is_digit(*p) && digits < maxdigits) {
		n = n * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || is_digit(*p) || n > max)
		return NULL;
	*out = n;
	return p;
}

/*
 * [+-]hh[:mm[:ss]] with hours up to maxh, as signed seconds.  Returns the
 * end, or NULL.
 */
static const char *
parse_hms(const char *p, int maxh, int32_t *out)
{
	int h, m = 0, s = 0, sign = 1;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if ((p = parse_num(p, 3, maxh, &h)) == NULL)
		return NULL;
	if (*p == ':') {
		if ((p = parse_num(p + 1, 2, 59, &m)) == NULL)
			return NULL;
		if (*p == ':' && (p = parse_num(p + 1, 2, 59, &s)) == NULL)
			return NULL;
	}
	*out = sign * (h * SECS_PER_HOUR + m * 60 + s);
	return p;
}

/* A rule date with its optional "/time" (default 02:00:00). */
static const char *
parse_rule_date(const char *p, struct rule_date *rd)
{
	if (*p == 'J') {
		rd->kind = RULE_JULIAN1;
		p = parse_num(p + 1, 3, 365, &rd->day);
		if (p != NULL && rd->day < 1)
			return NULL;
	} else if (*p == 'M') {
		rd->kind = RULE_MONTH;
		if ((p = parse_num(p + 1, 2, 12, &rd->month)) == NULL ||
		    rd->month < 1 || *p != '.')
			return NULL;
		if ((p = parse_num(p + 1, 1, 5, &rd->week)) == NULL ||
		    rd->week < 1 || *p != '.')
			return NULL;
		p = parse_num(p + 1, 1, 6, &rd->day);
	} else {
		rd->kind = RULE_JULIAN0;
		p = parse_num(p, 3, 365, &rd->day);
	}
	if (p == NULL)
		return NULL;
	rd->secs = 2 * SECS_PER_HOUR;
	if (*p == '/')
		p = parse_hms(p + 1, 167, &rd->secs);
	return p;
}

/*
 * Parse a whole POSIX TZ string: std offset [dst [offset] [,start,end]].
 * A DST zone without dates uses the US rules since 2007, as glibc does when
 * it has no "posixrules" file.  Returns true on success.
 */
static bool
parse_posix(const char *s, struct posix_rule *r)
{
	const char *p = s;
	int32_t off;

	memset(r, 0, sizeof(*r));
	if ((p = parse_abbr(p)) == NULL || (p = parse_hms(p, 24, &off)) == NULL)
		return false;
	/* POSIX offsets count west of UTC; ours count east. */
	r->std_off = -off;
	if (*p == '\0')
		return true;
	if ((p = parse_abbr(p)) == NULL)
		return false;
	r->has_dst = true;
	r->dst_off = r->std_off + SECS_PER_HOUR;
	if (*p != ',' && *p != '\0') {
		if ((p = parse_hms(p, 24, &off)) == NULL)
			return false;
		r->dst_off = -off;
	}
	if (*p == '\0') {
		r->start =
		    (struct rule_date){RULE_MONTH, 0, 3, 2, 2 * SECS_PER_HOUR};
		r->end =
		    (struct rule_date){RULE_MONTH, 0, 11, 1, 2 * SECS_PER_HOUR};
		return true;
	}
	if (*p != ',' || (p = parse_rule_date(p + 1, &r->start)) == NULL ||
	    *p != ',' || (p = parse_rule_date(p + 1, &r->end)) == NULL)
		return false;
	return *p == '\0';
}

/* ---- TZif files */

struct tzif_header {
	int version; /* 1, or the digit of the version byte */
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

#define TZIF_HEADER_LEN 44

static uint32_t
get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t
get_be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)get_be32(p) << 32 | get_be32(p + 4));
}

static int
read_header(const unsigned char *p, size_t left, struct tzif_header *h,
            char *err)
{
	if (left < TZIF_HEADER_LEN || memcmp(p, "TZif", 4) != 0) {
		ls_errf(err, "not a TZif file");
		return -1;
	}
	/*
	 * Version 1 is a NUL byte.  Later versions ('2', '3', '4') keep the
	 * v2 layout and only extend what the footer and the data may say,
	 * so any newer digit is read the same way, as glibc does.
	 */
	if (p[4] == '\0')
		h->version = 1;
	else if (p[4] >= '2' && p[4] <= '9')
		h->version = p[4] - '0';
	else {
		ls_errf(err, "unknown TZif version byte 0x%02x", p[4]);
		return -1;
	}
	h->isutcnt = get_be32(p + 20);
	h->isstdcnt = get_be32(p + 24);
	h->leapcnt = get_be32(p + 28);
	h->timecnt = get_be32(p + 32);
	h->typecnt = get_be32(p + 36);
	h->charcnt = get_be32(p + 40);
	return 0;
}

/* Bytes in a data block; 64-bit arithmetic, so no count can overflow it. */
static uint64_t
block_len(const struct tzif_header *h, unsigned tsz)
{
	return (uint64_t)h->timecnt * (tsz + 1) + (uint64_t)h->typecnt * 6 +
	       h->charcnt + (uint64_t)h->leapcnt * (tsz + 4) + h->isstdcnt +
	       h->isutcnt;
}

/*
 * Read one data block (tsz = 4 for v1, 8 for v2+) into z, checking every
 * count and index against RFC 8536.  Returns 0, or -1 with err filled.
 */
static int
read_block(const unsigned char *p, const struct tzif_header *h, unsigned tsz,
           tz *z, char *err)
{
	const unsigned char *idx, *types, *isstd, *isut;
	int32_t type_off[256];
	uint32_t i;
	int64_t t;

	if (h->typecnt == 0 || h->typecnt > 256) {
		ls_errf(err, "bad TZif type count %u", h->typecnt);
		return -1;
	}
	if (h->charcnt == 0 || (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
	    (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)) {
		ls_errf(err, "inconsistent TZif counts");
		return -1;
	}
	idx = p + (size_t)h->timecnt * tsz;
	types = idx + h->timecnt;
	isstd = types + (size_t)h->typecnt * 6 + h->charcnt +
	        (size_t)h->leapcnt * (tsz + 4);
	isut = isstd + h->isstdcnt;

	for (i = 0; i < h->typecnt; i++) {
		const unsigned char *tt = types + (size_t)i * 6;
		int32_t off = (int32_t)get_be32(tt);

		if (off < TZ_OFF_MIN || off > TZ_OFF_MAX) {
			ls_errf(err, "TZif UTC offset %ld out of range",
			        (long)off);
			return -1;
		}
		if (tt[4] > 1 || tt[5] >= h->charcnt) {
			ls_errf(err, "bad TZif local time type %u", i);
			return -1;
		}
		type_off[i] = off;
	}
	for (i = 0; i < h->isstdcnt; i++) {
		if (isstd[i] > 1 || (h->isutcnt != 0 && isut[i] > isstd[i])) {
			ls_errf(err, "bad TZif standard/UT indicator");
			return -1;
		}
	}
	for (i = 0; i < h->isutcnt; i++) {
		if (isut[i] > 1) {
			ls_errf(err, "bad TZif standard/UT indicator");
			return -1;
		}
	}

	z->first_off = type_off[0];
	z->trans.n = h->timecnt;
	z->trans.at = xreallocarray(NULL, h->timecnt, sizeof(*z->trans.at));
	z->trans.off = xreallocarray(NULL, h->timecnt, sizeof(*z->trans.off));
	for (i = 0; i < h->timecnt; i++) {
		if (tsz == 8)
			t = get_be64(p + (size_t)i * 8);
		else
			t = (int32_t)get_be32(p + (size_t)i * 4);
		if (i > 0 && t <= z->trans.at[i - 1]) {
			ls_errf(err, "TZif transitions out of order");
			return -1;
		}
		if (idx[i] >= h->typecnt) {
			ls_errf(err, "TZif transition type %u out of range",
			        idx[i]);
			return -1;
		}
		z->trans.at[i] = t;
		z->trans.off[i] = type_off[idx[i]];
	}
	/* Leap-second records are ignored: log times are POSIX times. */
	return 0;
}

/*
 * Parse a TZif image into z.  For v2+ files the 32-bit block is skipped
 * and the 64-bit block and the footer are used.  Returns 0, or -1 with err
 * filled; z may be partly filled on error.
 */
static int
parse_tzif(const unsigned char *buf, size_t len, tz *z, char *err)
{
	struct tzif_header h;
	const unsigned char *p = buf, *nl;
	size_t left = len;
	uint64_t need;
	char footer[256];

	if (read_header(p, left, &h, err) < 0)
		return -1;
	need = block_len(&h, 4);
	if (need > left - TZIF_HEADER_LEN) {
		ls_errf(err, "truncated TZif file");
		return -1;
	}
	if (h.version == 1)
		return read_block(p + TZIF_HEADER_LEN, &h, 4, z, err);

	p += TZIF_HEADER_LEN + need;
	left -= TZIF_HEADER_LEN + need;
	if (read_header(p, left, &h, err) < 0)
		return -1;
	if (h.version == 1) {
		ls_errf(err, "bad second TZif header");
		return -1;
	}
	need = block_len(&h, 8);
	if (need > left - TZIF_HEADER_LEN) {
		ls_errf(err, "truncated TZif file");
		return -1;
	}
	if (read_block(p + TZIF_HEADER_LEN, &h, 8, z, err) < 0)
		return -1;
	p += TZIF_HEADER_LEN + need;
	left -= TZIF_HEADER_LEN + need;

	/* The footer: a POSIX TZ string between two newlines. */
	if (left < 2 || p[0] != '\n' ||
	    (nl = memchr(p + 1, '\n', left - 1)) == NULL) {
		ls_errf(err, "missing TZif footer");
		return -1;
	}
	if ((size_t)(nl - p - 1) >= sizeof(footer) ||
	    memchr(p + 1, '\0', (size_t)(nl - p - 1)) != NULL) {
		ls_errf(err, "bad TZif footer");
		return -1;
	}
	memcpy(footer, p + 1, (size_t)(nl - p - 1));
	footer[nl - p - 1] = '\0';
	if (footer[0] == '\0')
		return 0; /* no rule: the last type stays in effect */
	if (!parse_posix(footer, &z->rule)) {
		ls_errf(err, "bad TZif footer '%s'", footer);
		return -1;
	}
	z->has_rule = true;
	return 0;
}

/*
 * Read a whole file of at most TZ_MAX_FILE bytes.  O_NONBLOCK keeps a FIFO
 * planted in the zone directory from hanging the open; anything but a
 * regular file counts as absent.
 */
static enum load_result
read_small_file(const char *path, unsigned char **bufp, size_t *lenp, char *err)
{
	struct stat st;
	unsigned char *buf;
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR ||
		    errno == ENAMETOOLONG)
			return LOAD_ABSENT;
		ls_errf(err, "%s", strerror(errno));
		return LOAD_ERROR;
	}
	if (fstat(fd, &st) < 0) {
		ls_errf(err, "%s", strerror(errno));
		close(fd);
		return LOAD_ERROR;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return LOAD_ABSENT;
	}
	if (st.st_size > TZ_MAX_FILE) {
		ls_errf(err, "too large for a TZif file");
		close(fd);
		return LOAD_ERROR;
	}
	/* One byte more than the limit, to notice a file that grew. */
	buf = xmalloc(TZ_MAX_FILE + 1);
	while (len <= TZ_MAX_FILE) {
		n = read(fd, buf + len, TZ_MAX_FILE + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ls_errf(err, "%s", strerror(errno));
			free(buf);
			close(fd);
			return LOAD_ERROR;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > TZ_MAX_FILE) {
		ls_errf(err, "too large for a TZif file");
		free(buf);
		return LOAD_ERROR;
	}
	*bufp = buf;
	*lenp = len;
	return LOAD_OK;
}

static enum load_result
load_tzif(const char *path, tz **out, char *err)
{
	unsigned char *buf;
	size_t len;
	enum load_result r;
	tz *z;

	if ((r = read_small_file(path, &buf, &len, err)) != LOAD_OK)
		return r;
	z = xcalloc(1, sizeof(*z));
	if (parse_tzif(buf, len, z, err) < 0) {
		free(buf);
		tz_close(z);
		return LOAD_ERROR;
	}
	free(buf);
	if (z->has_rule)
		tabulate_rule(z);
	*out = z;
	return LOAD_OK;
}

/*
 * Whether name may be looked up under the zone directory: letters, digits
 * and "._+-" in '/'-separated components, none of them empty, "." or "..",
 * so that no name can reach outside the directory.
 */
static bool
is_zone_name(const char *name)
{
	const char *p, *comp = name;
	size_t n;

	if (*name == '\0' || strlen(name) > TZ_MAX_NAME)
		return false;
	for (p = name;; p++) {
		if (*p == '/' || *p == '\0') {
			n = (size_t)(p - comp);
			if (n == 0 || (n == 1 && comp[0] == '.') ||
			    (n == 2 && comp[0] == '.' && comp[1] == '.'))
				return false;
			if (*p == '\0')
				return true;
			comp = p + 1;
		} else if (!is_alpha(*p) && !is_digit(*p) && *p != '.' &&
		           *p != '_' && *p != '+' && *p != '-')
			return false;
	}
}

static tz *
fixed_zone(int32_t off)
{
	tz *z = xcalloc(1, sizeof(*z));

	z->first_off = off;
	return z;
}

/*
 * Open a named zone: a file under the zone directory (or, if allow_path,
 * an absolute file name), else a POSIX rule.  label is the name to quote
 * in messages.
 */
static int
open_named(tz **out, const char *name, bool allow_path, const char *label,
           char *err)
{
	char path[PATH_MAX], why[LS_ERRSZ];
	const char *dir;
	struct posix_rule rule;
	int n = -1;
	tz *z;

	if (name[0] == '/' && allow_path)
		n = snprintf(path, sizeof(path), "%s", name);
	else if (is_zone_name(name)) {
		dir = getenv("TZDIR");
		if (dir == NULL || *dir == '\0')
			dir = TZ_DEFAULT_DIR;
		n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	}
	if (n > 0 && (size_t)n < sizeof(path)) {
		switch (load_tzif(path, out, why)) {
		case LOAD_OK:
			return 0;
		case LOAD_ERROR:
			ls_errf(err, "time zone '%s': %s", label, why);
			return -1;
		case LOAD_ABSENT:
			break;
		}
	}
	if (parse_posix(name, &rule)) {
		z = fixed_zone(rule.std_off);
		z->has_rule = true;
		z->rule = rule;
		tabulate_rule(z);
		*out = z;
		return 0;
	}
	ls_errf(err, "unknown time zone '%s'", label);
	return -1;
}

/*
 * The zone TZ names, read the way glibc reads it: unset means
 * /etc/localtime (UTC if there is none), empty or ":" means UTC, and a
 * leading ':' is dropped.  Unlike glibc, a TZ that names no zone and is no
 * valid rule is an error rather than silently UTC.
 */
static int
open_local(tz **out, char *err)
{
	const char *env = getenv("TZ");
	char why[LS_ERRSZ];

	if (env == NULL) {
		switch (load_tzif(TZ_LOCALTIME, out, why)) {
		case LOAD_OK:
			return 0;
		case LOAD_ERROR:
			ls_errf(err, "time zone '%s': %s", TZ_LOCALTIME, why);
			return -1;
		case LOAD_ABSENT:
			*out = fixed_zone(0);
			return 0;
		}
	}
	if (*env == ':')
		env++;
	if (*env == '\0') {
		*out = fixed_zone(0);
		return 0;
	}
	return open_named(out, env, true, env, err);
}

int
tz_open(tz **out, const char *name, char *err)
{
	*out = NULL;
	if (strcasecmp(name, "utc") == 0 || strcmp(name, "Z") == 0) {
		*out = fixed_zone(0);
		return 0;
	}
	if (strcmp(name, "local") == 0)
		return open_local(out, err);
	return open_named(out, name, false, name, err);
}

void
tz_close(tz *z)
{
	if (z == NULL)
		return;
	free(z->trans.at);
	free(z->trans.off);
	free(z->rule_tab.at);
	free(z->rule_tab.off);
	free(z);
}

/* ---- lookups */

/* Index of the last entry at or before t; needs tab->at[0] <= t. */
static size_t
find_entry(const struct tz_table *tab, int64_t t)
{
	size_t lo = 0, hi = tab->n - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (tab->at[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* The rule's offset at t: from the table in its era, else computed. */
static int32_t
rule_offset(const tz *z, int64_t t)
{
	const struct tz_table *tab = &z->rule_tab;

	if (t < TZ_TABLE_FROM || t >= TZ_TABLE_UNTIL)
		return rule_offset_at(&z->rule, t);
	if (tab->n == 0 || t < tab->at[0])
		return z->rule_tab_off;
	return tab->off[find_entry(tab, t)];
}

/*
 * An instant after t at or before the rule's next change (a computed rule
 * date may change nothing); false if there is none.
 */
static bool
rule_change_after(const tz *z, int64_t t, int64_t *next)
{
	const struct tz_table *tab = &z->rule_tab;

	if (t >= TZ_TABLE_FROM && tab->n > 0 && t < tab->at[tab->n - 1]) {
		*next = t < tab->at[0] ? tab->at[0]
		                       : tab->at[find_entry(tab, t) + 1];
		return true;
	}
	return rule_next(&z->rule, t, next);
}

int32_t
tz_offset_at(const tz *z, int64_t utc_seconds)
{
	const struct tz_table *tab = &z->trans;
	int64_t t = utc_seconds;

	if (tab->n == 0)
		return z->has_rule ? rule_offset(z, t) : z->first_off;
	if (t < tab->at[0])
		return z->first_off;
	if (t >= tab->at[tab->n - 1] && z->has_rule)
		return rule_offset(z, t);
	return tab->off[find_entry(tab, t)];
}

/* An instant after t at or before the next change of offset; false if none. */
static bool
next_change(const tz *z, int64_t t, int64_t *next)
{
	const struct tz_table *tab = &z->trans;

	if (tab->n > 0 && t < tab->at[tab->n - 1]) {
		*next = t < tab->at[0] ? tab->at[0]
		                       : tab->at[find_entry(tab, t) + 1];
		return true;
	}
	return z->has_rule && rule_change_after(z, t, next);
}

/*
 * Walk the stretches of constant offset from TZ_SPAN before the wall time
 * on, in time order (a boundary may change nothing, which is harmless;
 * the offset bound makes the walk end within TZ_SPAN after).  The first
 * stretch whose offset maps the wall
 * time into the stretch itself is the answer; that is the earlier offset
 * when the wall time occurs twice.  If the mapped instant falls before the
 * stretch begins, the wall time was skipped by the change into it, and the
 * offset before that change is used.  So in a spring-forward gap (Berlin,
 * 02:30 on the last Sunday of March) the time is read with the old offset
 * (+01:00, giving 01:30 UTC), which is the instant the clocks show as 03:30.
 */
int64_t
tz_local_to_utc(const tz *z, int64_t wall_seconds)
{
	int64_t w = clamp_instant(wall_seconds), start, next, u;
	int32_t off, prev_off = 0;
	bool first = true;

	if (w != wall_seconds) {
		/* Far outside any calendar: apply the offset, saturating. */
		off = tz_offset_at(z, w);
		if (off < 0 && wall_seconds > INT64_MAX + off)
			return INT64_MAX;
		if (off > 0 && wall_seconds < INT64_MIN + off)
			return INT64_MIN;
		return wall_seconds - off;
	}
	start = w - TZ_SPAN;
	off = tz_offset_at(z, start);
	for (;;) {
		u = w - off;
		if (!first && u < start)
			return w - prev_off;
		if (!next_change(z, start, &next) || u < next)
			return u;
		prev_off = off;
		start = next;
		off = tz_offset_at(z, start);
		first = false;
	}
}

int32_t
tz_repeat_step(const tz *z, int64_t u, int64_t *lo, int64_t *hi)
{
	int64_t t = u, next;

	*lo = u;
	/* The changes after u, until one too far away to matter: a repeated
	 * stretch is shorter than TZ_SPAN, so one ending at a change more
	 * than TZ_SPAN after u starts after u. */
	while (next_change(z, t, &next)) {
		int32_t before, after;

		if (next - u > TZ_SPAN) {
			*hi = next - TZ_SPAN;
			return 0;
		}
		before = tz_offset_at(z, next - 1);
		after = tz_offset_at(z, next);
		if (after < before) {
			int32_t step = before - after;

			if (u >= next - step)
				return step;
			*hi = next - step;
			return 0;
		}
		t = next;
	}
	*hi = INT64_MAX;
	return 0;
}

/*
 * tz_local_to_utc() reads a wall time w with the first offset o_i whose
 * stretch [s_i, s_i+1) holds w - o_i (or the offset before a gap).
 * Which offset that is changes only where w crosses s_i + o_i or
 * s_i+1 + o_i for a change of offset at s_i+1: the wall times on either
 * side of each change.  Between two such breakpoints the offset is one,
 * and so is whether the wall time repeats.  The breakpoints looked at
 * are those within TZ_SPAN of w, which bounds the stretch.
 */
int32_t
tz_local_calm(const tz *z, int64_t w, int64_t *lo, int64_t *hi)
{
	int64_t u, t, next, l, h, lo_r, hi_r;
	int32_t off;

	*lo = *hi = w;
	if (clamp_instant(w) != w || clamp_instant(w - 2 * TZ_SPAN) !=
	                                 w - 2 * TZ_SPAN ||
	    clamp_instant(w + 2 * TZ_SPAN) != w + 2 * TZ_SPAN)
		return 0;
	u = tz_local_to_utc(z, w);
	off = (int32_t)(w - u);
	if (tz_repeat_step(z, u, &lo_r, &hi_r) != 0)
		return off;
	l = w - TZ_SPAN;
	h = w + TZ_SPAN;
	/* Every change whose breakpoints (change + offset, the offsets
	 * bounded by TZ_OFF_MIN and TZ_OFF_MAX) can fall in [l, h]. */
	t = l - TZ_OFF_MAX - 1;
	while (next_change(z, t, &next) && next <= h - TZ_OFF_MIN) {
		int32_t before = tz_offset_at(z, next - 1);
		int32_t after = tz_offset_at(z, next);

		if (before != after) {
			int64_t bp[2] = {next + before, next + after};

			for (int i = 0; i < 2; i++) {
				if (bp[i] <= w && bp[i] > l)
					l = bp[i];
				else if (bp[i] > w && bp[i] < h)
					h = bp[i];
			}
		}
		t = next;
	}
	*lo = l;
	*hi = h;
	return off;
}
