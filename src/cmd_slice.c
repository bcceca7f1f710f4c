/*
 * cmd_slice.c - `logscan slice`: print a line range of each file, reading
 * only the index groups that hold it when a fresh index exists.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cmd.h"
#include "conf.h"
#include "index.h"
#include "options.h"
#include "region.h"
#include "util.h"
#include "window.h"

void
cmd_slice_help(FILE *out)
{
	cli_print_usage(out, "slice");
	fputs("\n"
	      "Print the lines of each FILE that fall in a time range "
	      "(--since inclusive,\n"
	      "--until exclusive) or a line range (--lines A:B, 1-based, "
	      "inclusive).\n"
	      "Several files are printed one after the other, without "
	      "prefixes.\n"
	      "\n"
	      "Options:\n"
	      "      --lines A:B         lines A to B; also A: (to the end), "
	      ":B, A:+N and A\n"
	      "      --since T           (not implemented yet)\n"
	      "      --until T           (not implemented yet)\n"
	      "      --index=WHEN        auto: use a fresh index if there is "
	      "one; never\n"
	      "      --index-dir DIR     look for the index in DIR\n"
	      "      --stats             print what was mapped and read to "
	      "stderr\n"
	      "      --window-size SIZE  map at most SIZE bytes at a time\n"
	      "      --config FILE       read FILE as the configuration\n"
	      "      --no-config         read no configuration file\n"
	      "      --help              print this help\n",
	      out);
}

struct slice_ctx {
	uint64_t line; /* number of the line at the next byte */
	uint64_t from, to;
	int printed;
	int write_error;
};

static int
put(struct slice_ctx *c, const char *p, size_t n)
{
	if (n == 0)
		return 0;
	c->printed = 1;
	/* Unlocked: a truncated file makes the window layer jump out of
	 * this call, which must not leave stdout's lock held. */
	if (fwrite_unlocked(p, 1, n, stdout) != n) {
		c->write_error = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

static int
slice_window(void *ctx, const struct window *w)
{
	struct slice_ctx *c = ctx;
	const char *p = w->data, *end = w->data + w->len, *q;
	uint64_t seen, want;

	if (c->line < c->from) {
		q = index_nth_newline(p, w->len, c->from - c->line, &seen);
		c->line += seen;
		if (q == NULL)
			return 0;
		p = q;
	}
	if (p == end)
		return 0;
	if (c->to == UINT64_MAX)
		return put(c, p, (size_t)(end - p));
	want = c->to - c->line + 1; /* line <= to here */
	q = index_nth_newline(p, (size_t)(end - p), want, &seen);
	if (q != NULL) {
		c->line += want;
		return put(c, p, (size_t)(q - p)) < 0 ? -1 : 1;
	}
	c->line += seen;
	return put(c, p, (size_t)(end - p));
}

/*
 * write(2) straight from a mapping fails with EFAULT, rather than raising
 * SIGBUS, when the file was truncated under it.  Did wf's file shrink?
 */
static int
shrank(const window_file *wf)
{
	struct stat st;

	return !window_is_stream(wf) && fstat(window_fd(wf), &st) == 0 &&
	       (uint64_t)st.st_size < window_file_size(wf);
}

static void
print_stats(const char *file, const struct index_plan_info *info,
            size_t nregions, const window_file *wf, uint64_t elapsed_ns)
{
	const struct window_stats *ws = window_get_stats(wf);
	char where[LS_ERRSZ + 64] = "";

	if (info->index_path)
		snprintf(where, sizeof(where), " %s", info->index_path);
	fprintf(stderr,
	        "logscan: %s: index %s%s%s%s: %zu region%s, %" PRIu64
	        " group%s, tail %" PRIu64 " bytes; mapped %" PRIu64
	        " bytes, read %" PRIu64 " bytes; %.3f ms\n",
	        file, index_state_name(info->state), where,
	        info->reason[0] ? ": " : "", info->reason, nregions,
	        nregions == 1 ? "" : "s", info->groups_used,
	        info->groups_used == 1 ? "" : "s", info->tail_bytes,
	        ws->bytes_mapped, ws->bytes_read, (double)elapsed_ns / 1e6);
}

/* Slice one file.  Returns 1 if a line was printed, 0 if none, -1 on an
 * error (already reported), -2 on a write error (reported too). */
static int
slice_one(const char *file, const struct options *o)
{
	char err[LS_ERRSZ];
	struct index_plan_info info;
	struct slice_ctx c;
	struct region *r = NULL;
	uint64_t t0 = ls_now_ns();
	window_file *wf;
	size_t n = 0;
	int status = 0;

	if (window_open(&wf, file, o->window_size, err) < 0) {
		cli_warn("%s: %s", file, err);
		return -1;
	}
	if (index_plan_lines(o, file, wf, &r, &n, &info, err) < 0) {
		cli_warn("%s: %s", file, err);
		window_close(wf);
		return -1;
	}
	if ((info.state == INDEX_STATE_CORRUPT ||
	     info.state == INDEX_STATE_UNREADABLE) &&
	    o->index_mode != INDEX_NEVER)
		cli_warn("%s: %s index (%s); not using it", info.index_path,
		         info.state == INDEX_STATE_CORRUPT ? "corrupt"
		                                           : "unreadable",
		         info.reason);
	memset(&c, 0, sizeof(c));
	c.from = o->line_from;
	c.to = o->line_to;
	for (size_t i = 0; i < n && status == 0; i++) {
		int rv;

		c.line = r[i].first_line;
		if (c.line > c.to)
			break;
		rv = window_scan(wf, r[i].start, r[i].end, slice_window, &c,
		                 err);
		if (rv < 0 && c.write_error == EFAULT && shrank(wf)) {
			cli_warn("%s: file shrank while being read", file);
			clearerr(stdout); /* stdout itself is fine */
			status = -1;
		} else if (rv < 0 && c.write_error) {
			cli_warn("write error: %s", strerror(c.write_error));
			status = -2;
		} else if (rv < 0) {
			cli_warn("%s: %s", file, err);
			status = -1;
		} else if (rv > 0) {
			break; /* line `to` was printed */
		}
	}
	if (fflush(stdout) != 0 && status != -2) {
		cli_warn("write error: %s", strerror(errno));
		status = -2;
	}
	if (o->stats)
		print_stats(file, &info, n, wf, ls_now_ns() - t0);
	free(r);
	index_plan_info_free(&info);
	window_close(wf);
	if (status < 0)
		return status;
	return c.printed;
}

int
cmd_slice(int argc, char **argv)
{
	enum {
		OPT_LINES = 256,
		OPT_SINCE,
		OPT_UNTIL,
		OPT_INDEX,
		OPT_INDEX_DIR,
		OPT_STATS,
		OPT_WINDOW_SIZE,
		OPT_CONFIG,
		OPT_NO_CONFIG,
		OPT_HELP
	};
	static const struct option longopts[] = {
	    {"lines", required_argument, NULL, OPT_LINES},
	    {"since", required_argument, NULL, OPT_SINCE},
	    {"until", required_argument, NULL, OPT_UNTIL},
	    {"index", required_argument, NULL, OPT_INDEX},
	    {"index-dir", required_argument, NULL, OPT_INDEX_DIR},
	    {"stats", no_argument, NULL, OPT_STATS},
	    {"window-size", required_argument, NULL, OPT_WINDOW_SIZE},
	    {"config", required_argument, NULL, OPT_CONFIG},
	    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct options o;
	struct conf *conf;
	char err[LS_ERRSZ];
	unsigned set = 0;
	int c, any = 0, trouble = 0;

	memset(&o, 0, sizeof(o));
	o.max_count = -1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LINES:
			if (cli_parse_lines(optarg, &o.line_from, &o.line_to,
			                    err) < 0)
				return cli_usage_error("slice", "%s", err);
			o.have_lines = 1;
			break;
		case OPT_SINCE:
			o.since = optarg;
			break;
		case OPT_UNTIL:
			o.until = optarg;
			break;
		case OPT_INDEX:
			if (cli_parse_index_mode(optarg, &o.index_mode, err) <
			    0)
				return cli_usage_error("slice", "%s", err);
			set |= CONF_SET_INDEX;
			break;
		case OPT_INDEX_DIR:
			/* "" would name the root directory in lookups. */
			if (optarg[0] == '\0')
				return cli_usage_error(
				    "slice", "--index-dir must not be empty");
			o.index_dir = optarg;
			break;
		case OPT_STATS:
			o.stats = 1;
			break;
		case OPT_WINDOW_SIZE:
			if (cli_parse_window_size(optarg, &o.window_size, err) <
			    0)
				return cli_usage_error("slice", "%s", err);
			break;
		case OPT_CONFIG:
			o.config_path = optarg;
			break;
		case OPT_NO_CONFIG:
			o.no_config = 1;
			break;
		case OPT_HELP:
			cmd_slice_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		default:
			return cli_getopt_error("slice", c, argv);
		}
	}
	if (o.since || o.until) {
		cli_warn("slice: --since and --until are not implemented yet");
		return EXIT_TROUBLE;
	}
	if (!o.have_lines)
		return cli_usage_error("slice", "give --lines A:B (or "
		                                "--since/--until)");
	if (optind >= argc)
		return cli_usage_error("slice", "no file given");
	/* The config goes beneath the flags, before any file is touched. */
	if (conf_layer(&o, set, &conf, err) < 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	for (int i = optind; i < argc; i++) {
		int r = slice_one(argv[i], &o);

		if (r == -2) {
			trouble = 1;
			break; /* nothing more can be shown */
		}
		if (r < 0)
			trouble = 1;
		else if (r > 0)
			any = 1;
	}
	conf_free(conf);
	if (trouble)
		return EXIT_TROUBLE;
	return any ? EXIT_SELECTED : EXIT_NONE;
}
