/*
 * cliopt.c - getopt arrays, --help lines, the shared options and shell
 * completions, all made from the option table (see cliopt.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cliopt.h"
#include "opttab.h"
#include "timectx.h"
#include "util.h"

/* The table's enumerations of command-layer types use these numbers. */
_Static_assert(DIRS_READ == 0 && DIRS_SKIP == 1 && DIRS_RECURSE == 2,
               "opttab.c's dir_words");
_Static_assert(DEVS_READ == 1 && DEVS_SKIP == 2, "opttab.c's dev_words");

static const struct {
	const char *name;
	unsigned bit;
} cmd_bits[] = {
    {"grep", OPT_CMD_GREP},       {"slice", OPT_CMD_SLICE},
    {"hist", OPT_CMD_HIST},       {"index", OPT_CMD_INDEX},
    {"info", OPT_CMD_INFO},       {"formats", OPT_CMD_FORMATS},
    {"config", OPT_CMD_CONFIG},   {"completion", OPT_CMD_COMPLETION},
    {"plan", OPT_CMD_PLAN},
    {NULL, 0},
};

unsigned
cliopt_cmd_bit(const char *cmd)
{
	if (cmd == NULL)
		return OPT_CMD_GLOBAL;
	for (size_t i = 0; cmd_bits[i].name != NULL; i++)
		if (strcmp(cmd_bits[i].name, cmd) == 0)
			return cmd_bits[i].bit;
	return 0;
}

static int
has_arg(const struct opt_def *d)
{
	if (d->kind == OPT_FLAG)
		return no_argument;
	return (d->flags & OPTF_OPTIONAL_ARG) ? optional_argument
	                                      : required_argument;
}

static void
add_long(struct cliopt *p, size_t *n, const char *name, int arg, int val)
{
	p->longopts = xreallocarray(p->longopts, *n + 2, sizeof(*p->longopts));
	p->longopts[*n].name = name;
	p->longopts[*n].has_arg = arg;
	p->longopts[*n].flag = NULL;
	p->longopts[*n].val = val;
	(*n)++;
	memset(&p->longopts[*n], 0, sizeof(p->longopts[*n]));
}

void
cliopt_open(struct cliopt *p, const char *cmd, const char *extra,
            int stop_at_operand)
{
	size_t nlong = 0, at = 0;

	p->cmd = cmd;
	p->bit = cliopt_cmd_bit(cmd);
	p->longopts = NULL;
	add_long(p, &nlong, NULL, 0, 0);
	nlong = 0;
	/* '+' stops at the command's name; ':' tells a missing argument
	 * (':') from an unknown option ('?'). */
	if (stop_at_operand)
		p->shortopts[at++] = '+';
	p->shortopts[at++] = ':';
	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		int arg = has_arg(d);

		if ((d->cmds & p->bit) == 0)
			continue;
		if (d->name != NULL)
			add_long(p, &nlong, d->name, arg,
			         CLIOPT_LONG + (int)(d - opttab));
		if (d->alias != NULL)
			add_long(p, &nlong, d->alias, arg,
			         CLIOPT_LONG + (int)(d - opttab));
		for (const char *l = d->letters; l && *l; l++) {
			if (at + 4 >= sizeof(p->shortopts))
				abort(); /* the table outgrew the buffer */
			p->shortopts[at++] = *l;
			if (arg != no_argument)
				p->shortopts[at++] = ':';
			if (arg == optional_argument)
				p->shortopts[at++] = ':';
		}
	}
	for (const char *l = extra; l && *l; l++) {
		if (at + 2 >= sizeof(p->shortopts))
			abort();
		p->shortopts[at++] = *l;
	}
	p->shortopts[at] = '\0';
}

void
cliopt_close(struct cliopt *p)
{
	free(p->longopts);
	p->longopts = NULL;
}

int
cliopt_next(struct cliopt *p, int argc, char **argv,
            const struct opt_def **d, const char **arg, uint64_t *val)
{
	char err[LS_ERRSZ];
	int c;

	*d = NULL;
	*arg = NULL;
	*val = 0;
	c = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
	if (c == -1)
		return 0;
	if (c >= CLIOPT_LONG)
		*d = &opttab[c - CLIOPT_LONG];
	else if (c != '?' && c != ':')
		*d = opttab_find_letter(p->bit, c);
	if (*d == NULL) {
		if (c != '?' && c != ':') {
			/* One of the command's extra letters. */
			*val = (uint64_t)c;
			return 2;
		}
		cli_getopt_error(p->cmd, c, argv);
		return -1;
	}
	*arg = optarg;
	if (((*d)->kind == OPT_NUMBER || (*d)->kind == OPT_SIZE ||
	     ((*d)->kind == OPT_ENUM && optarg != NULL)) &&
	    opttab_value(*d, optarg, val, err) < 0) {
		cli_usage_error(p->cmd, "%s", err);
		return -1;
	}
	return 1;
}

int
cliopt_common(const struct cliopt *p, const struct opt_def *d,
              const char *arg, uint64_t val, struct options *o,
              unsigned *set)
{
	char err[LS_ERRSZ];

	switch (d->id) {
	case OID_LINES:
		switch (cli_parse_lines_last(arg, &o->line_last, err)) {
		case 1:
			/* Lines counted from the end: each file's own. */
			o->line_from = 1;
			o->line_to = UINT64_MAX;
			break;
		case 0:
			o->line_last = 0;
			if (cli_parse_lines(arg, &o->line_from, &o->line_to,
			                    err) < 0)
				return cli_usage_error(p->cmd, "%s", err);
			break;
		default:
			return cli_usage_error(p->cmd, "%s", err);
		}
		o->have_lines = 1;
		return 0;
	case OID_RANGE:
		if (cli_parse_range(arg, &o->range_start, &o->range_end,
		                    err) < 0)
			return cli_usage_error(p->cmd, "bad --range: %s", err);
		o->have_range = 1;
		return 0;
	case OID_RANGE_REPORT:
		o->range_report = 1;
		return 0;
	case OID_SINCE:
		o->since = arg;
		return 0;
	case OID_UNTIL:
		o->until = arg;
		return 0;
	case OID_TIME_FORMAT:
		o->time_format = arg;
		return 0;
	case OID_UTC:
		o->utc = 1;
		return 0;
	case OID_YEAR:
		o->year = (int)val;
		return 0;
	case OID_INDEX:
		o->index_mode = (enum index_mode)val;
		*set |= CLI_SET_INDEX;
		return 0;
	case OID_INDEX_DIR:
		/* "" would name the root directory in lookups. */
		if (arg[0] == '\0')
			return cli_usage_error(p->cmd,
			                       "--index-dir must not be empty");
		o->index_dir = arg;
		return 0;
	case OID_GROUP_LINES:
		o->group_lines = val;
		return 0;
	case OID_GROUP_BYTES:
		o->group_bytes = val;
		return 0;
	case OID_STATS:
		o->stats = 1;
		return 0;
	case OID_WINDOW_SIZE:
		o->window_size = (size_t)val;
		return 0;
	case OID_IO:
		o->io = (enum window_io)val;
		*set |= CLI_SET_IO;
		return 0;
	case OID_THREADS:
		o->threads = (unsigned)val;
		return 0;
	case OID_DECOMPRESS:
		o->decompress = WINDOW_DECOMP_FORCE;
		return 0;
	case OID_NO_DECOMPRESS:
		o->decompress = WINDOW_DECOMP_NEVER;
		return 0;
	case OID_MERGE:
		o->merge = 1;
		return 0;
	case OID_CONFIG:
		o->config_path = arg;
		return 0;
	case OID_NO_CONFIG:
		o->no_config = 1;
		return 0;
	case OID_COLOR:
		/* The bare flag means auto, as in GNU grep. */
		o->color = arg != NULL ? (enum color_mode)val : COLOR_AUTO;
		*set |= CLI_SET_COLOR;
		return 0;
	default:
		return 1;
	}
}

void
options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_count = -1;
	o->with_filename = -1;
	o->line_from = 1;
	o->line_to = UINT64_MAX;
}

int
cliopt_parse(const char *cmd, int argc, char **argv, struct options *o,
             unsigned *set, cliopt_own_fn own, void *ctx,
             void (*help)(FILE *))
{
	struct cliopt p;
	const struct opt_def *d;
	const char *arg;
	uint64_t val;
	int r, rc = CLIOPT_GO;

	cliopt_open(&p, cmd, NULL, 0);
	while (rc == CLIOPT_GO && (r = cliopt_next(&p, argc, argv, &d, &arg,
	                                           &val)) != 0) {
		if (r < 0) {
			rc = EXIT_TROUBLE;
		} else if (r == 2) {
			/* No extra letters were asked for. */
			rc = EXIT_TROUBLE;
		} else if (d->id == OID_HELP) {
			help(stdout);
			rc = fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		} else if ((r = cliopt_common(&p, d, arg, val, o, set)) == 1) {
			if (own == NULL || (r = own(ctx, d, arg, val)) != 0)
				rc = own == NULL ? EXIT_TROUBLE : r;
		} else if (r != 0) {
			rc = r;
		}
	}
	cliopt_close(&p);
	return rc;
}

/* ---- help ---- */

/* d's left column in help: "-e, --regexp=PATTERN". */
static void
help_names(const struct opt_def *d, char *buf, size_t sz)
{
	size_t at = 0;

	if (d->usage != NULL) {
		snprintf(buf, sz, "%s", d->usage);
		return;
	}
	buf[0] = '\0';
	for (const char *l = d->letters; l && *l && at < sz; l++)
		at += (size_t)snprintf(buf + at, sz - at, "-%c%s", *l,
		                       l[1] || d->name ? ", " : "");
	if (at >= sz)
		return;
	if (d->name != NULL)
		at += (size_t)snprintf(buf + at, sz - at, "--%s", d->name);
	if (at >= sz || d->arg == NULL)
		return;
	if (d->name == NULL)
		snprintf(buf + at, sz - at, " %s", d->arg);
	else if (d->flags & OPTF_OPTIONAL_ARG)
		snprintf(buf + at, sz - at, "[=%s]", d->arg);
	else
		snprintf(buf + at, sz - at, "=%s", d->arg);
}

#define HELP_COL 28
#define HELP_WIDTH 79

/* Print text from column col (the cursor is there), wrapped at
 * HELP_WIDTH with the lines after the first indented to col; then
 * "(default: DFLT)" unless dflt is NULL. */
static void
help_wrap(FILE *out, const char *text, int col, const char *dflt)
{
	char with[512];
	int at = col;

	/* The table's default, said once, where the text does not. */
	if (dflt != NULL) {
		snprintf(with, sizeof(with), "%s (default: %s)", text, dflt);
		text = with;
	}
	while (*text != '\0') {
		size_t w = strcspn(text, " ");

		if (at > col && at + 1 + (int)w > HELP_WIDTH) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fwrite(text, 1, w, out);
		at += (int)w;
		text += w;
		while (*text == ' ')
			text++;
	}
	fputc('\n', out);
}

void
cliopt_help(FILE *out, const char *cmd, int sectioned)
{
	unsigned bit = cliopt_cmd_bit(cmd);
	const char *section = NULL;
	char names[128];

	if (!sectioned)
		fputs("Options:\n", out);
	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		const char *s = d->section ? d->section : "Other";
		int len;

		if ((d->cmds & bit) == 0 || (d->name == NULL && !d->letters))
			continue;
		if (sectioned && (section == NULL || strcmp(s, section) != 0)) {
			fprintf(out, "%s%s:\n", section ? "\n" : "", s);
			section = s;
		}
		help_names(d, names, sizeof(names));
		len = fprintf(out, "  %s%s", d->letters || d->usage ? "" : "    ",
		              names);
		if (len < HELP_COL)
			fprintf(out, "%*s", HELP_COL - len, "");
		else
			fputc(' ', out);
		help_wrap(out, d->help, len < HELP_COL ? HELP_COL : len + 1,
		          d->dflt != NULL && strstr(d->help, "default") == NULL
		              ? d->dflt
		              : NULL);
	}
}

/* ---- listing and completions ---- */

static const char *
or_dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "-";
}

void
cliopt_list(FILE *out)
{
	for (size_t i = 0; cmd_bits[i].name != NULL; i++)
		for (const struct opt_def *d = opttab; d->id != OID_COUNT_;
		     d++) {
			if ((d->cmds & cmd_bits[i].bit) == 0)
				continue;
			fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			        cmd_bits[i].name, or_dash(d->name),
			        or_dash(d->letters), opttab_kind_name(d->kind),
			        or_dash(d->arg), or_dash(d->conf_key),
			        or_dash(d->dflt),
			        d->cmds & OPT_CMD_GLOBAL ? "global" : "-");
		}
}

/* The words a value of d can be completed with, space-separated, into
 * buf; "" when it is not an enumeration. */
static void
value_words(const struct opt_def *d, char *buf, size_t sz)
{
	size_t at = 0;

	buf[0] = '\0';
	for (const struct opt_word *w = d->words; w && w->word; w++)
		if (!w->synonym && at < sz)
			at += (size_t)snprintf(buf + at, sz - at, "%s%s",
			                       at ? " " : "", w->word);
}

/* Every word of command bit's options ("--regexp= -e ..."), for bash. */
static void
bash_words(FILE *out, unsigned bit)
{
	int first = 1;

	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		if ((d->cmds & bit) == 0)
			continue;
		for (const char *l = d->letters; l && *l; l++) {
			fprintf(out, "%s-%c", first ? "" : " ", *l);
			first = 0;
		}
		if (d->name != NULL) {
			fprintf(out, "%s--%s", first ? "" : " ", d->name);
			first = 0;
		}
	}
}

static void
bash_completion(FILE *out)
{
	char words[256];

	fputs("# bash completion for logscan, made by "
	      "'logscan completion bash'\n"
	      "_logscan()\n"
	      "{\n"
	      "\tlocal cur prev cmd i\n"
	      "\tCOMPREPLY=()\n"
	      "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	      "\tprev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tcmd=\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tcase ${COMP_WORDS[i]} in\n"
	      "\t\t-*) ;;\n"
	      "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\t# --io=mm arrives as the words --io, = and mm.\n"
	      "\tif [[ $cur == = ]]; then\n"
	      "\t\tcur=\n"
	      "\telif [[ $prev == = ]]; then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	      "\tfi\n"
	      "\t# A value after an option that takes one.\n"
	      "\tcase $prev in\n",
	      out);
	/* Values: the words of enumerations, file names for paths. */
	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		if (d->kind == OPT_FLAG || (d->flags & OPTF_OPTIONAL_ARG) ||
		    (d->name == NULL && d->letters == NULL) || d->cmds == 0)
			continue;
		if (d->kind != OPT_ENUM && d->kind != OPT_PATH)
			continue;
		fputs("\t", out);
		if (d->name != NULL)
			fprintf(out, "--%s", d->name);
		for (const char *l = d->letters; l && *l; l++)
			fprintf(out, "%s-%c", d->name || l != d->letters ? "|" : "",
			        *l);
		if (d->kind == OPT_ENUM) {
			value_words(d, words, sizeof(words));
			fprintf(out,
			        ")\n\t\tCOMPREPLY=($(compgen -W '%s' -- "
			        "\"$cur\"))\n\t\treturn ;;\n",
			        words);
		} else if (d->id == OID_INDEX_DIR) {
			fputs(")\n\t\tCOMPREPLY=($(compgen -d -- \"$cur\"))\n"
			      "\t\treturn ;;\n",
			      out);
		} else {
			fputs(")\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
			      "\t\treturn ;;\n",
			      out);
		}
	}
	fputs("\tesac\n"
	      "\tcase $cmd in\n"
	      "\t'')\n"
	      "\t\tif [[ $cur == -* ]]; then\n"
	      "\t\t\tCOMPREPLY=($(compgen -W '",
	      out);
	bash_words(out, OPT_CMD_GLOBAL);
	fputs("' -- \"$cur\"))\n"
	      "\t\telse\n"
	      "\t\t\tCOMPREPLY=($(compgen -W '",
	      out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "%s%s", c == cli_commands ? "" : " ", c->name);
	fputs("' -- \"$cur\"))\n"
	      "\t\tfi\n"
	      "\t\treturn ;;\n",
	      out);
	for (size_t i = 0; cmd_bits[i].name != NULL; i++) {
		fprintf(out, "\t%s)\n\t\tif [[ $cur == -* ]]; then\n"
		             "\t\t\tCOMPREPLY=($(compgen -W '",
		        cmd_bits[i].name);
		bash_words(out, cmd_bits[i].bit);
		if (cmd_bits[i].bit == OPT_CMD_COMPLETION)
			fputs("' -- \"$cur\"))\n\t\telse\n"
			      "\t\t\tCOMPREPLY=($(compgen -W 'bash zsh fish' "
			      "-- \"$cur\"))\n\t\tfi\n\t\treturn ;;\n",
			      out);
		else
			fputs("' -- \"$cur\"))\n\t\telse\n"
			      "\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
			      "\t\tfi\n\t\treturn ;;\n",
			      out);
	}
	fputs("\thelp)\n"
	      "\t\tCOMPREPLY=($(compgen -W '",
	      out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "%s%s", c == cli_commands ? "" : " ", c->name);
	fputs("' -- \"$cur\"))\n"
	      "\t\treturn ;;\n"
	      "\tesac\n"
	      "}\n"
	      "complete -o default -F _logscan logscan\n",
	      out);
}

/* s with single quotes and brackets made safe for a zsh _arguments
 * spec or a fish string in single quotes. */
static void
put_quoted(FILE *out, const char *s, int zsh)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else if (zsh && (*s == '[' || *s == ']' || *s == ':'))
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
}

/* The zsh action completing d's value. */
static void
zsh_action(FILE *out, const struct opt_def *d)
{
	char words[256];

	if (d->kind == OPT_FLAG)
		return;
	fprintf(out, ":%s:", d->arg ? d->arg : "value");
	if (d->kind == OPT_ENUM) {
		value_words(d, words, sizeof(words));
		fprintf(out, "(%s)", words);
	} else if (d->id == OID_INDEX_DIR) {
		fputs("_files -/", out);
	} else if (d->kind == OPT_PATH) {
		fputs("_files", out);
	}
}

static void
zsh_completion(FILE *out)
{
	fputs("#compdef logscan\n"
	      "# zsh completion for logscan, made by "
	      "'logscan completion zsh'\n"
	      "_logscan() {\n"
	      "\tlocal curcontext=$curcontext state line\n"
	      "\ttypeset -A opt_args\n"
	      "\t_arguments -C \\\n",
	      out);
	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		if (!(d->cmds & OPT_CMD_GLOBAL) || d->name == NULL)
			continue;
		fprintf(out, "\t\t'--%s%s[", d->name,
		        d->kind == OPT_FLAG ? "" : "=");
		put_quoted(out, d->help, 1);
		fputs("]", out);
		zsh_action(out, d);
		fputs("' \\\n", out);
	}
	fputs("\t\t'1:command:->command' \\\n"
	      "\t\t'*::arg:->args'\n"
	      "\tcase $state in\n"
	      "\tcommand)\n"
	      "\t\tlocal -a cmds\n"
	      "\t\tcmds=(\n",
	      out);
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		fprintf(out, "\t\t\t'%s:", c->name);
		put_quoted(out, c->summary, 0);
		fputs("'\n", out);
	}
	fputs("\t\t)\n"
	      "\t\t_describe command cmds ;;\n"
	      "\targs)\n"
	      "\t\tcase $line[1] in\n",
	      out);
	for (size_t i = 0; cmd_bits[i].name != NULL; i++) {
		fprintf(out, "\t\t%s)\n\t\t\t_arguments -s \\\n",
		        cmd_bits[i].name);
		for (const struct opt_def *d = opttab; d->id != OID_COUNT_;
		     d++) {
			if (!(d->cmds & cmd_bits[i].bit))
				continue;
			for (const char *l = d->letters; l && *l; l++) {
				fprintf(out, "\t\t\t\t'-%c[", *l);
				put_quoted(out, d->help, 1);
				fputs("]", out);
				zsh_action(out, d);
				fputs("' \\\n", out);
			}
			if (d->name == NULL)
				continue;
			fprintf(out, "\t\t\t\t'--%s%s[", d->name,
			        d->kind == OPT_FLAG ? ""
			        : d->flags & OPTF_OPTIONAL_ARG ? "=-"
			                                       : "=");
			put_quoted(out, d->help, 1);
			fputs("]", out);
			zsh_action(out, d);
			fputs("' \\\n", out);
		}
		if (cmd_bits[i].bit == OPT_CMD_COMPLETION)
			fputs("\t\t\t\t'1:shell:(bash zsh fish)' ;;\n", out);
		else
			fputs("\t\t\t\t'*:file:_files' ;;\n", out);
	}
	fputs("\t\thelp)\n\t\t\t_arguments '1:command:(", out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "%s%s", c == cli_commands ? "" : " ", c->name);
	fputs(")' ;;\n"
	      "\t\tesac ;;\n"
	      "\tesac\n"
	      "}\n"
	      "_logscan \"$@\"\n",
	      out);
}

static void
fish_completion(FILE *out)
{
	char words[256];

	fputs("# fish completion for logscan, made by "
	      "'logscan completion fish'\n"
	      "set -l commands",
	      out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, " %s", c->name);
	fputs("\ncomplete -c logscan -f\n", out);
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		fprintf(out,
		        "complete -c logscan -n \"not __fish_seen_subcommand_from "
		        "$commands\" -a %s -d '",
		        c->name);
		put_quoted(out, c->summary, 0);
		fputs("'\n", out);
	}
	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		if (d->name == NULL && d->letters == NULL)
			continue;
		for (unsigned pass = 0; pass < 2; pass++) {
			/* pass 0: before the command; 1: after one. */
			if (pass == 0 && !(d->cmds & OPT_CMD_GLOBAL))
				continue;
			if (pass == 1 && !(d->cmds & ~OPT_CMD_GLOBAL))
				continue;
			fputs("complete -c logscan -n \"", out);
			if (pass == 0) {
				fputs("not __fish_seen_subcommand_from "
				      "$commands",
				      out);
			} else {
				fputs("__fish_seen_subcommand_from", out);
				for (size_t i = 0; cmd_bits[i].name; i++)
					if (d->cmds & cmd_bits[i].bit)
						fprintf(out, " %s",
						        cmd_bits[i].name);
			}
			fputs("\"", out);
			if (d->name != NULL)
				fprintf(out, " -l %s", d->name);
			for (const char *l = d->letters; l && *l; l++)
				fprintf(out, " -s %c", *l);
			if (d->kind == OPT_ENUM) {
				value_words(d, words, sizeof(words));
				fprintf(out, " -x -a '%s'", words);
			} else if (d->kind == OPT_PATH) {
				fputs(" -r -F", out);
			} else if (d->kind != OPT_FLAG) {
				fputs(" -x", out);
			}
			fputs(" -d '", out);
			put_quoted(out, d->help, 0);
			fputs("'\n", out);
		}
	}
	fputs("complete -c logscan -n \"__fish_seen_subcommand_from grep "
	      "slice hist index info formats\" -F\n"
	      "complete -c logscan -n \"__fish_seen_subcommand_from "
	      "completion\" -a 'bash zsh fish'\n"
	      "complete -c logscan -n \"__fish_seen_subcommand_from help\" "
	      "-a \"$commands\"\n",
	      out);
}

int
cliopt_completion(FILE *out, const char *shell)
{
	if (strcmp(shell, "bash") == 0)
		bash_completion(out);
	else if (strcmp(shell, "zsh") == 0)
		zsh_completion(out);
	else if (strcmp(shell, "fish") == 0)
		fish_completion(out);
	else
		return -1;
	return 0;
}
