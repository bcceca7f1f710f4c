/*
 * timefmt.c - built-in timestamp parsers, format detection and per-line
 * time extraction.  Every parser here is hand-written and allocation-free:
 * a time query calls them on every line of its candidate regions.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "timefmt.h"
#include "util.h"

struct timefmt {
	const struct timefmt_def **defs; /* user formats, then built-ins */
	size_t ndefs;
	size_t nuser;
	const struct timefmt_def *chosen;
	int forced;
	int fixed; /* 1: look only at `column` */
	size_t column;
	const tz *zone; /* not owned; NULL = UTC */
	int ref_year;   /* for year-less formats */
	int ref_month;
	char ref_why[160]; /* why ref_year (timefmt_year_reason()) */
	/* The last detection: sampled lines, those the chosen format
	 * parsed, and the sampled lines that look like entries (they start
	 * with neither a blank nor the end of the line). */
	size_t det_sampled, det_matched, det_entries;
};

/* ---- date arithmetic ---------------------------------------------------- */

/*
 * Days from 1970-01-01 in the proleptic Gregorian calendar, counting years
 * from March so that the leap day is the last day of its year; a 400-year
 * era has 146097 days.
 */
int64_t
timefmt_days_from_civil(int64_t year, int month, int day)
{
	int64_t y = month <= 2 ? year - 1 : year;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                         /* 0..399 */
	int64_t mp = month > 2 ? month - 3 : month + 9;      /* Mar = 0 */
	int64_t doy = (153 * mp + 2) / 5 + day - 1;          /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */

	return era * 146097 + doe - 719468;
}

void
timefmt_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);

	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*day = d;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
timefmt_valid_date(int64_t year, int month, int day)
{
	static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30,
	                                        31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12 || day < 1)
		return 0;
	if (month == 2 && day == 29)
		return is_leap(year);
	return day <= mdays[month - 1];
}

/* Seconds whose nanoseconds still fit in int64 (about 1677 to 2262). */
#define NS_SEC_MAX (INT64_MAX / 1000000000 - 1)
#define NS_SEC_MIN (INT64_MIN / 1000000000 + 1)

static int
secs_to_ns(int64_t sec, uint32_t nsec, int64_t *ns)
{
	if (sec < NS_SEC_MIN || sec > NS_SEC_MAX || nsec > 999999999)
		return -1;
	*ns = sec * 1000000000 + (int64_t)nsec;
	return 0;
}

int
timefmt_fields_to_ns(const struct timefmt_fields *f, const tz *zone,
                     int64_t *ns)
{
	int64_t sec;
	int second = f->second;

	if (f->zone == TIMEFMT_ZONE_EPOCH) {
		*ns = f->epoch_ns;
		return 0;
	}
	if (f->year < 0 || f->year > 9999 ||
	    !timefmt_valid_date(f->year, f->month, f->day) || f->hour < 0 ||
	    f->hour > 23 || f->minute < 0 || f->minute > 59 || second < 0 ||
	    second > 60 || f->nsec > 999999999)
		return -1;
	/*
	 * A leap second (:60) is the last second of its minute, as POSIX
	 * time has no room for it: 23:59:60.5 reads as 23:59:59.5, so the
	 * entry stays in its own minute and day.
	 */
	if (second == 60)
		second = 59;
	sec = timefmt_days_from_civil(f->year, f->month, f->day) * 86400 +
	      f->hour * 3600 + f->minute * 60 + second;
	if (f->zone == TIMEFMT_ZONE_OFFSET)
		sec -= f->offset;
	else if (zone != NULL && sec > NS_SEC_MIN && sec < NS_SEC_MAX)
		sec = tz_local_to_utc(zone, sec);
	/*
	 * A time int64 nanoseconds cannot hold (before 1677-09-21 or after
	 * 2262-04-11) is still a timestamp: it starts an entry of its own,
	 * placed just inside the ends of the time line, so no window with
	 * two finite bounds selects it and order is kept.
	 */
	if (sec < NS_SEC_MIN) {
		*ns = TIMEFMT_NS_EARLY;
		return 0;
	}
	if (sec > NS_SEC_MAX) {
		*ns = TIMEFMT_NS_LATE;
		return 0;
	}
	return secs_to_ns(sec, f->nsec, ns);
}

/* ---- lexical helpers ---------------------------------------------------- */

static inline int
is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static inline int
is_alnum(char c)
{
	return is_digit(c) || (unsigned char)((c | 0x20) - 'a') < 26;
}

/* Exactly n digits at s[0..n) (the caller checked s + n <= end). */
static inline int
digits(const char *s, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return 0;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 1;
}

/* A timestamp may not start in the middle of a word or number. */
static inline int
start_ok(const char *line, size_t pos)
{
	return pos == 0 || !is_alnum(line[pos - 1]);
}

/* ...nor run on into more digits. */
static inline int
end_ok(const char *s, const char *end)
{
	return s == end || !is_digit(*s);
}

/*
 * An optional fraction at s: '.' or ',' (when commas are allowed) and at
 * least one digit, of any length, truncated to nanoseconds.  Returns the
 * position after it, s itself when there is none, or NULL for a separator
 * without digits (a truncated fraction).
 */
static const char *
fraction(const char *s, const char *end, int comma, uint32_t *nsec)
{
	uint32_t v = 0;
	int n = 0;

	*nsec = 0;
	if (s == end || !(*s == '.' || (comma && *s == ',')))
		return s;
	s++;
	if (s == end || !is_digit(*s))
		return NULL;
	for (; s < end && is_digit(*s); s++, n++)
		if (n < 9)
			v = v * 10 + (uint32_t)(*s - '0');
	for (; n < 9; n++)
		v *= 10;
	*nsec = v;
	return s;
}

/* hh:mm:ss with two digits each; returns the position after it or NULL. */
static const char *
hms(const char *s, const char *end, struct timefmt_fields *f)
{
	if (end - s < 8 || s[2] != ':' || s[5] != ':')
		return NULL;
	if (!digits(s, 2, &f->hour) || !digits(s + 3, 2, &f->minute) ||
	    !digits(s + 6, 2, &f->second))
		return NULL;
	if (f->hour > 23 || f->minute > 59 || f->second > 60)
		return NULL;
	return s + 8;
}

/* English month abbreviation, any case: 1-12, or 0. */
static int
month_name(const char *s, const char *end)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char a, b, c;

	if (end - s < 3)
		return 0;
	a = (char)(s[0] | 0x20);
	b = (char)(s[1] | 0x20);
	c = (char)(s[2] | 0x20);
	for (int i = 0; i < 12; i++)
		if (names[3 * i] == a && names[3 * i + 1] == b &&
		    names[3 * i + 2] == c)
			return i + 1;
	return 0;
}

static int
weekday_name(const char *s, const char *end)
{
	static const char names[] = "montuewedthufrisatsun";
	char a, b, c;

	if (end - s < 3)
		return 0;
	a = (char)(s[0] | 0x20);
	b = (char)(s[1] | 0x20);
	c = (char)(s[2] | 0x20);
	for (int i = 0; i < 7; i++)
		if (names[3 * i] == a && names[3 * i + 1] == b &&
		    names[3 * i + 2] == c)
			return i + 1;
	return 0;
}

/*
 * A day of the month as syslog and ctime write it: "dd", " d" (space
 * padded) or "d" followed by a space.  Returns the position after it.
 */
static const char *
padded_day(const char *s, const char *end, int *day)
{
	if (end - s < 2)
		return NULL;
	if (s[0] == ' ' && is_digit(s[1])) {
		*day = s[1] - '0';
		return s + 2;
	}
	if (is_digit(s[0]) && is_digit(s[1])) {
		*day = (s[0] - '0') * 10 + (s[1] - '0');
		return s + 2;
	}
	if (is_digit(s[0]) && s[1] == ' ') {
		*day = s[0] - '0';
		return s + 1;
	}
	return NULL;
}

/* POSIX %y: 69-99 are 1969-1999, 00-68 are 2000-2068. */
static int
two_digit_year(int yy)
{
	return yy >= 69 ? 1900 + yy : 2000 + yy;
}

size_t
timefmt_bom_len(const char *line, size_t len)
{
	return len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* ---- built-in parsers --------------------------------------------------- */

/*
 * An optional zone after a time: Z, +hh:mm, +hhmm or +hh right after it,
 * or, after a space, +hhmm (as Go and git print it) or the word UTC or
 * GMT.  Fills the zone of *f and returns the end, or NULL for an offset
 * out of range right after the time (after a space, text that is no
 * offset is simply not part of the timestamp).
 */
static const char *
zone_at(const char *s, const char *end, struct timefmt_fields *f)
{
	int hh, mm = 0;

	f->zone = TIMEFMT_ZONE_LOCAL;
	if (s == end)
		return s;
	if (*s == 'Z' || *s == 'z') {
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = 0;
		return s + 1;
	}
	if ((*s == '+' || *s == '-') && end - s >= 3 && digits(s + 1, 2, &hh)) {
		const char *z = s + 3;

		if (end - z >= 3 && z[0] == ':' && digits(z + 1, 2, &mm))
			z += 3;
		else if (end - z >= 2 && digits(z, 2, &mm))
			z += 2;
		if (hh > 23 || mm > 59)
			return NULL;
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = (hh * 3600 + mm * 60) * (*s == '-' ? -1 : 1);
		return z;
	}
	if (*s != ' ' || end - s < 4)
		return s;
	if ((s[1] == '+' || s[1] == '-') && end - s >= 6 &&
	    digits(s + 2, 2, &hh) && digits(s + 4, 2, &mm) &&
	    (end - s == 6 || !is_digit(s[6])) && hh <= 23 && mm <= 59) {
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = (hh * 3600 + mm * 60) * (s[1] == '-' ? -1 : 1);
		return s + 6;
	}
	if ((memcmp(s + 1, "UTC", 3) == 0 || memcmp(s + 1, "GMT", 3) == 0) &&
	    (end - s == 4 || !is_alnum(s[4]))) {
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = 0;
		return s + 4;
	}
	return s;
}

/*
 * ISO 8601 / RFC 3339 at s: yyyy-mm-dd (or yyyy/mm/dd when sep is '/'),
 * T, t or space, hh:mm:ss, an optional fraction after '.' or ',', and an
 * optional zone (zone_at).  Returns the end or NULL.
 */
static const char *
iso_at(const char *s, const char *end, char sep, struct timefmt_fields *f)
{
	if (end - s < 19 || s[4] != sep || s[7] != sep)
		return NULL;
	if (!digits(s, 4, &f->year) || !digits(s + 5, 2, &f->month) ||
	    !digits(s + 8, 2, &f->day))
		return NULL;
	if (!timefmt_valid_date(f->year, f->month, f->day))
		return NULL;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return NULL;
	if ((s = hms(s + 11, end, f)) == NULL)
		return NULL;
	if ((s = fraction(s, end, 1, &f->nsec)) == NULL)
		return NULL;
	return zone_at(s, end, f);
}

static size_t
parse_iso(const struct timefmt_def *def, const char *line, size_t len,
          size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *e;

	(void)def;
	if (!is_digit(*s) || !start_ok(line, pos))
		return 0;
	if ((e = iso_at(s, end, '-', f)) == NULL || !end_ok(e, end))
		return 0;
	return (size_t)(e - s);
}

/* yyyy/mm/dd hh:mm:ss: nginx's error log and Go's log package. */
static size_t
parse_ymd_slash(const struct timefmt_def *def, const char *line, size_t len,
                size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *e;

	(void)def;
	if (!is_digit(*s) || !start_ok(line, pos))
		return 0;
	if ((e = iso_at(s, end, '/', f)) == NULL || !end_ok(e, end))
		return 0;
	return (size_t)(e - s);
}

/* RFC 5424: "<PRI>VERSION " then an RFC 3339 timestamp. */
static size_t
parse_rfc5424(const struct timefmt_def *def, const char *line, size_t len,
              size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p, *e;
	int pri = 0, n;

	(void)def;
	if (*s != '<' || !start_ok(line, pos))
		return 0;
	for (p = s + 1, n = 0; p < end && is_digit(*p) && n < 3; p++, n++)
		pri = pri * 10 + (*p - '0');
	if (n == 0 || pri > 191 || p == end || *p != '>')
		return 0;
	p++;
	/* VERSION is 1 to 3 digits, not starting with 0. */
	if (p == end || *p < '1' || *p > '9')
		return 0;
	for (n = 0; p < end && is_digit(*p) && n < 3; p++, n++)
		;
	if (p == end || *p != ' ')
		return 0;
	p++;
	if ((e = iso_at(p, end, '-', f)) == NULL || !end_ok(e, end))
		return 0;
	return (size_t)(e - s);
}

/* RFC 3164: "Mmm dd hh:mm:ss" (day space-padded or not), no year. */
static size_t
parse_rfc3164(const struct timefmt_def *def, const char *line, size_t len,
              size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p;

	(void)def;
	if (!start_ok(line, pos) || (f->month = month_name(s, end)) == 0)
		return 0;
	p = s + 3;
	if (p == end || *p++ != ' ')
		return 0;
	if ((p = padded_day(p, end, &f->day)) == NULL)
		return 0;
	/* Feb 29 is possible in some year; the resolved year checks it. */
	if (f->day < 1 || !timefmt_valid_date(2000, f->month, f->day))
		return 0;
	if (p == end || *p++ != ' ')
		return 0;
	if ((p = hms(p, end, f)) == NULL)
		return 0;
	if ((p = fraction(p, end, 0, &f->nsec)) == NULL || !end_ok(p, end))
		return 0;
	f->year = 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return (size_t)(p - s);
}

/* Apache/nginx access: "dd/Mmm/yyyy:hh:mm:ss +hhmm" (zone optional). */
static size_t
parse_apache_access(const struct timefmt_def *def, const char *line, size_t len,
                    size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p;

	(void)def;
	if (end - s < 20 || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    !start_ok(line, pos))
		return 0;
	if (!digits(s, 2, &f->day) ||
	    (f->month = month_name(s + 3, end)) == 0 ||
	    !digits(s + 7, 4, &f->year))
		return 0;
	if (!timefmt_valid_date(f->year, f->month, f->day))
		return 0;
	if ((p = hms(s + 12, end, f)) == NULL)
		return 0;
	if ((p = fraction(p, end, 0, &f->nsec)) == NULL)
		return 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	if (end - p >= 6 && p[0] == ' ' && (p[1] == '+' || p[1] == '-')) {
		int hh, mm;

		if (!digits(p + 2, 2, &hh) || !digits(p + 4, 2, &mm) ||
		    hh > 23 || mm > 59)
			return 0;
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = (hh * 3600 + mm * 60) * (p[1] == '-' ? -1 : 1);
		p += 6;
	}
	if (!end_ok(p, end))
		return 0;
	return (size_t)(p - s);
}

/* Apache error / ctime: "Www Mmm dd hh:mm:ss[.ffffff] yyyy". */
static size_t
parse_apache_error(const struct timefmt_def *def, const char *line, size_t len,
                   size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p;

	(void)def;
	if (end - s < 24 || s[3] != ' ' || s[7] != ' ' ||
	    !start_ok(line, pos) || weekday_name(s, end) == 0 ||
	    (f->month = month_name(s + 4, end)) == 0)
		return 0;
	if ((p = padded_day(s + 8, end, &f->day)) == NULL)
		return 0;
	if (p == end || *p++ != ' ')
		return 0;
	if ((p = hms(p, end, f)) == NULL)
		return 0;
	if ((p = fraction(p, end, 0, &f->nsec)) == NULL)
		return 0;
	if (end - p < 5 || p[0] != ' ' || !digits(p + 1, 4, &f->year))
		return 0;
	p += 5;
	if (!timefmt_valid_date(f->year, f->month, f->day) || !end_ok(p, end))
		return 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return (size_t)(p - s);
}

/* Epoch seconds: 10 digits and an optional '.' fraction. */
static size_t
parse_epoch(const struct timefmt_def *def, const char *line, size_t len,
            size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p;
	int64_t v = 0;

	(void)def;
	if (pos != 0 || len < 10)
		return 0;
	for (int i = 0; i < 10; i++) {
		if (!is_digit(s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if ((p = fraction(s + 10, end, 0, &f->nsec)) == NULL || !end_ok(p, end))
		return 0;
	if (secs_to_ns(v, f->nsec, &f->epoch_ns) != 0)
		f->epoch_ns = TIMEFMT_NS_LATE;
	f->zone = TIMEFMT_ZONE_EPOCH;
	return (size_t)(p - s);
}

/* Epoch milliseconds: 13 digits. */
static size_t
parse_epoch_ms(const struct timefmt_def *def, const char *line, size_t len,
               size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len;
	int64_t v = 0;

	(void)def;
	if (pos != 0 || len < 13)
		return 0;
	for (int i = 0; i < 13; i++) {
		if (!is_digit(s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (!end_ok(s + 13, end))
		return 0;
	/* 13 digits reach past 2262, where int64 nanoseconds end. */
	f->epoch_ns = v > INT64_MAX / 1000000 ? TIMEFMT_NS_LATE
	                                         : v * 1000000;
	f->zone = TIMEFMT_ZONE_EPOCH;
	return 13;
}

/*
 * yyMMdd HHmmss (HDFS), also yyMMdd HH:mm:ss and MySQL's space-padded
 * "yyMMdd  H:mm:ss".
 */
static size_t
parse_yymmdd(const struct timefmt_def *def, const char *line, size_t len,
             size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p;
	int yy;

	(void)def;
	if (end - s < 13 || s[6] != ' ' || !start_ok(line, pos))
		return 0;
	if (!digits(s, 2, &yy) || !digits(s + 2, 2, &f->month) ||
	    !digits(s + 4, 2, &f->day))
		return 0;
	f->year = two_digit_year(yy);
	if (!timefmt_valid_date(f->year, f->month, f->day))
		return 0;
	p = s + 7;
	if (p[0] == ' ' && is_digit(p[1]) && p[2] == ':') {
		/* " H:mm:ss" */
		if (end - p < 8 || p[5] != ':' ||
		    !digits(p + 3, 2, &f->minute) ||
		    !digits(p + 6, 2, &f->second))
			return 0;
		f->hour = p[1] - '0';
		p += 8;
	} else if (end - p >= 8 && p[2] == ':') {
		if ((p = hms(p, end, f)) == NULL)
			return 0;
	} else {
		if (end - p < 6 || !digits(p, 2, &f->hour) ||
		    !digits(p + 2, 2, &f->minute) ||
		    !digits(p + 4, 2, &f->second))
			return 0;
		p += 6;
	}
	if (f->hour > 23 || f->minute > 59 || f->second > 60 || !end_ok(p, end))
		return 0;
	f->nsec = 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return (size_t)(p - s);
}

/* yy/MM/dd HH:mm:ss (Spark, Hadoop). */
static size_t
parse_yy_slash(const struct timefmt_def *def, const char *line, size_t len,
               size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p;
	int yy;

	(void)def;
	if (end - s < 17 || s[2] != '/' || s[5] != '/' || s[8] != ' ' ||
	    !start_ok(line, pos))
		return 0;
	if (!digits(s, 2, &yy) || !digits(s + 3, 2, &f->month) ||
	    !digits(s + 6, 2, &f->day))
		return 0;
	f->year = two_digit_year(yy);
	if (!timefmt_valid_date(f->year, f->month, f->day))
		return 0;
	if ((p = hms(s + 9, end, f)) == NULL)
		return 0;
	if ((p = fraction(p, end, 1, &f->nsec)) == NULL || !end_ok(p, end))
		return 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return (size_t)(p - s);
}

/* yyyyMMdd-HH:mm:ss:SSS, the milliseconds 1 to 3 digits. */
static size_t
parse_yyyymmdd_ms(const struct timefmt_def *def, const char *line, size_t len,
                  size_t pos, struct timefmt_fields *f)
{
	const char *s = line + pos, *end = line + len, *p;
	int ms = 0, n = 0;

	(void)def;
	if (end - s < 19 || s[8] != '-' || !start_ok(line, pos))
		return 0;
	if (!digits(s, 4, &f->year) || !digits(s + 4, 2, &f->month) ||
	    !digits(s + 6, 2, &f->day))
		return 0;
	if (!timefmt_valid_date(f->year, f->month, f->day))
		return 0;
	if ((p = hms(s + 9, end, f)) == NULL)
		return 0;
	if (p == end || *p++ != ':')
		return 0;
	for (; p < end && is_digit(*p) && n < 3; p++, n++)
		ms = ms * 10 + (*p - '0');
	if (n == 0 || !end_ok(p, end))
		return 0;
	f->nsec = (uint32_t)ms * 1000000u;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return (size_t)(p - s);
}

/*
 * The table, in the order ties are broken.  Formats that contain another
 * (RFC 5424 holds an ISO time, Apache error holds an RFC 3164 one) come
 * first, though the earlier position usually decides those ties already.
 */
static const struct timefmt_def builtins[] = {
    {"rfc5424", "<34>1 2026-03-01T10:00:00.003Z host app 1234 ID47 - msg",
     "syslog protocol (RFC 5424)", 0, parse_rfc5424, NULL, NULL, NULL, NULL, 0},
    {"iso8601", "2026-03-01T10:00:00.250+01:00 INFO started",
     "ISO 8601 / RFC 3339: T or space, '.' or ',' fraction, Z, +hh:mm, "
     "+hhmm or no zone",
     0, parse_iso, NULL, NULL, NULL, NULL, 0},
    {"apache-access",
     "10.0.0.1 - - [01/Mar/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512",
     "Apache/nginx access log (common and combined)", 0, parse_apache_access,
     NULL, NULL, NULL, NULL, 0},
    {"apache-error", "[Sun Mar 01 10:00:00.123456 2026] [core:error] msg",
     "Apache error log, ctime(3); optional fraction", 0, parse_apache_error,
     NULL, NULL, NULL, NULL, 0},
    {"rfc3164", "Mar  1 10:00:00 host sshd[812]: msg",
     "BSD syslog (RFC 3164), no year", TIMEFMT_NO_YEAR, parse_rfc3164, NULL,
     NULL, NULL, NULL, 0},
    {"yyyy/mm/dd", "2026/03/01 10:00:00 [error] 812#812: *1 open() failed",
     "yyyy/MM/dd HH:mm:ss (nginx error log, Go's log package)", 0,
     parse_ymd_slash, NULL, NULL, NULL, NULL, 0},
    {"yyyymmdd-ms", "20260301-10:00:00:123|Step|msg", "yyyyMMdd-HH:mm:ss:SSS",
     0, parse_yyyymmdd_ms, NULL, NULL, NULL, NULL, 0},
    {"yy/mm/dd", "26/03/01 10:00:00 INFO executor.Executor: msg",
     "yy/MM/dd HH:mm:ss (Spark, Hadoop)", 0, parse_yy_slash, NULL, NULL, NULL,
     NULL, 0},
    {"yymmdd", "260301 100000 148 INFO dfs.DataNode: msg",
     "yyMMdd HHmmss (HDFS), also yyMMdd HH:mm:ss (MySQL)", 0, parse_yymmdd,
     NULL, NULL, NULL, NULL, 0},
    {"epoch-ms", "1772359200000 msg",
     "Unix time in milliseconds, 13 digits, first field only", TIMEFMT_COL0,
     parse_epoch_ms, NULL, NULL, NULL, NULL, 0},
    {"epoch", "1772359200.123 msg",
     "Unix time in seconds, 10 digits and optional fraction, first field "
     "only",
     TIMEFMT_COL0, parse_epoch, NULL, NULL, NULL, NULL, 0},
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

const struct timefmt_def *
timefmt_builtins(size_t *n)
{
	*n = NBUILTINS;
	return builtins;
}

/* ---- the handle --------------------------------------------------------- */

static int
current_year(void)
{
	int64_t y;
	int m, d;
	time_t now = time(NULL);

	timefmt_civil_from_days((int64_t)now / 86400, &y, &m, &d);
	return (int)y;
}

int
timefmt_open(timefmt **out, const tz *zone, char *err)
{
	timefmt *h = xcalloc(1, sizeof(*h));

	(void)err;
	h->defs = xreallocarray(NULL, NBUILTINS, sizeof(*h->defs));
	for (size_t i = 0; i < NBUILTINS; i++)
		h->defs[i] = &builtins[i];
	h->ndefs = NBUILTINS;
	h->zone = zone;
	h->ref_year = current_year();
	h->ref_month = 12;
	snprintf(h->ref_why, sizeof(h->ref_why), "the current year");
	*out = h;
	return 0;
}

static const struct timefmt_def *
lookup(const timefmt *h, const char *name)
{
	for (size_t i = 0; i < h->ndefs; i++)
		if (strcasecmp(h->defs[i]->name, name) == 0)
			return h->defs[i];
	return NULL;
}

int
timefmt_add(timefmt *h, const struct timefmt_def *def, char *err)
{
	if (def->name == NULL || def->name[0] == '\0' || def->parse == NULL) {
		ls_errf(err, "a time format needs a name and a parser");
		return -1;
	}
	if (lookup(h, def->name) != NULL) {
		ls_errf(err, "time format '%s' is already defined", def->name);
		return -1;
	}
	h->defs = xreallocarray(h->defs, h->ndefs + 1, sizeof(*h->defs));
	/* User formats go before the built-ins, after earlier user ones. */
	memmove(h->defs + h->nuser + 1, h->defs + h->nuser,
	        (h->ndefs - h->nuser) * sizeof(*h->defs));
	h->defs[h->nuser++] = def;
	h->ndefs++;
	return 0;
}

const struct timefmt_def *
timefmt_def_at(const timefmt *h, size_t i)
{
	return i < h->ndefs ? h->defs[i] : NULL;
}

int
timefmt_force(timefmt *h, const char *name, char *err)
{
	const struct timefmt_def *d = lookup(h, name);

	if (d == NULL) {
		ls_errf(
		    err,
		    "unknown time format '%s' (`logscan formats` lists them)",
		    name);
		return -1;
	}
	h->chosen = d;
	h->forced = 1;
	h->fixed = 0;
	return 0;
}

const struct timefmt_def *
timefmt_chosen(const timefmt *h)
{
	return h->chosen;
}

int
timefmt_fixed_column(const timefmt *h, size_t *column)
{
	if (h->chosen == NULL || !h->fixed)
		return 0;
	*column = h->column;
	return 1;
}

/*
 * The first start in [from, limit) where def parses on this line.
 * Returns the timestamp's length (0: none) and its start in *start.
 */
static size_t
search(const struct timefmt_def *def, const char *line, size_t len, size_t from,
       size_t limit, size_t *start, struct timefmt_fields *f)
{
	if (def->flags & TIMEFMT_COL0)
		limit = 1;
	if (limit > len)
		limit = len;
	if (from >= limit)
		return 0;
	if (def->find != NULL)
		return def->find(def, line, len, from, limit, start, f);
	for (size_t pos = from; pos < limit; pos++) {
		size_t n = def->parse(def, line, len, pos, f);

		if (n != 0) {
			*start = pos;
			return n;
		}
	}
	return 0;
}

/* How far into a line def's timestamps may start. */
static size_t
scan_limit(const struct timefmt_def *def)
{
	return (def->flags & TIMEFMT_ANYWHERE) ? SIZE_MAX : TIMEFMT_SCAN_BYTES;
}

/* Where the chosen format is on this line under the position rule. */
static size_t
locate(const timefmt *h, const char *line, size_t len, size_t *start,
       struct timefmt_fields *f)
{
	const struct timefmt_def *d = h->chosen;
	size_t b = timefmt_bom_len(line, len), n;

	if (d == NULL)
		return 0;
	/* Columns count from after a byte-order mark. */
	line += b;
	len -= b;
	if (h->fixed) {
		if (h->column >= len)
			return 0;
		n = d->parse(d, line, len, h->column, f);
		*start = h->column + b;
		return n;
	}
	n = search(d, line, len, 0, scan_limit(d), start, f);
	*start += b;
	return n;
}

/* The zone zone-less times of the chosen format are read in. */
static const tz *
chosen_zone(const timefmt *h)
{
	return h->chosen != NULL && h->chosen->zone != NULL ? h->chosen->zone
	                                                    : h->zone;
}

static int
resolve(const timefmt *h, struct timefmt_fields *f, int64_t *ns)
{
	if ((h->chosen->flags & TIMEFMT_NO_YEAR) &&
	    f->zone != TIMEFMT_ZONE_EPOCH)
		f->year =
		    f->month > h->ref_month ? h->ref_year - 1 : h->ref_year;
	return timefmt_fields_to_ns(f, chosen_zone(h), ns) == 0;
}

int
timefmt_line_time_at(const timefmt *h, const char *line, size_t len,
                     int64_t *ns, size_t *start, size_t *tslen)
{
	struct timefmt_fields f;
	size_t n;

	memset(&f, 0, sizeof(f));
	if ((n = locate(h, line, len, start, &f)) == 0 || !resolve(h, &f, ns))
		return 0;
	*tslen = n;
	return 1;
}

int
timefmt_line_time(const timefmt *h, const char *line, size_t len, int64_t *ns)
{
	size_t start, n;

	return timefmt_line_time_at(h, line, len, ns, &start, &n);
}

/* Per-candidate tallies while sampling. */
struct tally {
	size_t count; /* sampled lines it parses */
	uint64_t sum; /* sum of the start positions, for ties */
};

static int
better(const struct tally *a, const struct tally *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	/* Equal counts: the smaller sum is the earlier average position. */
	return a->sum < b->sum;
}

/*
 * Step through the sample: the next line at *p (without its newline) in
 * *line and *llen.  Returns 0 at the end.
 */
static int
next_line(const char **p, const char *end, const char **line, size_t *llen)
{
	const char *nl;
	size_t b;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	if (nl == NULL)
		nl = end;
	*line = *p;
	*llen = (size_t)(nl - *p);
	*p = nl + 1;
	/* Positions count from after a byte-order mark, as in locate(). */
	b = timefmt_bom_len(*line, *llen);
	*line += b;
	*llen -= b;
	return 1;
}

int
timefmt_detect(timefmt *h, const char *buf, size_t len)
{
	struct tally *t;
	size_t ncand, first, best, llen, sampled = 0, matched = 0;
	size_t hist[TIMEFMT_SCAN_BYTES + 1]; /* the last: further right */
	struct timefmt_fields f;
	const char *p, *line;

	if (len > TIMEFMT_SAMPLE_BYTES)
		len = TIMEFMT_SAMPLE_BYTES;
	if (h->forced) {
		for (first = 0; h->defs[first] != h->chosen; first++)
			;
		ncand = 1;
	} else {
		first = 0;
		ncand = h->ndefs;
		h->chosen = NULL;
	}
	h->fixed = 0;
	h->det_sampled = h->det_matched = h->det_entries = 0;
	t = xcalloc(ncand, sizeof(*t));
	p = buf;
	while (next_line(&p, buf + len, &line, &llen)) {
		int any = 0;

		if (llen == 0 || (llen == 1 && line[0] == '\r'))
			continue;
		h->det_sampled++;
		if (line[0] != ' ' && line[0] != '\t')
			h->det_entries++;

		for (size_t c = 0; c < ncand; c++) {
			size_t start;

			const struct timefmt_def *d = h->defs[first + c];

			if (search(d, line, llen, 0, scan_limit(d), &start,
			           &f) != 0) {
				t[c].count++;
				t[c].sum += start;
				any = 1;
			}
		}
		if (any && ++sampled == TIMEFMT_SAMPLE_LINES)
			break;
	}
	best = 0;
	for (size_t c = 1; c < ncand; c++)
		if (better(&t[c], &t[best]))
			best = c;
	h->det_matched = t[best].count;
	if (t[best].count == 0) {
		free(t);
		return h->chosen != NULL;
	}
	free(t);
	h->chosen = h->defs[first + best];

	/*
	 * The position rule: a fixed column when nearly every match sits at
	 * one column behind nothing but punctuation, so that a continuation
	 * line quoting a time later on is not a new entry.  The 90% leaves
	 * room for such lines in the sample itself.
	 */
	memset(hist, 0, sizeof(hist));
	sampled = 0;
	p = buf;
	while (next_line(&p, buf + len, &line, &llen)) {
		size_t start, i;

		if (search(h->chosen, line, llen, 0, scan_limit(h->chosen),
		           &start, &f) == 0)
			continue;
		matched++;
		for (i = 0; i < start && !is_alnum(line[i]); i++)
			;
		/* A column past the start is never fixed: it counts for
		 * "elsewhere", which means a search. */
		if (i == start)
			hist[start < TIMEFMT_SCAN_BYTES ? start
			                                : TIMEFMT_SCAN_BYTES]++;
		if (++sampled == TIMEFMT_SAMPLE_LINES)
			break;
	}
	for (size_t c = 0; c < TIMEFMT_SCAN_BYTES; c++) {
		if (hist[c] * 10 >= matched * 9) {
			h->fixed = 1;
			h->column = c;
			break;
		}
	}
	return 1;
}

void
timefmt_detect_counts(const timefmt *h, size_t *sampled, size_t *entries,
                      size_t *matched)
{
	*sampled = h->det_sampled;
	*entries = h->det_entries;
	*matched = h->det_matched;
}

void
timefmt_set_reference(timefmt *h, int year, int month)
{
	h->ref_year = year;
	h->ref_month = month >= 1 && month <= 12 ? month : 12;
}

void
timefmt_reference(const timefmt *h, int *year, int *month)
{
	*year = h->ref_year;
	*month = h->ref_month;
}

const char *
timefmt_year_reason(const timefmt *h)
{
	return h->ref_why;
}

/* "2026-12-06T10:00:00Z" for UTC seconds t, into buf of n bytes. */
static void
utc_text(int64_t t, char *buf, size_t n)
{
	int64_t y, days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t rem = t - days * 86400;
	int m, d;

	timefmt_civil_from_days(days, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d,
	         (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

/* Slack for zones and clock skew between an entry and its file's mtime. */
#define ANCHOR_SLACK 86400

void
timefmt_anchor(timefmt *h, int64_t mtime_sec, int year, const char *tail,
               size_t len)
{
	int64_t wall, my, ns;
	int mm, md, found = 0;
	struct timefmt_fields f, last;
	char when[32], text[48];
	size_t tstart = 0, tlen = 0;
	const char *tline = NULL;

	if (h->chosen == NULL || !(h->chosen->flags & TIMEFMT_NO_YEAR))
		return;
	memset(&last, 0, sizeof(last));
	/* The last line with a timestamp: walk backwards. */
	while (len > 0 && !found) {
		const char *line;
		size_t llen, start, n = len, k;

		if (tail[n - 1] == '\n')
			n--;
		line = memrchr(tail, '\n', n);
		line = line == NULL ? tail : line + 1;
		llen = (size_t)(tail + n - line);
		memset(&f, 0, sizeof(f));
		if ((k = locate(h, line, llen, &start, &f)) != 0 &&
		    f.zone != TIMEFMT_ZONE_EPOCH) {
			found = 1;
			last = f;
			tline = line;
			tstart = start;
			tlen = k;
		}
		len = (size_t)(line - tail);
	}
	wall = mtime_sec;
	if (chosen_zone(h) != NULL)
		wall += tz_offset_at(chosen_zone(h), mtime_sec);
	timefmt_civil_from_days(
	    wall >= 0 ? wall / 86400 : (wall - 86399) / 86400, &my, &mm, &md);
	utc_text(mtime_sec, when, sizeof(when));
	if (year != 0) {
		snprintf(h->ref_why, sizeof(h->ref_why),
		         "--year %d names the year of the last entry", year);
		timefmt_set_reference(h, year, found ? last.month : mm);
		return;
	}
	if (!found) {
		snprintf(h->ref_why, sizeof(h->ref_why),
		         "no timestamp near the end of the file: the year of "
		         "its mtime (%s)",
		         when);
		timefmt_set_reference(h, (int)my, mm);
		return;
	}
	/*
	 * No entry is later than the moment its file was last written: the
	 * last entry's year is the latest one that puts it at or before the
	 * mtime (with a day of slack).  Feb 29 steps back to a leap year.
	 */
	snprintf(text, sizeof(text), "%.*s", (int)(tlen < 40 ? tlen : 40),
	         tline + tstart);
	year = (int)my;
	for (int i = 0; i < 9; i++) {
		last.year = year;
		if (timefmt_fields_to_ns(&last, chosen_zone(h), &ns) == 0 &&
		    ns / 1000000000 <= mtime_sec + ANCHOR_SLACK)
			break;
		year--;
	}
	if (year == (int)my)
		snprintf(h->ref_why, sizeof(h->ref_why),
		         "the last entry, '%s', in %d is not after the file's "
		         "mtime (%s)",
		         text, year, when);
	else
		snprintf(h->ref_why, sizeof(h->ref_why),
		         "the last entry, '%s', would be after the file's mtime "
		         "(%s) in %d",
		         text, when, (int)my);
	timefmt_set_reference(h, year, last.month);
}

void
timefmt_close(timefmt *h)
{
	if (h == NULL)
		return;
	free(h->defs);
	free(h);
}
