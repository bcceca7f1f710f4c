/*
 * isofast.c - ISO 8601 timestamps of one common shape, read fast (see
 * isofast.h).  Every rule below is the iso8601 reading's (timegram.c) for
 * this shape; what those rules would need more context for is declined.
 */
#include "config.h"

#include <string.h>

#include "isofast.h"
#include "timefmt.h"
#include "timegram.h"

static inline int
dig(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static inline int
alpha(char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

static inline int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

const char *
isofast_shape(const char *s, const char *end, struct timefmt_fields *f)
{
	if (end - s < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' ||
	    s[16] != ':' ||
	    (s[10] != 'T' && s[10] != ' ' && s[10] != 't' && s[10] != '\t'))
		return NULL;
	/* The fourteen digits, tested without a branch each. */
#define ND(i) ((unsigned)(unsigned char)(s[i] - '0') > 9)
	if (ND(0) | ND(1) | ND(2) | ND(3) | ND(5) | ND(6) | ND(8) | ND(9) |
	    ND(11) | ND(12) | ND(14) | ND(15) | ND(17) | ND(18))
		return NULL;
#undef ND
	if (end - s > 19 && dig(s[19]))
		return NULL;
	f->year = two(s) * 100 + two(s + 2);
	f->month = two(s + 5);
	f->day = two(s + 8);
	f->hour = two(s + 11);
	f->minute = two(s + 14);
	f->second = two(s + 17);
	f->nsec = 0;
	if (!timefmt_valid_date(f->year, f->month, f->day))
		return NULL;
	return s + 19;
}

/*
 * Whether the parser could read a zone at p, right after a time (p < end):
 * an offset, or after a space an offset or a capital (a zone word, or
 * "INFO": timegram_zone_part() tells).  Anything else it reads as no zone.
 */
static inline int
zone_may_follow(const char *p, const char *end)
{
	if (*p == '+' || *p == '-')
		return 1;
	return *p == ' ' && end - p >= 2 &&
	       (p[1] == '+' || p[1] == '-' || (p[1] >= 'A' && p[1] <= 'Z'));
}

/*
 * Is the word after the space at p one the reader has seen read as no
 * zone?  Whether timegram_zone_part() reads a zone there depends on the
 * capitals that follow the space (five at most matter) and the byte after
 * them, all within the six bytes after the space: the key is those bytes
 * (fewer at the end of the line) and their count, in *key; 0 when the
 * text is no such word (an offset).
 */
static inline int
known_word(const struct isofast *c, const char *p, const char *end,
           uint64_t *key)
{
	size_t n = (size_t)(end - p) - 1;
	uint64_t k = 0;

	*key = 0;
	if (*p != ' ' || p[1] == '+' || p[1] == '-')
		return 0;
	if (n > 6)
		n = 6;
	for (size_t i = 0; i < n; i++)
		k |= (uint64_t)(unsigned char)p[1 + i] << (8 * i);
	k |= (uint64_t)n << 56;
	*key = k;
	return k == c->word[0] || k == c->word[1];
}

/* Read the prefix of the timestamp at s (before end) into c, or return 0
 * for another shape or a time out of range (the years kept to where no
 * time is near the ends of int64 nanoseconds). */
static int
read_prefix(struct isofast *c, const char *s, const char *end)
{
	struct timefmt_fields f;

	if (isofast_shape(s, end, &f) == NULL || f.year < 1700 ||
	    f.year > 2200 || f.hour > 23)
		return 0;
	memcpy(c->prefix, s, ISOFAST_PREFIX);
	c->wall = timefmt_days_from_civil(f.year, f.month, f.day) * 86400 +
	          f.hour * 3600;
	c->have = 1;
	return 1;
}

/*
 * A zone-less wall time (seconds, as if UTC) read in zone as
 * timefmt_fields_to_ns() reads it, when it lies in the stretch the reader
 * knows to be read with one offset and never to repeat: returns 1 with the
 * UTC seconds in *u, or 0 when the time must be converted the long way.
 */
static int
calm_utc(struct isofast *c, const tz *zone, int64_t w, int64_t *u)
{
	if (zone == NULL) {
		*u = w;
		return 1;
	}
	if (!c->calm_set || c->calm_zone != zone || w < c->calm_lo ||
	    w >= c->calm_hi) {
		c->calm_off = tz_local_calm(zone, w, &c->calm_lo, &c->calm_hi);
		c->calm_zone = zone;
		c->calm_set = 1;
		if (w < c->calm_lo || w >= c->calm_hi)
			return 0;
	}
	*u = w - c->calm_off;
	return 1;
}

size_t
isofast_time(struct isofast *c, const char *line, size_t len, size_t pos,
             const tz *zone, struct timefmt_seq *seq, int64_t *t,
             int *zoneless)
{
	static const uint32_t scale[10] = {1000000000, 100000000, 10000000,
	                                   1000000,    100000,    10000,
	                                   1000,       100,       10,
	                                   1};
	const char *s = line + pos, *end = line + len, *p, *z;
	struct timefmt_fields zf;
	uint64_t key = 0;
	uint32_t nsec = 0;
	int32_t off = 0;
	int minute, second, utc = 0;
	int64_t w, u;

	if (pos >= len || len - pos < ISOFAST_PREFIX + 2)
		return 0;
	/* Not inside a word, a number or another date. */
	if (pos > 0) {
		char b = line[pos - 1];

		if (dig(b) || alpha(b) || b == '-' || b == '/' || b == '.' ||
		    b == ':')
			return 0;
	}
	if (!c->have || memcmp(s, c->prefix, ISOFAST_PREFIX) != 0) {
		c->have = 0;
		if (!read_prefix(c, s, end))
			return 0;
	}
	/* "mm:ss", the minute up to 59, the second up to 60. */
#define ND(i) ((unsigned)(unsigned char)(s[i] - '0') > 9)
	if (ND(14) | ND(15) | ND(17) | ND(18) | (s[16] != ':'))
		return 0;
#undef ND
	minute = two(s + 14);
	second = two(s + 17);
	if (minute > 59 || second > 60)
		return 0;
	p = s + 19;
	/* A fraction: any number of digits, truncated to nanoseconds. */
	if (end - p >= 2 && (*p == '.' || *p == ',') && dig(p[1])) {
		const char *q = ++p;

		for (; p < end && dig(*p); p++)
			if (p - q < 9)
				nsec = nsec * 10 + (uint32_t)(*p - '0');
		nsec *= scale[p - q < 9 ? p - q : 9];
	}
	/*
	 * What follows: no more digits, no letter right after the time
	 * ("10:00:00am" and 'z' are left to the parser) nor AM/PM after a
	 * space; then the zone as the parser reads it, declined when it is
	 * an ambiguous abbreviation (the config's aliases decide those).
	 */
	if (p < end) {
		if (dig(*p) || (alpha(*p) && *p != 'Z'))
			return 0;
		if (*p == ' ' && end - p >= 3 &&
		    ((p[1] | 0x20) == 'a' || (p[1] | 0x20) == 'p') &&
		    (p[2] | 0x20) == 'm' &&
		    (end - p == 3 || !(dig(p[3]) || alpha(p[3]))))
			return 0;
		if (*p == 'Z') {
			if (p + 1 < end && dig(p[1]))
				return 0;
			utc = 1;
			p++;
		} else if (zone_may_follow(p, end) &&
		           !known_word(c, p, end, &key)) {
			zf.abbr = 0;
			zf.zone = TIMEFMT_ZONE_LOCAL;
			if ((z = timegram_zone_part(p, end, &zf)) == NULL ||
			    (z < end && dig(*z)) || zf.abbr != 0)
				return 0;
			if (zf.zone == TIMEFMT_ZONE_OFFSET) {
				utc = 1;
				off = zf.offset;
			} else if (z == p && key != 0) {
				c->word[1] = c->word[0];
				c->word[0] = key;
			}
			p = z;
		}
	}
	/* The leap second (:60) reads as :59, as timefmt_fields_to_ns()
	 * reads it. */
	w = c->wall + minute * 60 + (second == 60 ? 59 : second);
	if (utc) {
		*t = (w - off) * 1000000000 + (int64_t)nsec;
		timefmt_seq_set(seq, *t);
		*zoneless = 0;
		return (size_t)(p - s);
	}
	if (calm_utc(c, zone, w, &u)) {
		*t = u * 1000000000 + (int64_t)nsec;
		timefmt_seq_set(seq, *t);
	} else {
		struct timefmt_fields f;

		memset(&f, 0, sizeof(f));
		if (isofast_shape(s, end, &f) == NULL)
			return 0;
		f.nsec = nsec;
		f.zone = TIMEFMT_ZONE_LOCAL;
		if (timefmt_fields_to_ns_seq(&f, zone, seq, t) != 0)
			return 0;
	}
	*zoneless = 1;
	return (size_t)(p - s);
}
