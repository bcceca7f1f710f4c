/*
 * jsonout.c - ripgrep's JSON Lines messages for selected lines.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonout.h"
#include "timectx.h"
#include "util.h"

/* What ripgrep counts per file and for the run. */
struct counts {
	uint64_t elapsed_ns;
	uint64_t searches, searches_with_match;
	uint64_t bytes_searched, bytes_printed;
	uint64_t matched_lines, matches;
};

/* Lines [from, to) of a stream have no timestamp and belong to the
 * entry at ns (ok), or to none (before the first timestamp). */
struct ts_run {
	uint64_t from, to;
	int64_t ns;
	int ok;
};

/* The most runs kept: memory stays bounded however far the scanner holds
 * lines back (binary checks, -B); a line whose run was dropped says null. */
#define JSONOUT_RUNS 16384

struct jsonout {
	output *out;
	regex_matcher *m; /* NULL: no submatches */
	int invert;
	uint64_t t_open;

	/* the file */
	const char *name;
	size_t namelen;
	const timefmt *tf;
	int fd;
	int begun;       /* its begin message is out */
	uint64_t t_file;
	struct counts file;
	int carry_ok;       /* the entry time of a line starting at
	                       carry_end (just past the line printed last)
	                       is carry_ns */
	uint64_t carry_end;
	int64_t carry_ns;

	/* A stream (jsonout_tap()): the runs of lines without a timestamp
	 * in the windows seen, with their entry times, oldest first, in a
	 * ring of JSONOUT_RUNS; the entry in force at the end of the last
	 * window seen (end_ok, end_ns) and where it ended. */
	struct ts_run *runs;
	size_t run_head, run_count;
	int end_ok;
	int64_t end_ns;
	uint64_t end_off;
	uint64_t last_off; /* the last line printed starts here */

	struct counts total;
};

jsonout *
jsonout_open(output *out, const regex *re, int invert)
{
	jsonout *j = xcalloc(1, sizeof(*j));

	j->out = out;
	j->m = re ? regex_matcher_open(re) : NULL;
	j->invert = invert;
	j->t_open = ls_now_ns();
	j->fd = -1;
	return j;
}

void
jsonout_close(jsonout *j)
{
	if (j == NULL)
		return;
	regex_matcher_close(j->m);
	free(j->runs);
	free(j);
}

char *
jsonout_format_time(int64_t ns, char *buf)
{
	int64_t frac = ns % 1000000000;
	size_t n;

	if (frac < 0)
		frac += 1000000000;
	/* The whole seconds as ISO 8601 ("...:SSZ"), then all nine
	 * digits of the fraction. */
	timectx_format_ns(ns - frac, buf);
	n = strlen(buf) - 1;
	snprintf(buf + n, JSONOUT_TIME_SIZE - n, ".%09dZ", (int)frac);
	return buf;
}

/* Write "name":, the path object, as every message has it. */
static void
put_path(jsonout *j)
{
	output_puts(j->out, "\"path\":");
	json_put_data(j->out, j->name, j->namelen);
}

/* ripgrep's Duration: {"secs":S,"nanos":N,"human":"0.000020s"}, with the
 * keys in the order given (the summary sorts them). */
static void
put_duration(jsonout *j, uint64_t ns, int sorted)
{
	char buf[128];

	if (sorted)
		snprintf(buf, sizeof(buf),
		         "{\"human\":\"%.6fs\",\"nanos\":%" PRIu64
		         ",\"secs\":%" PRIu64 "}",
		         (double)ns / 1e9, ns % 1000000000, ns / 1000000000);
	else
		snprintf(buf, sizeof(buf),
		         "{\"secs\":%" PRIu64 ",\"nanos\":%" PRIu64
		         ",\"human\":\"%.6fs\"}",
		         ns / 1000000000, ns % 1000000000, (double)ns / 1e9);
	output_puts(j->out, buf);
}

void
jsonout_begin_file(jsonout *j, const char *name, const timefmt *tf, int fd)
{
	j->name = name;
	j->namelen = strlen(name);
	j->tf = tf;
	j->fd = fd;
	j->begun = 0;
	j->carry_ok = 0;
	j->run_head = j->run_count = 0;
	j->end_ok = 0;
	j->end_off = 0;
	j->last_off = 0;
	memset(&j->file, 0, sizeof(j->file));
	j->t_file = ls_now_ns();
}

void
jsonout_set_fd(jsonout *j, int fd)
{
	j->fd = fd;
	j->carry_ok = 0;
}

/* The run at ring position i (0: the oldest). */
static struct ts_run *
run_at(jsonout *j, size_t i)
{
	return &j->runs[(j->run_head + i) % JSONOUT_RUNS];
}

/* Lines [from, to) without a timestamp, in the entry (ok, ns). */
static void
add_run(jsonout *j, uint64_t from, uint64_t to, int ok, int64_t ns)
{
	struct ts_run *r;

	if (j->run_count > 0) {
		r = run_at(j, j->run_count - 1);
		if (r->to == from && r->ok == ok && r->ns == ns) {
			r->to = to;
			return;
		}
	}
	if (j->run_count == JSONOUT_RUNS) {
		j->run_head = (j->run_head + 1) % JSONOUT_RUNS;
		j->run_count--;
	}
	r = run_at(j, j->run_count++);
	r->from = from;
	r->to = to;
	r->ok = ok;
	r->ns = ns;
}

int
jsonout_tap(void *ctx, const struct window *w)
{
	jsonout *j = ctx;
	const char *p = w->data, *end = w->data + w->len;
	int ok;
	int64_t ns, t;

	if (j->tf == NULL)
		return 0;
	if (j->runs == NULL)
		j->runs = xmalloc(JSONOUT_RUNS * sizeof(*j->runs));
	/* Runs wholly before the last line printed are not asked for. */
	while (j->run_count > 0 && run_at(j, 0)->to <= j->last_off) {
		j->run_head = (j->run_head + 1) % JSONOUT_RUNS;
		j->run_count--;
	}
	/* The entry in force where the last window ended holds at this
	 * one's start when nothing was skipped between them. */
	ok = j->end_ok && j->end_off == w->offset;
	ns = j->end_ns;
	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		const char *e = q ? q + 1 : end;

		if (timefmt_line_time(j->tf, p, (size_t)((q ? q : end) - p),
		                      &t)) {
			ok = 1;
			ns = t;
		} else {
			add_run(j, w->offset + (uint64_t)(p - w->data),
			        w->offset + (uint64_t)(e - w->data), ok, ns);
		}
		p = e;
	}
	j->end_ok = ok;
	j->end_ns = ns;
	j->end_off = w->offset + w->len;
	return 0;
}

/* A stream's line at off without a timestamp: its entry time from the
 * runs jsonout_tap() kept.  Returns 1 with *ns, or 0. */
static int
run_time(jsonout *j, uint64_t off, int64_t *ns)
{
	while (j->run_count > 0 && run_at(j, 0)->to <= off) {
		j->run_head = (j->run_head + 1) % JSONOUT_RUNS;
		j->run_count--;
	}
	if (j->run_count == 0 || run_at(j, 0)->from > off ||
	    !run_at(j, 0)->ok)
		return 0;
	*ns = run_at(j, 0)->ns;
	return 1;
}

/*
 * The entry time of line l into *ns: its own timestamp, else carried from
 * the line printed just before it, else read backwards from the file
 * (from a stream, from the runs jsonout_tap() kept).  Returns 1, or 0 when the
 * line belongs to no entry (or a stream's cannot be known).
 */
static int
entry_time(jsonout *j, const struct scan_line *l, int64_t *ns)
{
	char err[LS_ERRSZ];
	int rc;

	if (timefmt_line_time(j->tf, l->text, l->len, ns))
		rc = 1;
	else if (j->carry_ok && j->carry_end == l->offset) {
		*ns = j->carry_ns;
		rc = 1;
	} else if (j->fd < 0 && j->runs != NULL) {
		rc = run_time(j, l->offset, ns);
	} else if (j->fd >= 0) {
		rc = timectx_time_before(j->tf, j->fd, l->offset, ns, NULL,
		                         err);
		if (rc < 0)
			rc = 0; /* unreadable now: say null, not a lie */
	} else {
		rc = 0;
	}
	j->last_off = l->offset;
	j->carry_ok = rc == 1;
	j->carry_ns = rc == 1 ? *ns : 0;
	j->carry_end = l->offset + l->len + (l->has_nl ? 1 : 0);
	return rc;
}

/* The submatches of a selected line; returns how many. */
static uint64_t
put_submatches(jsonout *j, const struct scan_line *l)
{
	size_t pos = 0, ms, me;
	uint64_t k = 0;

	output_puts(j->out, "\"submatches\":[");
	if (j->m != NULL && l->selected && !j->invert) {
		while (pos <= l->len &&
		       regex_match_line(j->m, l->text, l->len, pos, &ms, &me) ==
		           REGEX_MATCH) {
			if (me == ms) {
				/* An empty match is no submatch; look on
				 * from the next byte, as ripgrep does. */
				pos = ms + 1;
				continue;
			}
			if (k++ > 0)
				output_putc(j->out, ',');
			output_puts(j->out, "{\"match\":");
			json_put_data(j->out, l->text + ms, me - ms);
			output_puts(j->out, ",\"start\":");
			output_u64(j->out, ms);
			output_puts(j->out, ",\"end\":");
			output_u64(j->out, me);
			output_putc(j->out, '}');
			pos = me;
		}
	}
	output_putc(j->out, ']');
	return k;
}

int
jsonout_line(void *ctx, const struct scan_line *l)
{
	jsonout *j = ctx;
	uint64_t t0;

	if (!j->begun) {
		j->begun = 1;
		t0 = output_total(j->out);
		output_puts(j->out, "{\"type\":\"begin\",\"data\":{");
		put_path(j);
		output_puts(j->out, "}}\n");
		j->file.bytes_printed += output_total(j->out) - t0;
	}
	t0 = output_total(j->out);
	output_puts(j->out, l->selected ? "{\"type\":\"match\",\"data\":{"
	                                : "{\"type\":\"context\",\"data\":{");
	put_path(j);
	/* The line with its newline, as ripgrep gives it. */
	output_puts(j->out, ",\"lines\":");
	json_put_data(j->out, l->text, l->len + (l->has_nl ? 1 : 0));
	output_puts(j->out, ",\"line_number\":");
	output_u64(j->out, l->number);
	output_puts(j->out, ",\"absolute_offset\":");
	output_u64(j->out, l->offset);
	output_putc(j->out, ',');
	{
		uint64_t k = put_submatches(j, l);

		if (l->selected) {
			j->file.matched_lines++;
			j->file.matches += k;
		}
	}
	if (j->tf != NULL) {
		int64_t ns;
		char tb[JSONOUT_TIME_SIZE];

		output_puts(j->out, ",\"timestamp\":");
		if (entry_time(j, l, &ns)) {
			output_putc(j->out, '"');
			output_puts(j->out, jsonout_format_time(ns, tb));
			output_putc(j->out, '"');
		} else {
			output_puts(j->out, "null");
		}
	}
	output_puts(j->out, "}}\n");
	j->file.bytes_printed += output_total(j->out) - t0;
	return output_error(j->out) ? -1 : 0;
}

void
jsonout_end_file(jsonout *j, uint64_t bytes_searched, uint64_t binary_at)
{
	char buf[256];

	if (!j->begun)
		return;
	j->file.elapsed_ns = ls_now_ns() - j->t_file;
	j->file.searches = 1;
	j->file.searches_with_match = j->file.matched_lines > 0;
	j->file.bytes_searched = bytes_searched;
	output_puts(j->out, "{\"type\":\"end\",\"data\":{");
	put_path(j);
	output_puts(j->out, ",\"binary_offset\":");
	if (binary_at == UINT64_MAX)
		output_puts(j->out, "null");
	else
		output_u64(j->out, binary_at);
	output_puts(j->out, ",\"stats\":{\"elapsed\":");
	put_duration(j, j->file.elapsed_ns, 0);
	snprintf(buf, sizeof(buf),
	         ",\"searches\":1,\"searches_with_match\":%" PRIu64
	         ",\"bytes_searched\":%" PRIu64 ",\"bytes_printed\":%" PRIu64
	         ",\"matched_lines\":%" PRIu64 ",\"matches\":%" PRIu64 "}}}\n",
	         j->file.searches_with_match, j->file.bytes_searched,
	         j->file.bytes_printed, j->file.matched_lines, j->file.matches);
	output_puts(j->out, buf);
	j->total.elapsed_ns += j->file.elapsed_ns;
	j->total.searches += 1;
	j->total.searches_with_match += j->file.searches_with_match;
	j->total.bytes_searched += j->file.bytes_searched;
	j->total.bytes_printed += j->file.bytes_printed;
	j->total.matched_lines += j->file.matched_lines;
	j->total.matches += j->file.matches;
	j->begun = 0;
}

void
jsonout_add_totals(jsonout *j, const jsonout *src)
{
	j->total.elapsed_ns += src->total.elapsed_ns;
	j->total.searches += src->total.searches;
	j->total.searches_with_match += src->total.searches_with_match;
	j->total.bytes_searched += src->total.bytes_searched;
	j->total.bytes_printed += src->total.bytes_printed;
	j->total.matched_lines += src->total.matched_lines;
	j->total.matches += src->total.matches;
}

void
jsonout_summary(jsonout *j)
{
	char buf[256];

	/* ripgrep builds this one as a map: its keys come sorted. */
	output_puts(j->out, "{\"data\":{\"elapsed_total\":");
	put_duration(j, ls_now_ns() - j->t_open, 1);
	snprintf(buf, sizeof(buf),
	         ",\"stats\":{\"bytes_printed\":%" PRIu64
	         ",\"bytes_searched\":%" PRIu64 ",\"elapsed\":",
	         j->total.bytes_printed, j->total.bytes_searched);
	output_puts(j->out, buf);
	put_duration(j, j->total.elapsed_ns, 1);
	snprintf(buf, sizeof(buf),
	         ",\"matched_lines\":%" PRIu64 ",\"matches\":%" PRIu64
	         ",\"searches\":%" PRIu64 ",\"searches_with_match\":%" PRIu64
	         "}},\"type\":\"summary\"}\n",
	         j->total.matched_lines, j->total.matches, j->total.searches,
	         j->total.searches_with_match);
	output_puts(j->out, buf);
}
