/*
 * cmd_plan.c - `logscan plan`: the tasks of a query, byte ranges of files
 * for an engine that runs `logscan grep|slice --range START:END FILE` per
 * task (logscan-dask does that on Dask distributed), one JSON object per
 * line in output order.
 *
 * With a usable index only the groups that can hold the query's lines
 * become tasks (plan_open()'s candidate regions: plan_from_index()); the
 * rest is cut by size.  Each region is cut on the grid of the task size
 * (offsets k * SIZE), as the threads cut a file into parts, and the range
 * rule (a line belongs to the range holding its first byte) makes any cut
 * exact.  The plan never builds an index and never reads the log beyond
 * what checks an index against it and finds its timestamp format.
 */
#include "config.h"

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
#include "decomp.h"
#include "json.h"
#include "opttab.h"
#include "options.h"
#include "output.h"
#include "plan.h"
#include "timectx.h"
#include "util.h"
#include "window.h"

/* The task size when --task-size is not given. */
#define PLAN_TASK_DEFAULT ((uint64_t)256 << 20)

void
cmd_plan_help(FILE *out)
{
	cli_print_usage(out, "plan");
	fputs("\n"
	      "Print the tasks of a query on each FILE, one JSON object per "
	      "line, in output\n"
	      "order: {\"path\", \"start\", \"end\", \"first_line\" (when "
	      "known), \"bytes\"}.  A task\n"
	      "is the byte range [start, end) of a file, run as\n"
	      "  logscan grep|slice [OPTIONS] --range START:END FILE\n"
	      "by any engine that runs a command per task (logscan-dask "
	      "runs them on Dask);\n"
	      "the outputs of a file's tasks, in order, are the output of "
	      "one logscan run\n"
	      "(logscan-dask(1) says how -c, -l, -L, -q and -m combine).\n"
	      "With a fresh index, only the groups that can hold the time "
	      "or line range\n"
	      "become tasks; a file without one is cut by size; a "
	      "compressed file is one\n"
	      "task.  A file with nothing to read gets one empty task, "
	      "so that -c and -L\n"
	      "still report it.  The plan reads indexes, not the logs "
	      "(beyond the few KiB\n"
	      "that check an index and find the timestamp format), and "
	      "builds no index.\n"
	      "\n",
	      out);
	cliopt_help(out, "plan", 0);
}

/* Print one task: [start, end) of path, first_line when not 0. */
static void
put_task(output *out, const char *path, uint64_t start, uint64_t end,
         uint64_t first_line)
{
	output_puts(out, "{\"path\":");
	json_put_string(out, path, strlen(path));
	output_puts(out, ",\"start\":");
	output_u64(out, start);
	output_puts(out, ",\"end\":");
	output_u64(out, end);
	if (first_line != 0) {
		output_puts(out, ",\"first_line\":");
		output_u64(out, first_line);
	}
	output_puts(out, ",\"bytes\":");
	output_u64(out, end - start);
	output_puts(out, "}\n");
}

/*
 * The tasks of one file.  Returns the number printed, or -1 after
 * reporting an error.
 */
static int64_t
plan_file(output *out, const char *path, const struct options *o,
          const struct plan_time *tm, uint64_t task)
{
	struct plan_params pa;
	window_file *wf;
	plan *p;
	const struct region *regs;
	size_t n, i;
	uint64_t size;
	int64_t tasks = 0;
	char err[LS_ERRSZ];
	struct stat st;

	if (strcmp(path, "-") == 0) {
		cli_warn("%s: a task needs a file: standard input cannot be "
		         "planned",
		         path);
		return -1;
	}
	if (window_open(&wf, path, 0, err) < 0) {
		cli_warn("%s: %s", path, err);
		return -1;
	}
	if (window_is_stream(wf)) {
		/* A compressed file is read from its start: one task. */
		if (window_format(wf) == DECOMP_NONE ||
		    fstat(window_fd(wf), &st) < 0 || !S_ISREG(st.st_mode)) {
			cli_warn("%s: not a regular file", path);
			window_close(wf);
			return -1;
		}
		put_task(out, path, 0, (uint64_t)st.st_size, 1);
		window_close(wf);
		return 1;
	}
	size = window_file_size(wf);
	cli_plan_params(o, &pa);
	if (plan_open(&p, &pa, tm, path, wf, err) < 0) {
		cli_warn("%s: %s", path, err);
		window_close(wf);
		return -1;
	}
	plan_candidates(p, &regs, &n);
	for (i = 0; i < n; i++) {
		uint64_t s = regs[i].start;
		uint64_t e = regs[i].end < size ? regs[i].end : size;
		uint64_t line = regs[i].first_line;

		/* On the grid of multiples of the task size. */
		while (s < e) {
			uint64_t k = s / task;
			uint64_t cut = task > UINT64_MAX - k * task
			                   ? UINT64_MAX
			                   : (k + 1) * task;

			if (cut > e)
				cut = e;
			put_task(out, path, s, cut, line);
			tasks++;
			line = 0;
			s = cut;
		}
	}
	if (tasks == 0) {
		/* Nothing to read: an empty task still reports the file
		 * (-c's 0, -L). */
		put_task(out, path, 0, 0, 1);
		tasks = 1;
	}
	plan_close(p);
	window_close(wf);
	return tasks;
}

/* plan's own option, --task-size (cliopt_own_fn; ctx: its uint64_t). */
static int
plan_option(void *ctx, const struct opt_def *d, const char *arg, uint64_t val)
{
	(void)arg;
	if (d->id != OID_TASK_SIZE)
		return cli_usage_error("plan", "--%s is not for plan", d->name);
	*(uint64_t *)ctx = val;
	return 0;
}

int
cmd_plan(int argc, char **argv)
{
	struct options o;
	struct plan_time tm;
	timectx *tc = NULL;
	struct conf *conf;
	output *out;
	unsigned set = 0; /* flags the config must not override */
	uint64_t task = PLAN_TASK_DEFAULT;
	char err[LS_ERRSZ];
	int rc, trouble = 0, timed;

	options_init(&o);
	rc = cliopt_parse("plan", argc, argv, &o, &set, plan_option, &task,
	                  cmd_plan_help);
	if (rc != CLIOPT_GO)
		return rc;
	if (optind == argc)
		return cli_usage_error("plan", "give a FILE to plan");
	if (o.line_last)
		return cli_usage_error("plan", "--lines -N is not planned: "
		                               "give A:B");
	if (cli_conf_layer(&o, set, &conf, err) < 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	cli_check_index_dir(&o);
	timed = o.since != NULL || o.until != NULL;
	if (timed) {
		if (cli_open_timectx(&o, conf, &tc) < 0) {
			conf_free(conf);
			return EXIT_TROUBLE;
		}
		memset(&tm, 0, sizeof(tm));
		tm.tc = tc;
		/* A plan reads indexes; it never builds one. */
		tm.auto_index_min = UINT64_MAX;
		if (timectx_range(tc, o.since, o.until, timectx_now_ns(),
		                  &tm.since, &tm.until, err) < 0) {
			cli_warn("%s", err);
			timectx_close(tc);
			conf_free(conf);
			return EXIT_TROUBLE;
		}
	}
	out = output_open(STDOUT_FILENO, 0, 0);
	for (int i = optind; i < argc; i++) {
		if (plan_file(out, argv[i], &o, timed ? &tm : NULL, task) < 0)
			trouble = 1;
		if (output_flush(out) < 0)
			break;
	}
	rc = output_error(out)
	         ? (cli_write_error(output_error(out)), EXIT_TROUBLE)
	     : trouble ? EXIT_TROUBLE
	               : 0;
	output_close(out);
	timectx_close(tc);
	conf_free(conf);
	return rc;
}
