/*
 * hist.c - line counts per time bucket, from an index or from the lines.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "timectx.h"

#define SEC INT64_C(1000000000)

/* The automatic widths; each is a multiple of the one before. */
static const int64_t ladder[] = {
    1 * SEC,     5 * SEC,     10 * SEC,    30 * SEC,    60 * SEC,
    300 * SEC,   600 * SEC,   1800 * SEC,  3600 * SEC,  10800 * SEC,
    21600 * SEC, 43200 * SEC, 86400 * SEC, 604800 * SEC};
#define NLADDER (sizeof(ladder) / sizeof(ladder[0]))

struct hist {
	int64_t width;
	int autow;         /* the width widens along the ladder */
	size_t rung;       /* ...and is ladder[rung] */
	int64_t since, until;
	uint64_t *counts;  /* counts[i] is bucket base + i */
	size_t cap;
	int64_t base;
	int64_t lo, hi;    /* the first and last bucket holding a line */
	int any;
	uint64_t total;
};

/* a / b rounded down (b > 0). */
static int64_t
fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && a < 0) ? q - 1 : q;
}

int
hist_parse_width(const char *s, int64_t *width_ns, char *err)
{
	char *end;
	unsigned long long v;
	int64_t unit;

	if (strcmp(s, "auto") == 0) {
		*width_ns = 0;
		return 0;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || *s == '-' || *s == '+' || errno != 0)
		goto bad;
	if (strcmp(end, "s") == 0)
		unit = SEC;
	else if (strcmp(end, "m") == 0)
		unit = 60 * SEC;
	else if (strcmp(end, "h") == 0)
		unit = 3600 * SEC;
	else if (strcmp(end, "d") == 0)
		unit = 86400 * SEC;
	else
		goto bad;
	if (v == 0 || v > (unsigned long long)(INT64_MAX / 4 / unit))
		goto bad;
	*width_ns = (int64_t)v * unit;
	return 0;
bad:
	ls_errf(err,
	        "bad --by value '%s': expected auto or a number with s, m, h "
	        "or d (5m, 1h, 1d)",
	        s);
	return -1;
}

char *
hist_width_name(int64_t w, char *buf)
{
	int64_t s = w / SEC;

	if (s % 86400 == 0)
		snprintf(buf, 32, "%" PRId64 "d", s / 86400);
	else if (s % 3600 == 0)
		snprintf(buf, 32, "%" PRId64 "h", s / 3600);
	else if (s % 60 == 0)
		snprintf(buf, 32, "%" PRId64 "m", s / 60);
	else
		snprintf(buf, 32, "%" PRId64 "s", s);
	return buf;
}

hist *
hist_open(int64_t width_ns, int64_t since, int64_t until)
{
	hist *h = xcalloc(1, sizeof(*h));

	h->autow = width_ns == 0;
	h->width = h->autow ? ladder[0] : width_ns;
	h->since = since;
	h->until = until;
	return h;
}

void
hist_close(hist *h)
{
	if (h == NULL)
		return;
	free(h->counts);
	free(h);
}

int64_t
hist_width(const hist *h)
{
	return h->width;
}

uint64_t
hist_total(const hist *h)
{
	return h->total;
}

/* Re-bucket the counts at ladder[rung] (wider than now). */
static void
widen_to(hist *h, size_t rung)
{
	int64_t w = ladder[rung], lo, hi, b;
	uint64_t *c;

	if (!h->any) {
		h->rung = rung;
		h->width = w;
		return;
	}
	lo = fdiv(h->lo * h->width, w);
	hi = fdiv(h->hi * h->width, w);
	c = xcalloc((size_t)(hi - lo + 1), sizeof(*c));
	for (b = h->lo; b <= h->hi; b++)
		c[fdiv(b * h->width, w) - lo] += h->counts[b - h->base];
	free(h->counts);
	h->counts = c;
	h->cap = (size_t)(hi - lo + 1);
	h->base = lo;
	h->lo = lo;
	h->hi = hi;
	h->rung = rung;
	h->width = w;
}

/* With the automatic width: widen until buckets lo..hi of times tlo and
 * thi fit HIST_AUTO_BUCKETS. */
static void
fit(hist *h, int64_t tlo, int64_t thi)
{
	size_t r = h->rung;

	while (r + 1 < NLADDER &&
	       fdiv(thi, ladder[r]) - fdiv(tlo, ladder[r]) >=
	           (int64_t)HIST_AUTO_BUCKETS)
		r++;
	if (r != h->rung)
		widen_to(h, r);
}

void
hist_expect(hist *h, int64_t lo, int64_t hi)
{
	if (!h->autow)
		return;
	if (lo < h->since)
		lo = h->since;
	if (h->until != INT64_MAX && hi >= h->until)
		hi = h->until - 1;
	if (lo <= hi)
		fit(h, lo, hi);
}

/* hist_add() without the range (t is in it, or a bucket's start). */
static int
add_at(hist *h, int64_t t, uint64_t n, char *err)
{
	int64_t b;

	if (n == 0)
		return 0;
	if (h->autow && h->any)
		fit(h, t < h->lo * h->width ? t : h->lo * h->width,
		    t > h->hi * h->width ? t : h->hi * h->width);
	b = fdiv(t, h->width);
	if (!h->any) {
		h->cap = 16;
		h->counts = xcalloc(h->cap, sizeof(*h->counts));
		h->base = b - 8;
		h->lo = h->hi = b;
		h->any = 1;
	}
	if (b < h->base || b >= h->base + (int64_t)h->cap) {
		int64_t lo = b < h->lo ? b : h->lo, hi = b > h->hi ? b : h->hi;
		uint64_t span = (uint64_t)(hi - lo) + 1;
		size_t cap;
		uint64_t *c;

		if (span > HIST_MAX_BUCKETS) {
			char wb[32];

			ls_errf(err,
			        "the times span %" PRIu64
			        " buckets of %s; give a wider --by",
			        span, hist_width_name(h->width, wb));
			return -1;
		}
		/* Room on both sides, for times that come in either
		 * order. */
		cap = (size_t)span * 2 + 16;
		c = xcalloc(cap, sizeof(*c));
		memcpy(c + (h->lo - (lo - (int64_t)(cap - span) / 2)),
		       h->counts + (h->lo - h->base),
		       (size_t)(h->hi - h->lo + 1) * sizeof(*c));
		free(h->counts);
		h->counts = c;
		h->base = lo - (int64_t)(cap - span) / 2;
		h->cap = cap;
	}
	h->counts[b - h->base] += n;
	if (b < h->lo)
		h->lo = b;
	if (b > h->hi)
		h->hi = b;
	h->total += n;
	return 0;
}

int
hist_add(hist *h, int64_t t, uint64_t n, char *err)
{
	if (t < h->since || t >= h->until)
		return 0;
	return add_at(h, t, n, err);
}

int
hist_merge(hist *h, const hist *src, char *err)
{
	hist c = *h;
	int64_t b;

	if (!src->any)
		return 0;
	/* Into a copy, so that h is left as it was on failure. */
	if (h->any) {
		c.counts = xreallocarray(NULL, h->cap, sizeof(*c.counts));
		memcpy(c.counts, h->counts, h->cap * sizeof(*c.counts));
	}
	/* The ladder's widths divide each other and align on the epoch, so
	 * src's buckets fall whole into c's once c is as wide; the widths
	 * chosen then are those of counting both in one. */
	if (c.autow && src->autow && src->rung > c.rung)
		widen_to(&c, src->rung);
	for (b = src->lo; b <= src->hi; b++)
		if (add_at(&c, b * src->width, src->counts[b - src->base],
		           err) < 0) {
			free(c.counts);
			return -1;
		}
	free(h->counts);
	*h = c;
	return 0;
}

size_t
hist_nbuckets(const hist *h)
{
	return h->any ? (size_t)(h->hi - h->lo + 1) : 0;
}

void
hist_bucket(const hist *h, size_t i, int64_t *start, uint64_t *count)
{
	*start = (h->lo + (int64_t)i) * h->width;
	*count = h->counts[h->lo + (int64_t)i - h->base];
}

/* ---- counting lines ---------------------------------------------------- */

int
hist_lines(struct hist_reader *r, const char *data, size_t len, uint64_t off)
{
	size_t pos = 0;

	while (pos < len) {
		const char *e = memchr(data + pos, r->eol, len - pos);
		size_t n = e ? (size_t)(e - data) - pos : len - pos;
		uint64_t at = off + pos;
		int64_t t;

		if (timefmt_line_time(r->tf, data + pos, n, &t)) {
			r->carry_ok = 1;
			r->carry = t;
		} else if (!r->carry_ok || r->carry_end != at) {
			/* A line that continues an entry not seen here. */
			int k = r->fd >= 0 ? timectx_time_before(
			                         r->tf, r->fd, at, &t, NULL,
			                         r->err)
			                   : 0;

			if (k < 0)
				return -1;
			r->carry_ok = k == 1;
			r->carry = t;
		}
		pos += n + (e != NULL);
		r->carry_end = off + pos;
		if (r->st != NULL)
			r->st->lines_read++;
		if (r->carry_ok && hist_add(r->h, r->carry, 1, r->err) < 0)
			return -1;
	}
	return 0;
}

struct region_ctx {
	struct hist_reader *r;
};

static int
region_cb(void *ctx, const struct window *w)
{
	struct hist_reader *r = ctx;

	return hist_lines(r, w->data, w->len, w->offset) < 0 ? -1 : 0;
}

int
hist_count_region(struct hist_reader *r, window_file *wf, uint64_t start,
                  uint64_t end)
{
	int rc;

	if (end <= start)
		return 0;
	rc = window_scan(wf, start, end, region_cb, r, r->err);
	return rc < 0 ? -1 : 0;
}

int
hist_count_index(struct hist_reader *r, const struct index_data *d,
                 window_file *wf, uint64_t size)
{
	int partial = (d->flags & INDEX_F_PARTIAL_LAST) != 0;
	uint64_t complete = d->total_lines - (partial ? 1 : 0);
	int64_t lo, hi, w;
	int first = 1; /* the first group with times is yet to come */
	uint64_t i;

	if (index_time_span(d, &lo, &hi))
		hist_expect(r->h, lo, hi);
	w = hist_width(r->h);
	if (r->st != NULL)
		r->st->groups = d->ngroups;
	for (i = 0; i < d->ngroups; i++) {
		const struct index_group *g = &d->groups[i];
		int more = i + 1 < d->ngroups;
		uint64_t end = more      ? g[1].offset
		               : partial ? d->tail_off
		                         : d->id.size;
		uint64_t lines = (more ? g[1].first_line : complete + 1) -
		                 g->first_line;

		if (g->time_min == INDEX_TIME_NONE || lines == 0)
			continue; /* before the first timestamp */
		if (g->time_max < r->h->since || g->time_min >= r->h->until) {
			/* All of it outside the range. */
			if (r->st != NULL)
				r->st->groups_counted++;
			first = 0;
			continue;
		}
		w = hist_width(r->h);
		if (!first && fdiv(g->time_min, w) == fdiv(g->time_max, w) &&
		    g->time_min >= r->h->since && g->time_max < r->h->until) {
			/* All of it in one bucket: no need to read it. */
			if (hist_add(r->h, g->time_min, lines, r->err) < 0)
				return -1;
			if (r->st != NULL)
				r->st->groups_counted++;
			continue;
		}
		first = 0;
		if (r->st != NULL)
			r->st->groups_read++;
		if (hist_count_region(r, wf, g->offset, end) < 0)
			return -1;
	}
	/* The partial last line and what was appended: read, carrying the
	 * index's entry time in effect at tail_off. */
	if (size > d->tail_off) {
		if (!r->carry_ok || r->carry_end != d->tail_off) {
			r->carry_ok = d->time_carry != INDEX_TIME_NONE;
			r->carry = d->time_carry;
			r->carry_end = d->tail_off;
		}
		if (hist_count_region(r, wf, d->tail_off, size) < 0)
			return -1;
		if (r->st != NULL) {
			/* A compressed log's size is unknown (UINT64_MAX):
			 * its tail ends where its data did. */
			uint64_t end = size != UINT64_MAX
			                   ? size
			                   : window_stream_pos(wf);

			r->st->tail_bytes = end > d->tail_off ? end - d->tail_off
			                                      : 0;
		}
	}
	return 0;
}
