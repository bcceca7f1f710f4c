#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"
#include "conf.h"
#include "timectx.h"
#include "timefmt.h"
#include "userfmt.h"
#include "util.h"
#include "window.h"

/* How many other readings --detect shows, and how much of the example. */
#define RUNNERS_UP 3
#define EXAMPLE_MAX 160

/*
 * The formats command: one line per timestamp format a time query can use,
 * its name, its origin and an example, in detection order.
 */
void
cmd_formats_help(FILE *out)
{
	cli_print_usage(out, "formats");
	fputs("\n"
	      "List the timestamp formats, one per line: the format's name, "
	      "where it comes\n"
	      "from (built-in, or the configuration file and line that "
	      "defines it) and an\n"
	      "example.  Detection tries them all on the first lines of a "
	      "file and keeps the\n"
	      "one that parses the most; ties go to the earlier position on "
	      "the line and then\n"
	      "to the order shown, configured formats first.\n"
	      "\n"
	      "With --detect, say for each FILE which reading detection "
	      "chose and why: how\n"
	      "many sampled lines it parsed, colour codes and zone "
	      "abbreviations that need\n"
	      "zone-aliases: in the config, the runners-up, and one line with "
	      "its timestamp\n"
	      "underlined (exit 1 when a file has no timestamps).\n"
	      "\n",
	      out);
	cliopt_help(out, "formats", 0);
}

/* Where a format comes from: "built-in" or "PATH:LINE". */
static const char *
origin(const struct timefmt_def *d)
{
	return userfmt_origin(d) != NULL ? d->summary : "built-in";
}

/* The first line of the head of wf with a timestamp under tf: its text
 * (at most EXAMPLE_MAX bytes) in buf, where the timestamp is, and 1; or 0. */
static int
example_line(const timefmt *tf, window_file *wf, char *buf, size_t *blen,
             size_t *start, size_t *tslen)
{
	size_t cap = TIMEFMT_SAMPLE_BYTES;
	char *head = xmalloc(cap);
	char err[LS_ERRSZ];
	/* A compressed log's example comes from its decompressed head. */
	ssize_t got = window_format(wf) != DECOMP_NONE
	                  ? decomp_read_head(window_fd(wf), window_format(wf),
	                                     head, cap, err)
	                  : pread(window_fd(wf), head, cap, 0);
	const char *p = head, *end;
	int found = 0;

	end = head + (got > 0 ? (size_t)got : 0);
	while (p < end && !found) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		int64_t ns;

		if (timefmt_line_time_at(tf, p, (size_t)(e - p), &ns, start,
		                         tslen)) {
			*blen = (size_t)(e - p) < EXAMPLE_MAX ? (size_t)(e - p)
			                                      : EXAMPLE_MAX;
			memcpy(buf, p, *blen);
			found = 1;
		}
		p = nl ? nl + 1 : end;
	}
	free(head);
	return found;
}

/* Print the example with its timestamp underlined. */
static void
print_example(const char *line, size_t len, size_t start, size_t tslen)
{
	fputs("  example: ", stdout);
	for (size_t i = 0; i < len; i++)
		putchar(line[i] == '\t' || (unsigned char)line[i] >= ' '
		            ? line[i]
		            : '?');
	fputs("\n           ", stdout);
	/* Keep TABs so the carets line up under the timestamp. */
	for (size_t i = 0; i < start && i < len; i++)
		putchar(line[i] == '\t' ? '\t' : ' ');
	for (size_t i = start; i < start + tslen && i < len; i++)
		putchar('^');
	putchar('\n');
}

/*
 * formats --detect: what detection chose for one file and why.  Returns
 * 0 (a reading is in effect), 1 (none) or -1 (reported error).
 */
static int
detect_one(const char *file, const struct options *o, const timectx *tc)
{
	window_file *wf;
	timefmt *tf = NULL;
	const struct timefmt_def *d, *a, *b;
	size_t sampled, entries, matched, column, cnt, blen, start, tslen;
	size_t shown = 0, used[RUNNERS_UP];
	double pos;
	char err[LS_ERRSZ], line[EXAMPLE_MAX];
	int r;

	if (window_open(&wf, file, o->window_size, err) < 0) {
		cli_warn("%s: %s", file, err);
		return -1;
	}
	r = timectx_file_named(tc, file, wf, &tf, err);
	if (r < 0) {
		cli_warn("%s: %s", file, err);
		window_close(wf);
		return -1;
	}
	if (r == TIMECTX_LATER) {
		cli_warn("%s: --detect needs a regular file", file);
		timefmt_close(tf);
		window_close(wf);
		return -1;
	}
	timefmt_detect_counts(tf, &sampled, &entries, &matched);
	d = timefmt_chosen(tf);
	if (d == NULL) {
		if (timefmt_detect_ambiguous(tf, &a, &b))
			printf("%s: no reading chosen: %s and %s read every "
			       "sampled line with a date (no day above 12 "
			       "tells them apart); use --time-format\n",
			       file, a->name, b->name);
		else
			printf("%s: no timestamps in %zu sampled line%s\n", file,
			       sampled, sampled == 1 ? "" : "s");
		timefmt_close(tf);
		window_close(wf);
		return 1;
	}
	printf("%s: %s%s, parsed %zu of %zu sampled lines (%zu look like "
	       "entries)",
	       file, d->name, o->time_format ? " (--time-format)" : "",
	       matched, sampled, entries);
	if (timefmt_fixed_column(tf, &column))
		printf(", always at column %zu\n", column);
	else if (d->flags & TIMEFMT_ANYWHERE)
		printf(", searched for anywhere on each line\n");
	else
		printf(", searched for in the first %d bytes of each line\n",
		       TIMEFMT_SCAN_BYTES);
	{
		const char *abbr;
		size_t k = timefmt_detect_unaliased(tf, &abbr);

		if (k > 0)
			printf("  ambiguous zone: '%s' in %zu sampled line%s "
			       "names several zones, so those times are read "
			       "as local time; give its offset under "
			       "zone-aliases: in the config (%s: \"+05:30\")\n",
			       abbr, k, k == 1 ? "" : "s", abbr);
	}
	if (timefmt_colour_codes(tf))
		printf("  colour codes: taken out of each line before its "
		       "timestamp is read\n");
	/* The runners-up: the most lines parsed, then the earlier place. */
	while (shown < RUNNERS_UP) {
		size_t best = SIZE_MAX, bc = 0;
		double bp = 0;

		for (size_t i = 0; timefmt_def_at(tf, i) != NULL; i++) {
			int seen = timefmt_def_at(tf, i) == d;

			for (size_t k = 0; k < shown; k++)
				seen |= used[k] == i;
			if (seen || !timefmt_detect_tally(tf, i, &cnt, &pos) ||
			    cnt == 0)
				continue;
			if (best == SIZE_MAX || cnt > bc ||
			    (cnt == bc && pos < bp)) {
				best = i;
				bc = cnt;
				bp = pos;
			}
		}
		if (best == SIZE_MAX)
			break;
		used[shown++] = best;
		printf("  runner-up: %s, parsed %zu (average column %.1f)\n",
		       timefmt_def_at(tf, best)->name, bc, bp);
	}
	if (shown == 0 && o->time_format == NULL)
		printf("  runner-up: none parsed any sampled line\n");
	if (example_line(tf, wf, line, &blen, &start, &tslen))
		print_example(line, blen, start, tslen);
	if (d->flags & TIMEFMT_NO_YEAR) {
		int y, m;

		timefmt_reference(tf, &y, &m);
		printf("  year of the last entry: %d (%s)\n", y,
		       timefmt_year_reason(tf));
	}
	timefmt_close(tf);
	window_close(wf);
	return 0;
}

/* formats' own option, --detect (cliopt_own_fn; ctx: an int). */
static int
formats_option(void *ctx, const struct opt_def *d, const char *arg,
               uint64_t val)
{
	(void)arg;
	(void)val;
	if (d->id != OID_DETECT)
		return cli_usage_error("formats", "--%s is not for formats",
		                       d->name);
	*(int *)ctx = 1;
	return 0;
}

int
cmd_formats(int argc, char **argv)
{
	const struct timefmt_def *d;
	struct options o;
	struct conf *conf = NULL;
	userfmt *u = NULL;
	timefmt *h = NULL;
	char err[LS_ERRSZ];
	int width = 0, owidth = 0, status = EXIT_TROUBLE;
	unsigned set = 0; /* flags the config must not override */
	int r, detect = 0;

	options_init(&o);
	r = cliopt_parse("formats", argc, argv, &o, &set, formats_option,
	                 &detect, cmd_formats_help);
	if (r != CLIOPT_GO)
		return r;
	if (detect) {
		timectx *tc = NULL;
		int any_none = 0, any_err = 0;

		if (optind == argc)
			return cli_usage_error("formats",
			                       "--detect needs a FILE");
		if ((r = cli_open_settings(&o, set, &conf, &tc)) != 0)
			return r;
		for (int i = optind; i < argc; i++) {
			r = detect_one(argv[i], &o, tc);
			any_err |= r < 0;
			any_none |= r > 0;
		}
		timectx_close(tc);
		conf_free(conf);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_warn("write error on standard output");
			return EXIT_TROUBLE;
		}
		return any_err ? EXIT_TROUBLE : any_none ? 1 : 0;
	}
	if (optind < argc)
		return cli_usage_error("formats", "unexpected argument '%s'",
		                       argv[optind]);
	if (cli_conf_layer(&o, set, &conf, err) != 0 ||
	    timefmt_open(&h, NULL, err) != 0) {
		cli_warn("%s", err);
		goto out;
	}
	if (conf != NULL) {
		u = userfmt_open(conf);
		if (userfmt_add_all(u, h, err) != 0) {
			cli_warn("%s: %s", conf->path, err);
			goto out;
		}
	}
	for (size_t i = 0; (d = timefmt_def_at(h, i)) != NULL; i++) {
		if ((int)strlen(d->name) > width)
			width = (int)strlen(d->name);
		if ((int)strlen(origin(d)) > owidth)
			owidth = (int)strlen(origin(d));
	}
	for (size_t i = 0; (d = timefmt_def_at(h, i)) != NULL; i++)
		printf("%-*s  %-*s  %s\n", width, d->name, owidth, origin(d),
		       d->example);
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_warn("write error on standard output");
	else
		status = 0;
out:
	timefmt_close(h);
	userfmt_free(u);
	conf_free(conf);
	return status;
}
