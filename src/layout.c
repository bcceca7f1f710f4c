/*
 * layout.c - compile strftime-style timestamp layouts and read timestamps
 * by them.  A compiled layout is a flat list of steps; reading walks it once
 * over the text, greedily and without backtracking, so a layout costs about
 * as much as a hand-written parser for the same format.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "timefmt.h"
#include "util.h"

enum step_kind {
	S_LIT,      /* literal bytes */
	S_YEAR4,    /* %Y */
	S_YEAR2,    /* %y */
	S_MON,      /* %m */
	S_MONNAME,  /* %b */
	S_DAY,      /* %d */
	S_DAYSPACE, /* %e */
	S_WDAY,     /* %a */
	S_HOUR,     /* %H */
	S_MIN,      /* %M */
	S_SEC,      /* %S */
	S_FRAC,     /* %f */
	S_ZONE,     /* %z */
	S_EPOCH,    /* %s */
};

/* What a directive fills; two directives for one field are an error. */
enum field {
	F_YEAR,
	F_MONTH,
	F_DAY,
	F_WDAY,
	F_HOUR,
	F_MIN,
	F_SEC,
	F_FRAC,
	F_ZONE,
	F_EPOCH,
	F_COUNT
};

static const char *const field_name[F_COUNT] = {
    "the year",   "the month",
    "the day",    "the weekday",
    "the hour",   "the minute",
    "the second", "the fraction",
    "the offset", "the time in epoch seconds",
};

struct step {
	enum step_kind kind;
	size_t off; /* S_LIT: bytes in layout.lit */
	size_t len;
};

struct layout {
	char *text;         /* the layout as given */
	char *lit;          /* literal bytes, with %% already folded to % */
	struct step *steps; /* nsteps of them */
	size_t nsteps;
	int has_year;
	int has_offset;
	int epoch; /* %s: the fields come from epoch seconds */
};

/* Longest run of %s digits read: 11 digits reach the year 5000. */
#define EPOCH_MAX_DIGITS 11

static const char *const month_names[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

static const char *const wday_names[7] = {
    "sunday",   "monday", "tuesday",  "wednesday",
    "thursday", "friday", "saturday",
};

/* Map a directive letter to its step and field; -1 if unknown. */
static int
directive(char c, enum step_kind *kind, enum field *field)
{
	switch (c) {
	case 'Y':
		*kind = S_YEAR4, *field = F_YEAR;
		break;
	case 'y':
		*kind = S_YEAR2, *field = F_YEAR;
		break;
	case 'm':
		*kind = S_MON, *field = F_MONTH;
		break;
	case 'b':
		*kind = S_MONNAME, *field = F_MONTH;
		break;
	case 'd':
		*kind = S_DAY, *field = F_DAY;
		break;
	case 'e':
		*kind = S_DAYSPACE, *field = F_DAY;
		break;
	case 'a':
		*kind = S_WDAY, *field = F_WDAY;
		break;
	case 'H':
		*kind = S_HOUR, *field = F_HOUR;
		break;
	case 'M':
		*kind = S_MIN, *field = F_MIN;
		break;
	case 'S':
		*kind = S_SEC, *field = F_SEC;
		break;
	case 'f':
		*kind = S_FRAC, *field = F_FRAC;
		break;
	case 'z':
		*kind = S_ZONE, *field = F_ZONE;
		break;
	case 's':
		*kind = S_EPOCH, *field = F_EPOCH;
		break;
	default:
		return -1;
	}
	return 0;
}

/* Spell a directive for a message, keeping odd bytes readable. */
static void
spell(char *buf, size_t sz, unsigned char c)
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, sz, "%%%c", c);
	else
		snprintf(buf, sz, "%%\\x%02x", c);
}

static void
add_step(layout *l, size_t *cap, enum step_kind kind, size_t off, size_t len)
{
	/* Consecutive literal text (including %%) becomes one step. */
	if (kind == S_LIT && l->nsteps > 0 &&
	    l->steps[l->nsteps - 1].kind == S_LIT) {
		l->steps[l->nsteps - 1].len += len;
		return;
	}
	if (l->nsteps == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		l->steps = xreallocarray(l->steps, *cap, sizeof(*l->steps));
	}
	l->steps[l->nsteps].kind = kind;
	l->steps[l->nsteps].off = off;
	l->steps[l->nsteps].len = len;
	l->nsteps++;
}

/* Check the fields a layout gives; 0 if they make a full time. */
static int
check_fields(const size_t seen[F_COUNT], const char at[F_COUNT], char *err)
{
	static const enum field need[] = {F_MONTH, F_DAY, F_HOUR, F_MIN};
	static const char *const need_name[] = {
	    "a month (%m or %b)", "a day (%d or %e)", "an hour (%H)",
	    "a minute (%M)"};
	char missing[200] = "";
	char d[8];
	size_t i, nmiss = 0, left = 0;

	if (seen[F_EPOCH]) {
		/* Epoch seconds are the whole date and time already. */
		for (i = 0; i < F_COUNT; i++) {
			if (i == F_EPOCH || i == F_FRAC || !seen[i])
				continue;
			spell(d, sizeof(d), (unsigned char)at[i]);
			ls_errf(
			    err,
			    "%s at offset %zu cannot be combined with %%s, "
			    "expected only a fraction (%%f) and literal text "
			    "beside epoch seconds",
			    d, seen[i] - 1);
			return -1;
		}
		return 0;
	}
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		left += !seen[need[i]];
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (seen[need[i]])
			continue;
		if (nmiss > 0)
			strcat(missing, nmiss + 1 == left ? " and " : ", ");
		strcat(missing, need_name[i]);
		nmiss++;
	}
	if (missing[0]) {
		ls_errf(err,
		        "the layout cannot give a full time, it lacks %s; "
		        "expected a month, a day, %%H and %%M, or else %%s",
		        missing);
		return -1;
	}
	if (seen[F_FRAC] && !seen[F_SEC]) {
		ls_errf(err,
		        "%%f at offset %zu has no seconds to be a fraction of, "
		        "expected %%S (or %%s) in the layout",
		        seen[F_FRAC] - 1);
		return -1;
	}
	return 0;
}

int
layout_compile(layout **out, const char *spec, char *err)
{
	size_t seen[F_COUNT] = {0}; /* offset + 1 of the directive */
	char at[F_COUNT] = {0};     /* its letter */
	size_t cap = 0, nlit = 0, i;
	enum step_kind kind;
	enum field field;
	char d1[8], d2[8];
	layout *l;

	*out = NULL;
	l = xcalloc(1, sizeof(*l));
	l->text = xstrdup(spec);
	l->lit = xmalloc(strlen(spec) + 1);

	for (i = 0; spec[i] != '\0'; i++) {
		if (spec[i] != '%') {
			l->lit[nlit] = spec[i];
			add_step(l, &cap, S_LIT, nlit++, 1);
			continue;
		}
		if (spec[i + 1] == '\0') {
			ls_errf(err,
			        "lone %% at offset %zu at the end, "
			        "expected a directive letter or %%%% after it",
			        i);
			goto fail;
		}
		if (spec[i + 1] == '%') {
			l->lit[nlit] = '%';
			add_step(l, &cap, S_LIT, nlit++, 1);
			i++;
			continue;
		}
		if (directive(spec[i + 1], &kind, &field) < 0) {
			spell(d1, sizeof(d1), (unsigned char)spec[i + 1]);
			ls_errf(
			    err,
			    "unknown directive %s at offset %zu, expected one "
			    "of %%Y %%y %%m %%d %%e %%b %%a %%H %%M %%S %%f "
			    "%%z %%s %%%%",
			    d1, i);
			goto fail;
		}
		if (seen[field]) {
			spell(d1, sizeof(d1), (unsigned char)spec[i + 1]);
			spell(d2, sizeof(d2), (unsigned char)at[field]);
			ls_errf(err,
			        "%s at offset %zu gives %s again (after %s at "
			        "offset %zu), expected each field once",
			        d1, i, field_name[field], d2, seen[field] - 1);
			goto fail;
		}
		seen[field] = i + 1;
		at[field] = spec[i + 1];
		add_step(l, &cap, kind, 0, 0);
		i++;
	}
	if (check_fields(seen, at, err) < 0)
		goto fail;
	l->epoch = seen[F_EPOCH] != 0;
	l->has_year = seen[F_YEAR] || l->epoch;
	l->has_offset = seen[F_ZONE] || l->epoch;
	*out = l;
	return 0;
fail:
	layout_close(l);
	return -1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Read between min and max digits at s[*i]; -1 if fewer than min. */
static int
digits(const char *s, size_t len, size_t *i, int min, int max, int *val)
{
	int n = 0, v = 0;

	while (n < max && *i < len && is_digit(s[*i])) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	if (n < min)
		return -1;
	*val = v;
	return 0;
}

static int
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Match the 3-letter abbreviation of one of n names, then the rest of the
 * full name if it follows; the index, or -1. */
static int
name(const char *s, size_t len, size_t *i, const char *const *names, int n)
{
	int k;
	size_t j, full;

	if (len - *i < 3)
		return -1;
	for (k = 0; k < n; k++) {
		for (j = 0; j < 3; j++)
			if (lower(s[*i + j]) != names[k][j])
				break;
		if (j < 3)
			continue;
		full = strlen(names[k]);
		while (j < full && *i + j < len &&
		       lower(s[*i + j]) == names[k][j])
			j++;
		*i += j == full ? full : 3;
		return k;
	}
	return -1;
}

static int
read_zone(const char *s, size_t len, size_t *i, struct layout_time *t)
{
	int sign, hh, mm;

	if (*i < len && s[*i] == 'Z') {
		(*i)++;
		t->utc_offset = 0;
		return 0;
	}
	if (*i >= len || (s[*i] != '+' && s[*i] != '-'))
		return -1;
	sign = s[*i] == '-' ? -1 : 1;
	(*i)++;
	if (digits(s, len, i, 2, 2, &hh) < 0 || hh > 23)
		return -1;
	if (*i < len && s[*i] == ':')
		(*i)++;
	if (digits(s, len, i, 2, 2, &mm) < 0 || mm > 59)
		return -1;
	t->utc_offset = sign * (hh * 3600 + mm * 60);
	return 0;
}

static int
read_epoch(const char *s, size_t len, size_t *i, struct layout_time *t)
{
	int64_t v = 0, days, rem, year;
	int n = 0;

	while (*i < len && is_digit(s[*i])) {
		if (++n > EPOCH_MAX_DIGITS)
			return -1;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	if (n == 0)
		return -1;
	days = v / 86400;
	rem = v % 86400;
	timefmt_civil_from_days(days, &year, &t->month, &t->day);
	t->year = (int)year; /* 11 digits stay below the year 5200 */
	t->hour = (int)(rem / 3600);
	t->minute = (int)(rem / 60 % 60);
	t->second = (int)(rem % 60);
	t->utc_offset = 0;
	return 0;
}

static int
read_frac(const char *s, size_t len, size_t *i, struct layout_time *t)
{
	uint32_t ns = 0;
	int n = 0;

	/* Any number of digits; those past nanoseconds are read and
	 * dropped. */
	while (*i < len && is_digit(s[*i])) {
		if (n < 9)
			ns = ns * 10 + (uint32_t)(s[*i] - '0');
		n++;
		(*i)++;
	}
	if (n == 0)
		return -1;
	for (; n < 9; n++)
		ns *= 10;
	t->nsec = ns;
	return 0;
}

static int
step(const layout *l, const struct step *st, const char *s, size_t len,
     size_t *i, struct layout_time *t)
{
	int v;

	switch (st->kind) {
	case S_LIT:
		if (len - *i < st->len ||
		    memcmp(s + *i, l->lit + st->off, st->len) != 0)
			return -1;
		*i += st->len;
		return 0;
	case S_YEAR4:
		if (digits(s, len, i, 4, 4, &v) < 0 || v == 0)
			return -1;
		t->year = v;
		return 0;
	case S_YEAR2:
		if (digits(s, len, i, 2, 2, &v) < 0)
			return -1;
		t->year = v < 69 ? 2000 + v : 1900 + v; /* as POSIX %y */
		return 0;
	case S_MON:
		if (digits(s, len, i, 1, 2, &v) < 0 || v < 1 || v > 12)
			return -1;
		t->month = v;
		return 0;
	case S_MONNAME:
		if ((v = name(s, len, i, month_names, 12)) < 0)
			return -1;
		t->month = v + 1;
		return 0;
	case S_DAYSPACE:
		if (*i < len && s[*i] == ' ')
			(*i)++;
		LS_FALLTHROUGH;
	case S_DAY:
		if (digits(s, len, i, 1, 2, &v) < 0 || v < 1 || v > 31)
			return -1;
		t->day = v;
		return 0;
	case S_WDAY:
		return name(s, len, i, wday_names, 7) < 0 ? -1 : 0;
	case S_HOUR:
		if (digits(s, len, i, 1, 2, &v) < 0 || v > 23)
			return -1;
		t->hour = v;
		return 0;
	case S_MIN:
		if (digits(s, len, i, 1, 2, &v) < 0 || v > 59)
			return -1;
		t->minute = v;
		return 0;
	case S_SEC:
		if (digits(s, len, i, 1, 2, &v) < 0 || v > 60)
			return -1;
		t->second = v;
		return 0;
	case S_FRAC:
		return read_frac(s, len, i, t);
	case S_ZONE:
		return read_zone(s, len, i, t);
	case S_EPOCH:
		return read_epoch(s, len, i, t);
	}
	return -1;
}

size_t
layout_parse(const layout *l, const char *s, size_t len, struct layout_time *t)
{
	size_t i = 0, k;

	memset(t, 0, sizeof(*t));
	for (k = 0; k < l->nsteps; k++)
		if (step(l, &l->steps[k], s, len, &i, t) < 0)
			return 0;
	/* Day and month are read separately; only now can 30 February be
	 * told apart from 30 April.  Without a year, 29 February must stay
	 * possible: 2000 stands in as a leap year. */
	if (!timefmt_valid_date(t->year ? t->year : 2000, t->month, t->day))
		return 0;
	t->has_offset = l->has_offset;
	return i;
}

int
layout_has_year(const layout *l)
{
	return l->has_year;
}

int
layout_has_offset(const layout *l)
{
	return l->has_offset;
}

const char *
layout_text(const layout *l)
{
	return l->text;
}

static void put(char *buf, size_t sz, size_t *at, const char *fmt, ...)
    LS_PRINTF(4, 5);

/* Append to buf (size sz, *at used so far), truncating quietly. */
static void
put(char *buf, size_t sz, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= sz)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, sz - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n < sz - *at ? (size_t)n : sz - *at - 1;
}

void
layout_format(const layout *l, const struct layout_time *t, char *buf,
              size_t sz)
{
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr",
	                                    "May", "Jun", "Jul", "Aug",
	                                    "Sep", "Oct", "Nov", "Dec"};
	static const char *const wday[7] = {"Sun", "Mon", "Tue", "Wed",
	                                    "Thu", "Fri", "Sat"};
	int64_t days = timefmt_days_from_civil(t->year, t->month, t->day);
	int32_t off = t->has_offset ? t->utc_offset : 0;
	size_t at = 0, k;
	const struct step *st;

	if (sz == 0)
		return;
	buf[0] = '\0';
	for (k = 0; k < l->nsteps; k++) {
		st = &l->steps[k];
		switch (st->kind) {
		case S_LIT:
			put(buf, sz, &at, "%.*s", (int)st->len,
			    l->lit + st->off);
			break;
		case S_YEAR4:
			put(buf, sz, &at, "%04d", t->year);
			break;
		case S_YEAR2:
			put(buf, sz, &at, "%02d", t->year % 100);
			break;
		case S_MON:
			put(buf, sz, &at, "%02d", t->month);
			break;
		case S_MONNAME:
			put(buf, sz, &at, "%s", mon[t->month - 1]);
			break;
		case S_DAY:
			put(buf, sz, &at, "%02d", t->day);
			break;
		case S_DAYSPACE:
			put(buf, sz, &at, "%2d", t->day);
			break;
		case S_WDAY:
			/* 1970-01-01 was a Thursday. */
			put(buf, sz, &at, "%s", wday[((days % 7) + 7 + 4) % 7]);
			break;
		case S_HOUR:
			put(buf, sz, &at, "%02d", t->hour);
			break;
		case S_MIN:
			put(buf, sz, &at, "%02d", t->minute);
			break;
		case S_SEC:
			put(buf, sz, &at, "%02d", t->second);
			break;
		case S_FRAC:
			put(buf, sz, &at, "%03u", t->nsec / 1000000);
			break;
		case S_ZONE:
			if (off == 0)
				put(buf, sz, &at, "Z");
			else
				put(buf, sz, &at, "%c%02d:%02d",
				    off < 0 ? '-' : '+', abs(off) / 3600,
				    abs(off) / 60 % 60);
			break;
		case S_EPOCH:
			put(buf, sz, &at, "%lld",
			    (long long)(days * 86400 + t->hour * 3600 +
			                t->minute * 60 + t->second - off));
			break;
		}
	}
}

void
layout_close(layout *l)
{
	if (l == NULL)
		return;
	free(l->text);
	free(l->lit);
	free(l->steps);
	free(l);
}
