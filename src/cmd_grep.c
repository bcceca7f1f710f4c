/*
 * cmd_grep.c - "logscan grep": grep's options and exit status over the
 * scan engine.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <time.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"
#include "color.h"
#include "conf.h"
#include "globsel.h"
#include "follow.h"
#include "index.h"
#include "jsonout.h"
#include "merge.h"
#include "newline.h"
#include "output.h"
#include "par.h"
#include "plan.h"
#include "progress.h"
#include "regex.h"
#include "scan.h"
#include "timectx.h"
#include "window.h"

void
cmd_grep_help(FILE *out)
{
	cli_print_usage(out, "grep");
	fputs("\n"
	      "Search each FILE (standard input when there is none, or for "
	      "'-') for lines\n"
	      "matching PATTERN, a basic regular expression (BRE) as in "
	      "grep, with grep's\n"
	      "options and exit status.  Files of any size are read "
	      "through mapped windows.\n"
	      "\n",
	      out);
	cliopt_help(out, "grep", 1);
	fputs("\n"
	      "Colours come from GREP_COLORS (as grep reads it); NO_COLOR "
	      "turns --color=auto\n"
	      "off.\n"
	      "\n"
	      "A file holding a NUL byte is binary: instead of its lines, "
	      "\"FILE: binary file\n"
	      "matches\" goes to standard error.  Exit status: 0 if a line "
	      "was selected, 1 if\n"
	      "none was, 2 on error (unless -q selected a line).\n",
	      out);
}

struct gjob;
struct follow_item;

/* The state of one run (and a copy of it in each worker thread). */
struct run {
	const struct options *o;
	scanner *sc;
	output *out;
	const regex *re;
	const struct scan_params *sp;
	const char *label;          /* the name of standard input */
	const struct plan_time *tm; /* a time range, or NULL */
	const struct plan_time *tm_all; /* the times as read, range or not
	                                   (--merge reads them without) */
	jsonout *json;              /* --json: the printer, else NULL */
	struct {                    /* --range-report of the file searched: */
		int have;           /* grep_range() searched it */
		uint64_t selected;  /* what its search found */
		int printed, nul;
		size_t lead_sep;
	} rep;
	int follow;                 /* --follow */
	struct follow_item *fol;    /* the files to follow once all are */
	size_t nfol;                /* searched */
	struct follow_item *fol_cur; /* the one --json last printed for */
	const scanner *fol_last;    /* the scanner that printed last */
	progress *prog;             /* the bar of the file being searched */
	const timectx *json_tc;     /* ...and the time settings for its
	                               "timestamp", or NULL */
	const globsel *sel;         /* --include, --exclude, --exclude-dir */
	int bar_ok;                 /* stderr is a terminal and stdout is not
	                               (asked once, not per file) */
	int out_regular;            /* standard output is a regular file... */
	dev_t out_dev;              /* ...this one */
	ino_t out_ino;
	int may_feed_back;          /* output could grow an input (see
	                               grep_file()) */
	int selected;               /* some line was selected */
	int trouble;                /* some file failed */
	int quit;                   /* stop: -q matched or output failed */
	struct scan_result last;    /* the last file's result */

	/* With several threads: files are jobs of the pool, searched by
	 * workers (their run's job is the file) and handed on in order by
	 * the caller's thread (in_emit while it runs a job itself). */
	par *pool;
	const struct run *proto; /* what a worker's run starts as */
	struct run *proto_slot;  /* where ensure_pool() keeps it */
	struct gjob *job;
	struct gjob *batch;         /* small files not yet handed over */
	int in_emit;
	uint64_t files;             /* files searched by workers */
	uint64_t chunks;            /* parts of files searched by them */
	unsigned threads;           /* -j */
	int decode_thread;          /* -j allows a decoder thread */
	uint64_t chunk_size;        /* bytes per part of one file */
	uint64_t file_ids;          /* numbers the files searched in parts */
};

/*
 * A file searched in parts ("chunks") by the workers, one job each: the
 * parts are whole lines (each line in exactly one), and what the caller's
 * thread learns from each, in order, decides what the file prints, as
 * one thread searching it would (see chunk_finish()).
 */
struct gfile {
	char *path, *name;
	uint64_t id;
	window_file *wf;    /* the caller's handle: size, identity */
	uint64_t size;
	size_t nchunks;
	uint64_t first_job; /* the pool's number of part 0 */
	int refs;           /* jobs not yet freed, and the walk's */
	uint64_t t0;        /* --stats */

	/* -n: the number of the first line of each part, 0 until known,
	 * and the lines of each part, UINT64_MAX until counted (by its
	 * worker, before it searches: the next part's number waits for
	 * it). */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint64_t *first_line;
	uint64_t *nlines;
	int stopped;        /* the rest of the file is not needed */
	int renumber;       /* -n: parts print numbers counted from
	                       num_base, renumbered in order (see
	                       chunk_finish()) */
	uint64_t num_base;  /* ...the number each part's first line gets */
	int context;        /* -A, -B, -C: each part is searched with
	                       scan_owned(), which reads the lines around it */

	/* A time or line range (see grep_plan_chunked()): the parts are
	 * cut from the plan's candidate regions and each is searched with
	 * a copy of the plan (plan_part(), scan_plan_owned()). */
	plan *plan;
	struct plan_params pa; /* what plan reads... */
	struct plan_time tm;   /* ...and its time range */
	struct region *parts;  /* each part's bytes; first_line is the
	                          number of its first line when it begins
	                          a candidate region, else 0 (counted in
	                          the chain of chunk_first_line()) */
	int need_lines;        /* parts need their true first line: -n or
	                          a line range */
	uint64_t runs, back_bytes; /* --stats: what the parts' plans did */
	uint64_t mapped, read;     /* ...and read */
	uint64_t wait0;            /* par_wait_ns() when the file began */

	/* The caller's thread, part by part. */
	uint64_t selected;
	uint64_t lines, bytes; /* --stats */
	int binary_hit;
	int done;
};

/* A small file of a batch: one job searches several, in order. */
struct gitem {
	char *path, *name;
	struct stat st;
	int have_st;
};

/* Where a message goes among a job's output: msgs[msg, msg_end) after
 * the first out bytes of the output. */
struct gmark {
	size_t out, msg_end;
};

/* A job of the pool: a file, a batch of small files, or a message in the
 * order of the files. */
struct gjob {
	struct gfile *file; /* a part of this file, or NULL */
	size_t chunk;       /* ...this part */
	int rc;             /* its scan_status */
	int redo;           /* a NUL just after it makes its last lines a
	                       binary file's: not searched by the worker */
	char err[LS_ERRSZ];
	struct scan_result res;
	uint64_t start, end; /* its lines: bytes [start, end) */
	char *path, *name; /* NULL path: msg only (or a batch) */
	struct stat st;    /* the file's, from the walk, when have_st */
	int have_st;
	struct gitem *items; /* a batch of small files, or NULL */
	size_t nitems, capitems;
	uint64_t batch_bytes;
	char *msgs;        /* what goes to stderr... */
	size_t nmsgs, capmsgs;
	struct gmark *marks; /* ...each after this much of the output */
	size_t nmarks, capmarks;
	size_t delivered;  /* bytes of output the worker handed on */
	int selected, trouble, quit, printed;
	size_t lead_sep;   /* see scan_result */
	const scanner *sc; /* the worker's scanner while it runs */
	int ran;           /* the worker is done with it */
	size_t emitted;    /* bytes of its output handed on */
	struct scan_renums renum; /* its line numbers (gfile.renumber)... */
	uint64_t out_base;  /* ...where its output began... */
	uint64_t nlines;    /* ...and its lines */
	int pattern_err;    /* rc SCAN_ERROR: the pattern failed (PCRE2's
	                       limits), not the reading */
	uint64_t runs, back_bytes; /* a planned part's plan_stats... */
	uint64_t mapped, read;     /* ...and what its reading cost */
};

/* A worker thread's state. */
struct gworker {
	struct run r;
	par_worker *pw;
	struct gjob *cur; /* the job whose output it hands on */
	window_file *cwf; /* a handle on the file whose parts it searched */
	uint64_t cwf_id;  /* ...that gfile's id */
};

/* A file that a directory walk found by its entry's type (d_type) to be
 * regular: opened relative to its directory, without a stat (see
 * grep_dir()). */
struct walk_at {
	int dfd;	  /* the directory, open */
	const char *base; /* the file's name in it */
	int follow;	  /* -R: a symbolic link put there since is followed */
};

static int grep_file_now(struct run *r, const char *path, const char *name,
                         const struct stat *known, const struct walk_at *at);
static void chunk_run(struct gworker *gw, struct gjob *j);
static int chunk_finish(struct run *r, struct gjob *j, const char *kept,
                        size_t n);
static void gfile_unref(struct gfile *f);
static void flush_batch(struct run *r);
static void plan_notes(struct run *r, const char *name, plan *p);

static void
job_add_msg(struct gjob *j, const char *msg)
{
	size_t n = strlen(msg);

	if (j->nmsgs + n + 11 > j->capmsgs) {
		j->capmsgs = (j->nmsgs + n + 11) * 2;
		j->msgs = xrealloc(j->msgs, j->capmsgs);
	}
	memcpy(j->msgs + j->nmsgs, "logscan: ", 9);
	memcpy(j->msgs + j->nmsgs + 9, msg, n);
	j->msgs[j->nmsgs + 9 + n] = '\n';
	j->nmsgs += n + 10;
	j->msgs[j->nmsgs] = '\0';
	if (j->nmarks == j->capmarks) {
		j->capmarks = j->capmarks ? 2 * j->capmarks : 4;
		j->marks = xreallocarray(j->marks, j->capmarks,
		                         sizeof(*j->marks));
	}
	/* A batch's output is kept whole (see flush_batch()), so its
	 * messages go where they were said; a file's go after its output. */
	j->marks[j->nmarks].out = j->items != NULL ? j->delivered : SIZE_MAX;
	j->marks[j->nmarks].msg_end = j->nmsgs;
	j->nmarks++;
}

/* Hand a job to the pool; a stop ends the run. */
static void
submit(struct run *r, struct gjob *j, int serial)
{
	if (r->batch != NULL && r->batch != j)
		flush_batch(r);
	if (par_add(r->pool, j, serial, j->items == NULL) == PAR_STOP)
		r->quit = 1;
}

/*
 * Hand the batch of small files being gathered to the pool.  A batch
 * keeps its output until the caller's thread reaches it (it is small:
 * at most BATCH_BYTES of input), so that its messages can be put back
 * between its files' output.
 */
static void
flush_batch(struct run *r)
{
	struct gjob *j = r->batch;

	if (j == NULL)
		return;
	r->batch = NULL;
	submit(r, j, 0);
}

/*
 * Small files are searched by the workers in batches, one job for many:
 * a job per 20-line file costs more in handing over between threads
 * than its search.  A batch ends at BATCH_FILES files or BATCH_BYTES.
 */
#define SMALL_FILE ((off_t)64 << 10)
#define BATCH_FILES 64
#define BATCH_BYTES ((uint64_t)256 << 10)

static void
batch_add(struct run *r, const char *path, const char *name,
          const struct stat *st)
{
	struct gjob *j = r->batch;
	struct gitem *it;

	if (j == NULL)
		j = r->batch = xcalloc(1, sizeof(*j));
	if (j->nitems == j->capitems) {
		j->capitems = j->capitems ? 2 * j->capitems : 8;
		j->items = xreallocarray(j->items, j->capitems,
		                         sizeof(*j->items));
	}
	it = &j->items[j->nitems++];
	it->path = xstrdup(path);
	it->name = xstrdup(name);
	it->st = *st;
	it->have_st = 1;
	j->batch_bytes += (uint64_t)st->st_size;
	if (j->nitems >= BATCH_FILES || j->batch_bytes >= BATCH_BYTES)
		flush_batch(r);
}

/*
 * Say something on stderr about a file, after what was printed before it:
 * at once with one thread (or in the thread that hands output on), kept
 * with the file's job in a worker, and as a job of its own when the
 * directory walk finds it while workers search files.
 */
static void LS_PRINTF(3, 4)
run_msg(struct run *r, int trouble, const char *fmt, ...)
{
	char msg[2 * LS_ERRSZ + PATH_MAX + 512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->job != NULL) {
		/* Its place in a batch's output: all that came before. */
		if (r->job->items != NULL)
			output_flush(r->out);
		job_add_msg(r->job, msg);
	} else if (r->pool != NULL && !r->in_emit) {
		struct gjob *j = xcalloc(1, sizeof(*j));

		job_add_msg(j, msg);
		j->trouble = trouble;
		submit(r, j, 1);
	} else {
		output_flush(r->out);
		cli_warn("%s", msg);
	}
}

/* Report a problem with a file, unless -s asked for silence about it. */
static void
file_warn(struct run *r, int quiet_ok, const char *name, const char *msg)
{
	r->trouble = 1;
	if (quiet_ok && r->o->no_messages)
		return;
	run_msg(r, 1, "%s: %s", name, msg);
}

static void
print_stats(struct run *r, window_file *wf, const char *name,
            const struct scan_result *res, uint64_t ns)
{
	const struct window_stats *ws = window_get_stats(wf);
	char got[LS_ERRSZ];

	if (ws->fmt != DECOMP_NONE)
		window_describe_decoded(ws, got, sizeof(got));
	else
		snprintf(got, sizeof(got), "%llu bytes mapped, %llu bytes read",
		         (unsigned long long)ws->bytes_mapped,
		         (unsigned long long)ws->bytes_read);
	run_msg(r, 0,
	        "stats: %s: %s, %llu "
	        "windows, %llu lines scanned, %llu matches, %.3f s (%s%s%s); "
	        "reader %s (%s)",
	        name, got,
	        (unsigned long long)ws->windows, (unsigned long long)res->lines,
	        (unsigned long long)res->selected, (double)ns / 1e9,
	        regex_strategy_name(r->re),
	        regex_vectorscan(r->re)  ? ", Vectorscan"
	        : regex_multilit(r->re) ? ", SIMD filter"
	                                : "",
	        regex_jit(r->re) ? ", JIT" : "",
	        window_io_name(ws->io), ws->io_why);
}

/* ---- files searched by worker threads ------------------------------- */

static int
gw_sink(void *ctx, const char *p, size_t n)
{
	struct gworker *gw = ctx;

	gw->cur->delivered += n;
	return par_deliver(gw->pw, p, n);
}

static void *
gw_open(void *arg, par_worker *pw)
{
	const struct run *m = ((const struct run *)arg)->proto;
	struct gworker *gw = xcalloc(1, sizeof(*gw));

	gw->r = *m;
	gw->pw = pw;
	gw->r.out = output_open_sink(gw_sink, gw, 0);
	{
		/* No progress bar from workers (the bar is the caller's). */
		struct scan_params wsp = *m->sp;

		wsp.progress = NULL;
		wsp.progress_ctx = NULL;
		gw->r.sc = scan_open(&wsp, m->re, gw->r.out);
	}
	return gw;
}

static void
gw_close(void *arg, void *ws)
{
	struct gworker *gw = ws;

	(void)arg;
	scan_close(gw->r.sc);
	output_close(gw->r.out);
	window_close(gw->cwf);
	free(gw);
}

static void
gw_run(void *arg, void *ws, void *job)
{
	struct gworker *gw = ws;
	struct gjob *j = job;
	size_t i;

	(void)arg;
	gw->cur = j;
	if (j->file != NULL) {
		chunk_run(gw, j);
		return;
	}
	gw->r.job = j;
	gw->r.selected = gw->r.trouble = gw->r.quit = 0;
	memset(&gw->r.last, 0, sizeof(gw->r.last));
	j->sc = gw->r.sc;
	/* Where the file's output lands, something may have been printed
	 * before: assume so, and drop the leading "--" if not (gw_emit). */
	scan_set_printed(gw->r.sc, 1);
	if (j->items == NULL) {
		grep_file_now(&gw->r, j->path, j->name,
		              j->have_st ? &j->st : NULL, NULL);
		j->printed = gw->r.last.printed;
		j->lead_sep = gw->r.last.lead_sep;
	}
	for (i = 0; j->items != NULL && i < j->nitems && !gw->r.quit; i++) {
		struct gitem *it = &j->items[i];

		memset(&gw->r.last, 0, sizeof(gw->r.last));
		grep_file_now(&gw->r, it->path, it->name,
		              it->have_st ? &it->st : NULL, NULL);
		/* The batch's output begins with the first file that
		 * printed (files before it printed nothing that a "--"
		 * could follow). */
		if (!j->printed) {
			j->printed = gw->r.last.printed;
			j->lead_sep = gw->r.last.lead_sep;
		}
	}
	j->selected = gw->r.selected;
	j->trouble = gw->r.trouble;
	j->quit = gw->r.quit;
	j->ran = 1;
	gw->r.job = NULL;
}

static void
gw_flush(void *arg, void *ws)
{
	struct gworker *gw = ws;

	(void)arg;
	output_flush(gw->r.out);
}

static int
gw_emit(void *arg, void *job, const char *p, size_t n)
{
	struct run *r = arg;
	struct gjob *j = job;

	if (j->file == NULL && j->emitted == 0 && !scan_printed(r->sc)) {
		size_t ls = j->ran ? j->lead_sep : scan_lead_separator(j->sc);

		if (ls > n)
			ls = n;
		j->emitted += ls;
		p += ls;
		n -= ls;
	}
	j->emitted += n;
	if (n > 0)
		output_write(r->out, p, n);
	return output_error(r->out);
}

/*
 * A batch's kept output kept[0, n), with its messages where they were
 * said, and without the "--" that began it when nothing was printed
 * before after all.
 */
static void
batch_emit(struct run *r, struct gjob *j, const char *kept, size_t n)
{
	size_t pos = 0, msg = 0, i;

	if (!scan_printed(r->sc))
		pos = j->lead_sep < n ? j->lead_sep : n;
	for (i = 0; i < j->nmarks; i++) {
		size_t at = j->marks[i].out < n ? j->marks[i].out : n;

		if (at > pos) {
			output_write(r->out, kept + pos, at - pos);
			pos = at;
		}
		output_flush(r->out);
		fwrite(j->msgs + msg, 1, j->marks[i].msg_end - msg, stderr);
		msg = j->marks[i].msg_end;
	}
	if (n > pos)
		output_write(r->out, kept + pos, n - pos);
}

static int
gw_finish(void *arg, void *job, const char *kept, size_t n)
{
	struct run *r = arg;
	struct gjob *j = job;

	if (j->file != NULL)
		return chunk_finish(r, j, kept, n);
	r->files += j->items != NULL ? j->nitems : 1;
	if (kept != NULL)
		batch_emit(r, j, kept, n);
	else if (j->msgs != NULL) {
		output_flush(r->out);
		fputs(j->msgs, stderr);
	}
	r->selected |= j->selected;
	r->trouble |= j->trouble;
	if (j->printed)
		scan_set_printed(r->sc, 1);
	if (j->quit || output_error(r->out)) {
		r->quit = 1;
		return PAR_STOP;
	}
	return PAR_GO_ON;
}

static int
gw_serial(void *arg, void *job)
{
	struct run *r = arg;
	struct gjob *j = job;

	r->in_emit = 1;
	if (j->path == NULL) {
		r->trouble |= j->trouble;
		if (j->msgs != NULL) {
			output_flush(r->out);
			fputs(j->msgs, stderr);
		}
	} else {
		grep_file_now(r, j->path, j->name, j->have_st ? &j->st : NULL,
		              NULL);
	}
	r->in_emit = 0;
	return r->quit ? PAR_STOP : PAR_GO_ON;
}

static void
gw_free(void *arg, void *job)
{
	struct gjob *j = job;
	size_t i;

	(void)arg;
	if (j->file != NULL)
		gfile_unref(j->file);
	for (i = 0; i < j->nitems; i++) {
		free(j->items[i].path);
		free(j->items[i].name);
	}
	free(j->items);
	free(j->marks);
	free(j->renum.v);
	free(j->path);
	free(j->name);
	free(j->msgs);
	free(j);
}

static const struct par_ops grep_par_ops = {
    gw_open, gw_close, gw_run, gw_flush, gw_emit, gw_finish, gw_serial,
    gw_free,
};

/* ---- one file searched in parts --------------------------------------- */

static void
gfile_unref(struct gfile *f)
{
	if (--f->refs > 0)
		return;
	plan_close(f->plan);
	free(f->parts);
	window_close(f->wf);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	free(f->first_line);
	free(f->nlines);
	free(f->path);
	free(f->name);
	free(f);
}

/* Tell the workers still on f's parts (or waiting for a line number)
 * that the rest of the file is not needed. */
static void
gfile_stop(struct gfile *f)
{
	pthread_mutex_lock(&f->mu);
	f->stopped = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

struct nl_count {
	uint64_t n;
};

static int
nl_count_cb(void *ctx, const struct window *w)
{
	((struct nl_count *)ctx)->n += newline_count(w->data, w->len);
	return 0;
}

/*
 * -n: the number of part k's first line.  The part's own lines are
 * counted first (one pass of the newline kernel), published for part
 * k + 1, and part k - 1's number is waited for: the chain moves as fast
 * as the counting, ahead of the searches.  Returns 0, or 0 with a
 * made-up number when the file was stopped (the part's output is
 * dropped then), or -1 with err filled.
 */
static int
chunk_first_line(struct gworker *gw, struct gjob *j, uint64_t *first,
                 char *err)
{
	struct gfile *f = j->file;
	struct nl_count c = {0};
	/* The first part, and a planned part that begins a candidate
	 * region, know their number without the chain. */
	uint64_t known = f->parts != NULL ? f->parts[j->chunk].first_line
	                                  : j->chunk == 0;
	int rc = 0;

	if (known != 0 && f->parts != NULL && j->chunk + 1 < f->nchunks &&
	    f->parts[j->chunk + 1].first_line != 0 &&
	    f->parts[j->chunk + 1].start == j->end)
		/* Between two index group starts: nothing to count. */
		c.n = f->parts[j->chunk + 1].first_line - known;
	else if (j->start < j->end &&
	         window_scan(gw->cwf, j->start, j->end, nl_count_cb, &c,
	                     err) < 0)
		rc = -1;
	pthread_mutex_lock(&f->mu);
	f->nlines[j->chunk] = c.n;
	if (known != 0)
		f->first_line[j->chunk] = known;
	while (known == 0 && f->first_line[j->chunk - 1] == 0 &&
	       !f->stopped) {
		struct timespec ts;

		/* A run stopped by another file drops this file's parts
		 * without telling it: look now and then. */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 20 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&f->cv, &f->mu, &ts);
		if (f->first_line[j->chunk - 1] == 0 && par_dropped(gw->pw))
			break;
	}
	if (known == 0 && f->first_line[j->chunk - 1] != 0 &&
	    f->nlines[j->chunk - 1] != UINT64_MAX)
		f->first_line[j->chunk] =
		    f->first_line[j->chunk - 1] + f->nlines[j->chunk - 1];
	else if (known == 0)
		f->first_line[j->chunk] = 1;
	*first = f->first_line[j->chunk];
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	return rc;
}

/*
 * -n with gfile.renumber, after the part's search: its lines, from the
 * scanner's count and a count of the rest (where -m or a binary line
 * stopped it).  Returns 0, or -1 with j->err filled.
 */
static int
chunk_count_rest(struct gworker *gw, struct gjob *j)
{
	struct nl_count c = {0};
	uint64_t off, line;

	uint64_t base = j->file->num_base;

	scan_line_at(gw->r.sc, &off, &line);
	if (off > j->end && line >= base) {
		/* Counted on into the lines read after the part (-B). */
		if (window_scan(gw->cwf, j->end, off, nl_count_cb, &c,
		                j->err) < 0)
			return -1;
		if (line - base >= c.n) {
			j->nlines = line - base - c.n;
			return 0;
		}
		c.n = 0;
	}
	if (off < j->start || off > j->end || line < base) {
		off = j->start;
		line = base;
	}
	if (off < j->end &&
	    window_scan(gw->cwf, off, j->end, nl_count_cb, &c, j->err) < 0)
		return -1;
	j->nlines = line - base + c.n;
	return 0;
}

static int
discard_sink(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return 0;
}

/*
 * The pattern failed in a part searched without -n: its message names the
 * line counted from the part's start.  Count the lines before the part,
 * search it again (printing nothing) from the right number, and take that
 * message.  Rare: PCRE2's limits.
 */
static void
chunk_error_line(struct gworker *gw, struct gjob *j)
{
	struct scan_params sp = *gw->r.sp;
	struct nl_count c = {0};
	struct scan_result res;
	struct region rg = {j->start, j->end, 1};
	char err[LS_ERRSZ];
	output *null;
	scanner *sc;

	if (window_scan(gw->cwf, 0, j->start, nl_count_cb, &c, err) < 0)
		return;
	rg.first_line = c.n + 1;
	sp.progress = NULL;
	sp.progress_ctx = NULL;
	null = output_open_sink(discard_sink, NULL, 0);
	sc = scan_open(&sp, gw->r.re, null);
	scan_set_size(sc, j->file->size);
	if (scan_chunk(sc, gw->cwf, j->file->name, &rg, 0, &res, err) ==
	    SCAN_ERROR)
		memcpy(j->err, err, sizeof(err));
	scan_close(sc);
	output_close(null);
}

/* In a worker: search part j->chunk of its file. */
static void
chunk_run(struct gworker *gw, struct gjob *j)
{
	struct gfile *f = j->file;
	uint64_t c = gw->r.chunk_size, first = 1;
	struct region rg;

	memset(&j->res, 0, sizeof(j->res));
	j->res.binary_at = UINT64_MAX;
	j->rc = SCAN_DONE;
	if (gw->cwf == NULL || gw->cwf_id != f->id) {
		window_close(gw->cwf);
		gw->cwf = NULL;
		if (window_clone(&gw->cwf, f->wf, j->err) < 0) {
			j->rc = SCAN_ERROR;
			goto out;
		}
		gw->cwf_id = f->id;
	}
	if (f->parts != NULL) {
		j->start = f->parts[j->chunk].start;
		j->end = f->parts[j->chunk].end;
	} else if (window_line_start(gw->cwf, (uint64_t)j->chunk * c,
	                             &j->start, j->err) < 0 ||
	           (j->chunk + 1 < f->nchunks &&
	            window_line_start(gw->cwf, (uint64_t)(j->chunk + 1) * c,
	                              &j->end, j->err) < 0)) {
		j->rc = SCAN_ERROR;
		goto out;
	}
	if (j->chunk + 1 == f->nchunks && f->parts == NULL)
		j->end = f->size;
	if (j->end < j->start)
		j->end = j->start;
	if (gw->r.sp->binary != BINARY_TEXT && j->end < f->size) {
		/* grep's rule looks past a line's end to the end of its
		 * block: a NUL there, after the part, is seen by one thread
		 * reading on, not by this part's search.  Rare: the caller
		 * searches from here on alone then. */
		uint64_t bend = ((j->end - 1) / SCAN_BINARY_BLOCK + 1) *
		                SCAN_BINARY_BLOCK;
		int nul = window_has_nul(gw->cwf, j->end,
		                         bend < f->size ? bend : f->size,
		                         j->err);

		if (nul < 0) {
			j->rc = SCAN_ERROR;
			goto out;
		}
		j->redo = nul;
	}
	if (((gw->r.sp->line_number && !f->renumber) || f->need_lines) &&
	    chunk_first_line(gw, j, &first, j->err) < 0) {
		j->rc = SCAN_ERROR;
		goto out;
	}
	if (j->start < j->end && !j->redo && !par_dropped(gw->pw)) {
		rg.start = j->start;
		rg.end = j->end;
		rg.first_line = first;
		gw->r.job = j;
		scan_set_size(gw->r.sc, f->size);
		if (f->renumber) {
			j->out_base = output_total(gw->r.out);
			scan_set_renumber(gw->r.sc, &j->renum);
		}
		if (f->plan != NULL) {
			plan *pp;
			const struct window_stats *ws =
			    window_get_stats(gw->cwf);
			uint64_t m0 = ws->bytes_mapped, r0 = ws->bytes_read;

			/* Checked when the parts were cut: it copies. */
			(void)plan_part(f->plan, gw->cwf, &pp);
			scan_set_printed(gw->r.sc, 1); /* as below */
			j->rc = scan_plan_owned(gw->r.sc, pp, gw->cwf, f->name,
			                        &rg, &j->res, j->err);
			j->lead_sep = f->context ? j->res.lead_sep : 0;
			j->runs = plan_get_stats(pp)->runs;
			j->back_bytes = plan_get_stats(pp)->back_bytes;
			j->mapped = ws->bytes_mapped - m0;
			j->read = ws->bytes_read - r0;
			plan_close(pp);
		} else if (f->context) {
			/* The "--" before its first group is printed as if
			 * something came before; chunk_finish() drops it if
			 * not. */
			if (f->renumber)
				rg.first_line = f->num_base;
			scan_set_printed(gw->r.sc, 1);
			j->rc = scan_owned(gw->r.sc, gw->cwf, f->name, &rg, 0,
			                   &j->res, j->err);
			j->lead_sep = j->res.lead_sep;
		} else {
			j->rc = scan_chunk(gw->r.sc, gw->cwf, f->name, &rg, 0,
			                   &j->res, j->err);
		}
		scan_set_renumber(gw->r.sc, NULL);
		gw->r.job = NULL;
		j->pattern_err = j->rc == SCAN_ERROR &&
		                 scan_error(gw->r.sc)[0] != '\0';
		if (f->renumber && j->rc != SCAN_ERROR &&
		    chunk_count_rest(gw, j) < 0)
			j->rc = SCAN_ERROR;
		if (j->pattern_err && !gw->r.sp->line_number &&
		    j->start > 0 && !f->context && f->plan == NULL)
			chunk_error_line(gw, j);
	}
out:
	if (j->rc == SCAN_ERROR && (gw->r.sp->line_number || f->need_lines)) {
		/* The parts after it wait for its line count. */
		pthread_mutex_lock(&f->mu);
		if (f->nlines[j->chunk] == UINT64_MAX)
			f->nlines[j->chunk] = 0;
		if (f->first_line[j->chunk] == 0)
			f->first_line[j->chunk] = 1;
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
	}
}

/*
 * In the caller's thread: search lines [start, end) of f again, alone,
 * with the main scanner sc (or one with -m lowered to limit when limit is
 * not negative), printing into the output.  binary: the file is binary
 * from start on.  Adds what it selected to f; returns a scan_status, err
 * filled on SCAN_ERROR.
 */
static int
chunk_again(struct run *r, struct gfile *f, uint64_t start, uint64_t end,
            uint64_t first, int binary, int64_t limit, char *err)
{
	struct scan_params sp = *r->sp;
	scanner *sc = r->sc;
	window_file *wf;
	struct scan_result res;
	struct region rg = {start, end, first ? first : 1};
	int rc;

	if (window_clone(&wf, f->wf, err) < 0)
		return SCAN_ERROR;
	if (limit >= 0) {
		sp.max_count = limit;
		sc = scan_open(&sp, r->re, r->out);
		scan_set_printed(sc, scan_printed(r->sc));
	}
	scan_set_size(sc, f->size);
	if (f->plan != NULL) {
		plan *pp;

		/* A planned file's rest is searched from a part's start,
		 * before which no NUL was seen: binary is 0. */
		(void)plan_part(f->plan, wf, &pp);
		rc = scan_plan_owned(sc, pp, wf, f->name, &rg, &res, err);
		plan_close(pp);
	} else if (f->context)
		rc = scan_owned(sc, wf, f->name, &rg, binary, &res, err);
	else
		rc = scan_chunk(sc, wf, f->name, &rg, binary, &res, err);
	f->selected += res.selected;
	if (res.binary_at != UINT64_MAX && r->o->binary == BINARY_SKIP)
		f->selected = 0; /* -I: a binary file selects nothing */
	f->lines += res.lines;
	f->bytes += res.bytes;
	if (res.binary)
		f->binary_hit = 1;
	if (res.printed)
		scan_set_printed(r->sc, 1);
	if (sc != r->sc)
		scan_close(sc);
	window_close(wf);
	return rc;
}

/* The end of a file searched in parts: its summary and messages. */
static void
gfile_done(struct run *r, struct gfile *f, const char *err)
{
	const struct options *o = r->o;

	f->done = 1;
	gfile_stop(f);
	scan_summary(r->sc, f->name, f->selected);
	if (f->selected > 0)
		r->selected = 1;
	if (err != NULL)
		file_warn(r, 0, f->name, err);
	else if (f->binary_hit && !o->count && !o->quiet &&
	         !o->files_with_matches && !o->files_without_match)
		run_msg(r, 0, "%s: binary file matches", f->name);
	if (o->stats)
		run_msg(r, 0,
		        "stats: %s: %zu parts of %llu bytes, %llu lines "
		        "scanned, %llu matches, %.3f s (%s%s%s); %u threads, "
		        "%.3f s waiting for its parts in order",
		        f->name, f->nchunks,
		        (unsigned long long)r->chunk_size,
		        (unsigned long long)f->lines,
		        (unsigned long long)f->selected,
		        (double)(ls_now_ns() - f->t0) / 1e9,
		        regex_strategy_name(r->re),
		        regex_vectorscan(r->re)  ? ", Vectorscan"
		        : regex_multilit(r->re) ? ", SIMD filter"
		                                : "",
		        regex_jit(r->re) ? ", JIT" : "", r->threads,
		        (double)(par_wait_ns(r->pool) - f->wait0) / 1e9);
	if (o->stats && f->plan != NULL) {
		/* The plan's notes, with what its parts' copies did. */
		struct plan_stats ps = *plan_get_stats(f->plan);
		struct window_stats ws;
		char line[2 * LS_ERRSZ + 4096];

		memset(&ws, 0, sizeof(ws));
		ws.bytes_mapped = f->mapped;
		ws.bytes_read = f->read;
		ps.runs = f->runs;
		ps.back_bytes = f->back_bytes;
		run_msg(r, 0, "stats: %s: %s", f->name,
		        plan_describe(&ps, &ws, line, sizeof(line)));
	}
}

/*
 * In the caller's thread, in order: what part j found decides what the
 * file prints, as one thread would.  Each part was searched as if the
 * file were text up to it and no line before it was selected; where that
 * is not so, the part (or the rest of the file) is searched again here:
 * -m reached inside it, or a NUL that made the file binary.
 */
static int
chunk_finish(struct run *r, struct gjob *j, const char *kept, size_t n)
{
	struct gfile *f = j->file;
	const struct options *o = r->o;
	const struct scan_result *res = &j->res;
	int64_t m = o->max_count;
	int stop = 0, quit = 0, rc;
	int summary_only = o->count || o->quiet || o->files_with_matches ||
	                   o->files_without_match;
	char err[LS_ERRSZ];

	r->chunks++;
	if (f->done)
		return PAR_GO_ON;
	r->in_emit = 1;
	if (f->renumber) {
		/* The parts before were handed on: this one's first line is
		 * known now. */
		pthread_mutex_lock(&f->mu);
		f->first_line[j->chunk] =
		    j->chunk == 0 ? 1
		                  : f->first_line[j->chunk - 1] +
		                        f->nlines[j->chunk - 1];
		f->nlines[j->chunk] = j->nlines;
		pthread_mutex_unlock(&f->mu);
	}
	f->runs += j->runs;
	f->back_bytes += j->back_bytes;
	f->mapped += j->mapped;
	f->read += j->read;
	if (j->redo ||
	    ((f->context || f->plan != NULL) &&
	     (res->binary_at != UINT64_MAX || j->pattern_err))) {
		/* See chunk_run(): from this part on, as one thread.  With
		 * context, also when the lines read around the part held a
		 * NUL (the file is a binary one from somewhere near), or the
		 * pattern failed (maybe on a line of another part); and for a
		 * planned file, whose parts cannot start binary. */
		uint64_t first;

		pthread_mutex_lock(&f->mu);
		first = f->first_line[j->chunk];
		pthread_mutex_unlock(&f->mu);
		if (first == 0 && j->pattern_err && j->start > 0) {
			/* Its message names the line's number in the file. */
			struct nl_count c = {0};

			if (window_scan(f->wf, 0, j->start, nl_count_cb, &c,
			                err) < 0) {
				gfile_done(r, f, err);
				goto out;
			}
			first = c.n + 1;
		}
		rc = chunk_again(r, f, j->start, f->size, first, 0,
		                 m >= 0 ? m - (int64_t)f->selected : -1, err);
		if (rc == SCAN_ERROR) {
			gfile_done(r, f, err);
			goto out;
		}
		if (rc == SCAN_QUIT || output_error(r->out))
			quit = 1;
		gfile_done(r, f, NULL);
		goto out;
	}
	if ((m >= 0 && kept != NULL && !summary_only &&
	     (f->selected + res->selected > (uint64_t)m ||
	      (f->context && f->selected + res->selected == (uint64_t)m))) ||
	    (f->renumber && j->pattern_err)) {
		/* -m is reached inside this part: its first lines only (with
		 * -A, and the lines after the last one, which may run into
		 * the next parts: searched to the end, where the scanner
		 * stops after them).  Or it failed, and its message needs
		 * the right line number. */
		uint64_t first;

		pthread_mutex_lock(&f->mu);
		first = f->first_line[j->chunk];
		pthread_mutex_unlock(&f->mu);
		rc = chunk_again(r, f, j->start,
		                 f->context && m >= 0 ? f->size : j->end, first,
		                 0, m >= 0 ? m - (int64_t)f->selected : -1, err);
		if (rc == SCAN_ERROR) {
			gfile_done(r, f, err);
			goto out;
		}
		/* Searched to the end with context: nothing is left. */
		stop = !j->pattern_err || (f->context && m >= 0);
		if (rc == SCAN_QUIT)
			quit = 1;
	} else {
		size_t ls = 0;

		/* With context: no "--" before the part's first group when
		 * nothing was printed before it after all. */
		if (f->context && kept != NULL && !scan_printed(r->sc))
			ls = j->lead_sep < n ? j->lead_sep : n;
		/* Numbers were printed from num_base: unsigned arithmetic
		 * wraps to the right ones. */
		if (kept != NULL && n > ls && f->renumber)
			scan_renumber(r->out, kept + ls, n - ls,
			              j->out_base + ls, &j->renum,
			              f->first_line[j->chunk] - f->num_base);
		else if (kept != NULL && n > ls)
			output_write(r->out, kept + ls, n - ls);
		f->selected += res->selected;
		f->lines += res->lines;
		f->bytes += res->bytes;
		if (res->binary)
			f->binary_hit = 1;
		if (res->printed)
			scan_set_printed(r->sc, 1);
		if (j->rc == SCAN_ERROR) {
			gfile_done(r, f, j->err);
			goto out;
		}
	}
	if (m >= 0 && f->selected > (uint64_t)m)
		f->selected = (uint64_t)m;
	if (res->binary_at != UINT64_MAX && o->binary == BINARY_SKIP) {
		/* -I: a binary file selects nothing. */
		f->selected = 0;
		stop = 1;
	}
	if (j->rc == SCAN_QUIT || output_error(r->out))
		quit = 1;
	if ((o->files_with_matches || o->files_without_match) &&
	    f->selected > 0)
		stop = 1;
	if (m >= 0 && f->selected >= (uint64_t)m)
		stop = 1;
	if (res->binary)
		stop = 1; /* grep stops a binary file at its first line */
	if (f->plan != NULL && f->pa.have_lines && f->pa.line_to != UINT64_MAX &&
	    f->nlines[j->chunk] != UINT64_MAX &&
	    f->first_line[j->chunk] + f->nlines[j->chunk] > f->pa.line_to)
		stop = 1; /* past the line range: the rest selects nothing */
	if (!stop && !quit && res->binary_at != UINT64_MAX &&
	    j->end < f->size) {
		/* A NUL: the rest is a binary file's, which the workers
		 * took for text. */
		uint64_t first;

		pthread_mutex_lock(&f->mu);
		first = r->sp->line_number
		            ? f->first_line[j->chunk] + f->nlines[j->chunk]
		            : 0;
		pthread_mutex_unlock(&f->mu);
		rc = chunk_again(r, f, j->end, f->size, first, 1, -1, err);
		if (m >= 0 && f->selected > (uint64_t)m)
			f->selected = (uint64_t)m;
		if (rc == SCAN_ERROR) {
			gfile_done(r, f, err);
			goto out;
		}
		if (rc == SCAN_QUIT)
			quit = 1;
		stop = 1;
	}
	if (stop || quit || j->chunk + 1 == f->nchunks)
		gfile_done(r, f, NULL);
out:
	if (f->done && j->chunk + 1 < f->nchunks)
		par_skip_until(r->pool, f->first_job + f->nchunks);
	r->in_emit = 0;
	if (quit) {
		r->quit = 1;
		return PAR_STOP;
	}
	return PAR_GO_ON;
}

static void
ensure_pool(struct run *r)
{
	if (r->pool != NULL)
		return;
	*r->proto_slot = *r;
	r->proto = r->proto_slot;
	/* At most a few jobs per thread ahead of the output. */
	r->pool = par_open(&grep_par_ops, r, r->threads, 4 * (size_t)r->threads);
}

/*
 * A time or line range on f (its handle open): plan it as one thread
 * would (the notes about its index said here, in order) and cut its
 * candidate regions into parts of whole lines (plan_parts()), on the
 * grid of multiples of the part size as a whole file is cut.  Returns 0 with f->parts and
 * f->nchunks (maybe none: nothing can be selected), 1 when the range is
 * better searched by one thread (a line range without an index; nothing
 * said yet, f->plan closed), or -1 with err filled.
 */
static int
plan_cut(struct run *r, struct gfile *f, char *err)
{
	struct cli_progress prog;
	plan *probe;
	int rc;

	cli_plan_params(r->o, &f->pa);
	cli_progress_init(&prog, f->name);
	if (r->tm != NULL) {
		f->tm = *r->tm;
		f->tm.wait = cli_say_waiting;
		f->tm.wait_ctx = f->name;
		if (isatty(STDERR_FILENO)) {
			f->tm.progress = cli_progress_show;
			f->tm.progress_ctx = &prog;
		}
	}
	rc = plan_open(&f->plan, &f->pa, r->tm ? &f->tm : NULL, f->path, f->wf,
	               err);
	cli_progress_done(&prog);
	f->tm.progress = NULL; /* only an index build shows it */
	f->tm.progress_ctx = NULL;
	if (rc < 0)
		return -1;
	if (f->pa.have_lines && !plan_get_stats(f->plan)->used) {
		/* Without an index, where a part's lines stand in the range
		 * is known only by counting the lines before it: each part
		 * would count before it searches, which costs more than one
		 * thread that counts as it goes and stops at B. */
		plan_close(f->plan);
		f->plan = NULL;
		return 1;
	}
	plan_notes(r, f->name, f->plan);
	if (plan_part(f->plan, f->wf, &probe) < 0) {
		ls_errf(err, "cannot search the range in parts");
		return -1;
	}
	plan_close(probe);
	f->need_lines = r->sp->line_number || f->pa.have_lines;
	return plan_parts(f->plan, r->chunk_size, &f->parts, &f->nchunks, err);
}

/*
 * Search a regular file in parts when that is worth it and gives what one
 * thread gives: not -z records (parts are cut at newlines), nor the last
 * lines of a file (--lines -N).  A time or line range is planned first
 * and its candidate regions are cut (plan_cut()).  With context (-A, -B, -C) each part reads the lines around
 * it (scan_owned()): not with -m (which part's trailing context ends the
 * file is known only in order), nor with context of more than
 * CONTEXT_PARTS_MAX lines (every part would read that many).  Returns 1
 * when the parts were handed to the pool, 0 to search the file whole.
 */
#define CONTEXT_PARTS_MAX ((uint64_t)1 << 20)

static int
grep_chunked(struct run *r, const char *path, const char *name,
             const struct stat *st)
{
	const struct options *o = r->o;
	struct gfile *f;
	window_file *wf;
	char err[LS_ERRSZ];
	size_t k;
	int planned = r->tm != NULL || o->have_lines, rc;

	if (r->threads < 2 || st == NULL || !S_ISREG(st->st_mode) ||
	    (uint64_t)st->st_size < 2 * r->chunk_size ||
	    strcmp(path, "-") == 0 || o->line_last != 0 || o->null_data ||
	    o->have_range ||
	    ((o->before > 0 || o->after > 0 || r->sp->separators) &&
	     ((uint64_t)o->before > CONTEXT_PARTS_MAX ||
	      (uint64_t)o->after > CONTEXT_PARTS_MAX)) ||
	    (r->may_feed_back && r->out_regular && st->st_dev == r->out_dev &&
	     st->st_ino == r->out_ino))
		return 0;
	if (window_open(&wf, path, o->window_size, err) < 0)
		return 0; /* the whole-file search says why */
	if (window_set_decompress(wf, o->decompress, err) < 0) {
		window_close(wf);
		return 0;
	}
	if (window_is_stream(wf) || window_format(wf) != DECOMP_NONE ||
	    window_file_size(wf) < 2 * r->chunk_size) {
		window_close(wf);
		return 0;
	}
	window_set_io(wf, o->io);
	ensure_pool(r);
	flush_batch(r);
	/* A plan says things about its index before the file's output:
	 * after everything before it. */
	if (planned && par_drain(r->pool) == PAR_STOP) {
		r->quit = 1;
		window_close(wf);
		return 1;
	}
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->name = xstrdup(name);
	f->id = ++r->file_ids;
	f->wf = wf;
	f->size = window_file_size(wf);
	f->refs = 1;
	f->t0 = ls_now_ns();
	f->wait0 = par_wait_ns(r->pool);
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	if (!planned)
		f->nchunks =
		    (size_t)((f->size + r->chunk_size - 1) / r->chunk_size);
	else if ((rc = plan_cut(r, f, err)) > 0) {
		/* As -j1 does, in this thread (grep_file()). */
		if (o->stats)
			run_msg(r, 0,
			        "stats: %s: one thread: a line range without "
			        "an index needs the line count in order",
			        name);
		gfile_unref(f);
		return 0;
	} else if (rc < 0) {
		file_warn(r, 0, name, err);
		f->done = 1;
		f->nchunks = 0;
	}
	f->first_job = par_count(r->pool);
	f->renumber = r->sp->line_number && !r->sp->align_tabs && !planned;
	f->context = o->before > 0 || o->after > 0 || r->sp->separators;
	/* scan_owned() numbers the lines it reads before the part (at most
	 * -A + 1) from 1 when the part's first is num_base. */
	f->num_base = f->context && f->renumber ? (uint64_t)o->after + 2 : 1;
	f->first_line = xcalloc(f->nchunks + 1, sizeof(*f->first_line));
	f->nlines = xreallocarray(NULL, f->nchunks + 1, sizeof(*f->nlines));
	for (k = 0; k < f->nchunks; k++)
		f->nlines[k] = UINT64_MAX;
	if (planned && !f->done && f->nchunks == 0)
		gfile_done(r, f, NULL); /* nothing selectable: -c says 0 */
	/* All parts are added even when the file is done early: the parts
	 * not yet run are skipped by number (par_skip_until()). */
	for (k = 0; k < f->nchunks && !r->quit; k++) {
		struct gjob *j = xcalloc(1, sizeof(*j));

		j->file = f;
		j->chunk = k;
		f->refs++;
		/* With -m a part's output may have to be dropped, so it is
		 * kept until the caller gets to it. */
		if (par_add(r->pool, j, 0, o->max_count < 0 && !f->renumber &&
		                               !f->context) ==
		    PAR_STOP)
			r->quit = 1;
	}
	gfile_unref(f);
	return 1;
}


/*
 * Search the lines of a time or line range only: the plan reads the index
 * groups that can hold them and hands over the runs of selected lines.
 * Returns a scan_status like scan_file().
 */
static int
scan_planned(struct run *r, const struct plan_params *pa, window_file *wf,
             const char *path, const char *name, const struct region *own,
             struct scan_result *res, plan **pp, char *err)
{
	struct plan_time tm;
	struct cli_progress prog;
	int rc;

	cli_progress_init(&prog, name);
	memset(res, 0, sizeof(*res));
	if (r->tm != NULL) {
		tm = *r->tm;
		tm.wait = cli_say_waiting;
		tm.wait_ctx = (void *)name;
		if (isatty(STDERR_FILENO)) {
			tm.progress = cli_progress_show;
			tm.progress_ctx = &prog;
		}
	}
	rc = plan_open(pp, pa, r->tm ? &tm : NULL, path, wf, err);
	cli_progress_done(&prog);
	if (rc < 0)
		return SCAN_ERROR;
	plan_notes(r, name, *pp);
	if (own != NULL)
		return scan_plan_owned(r->sc, *pp, wf, name, own, res, err);
	return scan_plan(r->sc, *pp, name, res, err);
}

/* What the plan p of file name says to the user before the search: an
 * index not built, or stale, or not trusted, and --stats' notes. */
static void
plan_notes(struct run *r, const char *name, plan *p)
{
	const struct plan_stats *ps = plan_get_stats(p);

	if (ps->build_failed) {
		output_flush(r->out);
		cli_warn("%s: index not built (%s); reading the log", name,
		         ps->reason + strlen("cannot build: "));
	}
	{
		char msg[2 * LS_ERRSZ + PATH_MAX];

		if (plan_changed_message(ps, msg,
		                         sizeof(msg)) != NULL) {
			output_flush(r->out);
			cli_warn("%s: %s", name, msg);
		}
	}
	if (ps->state == INDEX_STATE_UNTRUSTED) {
		output_flush(r->out);
		cli_warn("%s: %s; reading the log directly",
		         ps->index_path,
		         ps->reason);
	}
	output_flush(r->out); /* the note comes after what went before */
	cli_note_index(name, ps, r->o);
}

/* ---- --range ------------------------------------------------------------ */

/* A scanner of r's search that only asks whether a line is selected (-q,
 * no context, no limit): for a range's look before itself.  For
 * scan_close(). */
static scanner *
lookback_scanner(const struct run *r)
{
	struct scan_params qp = *r->sp;

	qp.quiet = 1;
	qp.count = qp.list_files = qp.list_nonmatching = 0;
	qp.before = qp.after = 0;
	qp.separators = 0;
	qp.max_count = -1;
	qp.line_sink = NULL;
	qp.progress = NULL;
	return scan_open(&qp, r->re, r->out);
}

/*
 * --range without --range-report: whether the whole file's search selects
 * a line before off, so that the range's first group of lines follows
 * output (its separator).  Searches back from off in steps that double,
 * from 1 MiB, and stops at the first line selected (under a time or line
 * range: forward through the plan up to off).  Returns 0 with *found, or
 * -1 with err filled.
 */
static int
range_selected_before(struct run *r, const struct plan_params *pa,
                      window_file *wf, const char *path, uint64_t off,
                      int *found, char *err)
{
	struct scan_result res;
	scanner *q;
	uint64_t hi = off, step = (uint64_t)1 << 20;
	int rc = SCAN_DONE;

	q = lookback_scanner(r);
	*found = 0;
	if (r->tm != NULL || r->o->have_lines) {
		plan *p;

		rc = plan_open(&p, pa, r->tm, path, wf, err);
		if (rc == 0) {
			plan_clip(p, 0, off, 1);
			rc = scan_plan(q, p, NULL, &res, err);
			*found = res.selected > 0;
		} else {
			rc = SCAN_ERROR;
		}
		plan_close(p);
	}
	while (r->tm == NULL && !r->o->have_lines && hi > 0 && !*found) {
		struct region rg = {0, hi, 1};
		uint64_t got;

		if (hi > step &&
		    window_line_start(wf, hi - step, &rg.start, err) < 0) {
			rc = SCAN_ERROR;
			break;
		}
		/* A line longer than the step: that line alone. */
		if (rg.start == hi &&
		    window_lines_back(wf, hi, 1, &rg.start, &got, err) < 0) {
			rc = SCAN_ERROR;
			break;
		}
		rc = scan_chunk(q, wf, NULL, &rg, 0, &res, err);
		if (rc == SCAN_ERROR)
			break;
		*found = res.selected > 0;
		hi = rg.start;
		if (step < ((uint64_t)1 << 40))
			step *= 2;
	}
	scan_close(q);
	return rc == SCAN_ERROR ? -1 : 0;
}

/* range_first_nul()'s search of a plan's pieces (see below). */
struct nul_find {
	uint64_t upto; /* look before this offset */
	uint64_t at;   /* the first NUL, or UINT64_MAX */
};

static int
nul_piece(void *ctx, const struct plan_piece *pc)
{
	struct nul_find *nf = ctx;
	size_t n = pc->len;
	const char *z;

	if (pc->offset >= nf->upto)
		return 1;
	if (pc->offset + n > nf->upto)
		n = (size_t)(nf->upto - pc->offset);
	z = newline_find_nul(pc->data, n);
	if (z == NULL)
		return 0;
	nf->at = pc->offset + (uint64_t)(z - pc->data);
	return 1;
}

/*
 * --range without --range-report, under grep's binary-file rule: a line is
 * a binary file's when the whole file's search saw a NUL before the end of
 * the 96 KiB block that holds the line's end, and then the file stops at
 * its first selected line.  The range's own search sees only its bytes, so
 * this looks before it: *nul gets the first NUL that the whole search
 * reads before *upto, the end of the block of the last byte that
 * scan_owned() reads for own (UINT64_MAX: none; under a time or line
 * range, only the lines it selects: the bytes between them are never
 * looked at).  Returns 0, or -1 with err
 * filled.
 */
static int
range_first_nul(struct run *r, const struct plan_params *pa, window_file *wf,
                const char *path, const struct region *own, uint64_t *nul,
                uint64_t *upto, char *err)
{
	struct region span;
	uint64_t size = window_file_size(wf);

	*nul = UINT64_MAX;
	*upto = 0;
	if (scan_owned_span(r->sc, wf, own, &span, err) < 0)
		return -1;
	if (span.end > 0)
		*upto = ((span.end - 1) / SCAN_BINARY_BLOCK + 1) *
		        SCAN_BINARY_BLOCK;
	if (*upto > size)
		*upto = size;
	if (r->tm != NULL || r->o->have_lines) {
		struct nul_find nf = {*upto, UINT64_MAX};
		uint64_t hi;
		plan *p;
		int rc = plan_open(&p, pa, r->tm, path, wf, err);

		if (rc == 0 &&
		    (rc = window_line_start(wf, *upto, &hi, err)) == 0) {
			plan_clip(p, 0, hi, 1);
			rc = plan_run(p, nul_piece, &nf, err);
		}
		plan_close(p);
		*nul = nf.at;
		return rc < 0 ? -1 : 0;
	}
	return window_first_nul(wf, 0, *upto, nul, err) < 0 ? -1 : 0;
}

/*
 * Whether the whole file's search selects a line of a binary file (from
 * the NUL at nul on) before own, where it stops the file: then the range
 * prints nothing.  *found is set; returns 0, or -1 with err filled.
 */
static int
range_binary_stopped(struct run *r, const struct plan_params *pa,
                     window_file *wf, const char *path,
                     const struct region *own, uint64_t nul, int *found,
                     char *err)
{
	struct scan_result res;
	struct region rg = {0, own->start, 1};
	uint64_t bs = nul / SCAN_BINARY_BLOCK * SCAN_BINARY_BLOCK, got;
	scanner *q;
	int rc;

	*found = 0;
	/* The first binary line is the one that holds the block's start. */
	if (window_line_start(wf, bs, &rg.start, err) < 0 ||
	    (rg.start > bs &&
	     window_lines_back(wf, rg.start, 1, &rg.start, &got, err) < 0))
		return -1;
	if (rg.start >= own->start)
		return 0;
	q = lookback_scanner(r);
	scan_set_nul(q, nul, rg.start);
	if (r->tm != NULL || r->o->have_lines) {
		plan *p;

		rc = plan_open(&p, pa, r->tm, path, wf, err) == 0 &&
		             plan_line_at(path, &pa->index, wf, rg.start,
		                          &rg.first_line, err) == 0
		         ? 0
		         : SCAN_ERROR;
		if (rc == 0) {
			plan_clip(p, rg.start, own->start, rg.first_line);
			rc = scan_plan(q, p, NULL, &res, err);
		}
		plan_close(p);
	} else {
		rc = scan_chunk(q, wf, NULL, &rg, 0, &res, err);
	}
	if (rc != SCAN_ERROR)
		*found = res.selected > 0;
	scan_close(q);
	return rc == SCAN_ERROR ? -1 : 0;
}

/* Keep what --range-report says of the file just searched (see
 * grep_report()). */
static void
range_note(struct run *r, const struct scan_result *res, int nul)
{
	r->rep.have = 1;
	r->rep.selected = res->selected;
	r->rep.printed = res->printed;
	r->rep.lead_sep = res->lead_sep;
	r->rep.nul = nul;
}

/*
 * --range-report: after everything a file printed, the line a runner
 * combines ranges by: lines selected, whether one was printed, the bytes
 * of a leading separator, whether a NUL makes the rest binary, the bytes
 * this file wrote to standard output since out0 (so that one task can
 * search several files), the bytes searched, and the name.
 */
static void
grep_report(struct run *r, const char *name, uint64_t out0,
            uint64_t searched)
{
	if (!r->rep.have)
		return;
	r->rep.have = 0;
	run_msg(r, 0, "range-report: %llu %d %zu %d %llu %llu %s",
	        (unsigned long long)r->rep.selected, r->rep.printed,
	        r->rep.lead_sep, r->rep.nul,
	        (unsigned long long)(output_total(r->out) - out0),
	        (unsigned long long)searched, name);
}

/*
 * Search the lines of --range in file path (open as wf) as the whole
 * file's search prints them (scan_owned()), with the file's summary (-c,
 * -L).  *whole is set when the range is a compressed file's whole: the
 * caller searches it as usual.  Returns a scan_status; err as for
 * scan_file().
 */
static int
grep_range(struct run *r, const struct plan_params *pa, window_file *wf,
           const char *path, const char *name, struct scan_result *res,
           plan **pp, int *whole, char *err)
{
	const struct options *o = r->o;
	const struct scan_params *sp = r->sp;
	int planned = r->tm != NULL || o->have_lines;
	int quiet = o->count || o->quiet || o->files_with_matches ||
	            o->files_without_match;
	int printed = scan_printed(r->sc), found = 0, nul = 0, rc;
	struct region own;

	memset(res, 0, sizeof(*res));
	res->binary_at = UINT64_MAX;
	*whole = 0;
	if (o->line_last) {
		ls_errf(err, "--range does not go with --lines -N");
		return SCAN_ERROR;
	}
	rc = cli_range_region(o, &pa->index, wf, path,
	                      sp->line_number || sp->line_sink != NULL ||
	                          sp->count_lines || o->have_lines,
	                      &own, err);
	if (rc != 0) {
		/* A compressed file's whole: the caller searches it, as a
		 * range that assumes output came before it. */
		*whole = rc > 0;
		if (*whole && o->range_report)
			scan_set_printed(r->sc, 1);
		return rc > 0 ? SCAN_DONE : SCAN_ERROR;
	}
	if (!o->range_report && sp->binary != BINARY_TEXT && !sp->null_data &&
	    own.start < own.end) {
		uint64_t first, upto;
		int stopped = 0;

		if (range_first_nul(r, pa, wf, path, &own, &first, &upto, err) <
		        0 ||
		    (first != UINT64_MAX && !quiet &&
		     range_binary_stopped(r, pa, wf, path, &own, first,
		                          &stopped, err) < 0))
			return SCAN_ERROR;
		if (stopped)
			return SCAN_DONE; /* it printed nothing after that */
		scan_set_nul(r->sc, first, upto);
	}
	if (o->range_report)
		found = 1; /* the runner drops res->lead_sep if not so */
	else if (!printed && sp->separators && !quiet && own.start > 0 &&
	         own.start < own.end &&
	         range_selected_before(r, pa, wf, path, own.start, &found,
	                               err) < 0)
		return SCAN_ERROR;
	scan_set_printed(r->sc, printed || found);
	if (planned)
		rc = scan_planned(r, pa, wf, path, name, &own, res, pp, err);
	else
		rc = scan_owned(r->sc, wf, name, &own, 0, res, err);
	if (rc != SCAN_ERROR)
		scan_summary(r->sc, name, res->selected);
	scan_set_printed(r->sc, printed || found || res->printed);
	if (o->range_report) {
		/* A NUL in the block that holds the range's last line makes
		 * its lines a binary file's; the runner searches the rest of
		 * the file from this range on, as one, when there is one. */
		if (res->binary_at != UINT64_MAX)
			nul = 1;
		else if (rc != SCAN_ERROR && o->binary != BINARY_TEXT &&
		         own.end > 0 && own.end < window_file_size(wf)) {
			uint64_t b = ((own.end - 1) / SCAN_BINARY_BLOCK + 1) *
			             SCAN_BINARY_BLOCK;

			nul = window_has_nul(wf, own.end, b, err);
			if (nul < 0)
				return SCAN_ERROR;
		}
		range_note(r, res, nul);
	}
	return rc;
}

/* Whether mode is a device, FIFO or socket, what -D is about. */
static int
is_device(mode_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) ||
	       S_ISSOCK(mode);
}

/*
 * --json: start file name (open as wf) in the printer, with the timefmt
 * for its "timestamp" field in *tf (left NULL when no time format is in
 * effect, or the file has no timestamps).
 */
static void
json_begin(struct run *r, const char *path, const char *name,
           window_file *wf, timefmt **tf)
{
	char err[LS_ERRSZ];

	if (r->json_tc != NULL &&
	    timectx_file_now(r->json_tc, path, wf, tf, err) != TIMECTX_FOUND) {
		timefmt_close(*tf);
		*tf = NULL;
	}
	jsonout_begin_file(r->json, name, *tf,
	                   window_is_stream(wf) ? -1 : window_fd(wf));
	if (window_is_stream(wf))
		window_set_tap(wf, jsonout_tap, r->json);
}

static void
grep_progress(void *ctx, uint64_t done)
{
	progress_update(((struct run *)ctx)->prog, done);
}

/*
 * --follow: a file searched to its end and then followed, with the scanner
 * that searched it (its -m count, context and line numbers go on) and,
 * for --json, the reading of its timestamps.  All the files named are
 * followed together once every one has been searched.
 */
struct follow_item {
	struct run *r;
	char *name;
	window_file *wf;
	plan *p;
	timefmt *tf;
	scanner *sc;
	int fd;           /* where later lines come from */
	uint64_t printed; /* bytes handed to --json since its begin */
	struct follow_params fp;
};

/* --json: make it the file being printed, ending the one before. */
static void
json_switch(struct run *r, struct follow_item *f)
{
	if (r->fol_cur == f)
		return;
	if (r->fol_cur != NULL)
		jsonout_end_file(r->json, r->fol_cur->printed, UINT64_MAX);
	r->fol_cur = f;
	f->printed = 0;
	jsonout_begin_file(r->json, f->name, f->tf, f->fd);
}

static int
follow_lines(void *ctx, const char *data, size_t len, uint64_t off,
             uint64_t line)
{
	struct follow_item *f = ctx;
	struct run *r = f->r;
	struct region rg = {off, off + len, line};
	struct window w = {data, len, off, 1};
	int rc;

	if (r->json != NULL)
		json_switch(r, f);
	f->printed += len;
	/* Another file's lines came last: this one's context group needs
	 * its separator. */
	if (r->fol_last != NULL && r->fol_last != f->sc &&
	    scan_printed(r->fol_last))
		scan_set_printed(f->sc, 1);
	r->fol_last = f->sc;
	/* A region that starts where the last one ended continues it:
	 * -A context goes on across a wait. */
	scan_region(f->sc, &rg);
	rc = scan_window(f->sc, &w);
	output_flush(r->out);
	if (rc < 0) {
		file_warn(r, 0, f->name, scan_error(f->sc));
		return -1;
	}
	if (output_error(r->out))
		return -1;
	return rc > 0 ? 1 : 0;
}

static void
follow_note(void *ctx, const char *msg)
{
	struct follow_item *f = ctx;

	output_flush(f->r->out);
	cli_warn("%s: %s", f->name, msg);
}

/* After a rotation: --json reads timestamps backwards from the new file. */
static void
follow_reopened(void *ctx, int fd)
{
	struct follow_item *f = ctx;

	f->fd = fd;
	if (f->r->json != NULL && f->r->fol_cur == f)
		jsonout_set_fd(f->r->json, fd);
}

/*
 * After the search of path (open as wf, planned by p or NULL, searched by
 * sc, with result res): keep it all to follow it (follow.h) with the same
 * filters once every file is searched.  Takes wf, p, tf and sc (they are
 * freed with the item) unless it returns SCAN_ERROR (err filled).
 */
static int
grep_follow_add(struct run *r, const char *path, const char *name,
                window_file *wf, plan *p, timefmt *tf, scanner *sc,
                const struct scan_result *res, char *err)
{
	struct follow_params *fp;
	struct follow_item *f;
	uint64_t n = res->lines;
	int rc;

	/* A whole-file search counted its lines; a plan's did not. */
	if (p != NULL && (r->o->line_number || r->json != NULL ||
	                  (r->o->have_lines && !r->o->line_last)) &&
	    follow_count_lines(wf, window_file_size(wf), &n, err) < 0)
		return SCAN_ERROR;
	r->fol = xreallocarray(r->fol, r->nfol + 1, sizeof(*r->fol));
	f = &r->fol[r->nfol];
	memset(f, 0, sizeof(*f));
	fp = &f->fp;
	fp->path = path;
	fp->fd = window_fd(wf);
	fp->offset = window_file_size(wf);
	fp->line = n + 1;
	fp->line_from = 1;
	fp->line_to = UINT64_MAX;
	if (r->o->have_lines && !r->o->line_last) {
		fp->line_from = r->o->line_from;
		fp->line_to = r->o->line_to;
	}
	if (r->tm != NULL && p != NULL && plan_timefmt(p) != NULL) {
		fp->tf = plan_timefmt(p);
		fp->since = r->tm->since;
		fp->until = r->tm->until;
		rc = timectx_time_before(fp->tf, fp->fd, fp->offset,
		                         &fp->carry, NULL, err);
		if (rc < 0)
			return SCAN_ERROR;
		fp->carry_ok = rc == 1;
	}
	f->r = r;
	f->name = xstrdup(name);
	f->wf = wf;
	f->p = p;
	f->tf = tf;
	f->sc = sc;
	f->fd = fp->fd;
	r->nfol++;
	return SCAN_DONE;
}

/* Follow the files kept by grep_follow_add(), all together, until -m
 * (or a failed output) ends each; then free them. */
static void
grep_follow_all(struct run *r)
{
	char err[LS_ERRSZ];
	struct follow_params *fps;
	size_t failed = 0;
	int rc;

	if (r->nfol == 0)
		return;
	fps = xreallocarray(NULL, r->nfol, sizeof(*fps));
	for (size_t i = 0; i < r->nfol; i++) {
		/* The array no longer moves: the items can be the contexts. */
		fps[i] = r->fol[i].fp;
		fps[i].path = r->fol[i].fp.path;
		fps[i].fn = follow_lines;
		fps[i].note = follow_note;
		fps[i].reopened = follow_reopened;
		fps[i].ctx = &r->fol[i];
	}
	output_flush(r->out);
	rc = follow_many(fps, r->nfol, &failed, err);
	if (r->json != NULL && r->fol_cur != NULL)
		jsonout_end_file(r->json, r->fol_cur->printed, UINT64_MAX);
	if (rc == -1)
		file_warn(r, 0, r->fol[failed].name, err);
	else if (rc == -2)
		r->trouble = 1;
	else
		r->selected = 1; /* only -m ends following */
	for (size_t i = 0; i < r->nfol; i++) {
		struct follow_item *f = &r->fol[i];

		scan_close(f->sc);
		timefmt_close(f->tf);
		plan_close(f->p);
		window_close(f->wf);
		free((char *)f->fp.path);
		free(f->name);
	}
	free(fps);
	free(r->fol);
	r->fol = NULL;
	r->nfol = 0;
}

/*
 * Search one file that is not a directory to recurse into.  As grep does,
 * a directory read as a file fails but still counts as an empty file for
 * -c and -L, and a regular file that is also standard output is refused
 * (its search would grow it) unless the output cannot hold its lines.
 */
static void
grep_file(struct run *r, const char *path, const char *name,
          const struct stat *st)
{
	if (r->job == NULL && !r->in_emit && grep_chunked(r, path, name, st))
		return;
	if (r->pool != NULL && r->job == NULL && !r->in_emit) {
		struct gjob *j;
		int planned = r->tm != NULL || r->o->have_lines ||
		              r->o->line_last || r->o->have_range;

		if (!planned && st != NULL && S_ISREG(st->st_mode) &&
		    st->st_size <= SMALL_FILE && strcmp(path, "-") != 0) {
			batch_add(r, path, name, st);
			return;
		}
		j = xcalloc(1, sizeof(*j));
		j->path = xstrdup(path);
		j->name = xstrdup(name);
		if (st != NULL) {
			j->st = *st;
			j->have_st = 1;
		}
		/* Standard input and planned reads (an index may be built,
		 * notes said) stay in the caller's thread. */
		submit(r, j, strcmp(path, "-") == 0 || planned);
		return;
	}
	grep_file_now(r, path, name, st, NULL);
}

/*
 * Search one file, whose stat the caller may know.  With at, the walk
 * knows only that it was a regular file: returns WINDOW_NOT_REGULAR,
 * having done nothing, when it no longer is, for the walk to look again;
 * else 0.
 */
static int
grep_file_now(struct run *r, const char *path, const char *name,
              const struct stat *known, const struct walk_at *at)
{
	struct stat st;
	/* What the walk found out about the file, when it did. */
	int have_st = known != NULL ? (st = *known, 1)
	              : at != NULL ? 0
	              : (strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st)
	                                        : stat(path, &st)) == 0;
	window_file *wf;
	char err[LS_ERRSZ];
	struct scan_result res;
	struct plan_params pa;
	uint64_t t0 = r->o->stats ? ls_now_ns() : 0;
	plan *p = NULL;
	timefmt *tf = NULL;
	int whole = 0;
	/* Where standard input stands (when it can be moved), to leave it
	 * where grep would: just after the last line -m selected, else where
	 * reading stopped. */
	int planned = r->tm != NULL || r->o->have_lines || r->o->line_last;
	off_t in_off = strcmp(path, "-") == 0 && !planned
	                   ? lseek(STDIN_FILENO, 0, SEEK_CUR)
	                   : -1;
	scanner *fsc = NULL, *saved_sc = NULL;
	uint64_t out0;
	int rc, follow_it;

	if (have_st && S_ISDIR(st.st_mode)) {
		file_warn(r, 1, name, strerror(EISDIR));
		scan_begin(r->sc, name);
		scan_end(r->sc, &res);
		r->last = res;
		return 0;
	}
	if (have_st && r->may_feed_back && r->out_regular &&
	    S_ISREG(st.st_mode) && st.st_dev == r->out_dev &&
	    st.st_ino == r->out_ino) {
		file_warn(r, 1, name, "input file is also the output");
		return 0;
	}
	if (at != NULL) {
		rc = window_open_at(&wf, at->dfd, at->base, at->follow,
		                    r->o->window_size, err);
		if (rc == WINDOW_NOT_REGULAR)
			return rc;
	} else if (have_st && known != NULL && S_ISREG(st.st_mode) &&
	           st.st_size > 0 && (uint64_t)st.st_size < WINDOW_OPEN_PROBE) {
		/* A small regular file the walk (or a worker's batch) has
		 * just looked at: one read, no fstat.  Links are followed as
		 * open(2) follows them; should it be something else now, it
		 * is opened as before. */
		rc = window_open_at(&wf, AT_FDCWD, path, 1, r->o->window_size,
		                    err);
		if (rc == WINDOW_NOT_REGULAR)
			rc = window_open(&wf, path, r->o->window_size, err);
	} else {
		rc = window_open(&wf, path, r->o->window_size, err);
	}
	if (rc < 0) {
		file_warn(r, 1, name, err);
		return 0;
	}
	/* -j 1: no thread but this one, decompressing included. */
	window_set_decoder_thread(wf, r->decode_thread);
	if (window_set_decompress(wf, r->o->decompress, err) < 0) {
		file_warn(r, 1, name, err);
		window_close(wf);
		return 0;
	}
	scan_set_size(r->sc, window_is_stream(wf) ? UINT64_MAX
	                                          : window_file_size(wf));
	window_set_io(wf, r->o->io);
	if (r->o->null_data)
		window_set_eol(wf, '\0');
	cli_plan_params(r->o, &pa);
	if (r->follow && !window_is_stream(wf) &&
	    window_format(wf) == DECOMP_NONE) {
		/* A file to follow keeps a scanner of its own. */
		fsc = scan_open(r->sp, r->re, r->out);
		scan_set_printed(fsc, r->fol_last != NULL
		                          ? scan_printed(r->fol_last)
		                          : scan_printed(r->sc));
		scan_set_size(fsc, window_file_size(wf));
		saved_sc = r->sc;
		r->sc = fsc;
	}
	out0 = output_total(r->out);
	if (r->json != NULL)
		json_begin(r, path, name, wf, &tf);
	/* A time or line range (--lines -N included) reads what the plan
	 * (and an index) selects, as slice does; otherwise the whole
	 * file. */
	/* A bar on a terminal's stderr, unless the lines go there too. */
	if (r->bar_ok && r->job == NULL && !window_is_stream(wf))
		r->prog = progress_open(STDERR_FILENO, name,
		                        window_file_size(wf));
	if (r->o->have_range)
		rc = grep_range(r, &pa, wf, path, name, &res, &p, &whole, err);
	if (r->o->have_range && !whole)
		; /* done */
	else if (planned)
		rc = scan_planned(r, &pa, wf, path, name, NULL, &res, &p, err);
	else
		rc = scan_file(r->sc, wf, name, NULL, 0, &res, err);
	if (whole && r->o->range_report)
		range_note(r, &res, res.binary_at != UINT64_MAX);
	progress_close(r->prog);
	r->prog = NULL;
	if (res.selected > 0)
		r->selected = 1;
	r->last = res;
	if (in_off >= 0 && window_format(wf) == DECOMP_NONE)
		(void)lseek(STDIN_FILENO, in_off + (off_t)res.next_off,
		            SEEK_SET);
	if (fsc != NULL) {
		r->sc = saved_sc;
		r->fol_last = fsc;
	} else if (r->follow) {
		file_warn(r, 0, name, "not following: not a regular file");
	}
	if (r->json != NULL)
		jsonout_end_file(r->json, res.bytes, res.binary_at);
	grep_report(r, name, out0, res.bytes);
	/* Followed: from where the search ended, once all are searched. */
	follow_it = fsc != NULL && rc == SCAN_DONE &&
	            (r->o->max_count < 0 ||
	             res.selected < (uint64_t)r->o->max_count);
	if (rc != SCAN_ERROR && window_warning(wf) != NULL &&
	    !r->o->no_messages) {
		/* A log still being compressed: a warning, not trouble. */
		run_msg(r, 0, "%s: %s", name, window_warning(wf));
	}
	if (rc == SCAN_ERROR)
		file_warn(r, 0, name, err);
	else if (res.binary && r->json == NULL) {
		run_msg(r, 0, "%s: binary file matches", name);
	}
	if (r->o->stats)
		print_stats(r, wf, name, &res, ls_now_ns() - t0);
	if (r->o->stats && p != NULL) {
		char line[2 * LS_ERRSZ + 4096];

		run_msg(r, 0, "stats: %s: %s", name,
		        plan_describe(plan_get_stats(p), window_get_stats(wf),
		                      line, sizeof(line)));
	}
	if (follow_it) {
		char *fpath = xstrdup(path);

		if (grep_follow_add(r, fpath, name, wf, p, tf, fsc, &res,
		                    err) == SCAN_DONE)
			return 0; /* the item has them now */
		free(fpath);
		file_warn(r, 0, name, err);
	}
	if (fsc != NULL) {
		if (r->fol_last == fsc)
			r->fol_last = NULL;
		scan_set_printed(r->sc, scan_printed(fsc));
		scan_close(fsc);
	}
	timefmt_close(tf);
	plan_close(p);
	window_close(wf);
	if (rc == SCAN_QUIT)
		r->quit = 1;
	return 0;
}

/* ---- --merge ---------------------------------------------------------- */

/* One file of a merged search: a source of the merge (merge.h), with a
 * scanner of its own whose output goes to the merge. */
struct gmsrc {
	const struct run *r;
	const char *path, *name;
	const struct plan_time *tm; /* entries set */
	merge_feed *f;
	scanner *sc;
	output *out;
	struct scan_params sp; /* --json: the run's, with this file's... */
	jsonout *jo;           /* ...printer */
	int selected;
	int status; /* 0, or -1: trouble */
};

/* An entry (or part of one) selected by the plan: searched as a region
 * of its own that continues the one before when they touch, and what
 * the search printed for it is a record of the merge. */
static int
gmerge_piece(void *ctx, const struct plan_piece *pc)
{
	struct gmsrc *s = ctx;
	struct region rg = {pc->offset, pc->offset + pc->len, pc->first_line};
	/* Decided now, as if nothing followed: an entry's output must be
	 * whole when its turn in the merge comes, so grep's rule that a NUL
	 * later in the same 96 KiB block makes a line binary looks only at
	 * what was read so far. */
	struct window w = {pc->data, pc->len, pc->offset, 1};
	int rc;

	if (merge_begin(s->f, pc->time, !pc->entry_start) < 0)
		return 2;
	scan_region(s->sc, &rg);
	rc = scan_window(s->sc, &w);
	if (output_flush(s->out) < 0)
		return 2;
	return rc;
}

/* Search one file into the merge (in a thread of its own).  Returns 0, or
 * -1 after reporting an error (unless -s silenced it). */
static int
gmerge_produce(void *ctx, merge_feed *f)
{
	struct gmsrc *s = ctx;
	const struct run *r = s->r;
	const struct options *o = r->o;
	char err[LS_ERRSZ];
	struct plan_params pa;
	struct scan_result res;
	window_file *wf;
	plan *p;
	int rc;

	s->f = f;
	cli_plan_params(o, &pa);
	rc = cli_open_plan(s->path, s->name, o, &pa, s->tm, &wf, &p, err);
	if (rc < 0) {
		/* -s: a file that cannot be opened is not talked about. */
		if (rc == -2 || !o->no_messages)
			cli_warn("%s: %s", s->name, err);
		return -1;
	}
	s->out = output_open_sink(merge_sink, f, 0);
	s->sp = *r->sp;
	if (r->json != NULL) {
		/* The file's messages go to the merge as its lines would. */
		s->jo = jsonout_open(s->out, r->re, o->invert);
		s->sp.sink_ctx = s->jo;
		jsonout_begin_file(s->jo, s->name, plan_timefmt(p),
		                   window_is_stream(wf) ? -1 : window_fd(wf));
	}
	s->sc = scan_open(&s->sp, r->re, s->out);
	scan_set_size(s->sc, window_is_stream(wf) ? UINT64_MAX
	                                          : window_file_size(wf));
	scan_begin(s->sc, s->name);
	rc = plan_run(p, gmerge_piece, s, err);
	if (rc < 0 && scan_error(s->sc) != NULL && scan_error(s->sc)[0])
		ls_errf(err, "%s", scan_error(s->sc));
	if (rc < 0) {
		/* What was printed of the entry being read when the file
		 * shrank: whole lines only. */
		output_flush(s->out);
		merge_cut_line(f);
	}
	/* Whatever the file's end prints belongs to its last entry. */
	merge_begin(f, INT64_MIN, 1);
	scan_end(s->sc, &res);
	if (s->jo != NULL)
		jsonout_end_file(s->jo, res.bytes, res.binary_at);
	output_flush(s->out);
	s->selected = res.selected > 0;
	if (rc < 0) {
		cli_warn("%s: %s", s->name, err);
		s->status = -1;
	} else if (!o->no_messages) {
		(void)cli_warn_data_end(s->name, wf);
	}
	if (rc >= 0 && res.binary && s->jo == NULL)
		cli_warn("%s: binary file matches", s->name);
	if (o->stats) {
		char line[2 * LS_ERRSZ + 4096];

		cli_warn("stats: %s: %s", s->name,
		         plan_describe(plan_get_stats(p), window_get_stats(wf),
		                       line, sizeof(line)));
	}
	scan_close(s->sc);
	output_close(s->out);
	plan_close(p);
	window_close(wf);
	return s->status;
}

/* Search o's files as one timeline (--merge): tm is the time range,
 * entries set. */
static void
grep_merge(struct run *r, const struct plan_time *tm)
{
	const struct options *o = r->o;
	static char dash_name[] = "-";
	char *dash[] = {dash_name};
	char **files = o->nfiles > 0 ? o->files : dash;
	size_t n = o->nfiles > 0 ? o->nfiles : 1;
	struct gmsrc *src = xcalloc(n, sizeof(*src));
	/* Each file has a printer of its own, --json's too: -j alone says
	 * how many are read at a time. */
	merge *m = merge_open(r->out, o->threads ? o->threads
	                                         : cli_online_cpus());

	for (size_t i = 0; i < n; i++) {
		src[i].r = r;
		src[i].path = files[i];
		src[i].name = strcmp(files[i], "-") == 0 ? r->label : files[i];
		src[i].tm = tm;
		merge_add(m, gmerge_produce, &src[i]);
	}
	if (merge_run(m) < 0)
		r->quit = 1;
	for (size_t i = 0; i < n; i++) {
		if (merge_source_status(m, i) < 0)
			r->trouble = 1;
		if (src[i].selected)
			r->selected = 1;
		if (src[i].jo != NULL)
			jsonout_add_totals(r->json, src[i].jo);
		jsonout_close(src[i].jo);
	}
	merge_close(m);
	free(src);
}

/* A directory entry: its name and what readdir() said it is. */
struct dent {
	char *name;
	int type; /* DENT_* */
};
enum { DENT_UNKNOWN, DENT_REG, DENT_DIR, DENT_LNK };

static int
dent_type(const struct dirent *de)
{
#if defined(DT_REG) && defined(DT_DIR) && defined(DT_LNK)
	switch (de->d_type) {
	case DT_REG:
		return DENT_REG;
	case DT_DIR:
		return DENT_DIR;
	case DT_LNK:
		return DENT_LNK;
	default: /* devices, FIFOs, sockets (-D decides) and unknown */
		return DENT_UNKNOWN;
	}
#else
	(void)de;
	return DENT_UNKNOWN;
#endif
}

static int
cmp_dents(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name,
	              ((const struct dent *)b)->name);
}

static char *
join_path(const char *dir, const char *ent)
{
	size_t dl = strlen(dir), el = strlen(ent);
	char *p = xmalloc(dl + el + 2);

	/* "dir//" names its files "dir/name", as grep does. */
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	memcpy(p, dir, dl);
	if (dl > 0 && dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, ent, el + 1);
	return p;
}

/* A directory being searched, and the ones above it: -R's loop check. */
struct dir_frame {
	dev_t dev;
	ino_t ino;
	const struct dir_frame *up;
};

/*
 * Search directory path (whose stat is st) and everything below it, in
 * name order.  Below the top, symbolic links are followed only with -R,
 * and only regular files and directories are read unless -D read asks for
 * devices too (a FIFO could block the run forever), as grep -r.  Files
 * and directories that --include/--exclude/--exclude-dir leave out are
 * skipped, and so are logscan's own index files.  name_skip drops a
 * leading "./" that the user did not type.
 */
static void
grep_dir(struct run *r, const char *path, size_t name_skip,
         const struct stat *dst, const struct dir_frame *up)
{
	DIR *d = opendir(path);
	struct dirent *de;
	struct dent *ents = NULL;
	size_t n = 0, cap = 0, i;
	struct dir_frame here = {dst->st_dev, dst->st_ino, up};
	/* Regular files are opened from here (one name to look up, not
	 * the path) and not stat'ed, when one thread searches them and
	 * nothing needs their stat: the size decides batches for the
	 * workers, and dev/ino whether a file is also the output. */
	int at_ok = r->pool == NULL && !(r->may_feed_back && r->out_regular);
	int dfd = -1;

	if (d == NULL) {
		file_warn(r, 1,
		          strlen(path) > name_skip ? path + name_skip : path,
		          strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ents = xreallocarray(ents, cap, sizeof(*ents));
		}
		ents[n].name = xstrdup(de->d_name);
		ents[n++].type = dent_type(de);
	}
	closedir(d);
	if (n > 1)
		qsort(ents, n, sizeof(*ents), cmp_dents);
	for (i = 0; i < n && !r->quit; i++) {
		const char *nm = ents[i].name;
		char *p = join_path(path, nm);
		struct stat st;
		int rc;

		if (ents[i].type == DENT_LNK && !r->o->dereference)
			goto next; /* what the lstat below would skip */
		if (ents[i].type == DENT_REG && at_ok) {
			struct walk_at at = {-1, nm, r->o->dereference};

			if (globsel_skip_file(r->sel, nm, 0) ||
			    index_is_index_name(nm))
				goto next;
			if (dfd < 0)
				dfd = open(path, O_RDONLY | O_DIRECTORY |
				                     O_CLOEXEC);
			at.dfd = dfd;
			/* Not a regular file any more: looked at again. */
			if (dfd >= 0 && grep_file_now(r, p, p + name_skip, NULL,
			                              &at) != WINDOW_NOT_REGULAR)
				goto next;
		}
		rc = r->o->dereference ? stat(p, &st) : lstat(p, &st);
		if (rc < 0) {
			file_warn(r, 1, p + name_skip, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			const struct dir_frame *f;

			if (globsel_skip_dir(r->sel, nm, 0))
				goto next;
			for (f = &here; f != NULL; f = f->up)
				if (f->dev == st.st_dev && f->ino == st.st_ino)
					break;
			if (f != NULL) {
				/* Only -R can get here: a link back up.
				 * grep warns and goes on, status unchanged. */
				if (!r->o->no_messages)
					run_msg(r, 0,
					        "%s: warning: recursive "
					        "directory loop",
					        p + name_skip);
				goto next;
			}
			/* One descriptor per level of the walk at most. */
			if (dfd >= 0)
				close(dfd);
			dfd = -1;
			grep_dir(r, p, name_skip, &st, &here);
		} else if (!S_ISLNK(st.st_mode) &&
		           !globsel_skip_file(r->sel, nm, 0) &&
		           !index_is_index_name(nm) &&
		           (S_ISREG(st.st_mode) ||
		            (is_device(st.st_mode) &&
		             r->o->devices == DEVS_READ))) {
			grep_file(r, p, p + name_skip, &st);
		}
	next:
		free(p);
	}
	if (dfd >= 0)
		close(dfd);
	for (i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

/* Search one FILE operand. */
static void
grep_operand(struct run *r, const char *path)
{
	struct stat st;
	int have_st;

	/* Standard input is never skipped nor recursed into. */
	if (strcmp(path, "-") == 0) {
		grep_file(r, path, r->label, NULL);
		return;
	}
	/* A file that cannot be looked at is reported by grep_file(). */
	have_st = stat(path, &st) == 0;
	if (have_st) {
		if (S_ISDIR(st.st_mode)) {
			if (r->o->directories == DIRS_SKIP ||
			    globsel_skip_dir(r->sel, path, 1))
				return;
			if (r->o->directories == DIRS_RECURSE) {
				grep_dir(r, path, 0, &st, NULL);
				return;
			}
		} else if (globsel_skip_file(r->sel, path, 1) ||
		           (is_device(st.st_mode) &&
		            r->o->devices == DEVS_SKIP)) {
			return;
		}
	}
	grep_file(r, path, path, have_st ? &st : NULL);
}

/* Read -f FILE ("-": standard input) whole: a NUL-terminated copy, its
 * length (it may hold NUL bytes) in *lenp. */
static char *
read_pattern_file(const char *path, size_t *lenp, char *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (f == NULL) {
		ls_errf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		ls_errf(err, "%s: %s", path, strerror(errno));
		free(buf);
		if (f != stdin)
			fclose(f);
		return NULL;
	}
	if (f != stdin)
		fclose(f);
	buf[len] = '\0';
	/* NUL bytes are searched for, as in grep: the length counts. */
	*lenp = len;
	return buf;
}

/*
 * Parse a number as GNU grep parses -m, -A, -B and -C (strtoimax in base
 * 10: blanks and a sign may lead, nothing may follow the digits), into
 * *out; a value beyond int64_t is clamped to it, as grep clamps to its
 * intmax_t.  Negative values are refused unless neg_ok.  Returns 0, or the
 * status of a usage error that names opt.
 */
static int
parse_number(const char *opt, const char *s, int neg_ok, int64_t *out)
{
	char *end;
	intmax_t v;

	errno = 0;
	v = strtoimax(s, &end, 10);
	if (end == s || *end != '\0')
		return cli_usage_error("grep", "bad %s value '%s': not a number",
		                       opt, s);
	if (v < 0 && !neg_ok)
		return cli_usage_error("grep",
		                       "bad %s value '%s': must not be negative",
		                       opt, s);
	*out = v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v;
	return 0;
}

/* qsort order of struct span: bytes, then length. */
struct span {
	const char *p;
	size_t n;
};

static int
cmp_spans(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/*
 * Whether GNU grep searches these patterns with its matcher for several
 * literal strings: -F, or -G/-E patterns without a special character, and
 * more than one distinct pattern (grep drops duplicates).  Two quirks of
 * grep's output hang on it (see scan_params' fresh_start and xw_newline).
 */
static int
several_literals(const struct options *o)
{
	const char *special = o->dialect == DIALECT_BRE ? "\\[*.^$"
	                                                : "\\[*.^$+?{}()|";
	struct span *v = NULL;
	size_t n = 0, i, distinct = 0;
	int literal = o->dialect != DIALECT_PCRE;

	for (i = 0; i < o->npatterns && literal; i++) {
		const char *p = o->patterns[i];
		const char *end = p + o->pattern_lens[i];

		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			size_t k;

			for (k = 0; k < len && o->dialect != DIALECT_FIXED; k++)
				if (p[k] != '\0' && strchr(special, p[k]) != NULL)
					break;
			if (o->dialect != DIALECT_FIXED && k < len) {
				literal = 0;
				break;
			}
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n].p = p;
			v[n++].n = len;
			if (nl == NULL)
				break;
			p = nl + 1;
		}
	}
	if (literal && n > 1) {
		qsort(v, n, sizeof(*v), cmp_spans);
		for (i = 0; i < n; i++)
			distinct += i == 0 || cmp_spans(&v[i - 1], &v[i]) != 0;
	}
	free(v);
	return literal && distinct > 1;
}

/*
 * Whether it is plain that no line can be selected, grep's test: -m 0, no
 * pattern at all (-f of an empty file) without -v, or -v with only empty
 * patterns (which match every line) and neither -x nor -w.
 */
static int
nothing_selectable(const struct options *o, int64_t max_count)
{
	size_t i;

	if (max_count == 0 || (o->npatterns == 0 && !o->invert))
		return 1;
	if (o->npatterns == 0 || !o->invert || o->line_regexp || o->word)
		return 0;
	for (i = 0; i < o->npatterns; i++) {
		size_t k;

		for (k = 0; k < o->pattern_lens[i]; k++)
			if (o->patterns[i][k] != '\n')
				return 0;
	}
	return 1;
}

/* What grep's options set besides struct options. */
struct grep_args {
	struct options *o;
	char **pats;      /* -e's, -f's lines and the operand pattern */
	size_t *plens;    /* their lengths (-f's may hold NUL bytes) */
	size_t npats;
	char **texts;     /* -f files read, freed at the end */
	size_t ntexts;
	int have_pattern; /* -e or -f was given */
	int dialect_given;
	uint64_t a_ctx, b_ctx, c_ctx; /* -A, -B, -C (and -NUM) */
	int have_a, have_b, have_c;
	int64_t max_count; /* -m as given; INT64_MAX: none (grep's) */
	int show_version;  /* -V */
	int line_buffered, json, follow;
	const char *label; /* --label */
	globsel *sel;      /* --include, --exclude... */
	int digit_optind;  /* the word of the last -NUM digit, or -1 */
};

static void
grep_args_free(struct grep_args *a)
{
	for (size_t i = 0; i < a->ntexts; i++)
		free(a->texts[i]);
	free(a->texts);
	free(a->pats);
	free(a->plens);
	globsel_free(a->sel);
}

static void
add_pattern(struct grep_args *a, char *p, size_t len)
{
	a->pats = xreallocarray(a->pats, a->npats + 1, sizeof(*a->pats));
	a->plens = xreallocarray(a->plens, a->npats + 1, sizeof(*a->plens));
	a->plens[a->npats] = len;
	a->pats[a->npats++] = p;
}

/* -f FILE: its lines are patterns.  Returns 0, or EXIT_TROUBLE after
 * reporting that it cannot be read. */
static int
add_pattern_file(struct grep_args *a, const char *path)
{
	char err[LS_ERRSZ];
	size_t len;
	char *text = read_pattern_file(path, &len, err);

	if (text == NULL) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	a->texts = xreallocarray(a->texts, a->ntexts + 1, sizeof(*a->texts));
	a->texts[a->ntexts++] = text;
	a->have_pattern = 1;
	if (len > 0) {
		/* One pattern per line; a final newline ends the last line
		 * rather than adding one. */
		if (text[len - 1] == '\n')
			text[--len] = '\0';
		add_pattern(a, text, len);
	}
	return 0;
}

/* -G, -E, -F, -P: GNU grep 3.8 refuses two different dialects. */
static int
set_dialect(struct grep_args *a, enum pattern_dialect d)
{
	if (a->dialect_given && a->o->dialect != d)
		return cli_usage_error("grep", "conflicting matchers specified");
	a->o->dialect = d;
	a->dialect_given = 1;
	return 0;
}

/* -A, -B, -C NUM as grep reads them. */
static int
set_context(struct grep_args *a, const struct opt_def *d, const char *arg)
{
	char name[4] = {'-', d->letters[0], '\0', '\0'};
	int64_t num;
	int status;

	if ((status = parse_number(name, arg, 0, &num)) != 0)
		return status;
	if (d->id == OID_AFTER_CONTEXT) {
		a->a_ctx = (uint64_t)num;
		a->have_a = 1;
	} else if (d->id == OID_BEFORE_CONTEXT) {
		a->b_ctx = (uint64_t)num;
		a->have_b = 1;
	} else {
		a->c_ctx = (uint64_t)num;
		a->have_c = 1;
	}
	return 0;
}

/*
 * -NUM is --context=NUM; adjacent digits of one word ("-12") make one
 * number, as in grep.  this_optind: the word the digit came from.
 */
static int
context_digit(struct grep_args *a, int c, int this_optind)
{
	if (a->digit_optind != this_optind)
		a->c_ctx = 0;
	if (a->c_ctx > (UINT64_MAX - 9) / 10)
		return cli_usage_error("grep", "bad context length: too large");
	a->c_ctx = a->c_ctx * 10 + (uint64_t)(c - '0');
	a->have_c = 1;
	a->digit_optind = this_optind;
	return 0;
}

/* The patterns' options: -e, -f, the dialects and how they match. */
static int
pattern_option(struct grep_args *a, const struct opt_def *d, const char *arg)
{
	struct options *o = a->o;

	switch (d->id) {
	case OID_REGEXP:
		add_pattern(a, (char *)arg, strlen(arg));
		a->have_pattern = 1;
		return 0;
	case OID_PATTERN_FILE:
		return add_pattern_file(a, arg);
	case OID_FIXED_STRINGS:
		return set_dialect(a, DIALECT_FIXED);
	case OID_EXTENDED_REGEXP:
		return set_dialect(a, DIALECT_ERE);
	case OID_BASIC_REGEXP:
		return set_dialect(a, DIALECT_BRE);
	case OID_PERL_REGEXP:
		return set_dialect(a, DIALECT_PCRE);
	case OID_IGNORE_CASE:
		o->ignore_case = 1;
		return 0;
	case OID_NO_IGNORE_CASE:
		o->ignore_case = 0;
		return 0;
	case OID_WORD_REGEXP:
		o->word = 1;
		return 0;
	case OID_LINE_REGEXP:
		o->line_regexp = 1;
		return 0;
	default:
		return 1;
	}
}

/* What is selected and how it is printed. */
static int
output_option(struct grep_args *a, const struct opt_def *d, const char *arg)
{
	struct options *o = a->o;

	switch (d->id) {
	case OID_INVERT_MATCH:
		o->invert = 1;
		return 0;
	case OID_COUNT:
		o->count = 1;
		return 0;
	case OID_FILES_WITH_MATCHES:
		/* -l and -L: the last one given wins, as in grep. */
		o->files_with_matches = 1;
		o->files_without_match = 0;
		return 0;
	case OID_FILES_WITHOUT_MATCH:
		o->files_without_match = 1;
		o->files_with_matches = 0;
		return 0;
	case OID_QUIET:
		o->quiet = 1;
		return 0;
	case OID_NO_MESSAGES:
		o->no_messages = 1;
		return 0;
	case OID_MAX_COUNT:
		return parse_number("-m", arg, 1, &a->max_count);
	case OID_LINE_NUMBER:
		o->line_number = 1;
		return 0;
	case OID_BYTE_OFFSET:
		o->byte_offset = 1;
		return 0;
	case OID_ONLY_MATCHING:
		o->only_matching = 1;
		return 0;
	case OID_NO_FILENAME:
		o->with_filename = 0;
		return 0;
	case OID_WITH_FILENAME:
		o->with_filename = 1;
		return 0;
	case OID_NULL:
		o->null_name = 1;
		return 0;
	case OID_NULL_DATA:
		o->null_data = 1;
		return 0;
	case OID_INITIAL_TAB:
		o->align_tabs = 1;
		return 0;
	case OID_LABEL:
		a->label = arg;
		return 0;
	case OID_AFTER_CONTEXT:
	case OID_BEFORE_CONTEXT:
	case OID_CONTEXT:
		return set_context(a, d, arg);
	case OID_GROUP_SEPARATOR:
		o->group_separator = arg;
		o->no_group_separator = 0;
		return 0;
	case OID_NO_GROUP_SEPARATOR:
		o->no_group_separator = 1;
		return 0;
	case OID_LINE_BUFFERED:
		a->line_buffered = 1;
		return 0;
	case OID_JSON:
		a->json = 1;
		return 0;
	case OID_FOLLOW:
		a->follow = 1;
		return 0;
	default:
		return 1;
	}
}

/* Which files are searched, and binary ones. */
static int
file_option(struct grep_args *a, const struct opt_def *d, const char *arg,
            uint64_t val)
{
	struct options *o = a->o;
	char err[LS_ERRSZ];

	switch (d->id) {
	case OID_TEXT:
		o->binary = BINARY_TEXT;
		return 0;
	case OID_SKIP_BINARY:
		o->binary = BINARY_SKIP;
		return 0;
	case OID_BINARY_FILES:
		o->binary = (enum binary_mode)val;
		return 0;
	case OID_DEREFERENCE_RECURSIVE:
		/* -R follows every symbolic link, wherever -r is. */
		o->dereference = 1;
		o->directories = DIRS_RECURSE;
		return 0;
	case OID_RECURSIVE:
		o->directories = DIRS_RECURSE;
		return 0;
	case OID_DIRECTORIES:
		o->directories = (enum dir_action)val;
		return 0;
	case OID_DEVICES:
		o->devices = (enum dev_action)val;
		return 0;
	case OID_INCLUDE:
		globsel_add(a->sel, arg, GLOBSEL_INCLUDE);
		return 0;
	case OID_EXCLUDE:
		globsel_add(a->sel, arg, GLOBSEL_EXCLUDE);
		return 0;
	case OID_EXCLUDE_DIR:
		globsel_add(a->sel, arg, GLOBSEL_EXCLUDE_DIR);
		return 0;
	case OID_EXCLUDE_FROM:
		if (globsel_add_file(a->sel, arg, err) < 0) {
			cli_warn("%s", err);
			return EXIT_TROUBLE;
		}
		return 0;
	case OID_BINARY:
		/* Binary mode for MS-DOS; nothing to do on POSIX. */
		return 0;
	case OID_VERSION:
		a->show_version = 1;
		return 0;
	default:
		return 1;
	}
}

/*
 * Read grep's options into o and a.  Returns CLIOPT_GO with optind at
 * the first operand, or an exit status to return at once (0 after
 * --help, EXIT_TROUBLE after a usage error).
 */
static int
grep_parse(int argc, char **argv, struct options *o, struct grep_args *a,
           unsigned *set)
{
	struct cliopt p;
	const struct opt_def *d;
	const char *arg;
	uint64_t val;
	int r, rc = CLIOPT_GO;

	cliopt_open(&p, "grep", "0123456789", 0);
	while (rc == CLIOPT_GO) {
		/* optind 0 asks getopt to start afresh, at 1. */
		int this_optind = optind ? optind : 1;

		r = cliopt_next(&p, argc, argv, &d, &arg, &val);
		if (r == 0)
			break;
		if (r < 0) {
			rc = EXIT_TROUBLE;
			break;
		}
		if (r == 2) {
			if ((r = context_digit(a, (int)val, this_optind)) != 0)
				rc = r;
			continue;
		}
		a->digit_optind = -1;
		if (d->id == OID_HELP) {
			cmd_grep_help(stdout);
			rc = fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		} else if ((r = pattern_option(a, d, arg)) == 1 &&
		           (r = output_option(a, d, arg)) == 1 &&
		           (r = file_option(a, d, arg, val)) == 1 &&
		           (r = cliopt_common(&p, d, arg, val, o, set)) == 1) {
			rc = cli_usage_error("grep", "--%s is not for grep",
			                     d->name);
		} else if (r != 0) {
			rc = r;
		}
	}
	cliopt_close(&p);
	return rc;
}

/* The combinations of options that grep refuses.  Returns 0, or the
 * status of the usage error reported. */
static int
grep_check_usage(const struct options *o, const struct grep_args *a,
                 int argc, char **argv)
{
	if (a->json &&
	    (o->count || o->files_with_matches || o->files_without_match))
		/* As ripgrep: those print no lines to describe. */
		return cli_usage_error("grep", "--json cannot be used with %s",
		                       o->count ? "-c"
		                       : o->files_with_matches ? "-l"
		                                               : "-L");
	if (a->follow && (o->count || o->files_with_matches ||
	                  o->files_without_match || o->quiet))
		return cli_usage_error(
		    "grep", "--follow cannot be used with %s",
		    o->count ? "-c" : o->files_with_matches ? "-l"
		                    : o->files_without_match ? "-L" : "-q");
	if (a->follow) {
		/* Files by name: they can be opened again when rotated. */
		int bad = argc - optind <= 1 - a->have_pattern ||
		          o->directories == DIRS_RECURSE;

		for (int k = optind + 1 - a->have_pattern; k < argc && !bad;
		     k++)
			bad = strcmp(argv[k], "-") == 0;
		if (bad)
			return cli_usage_error(
			    "grep", "--follow takes FILEs by name (not standard "
			            "input, not -r)");
	}
	if (o->merge && (a->follow || o->null_data || o->have_range ||
	                 o->directories == DIRS_RECURSE))
		return cli_usage_error(
		    "grep", "--merge cannot be used with %s",
		    a->follow ? "--follow" : o->null_data ? "-z"
		    : o->have_range ? "--range" : "-r");
	/* Line ranges and time ranges are counted in '\n' lines, by the
	 * index too: they do not mix with -z's records. */
	if (o->null_data && (o->since != NULL || o->until != NULL ||
	                     o->have_lines || o->line_last != 0))
		return cli_usage_error(
		    "grep", "-z cannot be combined with %s",
		    o->have_lines || o->line_last != 0 ? "--lines"
		    : o->since != NULL                 ? "--since"
		                                       : "--until");
	return 0;
}

/* The patterns (the first operand unless -e or -f gave them), the files
 * and -m's limit into o.  Returns 0, or the status of a usage error. */
static int
grep_take_operands(struct options *o, struct grep_args *a, int argc,
                   char **argv)
{
	/* A negative -m selects no line under -v and does not limit
	 * anything else: grep counts it down from below zero. */
	o->max_count = a->max_count < 0 ? (o->invert ? 0 : -1)
	               : a->max_count == INT64_MAX ? -1
	                                           : a->max_count;
	if (!a->have_pattern) {
		if (optind >= argc)
			return cli_usage_error("grep", "no pattern given");
		add_pattern(a, argv[optind], strlen(argv[optind]));
		optind++;
	}
	o->patterns = a->pats;
	o->pattern_lens = a->plens;
	o->npatterns = a->npats;
	o->files = argv + optind;
	o->nfiles = (size_t)(argc - optind);
	return 0;
}

/* Whether o asks for a merged timeline: -c, -l, -L and -q are per file,
 * and a merge changes nothing for them. */
static int
merging(const struct options *o)
{
	return o->merge && !o->count && !o->files_with_matches &&
	       !o->files_without_match && !o->quiet;
}

/*
 * The time context: for a time range (bad times and formats stop the
 * run before any file is read), for --merge, or for --json's timestamps
 * under --time-format.  *tc stays NULL when neither.  Returns 0, or -1 after
 * reporting the error.
 */
static int
grep_open_times(const struct options *o, const struct conf *conf, int json,
                timectx **tc, struct plan_time *tm)
{
	char err[LS_ERRSZ];
	int range = o->since != NULL || o->until != NULL;

	/* --merge reads every file's times, with or without a range. */
	tm->since = INT64_MIN;
	tm->until = INT64_MAX;
	if (!range && !merging(o) && !(json && o->time_format != NULL))
		return 0;
	if (cli_open_timectx(o, conf, tc) < 0)
		return -1;
	tm->tc = *tc;
	tm->auto_index_min = PLAN_AUTO_INDEX_MIN;
	if (!range)
		return 0;
	if (timectx_range(*tc, o->since, o->until, timectx_now_ns(),
	                  &tm->since, &tm->until, err) < 0) {
		cli_warn("%s", err);
		return -1;
	}
	return 0;
}

/* Settle what the flags leave to the situation: context lines, colour
 * (and its palette, *pal), file names. */
static void
grep_settle_output(struct options *o, const struct grep_args *a,
                   palette **pal)
{
	struct stat st;

	/* -A and -B win over -C whatever the order, as in grep. */
	o->after = a->have_a ? a->a_ctx : a->c_ctx;
	o->before = a->have_b ? a->b_ctx : a->c_ctx;
	if (o->color == COLOR_AUTO)
		o->color = cli_color_auto() ? COLOR_ALWAYS : COLOR_NEVER;
	if (o->color == COLOR_ALWAYS) {
		const char *legacy = getenv("GREP_COLOR");

		*pal = palette_open(legacy, getenv("GREP_COLORS"));
		if (palette_legacy_used(*pal))
			cli_warn("warning: GREP_COLOR='%s' is deprecated; use "
			         "GREP_COLORS='mt=%s'",
			         legacy, legacy);
	}
	/* Names go with lines from several files, or from a directory
	 * searched with -r. */
	if (o->with_filename < 0)
		o->with_filename =
		    o->nfiles > 1 ||
		    (o->directories == DIRS_RECURSE &&
		     (o->nfiles == 0 ||
		      (stat(o->files[0], &st) == 0 && S_ISDIR(st.st_mode))));
}

/* Compile o's patterns into *re (utf8: the locale's codeset is UTF-8)
 * and pass on GNU grep's warnings about them, as it words them.  Returns
 * 0, or -1 after reporting the error. */
static int
grep_compile(const struct options *o, int utf8, regex **re)
{
	unsigned flags = 0;
	char err[LS_ERRSZ];
	const char *w;

	if (o->dialect == DIALECT_FIXED)
		flags |= REGEX_FIXED;
	else if (o->dialect == DIALECT_ERE)
		flags |= REGEX_ERE;
	else if (o->dialect == DIALECT_BRE)
		flags |= REGEX_BRE;
	if (o->ignore_case)
		flags |= REGEX_ICASE;
	if (o->word)
		flags |= REGEX_WORD;
	if (o->line_regexp)
		flags |= REGEX_LINE;
	if (o->null_data)
		flags |= REGEX_NULL_DATA;
	if (utf8)
		flags |= REGEX_UTF;
	if (regex_compile_n(re, (const char *const *)o->patterns,
	                    o->pattern_lens, o->npatterns, flags, err) < 0) {
		cli_warn("%s", err);
		return -1;
	}
	for (w = regex_warnings(*re); *w != '\0';) {
		const char *nl = strchr(w, '\n');

		cli_warn("warning: %.*s", (int)(nl - w), w);
		w = nl + 1;
	}
	return 0;
}

/* The scanner's parameters from the options; r is the run the progress
 * callback reports to. */
static void
grep_scan_params(struct scan_params *sp, const struct options *o,
                 const struct grep_args *a, palette *pal, int utf8,
                 struct run *r)
{
	memset(sp, 0, sizeof(*sp));
	sp->invert = o->invert;
	sp->count = o->count;
	sp->list_files = o->files_with_matches;
	sp->list_nonmatching = o->files_without_match;
	sp->quiet = o->quiet;
	sp->line_number = o->line_number;
	sp->byte_offset = o->byte_offset;
	sp->only_matching = o->only_matching;
	sp->with_filename = o->with_filename;
	sp->max_count = o->max_count;
	sp->before = o->before;
	sp->after = o->after;
	sp->separators =
	    (a->have_a || a->have_b || a->have_c) && !o->no_group_separator;
	sp->group_sep = o->group_separator;
	sp->null_name = o->null_name;
	sp->align_tabs = o->align_tabs;
	sp->fresh_start = o->word && several_literals(o);
	sp->xw_newline = o->word && o->line_regexp &&
	                 o->dialect != DIALECT_PCRE && !several_literals(o);
	sp->binary = o->binary;
	sp->color = o->color == COLOR_ALWAYS;
	sp->palette = pal;
	sp->count_lines = o->stats || a->follow;
	sp->progress = grep_progress;
	sp->progress_ctx = r;
	sp->null_data = o->null_data;
	sp->utf8_text = utf8;
	if (a->json) {
		/* Every line goes to the printer, whole and bare. */
		sp->line_sink = jsonout_line;
		sp->with_filename = sp->line_number = sp->byte_offset = 0;
		sp->only_matching = sp->color = sp->separators = 0;
		sp->align_tabs = sp->null_name = 0;
	}
}

/* Set the run r up: the options, the output (and --json's printer), the
 * scanner, the threads. */
static void
grep_run_open(struct run *r, struct options *o, const struct grep_args *a,
              regex *re, timectx *tc, struct plan_time *tm,
              struct scan_params *sp, struct run *proto)
{
	struct stat ost;
	unsigned threads;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->re = re;
	r->label = a->label;
	r->tm = tc && (o->since != NULL || o->until != NULL) ? tm : NULL;
	r->tm_all = tm;
	r->sel = a->sel;
	r->follow = a->follow;
	/* An input that is also standard output is refused when its lines
	 * could be printed into it: not with -c, -l, -L or -q, nor -m 1 or
	 * less (grep's exemptions). */
	r->bar_ok = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
	if (fstat(STDOUT_FILENO, &ost) == 0 && S_ISREG(ost.st_mode)) {
		r->out_regular = 1;
		r->out_dev = ost.st_dev;
		r->out_ino = ost.st_ino;
	}
	r->may_feed_back = !o->count && !o->quiet && !o->files_with_matches &&
	                   !o->files_without_match && a->max_count > 1;
	r->out = output_open(STDOUT_FILENO, 0, a->line_buffered);
	if (a->json) {
		r->json = jsonout_open(r->out, re, o->invert);
		r->json_tc = tc;
		sp->sink_ctx = r->json;
	}
	r->sc = scan_open(sp, re, r->out);
	r->sp = sp;
	threads = o->threads ? o->threads : cli_online_cpus();
	/* A decoder thread whenever -j allows a second thread. */
	r->decode_thread = threads > 1;
	/* --json's printer keeps one run's state, and --follow waits for
	 * the files together: one thread. */
	if (r->json != NULL || a->follow)
		threads = 1;
	r->threads = threads;
	r->proto_slot = proto;
}

/* Search every operand (or standard input, or . under -r), then follow
 * them under --follow, and wait for the workers. */
static void
grep_search_all(struct run *r)
{
	const struct options *o = r->o;
	struct stat dst;

	if (merging(o)) {
		struct plan_time mtm = *r->tm_all;

		/* Every entry has a time, the lines before a file's first
		 * timestamp included, unless a time range leaves them out;
		 * a whole merge builds no index. */
		mtm.entries = 1;
		mtm.keep_head = r->tm == NULL;
		if (r->tm == NULL)
			mtm.auto_index_min = UINT64_MAX;
		grep_merge(r, &mtm);
		return;
	}
	/* Several files: each a job for the workers (see par.h). */
	if (r->threads > 1 && (o->nfiles > 1 || o->directories == DIRS_RECURSE))
		ensure_pool(r);
	if (o->nfiles == 0 && o->directories == DIRS_RECURSE) {
		if (stat(".", &dst) < 0)
			file_warn(r, 1, ".", strerror(errno));
		else
			grep_dir(r, ".", 2, &dst, NULL);
	} else if (o->nfiles == 0) {
		grep_operand(r, "-");
	}
	for (size_t i = 0; i < o->nfiles && !r->quit; i++)
		grep_operand(r, o->files[i]);
	if (!r->quit)
		grep_follow_all(r);
	if (r->pool == NULL)
		return;
	flush_batch(r);
	par_drain(r->pool);
	if (o->stats) {
		output_flush(r->out);
		cli_warn("stats: %u threads, %llu files and %llu parts of files "
		         "searched by them, %.3f s waiting for output in order",
		         r->threads, (unsigned long long)r->files,
		         (unsigned long long)r->chunks,
		         (double)par_wait_ns(r->pool) / 1e9);
	}
	par_close(r->pool);
	r->pool = NULL;
}

/* Finish the output and decide the exit status, once, at the end. */
static int
grep_finish(struct run *r)
{
	const struct options *o = r->o;

	if (r->json != NULL && !o->quiet)
		jsonout_summary(r->json);
	output_flush(r->out);
	if (output_error(r->out)) {
		/* The disk is full, or the reader went away while SIGPIPE
		 * is ignored: say so once. */
		cli_write_error(output_error(r->out));
		r->trouble = 1;
		r->selected = o->quiet && r->selected;
	}
	if (o->quiet && r->selected)
		return EXIT_SELECTED;
	if (r->trouble)
		return EXIT_TROUBLE;
	return r->selected ? EXIT_SELECTED : EXIT_NONE;
}

static void
grep_run_close(struct run *r)
{
	scan_close(r->sc);
	jsonout_close(r->json);
	output_close(r->out);
}

int
cmd_grep(int argc, char **argv)
{
	struct options o;
	struct grep_args a;
	struct scan_params sp;
	struct run r, proto;
	struct plan_time tm;
	struct conf *conf = NULL;
	timectx *tc = NULL;
	palette *pal = NULL;
	regex *re = NULL;
	char err[LS_ERRSZ];
	unsigned set = 0; /* flags the config must not override */
	int status, utf8;

	options_init(&o);
	memset(&tm, 0, sizeof(tm));
	memset(&a, 0, sizeof(a));
	a.o = &o;
	a.sel = globsel_new();
	a.max_count = INT64_MAX;
	a.label = "(standard input)";
	a.digit_optind = -1;
	if ((status = grep_parse(argc, argv, &o, &a, &set)) != CLIOPT_GO)
		goto out;
	if (a.show_version) {
		/* As grep: -V wins over everything but a bad option. */
		status = cli_print_version();
		goto out;
	}
	if ((status = grep_check_usage(&o, &a, argc, argv)) != 0 ||
	    (status = grep_take_operands(&o, &a, argc, argv)) != 0)
		goto out;
	/* The config goes beneath the flags, before any file is read. */
	status = EXIT_TROUBLE;
	if (cli_conf_layer(&o, set, &conf, err) < 0) {
		cli_warn("%s", err);
		goto out;
	}
	cli_check_index_dir(&o);
	if (grep_open_times(&o, conf, a.json, &tc, &tm) < 0)
		goto out;
	grep_settle_output(&o, &a, &pal);
	if (nothing_selectable(&o, a.max_count) &&
	    (!o.files_without_match || o.quiet)) {
		/* grep then reads nothing at all, and neither do we; -L
		 * still lists (and so opens) every file, unless -q silences
		 * it. */
		status = EXIT_NONE;
		goto out;
	}
	utf8 = cli_utf8_locale();
	if (grep_compile(&o, utf8, &re) < 0)
		goto out;
	grep_scan_params(&sp, &o, &a, pal, utf8, &r);
	grep_run_open(&r, &o, &a, re, tc, &tm, &sp, &proto);
	if (cli_chunk_size(&o, &r.chunk_size) == 0) {
		grep_search_all(&r);
		status = grep_finish(&r);
	}
	grep_run_close(&r);
out:
	grep_args_free(&a);
	palette_free(pal);
	timectx_close(tc);
	conf_free(conf);
	regex_free(re);
	return status;
}
