#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "cliopt.h"
#include "decomp.h"
#include "cmd.h"
#include "conf.h"
#include "plan.h"
#include "regex.h"
#include "timectx.h"
#include <unistd.h>

const struct cli_command cli_commands[] = {
    {"grep", "[OPTIONS] PATTERN [FILE...]",
     "search files for lines matching a regular expression", cmd_grep,
     cmd_grep_help},
    {"slice", "[--since T] [--until T] [--lines A:B] [--merge] [FILE...]",
     "print the lines in a time or line range", cmd_slice, cmd_slice_help},
    {"plan",
     "[--since T] [--until T] [--lines A:B] [--task-size SIZE] FILE...",
     "print a query's tasks (byte ranges) for an engine, as JSON lines",
     cmd_plan, cmd_plan_help},
    {"hist", "[-e PATTERN] [--since T] [--until T] [--by WIDTH] FILE...",
     "count lines per time bucket: a bar chart, TSV or JSON", cmd_hist,
     cmd_hist_help},
    {"index", "[OPTIONS] FILE...", "build or refresh the sidecar index",
     cmd_index, cmd_index_help},
    {"info", "FILE...", "show what the index knows about a file (YAML)",
     cmd_info, cmd_info_help},
    {"formats", "[--detect FILE...]",
     "list the timestamp formats, or say which one a file uses",
     cmd_formats, cmd_formats_help},
    {"config", "[--config FILE | --no-config] [OPTIONS]",
     "show the configuration file and the settings in effect (YAML)",
     cmd_config, cmd_config_help},
    {"completion", "[--list] SHELL",
     "print a completion script for bash, zsh or fish", cmd_completion,
     cmd_completion_help},
    {"help", "[COMMAND]", "show help for logscan or one command", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const struct cli_command *
cli_find(const char *name)
{
	const struct cli_command *c;

	for (c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("logscan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_write_error(int errnum)
{
	/* Not cli_warn(): it would flush the stdout that just failed. */
	fprintf(stderr, "logscan: write error: %s\n", strerror(errnum));
}

void
cli_print_usage(FILE *out, const char *cmd)
{
	const struct cli_command *c = cmd ? cli_find(cmd) : NULL;

	if (c == NULL) {
		fputs("Usage: logscan [GLOBAL-OPTIONS] COMMAND [ARGS...]\n",
		      out);
		return;
	}
	fprintf(out, "Usage: logscan %s%s%s\n", c->name,
	        c->synopsis[0] ? " " : "", c->synopsis);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("logscan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_print_usage(stderr, cmd);
	if (cmd != NULL)
		fprintf(stderr, "Try 'logscan help %s' for more information.\n",
		        cmd);
	else
		fputs("Try 'logscan --help' for more information.\n", stderr);
	return EXIT_TROUBLE;
}

/* ---- "did you mean" ---- */

/* A list of names, each owned by it. */
struct names {
	char **v;
	size_t n;
};

static void
names_add(struct names *nm, const char *s, size_t len)
{
	for (size_t i = 0; i < nm->n; i++)
		if (strlen(nm->v[i]) == len && memcmp(nm->v[i], s, len) == 0)
			return;
	nm->v = xreallocarray(nm->v, nm->n + 1, sizeof(*nm->v));
	nm->v[nm->n] = xmalloc(len + 1);
	memcpy(nm->v[nm->n], s, len);
	nm->v[nm->n][len] = '\0';
	nm->n++;
}

static void
names_free(struct names *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
	nm->v = NULL;
	nm->n = 0;
}

static int
is_optchar(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '-';
}

/*
 * The long options command cmd takes, as typed ("--ignore-case"): those
 * its --help shows, which is every one a user is told about (the man page
 * test holds --help to the man page).  For NULL, the global options.
 */
static void
option_names(const char *cmd, struct names *nm)
{
	const struct cli_command *c = cmd ? cli_find(cmd) : NULL;
	char *buf = NULL, *p;
	size_t len = 0;
	FILE *f;

	nm->v = NULL;
	nm->n = 0;
	if (cmd == NULL) {
		for (const struct opt_def *d = opttab; d->id != OID_COUNT_;
		     d++) {
			size_t n;
			char *w;

			if (!(d->cmds & OPT_CMD_GLOBAL) || d->name == NULL)
				continue;
			n = strlen(d->name);
			w = xmalloc(n + 3);
			w[0] = w[1] = '-';
			memcpy(w + 2, d->name, n + 1);
			names_add(nm, w, n + 2);
			free(w);
		}
		return;
	}
	if (c == NULL || c->help == NULL ||
	    (f = open_memstream(&buf, &len)) == NULL)
		return;
	c->help(f);
	if (fclose(f) != 0) {
		free(buf);
		return;
	}
	for (p = buf; (p = strstr(p, "--")) != NULL; p += 2) {
		size_t n = 2;

		if ((p > buf && is_optchar((unsigned char)p[-1])) ||
		    !(p[2] >= 'a' && p[2] <= 'z'))
			continue;
		while (is_optchar((unsigned char)p[n]))
			n++;
		names_add(nm, p, n);
	}
	free(buf);
}

static int
names_have(const struct names *nm, const char *name)
{
	for (size_t i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i], name) == 0)
			return 1;
	return 0;
}

const char *
cli_closest(const char *word, const char *const *names, size_t n)
{
	size_t len = strlen(word), best = SIZE_MAX, limit;
	const char *pick = NULL;

	/* Leading dashes are not letters the user could have mistyped. */
	while (len > 0 && word[0] == '-' && word[1] == '-') {
		word += 2;
		len -= 2;
	}
	/* One slip in a short word, two or three in longer ones: further
	 * than that it is another word, not a typo. */
	limit = len <= 2 ? 0 : len <= 4 ? 1 : len <= 8 ? 2 : 3;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		size_t d;

		while (name[0] == '-' && name[1] == '-')
			name += 2;
		d = ls_edit_distance(word, name);
		if (d <= limit && d < best) {
			best = d;
			pick = names[i];
		}
	}
	return pick;
}

int
cli_getopt_error(const char *cmd, int ret, char **argv)
{
	/* getopt_long leaves optind past the offending word. */
	const char *word = optind > 0 ? argv[optind - 1] : "?";
	const char *eq, *pick;
	struct names nm;
	char *typed;
	size_t nprefix = 0;
	int len, rc;

	if (strncmp(word, "--", 2) != 0 || word[2] == '\0') {
		/* A short option: optopt is the character. */
		if (ret == ':')
			return cli_usage_error(
			    cmd, "option requires an argument -- '%c'", optopt);
		return cli_usage_error(cmd, "invalid option -- '%c'", optopt);
	}
	/* A long option: optopt is its value, not a character to print;
	 * name it by what the user typed, without any "=VALUE". */
	eq = strchr(word, '=');
	len = eq != NULL ? (int)(eq - word) : (int)strlen(word);
	if (ret == ':')
		return cli_usage_error(
		    cmd, "option '%.*s' requires an argument", len, word);
	if (optopt != 0 && eq != NULL)
		return cli_usage_error(
		    cmd, "option '%.*s' doesn't allow an argument", len, word);
	/* Unknown or an ambiguous abbreviation: which options could the
	 * user have meant? */
	option_names(cmd, &nm);
	typed = xmalloc((size_t)len + 1);
	memcpy(typed, word, (size_t)len);
	typed[len] = '\0';
	for (size_t i = 0; i < nm.n; i++)
		if (strncmp(nm.v[i], typed, (size_t)len) == 0)
			nprefix++;
	if (nprefix > 1) {
		char list[LS_ERRSZ];
		size_t at = 0;

		list[0] = '\0';
		for (size_t i = 0; i < nm.n && at < sizeof(list); i++)
			if (strncmp(nm.v[i], typed, (size_t)len) == 0)
				at += (size_t)snprintf(list + at,
				                       sizeof(list) - at, " %s",
				                       nm.v[i]);
		rc = cli_usage_error(cmd,
		                     "option '%s' is ambiguous; "
		                     "possibilities:%s",
		                     typed, list);
	} else if (!names_have(&nm, typed) &&
	           (pick = cli_closest(typed, (const char *const *)nm.v,
	                               nm.n)) != NULL) {
		rc = cli_usage_error(cmd,
		                     "unrecognized option '%s'; did you mean "
		                     "%s?",
		                     typed, pick);
	} else {
		rc = cli_usage_error(cmd, "unrecognized option '%s'", typed);
	}
	free(typed);
	names_free(&nm);
	return rc;
}

/* Report an unknown command, with the closest one if it looks mistyped. */
static int
unknown_command(const char *name)
{
	const char *names[sizeof(cli_commands) / sizeof(cli_commands[0])];
	const char *pick;
	size_t n = 0;

	for (const struct cli_command *c = cli_commands; c->name; c++)
		names[n++] = c->name;
	pick = cli_closest(name, names, n);
	if (pick != NULL)
		return cli_usage_error(NULL,
		                       "unknown command '%s'; did you mean %s?",
		                       name, pick);
	return cli_usage_error(NULL, "unknown command '%s'", name);
}

static void
print_main_help(FILE *out)
{
	const struct cli_command *c;

	fputs("Usage: logscan [GLOBAL-OPTIONS] COMMAND [ARGS...]\n"
	      "       logscan --help | --version\n"
	      "\n"
	      "Search log files far larger than memory: grep-compatible "
	      "regex search over\n"
	      "sliding mapped windows, and time or line ranges answered "
	      "from a small sidecar\n"
	      "index (FILE.lsidx).\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (c = cli_commands; c->name != NULL; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fputs("\n"
	      "Global options, before the command as after it (a command "
	      "that has no use for\n"
	      "one, such as --color for index, ignores it):\n"
	      "      --config FILE       read FILE as the configuration\n"
	      "      --no-config         read no configuration file\n"
	      "      --color[=WHEN]      colour output: never, always or "
	      "auto\n"
	      "      --index-dir DIR     keep and look for indexes in DIR\n"
	      "\n"
	      "Run 'logscan help COMMAND' (or 'logscan COMMAND --help', "
	      "-h but for grep) for\n"
	      "a command's options.\n"
	      "Exit status: 0 if a line was selected, 1 if none was, 2 on "
	      "error.\n"
	      "See logscan(1) for the full manual.\n",
	      out);
}

int
cli_print_version(void)
{
	const char *hs = regex_vectorscan_version();

	printf("logscan %s\n", PACKAGE_VERSION);
	/* Every format is built in (configure requires the libraries). */
	printf("compressed logs: gzip, zstd, xz, bzip2 (%s)\n",
	       decomp_versions());
	/* The multi-literal search is optional (configure
	 * --without-vectorscan). */
	if (hs != NULL)
		printf("vectorscan: %.*s (lists of literals)\n",
		       (int)strcspn(hs, " "), hs);
	else
		printf("vectorscan: not built in\n");
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_TROUBLE;
}

static int
run_help(int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2) {
		print_main_help(stdout);
		return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
	}
	if (argc > 2)
		return cli_usage_error("help", "too many arguments");
	/* "help --help" asks about help itself: the main help says it. */
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_main_help(stdout);
		return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
	}
	c = cli_find(argv[1]);
	if (c == NULL)
		return unknown_command(argv[1]);
	if (c->help == NULL) {
		print_main_help(stdout);
	} else {
		c->help(stdout);
	}
	return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
}

/* A global option as the command will read it, e.g. "--config=FILE". */
struct global_word {
	char *name; /* "--config" */
	char *word;
};

/* "--" name, allocated. */
static char *
global_name(const char *name)
{
	size_t n = strlen(name);
	char *w = xmalloc(n + 3);

	w[0] = w[1] = '-';
	memcpy(w + 2, name, n + 1);
	return w;
}

static char *
global_word(const char *name, const char *arg)
{
	size_t n = strlen(name), m = arg ? strlen(arg) : 0;
	char *w = xmalloc(n + m + 2);

	memcpy(w, name, n);
	if (arg != NULL) {
		w[n] = '=';
		memcpy(w + n + 1, arg, m + 1);
	} else {
		w[n] = '\0';
	}
	return w;
}

int
cli_main(int argc, char **argv)
{
	const struct cli_command *c;
	struct global_word *g = NULL;
	size_t ng = 0, nargs = 0;
	struct names nm;
	char **args = NULL;
	struct cliopt gp = {NULL, 0, {0}, NULL};
	const struct opt_def *d;
	const char *arg;
	uint64_t val;
	int r, rc, at;

	/* Past a file size limit (ulimit -f) a write fails with EFBIG and is
	 * reported like a full disk (an index build fails cleanly, a query
	 * reads the log), instead of SIGXFSZ killing us mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	{
		char err[LS_ERRSZ];

		if (timectx_check_env(err) < 0) {
			cli_warn("%s", err);
			return 2;
		}
	}
	if (argc < 2)
		return cli_usage_error(NULL, "no command given");
	/* Options before the command: the global ones, --help, --version;
	 * '+' stops at the command's name. */
	optind = 0;
	opterr = 0;
	cliopt_open(&gp, NULL, NULL, 1);
	while ((r = cliopt_next(&gp, argc, argv, &d, &arg, &val)) != 0) {
		const char *name;

		if (r != 1) {
			rc = EXIT_TROUBLE;
			goto out;
		}
		switch (d->id) {
		case OID_HELP:
			rc = run_help(1, argv);
			goto out;
		case OID_VERSION:
			rc = cli_print_version();
			goto out;
		case OID_INDEX_DIR:
			if (arg[0] == '\0') {
				rc = cli_usage_error(
				    NULL, "--index-dir must not be empty");
				goto out;
			}
			break;
		default:
			/* --color's value was checked by cliopt_next(), as
			 * a command that has no colour would not read it. */
			break;
		}
		/* Handed to the command as its own "--NAME[=VALUE]". */
		name = d->name;
		g = xreallocarray(g, ng + 1, sizeof(*g));
		g[ng].name = global_name(name);
		g[ng].word = global_word(g[ng].name, arg);
		ng++;
	}
	at = optind;
	if (at >= argc) {
		rc = cli_usage_error(NULL, "no command given");
		goto out;
	}
	c = cli_find(argv[at]);
	if (c == NULL) {
		rc = unknown_command(argv[at]);
		goto out;
	}
	if (c->run == NULL) {
		rc = run_help(argc - at, argv + at);
		goto out;
	}
	/* The command sees its name, then the global options it takes (a
	 * global option that means nothing to it, --color for index, is
	 * dropped), then its own arguments. */
	option_names(c->name, &nm);
	args = xreallocarray(NULL, (size_t)(argc - at) + ng + 1,
	                     sizeof(*args));
	args[nargs++] = argv[at];
	for (size_t i = 0; i < ng; i++)
		if (names_have(&nm, g[i].name))
			args[nargs++] = g[i].word;
	names_free(&nm);
	for (int i = at + 1; i < argc; i++)
		args[nargs++] = argv[i];
	args[nargs] = NULL;
	/* Each command parses its own options from a fresh getopt state. */
	optind = 0;
	opterr = 0;
	rc = c->run((int)nargs, args);
out:
	cliopt_close(&gp);
	for (size_t i = 0; i < ng; i++) {
		free(g[i].name);
		free(g[i].word);
	}
	free(g);
	free(args);
	return rc;
}

/*
 * sed's line ranges: "A,B", "A,+N" (A and the N lines after it) and "A,$"
 * (to the last line).  As cli_parse_lines().
 */
static int
parse_lines_sed(const char *s, uint64_t *from, uint64_t *to, char *err)
{
	const char *comma = strchr(s, ',');
	size_t alen = (size_t)(comma - s);
	char buf[64], sub[LS_ERRSZ];
	uint64_t a, b, n;

	if (alen == 0 || alen >= sizeof(buf))
		goto bad;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (ls_parse_u64(buf, 1, UINT64_MAX, &a, sub) < 0)
		goto bad;
	if (strcmp(comma + 1, "$") == 0) {
		b = UINT64_MAX;
	} else if (comma[1] == '+') {
		if (ls_parse_u64(comma + 2, 0, UINT64_MAX, &n, sub) < 0)
			goto bad;
		b = n > UINT64_MAX - a ? UINT64_MAX : a + n;
	} else {
		if (ls_parse_u64(comma + 1, 1, UINT64_MAX, &b, sub) < 0)
			goto bad;
		/* sed prints line A alone when B is before it. */
		if (b < a)
			b = a;
	}
	*from = a;
	*to = b;
	return 0;
bad:
	ls_errf(err,
	        "bad line range '%s': sed's form is A,B, A,+N or A,$ "
	        "(1-based line numbers)",
	        s);
	return -1;
}

int
cli_parse_lines(const char *s, uint64_t *from, uint64_t *to, char *err)
{
	const char *colon = strchr(s, ':');
	char buf[64];
	char sub[LS_ERRSZ];
	uint64_t a = 1, b = UINT64_MAX, n;
	size_t alen;

	if (colon == NULL && strchr(s, ',') != NULL)
		return parse_lines_sed(s, from, to, err);
	if (colon == NULL) {
		if (ls_parse_u64(s, 1, UINT64_MAX, &a, sub) < 0)
			goto bad;
		*from = *to = a;
		return 0;
	}
	alen = (size_t)(colon - s);
	if (alen >= sizeof(buf))
		goto bad;
	if (alen > 0) {
		memcpy(buf, s, alen);
		buf[alen] = '\0';
		if (ls_parse_u64(buf, 1, UINT64_MAX, &a, sub) < 0)
			goto bad;
	}
	if (colon[1] == '+') {
		if (ls_parse_u64(colon + 2, 0, UINT64_MAX, &n, sub) < 0)
			goto bad;
		if (n == 0) {
			ls_errf(err,
			        "bad line range '%s': +N must be at "
			        "least 1",
			        s);
			return -1;
		}
		b = n - 1 > UINT64_MAX - a ? UINT64_MAX : a + (n - 1);
	} else if (colon[1] != '\0') {
		if (ls_parse_u64(colon + 1, 1, UINT64_MAX, &b, sub) < 0)
			goto bad;
	} else if (alen == 0) {
		goto bad;
	}
	if (b < a) {
		ls_errf(err,
		        "bad line range '%s': the end comes before the "
		        "start",
		        s);
		return -1;
	}
	*from = a;
	*to = b;
	return 0;
bad:
	ls_errf(err,
	        "bad line range '%s': expected A:B, A:, :B, A:+N, A, -N: "
	        "or sed's A,B (1-based line numbers)",
	        s);
	return -1;
}

int
cli_parse_lines_last(const char *s, uint64_t *n, char *err)
{
	size_t len = strlen(s);
	char buf[64], sub[LS_ERRSZ];

	if (s[0] != '-')
		return 0;
	if (len < 3 || s[len - 1] != ':' || len - 2 >= sizeof(buf))
		goto bad;
	memcpy(buf, s + 1, len - 2);
	buf[len - 2] = '\0';
	if (ls_parse_u64(buf, 1, UINT64_MAX, n, sub) < 0)
		goto bad;
	return 1;
bad:
	ls_errf(err,
	        "bad line range '%s': -N: is the last N lines (N at least "
	        "1), as tail -n N",
	        s);
	return -1;
}

void
cli_progress_init(struct cli_progress *p, const char *name)
{
	p->name = name;
	p->shown = 0;
	p->last_pct = -1;
}

int
cli_progress_show(void *ctx, uint64_t done, uint64_t total)
{
	struct cli_progress *p = ctx;
	int pct = total ? (int)(done * 100 / total) : 100;

	/* Redraw only when the figure changes: stderr is unbuffered. */
	if (pct != p->last_pct) {
		fprintf(stderr, "\rlogscan: %s: indexing %3d%%", p->name, pct);
		fflush(stderr);
		p->last_pct = pct;
		p->shown = 1;
	}
	return 0;
}

void
cli_progress_done(struct cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

void
cli_note_index(const char *file, const struct plan_stats *ps,
               const struct options *o)
{
	if (!ps->built_new || ps->index_path == NULL || o->quiet_notes ||
	    o->quiet || o->no_messages)
		return;
	cli_warn("%s: built index %s for time queries (see FILES in "
	         "logscan(1) to turn this off)",
	         file, ps->index_path);
}

void
cli_say_waiting(void *ctx)
{
	cli_warn("waiting for another logscan index on %s", (const char *)ctx);
}

void
cli_plan_notes(const char *name, const struct plan_stats *ps,
               const struct options *o)
{
	char msg[2 * LS_ERRSZ + PATH_MAX];

	cli_note_index(name, ps, o);
	if (plan_changed_message(ps, msg, sizeof(msg)) != NULL)
		cli_warn("%s: %s", name, msg);
	if ((ps->state == INDEX_STATE_CORRUPT ||
	     ps->state == INDEX_STATE_UNREADABLE) &&
	    o->index_mode != INDEX_NEVER && ps->built == INDEX_PLAN_UPTODATE)
		cli_warn("%s: %s index (%s); not using it", ps->index_path,
		         ps->state == INDEX_STATE_CORRUPT ? "corrupt"
		                                          : "unreadable",
		         ps->reason);
	if (ps->build_failed)
		cli_warn("%s: index not built (%s); reading the log", name,
		         ps->reason + strlen("cannot build: "));
	if (ps->state == INDEX_STATE_UNTRUSTED && o->index_mode != INDEX_NEVER)
		cli_warn("%s: %s; reading the log directly", ps->index_path,
		         ps->reason);
}

int
cli_open_plan(const char *path, const char *name, const struct options *o,
              const struct plan_params *pa, const struct plan_time *tm,
              window_file **wf, plan **p, char *err)
{
	*p = NULL;
	if (window_open(wf, path, o->window_size, err) < 0 ||
	    window_set_decompress(*wf, o->decompress, err) < 0) {
		window_close(*wf);
		*wf = NULL;
		return -1;
	}
	window_set_io(*wf, o->io);
	if (plan_open(p, pa, tm, path, *wf, err) < 0) {
		window_close(*wf);
		*wf = NULL;
		return -2;
	}
	cli_plan_notes(name, plan_get_stats(*p), o);
	return 0;
}

unsigned
cli_online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > (long)CONF_THREADS_MAX ? (unsigned)CONF_THREADS_MAX
	                                  : (unsigned)n;
}

int
cli_parse_range(const char *s, uint64_t *start, uint64_t *end, char *err)
{
	const char *colon = strchr(s, ':');
	char first[32];
	size_t n;

	if (colon == NULL || (n = (size_t)(colon - s)) == 0 ||
	    n >= sizeof(first)) {
		ls_errf(err, "'%s': expected START:END (byte offsets)", s);
		return -1;
	}
	memcpy(first, s, n);
	first[n] = '\0';
	if (ls_parse_u64(first, 0, UINT64_MAX - 1, start, err) < 0)
		return -1;
	if (colon[1] == '\0') {
		*end = UINT64_MAX;
		return 0;
	}
	if (ls_parse_u64(colon + 1, 0, UINT64_MAX - 1, end, err) < 0)
		return -1;
	if (*end < *start) {
		ls_errf(err, "'%s': END is before START", s);
		return -1;
	}
	return 0;
}

int
cli_range_region(const struct options *o, const struct index_params *ip,
                 window_file *wf, const char *path, int need_line,
                 struct region *own, char *err)
{
	uint64_t size = window_file_size(wf);

	if (window_is_stream(wf)) {
		struct stat st;

		if (window_format(wf) == DECOMP_NONE ||
		    fstat(window_fd(wf), &st) < 0 || !S_ISREG(st.st_mode)) {
			ls_errf(err, "--range needs a regular file");
			return -1;
		}
		if (o->range_start == 0 &&
		    o->range_end >= (uint64_t)st.st_size)
			return 1;
		ls_errf(err,
		        "a compressed file is searched whole: --range "
		        "0:%llu",
		        (unsigned long long)st.st_size);
		return -1;
	}
	if (window_line_start(wf, o->range_start, &own->start, err) < 0 ||
	    window_line_start(wf, o->range_end < size ? o->range_end : size,
	                      &own->end, err) < 0)
		return -1;
	own->first_line = 1;
	if (need_line && own->start < own->end &&
	    plan_line_at(path, ip, wf, own->start, &own->first_line,
	                 err) < 0)
		return -1;
	return 0;
}

void
cli_check_index_dir(const struct options *o)
{
	struct stat st;

	if (o->index_dir != NULL && stat(o->index_dir, &st) == 0 &&
	    S_ISDIR(st.st_mode) && (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    (st.st_mode & S_ISVTX) == 0)
		cli_warn("%s: index directory writable by group or others "
		         "without the sticky bit; its indexes are not trusted",
		         o->index_dir);
}

void
cli_conf_apply(const struct conf *c, struct options *o, unsigned cli_set)
{
	if (c->have_window_size && o->window_size == 0)
		o->window_size = c->window_size;
	if (c->threads > 0 && o->threads == 0)
		o->threads = (unsigned)c->threads;
	if (c->have_index_mode && !(cli_set & CLI_SET_INDEX))
		o->index_mode = c->index_mode;
	if (c->index_dir != NULL && o->index_dir == NULL)
		o->index_dir = c->index_dir;
	if (c->have_group_lines && o->group_lines == 0)
		o->group_lines = c->group_lines;
	if (c->have_group_bytes && o->group_bytes == 0)
		o->group_bytes = c->group_bytes;
	if (c->have_color && !(cli_set & CLI_SET_COLOR))
		o->color = c->color;
	if (c->have_io && !(cli_set & CLI_SET_IO))
		o->io = c->io;
	if (c->have_index_wait) {
		o->have_index_wait = 1;
		o->index_wait_ms = c->index_wait_ms;
	}
	if (c->have_index_notes && !c->index_notes)
		o->quiet_notes = 1;
}

int
cli_conf_layer(struct options *o, unsigned cli_set, struct conf **out,
               char *err)
{
	*out = NULL;
	if (o->no_config)
		return 0;
	if (conf_open(o->config_path, out, err) < 0)
		return -1;
	if (*out != NULL)
		cli_conf_apply(*out, o, cli_set);
	return 0;
}

void
cli_index_params(const struct options *o, struct index_params *ip)
{
	memset(ip, 0, sizeof(*ip));
	ip->mode = o->index_mode;
	ip->dir = o->index_dir;
	ip->group_lines = o->group_lines;
	ip->group_bytes = o->group_bytes;
	ip->window_size = o->window_size;
	ip->io = o->io;
}

void
cli_plan_params(const struct options *o, struct plan_params *pp)
{
	memset(pp, 0, sizeof(*pp));
	cli_index_params(o, &pp->index);
	pp->have_lines = o->have_lines;
	pp->line_from = o->line_from;
	pp->line_to = o->line_to;
	pp->line_last = o->line_last;
	pp->have_index_wait = o->have_index_wait;
	pp->index_wait_ms = o->index_wait_ms;
}

void
cli_timectx_params(const struct options *o, const struct conf *c,
                   struct timectx_params *tp)
{
	memset(tp, 0, sizeof(*tp));
	tp->utc = o->utc;
	tp->format = o->time_format;
	tp->year = o->year;
	tp->conf = c;
}

int
cli_warn_data_end(const char *name, const window_file *wf)
{
	const char *note = window_warning(wf);

	if (note == NULL)
		return 0;
	cli_warn("%s: %s", name, note);
	return 1;
}

void
cli_warn_msg(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

int
cli_open_timectx(const struct options *o, const struct conf *c, timectx **tc)
{
	char err[LS_ERRSZ];
	struct timectx_params tp;

	cli_timectx_params(o, c, &tp);
	if (timectx_open(tc, &tp, err) < 0) {
		cli_warn("%s", err);
		return -1;
	}
	timectx_set_warn(*tc, cli_warn_msg, NULL);
	return 0;
}

int
cli_open_settings(struct options *o, unsigned set, struct conf **conf,
                  timectx **tc)
{
	char err[LS_ERRSZ];

	if (cli_conf_layer(o, set, conf, err) < 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	cli_check_index_dir(o);
	if (cli_open_timectx(o, *conf, tc) < 0) {
		conf_free(*conf);
		*conf = NULL;
		return EXIT_TROUBLE;
	}
	return 0;
}

int
cli_color_auto(void)
{
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && term != NULL &&
	       strcmp(term, "dumb") != 0 &&
	       (no_color == NULL || *no_color == '\0');
}

int
cli_utf8_locale(void)
{
	const char *cs;

	if (setlocale(LC_CTYPE, "") == NULL)
		return 0;
	cs = nl_langinfo(CODESET);
	return cs != NULL &&
	       (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int
cli_chunk_size(const struct options *o, uint64_t *out)
{
	const char *env = getenv("LOGSCAN_CHUNK_SIZE");
	char err[LS_ERRSZ];

	*out = o->chunk_size ? o->chunk_size : CLI_CHUNK_DEFAULT;
	if (o->chunk_size == 0 && env != NULL && *env != '\0' &&
	    ls_parse_size(env, 1, (uint64_t)1 << 40, out, err) < 0) {
		cli_warn("bad LOGSCAN_CHUNK_SIZE: %s", err);
		return -1;
	}
	return 0;
}
