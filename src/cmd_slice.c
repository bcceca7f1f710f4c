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
#include "options.h"
#include "output.h"
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
	if (c->json != NULL) {
		/* Each line a match message of its own. */
		struct scan_line l;
		size_t pos = 0;

		l.number = pc->first_line;
		l.selected = 1;
		while (pos < pc->len) {
			const char *nl =
			    memchr(pc->data + pos, '\n', pc->len - pos);
			size_t e = nl ? (size_t)(nl - pc->data) : pc->len;

			l.text = pc->data + pos;
			l.len = e - pos;
			l.has_nl = nl != NULL;
			l.offset = pc->offset + pos;
			if (jsonout_line(c->json, &l) < 0)
				return -1;
			l.number++;
			pos = e + 1;
		}
		return 0;
	}
	return output_lines(c->out, pc->data, pc->len, &c->mark) < 0 ? -1 : 0;
}

/* --follow: the appended lines that the ranges select, as they come. */
static int
follow_put(void *ctx, const char *data, size_t len, uint64_t off,
           uint64_t line)
{
	struct slice_follow *f = ctx;
	struct slice_run *sr = f->c.sr;
	struct plan_piece pc = {data, len, off, line, 1};
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
            const window_file *wf, uint64_t elapsed_ns)
{
	char line[2 * LS_ERRSZ + 4096];

	fprintf(stderr, "logscan: %s: %s; %.3f ms\n", file,
	        plan_describe(ps, window_get_stats(wf), line, sizeof(line)),
	        (double)elapsed_ns / 1e6);
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
	int status = 0, rv, kept = 0;

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
	cli_note_index(file, ps, o);
	{
		char msg[2 * LS_ERRSZ + PATH_MAX];

		if (plan_changed_message(ps, msg, sizeof(msg)) != NULL)
			cli_warn("%s: %s", file, msg);
	}
	if ((ps->state == INDEX_STATE_CORRUPT ||
	     ps->state == INDEX_STATE_UNREADABLE) &&
	    o->index_mode != INDEX_NEVER && ps->built == INDEX_PLAN_UPTODATE)
		cli_warn("%s: %s index (%s); not using it", ps->index_path,
		         ps->state == INDEX_STATE_CORRUPT ? "corrupt"
		                                          : "unreadable",
		         ps->reason);
	if (ps->build_failed)
		cli_warn("%s: index not built (%s); reading the log", file,
		         ps->reason + strlen("cannot build: "));
	if (ps->state == INDEX_STATE_UNTRUSTED && o->index_mode != INDEX_NEVER)
		cli_warn("%s: %s; reading the log directly", ps->index_path,
		         ps->reason);
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
		output_flush(out);
		cli_warn("%s: %s", file, window_warning(wf));
	}
	if (status != -2 && output_flush(out) < 0) {
		cli_write_error(output_error(out));
		status = -2;
	}
	if (o->stats)
		print_stats(file, ps, wf, ls_now_ns() - t0);
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
	int rc, any = 0, trouble = 0, timed, json, follow;
	struct slice_run sr;
	jsonout *jo = NULL;

	memset(&sr, 0, sizeof(sr));
	options_init(&o);
	memset(&sa, 0, sizeof(sa));
	sa.o = &o;
	rc = cliopt_parse("slice", argc, argv, &o, &set, slice_option, &sa,
	                  cmd_slice_help);
	if (rc != CLIOPT_GO)
		return rc;
	json = sa.json;
	follow = sa.follow;
	timed = o.since != NULL || o.until != NULL;
	if (!o.have_lines && !timed && !o.have_range)
		return cli_usage_error("slice", "give --since/--until, "
		                                "--lines A:B or --range");
	if (o.have_range && o.line_last)
		return cli_usage_error("slice",
		                       "--range does not go with --lines -N");
	if (o.have_range && follow)
		return cli_usage_error("slice",
		                       "--follow does not go with --range");
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
	if (timed || (json && o.time_format != NULL)) {
		struct timectx_params tp;

		cli_timectx_params(&o, conf, &tp);
		if (timectx_open(&tc, &tp, err) < 0) {
			cli_warn("%s", err);
			conf_free(conf);
			return EXIT_TROUBLE;
		}
		timectx_set_warn(tc, cli_warn_msg, NULL);
	}
	if (timed) {
		memset(&tm, 0, sizeof(tm));
		tm.tc = tc;
		tm.auto_index_min = PLAN_AUTO_INDEX_MIN;
		if (timectx_range(tc, o.since, o.until, timectx_now_ns(),
		                  &tm.since, &tm.until, err) < 0) {
			cli_warn("%s", err);
			timectx_close(tc);
			conf_free(conf);
			return EXIT_TROUBLE;
		}
	}
	out = output_open(STDOUT_FILENO, 0, 0);
	if (json)
		jo = jsonout_open(out, NULL, 0);
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
