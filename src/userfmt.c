/*
 * userfmt.c - timefmt definitions for the config file's formats.
 *
 * timefmt calls a definition's parser once per line from several threads
 * and wants no allocation there, but PCRE2 needs match data for every
 * match.  So each call builds its match data (and, without JIT, PCRE2's
 * backtracking frames) in an arena on its own stack, through a PCRE2
 * general context whose allocator hands out arena memory.  A match that
 * needs more than the arena fails as "no timestamp here".
 *
 * A regex that backtracks without end would stall every line, so matches
 * run under a match limit (USERFMT_MATCH_LIMIT).  A line that hits it, or
 * the arena's or the JIT stack's bound, has no timestamp; such lines are
 * counted per format so that detection can refuse a regex that hits a
 * limit on the sample (userfmt_limit_hits()).
 */
#include "config.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "userfmt.h"
#include "util.h"

/* Per-call arena: match data is small, PCRE2's interpreter wants at least
 * 20 KiB of frames; JIT-compiled regexes use the machine stack instead. */
#define ARENA_SIZE 32768

struct user_data {
	const struct conf_format *f;
	char *summary;    /* "PATH:LINE" */
	char example[64]; /* the time the built-in examples show */
	char *ident;      /* regex NUL layout NUL timezone NUL */
	size_t ident_len;
	atomic_ulong limit_hits; /* matches stopped by a limit */
};

struct userfmt {
	struct timefmt_def *defs;
	struct user_data *data;
	size_t n;
};

struct arena {
	unsigned char *buf;
	size_t size;
	size_t used;
};

static void *
arena_alloc(size_t n, void *state)
{
	struct arena *a = state;
	size_t at =
	    (a->used + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	void *p;

	if (at > a->size || a->size - at < n)
		return NULL;
	p = a->buf + at;
	a->used = at + n;
	return p;
}

static void
arena_free(void *p, void *state)
{
	/* The arena goes away with the caller's stack frame. */
	(void)p;
	(void)state;
}

/* Read the captured text with the layout into timefmt's fields; it must
 * be read whole, or the regex and the layout disagree about the line. */
static int
read_capture(const struct conf_format *uf, const char *s, size_t n,
             struct timefmt_fields *f)
{
	struct layout_time t;

	if (n == 0 || layout_parse(uf->layout, s, n, &t) != n)
		return 0;
	memset(f, 0, sizeof(*f));
	f->year = t.year;
	f->month = t.month;
	f->day = t.day;
	f->hour = t.hour;
	f->minute = t.minute;
	f->second = t.second;
	f->nsec = t.nsec;
	if (t.has_offset) {
		f->zone = TIMEFMT_ZONE_OFFSET;
		f->offset = t.utc_offset;
	} else {
		f->zone = TIMEFMT_ZONE_LOCAL;
	}
	return 1;
}

/* The first timestamp whose capture starts in [from, limit). */
static size_t
user_find(const struct timefmt_def *def, const char *line, size_t len,
          size_t from, size_t limit, size_t *start, struct timefmt_fields *f)
{
	const struct user_data *d = def->data;
	const struct conf_format *uf = d->f;
	alignas(max_align_t) unsigned char buf[ARENA_SIZE];
	struct arena a = {buf, sizeof(buf), 0};
	pcre2_general_context *gc;
	pcre2_match_context *mc;
	pcre2_match_data *md;
	PCRE2_SIZE *ov, off = 0, s, e;
	int rc;

	gc = pcre2_general_context_create(arena_alloc, arena_free, &a);
	if (gc == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(uf->code, gc);
	mc = pcre2_match_context_create(gc);
	if (md == NULL || mc == NULL)
		return 0;
	pcre2_set_match_limit(mc, USERFMT_MATCH_LIMIT);
	ov = pcre2_get_ovector_pointer(md);
	while (off <= len) {
		rc = pcre2_match(uf->code, (PCRE2_SPTR)line, len, off, 0, md,
		                 mc);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			/* A limit (match, depth, heap, arena or JIT stack):
			 * no timestamp, but counted. */
			atomic_fetch_add_explicit(
			    &((struct user_data *)def->data)->limit_hits, 1,
			    memory_order_relaxed);
			break;
		}
		s = ov[2 * uf->group];
		e = ov[2 * uf->group + 1];
		if (s != PCRE2_UNSET) {
			if (s >= limit)
				break;
			if (s >= from && read_capture(uf, line + s, e - s, f)) {
				*start = s;
				return e - s;
			}
		}
		/* Try again from just after this match's start, not its
		 * end: a later, overlapping match may hold the timestamp
		 * ("at x at 10:00" with 'at (\S+)'). */
		off = ov[0] + 1;
	}
	return 0;
}

static size_t
user_parse(const struct timefmt_def *def, const char *line, size_t len,
           size_t pos, struct timefmt_fields *f)
{
	size_t start;

	return user_find(def, line, len, pos, pos + 1, &start, f);
}

/* The definition's identity: the regex, the layout and the timezone as
 * written, each ending in a NUL (none of them holds one). */
static void
make_ident(struct user_data *d)
{
	const char *parts[3];
	size_t len[3], at = 0;

	parts[0] = d->f->regex;
	parts[1] = layout_text(d->f->layout);
	parts[2] = d->f->timezone ? d->f->timezone : "";
	d->ident_len = 0;
	for (int i = 0; i < 3; i++) {
		len[i] = strlen(parts[i]);
		d->ident_len += len[i] + 1;
	}
	d->ident = xmalloc(d->ident_len);
	for (int i = 0; i < 3; i++) {
		memcpy(d->ident + at, parts[i], len[i] + 1);
		at += len[i] + 1;
	}
}

userfmt *
userfmt_open(const struct conf *c)
{
	/* 2026-03-01T10:00:00.250+01:00, the built-in formats' example */
	static const struct layout_time sample = {2026, 3,         1, 10,  0,
	                                          0,    250000000, 1, 3600};
	userfmt *u = xcalloc(1, sizeof(*u));
	const struct conf_format *uf;
	size_t i, sz;

	u->n = c->nformats;
	u->defs = xcalloc(u->n ? u->n : 1, sizeof(*u->defs));
	u->data = xcalloc(u->n ? u->n : 1, sizeof(*u->data));
	for (i = 0; i < u->n; i++) {
		uf = &c->formats[i];
		sz = strlen(c->path) + 24;
		u->data[i].f = uf;
		atomic_init(&u->data[i].limit_hits, 0);
		u->data[i].summary = xmalloc(sz);
		snprintf(u->data[i].summary, sz, "%s:%lu", c->path, uf->line);
		u->defs[i].name = uf->name;
		layout_format(uf->layout, &sample, u->data[i].example,
		              sizeof(u->data[i].example));
		u->defs[i].example = u->data[i].example;
		u->defs[i].summary = u->data[i].summary;
		/* The regex decides where the timestamp is: anywhere. */
		u->defs[i].flags =
		    TIMEFMT_ANYWHERE |
		    (layout_has_year(uf->layout) ? 0 : TIMEFMT_NO_YEAR);
		u->defs[i].parse = user_parse;
		u->defs[i].find = user_find;
		u->defs[i].data = &u->data[i];
		u->defs[i].zone = uf->zone;
		make_ident(&u->data[i]);
		u->defs[i].ident = u->data[i].ident;
		u->defs[i].ident_len = u->data[i].ident_len;
	}
	return u;
}

size_t
userfmt_count(const userfmt *u)
{
	return u->n;
}

const struct timefmt_def *
userfmt_def(const userfmt *u, size_t i)
{
	return i < u->n ? &u->defs[i] : NULL;
}

int
userfmt_add_all(const userfmt *u, timefmt *h, char *err)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (timefmt_add(h, &u->defs[i], err) < 0)
			return -1;
	return 0;
}

const struct conf_format *
userfmt_origin(const struct timefmt_def *def)
{
	/* Only definitions made here use this parser. */
	if (def->parse != user_parse)
		return NULL;
	return ((const struct user_data *)def->data)->f;
}

unsigned long
userfmt_limit_hits(const struct timefmt_def *def)
{
	if (def->parse != user_parse)
		return 0;
	return atomic_load_explicit(
	    &((struct user_data *)def->data)->limit_hits, memory_order_relaxed);
}

void
userfmt_free(userfmt *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->n; i++) {
		free(u->data[i].summary);
		free(u->data[i].ident);
	}
	free(u->data);
	free(u->defs);
	free(u);
}
