/*
 * cmd_config.c - `logscan config`: which configuration file applies, the
 * settings in effect with where each comes from, and the configured
 * timestamp formats, as YAML (written with libyaml's emitter so that it
 * reads back).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"
#include "conf.h"
#include "index.h"
#include "options.h"
#include "opttab.h"
#include "plan.h"
#include "util.h"
#include "window.h"
#include "yamlout.h"

void
cmd_config_help(FILE *out)
{
	cli_print_usage(out, "config");
	fputs("\n"
	      "Print, as YAML, which configuration file applies, every "
	      "setting it can make\n"
	      "with its value in effect and whether it comes from the file "
	      "or is the\n"
	      "built-in default, the timestamp formats the file defines "
	      "and its zone\n"
	      "aliases.  The file is\n"
	      "--config FILE, else $LOGSCAN_CONFIG, else "
	      "$XDG_CONFIG_HOME/logscan/config.yaml,\n"
	      "else ~/.config/logscan/config.yaml; see logscan.conf(5).\n"
	      "\n",
	      out);
	cliopt_help(out, "config", 0);
}

struct emitter {
	yaml_emitter_t em;
	int failed;
};

static void
event(struct emitter *e, yaml_event_t *ev)
{
	if (!e->failed && !yaml_emitter_emit(&e->em, ev))
		e->failed = 1;
}

/* A scalar; NULL is written as null.  raw: write s plain, as it is
 * (numbers, sizes, null). */
static void
scalar(struct emitter *e, const char *s, int raw)
{
	yaml_scalar_style_t style;
	yaml_event_t ev;
	char *clean;

	if (s == NULL) {
		s = "null";
		raw = 1;
	}
	/* Paths need not be UTF-8; the emitter refuses what is not. */
	clean = ls_utf8_clean(s);
	/* Every string goes through the one quoting rule. */
	style = raw ? YAML_PLAIN_SCALAR_STYLE : yamlout_style(clean);
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)clean,
	                                  (int)strlen(clean), 1, 1, style))
		e->failed = 1;
	else
		event(e, &ev);
	free(clean);
}

static void
mapping(struct emitter *e, int start, int flow)
{
	yaml_event_t ev;
	int ok;

	if (start)
		ok = yaml_mapping_start_event_initialize(
		    &ev, NULL, NULL, 1,
		    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	else
		ok = yaml_mapping_end_event_initialize(&ev);
	if (!ok)
		e->failed = 1;
	else
		event(e, &ev);
}

static void
sequence(struct emitter *e, int start)
{
	yaml_event_t ev;
	int ok;

	if (start)
		ok = yaml_sequence_start_event_initialize(
		    &ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	else
		ok = yaml_sequence_end_event_initialize(&ev);
	if (!ok)
		e->failed = 1;
	else
		event(e, &ev);
}

/* After a name that is not UTF-8 (shown with U+FFFD): key: its exact
 * bytes in base64.  Nothing for NULL or a UTF-8 name. */
static void
bytes(struct emitter *e, const char *key, const char *name)
{
	char *b64;

	if (name == NULL || yamlout_is_utf8(name))
		return;
	b64 = yamlout_base64(name);
	scalar(e, key, 1);
	scalar(e, b64, 0);
	free(b64);
}

/* key: {value: VALUE, from: command line|config|default} */
static void
setting(struct emitter *e, const char *key, const char *value, int raw,
        const char *from)
{
	scalar(e, key, 1);
	mapping(e, 1, 1);
	scalar(e, "value", 1);
	scalar(e, value, raw);
	bytes(e, "value_bytes", value);
	scalar(e, "from", 1);
	scalar(e, from, 0);
	mapping(e, 0, 0);
}

/*
 * The value of configuration key d in c as the file would give it, into
 * buf; NULL when c does not set it (the table's default then applies).
 */
static const char *
conf_value(const struct opt_def *d, const struct conf *c, char *buf,
           size_t sz)
{
	switch (d->id) {
	case OID_WINDOW_SIZE:
		if (!c->have_window_size)
			return NULL;
		conf_size_text(buf, sz, c->window_size);
		return buf;
	case OID_INDEX:
		return c->have_index_mode ? opttab_word(d, (int)c->index_mode)
		                          : NULL;
	case OID_INDEX_DIR:
		return c->index_dir;
	case OID_GROUP_LINES:
		if (!c->have_group_lines)
			return NULL;
		snprintf(buf, sz, "%llu", (unsigned long long)c->group_lines);
		return buf;
	case OID_GROUP_BYTES:
		if (!c->have_group_bytes)
			return NULL;
		conf_size_text(buf, sz, c->group_bytes);
		return buf;
	case OID_COLOR:
		return c->have_color ? opttab_word(d, (int)c->color) : NULL;
	case OID_INDEX_WAIT:
		if (!c->have_index_wait)
			return NULL;
		if (c->index_wait_ms % 1000 == 0)
			snprintf(buf, sz, "%llus",
			         (unsigned long long)(c->index_wait_ms / 1000));
		else
			snprintf(buf, sz, "%llums",
			         (unsigned long long)c->index_wait_ms);
		return buf;
	case OID_TIMEZONE:
		return c->timezone;
	case OID_IO:
		return c->have_io ? opttab_word(d, (int)c->io) : NULL;
	case OID_INDEX_NOTES:
		return c->have_index_notes ? opttab_word(d, c->index_notes)
		                           : NULL;
	case OID_THREADS:
		if (c->threads == 0)
			return NULL;
		snprintf(buf, sz, "%llu", (unsigned long long)c->threads);
		return buf;
	default:
		return NULL;
	}
}

/*
 * The value of key d that the command line o gave (set: its CLI_SET_*
 * bits), into buf; NULL when it gave none.
 */
static const char *
flag_value(const struct opt_def *d, const struct options *o, unsigned set,
           char *buf, size_t sz)
{
	switch (d->id) {
	case OID_WINDOW_SIZE:
		if (o->window_size == 0)
			return NULL;
		conf_size_text(buf, sz, o->window_size);
		return buf;
	case OID_INDEX:
		return set & CLI_SET_INDEX ? opttab_word(d, (int)o->index_mode)
		                           : NULL;
	case OID_INDEX_DIR:
		return o->index_dir;
	case OID_GROUP_LINES:
		if (o->group_lines == 0)
			return NULL;
		snprintf(buf, sz, "%llu", (unsigned long long)o->group_lines);
		return buf;
	case OID_GROUP_BYTES:
		if (o->group_bytes == 0)
			return NULL;
		conf_size_text(buf, sz, o->group_bytes);
		return buf;
	case OID_COLOR:
		return set & CLI_SET_COLOR ? opttab_word(d, (int)o->color)
		                           : NULL;
	case OID_IO:
		return set & CLI_SET_IO ? opttab_word(d, (int)o->io) : NULL;
	case OID_THREADS:
		if (o->threads == 0)
			return NULL;
		snprintf(buf, sz, "%u", o->threads);
		return buf;
	default:
		return NULL;
	}
}

/*
 * The documented environment, over the default and the config file: TZ is
 * the zone "local" means, and NO_COLOR turns colour's auto off.
 */
static void
env_layer(const struct opt_def *d, const char **v, const char **from)
{
	const char *env;

	if (d->id == OID_TIMEZONE && strcasecmp(*v, "local") == 0 &&
	    (env = getenv("TZ")) != NULL && *env != '\0') {
		*v = env;
		*from = "environment (TZ)";
	} else if (d->id == OID_COLOR && strcasecmp(*v, "auto") == 0 &&
	           (env = getenv("NO_COLOR")) != NULL && *env != '\0') {
		*v = "never";
		*from = "environment (NO_COLOR)";
	}
}

/*
 * Every key of the option table that the config can set, in the table's
 * order, with its value in effect and where it comes from: the command
 * line o (flags given: set), else the config c, else the default.
 */
static void
settings(struct emitter *e, const struct conf *c, const struct options *o,
         unsigned set)
{
	struct conf none;
	char buf[64];

	if (c == NULL) {
		memset(&none, 0, sizeof(none));
		c = &none;
	}
	scalar(e, "settings", 1);
	mapping(e, 1, 0);
	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		const char *v, *from = "command line";
		int raw;

		if (d->conf_key == NULL)
			continue;
		/* Numbers, sizes, times and booleans plain; words and
		 * names through the quoting rule. */
		raw = d->kind == OPT_NUMBER || d->kind == OPT_SIZE ||
		      d->id == OID_INDEX_WAIT || d->id == OID_INDEX_NOTES;
		if ((v = flag_value(d, o, set, buf, sizeof(buf))) == NULL) {
			from = "config";
			v = conf_value(d, c, buf, sizeof(buf));
		}
		if (v == NULL && d->id == OID_THREADS) {
			/* threads: one per CPU by default. */
			snprintf(buf, sizeof(buf), "%u", cli_online_cpus());
			v = buf;
			from = "default";
		} else if (v == NULL) {
			/* No index-dir: beside the log, else the cache
			 * directory (null). */
			v = d->dflt;
			from = "default";
		}
		if (strcmp(from, "command line") != 0)
			env_layer(d, &v, &from);
		setting(e, d->conf_key, v, raw, from);
	}
	mapping(e, 0, 0);
}

static void
formats(struct emitter *e, const struct conf *c)
{
	const struct conf_format *f;
	char line[32];
	size_t i;

	scalar(e, "formats", 1);
	sequence(e, 1);
	for (i = 0; c != NULL && i < c->nformats; i++) {
		f = &c->formats[i];
		mapping(e, 1, 0);
		scalar(e, "name", 1);
		scalar(e, f->name, 0);
		scalar(e, "line", 1);
		snprintf(line, sizeof(line), "%lu", f->line);
		scalar(e, line, 1);
		scalar(e, "regex", 1);
		scalar(e, f->regex, 0);
		scalar(e, "layout", 1);
		scalar(e, layout_text(f->layout), 0);
		scalar(e, "timezone", 1);
		scalar(e, f->timezone, 0);
		mapping(e, 0, 0);
	}
	sequence(e, 0);
}

/* zone-aliases: each abbreviation and its offset as written. */
static void
aliases(struct emitter *e, const struct conf *c)
{
	scalar(e, "zone-aliases", 1);
	mapping(e, 1, c == NULL || c->naliases == 0);
	for (size_t i = 0; c != NULL && i < c->naliases; i++) {
		scalar(e, c->aliases[i].abbr, 1);
		scalar(e, c->aliases[i].text, 0);
	}
	mapping(e, 0, 0);
}

/*
 * Write c (NULL: no file) beneath the flags o (set: their CLI_SET_*
 * bits) as YAML to standard output.  Returns 0, or -1
 * with err filled: "write error on standard output", or what the YAML
 * emitter refused.
 */
static int
print_config(const struct conf *c, const struct options *o, unsigned set,
             char *err)
{
	struct emitter e;
	yaml_event_t ev;

	memset(&e, 0, sizeof(e));
	if (!yaml_emitter_initialize(&e.em)) {
		ls_errf(err, "cannot set up the YAML emitter");
		return -1;
	}
	yaml_emitter_set_output_file(&e.em, stdout);
	yaml_emitter_set_unicode(&e.em, 1);
	yaml_emitter_set_width(&e.em, -1);
	if (yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING))
		event(&e, &ev);
	if (yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1))
		event(&e, &ev);
	mapping(&e, 1, 0);
	scalar(&e, "file", 1);
	scalar(&e, c ? c->path : NULL, 0);
	bytes(&e, "file_bytes", c ? c->path : NULL);
	settings(&e, c, o, set);
	formats(&e, c);
	aliases(&e, c);
	mapping(&e, 0, 0);
	if (yaml_document_end_event_initialize(&ev, 1))
		event(&e, &ev);
	if (yaml_stream_end_event_initialize(&ev))
		event(&e, &ev);
	if (e.failed) {
		if (e.em.error == YAML_WRITER_ERROR)
			ls_errf(err, "write error on standard output");
		else
			ls_errf(err,
			        "cannot write the configuration as YAML: "
			        "%s",
			        e.em.problem ? e.em.problem : "emitter error");
	}
	yaml_emitter_delete(&e.em);
	return e.failed ? -1 : 0;
}

int
cmd_config(int argc, char **argv)
{
	struct options o, flags;
	struct conf *c;
	char err[LS_ERRSZ];
	int rc;
	unsigned set = 0; /* flags the config must not override */

	options_init(&o);
	rc = cliopt_parse("config", argc, argv, &o, &set, NULL, NULL,
	                  cmd_config_help);
	if (rc != CLIOPT_GO)
		return rc;
	if (optind < argc)
		return cli_usage_error("config", "unexpected argument '%s'",
		                       argv[optind]);
	/* What the command line gave, before the config fills the rest. */
	flags = o;
	if (cli_conf_layer(&o, set, &c, err) < 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	rc = print_config(c, &flags, set, err);
	conf_free(c);
	if (rc < 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("write error on standard output");
		return EXIT_TROUBLE;
	}
	return 0;
}
