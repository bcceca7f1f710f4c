/*
 * plan.c - candidate regions from the index, refined line by line into the
 * runs of selected lines (see plan.h).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lastlines.h"
#include "newline.h"
#include "plan.h"
#include "util.h"

struct plan {
	const struct plan_params *pp;
	const struct plan_time *tm; /* NULL: no time range */
	window_file *wf;
	const char *path;
	timefmt *tf;      /* the file's timestamp handle, with a time range */
	int detect_later; /* a stream: detect from its first window */
	uint64_t from, to;
	int stream_tail;  /* the last pp->line_last lines of a stream */
	struct region *cand;  /* candidate regions, sorted, coalesced */
	unsigned char *carry; /* per region: the entry a leading continuation
	                         line belongs to may be in the time range */
	size_t ncand, cap;
	struct plan_stats st;
	struct index_lookup lk; /* the index the plan used... */
	int have_lk;            /* ...when it did */
	int tf_borrowed;        /* tf is another plan's (plan_part()) */
	struct region *marks;   /* the verified starts of the index groups
	                           used (start and first_line), in order:
	                           line starts whose numbers are known */
	size_t nmarks, capmarks;
};

/* ---- planning --------------------------------------------------------- */

/*
 * Append a candidate region, merging it into the last one when they touch
 * or overlap.  carry says whether the entry in effect at start may be in
 * the time range; when it cannot be, a continuation line there is known
 * not to be selected without reading back to its entry.
 */
static void
add_region(plan *p, uint64_t start, uint64_t end, uint64_t first_line,
           int carry)
{
	struct region *last = p->ncand ? &p->cand[p->ncand - 1] : NULL;

	if (end <= start)
		return;
	if (last != NULL && last->end != UINT64_MAX && last->end >= start) {
		if (end > last->end)
			last->end = end;
		return;
	}
	if (p->ncand == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->cand = xreallocarray(p->cand, p->cap, sizeof(*p->cand));
		p->carry = xrealloc(p->carry, p->cap);
	}
	p->carry[p->ncand] = (unsigned char)carry;
	p->cand[p->ncand++] = (struct region){start, end, first_line};
}

static void
whole_file(plan *p)
{
	add_region(p, 0, UINT64_MAX, 1, 0);
}

/* Is off the start of a line of the log on fd?  Cheap insurance against an
 * index that passed its checksum but lies. */
static int
is_line_start(int fd, uint64_t off)
{
	ssize_t r;
	char c;

	if (off == 0)
		return 1;
	do
		r = pread(fd, &c, 1, (off_t)(off - 1));
	while (r < 0 && errno == EINTR);
	return r == 1 && c == '\n';
}

/*
 * The candidates from a usable index d: every group whose lines meet
 * [from, to] and, with a time range, whose time span meets [since, until);
 * and the part past the complete lines the index covers (a partial last
 * line, appended bytes), whose times the index does not know.  Each group
 * used is checked first (index_verify_group(), and that it starts a line).
 * Returns 0; 1 when a group changed since it was indexed, 2 when the index
 * lies about where a group starts, -1 when the log cannot be read, each
 * with why filled and no candidates left.
 */
static int
plan_from_index(plan *p, const struct index_data *d, int appended,
                char *why)
{
	int partial = (d->flags & INDEX_F_PARTIAL_LAST) != 0;
	uint64_t complete = d->total_lines - (partial ? 1 : 0);
	int64_t since = p->tm ? p->tm->since : INT64_MIN;
	int64_t until = p->tm ? p->tm->until : INT64_MAX;
	/* Does the group before the current one meet the time range?  The
	 * entry carried into a group is within that group's span. */
	int before = 0;
	/* No timestamp in the groups so far: they hold the file's head,
	 * which keep_head selects. */
	int head = p->tm != NULL && p->tm->keep_head && since == INT64_MIN;

	p->st.used = 1;
	p->st.groups_total = d->ngroups;
	for (uint64_t i = 0; i < d->ngroups; i++) {
		const struct index_group *g = &d->groups[i];
		int more = i + 1 < d->ngroups;
		uint64_t end = more      ? g[1].offset
		               : partial ? d->tail_off
		                         : d->id.size;
		uint64_t last_line = more ? g[1].first_line - 1 : complete;
		int meets = p->tm == NULL ||
		            (g->time_min != INDEX_TIME_NONE &&
		             g->time_min < until && g->time_max >= since);

		if (g->time_min != INDEX_TIME_NONE)
			head = 0;
		meets = meets || head;
		if (g->first_line > p->to)
			break;
		if (meets && last_line >= p->from) {
			/* Verify what is used: a group whose edges changed
			 * means a stale index (index_verify_group()); one
			 * that does not start a line, a lying one.  (In that
			 * order: a log changed under its index is stale, not
			 * a corrupt index.) */
			int v = index_verify_group(d, i, window_fd(p->wf), why);

			/* (A compressed log's offsets are not its file's.) */
			if (v == 0 && !(d->flags & INDEX_F_COMPRESSED) &&
			    !is_line_start(window_fd(p->wf), g->offset)) {
				ls_errf(why, "group offset is not a line start");
				v = 2;
			}
			if (v != 0) {
				p->ncand = 0;
				p->nmarks = 0;
				p->st.used = 0;
				p->st.groups_used = 0;
				p->st.groups_total = 0;
				p->st.tail_bytes = 0;
				return v;
			}
			p->st.groups_used++;
			add_region(p, g->offset, end, g->first_line, before);
			if (p->nmarks == p->capmarks) {
				p->capmarks = p->capmarks ? 2 * p->capmarks : 64;
				p->marks = xreallocarray(p->marks, p->capmarks,
				                         sizeof(*p->marks));
			}
			p->marks[p->nmarks++] =
			    (struct region){g->offset, end, g->first_line};
		}
		before = meets;
	}
	/* Without appended bytes the tail is the partial last line alone. */
	if ((partial || appended) && complete + 1 <= p->to &&
	    (appended || complete + 1 >= p->from)) {
		uint64_t size = appended ? p->st.size : d->id.size;
		/* The entry in effect at tail_off is the index's carry, not
		 * the last group's: that group may hold only the partial
		 * last line, whose times are "none". */
		int carry = before || (d->time_carry != INDEX_TIME_NONE &&
		                       d->time_carry < until &&
		                       d->time_carry >= since);

		p->st.tail_bytes = size > d->tail_off ? size - d->tail_off : 0;
		add_region(p, d->tail_off, UINT64_MAX, complete + 1, carry);
	}
	return 0;
}

static void
note_lookup(plan *p, const struct index_lookup *lk)
{
	free(p->st.index_path);
	p->st.index_path = lk->path ? xstrdup(lk->path) : NULL;
	p->st.state = lk->state;
	snprintf(p->st.reason, sizeof(p->st.reason), "%s", lk->reason);
}

/*
 * A line range alone: from a fresh (or appended) index, the groups that
 * hold lines from..to, else the whole file.  No index is built for it:
 * finding a line costs no more than counting newlines up to it.
 */
static int
plan_lines_only(plan *p)
{
	struct index_lookup lk;
	char why[LS_ERRSZ];
	int r;

	if (!p->pp->have_lines || p->pp->index.mode == INDEX_NEVER ||
	    strcmp(p->path, "-") == 0 ||
	    (window_is_stream(p->wf) && window_format(p->wf) == DECOMP_NONE)) {
		whole_file(p);
		return 0;
	}
	if (index_lookup(&lk, p->path, p->pp->index.dir, p->wf, why) < 0) {
		/* The log could not be read to check the index; reading it
		 * without one reports that, if it persists. */
		snprintf(p->st.reason, sizeof(p->st.reason), "%s", why);
		whole_file(p);
		return 0;
	}
	note_lookup(p, &lk);
	if (lk.state == INDEX_STATE_FRESH || lk.state == INDEX_STATE_APPENDED) {
		r = plan_from_index(p, &lk.data,
		                    lk.state == INDEX_STATE_APPENDED, why);
		if (r != 0) {
			if (r == 1) {
				p->st.state = INDEX_STATE_STALE;
				p->st.changed = 1;
			} else if (r == 2) {
				p->st.state = INDEX_STATE_CORRUPT;
			}
			snprintf(p->st.reason, sizeof(p->st.reason), "%s", why);
			whole_file(p);
		}
	} else {
		whole_file(p);
	}
	index_lookup_free(&lk);
	return 0;
}

/* Build or bring up to date the index of p's file for a time query.
 * Returns 0, -1 with err filled, or -2 (err says so) when another builder
 * held it longer than the query waits. */
static int
build_index(plan *p, const struct index_timing *t, int force, char *err)
{
	index_build *b;
	const char *reason;
	int r;

	/* Another builder is waited for only a little: a stopped or slow
	 * one must not hold the query up; it then answers without. */
	r = index_build_begin_bounded(
	    &b, p->path, &p->pp->index, force, p->tm->wait, p->tm->wait_ctx,
	    p->pp->have_index_wait ? (long)p->pp->index_wait_ms
	                           : PLAN_INDEX_WAIT_MS,
	    err);
	if (r != 0)
		return r > 0 ? -2 : -1;
	index_build_set_times(b, t);
	p->st.built = index_build_plan(b);
	p->st.built_new = index_build_why(b, &reason) == INDEX_WHY_MISSING;
	r = index_build_run(b, p->tm->progress, p->tm->progress_ctx, err);
	index_build_end(b);
	if (r < 0) {
		p->st.built = INDEX_PLAN_UPTODATE;
		p->st.built_new = 0;
	}
	return r;
}

static int
usable(const struct index_lookup *lk, const struct index_timing *t, char *why)
{
	if (lk->state != INDEX_STATE_FRESH && lk->state != INDEX_STATE_APPENDED)
		return 0;
	return index_times_match(&lk->data, t, why);
}

/*
 * A group the plan was about to use failed its check (why says which): the
 * index is stale although its identity matched.  Say so in the stats and
 * rebuild it as any stale index is rebuilt (from scratch, for a log of
 * auto_index_min or more); the query is answered from the log.  Returns 1,
 * or -1 with why filled when the log cannot be read.
 */
static int
changed(plan *p, const struct index_timing *t, char *why)
{
	char berr[LS_ERRSZ];

	p->st.changed = 1;
	p->st.state = INDEX_STATE_STALE;
	snprintf(p->st.reason, sizeof(p->st.reason), "%s", why);
	if (p->st.size >= p->tm->auto_index_min &&
	    build_index(p, t, 1, berr) < 0)
		ls_errf(p->st.reason, "%s; cannot rebuild: %s", why, berr);
	return 1;
}

static int
plan_timed(plan *p, char *err)
{
	const struct plan_time *tm = p->tm;
	struct index_timing t;
	struct index_lookup lk;
	char why[LS_ERRSZ];
	int r, ok;

	r = timectx_file_named(tm->tc, p->path, p->wf, &p->tf, err);
	if (r < 0)
		return -1;
	if (r == TIMECTX_LATER) {
		p->detect_later = 1;
		whole_file(p);
		return 0;
	}
	if (r == TIMECTX_NONE) {
		/* An empty log simply has nothing in any range. */
		if (p->st.size == 0 || (window_is_stream(p->wf) &&
		                        window_format(p->wf) == DECOMP_NONE))
			return 0;
		ls_errf(err, "no timestamps found (try --time-format)");
		return -1;
	}
	if (tm->since >= tm->until)
		return 0;
	if (p->pp->index.mode == INDEX_NEVER || strcmp(p->path, "-") == 0) {
		whole_file(p);
		return 0;
	}
	if (index_lookup(&lk, p->path, p->pp->index.dir, p->wf, err) < 0)
		return -1;
	note_lookup(p, &lk);
	if (lk.state == INDEX_STATE_NONE) {
		index_lookup_free(&lk);
		whole_file(p);
		return 0;
	}
	t.tf = p->tf;
	t.zone = timectx_zone(tm->tc);
	why[0] = '\0';
	ok = usable(&lk, &t, why);
	if (why[0] != '\0')
		snprintf(p->st.reason, sizeof(p->st.reason), "%s", why);
	/* A large log gets an index that answers this query, or one that
	 * covers what it has grown by. */
	if (p->st.size >= tm->auto_index_min &&
	    (!ok || lk.state == INDEX_STATE_APPENDED)) {
		int built = build_index(p, &t, 0, why);

		if (built == 0) {
			index_lookup_free(&lk);
			if (index_lookup(&lk, p->path, p->pp->index.dir, p->wf,
			                 err) < 0)
				return -1;
			note_lookup(p, &lk);
			why[0] = '\0';
			ok = usable(&lk, &t, why);
			if (why[0] != '\0')
				snprintf(p->st.reason, sizeof(p->st.reason),
				         "%s", why);
		} else {
			snprintf(p->st.reason, sizeof(p->st.reason),
			         "cannot build: %s", why);
			p->st.build_failed = built == -1;
		}
	}
	if (ok) {
		r = plan_from_index(p, &lk.data,
		                    lk.state == INDEX_STATE_APPENDED, why);
		if (r == 2) {
			/* Not ours to rebuild: `logscan index` says so. */
			p->st.state = INDEX_STATE_CORRUPT;
			snprintf(p->st.reason, sizeof(p->st.reason), "%s",
			         why);
		} else if (r > 0) {
			r = changed(p, &t, why);
		}
		if (r < 0) {
			ls_errf(err, "%s", why);
			index_lookup_free(&lk);
			return -1;
		}
	}
	if (!ok || r > 0) {
		p->st.used = 0;
		whole_file(p);
	}
	if (p->st.used) {
		/* Kept for plan_index(). */
		p->lk = lk;
		p->have_lk = 1;
	} else {
		index_lookup_free(&lk);
	}
	return 0;
}

int
plan_open(plan **out, const struct plan_params *pp,
          const struct plan_time *tm, const char *path, window_file *wf,
          char *err)
{
	plan *p = xcalloc(1, sizeof(*p));
	int r;

	*out = NULL;
	p->pp = pp;
	p->tm = tm;
	p->wf = wf;
	p->path = path;
	p->from = pp->have_lines && pp->line_from > 0 ? pp->line_from : 1;
	p->to = pp->have_lines ? pp->line_to : UINT64_MAX;
	p->st.size = window_file_size(wf);
	if (window_is_stream(wf)) {
		struct stat st;

		/* An empty regular file opens as a stream. */
		if (fstat(window_fd(wf), &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size == 0)
			p->st.size = 0;
		/* A compressed log is as large as its file, for the rule
		 * that builds an index for a large log. */
		else if (window_format(wf) != DECOMP_NONE &&
		         fstat(window_fd(wf), &st) == 0)
			p->st.size = (uint64_t)st.st_size;
	}
	p->st.built = INDEX_PLAN_UPTODATE;
	if (pp->line_last != 0) {
		struct region last;

		/* A pipe cannot be read back from its end: its last lines
		 * are kept as it goes by. */
		p->from = 1;
		p->to = UINT64_MAX;
		if (window_is_stream(wf) && tm == NULL) {
			p->stream_tail = 1;
			p->st.regions = 1;
			*out = p;
			return 0;
		}
		if (lastlines_find(wf, path, &pp->index, pp->line_last, &last,
		                   err) < 0) {
			plan_close(p);
			return -1;
		}
		p->from = last.first_line;
	}
	if (tm == NULL)
		r = p->to < p->from ? 0 : plan_lines_only(p);
	else
		r = plan_timed(p, err);
	if (r < 0) {
		plan_close(p);
		return -1;
	}
	/* An empty line range selects nothing, and nothing needs reading. */
	if (p->to < p->from)
		p->ncand = 0;
	p->st.regions = p->ncand;
	*out = p;
	return 0;
}

void
plan_clip(plan *p, uint64_t lo, uint64_t hi, uint64_t lo_line)
{
	size_t i, n = 0;

	for (i = 0; i < p->ncand; i++) {
		struct region r = p->cand[i];
		int carry = p->carry[i];

		if (r.end <= lo || r.start >= hi)
			continue;
		if (r.start < lo) {
			/* Whether the entry in effect at lo is in the range
			 * is found by reading back to it. */
			r.start = lo;
			r.first_line = lo_line;
			carry = 1;
		}
		if (r.end > hi)
			r.end = hi;
		p->cand[n] = r;
		p->carry[n] = (unsigned char)carry;
		n++;
	}
	p->ncand = n;
	p->st.regions = n;
}

int
plan_part(const plan *p, window_file *wf, plan **out)
{
	plan *q;

	*out = NULL;
	if (p->detect_later || p->stream_tail)
		return -1;
	q = xcalloc(1, sizeof(*q));
	q->pp = p->pp;
	q->tm = p->tm;
	q->wf = wf;
	q->path = p->path;
	q->tf = p->tf;
	q->tf_borrowed = 1;
	q->from = p->from;
	q->to = p->to;
	q->ncand = q->cap = p->ncand;
	if (p->ncand > 0) {
		q->cand = xreallocarray(NULL, p->ncand, sizeof(*q->cand));
		q->carry = xrealloc(NULL, p->ncand);
		memcpy(q->cand, p->cand, p->ncand * sizeof(*q->cand));
		memcpy(q->carry, p->carry, p->ncand);
	}
	q->st.state = p->st.state;
	q->st.used = p->st.used;
	q->st.size = p->st.size;
	q->st.regions = p->ncand;
	*out = q;
	return 0;
}

/* Where a part that reaches the multiple g of the part size ends, in a
 * region ending at e: at the first index group start at or after g when
 * the plan has one there (its line number is known: *line), else at the
 * first line start at or after g (*line 0). */
static int
part_end(const plan *p, uint64_t g, uint64_t e, uint64_t *b, uint64_t *line,
         char *err)
{
	size_t lo = 0, hi = p->nmarks;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (p->marks[m].start < g)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo < p->nmarks && p->marks[lo].start < e) {
		*b = p->marks[lo].start;
		*line = p->marks[lo].first_line;
		return 0;
	}
	*line = 0;
	return window_line_start(p->wf, g, b, err);
}

int
plan_parts(const plan *p, uint64_t size, struct region **parts, size_t *n,
           char *err)
{
	uint64_t fsize = window_file_size(p->wf);
	size_t cap = 0;

	*parts = NULL;
	*n = 0;
	if (size == 0)
		size = 1;
	for (size_t i = 0; i < p->ncand; i++) {
		uint64_t s = p->cand[i].start, line = p->cand[i].first_line;
		uint64_t e = p->cand[i].end < fsize ? p->cand[i].end : fsize;
		uint64_t g = (s / size + 1) * size, b, bline;

		for (; s < e; g += size) {
			b = e;
			bline = 0;
			if (g < e && part_end(p, g, e, &b, &bline, err) < 0) {
				free(*parts);
				*parts = NULL;
				*n = 0;
				return -1;
			}
			if (b <= s)
				continue; /* a line longer than a part */
			if (b > e)
				b = e;
			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				*parts = xreallocarray(*parts, cap,
				                       sizeof(**parts));
			}
			(*parts)[(*n)++] = (struct region){s, b, line};
			s = b;
			line = bline;
		}
	}
	return 0;
}

void
plan_candidates(const plan *p, const struct region **regs, size_t *n)
{
	*regs = p->cand;
	*n = p->ncand;
}

static int
count_window(void *ctx, const struct window *w)
{
	*(uint64_t *)ctx += newline_count(w->data, w->len);
	return 0;
}

int
plan_line_at(const char *path, const struct index_params *ip, window_file *wf,
             uint64_t off, uint64_t *line, char *err)
{
	struct index_lookup lk;
	uint64_t from = 0, n = 1;

	if (off == 0) {
		*line = 1;
		return 0;
	}
	if (ip->mode != INDEX_NEVER && window_format(wf) == DECOMP_NONE &&
	    index_lookup(&lk, path, ip->dir, wf, err) == 0) {
		const struct index_data *d = &lk.data;

		if ((lk.state == INDEX_STATE_FRESH ||
		     lk.state == INDEX_STATE_APPENDED) &&
		    d->ngroups > 0 && d->groups[0].offset <= off) {
			/* The last group that starts at or before off. */
			uint64_t a = 0, b = d->ngroups;

			while (b - a > 1) {
				uint64_t m = a + (b - a) / 2;

				if (d->groups[m].offset <= off)
					a = m;
				else
					b = m;
			}
			if (index_verify_group(d, a, window_fd(wf), err) == 0 &&
			    is_line_start(window_fd(wf), d->groups[a].offset)) {
				from = d->groups[a].offset;
				n = d->groups[a].first_line;
			}
		}
		index_lookup_free(&lk);
	}
	if (from < off && window_scan(wf, from, off, count_window, &n, err) < 0)
		return -1;
	*line = n;
	return 0;
}

/* ---- running ---------------------------------------------------------- */

struct run {
	plan *p;
	plan_fn fn;
	void *ctx;
	uint64_t region_start;
	uint64_t line;     /* number of the line at the next byte */
	int64_t entry;     /* entry time in effect, or INDEX_TIME_NONE */
	int entry_known;   /* entry is right for the line at the next byte */
	struct timefmt_seq seq; /* for a fall-back's repeated wall times */
	uint64_t next_off; /* where the last piece ended */
	int fn_stop;       /* fn's positive return value */
	int fn_failed;     /* fn returned -1 */
	int done;          /* past the line range: nothing more to select */
	char *err;         /* for errors of our own */
	int own_err;
};

/* Hand [s, e) of window w to the callback.  Returns the window_fn value. */
static int
emit(struct run *rs, const struct window *w, const char *s, const char *e,
     uint64_t first_line, int64_t time, int entry_start)
{
	struct plan_piece pc;
	int r;

	if (e == s)
		return 0;
	pc.data = s;
	pc.len = (size_t)(e - s);
	pc.offset = w->offset + (uint64_t)(s - w->data);
	pc.first_line = first_line;
	pc.last = w->last && e == w->data + w->len;
	pc.time = time;
	pc.entry_start = entry_start;
	if (pc.offset != rs->next_off || rs->p->st.runs == 0)
		rs->p->st.runs++;
	rs->next_off = pc.offset + pc.len;
	r = rs->fn(rs->ctx, &pc);
	if (r < 0) {
		rs->fn_failed = 1;
		return -1;
	}
	if (r > 0) {
		rs->fn_stop = r;
		return 1;
	}
	return 0;
}

/* A line range alone: skip to line `from`, hand out up to line `to`. */
static int
lines_window(void *ctx, const struct window *w)
{
	struct run *rs = ctx;
	plan *p = rs->p;
	const char *s = w->data, *end = w->data + w->len, *q;
	uint64_t seen, want, at;

	if (rs->line < p->from) {
		q = newline_nth(s, w->len, p->from - rs->line, &seen);
		rs->line += seen;
		if (q == NULL)
			return 0;
		s = q;
	}
	if (s == end)
		return 0;
	at = rs->line;
	if (p->to == UINT64_MAX) {
		rs->line += newline_count(s, (size_t)(end - s));
		return emit(rs, w, s, end, at, 0, 0);
	}
	want = p->to - rs->line + 1; /* line <= to here */
	q = newline_nth(s, (size_t)(end - s), want, &seen);
	if (q != NULL) {
		int r;

		rs->line += want;
		r = emit(rs, w, s, q, at, 0, 0);
		rs->done = 1;
		return r != 0 ? r : 1;
	}
	rs->line += seen;
	return emit(rs, w, s, end, at, 0, 0);
}

/* The entry the region's first line continues, read backwards, and the
 * sequence state there. */
static int
find_entry(struct run *rs)
{
	plan *p = rs->p;
	int r = timectx_seq_before(p->tf, window_fd(p->wf), rs->region_start,
	                           &rs->seq, &p->st.back_bytes, rs->err);

	if (r < 0) {
		rs->own_err = 1;
		return -1;
	}
	rs->entry = r ? rs->seq.last : INDEX_TIME_NONE;
	return 0;
}

/*
 * The time of the line [s, s + n), in the run's sequence: a repeated wall
 * time of a fall-back at the start of a region needs the entries before
 * the region first.  Returns 1 with *t, 0 when the line has none, or -1
 * with rs->err filled.
 */
static int
line_time(struct run *rs, const char *s, size_t n, int64_t *t)
{
	int r = timefmt_line_time_seq(rs->p->tf, s, n, &rs->seq, t);

	if (r >= 0)
		return r;
	if (find_entry(rs) < 0)
		return -1;
	rs->entry_known = 1;
	return timefmt_line_time_seq(rs->p->tf, s, n, &rs->seq, t);
}

/* A time range: every line's entry time decides, and the line range.
 * With tm->entries, a run is also cut where an entry begins. */
static int
timed_window(void *ctx, const struct window *w)
{
	struct run *rs = ctx;
	plan *p = rs->p;
	const char *s = w->data, *end = w->data + w->len, *run = NULL;
	int64_t since = p->tm->since, until = p->tm->until;
	int entries = p->tm->entries;
	int head = p->tm->keep_head && since == INT64_MIN;
	uint64_t run_line = 0;
	int64_t run_time = 0;
	int run_start = 0;

	if (p->detect_later) {
		p->detect_later = 0;
		switch (timectx_detect_named(p->tm->tc, p->path, p->tf, w->data,
		                             w->len, rs->err)) {
		case 0:
			ls_errf(rs->err,
			        "no timestamps found (try --time-format)");
			LS_FALLTHROUGH;
		case -1:
			rs->own_err = 1;
			return -1;
		}
	}
	while (s < end) {
		const char *q = memchr(s, '\n', (size_t)(end - s));
		const char *eol = q ? q + 1 : end;
		size_t n = (size_t)((q ? q : end) - s);
		int64_t t;
		int sel, has;

		if (rs->line > p->to) {
			rs->done = 1;
			break;
		}
		if ((has = line_time(rs, s, n, &t)) < 0)
			return -1;
		if (has)
			rs->entry = t;
		else if (!rs->entry_known && find_entry(rs) < 0)
			return -1;
		rs->entry_known = 1;
		if (rs->entry != INDEX_TIME_NONE)
			sel = rs->entry >= since && rs->entry < until;
		else
			sel = head && rs->region_start == 0;
		sel = sel && rs->line >= p->from;
		if (sel && run != NULL && entries && has) {
			/* One entry per piece. */
			int r = emit(rs, w, run, s, run_line, run_time,
			             run_start);

			if (r != 0)
				return r;
			run = NULL;
		}
		if (sel && run == NULL) {
			run = s;
			run_line = rs->line;
			run_time = rs->entry != INDEX_TIME_NONE ? rs->entry
			                                        : INT64_MIN;
			run_start = has || (rs->line == 1 && rs->entry ==
			                                          INDEX_TIME_NONE);
		} else if (!sel && run != NULL) {
			int r = emit(rs, w, run, s, run_line, run_time,
			             run_start);

			if (r != 0)
				return r;
			run = NULL;
		}
		rs->line++;
		s = eol;
	}
	if (run != NULL) {
		int r = emit(rs, w, run, s, run_line, run_time, run_start);

		if (r != 0)
			return r;
	}
	return rs->done ? 1 : 0;
}

/* The last lines of a stream, kept in memory as it is read, as one
 * piece. */
static int
run_stream_tail(struct run *rs)
{
	struct lastlines_tail t;
	int r = 0;

	if (lastlines_read_stream(rs->p->wf, rs->p->pp->line_last, &t,
	                          rs->err) < 0)
		return -1;
	if (t.len > 0) {
		struct window w = {t.data, t.len, t.offset, 1};

		r = emit(rs, &w, t.data, t.data + t.len, t.first_line, 0, 0);
	}
	lastlines_tail_free(&t);
	if (r < 0)
		return -1;
	return r > 0 ? rs->fn_stop : 0;
}

int
plan_run(plan *p, plan_fn fn, void *ctx, char *err)
{
	struct run rs;

	memset(&rs, 0, sizeof(rs));
	rs.p = p;
	rs.fn = fn;
	rs.ctx = ctx;
	rs.err = err;
	rs.next_off = UINT64_MAX;
	if (p->stream_tail)
		return run_stream_tail(&rs);
	for (size_t i = 0; i < p->ncand && !rs.done; i++) {
		const struct region *r = &p->cand[i];
		int v;

		if (r->first_line > p->to)
			break;
		rs.region_start = r->start;
		rs.line = r->first_line;
		rs.entry = INDEX_TIME_NONE;
		/* At the start of the file no entry is carried in, and one
		 * known to be out of the range is as good as none. */
		rs.entry_known = r->start == 0 || !p->carry[i];
		timefmt_seq_init(&rs.seq, r->start == 0);
		v = window_scan(p->wf, r->start, r->end,
		                p->tm ? timed_window : lines_window, &rs, err);
		if (v < 0)
			return -1; /* err is filled unless fn failed */
		if (rs.fn_stop)
			return rs.fn_stop;
	}
	return 0;
}

/* ---- collecting regions ----------------------------------------------- */

struct collect {
	struct region *r;
	size_t n, cap;
};

static int
collect_piece(void *ctx, const struct plan_piece *pc)
{
	struct collect *c = ctx;
	struct region *last = c->n ? &c->r[c->n - 1] : NULL;

	if (last != NULL && last->end == pc->offset) {
		last->end += pc->len;
		return 0;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->r = xreallocarray(c->r, c->cap, sizeof(*c->r));
	}
	c->r[c->n++] =
	    (struct region){pc->offset, pc->offset + pc->len, pc->first_line};
	return 0;
}

int
plan_regions(plan *p, struct region **out, size_t *n, char *err)
{
	struct collect c = {NULL, 0, 0};
	int r = plan_run(p, collect_piece, &c, err);

	*out = c.r;
	*n = c.n;
	return r;
}

const struct index_data *
plan_index(const plan *p)
{
	return p->have_lk ? &p->lk.data : NULL;
}

const timefmt *
plan_timefmt(const plan *p)
{
	return p->tf;
}

const struct plan_stats *
plan_get_stats(const plan *p)
{
	return &p->st;
}

static const char *
built_name(enum index_plan b)
{
	return b == INDEX_PLAN_FULL   ? "; built the index"
	       : b == INDEX_PLAN_TAIL ? "; indexed the tail"
	                              : "";
}

char *
plan_describe(const struct plan_stats *ps, const struct window_stats *ws,
              char *buf, size_t len)
{
	char total[64] = "", share[64] = "", got[LS_ERRSZ];

	if (ps->groups_total > 0)
		snprintf(total, sizeof(total), " of %" PRIu64,
		         ps->groups_total);
	if (ps->size != UINT64_MAX && ps->size > 0)
		snprintf(share, sizeof(share), " (%.3f%% of the file)",
		         100.0 * (double)(ws->bytes_mapped + ws->bytes_read) /
		             (double)ps->size);
	if (ws->fmt != DECOMP_NONE)
		/* No share of the file: its bytes are not the log's. */
		window_describe_decoded(ws, got, sizeof(got));
	else
		snprintf(got, sizeof(got),
		         "mapped %" PRIu64 " bytes%s, read %" PRIu64
		         " bytes, %" PRIu64 " of them backwards",
		         ws->bytes_mapped, share,
		         ws->bytes_read + ps->back_bytes, ps->back_bytes);
	snprintf(buf, len,
	         "index %s%s%s%s%s%s: %" PRIu64 " region%s, %" PRIu64
	         " group%s%s, tail %" PRIu64 " bytes; %" PRIu64
	         " run%s selected; %s",
	         index_state_name(ps->state), ps->index_path ? " " : "",
	         ps->index_path ? ps->index_path : "",
	         ps->reason[0] ? ": " : "", ps->reason, built_name(ps->built),
	         ps->regions, ps->regions == 1 ? "" : "s", ps->groups_used,
	         ps->groups_used == 1 ? "" : "s", total, ps->tail_bytes,
	         ps->runs, ps->runs == 1 ? "" : "s", got);
	return buf;
}

char *
plan_changed_message(const struct plan_stats *ps, char *buf, size_t len)
{
	if (!ps->changed)
		return NULL;
	snprintf(buf, len, "index %s is stale: %s; %sanswering from the log",
	         ps->index_path ? ps->index_path : "(unknown)", ps->reason,
	         ps->built == INDEX_PLAN_FULL ? "rebuilt it, " : "");
	return buf;
}

void
plan_close(plan *p)
{
	if (p == NULL)
		return;
	if (p->have_lk)
		index_lookup_free(&p->lk);
	if (!p->tf_borrowed)
		timefmt_close(p->tf);
	free(p->cand);
	free(p->carry);
	free(p->marks);
	free(p->st.index_path);
	free(p);
}
