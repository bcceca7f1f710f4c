/*
 * cmd_info.c - `logscan info`: what the index knows about each file, as one
 * YAML document per file, written with libyaml's emitter so that any YAML
 * parser reads it back.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <yaml.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"
#include "conf.h"
#include "index.h"
#include "newline.h"
#include "options.h"
#include "timectx.h"
#include "util.h"
#include "window.h"
#include "yamlout.h"

void
cmd_info_help(FILE *out)
{
	cli_print_usage(out, "info");
	fputs("\n"
	      "Print, as YAML (one document per FILE), what the index knows "
	      "about each FILE:\n"
	      "its size and lines, the index file, its groups and "
	      "parameters, and whether\n"
	      "it is fresh, appended to, stale, missing or corrupt; and the "
	      "file's timestamp\n"
	      "format and its first and last timestamps (in UTC).  Nothing "
	      "is built.\n"
	      "\n",
	      out);
	cliopt_help(out, "info", 0);
}

/* ---- emitting --------------------------------------------------------- */

/*
 * Each file's document is emitted as a stream of its own into buf, and
 * written out only when it is complete: a document the emitter rejects is
 * reported and skipped without leaving the emitter broken for the rest,
 * and a write error is seen where it happens.
 */
struct emit {
	yaml_emitter_t em;
	int failed;
	unsigned char *buf;
	size_t len, cap;
	int write_errno; /* set when stdout failed */
};

static int
buffer_write(void *data, unsigned char *p, size_t n)
{
	struct emit *e = data;

	if (e->cap - e->len < n) {
		while (e->cap - e->len < n)
			e->cap = e->cap ? e->cap * 2 : 1024;
		e->buf = xrealloc(e->buf, e->cap);
	}
	memcpy(e->buf + e->len, p, n);
	e->len += n;
	return 1;
}

/* Emit ev, which is consumed either way. */
static void
emit_event(struct emit *e, yaml_event_t *ev)
{
	if (e->failed)
		yaml_event_delete(ev);
	else if (!yaml_emitter_emit(&e->em, ev))
		e->failed = 1;
}

static void
emit_scalar(struct emit *e, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	char *clean = ls_utf8_clean(s);

	/* Every string value goes through the one quoting rule. */
	if (style == YAML_ANY_SCALAR_STYLE)
		style = yamlout_style(clean);
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)clean,
	                                  (int)strlen(clean), 1, 1, style))
		e->failed = 1;
	else
		emit_event(e, &ev);
	free(clean);
}

static void
emit_str(struct emit *e, const char *key, const char *val)
{
	emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
	if (val == NULL)
		emit_scalar(e, "null", YAML_PLAIN_SCALAR_STYLE);
	else
		emit_scalar(e, val, YAML_ANY_SCALAR_STYLE);
}

/* Paths are always double-quoted: any rule for when a name needs quotes
 * ("<<" is a merge key, "=" a value key) is one more way to get it wrong. */
static void
emit_path(struct emit *e, const char *key, const char *path)
{
	emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
	if (path == NULL)
		emit_scalar(e, "null", YAML_PLAIN_SCALAR_STYLE);
	else
		emit_scalar(e, path, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	/* YAML text is Unicode: a name that is not UTF-8 is shown with
	 * U+FFFD, and its exact bytes follow as KEY_bytes in base64. */
	if (path != NULL && !yamlout_is_utf8(path)) {
		char name[64], *b64 = yamlout_base64(path);

		snprintf(name, sizeof(name), "%s_bytes", key);
		emit_scalar(e, name, YAML_PLAIN_SCALAR_STYLE);
		emit_scalar(e, b64, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
		free(b64);
	}
}

static void
emit_u64(struct emit *e, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
	emit_scalar(e, buf, YAML_PLAIN_SCALAR_STYLE);
}

static void
emit_null(struct emit *e, const char *key)
{
	emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
	emit_scalar(e, "null", YAML_PLAIN_SCALAR_STYLE);
}

/* Start a new one-document stream in e; returns 0, or -1 when the emitter
 * cannot be set up. */
static int
emit_start(struct emit *e)
{
	yaml_event_t ev;

	e->failed = 0;
	e->len = 0;
	if (!yaml_emitter_initialize(&e->em))
		return -1;
	yaml_emitter_set_output(&e->em, buffer_write, e);
	yaml_emitter_set_unicode(&e->em, 1);
	yaml_emitter_set_width(&e->em, -1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit_event(e, &ev);
	return 0;
}

/*
 * End the stream and write the document to stdout.  Returns 0; -1 when
 * the emitter failed (reported: the document is dropped); -2 on a write
 * error (not reported; e->write_errno says why).
 */
static int
emit_finish(struct emit *e, const char *file)
{
	yaml_event_t ev;
	int r = 0;

	yaml_stream_end_event_initialize(&ev);
	emit_event(e, &ev);
	if (!e->failed && !yaml_emitter_flush(&e->em))
		e->failed = 1;
	if (e->failed) {
		cli_warn("%s: cannot write YAML: %s", file,
		         e->em.problem ? e->em.problem : "emitter error");
		r = -1;
	} else if (fwrite(e->buf, 1, e->len, stdout) != e->len ||
	           fflush(stdout) != 0) {
		/* One document at a time reaches stdout, in order with
		 * warnings. */
		e->write_errno = errno ? errno : EIO;
		r = -2;
	}
	yaml_emitter_delete(&e->em);
	return r;
}

static void
emit_bool(struct emit *e, const char *key, int v)
{
	emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
	emit_scalar(e, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

static void
emit_time(struct emit *e, const char *key, int64_t ns)
{
	char buf[TIMECTX_ISO_SIZE];

	emit_str(e, key, timectx_format_ns(ns, buf));
}

static void
emit_mapping(struct emit *e, int start)
{
	yaml_event_t ev;

	if (start)
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		                                    YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_mapping_end_event_initialize(&ev);
	emit_event(e, &ev);
}

/* ---- counting the tail ------------------------------------------------ */

struct tail_count {
	uint64_t lines;
	int last_nl;
};

static int
count_window(void *ctx, const struct window *w)
{
	struct tail_count *t = ctx;

	t->lines += newline_count(w->data, w->len);
	if (w->len > 0)
		t->last_nl = w->data[w->len - 1] == '\n';
	return 0;
}

/*
 * Lines of the whole log when the index covers a prefix of it: the index's
 * complete lines plus those of [tail_off, end).  Returns 0 or -1.
 */
static int
count_lines_appended(window_file *wf, const struct index_data *d,
                     uint64_t *lines, char *err)
{
	struct tail_count t = {0, 1};
	uint64_t complete =
	    d->total_lines - ((d->flags & INDEX_F_PARTIAL_LAST) ? 1 : 0);

	if (window_scan(wf, d->tail_off, UINT64_MAX, count_window, &t, err) < 0)
		return -1;
	*lines = complete + t.lines + (t.last_nl ? 0 : 1);
	return 0;
}

/* ---- one document ----------------------------------------------------- */

/* Why a compressed log's index holds no restart point. */
static const char *
random_access_note(const struct index_data *d)
{
	switch (d->comp_format) {
	case DECOMP_GZIP:
		return "none: the log is too short for a restart point";
	case DECOMP_ZSTD:
		return "none: one zstd frame, so slices decompress from the "
		       "start (pzstd, or zstd run on pieces, writes several)";
	case DECOMP_XZ:
		return "none: one xz block, so slices decompress from the "
		       "start (xz -T0, or --block-size, writes several)";
	default:
		return "none: the log is too short for a restart point (a "
		       "bzip2 block holds up to 900 kB of it), so slices "
		       "decompress from the start";
	}
}

/*
 * The last timestamp of a compressed log, which can only be read
 * forward: from the last group of a fresh index (the decoder restarts at
 * the nearest restart point before it), else from the start, the cost of
 * one full decompression.  Returns as timectx_time_last().
 */
static int
compressed_last(const timefmt *tf, window_file *wf,
                const struct index_lookup *lk, int64_t *ns, char *err)
{
	uint64_t start = 0;

	if (lk->state == INDEX_STATE_FRESH && lk->data.ngroups > 0) {
		window_set_points(wf, lk->data.points, lk->data.npoints);
		start = lk->data.groups[lk->data.ngroups - 1].offset;
	}
	return timectx_time_last(tf, wf, start, ns, err);
}

/* What info shows of one file, gathered before anything is emitted. */
struct info_facts {
	const char *file;
	window_file *wf;
	uint64_t size;		 /* of the log at open */
	struct index_lookup lk;  /* the index found, and its freshness */
	int have_lk;
	timefmt *tf;		 /* the file's timestamp format, or NULL */
	int found;		 /* timectx_file_named()'s answer */
	int have_first, have_last;
	int64_t first, last;	 /* the first and last timestamps */
	int have_lines;
	uint64_t lines;		 /* from a fresh or appended-to index */
};

static void
info_facts_free(struct info_facts *f)
{
	timefmt_close(f->tf);
	if (f->have_lk)
		index_lookup_free(&f->lk);
	window_close(f->wf);
}

/* The first and last timestamps, read from the file itself.  Returns 0,
 * or -1 with err filled. */
static int
info_times(struct info_facts *f, const timectx *tc, char *err)
{
	f->found = timectx_file_named(tc, f->file, f->wf, &f->tf, err);
	if (f->found < 0)
		return -1;
	if (f->found != TIMECTX_FOUND)
		return 0;
	f->have_first = timectx_time_after(f->tf, f->wf, 0, &f->first, err);
	if (f->have_first < 0)
		return -1;
	if (window_format(f->wf) != DECOMP_NONE)
		f->have_last = compressed_last(f->tf, f->wf, &f->lk, &f->last,
		                               err);
	else
		f->have_last = timectx_time_before(f->tf, window_fd(f->wf),
		                                   f->size, &f->last, NULL,
		                                   err);
	return f->have_last < 0 ? -1 : 0;
}

/* The number of lines, when an index that can be used says it.  Returns
 * 0, or -1 with err filled. */
static int
info_lines(struct info_facts *f, char *err)
{
	if (f->lk.state == INDEX_STATE_FRESH) {
		f->lines = f->lk.data.total_lines;
		f->have_lines = 1;
	} else if (f->lk.state == INDEX_STATE_APPENDED) {
		if (count_lines_appended(f->wf, &f->lk.data, &f->lines, err) <
		    0)
			return -1;
		f->have_lines = 1;
	}
	return 0;
}

/* Open file and gather its facts.  Returns 0, or -1 after reporting the
 * error, with nothing left open. */
static int
info_gather(struct info_facts *f, const char *file, const struct options *o,
            const timectx *tc)
{
	char err[LS_ERRSZ];
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->file = file;
	if (index_open_log(&f->wf, file, 0, err) < 0) {
		cli_warn("%s: %s", file, err);
		return -1;
	}
	if (fstat(window_fd(f->wf), &st) < 0 || !S_ISREG(st.st_mode)) {
		cli_warn("%s: not a regular file; it has no index", file);
		info_facts_free(f);
		return -1;
	}
	f->size = (uint64_t)st.st_size;
	if (index_lookup(&f->lk, file, o->index_dir, f->wf, err) < 0)
		goto fail;
	f->have_lk = 1;
	if (info_times(f, tc, err) < 0 || info_lines(f, err) < 0)
		goto fail;
	/* The last timestamp of a compressed log is read at its end. */
	(void)cli_warn_data_end(file, f->wf);
	return 0;
fail:
	cli_warn("%s: %s", file, err);
	info_facts_free(f);
	return -1;
}

/* lines: the number, "not indexed", or "unknown (index STATE)". */
static void
emit_lines(struct emit *e, const struct info_facts *f)
{
	char what[64];

	if (f->have_lines) {
		emit_u64(e, "lines", f->lines);
	} else if (f->lk.state == INDEX_STATE_MISSING ||
	           f->lk.state == INDEX_STATE_NONE) {
		emit_str(e, "lines", "not indexed");
	} else { /* counted only by a usable index */
		snprintf(what, sizeof(what), "unknown (index %s)",
		         index_state_name(f->lk.state));
		emit_str(e, "lines", what);
	}
}

/* The usable index's parameters and times, and whether a time query run
 * with these settings can use them. */
static void
emit_index_data(struct emit *e, const struct info_facts *f,
                const timectx *tc)
{
	const struct index_data *d = &f->lk.data;
	struct index_timing t;
	char why[LS_ERRSZ];
	int64_t lo, hi;

	emit_u64(e, "version", INDEX_VERSION);
	emit_u64(e, "groups", d->ngroups);
	emit_u64(e, "group_lines", d->group_lines);
	emit_u64(e, "group_bytes", d->group_bytes);
	emit_u64(e, "indexed_size", d->id.size);
	emit_u64(e, "indexed_lines", d->total_lines);
	if (d->flags & INDEX_F_COMPRESSED) {
		/* Where a slice can start decompressing. */
		emit_u64(e, "restart_points", d->npoints);
		if (d->npoints == 0)
			emit_str(e, "random_access", random_access_note(d));
	}
	emit_str(e, "time_format", d->time_format[0] ? d->time_format : NULL);
	if (index_time_span(d, &lo, &hi)) {
		emit_time(e, "earliest", lo);
		emit_time(e, "latest", hi);
	}
	t.tf = f->tf;
	t.zone = timectx_zone(tc);
	if (d->time_format[0] == '\0') {
		/* Nothing to serve a time query with, whatever it would
		 * match. */
		emit_bool(e, "times_usable", 0);
		emit_str(e, "times_reason", "no timestamps: line queries only");
	} else if (index_times_match(d, &t, why)) {
		emit_bool(e, "times_usable", 1);
	} else {
		emit_bool(e, "times_usable", 0);
		emit_str(e, "times_reason", why);
	}
}

/* index: the index file, whose it is, its freshness and, when it can be
 * used, what it holds. */
static void
emit_index(struct emit *e, const struct info_facts *f, const timectx *tc)
{
	const struct index_lookup *lk = &f->lk;
	char uid[32];

	emit_scalar(e, "index", YAML_PLAIN_SCALAR_STYLE);
	emit_mapping(e, 1);
	emit_path(e, "path", lk->path);
	if (lk->path && lk->state != INDEX_STATE_UNREADABLE)
		emit_u64(e, "size", lk->file_size);
	else
		emit_null(e, "size");
	/* Whose it is, and whether a query believes it. */
	if (lk->path != NULL && lk->owner.uid >= 0) {
		snprintf(uid, sizeof(uid), "%ld", lk->owner.uid);
		emit_scalar(e, "owner", YAML_PLAIN_SCALAR_STYLE);
		emit_scalar(e, uid, YAML_PLAIN_SCALAR_STYLE);
		emit_bool(e, "trusted", lk->owner.trusted);
	} else {
		emit_null(e, "owner");
		emit_null(e, "trusted");
	}
	emit_str(e, "freshness", index_state_name(lk->state));
	if (lk->state == INDEX_STATE_APPENDED)
		emit_u64(e, "appended_bytes", lk->appended);
	if (lk->reason[0])
		emit_str(e, "reason", lk->reason);
	if (lk->state == INDEX_STATE_FRESH || lk->state == INDEX_STATE_APPENDED)
		emit_index_data(e, f, tc);
	emit_mapping(e, 0);
}

/* The file's own times: its format (with a year-less format's year and
 * why) and the first and last timestamps. */
static void
emit_file_times(struct emit *e, const struct info_facts *f)
{
	int found = f->found == TIMECTX_FOUND, ry, rm;

	emit_str(e, "time_format", found ? timefmt_chosen(f->tf)->name : NULL);
	if (found && (timefmt_chosen(f->tf)->flags & TIMEFMT_NO_YEAR)) {
		/* A year-less format: the year of the last entry, and why. */
		timefmt_reference(f->tf, &ry, &rm);
		emit_u64(e, "year_assumed", (uint64_t)ry);
		emit_str(e, "year_reason", timefmt_year_reason(f->tf));
	}
	if (!f->have_first && !f->have_last) {
		emit_null(e, "time_span");
		return;
	}
	emit_scalar(e, "time_span", YAML_PLAIN_SCALAR_STYLE);
	emit_mapping(e, 1);
	if (f->have_first)
		emit_time(e, "first", f->first);
	else
		emit_null(e, "first");
	if (f->have_last)
		emit_time(e, "last", f->last);
	else
		emit_null(e, "last");
	emit_mapping(e, 0);
}

/* Emit the document for file; returns 0, -1 after reporting an error
 * (nothing is emitted for that file), or -2 on a write error (not
 * reported). */
static int
info_one(struct emit *e, const char *file, const struct options *o,
         const timectx *tc)
{
	struct info_facts f;
	yaml_event_t ev;
	int r;

	if (info_gather(&f, file, o, tc) < 0)
		return -1;
	if (emit_start(e) < 0) {
		cli_warn("%s: cannot initialise the YAML emitter", file);
		info_facts_free(&f);
		return -1;
	}
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
	emit_event(e, &ev);
	emit_mapping(e, 1);
	emit_path(e, "path", file);
	emit_u64(e, "size", f.size);
	if (window_format(f.wf) != DECOMP_NONE)
		emit_str(e, "compressed",
		         decomp_format_name(window_format(f.wf)));
	emit_lines(e, &f);
	emit_index(e, &f, tc);
	emit_file_times(e, &f);
	emit_mapping(e, 0);
	yaml_document_end_event_initialize(&ev, 1);
	emit_event(e, &ev);
	r = emit_finish(e, file);
	info_facts_free(&f);
	return r;
}

int
cmd_info(int argc, char **argv)
{
	struct options o;
	struct emit e;
	timectx *tc;
	struct conf *conf;
	int status = 0;
	unsigned set = 0; /* flags the config must not override */
	int r;

	options_init(&o);
	r = cliopt_parse("info", argc, argv, &o, &set, NULL, NULL,
	                 cmd_info_help);
	if (r != CLIOPT_GO)
		return r;
	if (optind >= argc)
		return cli_usage_error("info", "no file given");
	/* The config goes beneath the flags, before any file is touched. */
	if (cli_open_settings(&o, set, &conf, &tc) != 0)
		return EXIT_TROUBLE;

	memset(&e, 0, sizeof(e));
	/* After a write error nothing more can be shown: stop there. */
	for (int i = optind; i < argc && e.write_errno == 0; i++)
		if (info_one(&e, argv[i], &o, tc) < 0)
			status = EXIT_TROUBLE;
	free(e.buf);
	timectx_close(tc);
	conf_free(conf);
	if (e.write_errno != 0) {
		cli_write_error(e.write_errno);
		status = EXIT_TROUBLE;
	}
	return status;
}
