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
#include "timegram.h"
#include "util.h"

/* Per-candidate tallies while sampling. */
struct tally {
	size_t count; /* sampled lines it parses */
	uint64_t sum; /* sum of the start positions, for ties */
};

struct timefmt {
	const struct timefmt_def **defs; /* user formats, then built-ins */
	size_t ndefs;
	size_t nuser;
	const struct timefmt_def *chosen;
	const struct timefmt_def *iso; /* the built-in iso8601 (isofast.h) */
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
	struct tally *tally; /* per candidate, from defs[tally_first] on */
	size_t tally_first, ntally;
	/* Set when detection refused two readings that read every sampled
	 * line alike (dd/mm/yyyy and mm/dd/yyyy). */
	const struct timefmt_def *ambiguous, *ambiguous_with;
	/* Some sampled line had colour codes: they are taken out of a line
	 * before its timestamp is looked for. */
	int ansi;
	int exhaustive; /* timefmt_detect_exhaustive() */
	/* Offsets of the ambiguous zone abbreviations the config names
	 * (alias_set[i]: abbreviation i has one), and the last detection's
	 * count of sampled timestamps with one that has none, by number. */
	struct timefmt_aliases alias;
	size_t det_abbr[TIMEFMT_ABBR_MAX + 1];
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

/* ---- helpers ------------------------------------------------------------ */

static inline int
is_alnum(char c)
{
	return (unsigned char)(c - '0') < 10 ||
	       (unsigned char)((c | 0x20) - 'a') < 26;
}

size_t
timefmt_bom_len(const char *line, size_t len)
{
	return len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The built-in readings live in timegram.c. */
const struct timefmt_def *
timefmt_builtins(size_t *n)
{
	return timegram_builtins(n);
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
	const struct timefmt_def *b;
	size_t nb;

	(void)err;
	b = timegram_builtins(&nb);
	h->defs = xreallocarray(NULL, nb, sizeof(*h->defs));
	for (size_t i = 0; i < nb; i++) {
		h->defs[i] = &b[i];
		if (timegram_is_iso8601(&b[i]))
			h->iso = &b[i];
	}
	h->ndefs = nb;
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

/* How much of a line with colour codes is looked at without them. */
#define PLAIN_MAX 1024

/*
 * Copy line[0..len), at most PLAIN_MAX bytes of it, to out without its
 * ANSI control sequences (ESC '[', parameter and intermediate bytes, a
 * final byte: the way colour (SGR) codes are written), noting in map the
 * offset in line of each byte kept.  Returns the bytes in out.
 */
static size_t
plain_text(const char *line, size_t len, char *out, uint16_t *map)
{
	size_t i = 0, n = 0;

	if (len > PLAIN_MAX)
		len = PLAIN_MAX;
	while (i < len) {
		if (line[i] == '\x1b' && i + 1 < len && line[i + 1] == '[') {
			i += 2;
			while (i < len && (unsigned char)line[i] >= 0x20 &&
			       (unsigned char)line[i] <= 0x3f)
				i++;
			if (i < len && (unsigned char)line[i] >= 0x40 &&
			    (unsigned char)line[i] <= 0x7e)
				i++;
			continue;
		}
		map[n] = (uint16_t)i;
		out[n++] = line[i++];
	}
	return n;
}

/* Does the start of line hold an escape character? */
static int
has_escape(const char *line, size_t len)
{
	return memchr(line, '\x1b', len < PLAIN_MAX ? len : PLAIN_MAX) != NULL;
}

/* locate() on a line without a byte-order mark or colour codes. */
static size_t
locate_plain(const timefmt *h, const char *line, size_t len, size_t *start,
             struct timefmt_fields *f)
{
	const struct timefmt_def *d = h->chosen;

	if (h->fixed) {
		if (h->column >= len)
			return 0;
		*start = h->column;
		return d->parse(d, line, len, h->column, f);
	}
	return search(d, line, len, 0, scan_limit(d), start, f);
}

/* Where the chosen format is on this line under the position rule. */
static size_t
locate(const timefmt *h, const char *line, size_t len, size_t *start,
       struct timefmt_fields *f)
{
	size_t b = timefmt_bom_len(line, len), n;

	if (h->chosen == NULL)
		return 0;
	/* Columns count from after a byte-order mark. */
	line += b;
	len -= b;
	if (h->ansi && has_escape(line, len)) {
		char plain[PLAIN_MAX];
		uint16_t map[PLAIN_MAX];
		size_t m = plain_text(line, len, plain, map), s0;

		if ((n = locate_plain(h, plain, m, &s0, f)) == 0)
			return 0;
		/* The span in the line: from its first byte to its last. */
		*start = map[s0] + b;
		return (size_t)map[s0 + n - 1] + 1 - map[s0];
	}
	n = locate_plain(h, line, len, start, f);
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

void
timefmt_fields_finish(const timefmt *h, struct timefmt_fields *f)
{
	if ((h->chosen->flags & TIMEFMT_NO_YEAR) &&
	    f->zone != TIMEFMT_ZONE_EPOCH)
		f->year =
		    f->month > h->ref_month ? h->ref_year - 1 : h->ref_year;
	(void)timefmt_alias_apply(&h->alias, f);
}

static int
resolve(const timefmt *h, struct timefmt_fields *f, int64_t *ns)
{
	timefmt_fields_finish(h, f);
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

/* ---- sequences: the repeated hour of a fall-back ------------------------ */

void
timefmt_seq_init(struct timefmt_seq *s, int known)
{
	memset(s, 0, sizeof(*s));
	s->known = known;
	s->last = TIMEFMT_SEQ_NONE;
}

/*
 * Resolve *ns, a zone-less time read in zone with the earlier offset, by
 * the sequence s: 0 done (s's last is not updated), -2 when the wall time
 * repeats and s is not known.
 */
static int
seq_resolve(const tz *zone, struct timefmt_seq *s, int64_t *ns)
{
	int64_t sec, lo, hi, step_ns;
	int32_t step;

	if (zone == NULL || *ns == TIMEFMT_NS_EARLY || *ns == TIMEFMT_NS_LATE)
		return 0;
	sec = *ns / 1000000000 - (*ns % 1000000000 < 0);
	if (sec >= s->calm_lo && sec < s->calm_hi)
		return 0;
	if ((step = tz_repeat_step(zone, sec, &lo, &hi)) == 0) {
		s->calm_lo = lo;
		s->calm_hi = hi;
		return 0;
	}
	if (!s->known)
		return -2;
	/* The later occurrence when it is strictly nearer the entry before;
	 * out-of-range neighbours (TIMEFMT_NS_*) decide nothing. */
	step_ns = (int64_t)step * 1000000000;
	if (s->last != TIMEFMT_SEQ_NONE && s->last != TIMEFMT_NS_EARLY &&
	    s->last != TIMEFMT_NS_LATE && s->last > *ns + step_ns / 2)
		*ns += step_ns;
	return 0;
}

static void
seq_note(struct timefmt_seq *s, int64_t ns)
{
	s->last = ns;
	s->known = 1;
}

int
timefmt_fields_to_ns_seq(const struct timefmt_fields *f, const tz *zone,
                         struct timefmt_seq *s, int64_t *ns)
{
	int64_t t;

	if (timefmt_fields_to_ns(f, zone, &t) != 0)
		return -1;
	if (f->zone == TIMEFMT_ZONE_LOCAL && seq_resolve(zone, s, &t) < 0)
		return -2;
	seq_note(s, t);
	*ns = t;
	return 0;
}

int
timefmt_line_time_seq_at(const timefmt *h, const char *line, size_t len,
                         struct timefmt_seq *s, int64_t *ns, size_t *start,
                         size_t *tslen)
{
	struct timefmt_fields f;
	size_t n;
	int r;

	/*
	 * The commonest shape first (isofast.h), where locate() would look:
	 * at the fixed column, or else at the start of the line, where the
	 * search would take it first.  Lines with colour codes are left to
	 * locate().
	 */
	if (h->chosen == h->iso && !h->ansi) {
		size_t b = len > 0 && line[0] == '\xEF' ? timefmt_bom_len(line, len)
		                                        : 0;
		size_t col = h->fixed ? h->column : 0;
		int zl;

		if ((n = isofast_time(&s->iso, line + b, len - b, col,
		                      chosen_zone(h), s, ns, &zl)) != 0) {
			*start = b + col;
			*tslen = n;
			return 1;
		}
	}
	memset(&f, 0, sizeof(f));
	if ((n = locate(h, line, len, start, &f)) == 0)
		return 0;
	timefmt_fields_finish(h, &f);
	r = timefmt_fields_to_ns_seq(&f, chosen_zone(h), s, ns);
	if (r == -1)
		return 0;
	if (r == -2)
		return -1;
	*tslen = n;
	return 1;
}

int
timefmt_line_time_seq(const timefmt *h, const char *line, size_t len,
                      struct timefmt_seq *s, int64_t *ns)
{
	size_t start, n;

	return timefmt_line_time_seq_at(h, line, len, s, ns, &start, &n);
}

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

void
timefmt_detect_exhaustive(timefmt *h, int on)
{
	h->exhaustive = on;
}

/*
 * The built-in candidates read at single positions, tried along a line at
 * once: bit b of fast stands for candidate cand[b].
 */
struct starts_plan {
	const struct timegram_starts *st;
	uint32_t fast;
	size_t cand[32];
	uint32_t *bit_of; /* per candidate: its bit, 0 for none */
};

static void
plan_starts(const timefmt *h, size_t first, size_t ncand,
            struct starts_plan *sp)
{
	sp->st = timegram_starts();
	sp->fast = 0;
	sp->bit_of = xcalloc(ncand, sizeof(*sp->bit_of));
	if (h->exhaustive)
		return;
	for (size_t c = 0; c < ncand; c++) {
		int b = timegram_start_bit(h->defs[first + c]);

		if (b >= 0) {
			sp->fast |= UINT32_C(1) << b;
			sp->cand[b] = c;
			sp->bit_of[c] = UINT32_C(1) << b;
		}
	}
}

/*
 * Tally the planned candidates on one line: each one's first start within
 * TIMEFMT_SCAN_BYTES, looked for only where its reading may start, as
 * search() would find it.  Returns whether any matched.
 */
static int
tally_starts(const timefmt *h, size_t first, const struct starts_plan *sp,
             const char *line, size_t llen, struct tally *t)
{
	const unsigned char *u = (const unsigned char *)line;
	size_t lim = llen < TIMEFMT_SCAN_BYTES ? llen : TIMEFMT_SCAN_BYTES;
	uint32_t todo = sp->fast;
	struct timefmt_fields f;
	int any = 0;

	for (size_t pos = 0; pos < lim && todo != 0; pos++) {
		uint32_t m = todo & sp->st->first[u[pos]];

		if (pos > 0)
			m &= sp->st->prev[u[pos - 1]];
		while (m != 0) {
			int b = __builtin_ctz(m);
			size_t c = sp->cand[b];
			const struct timefmt_def *d = h->defs[first + c];

			m &= m - 1;
			if (d->parse(d, line, llen, pos, &f) != 0) {
				t[c].count++;
				t[c].sum += pos;
				todo &= ~(UINT32_C(1) << b);
				any = 1;
			}
		}
	}
	return any;
}

int
timefmt_detect(timefmt *h, const char *buf, size_t len)
{
	struct starts_plan sp;
	struct tally *t;
	size_t ncand, first, best, llen, sampled = 0, matched = 0;
	size_t hist[TIMEFMT_SCAN_BYTES + 1]; /* the last: further right */
	struct timefmt_fields f;
	const char *p, *line;
	char plain[PLAIN_MAX];
	uint16_t map[PLAIN_MAX];

	if (len > TIMEFMT_SAMPLE_BYTES)
		len = TIMEFMT_SAMPLE_BYTES;
	/*
	 * A sample cut at its size limit ends inside a line, and a fragment
	 * such as "[Thu Jun 12 10:38:1" reads as another format (RFC 3164
	 * where the whole line is an Apache error log's): leave it out.
	 */
	if (len == TIMEFMT_SAMPLE_BYTES && buf[len - 1] != '\n') {
		const char *nl = memrchr(buf, '\n', len);

		if (nl != NULL)
			len = (size_t)(nl - buf) + 1;
	}
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
	h->ambiguous = NULL;
	h->ansi = 0;
	memset(h->det_abbr, 0, sizeof(h->det_abbr));
	free(h->tally);
	h->tally = t = xcalloc(ncand, sizeof(*t));
	h->tally_first = first;
	h->ntally = ncand;
	plan_starts(h, first, ncand, &sp);
	p = buf;
	while (next_line(&p, buf + len, &line, &llen)) {
		int any = 0;

		if (llen == 0 || (llen == 1 && line[0] == '\r'))
			continue;
		h->det_sampled++;
		if (line[0] != ' ' && line[0] != '\t')
			h->det_entries++;
		if (has_escape(line, llen)) {
			h->ansi = 1;
			llen = plain_text(line, llen, plain, map);
			line = plain;
		}

		any = tally_starts(h, first, &sp, line, llen, t);
		for (size_t c = 0; c < ncand; c++) {
			size_t start;
			const struct timefmt_def *d = h->defs[first + c];

			if (sp.fast & sp.bit_of[c])
				continue;
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
	free(sp.bit_of);
	best = 0;
	for (size_t c = 1; c < ncand; c++)
		if (better(&t[c], &t[best]))
			best = c;
	h->det_matched = t[best].count;
	if (t[best].count == 0)
		return h->chosen != NULL;
	/*
	 * Readings that take the same digits two ways (dd/mm vs mm/dd) are
	 * decided only by a line that one of them cannot read: with equal
	 * counts, neither is chosen.
	 */
	if (!h->forced && (h->defs[best]->flags & TIMEFMT_AMBIGUOUS)) {
		for (size_t c = 0; c < ncand; c++)
			if (c != best &&
			    (h->defs[c]->flags & TIMEFMT_AMBIGUOUS) &&
			    t[c].count == t[best].count) {
				h->ambiguous = h->defs[c];
				h->chosen = NULL;
				h->det_matched = 0;
				h->ambiguous_with = h->defs[best];
				return 0;
			}
	}
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

		if (h->ansi && has_escape(line, llen)) {
			llen = plain_text(line, llen, plain, map);
			line = plain;
		}
		memset(&f, 0, sizeof(f));
		if (search(h->chosen, line, llen, 0, scan_limit(h->chosen),
		           &start, &f) == 0)
			continue;
		matched++;
		if (f.abbr != 0 && f.abbr <= TIMEFMT_ABBR_MAX &&
		    f.zone == TIMEFMT_ZONE_LOCAL && !h->alias.set[f.abbr])
			h->det_abbr[f.abbr]++;
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
	/* Colour codes move a timestamp's column from line to line: a log
	 * with them is searched. */
	for (size_t c = 0; c < TIMEFMT_SCAN_BYTES && !h->ansi; c++) {
		if (hist[c] * 10 >= matched * 9) {
			h->fixed = 1;
			h->column = c;
			break;
		}
	}
	return 1;
}

int
timefmt_detect_tally(const timefmt *h, size_t i, size_t *count,
                     double *avg_pos)
{
	if (i < h->tally_first || i - h->tally_first >= h->ntally)
		return 0;
	i -= h->tally_first;
	*count = h->tally[i].count;
	*avg_pos = h->tally[i].count
	               ? (double)h->tally[i].sum / (double)h->tally[i].count
	               : 0;
	return 1;
}

int
timefmt_detect_ambiguous(const timefmt *h, const struct timefmt_def **a,
                         const struct timefmt_def **b)
{
	if (h->ambiguous == NULL)
		return 0;
	*a = h->ambiguous_with;
	*b = h->ambiguous;
	return 1;
}

int
timefmt_alias_add(struct timefmt_aliases *a, const char *abbr,
                  int32_t offset)
{
	unsigned i = timegram_ambiguous_index(abbr);

	if (i == 0 || i > TIMEFMT_ABBR_MAX)
		return -1;
	a->set[i] = 1;
	a->off[i] = offset;
	return 0;
}

int
timefmt_alias_apply(const struct timefmt_aliases *a, struct timefmt_fields *f)
{
	if (f->abbr == 0 || f->zone != TIMEFMT_ZONE_LOCAL)
		return 0;
	if (a == NULL || f->abbr > TIMEFMT_ABBR_MAX || !a->set[f->abbr])
		return -1;
	f->zone = TIMEFMT_ZONE_OFFSET;
	f->offset = a->off[f->abbr];
	return 0;
}

void
timefmt_set_aliases(timefmt *h, const struct timefmt_aliases *a)
{
	h->alias = *a;
}

size_t
timefmt_detect_unaliased(const timefmt *h, const char **abbr)
{
	size_t best = 0;

	*abbr = NULL;
	for (unsigned i = 1; i <= TIMEFMT_ABBR_MAX; i++)
		if (h->det_abbr[i] > best) {
			best = h->det_abbr[i];
			*abbr = timegram_ambiguous_zone(i);
		}
	return best;
}

size_t
timefmt_alias_ident(const timefmt *h, unsigned char *buf)
{
	size_t n = 0;

	for (unsigned i = 1; i <= TIMEFMT_ABBR_MAX; i++) {
		uint32_t v = (uint32_t)h->alias.off[i];

		if (!h->alias.set[i])
			continue;
		buf[n++] = (unsigned char)i;
		for (int k = 0; k < 4; k++)
			buf[n++] = (unsigned char)(v >> (8 * k));
	}
	return n;
}

int
timefmt_colour_codes(const timefmt *h)
{
	return h->ansi;
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
	free(h->tally);
	free(h);
}
