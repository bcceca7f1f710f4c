#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cmd.h"
#include "conf.h"
#include "timectx.h"
#include <unistd.h>

const struct cli_command cli_commands[] = {
    {"grep", "[OPTIONS] PATTERN [FILE...]",
     "search files for lines matching a regular expression", cmd_grep,
     cmd_grep_help},
    {"slice", "[--since T] [--until T] [--lines A:B] FILE...",
     "print the lines in a time or line range", cmd_slice, cmd_slice_help},
    {"index", "[OPTIONS] FILE...", "build or refresh the sidecar index",
     cmd_index, cmd_index_help},
    {"info", "FILE...", "show what the index knows about a file (YAML)",
     cmd_info, cmd_info_help},
    {"formats", "", "list the timestamp formats logscan understands",
     cmd_formats, cmd_formats_help},
    {"config", "[--config FILE | --no-config]",
     "show the configuration file and the settings in effect (YAML)",
     cmd_config, cmd_config_help},
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
cli_print_usage(FILE *out, const char *cmd)
{
	const struct cli_command *c = cmd ? cli_find(cmd) : NULL;

	if (c == NULL) {
		fputs("Usage: logscan COMMAND [ARGS...]\n", out);
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

int
cli_getopt_error(const char *cmd, int ret, char **argv)
{
	/* getopt_long leaves optind past the offending word. */
	const char *word = optind > 0 ? argv[optind - 1] : "?";
	const char *eq;
	int len;

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
	return cli_usage_error(cmd, "unrecognized or ambiguous option '%.*s'",
	                       len, word);
}

static void
print_main_help(FILE *out)
{
	const struct cli_command *c;

	fputs("Usage: logscan COMMAND [ARGS...]\n"
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
	      "Run 'logscan help COMMAND' (or 'logscan COMMAND --help') for "
	      "a command's options.\n"
	      "Exit status: 0 if a line was selected, 1 if none was, 2 on "
	      "error.\n"
	      "See logscan(1) for the full manual.\n",
	      out);
}

int
cli_print_version(void)
{
	printf("logscan %s\n", PACKAGE_VERSION);
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
	c = cli_find(argv[1]);
	if (c == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	if (c->help == NULL) {
		print_main_help(stdout);
	} else {
		c->help(stdout);
	}
	return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
}

int
cli_main(int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2)
		return cli_usage_error(NULL, "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return run_help(1, argv + 1);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cli_print_version();
	if (argv[1][0] == '-')
		return cli_usage_error(NULL, "unrecognized option '%s'",
		                       argv[1]);
	c = cli_find(argv[1]);
	if (c == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	if (c->run == NULL)
		return run_help(argc - 1, argv + 1);
	/* Each command parses its own options from a fresh getopt state. */
	optind = 0;
	opterr = 0;
	return c->run(argc - 1, argv + 1);
}

int
cli_parse_lines(const char *s, uint64_t *from, uint64_t *to, char *err)
{
	const char *colon = strchr(s, ':');
	char buf[64];
	char sub[LS_ERRSZ];
	uint64_t a = 1, b = UINT64_MAX, n;
	size_t alen;

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
	        "bad line range '%s': expected A:B, A:, :B, A:+N or A "
	        "(1-based line numbers)",
	        s);
	return -1;
}

int
cli_parse_window_size(const char *s, size_t *out, char *err)
{
	uint64_t v;
	char sub[LS_ERRSZ];

	if (ls_parse_size(s, (uint64_t)sysconf(_SC_PAGESIZE), (uint64_t)1 << 30,
	                  &v, sub) < 0) {
		ls_errf(err, "bad window size: %s", sub);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

int
cli_parse_index_mode(const char *s, enum index_mode *out, char *err)
{
	if (options_index_mode(s, out) < 0) {
		ls_errf(err, "bad --index value '%s': expected auto or never",
		        s);
		return -1;
	}
	return 0;
}

/* options_color() in any letter case, as grep reads --color's words. */
static int
options_color_nocase(const char *s, enum color_mode *out)
{
	char low[16];
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	return s[i] == '\0' ? options_color(low, out) : -1;
}

int
cli_parse_color(const char *s, enum color_mode *out, char *err)
{
	/* GNU grep's synonyms, then the words the config shares. */
	if (s == NULL || strcasecmp(s, "tty") == 0 ||
	    strcasecmp(s, "if-tty") == 0)
		*out = COLOR_AUTO;
	else if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "force") == 0)
		*out = COLOR_ALWAYS;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "none") == 0)
		*out = COLOR_NEVER;
	else if (options_color_nocase(s, out) < 0) {
		ls_errf(err,
		        "bad --color value '%s': expected never, always "
		        "or auto",
		        s);
		return -1;
	}
	return 0;
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
cli_say_waiting(void *ctx)
{
	cli_warn("waiting for another logscan index on %s", (const char *)ctx);
}

int
cli_common_option(const char *cmd, int c, const char *arg, struct options *o,
                  unsigned *set, char **argv)
{
	char err[LS_ERRSZ];

	switch (c) {
	case CLI_OPT_LINES:
		if (cli_parse_lines(arg, &o->line_from, &o->line_to, err) < 0)
			return cli_usage_error(cmd, "%s", err);
		o->have_lines = 1;
		return 0;
	case CLI_OPT_SINCE:
		o->since = arg;
		return 0;
	case CLI_OPT_UNTIL:
		o->until = arg;
		return 0;
	case CLI_OPT_TIME_FORMAT:
		o->time_format = arg;
		return 0;
	case CLI_OPT_UTC:
		o->utc = 1;
		return 0;
	case CLI_OPT_YEAR:
		if (timectx_parse_year(arg, &o->year, err) < 0)
			return cli_usage_error(cmd, "%s", err);
		return 0;
	case CLI_OPT_INDEX:
		if (cli_parse_index_mode(arg, &o->index_mode, err) < 0)
			return cli_usage_error(cmd, "%s", err);
		*set |= CONF_SET_INDEX;
		return 0;
	case CLI_OPT_INDEX_DIR:
		/* "" would name the root directory in lookups. */
		if (arg[0] == '\0')
			return cli_usage_error(cmd,
			                       "--index-dir must not be empty");
		o->index_dir = arg;
		return 0;
	case CLI_OPT_GROUP_LINES:
		if (ls_parse_u64(arg, 1, UINT32_MAX, &o->group_lines, err) < 0)
			return cli_usage_error(cmd, "bad --group-lines: %s",
			                       err);
		return 0;
	case CLI_OPT_GROUP_BYTES:
		if (ls_parse_size(arg, 1, (uint64_t)1 << 40, &o->group_bytes,
		                  err) < 0)
			return cli_usage_error(cmd, "bad --group-bytes: %s",
			                       err);
		return 0;
	case CLI_OPT_STATS:
		o->stats = 1;
		return 0;
	case CLI_OPT_WINDOW_SIZE:
		if (cli_parse_window_size(arg, &o->window_size, err) < 0)
			return cli_usage_error(cmd, "%s", err);
		return 0;
	case CLI_OPT_CONFIG:
		o->config_path = arg;
		return 0;
	case CLI_OPT_NO_CONFIG:
		o->no_config = 1;
		return 0;
	default:
		return cli_getopt_error(cmd, c, argv);
	}
}

int
cli_open_settings(struct options *o, unsigned set, struct conf **conf,
                  timectx **tc)
{
	char err[LS_ERRSZ];

	if (conf_layer(o, set, conf, err) < 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	if (timectx_open_conf(tc, o, *conf, err) < 0) {
		cli_warn("%s", err);
		conf_free(*conf);
		*conf = NULL;
		return EXIT_TROUBLE;
	}
	return 0;
}
