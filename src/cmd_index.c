/*
 * cmd_index.c - `logscan index`: build or refresh the sidecar index of each
 * file.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"
#include "conf.h"
#include "index.h"
#include "options.h"
#include "timectx.h"
#include "util.h"

/* Progress is shown only for logs at least this large, on a terminal. */
#define PROGRESS_MIN_SIZE ((uint64_t)256 << 20)

void
cmd_index_help(FILE *out)
{
	cli_print_usage(out, "index");
	fputs("\n"
	      "Build the sidecar index of each FILE, or bring it up to date: "
	      "when the log has\n"
	      "only grown since it was indexed, just the new tail is read.  "
	      "The index is\n"
	      "FILE.lsidx beside the log, or under $XDG_CACHE_HOME/logscan/ "
	      "when that\n"
	      "directory is not writable.\n"
	      "\n"
	      "\n",
	      out);
	cliopt_help(out, "index", 0);
	fputs("\n"
	      "Without --group-lines or --group-bytes an existing index keeps "
	      "its own.\n"
	      "The index also records the earliest and latest entry time of "
	      "each group, read\n"
	      "with the detected timestamp format; an index whose times were "
	      "read with another\n"
	      "format (or another definition of a configured one), another "
	      "place on the line,\n"
	      "zone or year is rebuilt.\n",
	      out);
}

static const char *
plan_name(enum index_plan p)
{
	switch (p) {
	case INDEX_PLAN_UPTODATE:
		return "up to date";
	case INDEX_PLAN_TAIL:
		return "tail";
	case INDEX_PLAN_FULL:
		return "full";
	}
	return "?";
}

static const char *
why_name(enum index_why w)
{
	switch (w) {
	case INDEX_WHY_NONE:
		return "";
	case INDEX_WHY_MISSING:
		return "missing";
	case INDEX_WHY_FORCED:
		return "forced";
	case INDEX_WHY_PARAMS:
		return "new group parameters";
	case INDEX_WHY_TIMES:
		return "new time settings";
	case INDEX_WHY_STALE:
		return "stale";
	case INDEX_WHY_CORRUPT:
		return "corrupt";
	case INDEX_WHY_UNREADABLE:
		return "unreadable";
	case INDEX_WHY_UNTRUSTED:
		return "untrusted";
	}
	return "?";
}

static void
print_stats(const char *file, const index_build *b)
{
	const struct index_build_stats *s = index_build_get_stats(b);
	const struct window_stats *ws = window_get_stats(index_build_file(b));
	const char *reason;
	enum index_why why = index_build_why(b, &reason);
	char whytext[LS_ERRSZ + 64] = "", got[LS_ERRSZ];
	char partstext[192] = "";

	if (why != INDEX_WHY_NONE)
		snprintf(whytext, sizeof(whytext), " (%s%s%s)", why_name(why),
		         reason[0] ? ": " : "", reason);
	if (s->cold)
		snprintf(partstext, sizeof(partstext),
		         "; file not in page cache (%u of %u sample pages): "
		         "one reader in order",
		         s->cached, s->probed);
	else if (s->threads > 0)
		snprintf(partstext, sizeof(partstext),
		         "; %u threads, %" PRIu64 " parts (%" PRIu64
		         " read again in order); file in page cache (%u of %u "
		         "sample pages)",
		         s->threads, s->parts, s->parts_again, s->cached,
		         s->probed);
	if (ws->fmt != DECOMP_NONE)
		/* Its offsets are the decompressed log's, not the file's. */
		window_describe_decoded(ws, got, sizeof(got));
	else
		snprintf(got, sizeof(got),
		         "scanned %" PRIu64 " of %" PRIu64
		         " bytes from offset %" PRIu64 ", mapped %" PRIu64
		         " bytes, read %" PRIu64 " bytes",
		         s->log_size - s->scan_start, s->log_size,
		         s->scan_start, s->bytes_mapped, s->bytes_read);
	fprintf(stderr,
	        "logscan: %s: %s%s: %s; %" PRIu64 " groups, %" PRIu64
	        " lines; index %s, %" PRIu64 " bytes; %.1f ms%s\n",
	        file, plan_name(s->plan), whytext, got,
	        s->groups, s->lines, index_build_path(b), s->index_size,
	        (double)s->elapsed_ns / 1e6, partstext);
}

/* Build one file's index; returns 0 or -1 (already reported). */
static int
index_one(const char *file, const struct options *o, const timectx *tc,
          int force, int progress)
{
	char err[LS_ERRSZ];
	struct cli_progress prog;
	struct index_timing t;
	timefmt *tf = NULL;
	struct index_params ip;
	index_build *b;
	const char *reason;
	int r, found;

	cli_progress_init(&prog, file);
	/* `logscan index *` meets the indexes too: not an error. */
	if (index_is_index_file(file)) {
		cli_warn("%s: is a logscan index; skipped", file);
		return 0;
	}
	cli_index_params(o, &ip);
	ip.threads = o->threads ? o->threads : cli_online_cpus();
	if (cli_chunk_size(o, &ip.chunk_size) < 0)
		return -1;
	if (index_build_begin_wait(&b, file, &ip, force, cli_say_waiting,
	                           (void *)file, err) < 0) {
		cli_warn("%s: %s", file, err);
		return -1;
	}
	/* Times are indexed as a time query would read them. */
	if ((found = timectx_file_named(tc, file, index_build_file(b), &tf,
	                                err)) < 0) {
		cli_warn("%s: %s", file, err);
		index_build_end(b);
		return -1;
	}
	t.tf = tf;
	t.zone = timectx_zone(tc);
	index_build_set_times(b, &t);
	/* An index kept or resumed must still match the log in every group
	 * (a rewrite in the middle keeps the size, mtime and end hashes). */
	if (index_build_verify(b, err) < 0) {
		cli_warn("%s: %s", file, err);
		index_build_end(b);
		timefmt_close(tf);
		return -1;
	}
	if (index_build_why(b, &reason) == INDEX_WHY_CORRUPT)
		cli_warn("%s: corrupt index (%s); rebuilding",
		         index_build_path(b), reason);
	else if (index_build_why(b, &reason) == INDEX_WHY_UNREADABLE)
		cli_warn("%s: unreadable index (%s); rebuilding",
		         index_build_path(b), reason);
	else if (index_build_why(b, &reason) == INDEX_WHY_UNTRUSTED)
		cli_warn("%s: %s; replacing it", index_build_path(b), reason);
	r = index_build_run(b, progress ? cli_progress_show : NULL, &prog, err);
	cli_progress_done(&prog);
	if (r < 0) {
		cli_warn("%s: %s", file, err);
		index_build_end(b);
		timefmt_close(tf);
		return -1;
	}
	/* A compressed log cut short is indexed up to there. */
	(void)cli_warn_data_end(file, index_build_file(b));
	if (o->stats)
		print_stats(file, b);
	/* An index without times is still an index: say what it is good
	 * for when it is written whole (not on each tail from cron). */
	if (found != TIMECTX_FOUND && !o->quiet_notes &&
	    index_build_get_stats(b)->plan == INDEX_PLAN_FULL &&
	    index_build_get_stats(b)->lines > 0)
		cli_warn("%s: no timestamps: line queries only", file);
	index_build_end(b);
	timefmt_close(tf);
	return 0;
}

/* Only large logs get a progress line: small ones are done at once. */
static int
large_enough(const char *file)
{
	struct stat st;

	return stat(file, &st) == 0 &&
	       (uint64_t)st.st_size >= PROGRESS_MIN_SIZE;
}

/* What index's own options set (cliopt_own_fn). */
struct index_args {
	struct options *o;
	int force; /* --force */
};

static int
index_option(void *ctx, const struct opt_def *d, const char *arg,
             uint64_t val)
{
	struct index_args *a = ctx;

	(void)arg;
	(void)val;
	switch (d->id) {
	case OID_FORCE:
		a->force = 1;
		return 0;
	case OID_QUIET_NOTES:
		a->o->quiet_notes = 1;
		return 0;
	default:
		return cli_usage_error("index", "--%s is not for index",
		                       d->name);
	}
}

int
cmd_index(int argc, char **argv)
{
	struct options o;
	struct index_args a;
	timectx *tc;
	struct conf *conf;
	int force, status = 0;
	unsigned set = 0; /* flags the config must not override */
	int r;

	options_init(&o);
	a.o = &o;
	a.force = 0;
	r = cliopt_parse("index", argc, argv, &o, &set, index_option, &a,
	                 cmd_index_help);
	if (r != CLIOPT_GO)
		return r;
	force = a.force;
	if (optind >= argc)
		return cli_usage_error("index", "no file given");
	/* The config goes beneath the flags, before any file is touched. */
	if (cli_open_settings(&o, set, &conf, &tc) != 0)
		return EXIT_TROUBLE;
	for (int i = optind; i < argc; i++) {
		int progress = isatty(STDERR_FILENO) && large_enough(argv[i]);

		if (index_one(argv[i], &o, tc, force, progress) < 0)
			status = EXIT_TROUBLE;
	}
	timectx_close(tc);
	conf_free(conf);
	return status;
}
