/*
 * timegram.c - the timestamp grammar and the built-in readings made of it
 * (see timegram.h).  Every reader here is hand-written and allocation-free:
 * a time query calls them on every line of its candidate regions.
 *
 * A reader takes the line, the position where a timestamp would start and
 * a mode: in LOG mode (lines of a log) a time needs its seconds; in EXPR
 * mode (text the user pasted into --since) the seconds may be left out.
 */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "isofast.h"
#include "timegram.h"

enum { M_LOG = 0, M_EXPR = 1 };

typedef const char *(*reader_fn)(const char *line, const char *end,
                                  size_t pos, struct timefmt_fields *f,
                                  int mode);

/* What a definition's data points at: its reader. */
struct reading {
	reader_fn fn;
};

/* ---- lexical helpers ---------------------------------------------------- */

static inline int
is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static inline int
is_alpha(char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

static inline int
is_alnum(char c)
{
	return is_digit(c) || is_alpha(c);
}

static inline int
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Between min and max digits at s (as many as there are, up to max):
 * returns how many, 0 when fewer than min. */
static int
num(const char *s, const char *end, int min, int max, int *v)
{
	int n = 0, x = 0;

	while (n < max && s + n < end && is_digit(s[n])) {
		x = x * 10 + (s[n] - '0');
		n++;
	}
	if (n < min)
		return 0;
	*v = x;
	return n;
}

/* Exactly n digits. */
static int
fixed(const char *s, const char *end, int n, int *v)
{
	return end - s >= n && num(s, end, n, n, v) == n;
}

/* A timestamp may not start in the middle of a word or number. */
static inline int
start_ok(const char *line, size_t pos)
{
	return pos == 0 || !is_alnum(line[pos - 1]);
}

/* A numeric date may not start inside another date ("2026-03-01" holds
 * "03-01"): nor after a date separator. */
static inline int
num_start_ok(const char *line, size_t pos)
{
	char c;

	if (pos == 0)
		return 1;
	c = line[pos - 1];
	return !is_alnum(c) && c != '-' && c != '/' && c != '.' && c != ':';
}

/* ...nor run on into more digits or letters of a word. */
static inline int
end_ok(const char *s, const char *end)
{
	return s == end || !is_digit(*s);
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
valid_md(int year, int month, int day)
{
	static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30,
	                                        31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12 || day < 1)
		return 0;
	if (month == 2 && day == 29)
		return year == 0 || is_leap(year); /* 0: some year */
	return day <= mdays[month - 1];
}

/* ---- month and weekday names -------------------------------------------- */

/*
 * Month names, case-insensitive: English abbreviations and full names, and
 * the common French and German forms ("févr", "août", "Mär", "Okt"; UTF-8
 * letters as written).  Returns 1-12 and the name's length in *n, or 0.
 */
static int
month_word(const char *s, const char *end, int *n)
{
	static const struct {
		const char *name;
		unsigned char month;
	} names[] = {
	    {"january", 1},        {"february", 2},  {"march", 3},
	    {"april", 4},          {"may", 5},       {"june", 6},
	    {"july", 7},           {"august", 8},    {"september", 9},
	    {"october", 10},       {"november", 11}, {"december", 12},
	    {"sept", 9},           {"jan", 1},       {"feb", 2},
	    {"mar", 3},            {"apr", 4},       {"jun", 6},
	    {"jul", 7},            {"aug", 8},       {"sep", 9},
	    {"oct", 10},           {"nov", 11},      {"dec", 12},
	    /* French */
	    {"janv", 1},           {"f\xc3\xa9vr", 2}, {"fevr", 2},
	    {"mars", 3},           {"avr", 4},       {"mai", 5},
	    {"juin", 6},           {"juil", 7},      {"ao\xc3\xbbt", 8},
	    {"aout", 8},           {"oct", 10},      {"d\xc3\xa9" "c", 12},
	    /* German */
	    {"m\xc3\xa4r", 3},     {"mrz", 3},       {"okt", 10},
	    {"dez", 12},
	};
	size_t len = 0;

	/* The word: ASCII letters and UTF-8 bytes. */
	while (s + len < end && (is_alpha(s[len]) || (s[len] & 0x80)))
		len++;
	if (len < 3)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t k = strlen(names[i].name);

		if (k != len)
			continue;
		for (k = 0; k < len; k++)
			if (lower(s[k]) != names[i].name[k])
				break;
		if (k == len) {
			*n = (int)len;
			return names[i].month;
		}
	}
	return 0;
}

/* A weekday name (abbreviated or full, English): its length, or 0. */
static int
weekday_word(const char *s, const char *end)
{
	static const char *const names[] = {
	    "monday", "tuesday", "wednesday", "thursday", "friday",
	    "saturday", "sunday", "mon", "tue", "wed", "thu", "fri",
	    "sat", "sun", "tues", "thur", "thurs"};
	size_t len = 0;

	while (s + len < end && is_alpha(s[len]))
		len++;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t k;

		if (strlen(names[i]) != len)
			continue;
		for (k = 0; k < len; k++)
			if (lower(s[k]) != names[i][k])
				break;
		if (k == len)
			return (int)len;
	}
	return 0;
}

/* An optional weekday and its separator (", " or " "): returns the
 * position after them, s when there is none. */
static const char *
opt_weekday(const char *s, const char *end)
{
	int n = weekday_word(s, end);
	const char *p = s + n;

	if (n == 0)
		return s;
	if (p < end && *p == ',')
		p++;
	if (p == end || *p != ' ')
		return s;
	return p + 1;
}

/* ---- the time part ------------------------------------------------------ */

/*
 * An optional fraction: '.' or ',' and one or more digits (any number,
 * truncated to nanoseconds).  A separator without digits after it is not
 * part of the timestamp (a comma before the message).
 */
static const char *
fraction(const char *s, const char *end, uint32_t *nsec)
{
	static const uint32_t scale[10] = {1000000000, 100000000, 10000000,
	                                   1000000,    100000,    10000,
	                                   1000,       100,       10,
	                                   1};
	uint32_t v = 0;
	int n = 0;

	*nsec = 0;
	if (end - s < 2 || (*s != '.' && *s != ',') || !is_digit(s[1]))
		return s;
	for (s++; s < end && is_digit(*s); s++, n++)
		if (n < 9)
			v = v * 10 + (uint32_t)(*s - '0');
	*nsec = v * scale[n < 9 ? n : 9];
	return s;
}

/*
 * A time of day: h:m:s with one or two digits each (the seconds optional
 * in EXPR mode), a fraction, and AM/PM (with or without a space before,
 * any case) for a 12-hour clock.  Returns the end or NULL.
 */
static const char *time_tail(const char *p, const char *end,
                             struct timefmt_fields *f);

static const char *
time_part(const char *s, const char *end, struct timefmt_fields *f, int mode)
{
	const char *p = s;
	int n;

	f->second = 0;
	f->nsec = 0;
	if ((n = num(p, end, 1, 2, &f->hour)) == 0)
		return NULL;
	p += n;
	if (p == end || *p != ':')
		return NULL;
	p++;
	if ((n = num(p, end, 1, 2, &f->minute)) == 0)
		return NULL;
	p += n;
	if (end - p >= 2 && *p == ':' && is_digit(p[1])) {
		n = num(p + 1, end, 1, 2, &f->second);
		p += 1 + n;
		p = fraction(p, end, &f->nsec);
	} else if (mode != M_EXPR || n != 2) {
		/* Typed without seconds, "10:0" is a slip, not a time. */
		return NULL;
	}
	return time_tail(p, end, f);
}

/*
 * The rest of a time after its seconds and fraction: no more digits,
 * AM/PM, the range check.  Returns the end or NULL.
 */
static const char *
time_tail(const char *p, const char *end, struct timefmt_fields *f)
{
	const char *q;

	if (p < end && is_digit(*p))
		return NULL;
	/* Letters right after the time: AM/PM, a zone, or no time at all
	 * ("10:00:0x"). */
	if (p < end && is_alpha(*p) && lower(*p) != 'a' && lower(*p) != 'p' &&
	    lower(*p) != 'z')
		return NULL;
	q = p < end && *p == ' ' ? p + 1 : p;
	if (end - q >= 2 && (lower(q[0]) == 'a' || lower(q[0]) == 'p') &&
	    lower(q[1]) == 'm' && (end - q == 2 || !is_alnum(q[2]))) {
		if (f->hour < 1 || f->hour > 12)
			return NULL;
		f->hour = f->hour % 12 + (lower(q[0]) == 'p' ? 12 : 0);
		p = q + 2;
	}
	if (f->hour > 23 || f->minute > 59 || f->second > 60)
		return NULL;
	return p;
}

/* ---- zones -------------------------------------------------------------- */

/* +hh, +hhmm or +hh:mm at s (s[0] is '+' or '-'); NULL if none or out of
 * range, with *bad set for a well-formed offset out of range. */
static const char *
offset_at(const char *s, const char *end, int32_t *off, int *bad)
{
	int hh, mm = 0;
	const char *z = s + 3;

	*bad = 0;
	if (!fixed(s + 1, end, 2, &hh))
		return NULL;
	if (end - z >= 3 && z[0] == ':' && fixed(z + 1, end, 2, &mm))
		z += 3;
	else if (end - z >= 2 && fixed(z, end, 2, &mm))
		z += 2;
	if (hh > 23 || mm > 59) {
		*bad = 1;
		return NULL;
	}
	*off = (hh * 3600 + mm * 60) * (*s == '-' ? -1 : 1);
	return z;
}

/* The first letters of zone_word()'s and ambiguous_word()'s words, as
 * bits of INITIAL(c) for a capital c. */
#define INITIAL(c) (UINT32_C(1) << ((c) - 'A'))
#define ZONE_INITIALS                                                          \
	(INITIAL('U') | INITIAL('G') | INITIAL('Z') | INITIAL('E') |           \
	 INITIAL('C') | INITIAL('M') | INITIAL('P') | INITIAL('A') |           \
	 INITIAL('H') | INITIAL('W') | INITIAL('J') | INITIAL('K') |           \
	 INITIAL('N'))
#define AMBIGUOUS_INITIALS                                                     \
	(INITIAL('I') | INITIAL('C') | INITIAL('B') | INITIAL('A') |           \
	 INITIAL('G') | INITIAL('S') | INITIAL('E'))

/*
 * Could the word at p (before end) be read by zone_word() or
 * ambiguous_word()?  One to four capitals that end the word, starting with
 * a letter of theirs; three for an ambiguous one.  Most words after a
 * time ("INFO", "DEBUG", "[main]") are turned away here at once.
 */
static inline int
zone_word_may(const char *p, const char *end)
{
	size_t len = 0;

	while (p + len < end && len < 5 && p[len] >= 'A' && p[len] <= 'Z')
		len++;
	if (len == 0 || len > 4 || (p + len < end && is_alnum(p[len])))
		return 0;
	return (ZONE_INITIALS & INITIAL(p[0])) ||
	       (len == 3 && (AMBIGUOUS_INITIALS & INITIAL(p[0])));
}

/*
 * Zone abbreviations that mean one offset wherever they are written
 * (seconds east of UTC).  IST, CST, BST and AST mean several and are not
 * read: such a time stays zone-less (local, or the config's zone).
 */
static int
zone_word(const char *s, const char *end, int32_t *off)
{
	static const struct {
		const char *name;
		int32_t off;
	} zones[] = {
	    {"UTC", 0},          {"GMT", 0},          {"UT", 0},
	    {"Z", 0},            {"EST", -5 * 3600},  {"EDT", -4 * 3600},
	    {"CDT", -5 * 3600},  {"MST", -7 * 3600},  {"MDT", -6 * 3600},
	    {"PST", -8 * 3600},  {"PDT", -7 * 3600},  {"AKST", -9 * 3600},
	    {"AKDT", -8 * 3600}, {"HST", -10 * 3600}, {"WET", 0},
	    {"WEST", 3600},      {"CET", 3600},       {"CEST", 2 * 3600},
	    {"MET", 3600},       {"MEST", 2 * 3600},  {"EET", 2 * 3600},
	    {"EEST", 3 * 3600},  {"MSK", 3 * 3600},   {"JST", 9 * 3600},
	    {"KST", 9 * 3600},   {"AEST", 10 * 3600}, {"AEDT", 11 * 3600},
	    {"ACST", 34200},     {"ACDT", 37800},     {"AWST", 8 * 3600},
	    {"NZST", 12 * 3600}, {"NZDT", 13 * 3600},
	};
	size_t len = 0;

	while (s + len < end && s[len] >= 'A' && s[len] <= 'Z')
		len++;
	if (len == 0 || len > 4 || (s + len < end && is_alnum(s[len])))
		return 0;
	/* Called after every time (" INFO ..."): the first letters the
	 * table has turn most words away at once. */
	if (!(ZONE_INITIALS & INITIAL(s[0])))
		return 0;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		const char *z = zones[i].name;
		size_t k = 0;

		if (z[0] != s[0])
			continue;
		while (k < len && z[k] == s[k])
			k++;
		if (k == len && z[k] == '\0') {
			*off = zones[i].off;
			return (int)len;
		}
	}
	return 0;
}

/*
 * The abbreviations that mean several offsets (IST: India, Ireland or
 * Israel; CST: US Central, China or Cuba; ...), numbered from 1 in
 * struct timefmt_fields' abbr.  A timestamp with one of them keeps the
 * word but stays zone-less unless the config's zone-aliases names it.
 */
static const char *const ambiguous_zones[] = {"IST", "CST", "BST", "AST",
                                              "GST", "SST", "ECT"};

#define NAMBIGUOUS (sizeof(ambiguous_zones) / sizeof(ambiguous_zones[0]))

const char *
timegram_ambiguous_zone(unsigned i)
{
	return i >= 1 && i <= NAMBIGUOUS ? ambiguous_zones[i - 1] : NULL;
}

unsigned
timegram_ambiguous_index(const char *name)
{
	for (unsigned i = 0; i < NAMBIGUOUS; i++)
		if (strcmp(ambiguous_zones[i], name) == 0)
			return i + 1;
	return 0;
}

/* An ambiguous abbreviation at s: its number (1...), its length in *n. */
static unsigned
ambiguous_word(const char *s, const char *end, int *n)
{
	/* All are three capital letters. */
	if (end - s < 3 || (end - s > 3 && is_alnum(s[3])))
		return 0;
	for (unsigned i = 0; i < NAMBIGUOUS; i++) {
		const char *z = ambiguous_zones[i];

		if (z[0] == s[0] && z[1] == s[1] && z[2] == s[2]) {
			*n = 3;
			return i + 1;
		}
	}
	return 0;
}

/*
 * An optional zone after a time: Z or an offset right after it, or after
 * one space an offset (+01, +0100, +01:00) or a zone word (UTC, GMT, EST,
 * CEST, ...), itself optionally followed by an offset (GMT+01:00).  Fills
 * the zone of *f and returns the end, or NULL for an offset out of range
 * right after the time.  Text after a space that is no zone is simply not
 * part of the timestamp.
 */
const char *
timegram_zone_part(const char *s, const char *end, struct timefmt_fields *f)
{
	const char *p, *q;
	int32_t off = 0, o2;
	int bad, n;

	f->zone = TIMEFMT_ZONE_LOCAL;
	f->abbr = 0;
	if (s == end)
		return s;
	if (*s == 'Z' || *s == 'z') {
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = 0;
		return s + 1;
	}
	if (*s == '+' || *s == '-') {
		if ((p = offset_at(s, end, &off, &bad)) == NULL)
			return bad ? NULL : s;
		if (p < end && is_digit(*p))
			return NULL;
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = off;
		return p;
	}
	if (*s != ' ' || end - s < 2)
		return s;
	p = s + 1;
	if (*p == '+' || *p == '-') {
		if ((q = offset_at(p, end, &off, &bad)) == NULL ||
		    (q < end && is_alnum(*q)))
			return s;
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = off;
		return q;
	}
	if (!zone_word_may(p, end))
		return s;
	if ((n = zone_word(p, end, &off)) == 0) {
		unsigned a = ambiguous_word(p, end, &n);

		if (a == 0)
			return s;
		/* Part of the timestamp, but which zone it is the config
		 * says (timefmt.c), else the time stays zone-less. */
		f->abbr = (unsigned char)a;
		return p + n;
	}
	q = p + n;
	/* GMT+01:00, UTC-5 */
	if (q < end && (*q == '+' || *q == '-') && off == 0) {
		const char *r = offset_at(q, end, &o2, &bad);

		if (r != NULL && (r == end || !is_alnum(*r))) {
			off = o2;
			q = r;
		}
	}
	f->zone = TIMEFMT_ZONE_OFFSET;
	f->offset = off;
	return q;
}

/* ---- date parts --------------------------------------------------------- */

/* yyyy<sep>m<sep>d with sep one of seps, the same twice; month and day
 * with one or two digits.  Returns the end or NULL. */
static const char *
ymd(const char *s, const char *end, const char *seps, struct timefmt_fields *f)
{
	const char *p = s;
	char sep;
	int n;

	if (!fixed(p, end, 4, &f->year))
		return NULL;
	p += 4;
	if (p == end || strchr(seps, *p) == NULL || *p == '\0')
		return NULL;
	sep = *p++;
	if ((n = num(p, end, 1, 2, &f->month)) == 0)
		return NULL;
	p += n;
	if (p == end || *p != sep)
		return NULL;
	p++;
	if ((n = num(p, end, 1, 2, &f->day)) == 0)
		return NULL;
	p += n;
	if (p < end && is_digit(*p))
		return NULL;
	if (!valid_md(f->year, f->month, f->day))
		return NULL;
	return p;
}

/* d<sep>m<sep>yyyy (day_first) or m<sep>d<sep>yyyy with sep '/', '.' or
 * '-', the same twice. */
static const char *
dmy(const char *s, const char *end, int day_first, struct timefmt_fields *f)
{
	const char *p = s;
	char sep;
	int a, b, n;

	if ((n = num(p, end, 1, 2, &a)) == 0)
		return NULL;
	p += n;
	if (p == end || (*p != '/' && *p != '.' && *p != '-'))
		return NULL;
	sep = *p++;
	if ((n = num(p, end, 1, 2, &b)) == 0)
		return NULL;
	p += n;
	if (p == end || *p != sep || !fixed(p + 1, end, 4, &f->year))
		return NULL;
	p += 5;
	if (p < end && is_digit(*p))
		return NULL;
	f->day = day_first ? a : b;
	f->month = day_first ? b : a;
	if (!valid_md(f->year, f->month, f->day))
		return NULL;
	return p;
}

/* Between a date and its time: 'T', a space or a TAB (W3C extended). */
static const char *
joiner(const char *p, const char *end)
{
	if (p < end && (*p == 'T' || *p == 't' || *p == ' ' || *p == '\t'))
		return p + 1;
	return NULL;
}

/* A time, its zone, and nothing that runs on: the common tail. */
static const char *
time_zone(const char *p, const char *end, struct timefmt_fields *f, int mode)
{
	if ((p = time_part(p, end, f, mode)) == NULL)
		return NULL;
	if ((p = timegram_zone_part(p, end, f)) == NULL || !end_ok(p, end))
		return NULL;
	return p;
}

/* ---- the readings ------------------------------------------------------- */

/* The ISO 8601 ordinal date yyyy-ddd (the day of the year, 001-366). */
static const char *
ordinal(const char *s, const char *end, struct timefmt_fields *f)
{
	static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30,
	                                        31, 31, 30, 31, 30, 31};
	int doy, m;

	if (end - s < 8 || s[4] != '-' || !fixed(s, end, 4, &f->year) ||
	    !fixed(s + 5, end, 3, &doy) || (s + 8 < end && is_digit(s[8])))
		return NULL;
	if (doy < 1 || doy > (is_leap(f->year) ? 366 : 365))
		return NULL;
	for (m = 0; m < 12; m++) {
		int n = mdays[m] + (m == 1 && is_leap(f->year));

		if (doy <= n)
			break;
		doy -= n;
	}
	f->month = m + 1;
	f->day = doy;
	return s + 8;
}

/* ISO 8601 / RFC 3339: yyyy-mm-dd (or the ordinal yyyy-ddd), T, space or
 * TAB, a time, a zone. */
static const char *
r_iso(const char *line, const char *end, size_t pos, struct timefmt_fields *f,
      int mode)
{
	const char *p;

	if (!num_start_ok(line, pos))
		return NULL;
	if ((p = isofast_shape(line + pos, end, f)) != NULL) {
		/* The common shape, all fields padded, read at fixed places
		 * (isofast.c); its fraction and zone as any other time's. */
		p = time_tail(fraction(p, end, &f->nsec), end, f);
		if (p == NULL || (p = timegram_zone_part(p, end, f)) == NULL ||
		    !end_ok(p, end))
			return NULL;
		return p;
	}
	if ((p = ymd(line + pos, end, "-", f)) == NULL &&
	    (p = ordinal(line + pos, end, f)) == NULL)
		return NULL;
	if ((p = joiner(p, end)) == NULL)
		return NULL;
	return time_zone(p, end, f, mode);
}

/*
 * W3C extended log files whose writer quotes every field (Incapsula):
 * "yyyy-mm-dd" "hh:mm:ss", a space or TAB between the two.
 */
static const char *
r_w3c_quoted(const char *line, const char *end, size_t pos,
             struct timefmt_fields *f, int mode)
{
	const char *s = line + pos, *p;

	if (s == end || *s != '"' || !start_ok(line, pos) ||
	    (p = ymd(s + 1, end, "-", f)) == NULL)
		return NULL;
	if (end - p < 3 || p[0] != '"' || (p[1] != ' ' && p[1] != '\t') ||
	    p[2] != '"')
		return NULL;
	if ((p = time_part(p + 3, end, f, mode)) == NULL || p == end ||
	    *p != '"')
		return NULL;
	f->zone = TIMEFMT_ZONE_LOCAL;
	f->abbr = 0;
	return p + 1;
}

/* yyyy/mm/dd or yyyy.mm.dd, then a time (nginx, Go's log package). */
static const char *
r_ymd_slash(const char *line, const char *end, size_t pos,
            struct timefmt_fields *f, int mode)
{
	const char *p;

	if (!num_start_ok(line, pos) ||
	    (p = ymd(line + pos, end, "/.", f)) == NULL ||
	    (p = joiner(p, end)) == NULL)
		return NULL;
	return time_zone(p, end, f, mode);
}

/* RFC 5424: "<PRI>VERSION " then an RFC 3339 timestamp. */
static const char *
r_rfc5424(const char *line, const char *end, size_t pos,
          struct timefmt_fields *f, int mode)
{
	const char *s = line + pos, *p;
	int pri = 0, n;

	if (s == end || *s != '<' || !start_ok(line, pos))
		return NULL;
	for (p = s + 1, n = 0; p < end && is_digit(*p) && n < 3; p++, n++)
		pri = pri * 10 + (*p - '0');
	if (n == 0 || pri > 191 || p == end || *p != '>')
		return NULL;
	p++;
	/* VERSION is 1 to 3 digits, not starting with 0. */
	if (p == end || *p < '1' || *p > '9')
		return NULL;
	for (n = 0; p < end && is_digit(*p) && n < 3; p++, n++)
		;
	if (p == end || *p != ' ')
		return NULL;
	p++;
	return r_iso(line, end, (size_t)(p - line), f, mode);
}

/*
 * A day of the month as syslog and ctime write it: "dd", " d" (space
 * padded) or "d" followed by a space.
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

/* RFC 3164: "Mmm dd hh:mm:ss" (day space-padded or not), no year. */
static const char *
r_rfc3164(const char *line, const char *end, size_t pos,
          struct timefmt_fields *f, int mode)
{
	const char *p = line + pos;
	int n;

	if (!start_ok(line, pos) || (f->month = month_word(p, end, &n)) == 0)
		return NULL;
	p += n;
	if (p == end || *p++ != ' ')
		return NULL;
	if ((p = padded_day(p, end, &f->day)) == NULL)
		return NULL;
	/* Feb 29 is possible in some year; the resolved year checks it. */
	if (!valid_md(0, f->month, f->day))
		return NULL;
	if (p == end || *p++ != ' ')
		return NULL;
	if ((p = time_part(p, end, f, mode)) == NULL || !end_ok(p, end))
		return NULL;
	f->year = 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return p;
}

/* Apache/nginx access: "dd/Mmm/yyyy:hh:mm:ss +hhmm" (zone optional). */
static const char *
r_apache_access(const char *line, const char *end, size_t pos,
                struct timefmt_fields *f, int mode)
{
	const char *p = line + pos;
	int n;

	if (!num_start_ok(line, pos) || (n = num(p, end, 1, 2, &f->day)) == 0)
		return NULL;
	p += n;
	if (p == end || *p++ != '/' ||
	    (f->month = month_word(p, end, &n)) == 0)
		return NULL;
	p += n;
	if (p == end || *p++ != '/' || !fixed(p, end, 4, &f->year))
		return NULL;
	p += 4;
	if (p == end || *p++ != ':' ||
	    !valid_md(f->year, f->month, f->day))
		return NULL;
	if ((p = time_part(p, end, f, mode)) == NULL)
		return NULL;
	/* The access log's " +hhmm" is its zone: out of range is no time. */
	if (end - p >= 3 && p[0] == ' ' && (p[1] == '+' || p[1] == '-')) {
		int32_t off;
		int bad;

		if (offset_at(p + 1, end, &off, &bad) == NULL && bad)
			return NULL;
	}
	if ((p = timegram_zone_part(p, end, f)) == NULL || !end_ok(p, end))
		return NULL;
	return p;
}

/*
 * ctime(3), date(1) and the Apache error log: "Www Mmm d hh:mm:ss[.f]
 * [ZONE] yyyy" ("Wed May 19 08:00:01 EST 2021").
 */
static const char *
r_ctime(const char *line, const char *end, size_t pos,
        struct timefmt_fields *f, int mode)
{
	const char *p = line + pos, *q;
	int n;

	if (!start_ok(line, pos) || (n = weekday_word(p, end)) == 0)
		return NULL;
	p += n;
	if (p == end || *p++ != ' ' ||
	    (f->month = month_word(p, end, &n)) == 0)
		return NULL;
	p += n;
	if (p == end || *p++ != ' ' ||
	    (p = padded_day(p, end, &f->day)) == NULL)
		return NULL;
	if (p == end || *p++ != ' ' ||
	    (p = time_part(p, end, f, mode)) == NULL)
		return NULL;
	q = timegram_zone_part(p, end, f);
	if (q == NULL)
		return NULL;
	if (q == p)
		f->zone = TIMEFMT_ZONE_LOCAL;
	if (end - q < 5 || q[0] != ' ' || !fixed(q + 1, end, 4, &f->year))
		return NULL;
	q += 5;
	if (!valid_md(f->year, f->month, f->day) || !end_ok(q, end))
		return NULL;
	return q;
}

/*
 * uWSGI's request log: a ctime date in brackets after the request's
 * fields, "[pid: 1|app: 0|req: 1/1] 10.0.0.1 () {34 vars in 647 bytes}
 * [Wed May 19 08:00:01 2021] GET / => ...": the date, right after a '['
 * and closed by a ']'.
 */
static const char *
r_uwsgi(const char *line, const char *end, size_t pos,
        struct timefmt_fields *f, int mode)
{
	const char *p;

	if (pos == 0 || line[pos - 1] != '[' ||
	    (p = r_ctime(line, end, pos, f, mode)) == NULL || p == end ||
	    *p != ']')
		return NULL;
	return p;
}

/* The first bracketed date in [from, limit): a '[' and r_uwsgi(). */
static size_t
find_uwsgi(const struct timefmt_def *def, const char *line, size_t len,
           size_t from, size_t limit, size_t *start,
           struct timefmt_fields *f)
{
	const char *end = line + len, *p = line + from, *q, *e;

	(void)def;
	if (limit > len)
		limit = len;
	if (from > 0)
		p--; /* the '[' may be just before from */
	while (p < line + limit &&
	       (q = memchr(p, '[', (size_t)(line + limit - p))) != NULL) {
		size_t v = (size_t)(q - line) + 1;

		if (v >= from && v < limit &&
		    (e = r_uwsgi(line, end, v, f, M_LOG)) != NULL) {
			*start = v;
			return (size_t)(e - (line + v));
		}
		p = q + 1;
	}
	return 0;
}

/* dd/mm/yyyy (or with '.' or '-') and a time: European numeric dates. */
static const char *
r_dmy(const char *line, const char *end, size_t pos, struct timefmt_fields *f,
      int mode)
{
	const char *p;

	if (!num_start_ok(line, pos) ||
	    (p = dmy(line + pos, end, 1, f)) == NULL ||
	    (p = joiner(p, end)) == NULL)
		return NULL;
	return time_zone(p, end, f, mode);
}

/* mm/dd/yyyy and a time, often 12-hour: US numeric dates. */
static const char *
r_mdy(const char *line, const char *end, size_t pos, struct timefmt_fields *f,
      int mode)
{
	const char *p;

	if (!num_start_ok(line, pos) ||
	    (p = dmy(line + pos, end, 0, f)) == NULL)
		return NULL;
	/* "3/1/2026, 10:00:00 AM" as browsers and .NET print it */
	if (p < end && *p == ',')
		p++;
	if ((p = joiner(p, end)) == NULL)
		return NULL;
	return time_zone(p, end, f, mode);
}

/*
 * Day, month name, year: "01-Mar-2026 10:00:00.123" (Tomcat/Catalina),
 * "1 Mar 2026 10:00:00.123" (Redis), "Sun, 01 Mar 2026 10:00:00 GMT" (RFC
 * 2822/HTTP dates), the weekday optional.
 */
static const char *
r_dmony(const char *line, const char *end, size_t pos,
        struct timefmt_fields *f, int mode)
{
	const char *p = line + pos;
	char sep;
	int n;

	if (!start_ok(line, pos))
		return NULL;
	p = opt_weekday(p, end);
	if ((n = num(p, end, 1, 2, &f->day)) == 0)
		return NULL;
	p += n;
	if (p == end || (*p != ' ' && *p != '-' && *p != '/'))
		return NULL;
	sep = *p++;
	if ((f->month = month_word(p, end, &n)) == 0)
		return NULL;
	p += n;
	if (p == end || *p++ != sep || !fixed(p, end, 4, &f->year))
		return NULL;
	p += 4;
	if (!valid_md(f->year, f->month, f->day) ||
	    (p = joiner(p, end)) == NULL)
		return NULL;
	return time_zone(p, end, f, mode);
}

/*
 * Month name, day, year: "Mar 1, 2026 10:00:00 AM" (Java util logging),
 * "March 1 2026 10:00:00", the weekday optional.
 */
static const char *
r_mondy(const char *line, const char *end, size_t pos,
        struct timefmt_fields *f, int mode)
{
	const char *p = line + pos;
	int n;

	if (!start_ok(line, pos))
		return NULL;
	p = opt_weekday(p, end);
	if ((f->month = month_word(p, end, &n)) == 0)
		return NULL;
	p += n;
	if (p == end || *p++ != ' ' || (n = num(p, end, 1, 2, &f->day)) == 0)
		return NULL;
	p += n;
	if (p < end && *p == ',')
		p++;
	if (p == end || *p++ != ' ' || !fixed(p, end, 4, &f->year))
		return NULL;
	p += 4;
	if (p < end && *p == ',')
		p++;
	if (!valid_md(f->year, f->month, f->day) ||
	    (p = joiner(p, end)) == NULL)
		return NULL;
	return time_zone(p, end, f, mode);
}

/* klog/glog: "I0301 10:00:00.123456", a level letter and MMDD, no year. */
static const char *
r_klog(const char *line, const char *end, size_t pos,
       struct timefmt_fields *f, int mode)
{
	const char *p = line + pos;

	if (!start_ok(line, pos) || end - p < 6 || strchr("IWEF", *p) == NULL ||
	    *p == '\0')
		return NULL;
	if (!fixed(p + 1, end, 2, &f->month) || !fixed(p + 3, end, 2, &f->day))
		return NULL;
	p += 5;
	if (!valid_md(0, f->month, f->day) || p == end || *p++ != ' ')
		return NULL;
	if ((p = time_part(p, end, f, mode)) == NULL || !end_ok(p, end))
		return NULL;
	f->year = 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return p;
}

/* Android logcat: "03-01 10:00:00.123", no year. */
static const char *
r_logcat(const char *line, const char *end, size_t pos,
         struct timefmt_fields *f, int mode)
{
	const char *p = line + pos;

	if (!num_start_ok(line, pos) || !fixed(p, end, 2, &f->month) ||
	    end - p < 6 || p[2] != '-' || !fixed(p + 3, end, 2, &f->day))
		return NULL;
	p += 5;
	if (!valid_md(0, f->month, f->day) || p == end || *p++ != ' ')
		return NULL;
	if ((p = time_part(p, end, f, mode)) == NULL || !end_ok(p, end))
		return NULL;
	f->year = 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return p;
}

/* POSIX %y: 69-99 are 1969-1999, 00-68 are 2000-2068. */
static int
two_digit_year(int yy)
{
	return yy >= 69 ? 1900 + yy : 2000 + yy;
}

/*
 * yyMMdd HHmmss (HDFS), also yyMMdd HH:mm:ss and MySQL's space-padded
 * "yyMMdd  H:mm:ss".
 */
static const char *
r_yymmdd(const char *line, const char *end, size_t pos,
         struct timefmt_fields *f, int mode)
{
	const char *s = line + pos, *p;
	int yy;

	(void)mode;
	if (end - s < 13 || s[6] != ' ' || !start_ok(line, pos))
		return NULL;
	if (!fixed(s, end, 2, &yy) || !fixed(s + 2, end, 2, &f->month) ||
	    !fixed(s + 4, end, 2, &f->day))
		return NULL;
	f->year = two_digit_year(yy);
	if (!valid_md(f->year, f->month, f->day))
		return NULL;
	p = s + 7;
	if (p[0] == ' ' && is_digit(p[1]) && p[2] == ':') {
		/* " H:mm:ss" */
		if (end - p < 8 || p[5] != ':' ||
		    !fixed(p + 3, end, 2, &f->minute) ||
		    !fixed(p + 6, end, 2, &f->second))
			return NULL;
		f->hour = p[1] - '0';
		p += 8;
	} else if (end - p >= 8 && p[2] == ':') {
		if (!fixed(p, end, 2, &f->hour) || p[5] != ':' ||
		    !fixed(p + 3, end, 2, &f->minute) ||
		    !fixed(p + 6, end, 2, &f->second))
			return NULL;
		p += 8;
	} else {
		if (end - p < 6 || !fixed(p, end, 2, &f->hour) ||
		    !fixed(p + 2, end, 2, &f->minute) ||
		    !fixed(p + 4, end, 2, &f->second))
			return NULL;
		p += 6;
	}
	if (f->hour > 23 || f->minute > 59 || f->second > 60 || !end_ok(p, end))
		return NULL;
	f->nsec = 0;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return p;
}

/* yy/MM/dd HH:mm:ss (Spark, Hadoop). */
static const char *
r_yy_slash(const char *line, const char *end, size_t pos,
           struct timefmt_fields *f, int mode)
{
	const char *s = line + pos, *p;
	int yy;

	if (end - s < 9 || s[2] != '/' || s[5] != '/' || s[8] != ' ' ||
	    !num_start_ok(line, pos))
		return NULL;
	if (!fixed(s, end, 2, &yy) || !fixed(s + 3, end, 2, &f->month) ||
	    !fixed(s + 6, end, 2, &f->day))
		return NULL;
	f->year = two_digit_year(yy);
	if (!valid_md(f->year, f->month, f->day))
		return NULL;
	if ((p = time_part(s + 9, end, f, mode)) == NULL || !end_ok(p, end))
		return NULL;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return p;
}

/* yyyyMMdd-HH:mm:ss:SSS, the milliseconds 1 to 3 digits; also the
 * compact yyyyMMdd.HHmmss,SSS. */
static const char *
r_yyyymmdd_ms(const char *line, const char *end, size_t pos,
              struct timefmt_fields *f, int mode)
{
	const char *s = line + pos, *p;
	int ms = 0, n = 0;

	(void)mode;
	if (end - s < 15 || !start_ok(line, pos))
		return NULL;
	if (!fixed(s, end, 4, &f->year) || !fixed(s + 4, end, 2, &f->month) ||
	    !fixed(s + 6, end, 2, &f->day))
		return NULL;
	if (!valid_md(f->year, f->month, f->day))
		return NULL;
	if (s[8] == '.') {
		/* 20260301.100000,123 */
		if (!fixed(s + 9, end, 2, &f->hour) ||
		    !fixed(s + 11, end, 2, &f->minute) ||
		    !fixed(s + 13, end, 2, &f->second))
			return NULL;
		p = fraction(s + 15, end, &f->nsec);
		if (f->hour > 23 || f->minute > 59 || f->second > 60 ||
		    !end_ok(p, end))
			return NULL;
		f->zone = TIMEFMT_ZONE_LOCAL;
		return p;
	}
	if (s[8] != '-' || end - s < 19 || s[11] != ':' || s[14] != ':' ||
	    !fixed(s + 9, end, 2, &f->hour) ||
	    !fixed(s + 12, end, 2, &f->minute) ||
	    !fixed(s + 15, end, 2, &f->second))
		return NULL;
	p = s + 17;
	if (f->hour > 23 || f->minute > 59 || f->second > 60 || p == end ||
	    *p++ != ':')
		return NULL;
	for (; p < end && is_digit(*p) && n < 3; p++, n++)
		ms = ms * 10 + (*p - '0');
	if (n == 0 || !end_ok(p, end))
		return NULL;
	f->nsec = (uint32_t)ms * 1000000u;
	f->zone = TIMEFMT_ZONE_LOCAL;
	return p;
}

/* ---- epochs ------------------------------------------------------------- */

#define NS_SEC_MAX (INT64_MAX / 1000000000 - 1)

/*
 * An epoch number at s: 10 digits of seconds (a fraction allowed), 13 of
 * milliseconds, 16 of microseconds or 19 of nanoseconds, as wanted says
 * (0: any of them).  Fills f as an epoch time.
 */
static const char *
epoch_num(const char *s, const char *end, int wanted,
          struct timefmt_fields *f)
{
	uint64_t v = 0; /* 19 digits fit; int64 may not hold them */
	int n = 0;
	const char *p;

	while (s + n < end && is_digit(s[n]) && n < 20) {
		v = n < 19 ? v * 10 + (uint64_t)(s[n] - '0') : v;
		n++;
	}
	if (wanted != 0 ? n != wanted
	                : (n != 10 && n != 13 && n != 16 && n != 19))
		return NULL;
	p = s + n;
	f->zone = TIMEFMT_ZONE_EPOCH;
	f->nsec = 0;
	switch (n) {
	case 10:
		p = fraction(p, end, &f->nsec);
		f->epoch_ns = v > (uint64_t)NS_SEC_MAX
		                  ? TIMEFMT_NS_LATE
		                  : (int64_t)v * 1000000000 + f->nsec;
		break;
	case 13:
		f->epoch_ns = v > (uint64_t)INT64_MAX / 1000000
		                  ? TIMEFMT_NS_LATE
		                  : (int64_t)v * 1000000;
		break;
	case 16:
		f->epoch_ns = v > (uint64_t)INT64_MAX / 1000
		                  ? TIMEFMT_NS_LATE
		                  : (int64_t)v * 1000;
		break;
	default:
		if (n == 19 && s[0] > '9')
			return NULL;
		/* 19 digits may exceed int64. */
		f->epoch_ns = v > (uint64_t)INT64_MAX ? TIMEFMT_NS_LATE
		                                      : (int64_t)v;
		break;
	}
	if (p < end && (is_alnum(*p) || *p == '.'))
		return NULL;
	return p;
}

/*
 * Where an epoch may stand: first on the line, after a '#' (shell
 * history), or after a leading number and blanks (strace's pid).
 */
static int
epoch_place(const char *line, size_t pos)
{
	size_t i = 0;

	if (pos == 0 || (pos == 1 && line[0] == '#'))
		return 1;
	while (i < pos && is_digit(line[i]))
		i++;
	if (i == 0 || i == pos)
		return 0;
	while (i < pos && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i == pos && line[pos - 1] != line[0];
}

static const char *
epoch_reading(const char *line, const char *end, size_t pos, int n,
              struct timefmt_fields *f)
{
	if (!epoch_place(line, pos))
		return NULL;
	return epoch_num(line + pos, end, n, f);
}

static const char *
r_epoch(const char *line, const char *end, size_t pos,
        struct timefmt_fields *f, int mode)
{
	(void)mode;
	return epoch_reading(line, end, pos, 10, f);
}

static const char *
r_epoch_ms(const char *line, const char *end, size_t pos,
           struct timefmt_fields *f, int mode)
{
	(void)mode;
	return epoch_reading(line, end, pos, 13, f);
}

static const char *
r_epoch_us(const char *line, const char *end, size_t pos,
           struct timefmt_fields *f, int mode)
{
	(void)mode;
	return epoch_reading(line, end, pos, 16, f);
}

static const char *
r_epoch_ns(const char *line, const char *end, size_t pos,
           struct timefmt_fields *f, int mode)
{
	(void)mode;
	return epoch_reading(line, end, pos, 19, f);
}

/* TAI64N labels as daemontools writes them: '@' and 24 hex digits. */
static const char *
r_tai64n(const char *line, const char *end, size_t pos,
         struct timefmt_fields *f, int mode)
{
	const char *s = line + pos;
	uint64_t sec = 0;
	uint32_t nsec = 0;

	(void)mode;
	if (pos != 0 || end - s < 25 || *s != '@')
		return NULL;
	for (int i = 1; i <= 24; i++) {
		char c = lower(s[i]);
		unsigned d;

		if (is_digit(c))
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return NULL;
		if (i <= 16)
			sec = sec << 4 | d;
		else
			nsec = nsec << 4 | d;
	}
	if (s + 25 < end && is_alnum(s[25]))
		return NULL;
	/* 2^62 + TAI seconds; TAI ran 10 s ahead of UTC in 1972 (leap
	 * seconds since are not counted, as tai64nlocal does). */
	if (sec < (UINT64_C(1) << 62) + 10 || nsec > 999999999)
		return NULL;
	sec -= (UINT64_C(1) << 62) + 10;
	f->zone = TIMEFMT_ZONE_EPOCH;
	f->epoch_ns = sec > (uint64_t)NS_SEC_MAX
	                  ? TIMEFMT_NS_LATE
	                  : (int64_t)sec * 1000000000 + (int64_t)nsec;
	return s + 25;
}

/* ---- JSON values -------------------------------------------------------- */

/* Is line[k..k+len) ("key") one of the keys that hold an entry's time? */
static int
time_key(const char *k, size_t len)
{
	static const char *const keys[] = {
	    "ts",         "time",      "timestamp",          "@timestamp",
	    "t",          "date",      "datetime",           "@t",
	    "eventTime",  "EdgeStartTimestamp", "__REALTIME_TIMESTAMP",
	    "Timestamp",  "Time",      "logged_at",          "created_at",
	    "asctime",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == len && memcmp(keys[i], k, len) == 0)
			return 1;
	return 0;
}

/*
 * A JSON member's value at pos (after `"key":`, blanks allowed, and after
 * the opening quote of a string) whose key holds a time: an ISO 8601
 * string, or epoch seconds (with a fraction), milliseconds, microseconds
 * or nanoseconds, as a number or a string of digits (journald).
 */
static const char *
r_json(const char *line, const char *end, size_t pos,
       struct timefmt_fields *f, int mode)
{
	const char *s = line + pos, *k, *p;
	int quoted = 0;
	size_t i = pos;

	if (pos < 4 || s == end)
		return NULL;
	if (line[i - 1] == '"') {
		quoted = 1;
		i--;
	}
	while (i > 0 && line[i - 1] == ' ')
		i--;
	if (i == 0 || line[i - 1] != ':')
		return NULL;
	i--;
	while (i > 0 && line[i - 1] == ' ')
		i--;
	if (i < 3 || line[i - 1] != '"')
		return NULL;
	i--;
	for (k = line + i; k > line && k[-1] != '"'; k--)
		if (k[-1] == '\\' || (size_t)(line + i - k) > 24)
			return NULL;
	if (k == line || !time_key(k, (size_t)(line + i - k)))
		return NULL;
	if (is_digit(*s) && (p = epoch_num(s, end, 0, f)) != NULL) {
		if (quoted && (p == end || *p != '"'))
			return NULL;
		return p;
	}
	if (!quoted)
		return NULL;
	if ((p = r_iso(line, end, pos, f, mode)) == NULL)
		return NULL;
	return p;
}

/* The first place in [from, limit) where a JSON time value starts. */
static size_t
find_json(const struct timefmt_def *def, const char *line, size_t len,
          size_t from, size_t limit, size_t *start, struct timefmt_fields *f)
{
	const char *end = line + len, *p = line + from, *q;

	(void)def;
	if (limit > len)
		limit = len;
	while (p < line + limit &&
	       (q = memchr(p, ':', (size_t)(line + limit - p))) != NULL) {
		size_t v = (size_t)(q - line) + 1;
		const char *e;

		while (v < len && line[v] == ' ')
			v++;
		if (v < len && line[v] == '"')
			v++;
		if (v >= from && (e = r_json(line, end, v, f, M_LOG)) != NULL) {
			*start = v;
			return (size_t)(e - (line + v));
		}
		p = q + 1;
	}
	return 0;
}

/* ---- the table ---------------------------------------------------------- */

static size_t
via_reader(const struct timefmt_def *def, const char *line, size_t len,
           size_t pos, struct timefmt_fields *f)
{
	const struct reading *r = def->data;
	const char *e;

	if (pos >= len)
		return 0;
	e = r->fn(line, line + len, pos, f, M_LOG);
	return e == NULL ? 0 : (size_t)(e - (line + pos));
}

static const struct reading rd_rfc5424 = {r_rfc5424}, rd_iso = {r_iso},
                            rd_access = {r_apache_access},
                            rd_ctime = {r_ctime}, rd_rfc3164 = {r_rfc3164},
                            rd_ymd_slash = {r_ymd_slash},
                            rd_yyyymmdd_ms = {r_yyyymmdd_ms},
                            rd_yy_slash = {r_yy_slash},
                            rd_yymmdd = {r_yymmdd}, rd_dmy = {r_dmy},
                            rd_mdy = {r_mdy}, rd_dmony = {r_dmony},
                            rd_mondy = {r_mondy}, rd_klog = {r_klog},
                            rd_logcat = {r_logcat}, rd_json = {r_json},
                            rd_tai64n = {r_tai64n},
                            rd_epoch_ns = {r_epoch_ns},
                            rd_epoch_us = {r_epoch_us},
                            rd_epoch_ms = {r_epoch_ms},
                            rd_epoch = {r_epoch},
                            rd_w3c_quoted = {r_w3c_quoted},
                            rd_uwsgi = {r_uwsgi};

/*
 * Every built-in's fingerprint for the index: the grammar's version.  An
 * index written when the readings read other lines (an earlier grammar)
 * then no longer matches and is rebuilt, never misread.
 */
#define GRAMMAR_ID "grammar-3"
#define G(name, example, summary, flags, rd)                                   \
	{name, example, summary, flags, via_reader, NULL, (void *)&rd, NULL,   \
	 GRAMMAR_ID, sizeof(GRAMMAR_ID) - 1}

/*
 * The table, in the order ties are broken.  Readings that contain another
 * (RFC 5424 holds an ISO time, ctime holds an RFC 3164 one) come first,
 * though the earlier position usually decides those ties already.
 */
static const struct timefmt_def builtins[] = {
    G("rfc5424", "<34>1 2026-03-01T10:00:00.003Z host app 1234 ID47 - msg",
      "syslog protocol (RFC 5424)", 0, rd_rfc5424),
    G("iso8601", "2026-03-01T10:00:00.250+01:00 INFO started",
      "ISO 8601 / RFC 3339, also W3C extended (IIS, CloudFront; TAB), "
      ".NET/Serilog (' +01:00'), PostgreSQL (' PDT'), Windows CBS "
      "(', '), log4j (',123')",
      0, rd_iso),
    G("w3c-quoted",
      "\"2017-06-28\" \"07:26:35\" \"a1f36498\" \"Chrome\" \"GET\"",
      "W3C extended log with quoted fields (Incapsula)", 0, rd_w3c_quoted),
    G("apache-access",
      "10.0.0.1 - - [01/Mar/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512",
      "Apache/nginx access log (common and combined)", 0, rd_access),
    G("apache-error", "[Sun Mar 01 10:00:00.123456 2026] [core:error] msg",
      "ctime(3), date(1) with a zone ('Wed May 19 08:00:01 EST 2021'), "
      "Apache error log",
      0, rd_ctime),
    {"uwsgi",
     "[pid: 24386|app: 0|req: 1/1] 10.0.0.1 () {34 vars in 647 bytes} "
     "[Sun Mar  1 10:00:00 2026] GET / => generated 12 bytes",
     "uWSGI request log: a bracketed ctime date anywhere on the line",
     TIMEFMT_ANYWHERE, via_reader, find_uwsgi, (void *)&rd_uwsgi, NULL,
     GRAMMAR_ID, sizeof(GRAMMAR_ID) - 1},
    G("rfc3164", "Mar  1 10:00:00 host sshd[812]: msg",
      "BSD syslog (RFC 3164), no year", TIMEFMT_NO_YEAR, rd_rfc3164),
    G("yyyy/mm/dd", "2026/03/01 10:00:00 [error] 812#812: *1 open() failed",
      "yyyy/MM/dd or yyyy.MM.dd HH:mm:ss (nginx error log, Go's log)", 0,
      rd_ymd_slash),
    G("dd-mon-yyyy", "01-Mar-2026 10:00:00.123 INFO [main] Catalina.start",
      "day month-name year: Tomcat/Catalina, Redis ('1:M 01 Mar 2026 "
      "10:00:00.123'), RFC 2822",
      0, rd_dmony),
    G("mon-dd-yyyy", "Mar 1, 2026 10:00:00 AM org.example.App main",
      "month-name day, year: Java util logging (12-hour clock)", 0,
      rd_mondy),
    G("dd/mm/yyyy", "31/03/2026 10:00:00 INFO msg",
      "day/month/year (also with '.' or '-'), European", TIMEFMT_AMBIGUOUS,
      rd_dmy),
    G("mm/dd/yyyy", "3/31/2026 10:00:00 AM INFO msg",
      "month/day/year, US, often 12-hour", TIMEFMT_AMBIGUOUS, rd_mdy),
    G("klog", "I0301 10:00:00.123456    1234 main.go:12] msg",
      "Go klog/glog: level letter and MMDD, no year", TIMEFMT_NO_YEAR,
      rd_klog),
    G("logcat", "03-01 10:00:00.123  1234  1234 I Tag: msg",
      "Android logcat: MM-DD, no year", TIMEFMT_NO_YEAR, rd_logcat),
    G("yyyymmdd-ms", "20260301-10:00:00:123|Step|msg",
      "yyyyMMdd-HH:mm:ss:SSS, also compact yyyyMMdd.HHmmss,SSS", 0,
      rd_yyyymmdd_ms),
    G("yy/mm/dd", "26/03/01 10:00:00 INFO executor.Executor: msg",
      "yy/MM/dd HH:mm:ss (Spark, Hadoop)", 0, rd_yy_slash),
    G("yymmdd", "260301 100000 148 INFO dfs.DataNode: msg",
      "yyMMdd HHmmss (HDFS), also yyMMdd HH:mm:ss (MySQL)", 0, rd_yymmdd),
    {"json",
     "{\"level\":\"info\",\"ts\":1772359200.123,\"msg\":\"started\"}",
     "a JSON time member anywhere on the line: zap/pino epochs (s, ms, us, "
     "ns), journald, bunyan and Logstash ISO strings",
     TIMEFMT_ANYWHERE, via_reader, find_json, (void *)&rd_json, NULL,
     GRAMMAR_ID, sizeof(GRAMMAR_ID) - 1},
    G("tai64n", "@4000000069a40e2a0ee6b280 msg",
      "TAI64N label (daemontools, runit)", 0, rd_tai64n),
    G("epoch-ns", "1772359200123456789 msg",
      "Unix time in nanoseconds, 19 digits, first field", 0, rd_epoch_ns),
    G("epoch-us", "1772359200123456 msg",
      "Unix time in microseconds, 16 digits, first field", 0, rd_epoch_us),
    G("epoch-ms", "1772359200000 msg",
      "Unix time in milliseconds, 13 digits, first field", 0, rd_epoch_ms),
    G("epoch", "1772359200.123 msg",
      "Unix time in seconds, 10 digits and optional fraction, first field, "
      "after '#' (shell history) or a pid (strace)",
      0, rd_epoch),
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

const struct timefmt_def *
timegram_builtins(size_t *n)
{
	*n = NBUILTINS;
	return builtins;
}

int
timegram_is_iso8601(const struct timefmt_def *d)
{
	return d != NULL && d->parse == via_reader && d->data == &rd_iso;
}

/* ---- where readings may start ------------------------------------------ */

/*
 * What each reading needs at its start, as its reader tests it first: the
 * first byte (a digit, a weekday's or month's initial, '<', ...), and the
 * byte before unless at the start of the line: start_ok(), num_start_ok(),
 * or an epoch's place (epoch_place(): a blank, or the '#' of a history
 * line).  A reader turned away by these has written at most f->month = 0
 * (month_word() failing in RFC 3164 and mon-dd-yyyy), which its every
 * success writes again.
 */
enum { PREV_WORD, PREV_NUM, PREV_EPOCH, PREV_NONE };

static int
weekday_initial(char c)
{
	c = (char)lower(c);
	return c == 'm' || c == 't' || c == 'w' || c == 'f' || c == 's';
}

static int
month_initial(char c)
{
	c = (char)lower(c);
	return c != '\0' && strchr("jfmasond", c) != NULL;
}

static int
first_digit(char c)
{
	return is_digit(c);
}

static int
first_lt(char c)
{
	return c == '<';
}

static int
first_quote(char c)
{
	return c == '"';
}

static int
first_at(char c)
{
	return c == '@';
}

static int
first_level(char c)
{
	return c == 'I' || c == 'W' || c == 'E' || c == 'F';
}

static int
first_day_or_weekday(char c)
{
	return is_digit(c) || weekday_initial(c);
}

static int
first_month_or_weekday(char c)
{
	return month_initial(c) || weekday_initial(c);
}

static const struct start_rule {
	const struct reading *rd;
	int (*first)(char c);
	int prev;
} start_rules[] = {
    {&rd_rfc5424, first_lt, PREV_WORD},
    {&rd_iso, first_digit, PREV_NUM},
    {&rd_w3c_quoted, first_quote, PREV_WORD},
    {&rd_access, first_digit, PREV_NUM},
    {&rd_ctime, weekday_initial, PREV_WORD},
    {&rd_rfc3164, month_initial, PREV_WORD},
    {&rd_ymd_slash, first_digit, PREV_NUM},
    {&rd_dmony, first_day_or_weekday, PREV_WORD},
    {&rd_mondy, first_month_or_weekday, PREV_WORD},
    {&rd_dmy, first_digit, PREV_NUM},
    {&rd_mdy, first_digit, PREV_NUM},
    {&rd_klog, first_level, PREV_WORD},
    {&rd_logcat, first_digit, PREV_NUM},
    {&rd_yyyymmdd_ms, first_digit, PREV_WORD},
    {&rd_yy_slash, first_digit, PREV_NUM},
    {&rd_yymmdd, first_digit, PREV_WORD},
    {&rd_tai64n, first_at, PREV_NONE},
    {&rd_epoch_ns, first_digit, PREV_EPOCH},
    {&rd_epoch_us, first_digit, PREV_EPOCH},
    {&rd_epoch_ms, first_digit, PREV_EPOCH},
    {&rd_epoch, first_digit, PREV_EPOCH},
};

#define NSTART_RULES (sizeof(start_rules) / sizeof(start_rules[0]))

/* d's index in builtins, or -1 (d may be a configured format's). */
static int
builtin_index(const struct timefmt_def *d)
{
	uintptr_t a = (uintptr_t)d, lo = (uintptr_t)builtins;

	if (a < lo || a >= lo + sizeof(builtins) ||
	    (a - lo) % sizeof(builtins[0]) != 0)
		return -1;
	return (int)((a - lo) / sizeof(builtins[0]));
}

static const struct start_rule *
start_rule(const struct timefmt_def *d)
{
	int i = builtin_index(d);

	if (i < 0 || i >= 32 || d->parse != via_reader || d->find != NULL ||
	    (d->flags & (TIMEFMT_ANYWHERE | TIMEFMT_COL0)))
		return NULL;
	for (size_t k = 0; k < NSTART_RULES; k++)
		if (start_rules[k].rd == d->data)
			return &start_rules[k];
	return NULL;
}

int
timegram_start_bit(const struct timefmt_def *d)
{
	return start_rule(d) != NULL ? builtin_index(d) : -1;
}

static int
prev_ok(int rule, char c)
{
	switch (rule) {
	case PREV_WORD:
		return !is_alnum(c);
	case PREV_NUM:
		return !is_alnum(c) && c != '-' && c != '/' && c != '.' &&
		       c != ':';
	case PREV_EPOCH:
		return c == ' ' || c == '\t' || c == '#';
	default:
		return 0;
	}
}

static struct timegram_starts starts;
static pthread_once_t starts_once = PTHREAD_ONCE_INIT;

static void
build_starts(void)
{
	for (size_t i = 0; i < NBUILTINS; i++) {
		const struct start_rule *r = start_rule(&builtins[i]);
		uint32_t bit = UINT32_C(1) << i;

		if (r == NULL)
			continue;
		for (int c = 0; c < 256; c++) {
			if (r->first((char)c))
				starts.first[c] |= bit;
			if (prev_ok(r->prev, (char)c))
				starts.prev[c] |= bit;
		}
	}
}

const struct timegram_starts *
timegram_starts(void)
{
	pthread_once(&starts_once, build_starts);
	return &starts;
}

static int
same_fields(const struct timefmt_fields *a, const struct timefmt_fields *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute &&
	       a->second == b->second && a->nsec == b->nsec &&
	       a->zone == b->zone && a->offset == b->offset &&
	       a->epoch_ns == b->epoch_ns && a->abbr == b->abbr;
}

int
timegram_parse_text(const char *s, size_t len, struct timefmt_fields *f,
                    int *no_year)
{
	struct timefmt_fields g;
	int found = 0;

	for (size_t i = 0; i < NBUILTINS; i++) {
		const struct reading *r = builtins[i].data;
		const char *e;

		/* Epochs have their own '@' form in expressions. */
		if (r == &rd_epoch || r == &rd_epoch_ms || r == &rd_epoch_us ||
		    r == &rd_epoch_ns || r == &rd_json || r == &rd_uwsgi)
			continue;
		memset(&g, 0, sizeof(g));
		e = r->fn(s, s + len, 0, &g, M_EXPR);
		if (e == NULL || e != s + len)
			continue;
		if (!found) {
			*f = g;
			*no_year = (builtins[i].flags & TIMEFMT_NO_YEAR) != 0;
			found = 1;
		} else if (!same_fields(f, &g)) {
			return -1;
		}
	}
	return found;
}
