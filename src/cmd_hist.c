/*
 * cmd_hist.c - `logscan hist`: how many lines (or matching lines) fall in
 * each time bucket, as a bar chart, TSV or JSON.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"
#include "conf.h"
#include "hist.h"
#include "jsonout.h"
#include "options.h"
#include "output.h"
#include "plan.h"
#include "progress.h"
#include "regex.h"
#include "scan.h"
#include "timectx.h"
#include "window.h"

void
cmd_hist_help(FILE *out)
{
	cli_print_usage(out, "hist");
	fputs("\n"
	      "Count the lines of each FILE (standard input when there is "
	      "none) per time\n"
	      "bucket, or with -e only the lines matching PATTERN, and draw "
	      "the counts as a\n"
	      "bar chart (one row per bucket: its start in UTC, the count, "
	      "a bar).  A line\n"
	      "counts at its entry's time (a stack trace with the line that "
	      "starts it);\n"
	      "lines before a file's first timestamp count nowhere.  The "
	      "counts of several\n"
	      "files are added up.  Without a pattern, a fresh index answers "
	      "from its\n"
	      "per-group line counts and reads only the groups that straddle "
	      "a bucket\n"
	      "boundary.\n"
	      "\n",
	      out);
	cliopt_help(out, "hist", 0);
	fputs("\n"
	      "Exit status: 0 when a line was counted, 1 when none was, 2 on "
	      "error.\n",
	      out);
}

enum fmt { FMT_CHART, FMT_TSV, FMT_JSON };

/* The pattern's selected lines, counted at their entry time. */
struct sink_ctx {
	struct hist_reader rd;
	plan *p;
	progress *prog;
	int failed;
};

/* The state of one run. */
struct run {
	const struct options *o;
	struct plan_params pa;
	struct plan_time tm;
	hist *h;
	const regex *re;
	scanner *sc;
	output *devnull; /* the scanner's writer (it prints nothing) */
	struct sink_ctx *sink; /* the scanner's line sink's, per file */
	const struct scan_params *sp; /* the scanner's, with a pattern */
	int64_t width;   /* --by (0: auto) */
	unsigned threads;   /* -j */
	uint64_t chunk_size; /* bytes per part of a file counted by them */
	int trouble;
};


static int
line_sink(void *ctx, const struct scan_line *l)
{
	struct sink_ctx *c = ctx;

	if (c->rd.tf == NULL)
		c->rd.tf = plan_timefmt(c->p);
	if (c->rd.tf == NULL)
		return 0;
	if (hist_lines(&c->rd, l->text, l->len + (l->has_nl ? 1 : 0),
	               l->offset) < 0) {
		c->failed = 1;
		return -1;
	}
	return 0;
}

static void
hist_progress(void *ctx, uint64_t done)
{
	progress_update(((struct sink_ctx *)ctx)->prog, done);
}

/* Without a pattern and without an index: the selected lines. */
static int
piece_cb(void *ctx, const struct plan_piece *pc)
{
	struct sink_ctx *c = ctx;

	if (c->rd.tf == NULL)
		c->rd.tf = plan_timefmt(c->p);
	if (c->rd.tf == NULL)
		return 0;
	progress_update(c->prog, pc->offset + pc->len);
	return hist_lines(&c->rd, pc->data, pc->len, pc->offset) < 0 ? -1
	                                                              : 0;
}

/* got: the bytes of the log read, by this thread or by workers. */
static void
print_stats(const char *name, const plan *p, const struct window_stats *ws,
            uint64_t got, const struct hist_stats *hs, uint64_t ns)
{
	const struct plan_stats *ps = plan_get_stats(p);
	double pct = ps->size && ps->size != UINT64_MAX
	                 ? 100.0 * (double)got / (double)ps->size
	                 : 100.0;
	char what[LS_ERRSZ];

	if (ws->fmt != DECOMP_NONE)
		window_describe_decoded(ws, what, sizeof(what));
	else
		snprintf(what, sizeof(what),
		         "read %" PRIu64 " bytes of the log (%.3f%%)", got, pct);

	if (hs->groups > 0)
		fprintf(stderr,
		        "logscan: stats: %s: index %s: %" PRIu64
		        " groups, %" PRIu64 " counted from the index, %" PRIu64
		        " read; tail %" PRIu64 " bytes; %s, %" PRIu64
		        " lines; checked the edges of %" PRIu64
		        " groups (at most %d bytes each); %.3f ms\n",
		        name, ps->index_path ? ps->index_path : "", hs->groups,
		        hs->groups_counted, hs->groups_read, hs->tail_bytes, what,
		        hs->lines_read, ps->groups_used,
		        3 * INDEX_CHECK_SPAN, (double)ns / 1e6);
	else
		fprintf(stderr,
		        "logscan: stats: %s: no index used%s%s; %s, %" PRIu64
		        " lines; %.3f ms\n",
		        name, ps->reason[0] ? ": " : "", ps->reason, what,
		        hs->lines_read, (double)ns / 1e6);
}

/* ---- a file counted in parts by several threads ------------------------ */

/* What the threads counting one file share. */
struct hpar {
	const struct run *r;
	window_file *wf;
	const timefmt *tf;
	const char *name;
	uint64_t size;
	size_t nparts;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a worker ended */
	size_t next;   /* the next part to count */
	int failed;    /* a part failed: the file is counted again alone */
	unsigned ended; /* workers that ended */
	uint64_t done; /* bytes searched, for the progress bar */
};

/* One of the threads, and what it counted. */
struct hworker {
	struct hpar *x;
	pthread_t th;
	hist *h;
	struct hist_stats hs;
	uint64_t got; /* bytes read */
	uint64_t at;  /* where its search is, for the progress bar */
};

/* The scanner's progress in a worker: the bytes searched since the last
 * call count for the file's bar. */
static void
hworker_progress(void *ctx, uint64_t off)
{
	struct hworker *w = ctx;

	if (off > w->at) {
		__atomic_fetch_add(&w->x->done, off - w->at, __ATOMIC_RELAXED);
		w->at = off;
	}
}

static int
discard(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return 0;
}

/* A worker: take parts (whole lines, as grep -j cuts them) until none is
 * left, counting their selected lines into its own hist. */
static void *
hworker_main(void *arg)
{
	struct hworker *w = arg;
	struct hpar *x = w->x;
	const struct run *r = x->r;
	struct scan_params sp = *r->sp;
	struct sink_ctx sink;
	window_file *wf = NULL;
	output *out = output_open_sink(discard, NULL, 0);
	scanner *sc;
	char err[LS_ERRSZ];
	int failed = 0;

	memset(&sink, 0, sizeof(sink));
	sink.rd.h = w->h;
	sink.rd.tf = x->tf;
	sink.rd.eol = '\n';
	sink.rd.st = &w->hs;
	sink.rd.err = err;
	sp.sink_ctx = &sink;
	sp.progress = hworker_progress;
	sp.progress_ctx = w;
	sc = scan_open(&sp, r->re, out);
	if (window_clone(&wf, x->wf, err) < 0)
		failed = 1;
	else
		sink.rd.fd = window_fd(wf);
	while (!failed) {
		struct scan_result res;
		struct region rg = {0, x->size, 1};
		size_t k;

		pthread_mutex_lock(&x->mu);
		k = x->next++;
		failed = x->failed;
		pthread_mutex_unlock(&x->mu);
		if (k >= x->nparts || failed)
			break;
		if (window_line_start(wf, (uint64_t)k * r->chunk_size,
		                      &rg.start, err) < 0 ||
		    (k + 1 < x->nparts &&
		     window_line_start(wf, (uint64_t)(k + 1) * r->chunk_size,
		                       &rg.end, err) < 0)) {
			failed = 1;
			break;
		}
		w->at = rg.start;
		if (rg.start < rg.end &&
		    (scan_chunk(sc, wf, x->name, &rg, 0, &res, err) ==
		         SCAN_ERROR ||
		     sink.failed))
			failed = 1;
	}
	pthread_mutex_lock(&x->mu);
	if (failed)
		x->failed = 1;
	x->ended++;
	pthread_cond_signal(&x->cv);
	pthread_mutex_unlock(&x->mu);
	if (wf != NULL) {
		const struct window_stats *ws = window_get_stats(wf);

		w->got = ws->bytes_mapped + ws->bytes_read;
	}
	scan_close(sc);
	output_close(out);
	window_close(wf);
	return NULL;
}

/*
 * Count the pattern's lines of the regular file wf (planned as p) in
 * parts of r->chunk_size, one thread each at a time, into r->h.  Any failure (a read
 * error, PCRE2's limits, too many buckets) leaves r->h as it was and
 * returns 1: the file is then counted again by one thread, which says
 * what went wrong where it did.  Returns 0 when counted, with *got and
 * hs filled for --stats.
 */
static int
hist_parts(struct run *r, window_file *wf, plan *p, const char *name,
           progress *prog, struct hist_stats *hs, uint64_t *got)
{
	struct hpar x;
	struct hworker *ws;
	hist *all = hist_open(r->width, r->tm.since, r->tm.until);
	unsigned n = r->threads, i;
	char err[LS_ERRSZ];
	int rc = 0;

	memset(&x, 0, sizeof(x));
	x.r = r;
	x.wf = wf;
	x.tf = plan_timefmt(p);
	x.name = name;
	x.size = window_file_size(wf);
	x.nparts = (size_t)((x.size + r->chunk_size - 1) / r->chunk_size);
	if (n > x.nparts)
		n = (unsigned)x.nparts;
	pthread_mutex_init(&x.mu, NULL);
	pthread_cond_init(&x.cv, NULL);
	ws = xcalloc(n, sizeof(*ws));
	for (i = 0; i < n; i++) {
		ws[i].x = &x;
		ws[i].h = hist_open(r->width, r->tm.since, r->tm.until);
		if (pthread_create(&ws[i].th, NULL, hworker_main, &ws[i]) != 0) {
			/* As running out of memory: nothing to recover. */
			cli_warn("cannot start a thread");
			exit(EXIT_TROUBLE);
		}
	}
	/* The bar is drawn from this thread, while the workers count. */
	pthread_mutex_lock(&x.mu);
	while (x.ended < n) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&x.cv, &x.mu, &ts);
		progress_update(prog,
		                __atomic_load_n(&x.done, __ATOMIC_RELAXED));
	}
	pthread_mutex_unlock(&x.mu);
	/* The workers may all have ended before the first wait: the bar
	 * is drawn (past its delay) as the other commands draw it, at
	 * least once. */
	progress_update(prog, __atomic_load_n(&x.done, __ATOMIC_RELAXED));
	for (i = 0; i < n; i++)
		pthread_join(ws[i].th, NULL);
	for (i = 0; i < n; i++) {
		if (!x.failed && hist_merge(all, ws[i].h, err) < 0)
			x.failed = 1;
		hs->lines_read += ws[i].hs.lines_read;
		*got += ws[i].got;
		hist_close(ws[i].h);
	}
	if (x.failed || hist_merge(r->h, all, err) < 0) {
		memset(hs, 0, sizeof(*hs));
		*got = 0;
		rc = 1;
	}
	hist_close(all);
	free(ws);
	pthread_cond_destroy(&x.cv);
	pthread_mutex_destroy(&x.mu);
	return rc;
}

/* Count one file into r->h. */
static void
hist_file(struct run *r, const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "(standard input)" : path;
	char err[LS_ERRSZ];
	struct plan_time tm = r->tm;
	struct cli_progress prog;
	struct sink_ctx *cp = r->sink, own;
	struct hist_stats hs;
	window_file *wf;
	plan *p;
	uint64_t t0 = ls_now_ns(), par_got = 0;
	int rc, parts;

	if (window_open(&wf, path, r->o->window_size, err) < 0) {
		cli_warn("%s: %s", name, err);
		r->trouble = 1;
		return;
	}
	window_set_io(wf, r->o->io);
	cli_progress_init(&prog, name);
	tm.wait = cli_say_waiting;
	tm.wait_ctx = (void *)name;
	if (isatty(STDERR_FILENO)) {
		tm.progress = cli_progress_show;
		tm.progress_ctx = &prog;
	}
	rc = plan_open(&p, &r->pa, &tm, path, wf, err);
	cli_progress_done(&prog);
	if (rc < 0) {
		cli_warn("%s: %s", name, err);
		r->trouble = 1;
		window_close(wf);
		return;
	}
	cli_note_index(name, plan_get_stats(p), r->o);
	if (cp == NULL)
		cp = &own;
	memset(cp, 0, sizeof(*cp));
	memset(&hs, 0, sizeof(hs));
	cp->p = p;
	cp->rd.h = r->h;
	cp->rd.tf = plan_timefmt(p);
	cp->rd.fd = window_is_stream(wf) ? -1 : window_fd(wf);
	cp->rd.eol = '\n';
	cp->rd.st = &hs;
	cp->rd.err = err;
	/* With a pattern, a regular file is counted in parts by -j threads
	 * (one part, one thread for a small file).  Every line is read then,
	 * as by the plan when it has no index or when all times are asked
	 * for, but the plan's own reading of each line's time is not needed:
	 * a line before the first timestamp has no entry either way. */
	parts = r->sc != NULL && !window_is_stream(wf) &&
	        window_format(wf) == DECOMP_NONE && plan_timefmt(p) != NULL &&
	        (plan_index(p) == NULL ||
	         (r->tm.since == INT64_MIN && r->tm.until == INT64_MAX));
	if (plan_index(p) == NULL || r->sc != NULL)
		cp->prog = isatty(STDOUT_FILENO) || window_is_stream(wf)
		               ? NULL
		               : progress_open(STDERR_FILENO, name,
		                               window_file_size(wf));
	if (parts &&
	    hist_parts(r, wf, p, name, cp->prog, &hs, &par_got) == 0) {
		rc = 0;
	} else if (r->sc != NULL) {
		struct scan_result res;

		rc = scan_plan(r->sc, p, name, &res, err);
		rc = rc == SCAN_ERROR || cp->failed ? -1 : 0;
	} else if (plan_index(p) != NULL) {
		rc = hist_count_index(&cp->rd, plan_index(p), wf,
		                      window_file_size(wf));
	} else {
		rc = plan_run(p, piece_cb, cp, err);
	}
	progress_close(cp->prog);
	cp->prog = NULL;
	if (rc < 0) {
		cli_warn("%s: %s", name, err);
		r->trouble = 1;
	} else {
		(void)cli_warn_data_end(name, wf);
	}
	if (r->o->stats) {
		const struct window_stats *ws = window_get_stats(wf);

		print_stats(name, p, ws,
		            ws->bytes_mapped + ws->bytes_read + par_got, &hs,
		            ls_now_ns() - t0);
	}
	plan_close(p);
	window_close(wf);
}

/* The terminal's width: stdout's, else $COLUMNS, else 80. */
static int
columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL) {
		long v = strtol(env, NULL, 10);

		if (v > 0 && v < 10000)
			return (int)v;
	}
	return 80;
}

/* A bucket's start for the chart: as much of "YYYY-MM-DD HH:MM:SS" as
 * the width needs. */
static void
chart_label(int64_t start, int64_t width, char *buf)
{
	char iso[TIMECTX_ISO_SIZE];
	size_t n;

	timectx_format_ns(start, iso);
	/* iso is "YYYY-MM-DDTHH:MM:SSZ" (a bucket start has no fraction,
	 * and its year has four digits in any log worth charting). */
	iso[10] = ' ';
	n = width % (86400 * INT64_C(1000000000)) == 0 ? 10
	    : width % (60 * INT64_C(1000000000)) == 0  ? 16
	                                               : 19;
	if (n > strlen(iso) - 1)
		n = strlen(iso) - 1;
	memcpy(buf, iso, n);
	buf[n] = '\0';
}

static void
print_chart(output *out, const hist *h, int color, int utf8)
{
	/* Eighths of a block, U+258F (one) to U+2588 (eight). */
	static const char *const part[8] = {
	    "", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
	    "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89"};
	size_t nb = hist_nbuckets(h), i;
	uint64_t max = 0, count;
	int64_t start;
	char label[32], num[24], wb[32];
	int numw, labw = 0, barw;

	for (i = 0; i < nb; i++) {
		hist_bucket(h, i, &start, &count);
		if (count > max)
			max = count;
	}
	numw = snprintf(num, sizeof(num), "%" PRIu64, max);
	if (nb > 0) {
		hist_bucket(h, 0, &start, &count);
		chart_label(start, hist_width(h), label);
		labw = (int)strlen(label);
	}
	barw = columns() - labw - numw - 3;
	if (barw < 10)
		barw = 10;
	output_puts(out, "# ");
	output_puts(out, hist_width_name(hist_width(h), wb));
	output_puts(out, " buckets, UTC; ");
	output_u64(out, hist_total(h));
	output_puts(out, " lines\n");
	for (i = 0; i < nb; i++) {
		/* The bar in eighths of a column, rounded to nearest. */
		uint64_t eighths;
		char row[64];

		hist_bucket(h, i, &start, &count);
		chart_label(start, hist_width(h), label);
		snprintf(row, sizeof(row), "%s %*" PRIu64, label, numw, count);
		output_puts(out, row);
		eighths = max ? (uint64_t)((long double)count * barw * 8 / max +
		                           0.5L)
		              : 0;
		if (count > 0 && eighths == 0)
			eighths = 1; /* a bucket with lines shows some */
		if (eighths > 0)
			output_putc(out, ' ');
		if (color && eighths > 0)
			output_puts(out, "\033[36m");
		for (uint64_t k = 0; k < eighths / 8; k++)
			output_puts(out, utf8 ? "\xe2\x96\x88" : "#");
		if (eighths % 8 != 0)
			output_puts(out, utf8 ? part[eighths % 8]
			                      : eighths % 8 >= 4 ? "#" : "");
		if (!utf8 && eighths > 0 && eighths < 4)
			output_puts(out, "#"); /* never no bar for lines */
		if (color && eighths > 0)
			output_puts(out, "\033[0m");
		output_putc(out, '\n');
	}
}

static void
print_tsv(output *out, const hist *h)
{
	char iso[TIMECTX_ISO_SIZE];
	size_t i;

	for (i = 0; i < hist_nbuckets(h); i++) {
		int64_t start;
		uint64_t count;

		hist_bucket(h, i, &start, &count);
		output_puts(out, timectx_format_ns(start, iso));
		output_putc(out, '\t');
		output_u64(out, count);
		output_putc(out, '\n');
	}
}

static void
print_json(output *out, const hist *h)
{
	char iso[TIMECTX_ISO_SIZE], wb[32];
	size_t i;

	output_puts(out, "{\"by\":\"");
	output_puts(out, hist_width_name(hist_width(h), wb));
	output_puts(out, "\",\"bucket_seconds\":");
	output_u64(out, (uint64_t)(hist_width(h) / 1000000000));
	output_puts(out, ",\"total\":");
	output_u64(out, hist_total(h));
	output_puts(out, ",\"buckets\":[");
	for (i = 0; i < hist_nbuckets(h); i++) {
		int64_t start;
		uint64_t count;

		hist_bucket(h, i, &start, &count);
		output_puts(out, i ? ",{\"start\":\"" : "{\"start\":\"");
		output_puts(out, timectx_format_ns(start, iso));
		output_puts(out, "\",\"count\":");
		output_u64(out, count);
		output_putc(out, '}');
	}
	output_puts(out, "]}\n");
}

/* What hist's own options set, besides struct options. */
struct hist_args {
	struct options *o;
	char **pats;
	size_t *plens, npats;
	int64_t width;
	enum fmt fmt;
};

/* Apply one of hist's own options (cliopt_own_fn). */
static int
hist_option(void *ctx, const struct opt_def *d, const char *arg,
            uint64_t val)
{
	struct hist_args *a = ctx;
	char err[LS_ERRSZ];

	switch (d->id) {
	case OID_REGEXP:
		a->pats = xreallocarray(a->pats, a->npats + 1, sizeof(*a->pats));
		a->plens =
		    xreallocarray(a->plens, a->npats + 1, sizeof(*a->plens));
		a->plens[a->npats] = strlen(arg);
		a->pats[a->npats++] = (char *)arg;
		return 0;
	case OID_EXTENDED_REGEXP:
		a->o->dialect = DIALECT_ERE;
		return 0;
	case OID_FIXED_STRINGS:
		a->o->dialect = DIALECT_FIXED;
		return 0;
	case OID_BASIC_REGEXP:
		a->o->dialect = DIALECT_BRE;
		return 0;
	case OID_PERL_REGEXP:
		a->o->dialect = DIALECT_PCRE;
		return 0;
	case OID_IGNORE_CASE:
		a->o->ignore_case = 1;
		return 0;
	case OID_QUIET_NOTES:
		a->o->quiet_notes = 1;
		return 0;
	case OID_BY:
		if (hist_parse_width(arg, &a->width, err) < 0)
			return cli_usage_error("hist", "%s", err);
		return 0;
	case OID_FORMAT:
		a->fmt = (enum fmt)val;
		return 0;
	default:
		return cli_usage_error("hist", "--%s is not for hist", d->name);
	}
}

int
cmd_hist(int argc, char **argv)
{
	struct options o;
	struct hist_args a;
	struct run r;
	struct scan_params sp;
	struct conf *conf = NULL;
	timectx *tc = NULL;
	regex *re = NULL;
	output *out = NULL;
	char **pats = NULL;
	size_t *plens = NULL, npats = 0;
	int64_t width = 0;
	enum fmt fmt = FMT_CHART;
	unsigned set = 0, flags = 0;
	char err[LS_ERRSZ];
	int status = EXIT_TROUBLE, i;

	options_init(&o);
	memset(&r, 0, sizeof(r));
	memset(&a, 0, sizeof(a));
	a.o = &o;
	a.fmt = FMT_CHART;
	status = cliopt_parse("hist", argc, argv, &o, &set, hist_option, &a,
	                      cmd_hist_help);
	pats = a.pats;
	plens = a.plens;
	npats = a.npats;
	width = a.width;
	fmt = a.fmt;
	if (status != CLIOPT_GO)
		goto out;
	status = EXIT_TROUBLE;
	if (cli_conf_layer(&o, set, &conf, err) < 0) {
		cli_warn("%s", err);
		goto out;
	}
	cli_check_index_dir(&o);
	if (cli_open_timectx(&o, conf, &tc) < 0)
		goto out;
	r.tm.tc = tc;
	r.tm.auto_index_min = PLAN_AUTO_INDEX_MIN;
	if (timectx_range(tc, o.since, o.until, timectx_now_ns(), &r.tm.since,
	                  &r.tm.until, err) < 0) {
		cli_warn("%s", err);
		goto out;
	}
	r.o = &o;
	cli_plan_params(&o, &r.pa);
	if (npats > 0) {
		flags |= o.dialect == DIALECT_FIXED ? REGEX_FIXED
		         : o.dialect == DIALECT_ERE ? REGEX_ERE
		         : o.dialect == DIALECT_BRE ? REGEX_BRE
		                                    : 0;
		if (o.ignore_case)
			flags |= REGEX_ICASE;
		if (regex_compile_n(&re, (const char *const *)pats, plens,
		                    npats, flags, err) < 0) {
			cli_warn("%s", err);
			goto out;
		}
		memset(&sp, 0, sizeof(sp));
		sp.max_count = -1;
		sp.binary = BINARY_TEXT;
		sp.line_sink = line_sink;
		sp.progress = hist_progress;
		r.sink = xcalloc(1, sizeof(*r.sink));
		sp.sink_ctx = r.sink;
		sp.progress_ctx = r.sink;
		r.devnull = output_open(STDOUT_FILENO, 0, 0);
		r.sc = scan_open(&sp, re, r.devnull);
		r.sp = &sp;
		r.re = re;
	}
	r.width = width;
	r.threads = o.threads ? o.threads : cli_online_cpus();
	if (cli_chunk_size(&o, &r.chunk_size) < 0)
		goto out;
	r.h = hist_open(width, r.tm.since, r.tm.until);
	for (i = optind; i < argc || i == optind; i++)
		hist_file(&r, i < argc ? argv[i] : "-");
	out = output_open(STDOUT_FILENO, 0, 0);
	if (fmt == FMT_TSV)
		print_tsv(out, r.h);
	else if (fmt == FMT_JSON)
		print_json(out, r.h);
	else {
		int color = o.color == COLOR_ALWAYS;

		if (o.color == COLOR_AUTO)
			color = cli_color_auto();
		print_chart(out, r.h, color, cli_utf8_locale());
	}
	if (output_flush(out) < 0) {
		cli_write_error(output_error(out));
		r.trouble = 1;
	}
	status = r.trouble ? EXIT_TROUBLE
	         : hist_total(r.h) > 0 ? EXIT_SELECTED
	                               : EXIT_NONE;
out:
	output_close(out);
	scan_close(r.sc);
	output_close(r.devnull);
	free(r.sink);
	hist_close(r.h);
	regex_free(re);
	timectx_close(tc);
	conf_free(conf);
	free(pats);
	free(plens);
	return status;
}
