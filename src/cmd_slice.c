/*
 * cmd_slice.c - `logscan slice`: print a line range of each file, reading
 * only the index groups that hold it when a fresh index exists.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unistd.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"
#include "conf.h"
#include "follow.h"
#include "index.h"
#include "jsonout.h"
#include "merge.h"
#include "options.h"
#include "output.h"
#include "par.h"
#include "plan.h"
#include "timectx.h"
#include "util.h"
#include "window.h"

void
cmd_slice_help(FILE *out)
{
	cli_print_usage(out, "slice");
	fputs("\n"
	      "Print the lines of each FILE (standard input when there is "
	      "none, or for -)\n"
	      "that fall in a time range (--since inclusive, "
	      "--until exclusive)\n"
	      "and/or a line range (--lines A:B, 1-based, inclusive).\n"
	      "An entry is a line with a timestamp and the lines after it "
	      "without one (a\n"
	      "stack trace): a line is in a time range when its entry is; "
	      "lines before the\n"
	      "first timestamp never are.  Several files are printed one "
	      "after the other,\n"
	      "without prefixes.\n"
	      "\n"
	      "\n",
	      out);
	cliopt_help(out, "slice", 0);
	fputs("\n"
	      "T is 2026-03-01, '2026-03-01 10:00[:SS[.frac]]' (T or space, "
	      "an optional Z or\n"
	      "+hh:mm), 10:00 (today), now, today, yesterday [HH:MM], "
	      "@EPOCH, -2h or '90m ago'.\n",
	      out);
}

struct slice_run;

struct slice_ctx {
	output *out;
	jsonout *json; /* --json: the printer, else NULL */
	const char *file;
	size_t mark; /* where the record being copied began */
	int printed;
	struct slice_run *sr; /* --follow's, else NULL */
};

/* --follow: a file sliced to its end, kept to be followed. */
struct slice_follow {
	struct slice_ctx c;
	window_file *wf;
	plan *p;
	timefmt *tf;
	int fd;           /* where later lines come from */
	uint64_t printed; /* bytes given to --json since its begin */
	struct follow_params fp;
};

/* --follow's state for the run: the files to follow once all are
 * sliced, and, for several files, tail's headers. */
struct slice_run {
	int headers;       /* "==> FILE <==" before each file's lines */
	const char *last;  /* the file of the last header */
	struct slice_follow *items;
	size_t n;
	struct slice_follow *json_cur; /* the file --json printed last */
};

/* --json: each line of piece pc a match message of its own.  Returns 0,
 * or -1 after a write error. */
static int
json_lines(jsonout *j, const struct plan_piece *pc)
{
	struct scan_line l;
	size_t pos = 0;

	l.number = pc->first_line;
	l.selected = 1;
	while (pos < pc->len) {
		const char *nl = memchr(pc->data + pos, '\n', pc->len - pos);
		size_t e = nl ? (size_t)(nl - pc->data) : pc->len;

		l.text = pc->data + pos;
		l.len = e - pos;
		l.has_nl = nl != NULL;
		l.offset = pc->offset + pos;
		if (jsonout_line(j, &l) < 0)
			return -1;
		l.number++;
		pos = e + 1;
	}
	return 0;
}

/* The sink of a slice: the selected lines, as they are, through the one
 * output writer (records of whole lines, see output_lines()). */
static int
put_piece(void *ctx, const struct plan_piece *pc)
{
	struct slice_ctx *c = ctx;

	if (pc->len == 0)
		return 0;
	c->printed = 1;
	if (c->sr != NULL && c->sr->headers && c->sr->last != c->file) {
		/* Several files followed: say whose lines these are, as
		 * tail does. */
		if (c->sr->last != NULL)
			output_putc(c->out, '\n');
		output_puts(c->out, "==> ");
		output_puts(c->out, c->file);
		output_puts(c->out, " <==\n");
		c->sr->last = c->file;
		c->mark = output_pending(c->out);
	}
	if (c->json != NULL)
		return json_lines(c->json, pc);
	return output_lines(c->out, pc->data, pc->len, &c->mark) < 0 ? -1 : 0;
}

/* --follow: the appended lines that the ranges select, as they come. */
static int
follow_put(void *ctx, const char *data, size_t len, uint64_t off,
           uint64_t line)
{
	struct slice_follow *f = ctx;
	struct slice_run *sr = f->c.sr;
	struct plan_piece pc = {data, len, off, line, 1, 0, 0};
	int rc;

	if (f->c.json != NULL && sr->json_cur != f) {
		/* Another file's lines: its end, this one's begin. */
		if (sr->json_cur != NULL)
			jsonout_end_file(f->c.json, sr->json_cur->printed,
			                 UINT64_MAX);
		sr->json_cur = f;
		f->printed = 0;
		jsonout_begin_file(f->c.json, f->c.file, f->tf, f->fd);
	}
	f->printed += len;
	f->c.mark = output_pending(f->c.out);
	rc = put_piece(&f->c, &pc);
	if (output_flush(f->c.out) < 0 || rc < 0)
		return -1;
	return 0;
}

static void
follow_note(void *ctx, const char *msg)
{
	struct slice_follow *f = ctx;

	output_flush(f->c.out);
	cli_warn("%s: %s", f->c.file, msg);
}

static void
follow_reopened(void *ctx, int fd)
{
	struct slice_follow *f = ctx;

	f->fd = fd;
	if (f->c.json != NULL && f->c.sr->json_cur == f)
		jsonout_set_fd(f->c.json, fd);
}

/*
 * After slicing the file of c (open as wf, planned by p, tf for --json):
 * keep it to follow with the same ranges once every file is sliced.
 * Returns 0 (the item has wf, p and tf now), or -1 with err filled.
 */
static int
slice_follow_add(struct slice_run *sr, const struct slice_ctx *c,
                 window_file *wf, plan *p, timefmt *tf,
                 const struct options *o, const struct plan_time *tm,
                 char *err)
{
	struct follow_params fp;
	struct slice_follow *f;
	uint64_t n = 0;
	int rc;

	if (window_is_stream(wf) || window_format(wf) != DECOMP_NONE) {
		ls_errf(err, "not following: not a regular file");
		return -1;
	}
	memset(&fp, 0, sizeof(fp));
	fp.path = c->file;
	fp.fd = window_fd(wf);
	fp.offset = window_file_size(wf);
	fp.line_from = 1;
	fp.line_to = UINT64_MAX;
	if ((c->json != NULL || (o->have_lines && !o->line_last)) &&
	    follow_count_lines(wf, fp.offset, &n, err) < 0)
		return -1;
	fp.line = n + 1;
	if (o->have_lines && !o->line_last) {
		fp.line_from = o->line_from;
		fp.line_to = o->line_to;
	}
	if (tm != NULL && plan_timefmt(p) != NULL) {
		fp.tf = plan_timefmt(p);
		fp.since = tm->since;
		fp.until = tm->until;
		rc = timectx_time_before(fp.tf, fp.fd, fp.offset, &fp.carry,
		                         NULL, err);
		if (rc < 0)
			return -1;
		fp.carry_ok = rc == 1;
	}
	fp.fn = follow_put;
	fp.note = follow_note;
	fp.reopened = follow_reopened;
	sr->items = xreallocarray(sr->items, sr->n + 1, sizeof(*sr->items));
	f = &sr->items[sr->n++];
	memset(f, 0, sizeof(*f));
	f->c = *c;
	f->wf = wf;
	f->p = p;
	f->tf = tf;
	f->fd = fp.fd;
	f->fp = fp;
	return 0;
}

/* Follow the kept files together (when go is set) until each is past
 * --lines' end (or for ever).  Returns 0, -1 after reporting an error,
 * -2 on a write error (reported).  Frees the items. */
static int
slice_follow_all(struct slice_run *sr, output *out, int go)
{
	struct follow_params *fps;
	char err[LS_ERRSZ];
	size_t failed = 0;
	int rc = 0;

	if (sr->n == 0)
		return 0;
	fps = xreallocarray(NULL, sr->n, sizeof(*fps));
	for (size_t i = 0; i < sr->n; i++) {
		fps[i] = sr->items[i].fp;
		fps[i].ctx = &sr->items[i];
	}
	if (!go)
		rc = 0;
	else if (output_flush(out) == 0)
		rc = follow_many(fps, sr->n, &failed, err);
	else
		rc = -2;
	if (sr->json_cur != NULL)
		jsonout_end_file(sr->json_cur->c.json, sr->json_cur->printed,
		                 UINT64_MAX);
	if (rc == -1) {
		output_flush(out);
		cli_warn("%s: %s", sr->items[failed].c.file, err);
	} else if (rc == -2 && output_error(out)) {
		cli_write_error(output_error(out));
	} else if (rc == -2) {
		rc = -1;
	}
	for (size_t i = 0; i < sr->n; i++) {
		timefmt_close(sr->items[i].tf);
		plan_close(sr->items[i].p);
		window_close(sr->items[i].wf);
	}
	free(fps);
	free(sr->items);
	sr->items = NULL;
	sr->n = 0;
	return rc;
}

static void
print_stats(const char *file, const struct plan_stats *ps,
            const struct window_stats *ws, uint64_t elapsed_ns)
{
	char line[2 * LS_ERRSZ + 4096];

	fprintf(stderr, "logscan: %s: %s; %.3f ms\n", file,
	        plan_describe(ps, ws, line, sizeof(line)),
	        (double)elapsed_ns / 1e6);
}

/* ---- --merge ---------------------------------------------------------- */

/* One file of a merged slice: a source of the merge (merge.h). */
struct msrc {
	const char *file;
	const struct options *o;
	const struct plan_time *tm; /* with entries set */
	int names;                  /* each line starts with "FILE:" */
	size_t namelen;
	int json;                   /* --json */
	merge_feed *f;
	output *jout;               /* --json: the messages' writer, into
	                               the merge... */
	jsonout *jo;                /* ...and their printer */
	int printed;
};

/* A piece of one entry: its lines, named, as a record of the merge. */
static int
merge_piece(void *ctx, const struct plan_piece *pc)
{
	struct msrc *s = ctx;
	const char *p = pc->data, *end = pc->data + pc->len;

	if (pc->len == 0)
		return 0;
	s->printed = 1;
	if (merge_begin(s->f, pc->time, !pc->entry_start) < 0)
		return 1;
	if (s->jo != NULL)
		return json_lines(s->jo, pc) < 0 || output_flush(s->jout) < 0;
	if (!s->names) {
		if (merge_append(s->f, p, pc->len) < 0 ||
		    (end[-1] != '\n' && merge_append(s->f, "\n", 1) < 0))
			return 1;
		return 0;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);

		if (merge_append(s->f, s->file, s->namelen) < 0 ||
		    merge_append(s->f, ":", 1) < 0 ||
		    merge_append(s->f, p, n) < 0 ||
		    (nl == NULL && merge_append(s->f, "\n", 1) < 0))
			return 1;
		p += n;
	}
	return 0;
}

/* Slice one file into the merge (in a thread of its own).  Returns 0, or
 * -1 after reporting an error. */
static int
merge_produce(void *ctx, merge_feed *f)
{
	struct msrc *s = ctx;
	const struct options *o = s->o;
	char err[LS_ERRSZ];
	struct plan_params pa;
	uint64_t t0 = ls_now_ns();
	window_file *wf;
	plan *p;
	int rv;

	s->f = f;
	cli_plan_params(o, &pa);
	if (cli_open_plan(s->file, s->file, o, &pa, s->tm, &wf, &p, err) < 0) {
		cli_warn("%s: %s", s->file, err);
		return -1;
	}
	if (s->json) {
		/* The file's messages go to the merge as its lines would. */
		s->jout = output_open_sink(merge_sink, f, 0);
		s->jo = jsonout_open(s->jout, NULL, 0);
		jsonout_begin_file(s->jo, s->file, plan_timefmt(p),
		                   window_is_stream(wf) ? -1 : window_fd(wf));
	}
	rv = plan_run(p, merge_piece, s, err);
	if (rv < 0) {
		/* A file that shrank may have cut a line short: what is
		 * merged is whole lines. */
		merge_cut_line(f);
		cli_warn("%s: %s", s->file, err);
	}
	else
		(void)cli_warn_data_end(s->file, wf);
	if (s->jo != NULL) {
		const struct window_stats *ws = window_get_stats(wf);

		/* The end message goes with the file's last entry. */
		if (merge_begin(f, INT64_MIN, 1) == 0) {
			jsonout_end_file(s->jo, ws->bytes_mapped + ws->bytes_read,
			                 UINT64_MAX);
			output_flush(s->jout);
		}
	}
	if (o->stats)
		print_stats(s->file, plan_get_stats(p), window_get_stats(wf),
		            ls_now_ns() - t0);
	plan_close(p);
	window_close(wf);
	return rv < 0 ? -1 : 0;
}

/*
 * Slice files[0, n) as one timeline (--merge) into out (jo: --json's
 * printer on out, for the summary, or NULL).  tm is the time range,
 * entries set; names: prefix each line with its file's name.
 * Returns the command's exit status.
 */
static int
slice_merge(output *out, jsonout *jo, char **files, size_t n,
            const struct options *o, const struct plan_time *tm, int names)
{
	struct msrc *src = xcalloc(n, sizeof(*src));
	merge *m = merge_open(out, o->threads ? o->threads
	                                      : cli_online_cpus());
	int trouble = 0, any = 0;

	for (size_t i = 0; i < n; i++) {
		src[i].file = files[i];
		src[i].o = o;
		src[i].tm = tm;
		src[i].names = names;
		src[i].namelen = strlen(files[i]);
		src[i].json = jo != NULL;
		merge_add(m, merge_produce, &src[i]);
	}
	if (merge_run(m) < 0 || output_flush(out) < 0) {
		cli_write_error(output_error(out));
		trouble = 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (merge_source_status(m, i) < 0)
			trouble = 1;
		any |= src[i].printed;
		if (src[i].jo != NULL)
			jsonout_add_totals(jo, src[i].jo);
		jsonout_close(src[i].jo);
		output_close(src[i].jout);
	}
	if (jo != NULL && !output_error(out)) {
		jsonout_summary(jo);
		if (output_flush(out) < 0) {
			cli_write_error(output_error(out));
			trouble = 1;
		}
	}
	merge_close(m);
	free(src);
	if (trouble)
		return EXIT_TROUBLE;
	return any ? EXIT_SELECTED : EXIT_NONE;
}

/* ---- one file in parts (-j) ------------------------------------------- */

/*
 * A time range read line by line (no index, or wide candidate regions)
 * costs a timestamp per line: threads share that work.  The plan's
 * candidate regions are cut into parts of whole lines (plan_parts()); a
 * worker runs a copy of the plan clipped to each part (plan_part(),
 * plan_clip()), which reads back to the entry its first line continues,
 * and the parts' lines are printed in file order (par.h), so the output
 * is one thread's.
 */
struct spar {
	const plan *p;
	window_file *wf;            /* the caller's handle, cloned */
	const struct region *parts;
	output *out;                /* where the lines go, in order */
	const char *file;
	int printed;                /* a line was printed */
	int failed;                 /* a part failed: err says why */
	char err[LS_ERRSZ];
	size_t nparts;              /* --stats: the parts... */
	uint64_t wait_ns;           /* ...the time the output waited for
	                               them in order... */
	struct plan_stats ps;       /* ...their plans, summed... */
	struct window_stats ws;     /* ...and what their reading cost */
};

/* A part: what its worker found. */
struct sjob {
	size_t k;
	int rc; /* plan_run()'s */
	int printed;
	char err[LS_ERRSZ];
	uint64_t runs, back_bytes, mapped, read;
};

struct sworker {
	struct spar *x;
	par_worker *pw;
	window_file *wf;
	output *out;
	char err[LS_ERRSZ]; /* the clone failed: every part fails so */
	int broken;
};

static int
sw_sink(void *ctx, const char *p, size_t n)
{
	return par_deliver(((struct sworker *)ctx)->pw, p, n);
}

static void *
sw_open(void *arg, par_worker *pw)
{
	struct sworker *w = xcalloc(1, sizeof(*w));

	w->x = arg;
	w->pw = pw;
	w->broken = window_clone(&w->wf, w->x->wf, w->err) < 0;
	w->out = output_open_sink(sw_sink, w, 0);
	return w;
}

static void
sw_close(void *arg, void *ws)
{
	struct sworker *w = ws;

	(void)arg;
	output_close(w->out);
	window_close(w->wf);
	free(w);
}

static void
sw_run(void *arg, void *ws, void *job)
{
	struct sworker *w = ws;
	struct sjob *j = job;
	const struct region *pt = &w->x->parts[j->k];
	const struct window_stats *st;
	struct slice_ctx c;
	uint64_t m0, r0;
	plan *q;

	(void)arg;
	if (w->broken) {
		memcpy(j->err, w->err, sizeof(j->err));
		j->rc = -1;
		return;
	}
	st = window_get_stats(w->wf);
	m0 = st->bytes_mapped;
	r0 = st->bytes_read;
	memset(&c, 0, sizeof(c));
	c.out = w->out;
	c.file = w->x->file;
	c.mark = output_pending(w->out);
	/* The plan was copied once before the parts were cut. */
	(void)plan_part(w->x->p, w->wf, &q);
	plan_clip(q, pt->start, pt->end, pt->first_line ? pt->first_line : 1);
	j->rc = plan_run(q, put_piece, &c, j->err);
	/* A part cut short by a read error keeps its whole lines only. */
	if (j->rc < 0 && !output_error(w->out))
		output_discard(w->out, c.mark);
	j->printed = c.printed;
	j->runs = plan_get_stats(q)->runs;
	j->back_bytes = plan_get_stats(q)->back_bytes;
	j->mapped = st->bytes_mapped - m0;
	j->read = st->bytes_read - r0;
	plan_close(q);
}

static void
sw_flush(void *arg, void *ws)
{
	(void)arg;
	output_flush(((struct sworker *)ws)->out);
}

static int
sw_emit(void *arg, void *job, const char *p, size_t n)
{
	struct spar *x = arg;

	(void)job;
	output_write(x->out, p, n);
	return output_error(x->out);
}

static int
sw_finish(void *arg, void *job, const char *kept, size_t n)
{
	struct spar *x = arg;
	struct sjob *j = job;

	if (kept != NULL && n > 0)
		output_write(x->out, kept, n);
	x->printed |= j->printed;
	x->ps.runs += j->runs;
	x->ps.back_bytes += j->back_bytes;
	x->ws.bytes_mapped += j->mapped;
	x->ws.bytes_read += j->read;
	if (j->rc < 0 && !output_error(x->out)) {
		x->failed = 1;
		memcpy(x->err, j->err, sizeof(x->err));
		return PAR_STOP;
	}
	return output_error(x->out) ? PAR_STOP : PAR_GO_ON;
}

static void
sw_free(void *arg, void *job)
{
	(void)arg;
	free(job);
}

static const struct par_ops slice_par_ops = {
    sw_open, sw_close, sw_run, sw_flush, sw_emit, sw_finish, NULL, sw_free,
};

/*
 * Print what plan p selects in file (open as wf) with threads threads,
 * in parts of chunk bytes (plan_parts()), through c as plan_run() with
 * put_piece() would.  *ran is 0 when the plan is not worth cutting (one
 * part): nothing was done, the caller runs it.  Returns 0, or -1 with
 * err filled (a read error; the parts before it were printed) or with
 * c->out's error set; *x says what the parts did (--stats).
 */
static int
slice_parts(const plan *p, window_file *wf, const char *file,
            unsigned threads, uint64_t chunk, struct slice_ctx *c,
            int *ran, struct spar *x, char *err)
{
	struct region *parts;
	size_t n;
	par *pool;

	*ran = 0;
	memset(x, 0, sizeof(*x));
	if (plan_parts(p, chunk, &parts, &n, err) < 0)
		return -1;
	if (n < 2) {
		free(parts);
		return 0;
	}
	*ran = 1;
	x->p = p;
	x->wf = wf;
	x->parts = parts;
	x->out = c->out;
	x->file = file;
	x->nparts = n;
	x->ps = *plan_get_stats(p);
	x->ps.runs = x->ps.back_bytes = 0;
	pool = par_open(&slice_par_ops, x, threads, 4 * (size_t)threads);
	for (size_t k = 0; k < n; k++) {
		struct sjob *j = xcalloc(1, sizeof(*j));

		j->k = k;
		if (par_add(pool, j, 0, 1) == PAR_STOP)
			break;
	}
	par_drain(pool);
	x->wait_ns = par_wait_ns(pool);
	par_close(pool);
	free(parts);
	x->parts = NULL;
	c->printed |= x->printed;
	/* A record cut short was dropped by its part. */
	c->mark = output_pending(c->out);
	if (x->failed) {
		memcpy(err, x->err, LS_ERRSZ);
		return -1;
	}
	return output_error(c->out) ? -1 : 0;
}

/* Slice one file.  Returns 1 if a line was printed, 0 if none, -1 on an
 * error (already reported), -2 on a write error (reported too). */
static int
slice_one(output *out, jsonout *json, const timectx *json_tc,
          const char *file, const struct options *o,
          const struct plan_time *tm_in, struct slice_run *sr)
{
	timefmt *tf = NULL;
	char err[LS_ERRSZ];
	struct slice_ctx c;
	struct plan_params pa;
	struct plan_time tm;
	struct cli_progress prog;
	const struct plan_stats *ps;
	uint64_t t0 = ls_now_ns();
	window_file *wf;
	plan *p;
	int status = 0, rv, kept = 0, ran = 0, cut, one;
	unsigned threads = o->threads ? o->threads : cli_online_cpus();
	uint64_t chunk = o->chunk_size;
	struct spar x;

	cli_progress_init(&prog, file);
	if (window_open(&wf, file, o->window_size, err) < 0) {
		cli_warn("%s: %s", file, err);
		return -1;
	}
	/* -j 1: no thread but this one, decompressing included. */
	window_set_decoder_thread(wf, (o->threads ? o->threads
	                                          : cli_online_cpus()) > 1);
	if (window_set_decompress(wf, o->decompress, err) < 0) {
		cli_warn("%s: %s", file, err);
		window_close(wf);
		return -1;
	}
	window_set_io(wf, o->io);
	cli_plan_params(o, &pa);
	if (tm_in != NULL) {
		tm = *tm_in;
		tm.wait = cli_say_waiting;
		tm.wait_ctx = (void *)file;
		if (isatty(STDERR_FILENO)) {
			tm.progress = cli_progress_show;
			tm.progress_ctx = &prog;
		}
	}
	rv = plan_open(&p, &pa, tm_in ? &tm : NULL, file, wf, err);
	cli_progress_done(&prog);
	if (rv < 0) {
		cli_warn("%s: %s", file, err);
		window_close(wf);
		return -1;
	}
	if (o->have_range) {
		struct region own;

		/* Only the lines of the range: the plan reads no more. */
		rv = cli_range_region(o, &pa.index, wf, file,
		                      json != NULL || o->have_lines, &own, err);
		if (rv < 0) {
			cli_warn("%s: %s", file, err);
			plan_close(p);
			window_close(wf);
			return -1;
		}
		if (rv == 0)
			plan_clip(p, own.start, own.end, own.first_line);
	}
	ps = plan_get_stats(p);
	cli_plan_notes(file, ps, o);
	memset(&c, 0, sizeof(c));
	c.out = out;
	c.json = json;
	c.file = file;
	c.mark = output_pending(out);
	c.sr = sr;
	if (json != NULL) {
		/* The "timestamp" field's reading of this file's times. */
		if (json_tc != NULL &&
		    timectx_file_now(json_tc, file, wf, &tf, err) !=
		        TIMECTX_FOUND) {
			timefmt_close(tf);
			tf = NULL;
		}
		jsonout_begin_file(json, file, tf,
		                   window_is_stream(wf) ? -1 : window_fd(wf));
		if (window_is_stream(wf))
			window_set_tap(wf, jsonout_tap, json);
	}
	/* A time range read line by line is worth threads: not for
	 * --json's printer, --follow, a --range task, a line range (its
	 * parts would need their lines counted first, and copying whole
	 * lines goes at the speed of the output) or a stream.  Nor when an
	 * index narrowed the read: little is parsed then, and the parts'
	 * lines, copied twice (the worker's buffer, then the output), cost
	 * more than one thread copying them once. */
	rv = 0;
	cut = tm_in != NULL && json == NULL && sr == NULL && !o->have_range &&
	      !o->have_lines && !o->line_last && threads > 1 &&
	      !window_is_stream(wf) && window_format(wf) == DECOMP_NONE &&
	      window_file_size(wf) >= 2 * chunk;
	one = cut && ps->used;
	if (cut && !one)
		rv = slice_parts(p, wf, file, threads, chunk, &c, &ran, &x,
		                 err);
	if (!ran && rv == 0)
		rv = plan_run(p, put_piece, &c, err);
	if (json != NULL) {
		const struct window_stats *ws = window_get_stats(wf);

		/* What was searched is what was read. */
		jsonout_end_file(json, ws->bytes_mapped + ws->bytes_read,
		                 UINT64_MAX);
	}
	if (rv == 0 && sr != NULL) {
		rv = slice_follow_add(sr, &c, wf, p, tf, o, tm_in, err);
		kept = rv == 0;
	}
	if (!kept)
		timefmt_close(tf);
	if (rv < 0 && output_error(out)) {
		cli_write_error(output_error(out));
		status = -2;
	} else if (rv < 0) {
		/* A read error (the file shrank) may have cut a record
		 * short: what was printed is whole lines.  A decoder's
		 * error comes after whole lines only. */
		if (window_format(wf) == DECOMP_NONE)
			output_discard(out, c.mark);
		output_flush(out);
		cli_warn("%s: %s", file, err);
		status = -1;
	} else if (window_warning(wf) != NULL) {
		/* After the lines read up to there. */
		output_flush(out);
		(void)cli_warn_data_end(file, wf);
	}
	if (status != -2 && output_flush(out) < 0) {
		cli_write_error(output_error(out));
		status = -2;
	}
	if (o->stats && ran) {
		/* What the parts' copies of the plan did. */
		x.ps.state = ps->state;
		print_stats(file, &x.ps, &x.ws, ls_now_ns() - t0);
		fprintf(stderr,
		        "logscan: %s: %zu parts of %llu bytes, %u threads, "
		        "%.3f s waiting for them in order\n",
		        file, x.nparts, (unsigned long long)chunk, threads,
		        (double)x.wait_ns / 1e9);
	} else if (o->stats) {
		print_stats(file, ps, window_get_stats(wf), ls_now_ns() - t0);
		if (one)
			fprintf(stderr,
			        "logscan: %s: one thread: read through an "
			        "index, parts would copy its lines twice\n",
			        file);
	}
	if (!kept) {
		plan_close(p);
		window_close(wf);
	}
	if (status < 0)
		return status;
	return c.printed;
}

/* What slice's own options set, besides struct options. */
struct slice_args {
	struct options *o;
	int json;   /* --json */
	int follow; /* --follow */
	int names;  /* -H 1, --no-filename 0, else -1 */
};

/* Apply one of slice's own options (cliopt_own_fn). */
static int
slice_option(void *ctx, const struct opt_def *d, const char *arg,
             uint64_t val)
{
	struct slice_args *a = ctx;

	(void)arg;
	(void)val;
	switch (d->id) {
	case OID_QUIET_NOTES:
		a->o->quiet_notes = 1;
		return 0;
	case OID_JSON:
		a->json = 1;
		return 0;
	case OID_FOLLOW:
		a->follow = 1;
		return 0;
	case OID_WITH_FILENAME:
		a->names = 1;
		return 0;
	case OID_NO_FILENAME:
		a->names = 0;
		return 0;
	default:
		return cli_usage_error("slice", "--%s is not for slice",
		                       d->name);
	}
}

int
cmd_slice(int argc, char **argv)
{
	struct options o;
	struct slice_args sa;
	struct plan_time tm;
	timectx *tc = NULL;
	struct conf *conf;
	output *out;
	unsigned set = 0; /* flags the config must not override */
	char err[LS_ERRSZ];
	int rc, any = 0, trouble = 0, timed, json, follow, names;
	struct slice_run sr;
	jsonout *jo = NULL;

	memset(&sr, 0, sizeof(sr));
	options_init(&o);
	memset(&sa, 0, sizeof(sa));
	sa.o = &o;
	sa.names = -1;
	rc = cliopt_parse("slice", argc, argv, &o, &set, slice_option, &sa,
	                  cmd_slice_help);
	if (rc != CLIOPT_GO)
		return rc;
	json = sa.json;
	follow = sa.follow;
	names = sa.names;
	timed = o.since != NULL || o.until != NULL;
	if (!o.have_lines && !timed && !o.have_range && !o.merge)
		return cli_usage_error("slice", "give --since/--until, "
		                                "--lines A:B or --range");
	if (o.have_range && o.line_last)
		return cli_usage_error("slice",
		                       "--range does not go with --lines -N");
	if (o.have_range && follow)
		return cli_usage_error("slice",
		                       "--follow does not go with --range");
	if (names >= 0 && !o.merge)
		return cli_usage_error("slice", "%s goes with --merge",
		                       names ? "-H" : "--no-filename");
	if (o.merge && (follow || o.have_range))
		return cli_usage_error("slice", "--merge cannot be used with %s",
		                       follow ? "--follow" : "--range");
	if (follow) {
		/* Files by name: they can be opened again when rotated. */
		int bad = argc - optind < 1;

		for (int k = optind; k < argc && !bad; k++)
			bad = strcmp(argv[k], "-") == 0;
		if (bad)
			return cli_usage_error("slice",
			                       "--follow takes FILEs by name "
			                       "(not standard input)");
	}
	sr.headers = follow && argc - optind > 1 && !json;
	/* The config goes beneath the flags; it, bad times and formats are
	 * reported before any file is read. */
	if (cli_conf_layer(&o, set, &conf, err) < 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	cli_check_index_dir(&o);
	/* The size of the parts a time range is cut into (-j). */
	{
		uint64_t cs;

		if (cli_chunk_size(&o, &cs) < 0) {
			conf_free(conf);
			return EXIT_TROUBLE;
		}
		o.chunk_size = cs;
	}
	if (timed || o.merge || (json && o.time_format != NULL)) {
		if (cli_open_timectx(&o, conf, &tc) < 0) {
			conf_free(conf);
			return EXIT_TROUBLE;
		}
	}
	memset(&tm, 0, sizeof(tm));
	tm.tc = tc;
	tm.auto_index_min = PLAN_AUTO_INDEX_MIN;
	tm.since = INT64_MIN;
	tm.until = INT64_MAX;
	if (timed && timectx_range(tc, o.since, o.until, timectx_now_ns(),
	                           &tm.since, &tm.until, err) < 0) {
		cli_warn("%s", err);
		timectx_close(tc);
		conf_free(conf);
		return EXIT_TROUBLE;
	}
	out = output_open(STDOUT_FILENO, 0, 0);
	if (json)
		jo = jsonout_open(out, NULL, 0);
	if (o.merge) {
		static char dash_name[] = "-";
		char *dash[] = {dash_name};

		/* Every entry has a time, the lines before a file's first
		 * timestamp included, unless a time range leaves them out;
		 * a whole merge builds no index. */
		tm.entries = 1;
		tm.keep_head = !timed;
		if (!timed)
			tm.auto_index_min = UINT64_MAX;
		rc = slice_merge(out, jo, argc > optind ? argv + optind : dash,
		                 argc > optind ? (size_t)(argc - optind) : 1,
		                 &o, &tm, names != 0);
		jsonout_close(jo);
		output_close(out);
		timectx_close(tc);
		conf_free(conf);
		return rc;
	}
	/* No FILE: standard input, as grep reads it. */
	for (int i = optind; i < argc || i == optind; i++) {
		int r = slice_one(out, jo, tc, i < argc ? argv[i] : "-", &o,
		                  timed ? &tm : NULL, follow ? &sr : NULL);

		if (r == -2) {
			trouble = 1;
			break; /* nothing more can be shown */
		}
		if (r < 0)
			trouble = 1;
		else if (r > 0)
			any = 1;
	}
	if (follow && slice_follow_all(&sr, out, !output_error(out)) < 0)
		trouble = 1;
	if (jo != NULL) {
		jsonout_summary(jo);
		if (output_flush(out) < 0 && !trouble) {
			cli_write_error(output_error(out));
			trouble = 1;
		}
		jsonout_close(jo);
	}
	output_close(out);
	timectx_close(tc);
	conf_free(conf);
	if (trouble)
		return EXIT_TROUBLE;
	return any ? EXIT_SELECTED : EXIT_NONE;
}
