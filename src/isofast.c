/*
 * isofast.c - ISO 8601 timestamps of one common shape, read fast (see
 * isofast.h).  Every rule below is the iso8601 reading's (timegram.c) for
 * this shape; what those rules would need more context for is declined.
 */
#include "config.h"

#include <string.h>

#include "isofast.h"

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

/* "YYYY-MM-DDTHH:MM:" (or a space for the T) at s. */
static int
prefix_shape(const char *s)
{
	return dig(s[0]) && dig(s[1]) && dig(s[2]) && dig(s[3]) &&
	       s[4] == '-' && dig(s[5]) && dig(s[6]) && s[7] == '-' &&
	       dig(s[8]) && dig(s[9]) && (s[10] == 'T' || s[10] == ' ') &&
	       dig(s[11]) && dig(s[12]) && s[13] == ':' && dig(s[14]) &&
	       dig(s[15]) && s[16] == ':';
}

/* Read the prefix at s into c, or return 0 when it is out of range (the
 * years kept to where no time is near the ends of int64 nanoseconds). */
static int
read_prefix(struct isofast *c, const char *s)
{
	struct timefmt_fields f;

	memset(&f, 0, sizeof(f));
	f.year = two(s) * 100 + two(s + 2);
	f.month = two(s + 5);
	f.day = two(s + 8);
	f.hour = two(s + 11);
	f.minute = two(s + 14);
	if (f.year < 1700 || f.year > 2200 ||
	    !timefmt_valid_date(f.year, f.month, f.day) || f.hour > 23 ||
	    f.minute > 59)
		return 0;
	memcpy(c->prefix, s, ISOFAST_PREFIX);
	c->f = f;
	c->have = 1;
	c->have_base = 0;
	return 1;
}

int
isofast_time(struct isofast *c, const char *line, size_t len, size_t pos,
             const tz *zone, struct timefmt_seq *seq, int64_t *t,
             int *zoneless)
{
	const char *s = line + pos, *end = line + len, *p;
	struct timefmt_fields f;
	uint32_t nsec = 0;
	int second, n = 0, utc;

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
		if (!prefix_shape(s) || !read_prefix(c, s))
			return 0;
	}
	if (!dig(s[17]) || !dig(s[18]))
		return 0;
	second = two(s + 17);
	if (second > 60)
		return 0;
	p = s + ISOFAST_PREFIX + 2;
	/* A fraction: any number of digits, truncated to nanoseconds. */
	if (end - p >= 2 && (*p == '.' || *p == ',') && dig(p[1])) {
		static const uint32_t scale[10] = {
		    1000000000, 100000000, 10000000, 1000000, 100000,
		    10000,      1000,      100,      10,      1};
		const char *q = ++p;

		for (; p < end && dig(*p); p++)
			if (p - q < 9)
				nsec = nsec * 10 + (uint32_t)(*p - '0');
		n = p - q < 9 ? (int)(p - q) : 9;
		nsec *= scale[n];
	}
	/* What follows: 'Z' (then no digit), or nothing that could be
	 * more of the time or a zone (a digit, a letter, an offset, a
	 * zone word or AM/PM after a space). */
	if (p == end) {
		utc = 0;
	} else if (*p == 'Z') {
		if (p + 1 < end && dig(p[1]))
			return 0;
		utc = 1;
	} else if (*p == ' ') {
		if (p + 1 < end &&
		    (alpha(p[1]) || p[1] == '+' || p[1] == '-'))
			return 0;
		utc = 0;
	} else if (dig(*p) || alpha(*p) || *p == '+' || *p == '-') {
		return 0;
	} else {
		utc = 0;
	}
	if (utc) {
		/* Linear within the minute, the leap second (:60) read as
		 * :59 as timefmt_fields_to_ns() reads it. */
		if (!c->have_base) {
			struct timefmt_fields m = c->f;

			m.zone = TIMEFMT_ZONE_OFFSET;
			m.offset = 0;
			if (timefmt_fields_to_ns(&m, zone, &c->base) != 0)
				return 0;
			c->have_base = 1;
		}
		*t = c->base +
		     (int64_t)(second == 60 ? 59 : second) * 1000000000 +
		     (int64_t)nsec;
		timefmt_seq_set(seq, *t);
		*zoneless = 0;
		return 1;
	}
	f = c->f;
	f.second = second;
	f.nsec = nsec;
	f.zone = TIMEFMT_ZONE_LOCAL;
	if (timefmt_fields_to_ns_seq(&f, zone, seq, t) != 0)
		return 0;
	*zoneless = 1;
	return 1;
}
