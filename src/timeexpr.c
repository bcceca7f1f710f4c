/*
 * timeexpr.c - parse --since / --until expressions (see timeexpr.h).
 * Parsed once per run, so clarity wins over speed here.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "timeexpr.h"
#include "timefmt.h"
#include "timegram.h"
#include "util.h"

#define NS_PER_SEC INT64_C(1000000000)

/* What we tell the user we accept when nothing fits. */
#define EXPECTED                                                               \
	"expected YYYY-MM-DD [HH:MM[:SS]], HH:MM, a timestamp as a log "       \
	"writes it, now, now-1h, today, yesterday, -2h, '90m ago', @EPOCH or " \
	"+DURATION"

/* A cursor over the expression, with the whole text kept for messages. */
struct cur {
	const char *s; /* the expression as typed */
	const char *p;
	char *err;
	const struct timefmt_aliases *aliases; /* or NULL */
};

static int
fail(struct cur *c, const char *what)
{
	ls_errf(c->err, "bad time '%s': %s", c->s, what);
	return -1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void
skip_blanks(struct cur *c)
{
	while (*c->p == ' ' || *c->p == '\t')
		c->p++;
}

/* Exactly n digits. */
static int
fixed_digits(struct cur *c, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit(c->p[i]))
			return 0;
		x = x * 10 + (c->p[i] - '0');
	}
	c->p += n;
	*v = x;
	return 1;
}

/* Does a word (letters, case-insensitive) come next, ending there? */
static int
word(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	if (strncasecmp(c->p, w, n) != 0 || is_alpha(c->p[n]))
		return 0;
	c->p += n;
	return 1;
}

/* a / b rounded towards minus infinity (b > 0). */
static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && a < 0);
}

/*
 * A time of day: HH:MM, optional :SS and a '.' or ',' fraction.  Returns 1
 * and the seconds since midnight and nanoseconds, 0 when no time starts
 * here, -1 (err filled) for a malformed one.
 */
static int
time_of_day(struct cur *c, int64_t *sec, uint32_t *nsec)
{
	int hh, mm, ss = 0;
	uint32_t ns = 0;
	const char *start = c->p;

	if (!(is_digit(c->p[0]) &&
	      (c->p[1] == ':' || (is_digit(c->p[1]) && c->p[2] == ':'))))
		return 0;
	if (c->p[1] == ':') {
		hh = c->p[0] - '0';
		c->p++;
	} else {
		fixed_digits(c, 2, &hh);
	}
	c->p++; /* ':' */
	if (!fixed_digits(c, 2, &mm) || is_digit(*c->p)) {
		c->p = start;
		return fail(c, "expected two digits of minutes after HH:");
	}
	if (*c->p == ':') {
		c->p++;
		if (!fixed_digits(c, 2, &ss) || is_digit(*c->p))
			return fail(c, "expected two digits of seconds after "
			               "HH:MM:");
		if (*c->p == '.' || *c->p == ',') {
			int n = 0;

			c->p++;
			if (!is_digit(*c->p))
				return fail(c, "expected digits after the "
				               "decimal point");
			for (; is_digit(*c->p); c->p++, n++)
				if (n < 9)
					ns = ns * 10 + (uint32_t)(*c->p - '0');
			for (; n < 9; n++)
				ns *= 10;
		}
	}
	if (hh > 23)
		return fail(c, "hour must be 0-23");
	if (mm > 59)
		return fail(c, "minute must be 0-59");
	if (ss > 60)
		return fail(c, "second must be 0-60");
	/* A leap second is the last second of its minute, as in logs. */
	*sec = hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss);
	*nsec = ns;
	return 1;
}

/*
 * An optional zone: Z, +hh:mm, +hhmm, +hh, or the word UTC/GMT.  Returns 1
 * with the offset east of UTC, 0 when there is none, -1 on error.
 */
static int
zone_suffix(struct cur *c, int32_t *offset)
{
	const char *save = c->p;
	int hh, mm = 0, sign;

	if (*c->p == 'Z' || *c->p == 'z') {
		c->p++;
		*offset = 0;
		return 1;
	}
	skip_blanks(c);
	if (word(c, "UTC") || word(c, "GMT")) {
		*offset = 0;
		return 1;
	}
	/* "10:00 +02:00" as well as "10:00+02:00": logs write both. */
	if (*c->p != '+' && *c->p != '-') {
		c->p = save;
		return 0;
	}
	sign = *c->p++ == '-' ? -1 : 1;
	if (!fixed_digits(c, 2, &hh))
		return fail(c, "expected a zone offset +hh:mm after the time");
	if (*c->p == ':') {
		c->p++;
		if (!fixed_digits(c, 2, &mm))
			return fail(c, "expected two digits of zone minutes");
	} else if (is_digit(*c->p)) {
		if (!fixed_digits(c, 2, &mm))
			return fail(c, "expected two digits of zone minutes");
	}
	if (hh > 23 || mm > 59)
		return fail(c, "zone offset out of range");
	*offset = sign * (hh * 3600 + mm * 60);
	return 1;
}

/* Wall-clock seconds in zone -> UTC seconds. */
static int64_t
wall_to_utc(const tz *zone, int64_t wall)
{
	return zone != NULL ? tz_local_to_utc(zone, wall) : wall;
}

/* The first wall-clock second of the local day containing now. */
static int64_t
local_midnight(const tz *zone, int64_t now_ns)
{
	int64_t now_s = floor_div(now_ns, NS_PER_SEC);
	int64_t wall = now_s + (zone != NULL ? tz_offset_at(zone, now_s) : 0);

	return floor_div(wall, 86400) * 86400;
}

static int
to_ns(struct cur *c, int64_t sec, uint32_t nsec, int64_t *out)
{
	/* int64 nanoseconds hold about 1677-2262. */
	if (sec > INT64_MAX / NS_PER_SEC - 1 ||
	    sec < INT64_MIN / NS_PER_SEC + 1)
		return fail(c, "out of the supported range (years 1678-2261)");
	*out = sec * NS_PER_SEC + nsec;
	return 0;
}

/* The rest must be blank. */
static int
at_end(struct cur *c)
{
	skip_blanks(c);
	return *c->p == '\0';
}

static int
trailing(struct cur *c)
{
	return fail(c, EXPECTED);
}

/* yyyy-mm-dd [T or space time [zone]] */
static int
absolute(struct cur *c, const tz *zone, int64_t *out)
{
	int y, m, d, r;
	int64_t sec, tod = 0;
	uint32_t nsec = 0;
	int32_t off = 0;
	int has_zone = 0;

	if (!fixed_digits(c, 4, &y) || *c->p != '-')
		return fail(c, "expected a date YYYY-MM-DD");
	c->p++;
	if (is_digit(c->p[0]) && is_digit(c->p[1]) && is_digit(c->p[2]) &&
	    !is_digit(c->p[3])) {
		/* The ISO 8601 ordinal date YYYY-DDD, as some logs write. */
		int64_t yy;
		int doy = 0;

		(void)fixed_digits(c, 3, &doy);
		if (doy < 1 || doy > (timefmt_valid_date(y, 2, 29) ? 366 : 365))
			return fail(c, "no such day of the year (YYYY-DDD)");
		timefmt_civil_from_days(
		    timefmt_days_from_civil(y, 1, 1) + doy - 1, &yy, &m, &d);
	} else {
		if (!fixed_digits(c, 2, &m) || *c->p != '-')
			return fail(c, "expected a date YYYY-MM-DD "
			               "(two-digit month)");
		c->p++;
		if (!fixed_digits(c, 2, &d) || is_digit(*c->p))
			return fail(c, "expected a date YYYY-MM-DD "
			               "(two-digit day)");
		if (m < 1 || m > 12)
			return fail(c, "month must be 01-12");
		if (!timefmt_valid_date(y, m, d))
			return fail(c, "no such day in that month");
	}
	if (*c->p == 'T' || *c->p == 't' || *c->p == ' ') {
		const char *save = c->p;

		c->p++;
		skip_blanks(c);
		if ((r = time_of_day(c, &tod, &nsec)) < 0)
			return -1;
		if (r == 0) {
			if (*save != ' ')
				return fail(c, "expected HH:MM after 'T'");
			c->p = save;
		} else if ((has_zone = zone_suffix(c, &off)) < 0) {
			return -1;
		}
	}
	if (!at_end(c))
		return trailing(c);
	sec = timefmt_days_from_civil(y, m, d) * 86400 + tod;
	sec = has_zone ? sec - off : wall_to_utc(zone, sec);
	return to_ns(c, sec, nsec, out);
}

/*
 * Forms people try that are none of ours, for a message that says what to
 * write instead: a year alone, a date without dashes, a 12-hour time.
 * Returns -1 (err filled) for one of them, else 0 with c untouched.
 */
static int
bare_number(struct cur *c)
{
	const char *q = c->p;
	size_t n = 0;

	while (is_digit(q[n]))
		n++;
	q += n;
	if ((n == 1 || n == 2) &&
	    (strncasecmp(q, "am", 2) == 0 || strncasecmp(q, "pm", 2) == 0 ||
	     strncasecmp(q, " am", 3) == 0 || strncasecmp(q, " pm", 3) == 0))
		return fail(c,
		            "expected a 24-hour time such as 10:00 or 22:00, "
		            "not am/pm");
	while (*q == ' ' || *q == '\t')
		q++;
	if (*q != '\0')
		return 0;
	if (n == 4)
		return fail(c, "a year alone is not a time: expected a date "
		               "such as 2026-03-01");
	if (n == 8)
		return fail(c, "expected a date with dashes, such as "
		               "2026-03-01");
	return 0;
}

/* A duration: one or more NUMBER [blank] UNIT, e.g. "1h30m", "2 days". */
static int
duration(struct cur *c, int64_t *out_ns)
{
	static const struct {
		const char *name;
		int64_t sec;
	} units[] = {
	    {"seconds", 1},    {"second", 1},    {"secs", 1},
	    {"sec", 1},        {"s", 1},         {"minutes", 60},
	    {"minute", 60},    {"mins", 60},     {"min", 60},
	    {"m", 60},         {"hours", 3600},  {"hour", 3600},
	    {"hrs", 3600},     {"hr", 3600},     {"h", 3600},
	    {"days", 86400},   {"day", 86400},   {"d", 86400},
	    {"weeks", 604800}, {"week", 604800}, {"w", 604800},
	};
	/* No more than about 290 years fits in int64 nanoseconds. */
	const int64_t max_sec = INT64_MAX / NS_PER_SEC / 2;
	int64_t total = 0;
	int n = 0;

	for (;;) {
		int64_t v = 0;
		size_t u;

		skip_blanks(c);
		if (!is_digit(*c->p))
			break;
		for (; is_digit(*c->p); c->p++) {
			v = v * 10 + (*c->p - '0');
			if (v > max_sec)
				return fail(c, "duration too long");
		}
		skip_blanks(c);
		for (u = 0; u < sizeof(units) / sizeof(units[0]); u++)
			if (word(c, units[u].name))
				break;
		if (u == sizeof(units) / sizeof(units[0])) {
			/* A number that runs on into '/', ':' or '.' was
			 * meant as a date or time, not a duration. */
			if (*c->p != '\0' && !is_alpha(*c->p))
				return fail(c, EXPECTED);
			return fail(c,
			            "expected a unit (s, m, h, d or w) after "
			            "the number");
		}
		if (v > (max_sec - total) / units[u].sec)
			return fail(c, "duration too long");
		total += v * units[u].sec;
		n++;
	}
	if (n == 0)
		return fail(c, "expected a duration such as 2h or 90m");
	*out_ns = total * NS_PER_SEC;
	return 0;
}

/*
 * A timestamp as a log writes it, pasted from a line ("Dec 5 10:00:01",
 * "2026/12/05 10:00", "05-Dec-2026 10:00:00.123", "I1205 10:00:00"): the
 * grammar of timegram.c, seconds optional.  A year-less one takes the
 * latest year that puts it at or before a day from now.  Returns 1 with
 * *out set, 0 when the text is no such timestamp, -1 (err filled) for an
 * ambiguous or impossible one.
 */
static int
pasted(struct cur *c, int64_t now_ns, const tz *zone, int64_t *out)
{
	struct timefmt_fields f;
	size_t n = strlen(c->p);
	int no_year, r;

	while (n > 0 && (c->p[n - 1] == ' ' || c->p[n - 1] == '\t'))
		n--;
	memset(&f, 0, sizeof(f));
	if ((r = timegram_parse_text(c->p, n, &f, &no_year)) == 0)
		return 0;
	if (r < 0)
		return fail(c, "ambiguous date: day/month or month/day? write "
		               "it as YYYY-MM-DD");
	if (f.zone == TIMEFMT_ZONE_EPOCH) {
		*out = f.epoch_ns;
		return 1;
	}
	if (timefmt_alias_apply(c->aliases, &f) < 0) {
		char what[LS_ERRSZ];

		snprintf(what, sizeof(what),
		         "the zone '%s' means several zones: give its offset "
		         "under zone-aliases: in the config, or write the "
		         "offset (+05:30)",
		         timegram_ambiguous_zone(f.abbr));
		return fail(c, what);
	}
	if (no_year) {
		int64_t wall = floor_div(now_ns, NS_PER_SEC), y;
		int m, d;

		if (zone != NULL)
			wall += tz_offset_at(zone, wall);
		timefmt_civil_from_days(floor_div(wall, 86400), &y, &m, &d);
		f.year = (int)y;
		for (int i = 0; i < 9; i++) {
			if (timefmt_fields_to_ns(&f, zone, out) == 0 &&
			    *out <= now_ns + 86400 * NS_PER_SEC)
				break;
			f.year--;
		}
	}
	/* int64 nanoseconds hold about 1677-2262. */
	if (f.year < 1678 || f.year > 2261)
		return fail(c, "out of the supported range (years 1678-2261)");
	if (timefmt_fields_to_ns(&f, zone, out) != 0)
		return fail(c, "no such date");
	return 1;
}

int
timeexpr_parse(const char *s, int64_t now_ns, const tz *zone,
               const int64_t *base, int64_t *out, char *err)
{
	return timeexpr_parse_aliased(s, now_ns, zone, NULL, base, out, err);
}

int
timeexpr_parse_aliased(const char *s, int64_t now_ns, const tz *zone,
                       const struct timefmt_aliases *aliases,
                       const int64_t *base, int64_t *out, char *err)
{
	struct cur c = {s, s, err, aliases};
	int64_t d, day, tod, sec;
	uint32_t nsec;
	int32_t off;
	int r, has_zone;

	skip_blanks(&c);
	if (*c.p == '\0')
		return fail(&c, EXPECTED);

	if (*c.p == '+' || *c.p == '-') {
		int plus = *c.p++ == '+';

		if (duration(&c, &d) < 0)
			return -1;
		if (!at_end(&c))
			return trailing(&c);
		if (plus && base == NULL)
			return fail(&c, "a '+' duration counts from --since, "
			                "which is not given");
		if (plus && *base > INT64_MAX - d)
			return fail(&c, "out of the supported range (years "
			                "1678-2261)");
		*out = plus ? *base + d : now_ns - d;
		return 0;
	}
	if (*c.p == '@') {
		int64_t v = 0;
		int n = 0;

		c.p++;
		for (; is_digit(*c.p) && n < 12; c.p++, n++)
			v = v * 10 + (*c.p - '0');
		if (n == 12 && is_digit(c.p[0]) && !is_digit(c.p[1]))
			return fail(&c,
			            "expected Unix seconds after '@', not "
			            "milliseconds: put a '.' before the last "
			            "three digits");
		if (n == 0 || n == 12)
			return fail(&c, "expected Unix seconds after '@'");
		nsec = 0;
		if (*c.p == '.') {
			c.p++;
			n = 0;
			if (!is_digit(*c.p))
				return fail(&c, "expected digits after the "
				                "decimal point");
			for (; is_digit(*c.p); c.p++, n++)
				if (n < 9)
					nsec =
					    nsec * 10 + (uint32_t)(*c.p - '0');
			for (; n < 9; n++)
				nsec *= 10;
		}
		if (!at_end(&c))
			return trailing(&c);
		return to_ns(&c, v, nsec, out);
	}
	if (word(&c, "now")) {
		skip_blanks(&c);
		if (*c.p == '+' || *c.p == '-') {
			/* now-1h, now + 5m */
			int plus = *c.p++ == '+';

			if (duration(&c, &d) < 0)
				return -1;
			if (!at_end(&c))
				return trailing(&c);
			if (plus ? now_ns > INT64_MAX - d : now_ns < INT64_MIN + d)
				return fail(&c, "out of the supported range "
				                "(years 1678-2261)");
			*out = plus ? now_ns + d : now_ns - d;
			return 0;
		}
		if (!at_end(&c))
			return trailing(&c);
		*out = now_ns;
		return 0;
	}
	if ((r = pasted(&c, now_ns, zone, out)) != 0)
		return r < 0 ? -1 : 0;
	day = local_midnight(zone, now_ns);
	if ((r = word(&c, "today")       ? 0
	         : word(&c, "yesterday") ? -1
	         : word(&c, "tomorrow")  ? 1
	                                 : 2) != 2) {
		/*
		 * Step a whole wall-clock day, so that "yesterday" is the
		 * previous midnight even across a DST change.
		 */
		day += r * 86400;
		tod = 0;
		nsec = 0;
		has_zone = 0;
		skip_blanks(&c);
		if ((r = time_of_day(&c, &tod, &nsec)) < 0)
			return -1;
		if (r == 1 && (has_zone = zone_suffix(&c, &off)) < 0)
			return -1;
		if (!at_end(&c))
			return trailing(&c);
		sec = has_zone ? day + tod - off : wall_to_utc(zone, day + tod);
		return to_ns(&c, sec, nsec, out);
	}
	if (!is_digit(*c.p))
		return fail(&c, EXPECTED);

	/* Digits: a date, a time of day, or "N unit ago". */
	if (is_digit(c.p[1]) && is_digit(c.p[2]) && is_digit(c.p[3]) &&
	    c.p[4] == '-')
		return absolute(&c, zone, out);
	if (bare_number(&c) < 0)
		return -1;
	if ((r = time_of_day(&c, &tod, &nsec)) < 0)
		return -1;
	if (r == 1) {
		if ((has_zone = zone_suffix(&c, &off)) < 0)
			return -1;
		if (!at_end(&c))
			return trailing(&c);
		sec = has_zone ? day + tod - off : wall_to_utc(zone, day + tod);
		return to_ns(&c, sec, nsec, out);
	}
	if (duration(&c, &d) < 0)
		return -1;
	skip_blanks(&c);
	if (!word(&c, "ago"))
		return fail(&c, "expected 'ago' after the duration (or write "
		                "it as -2h)");
	if (!at_end(&c))
		return trailing(&c);
	*out = now_ns - d;
	return 0;
}
