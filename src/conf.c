/*
 * conf.c - find, read and check the YAML configuration file.
 *
 * The file is small, so it is read whole and loaded with libyaml's
 * document API; the walk over the nodes then checks every key and value
 * and reports the first problem with the node's mark.  Nothing is applied
 * until the whole file has been checked.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "conf.h"
#include "fsat.h"
#include "opttab.h"
#include "trust.h"
#include "timefmt.h"
#include "timegram.h"
#include "util.h"

/* The state of one load. */
struct load {
	const char *name; /* the path, for messages */
	const char *data; /* the text, for reader errors' positions */
	size_t len;
	yaml_document_t doc;
	struct conf *c;
	char *err;
};

static int fail_at(struct load *ld, yaml_mark_t mark, const char *fmt, ...)
    LS_PRINTF(3, 4);

/* Fill the error as "NAME:LINE:COLUMN: message"; returns -1. */
static int
fail_at(struct load *ld, yaml_mark_t mark, const char *fmt, ...)
{
	char msg[LS_ERRSZ];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ls_errf(ld->err, "%s:%lu:%lu: %s", ld->name,
	        (unsigned long)mark.line + 1, (unsigned long)mark.column + 1,
	        msg);
	return -1;
}

static yaml_node_t *
node(struct load *ld, int index)
{
	return yaml_document_get_node(&ld->doc, index);
}

/* A plain empty, "~" or "null" scalar: a key written without a value. */
static int
is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	v = (const char *)n->data.scalar.value;
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static const char *
kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a text value";
	}
}

/*
 * The text of a value that must be a non-empty string; what is used in
 * messages ("window-size has no value, expected a size such as 64M").
 */
static int
text(struct load *ld, const yaml_node_t *n, const char *what,
     const char *expect, const char **out)
{
	if (is_null(n))
		return fail_at(ld, n->start_mark,
		               "%s has no value, expected %s", what, expect);
	if (n->type != YAML_SCALAR_NODE)
		return fail_at(ld, n->start_mark, "%s is %s, expected %s", what,
		               kind(n), expect);
	if (n->data.scalar.length == 0)
		return fail_at(ld, n->start_mark, "%s is empty, expected %s",
		               what, expect);
	if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
		return fail_at(ld, n->start_mark,
		               "%s contains a NUL character, expected %s", what,
		               expect);
	*out = (const char *)n->data.scalar.value;
	return 0;
}

/*
 * Check a mapping's keys: each a scalar, each known (one of keys, a NULL-
 * terminated list) and given once.  where is "" or " in a format", for
 * messages.  Returns 0 or -1.
 */
static int
check_keys(struct load *ld, const yaml_node_t *map, const char *const *keys,
           const char *expect, const char *where)
{
	yaml_node_pair_t *p, *q;
	yaml_node_t *k, *k2;
	const char *name;
	size_t i;

	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		k = node(ld, p->key);
		if (k->type != YAML_SCALAR_NODE)
			return fail_at(ld, k->start_mark,
			               "a key is %s, expected %s", kind(k),
			               expect);
		name = (const char *)k->data.scalar.value;
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(name, keys[i]) == 0)
				break;
		if (keys[i] == NULL)
			return fail_at(ld, k->start_mark,
			               "unknown key '%s'%s, expected %s", name,
			               where, expect);
		for (q = map->data.mapping.pairs.start; q < p; q++) {
			k2 = node(ld, q->key);
			if (strcmp((const char *)k2->data.scalar.value, name) ==
			    0)
				return fail_at(
				    ld, k->start_mark,
				    "duplicate key '%s'%s (first at line %lu), "
				    "expected each key once",
				    name, where,
				    (unsigned long)k2->start_mark.line + 1);
		}
	}
	return 0;
}

void
conf_size_text(char *buf, size_t sz, uint64_t v)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, sz, "%llu", (unsigned long long)v);
	else
		snprintf(buf, sz, "%llu%c", (unsigned long long)v, units[u]);
}

static int
get_size(struct load *ld, const yaml_node_t *n, const char *key, uint64_t min,
         uint64_t max, uint64_t *out)
{
	char sub[LS_ERRSZ], lo[32], hi[32];
	const char *s;

	if (text(ld, n, key, "a size such as 64M", &s) < 0)
		return -1;
	conf_size_text(lo, sizeof(lo), min);
	conf_size_text(hi, sizeof(hi), max);
	/* Parse first without bounds so that a typo and a size out of
	 * range get different messages. */
	if (ls_parse_size(s, 0, UINT64_MAX, out, sub) < 0)
		return fail_at(
		    ld, n->start_mark,
		    "bad %s '%s', expected a size such as 64M (%s to %s)", key,
		    s, lo, hi);
	if (*out < min || *out > max)
		return fail_at(ld, n->start_mark,
		               "%s '%s' is out of range, expected %s to %s",
		               key, s, lo, hi);
	return 0;
}

static int
get_count(struct load *ld, const yaml_node_t *n, const char *key, uint64_t min,
          uint64_t max, uint64_t *out)
{
	char sub[LS_ERRSZ];
	const char *s;
	size_t i;

	if (text(ld, n, key, "a whole number such as 4096", &s) < 0)
		return -1;
	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
		continue;
	if (s[i] != '\0')
		return fail_at(
		    ld, n->start_mark,
		    "bad %s '%s', expected a whole number such as 4096 "
		    "(%llu to %llu)",
		    key, s, (unsigned long long)min, (unsigned long long)max);
	if (ls_parse_u64(s, min, max, out, sub) < 0)
		return fail_at(ld, n->start_mark,
		               "%s '%s' is out of range, expected %llu to %llu",
		               key, s, (unsigned long long)min,
		               (unsigned long long)max);
	return 0;
}

/* Open a zone for a timezone value; the name is kept in *name. */
static int
get_zone(struct load *ld, const yaml_node_t *n, char **name, tz **zone)
{
	static const char expect[] =
	    "utc, local or an IANA name such as Europe/Berlin";
	char sub[LS_ERRSZ];
	const char *s;

	if (text(ld, n, "timezone", expect, &s) < 0)
		return -1;
	if (tz_open(zone, s, sub) < 0)
		return fail_at(ld, n->start_mark,
		               "bad timezone: %s, expected %s", sub, expect);
	*name = xstrdup(s);
	return 0;
}

/*
 * index-wait: seconds, with up to three decimals ("2", "0.5", "1.25s"), or
 * milliseconds ("500ms"); at most an hour.
 */
static int
get_wait(struct load *ld, const yaml_node_t *n, uint64_t *ms)
{
	static const char expect[] =
	    "seconds such as 2, 0.5 or 1.5s, or milliseconds such as 500ms";
	uint64_t v = 0, scale = 1000;
	const char *s, *p;
	int digits = 0;

	if (text(ld, n, "index-wait", expect, &s) < 0)
		return -1;
	for (p = s; *p >= '0' && *p <= '9' && v <= 3600000; p++, digits++)
		v = v * 10 + (uint64_t)(*p - '0');
	if (*p == '.' && digits > 0) {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale == 1)
				break;
			scale /= 10;
			v = v * 10 + (uint64_t)(*p - '0');
		}
		scale = scale == 0 ? 1 : scale;
		if (*p >= '0' && *p <= '9')
			digits = 0; /* more than three decimals */
		if (strcmp(p, "ms") == 0)
			digits = 0;
	} else if (strcmp(p, "ms") == 0 && digits > 0) {
		scale = 1;
		p += 2;
	}
	if (*p == 's' && p[1] == '\0')
		p++;
	if (digits == 0 || *p != '\0' || v > 3600000 ||
	    v * scale > 3600000)
		return fail_at(ld, n->start_mark,
		               "bad index-wait '%s', expected %s (at most an "
		               "hour)",
		               s, expect);
	*ms = v * scale;
	return 0;
}

/* index-dir: a path, with a leading "~" or "~/" standing for $HOME. */
static int
get_dir(struct load *ld, const yaml_node_t *n, char **out)
{
	const char *s, *home;
	size_t hl;

	/* YAML reads a bare ~ as null, but here it can only mean home. */
	if (n->type == YAML_SCALAR_NODE &&
	    strcmp((const char *)n->data.scalar.value, "~") == 0)
		s = "~";
	else if (text(ld, n, "index-dir", "a directory", &s) < 0)
		return -1;
	if (s[0] != '~') {
		*out = xstrdup(s);
		return 0;
	}
	if (s[1] != '\0' && s[1] != '/')
		return fail_at(
		    ld, n->start_mark,
		    "index-dir '%s' names another user's home, expected ~/ "
		    "or a path without ~",
		    s);
	home = getenv("HOME");
	if (home == NULL || home[0] == '\0')
		return fail_at(
		    ld, n->start_mark,
		    "index-dir '%s' starts with ~ but HOME is not set, "
		    "expected a path without ~",
		    s);
	hl = strlen(home);
	*out = xmalloc(hl + strlen(s));
	memcpy(*out, home, hl);
	strcpy(*out + hl, s + 1);
	return 0;
}

/*
 * The keys of defaults: every key of the option table, in its order, into
 * keys (NULL-terminated, at most max - 1) and as "one of a, b, c" into
 * expect.
 */
static void
default_keys(const char **keys, size_t max, char *expect, size_t sz)
{
	size_t n = 0, at;

	at = (size_t)snprintf(expect, sz, "one of");
	for (const struct opt_def *d = opttab; d->id != OID_COUNT_; d++) {
		if (d->conf_key == NULL || n + 1 >= max)
			continue;
		if (at < sz)
			at += (size_t)snprintf(expect + at, sz - at, "%s %s",
			                       n ? "," : "", d->conf_key);
		keys[n++] = d->conf_key;
	}
	keys[n] = NULL;
}

/*
 * Check value v of the key of option d by the table: a number or size in
 * its range, or one of an enumeration's words, stored in *u (the word's
 * value).  Other kinds are the caller's to read; *u is then 0.  Returns 0
 * or -1.
 */
static int
get_value(struct load *ld, const yaml_node_t *v, const struct opt_def *d,
          uint64_t *u)
{
	char words[128];
	const char *s;
	int value;

	*u = 0;
	switch (d->kind) {
	case OPT_SIZE:
		return get_size(ld, v, d->conf_key, opttab_min(d), d->max, u);
	case OPT_NUMBER:
		return get_count(ld, v, d->conf_key, d->min, d->max, u);
	case OPT_ENUM:
		opttab_words_text(d, words, sizeof(words));
		if (text(ld, v, d->conf_key, words, &s) < 0)
			return -1;
		if (opttab_word_value(d, s, &value) < 0)
			return fail_at(ld, v->start_mark,
			               "bad %s value '%s', expected %s",
			               d->conf_key, s, words);
		*u = (uint64_t)value;
		return 0;
	default:
		return 0;
	}
}

static int
load_defaults(struct load *ld, const yaml_node_t *map)
{
	const char *keys[32];
	char expect[512];
	struct conf *c = ld->c;
	yaml_node_pair_t *p;
	const yaml_node_t *v;
	const struct opt_def *d;
	uint64_t u;

	if (is_null(map))
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return fail_at(
		    ld, map->start_mark,
		    "defaults is %s, expected a mapping of option names to "
		    "values",
		    kind(map));
	default_keys(keys, sizeof(keys) / sizeof(keys[0]), expect,
	             sizeof(expect));
	if (check_keys(ld, map, keys, expect, " in defaults") < 0)
		return -1;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		d = opttab_find_key(
		    (const char *)node(ld, p->key)->data.scalar.value);
		v = node(ld, p->value);
		if (get_value(ld, v, d, &u) < 0)
			return -1;
		switch (d->id) {
		case OID_WINDOW_SIZE:
			c->window_size = (size_t)u;
			c->have_window_size = 1;
			break;
		case OID_THREADS:
			c->threads = u;
			break;
		case OID_GROUP_LINES:
			c->group_lines = u;
			c->have_group_lines = 1;
			break;
		case OID_GROUP_BYTES:
			c->group_bytes = u;
			c->have_group_bytes = 1;
			break;
		case OID_INDEX:
			c->index_mode = (enum index_mode)u;
			c->have_index_mode = 1;
			break;
		case OID_COLOR:
			c->color = (enum color_mode)u;
			c->have_color = 1;
			break;
		case OID_IO:
			c->io = (enum window_io)u;
			c->have_io = 1;
			break;
		case OID_INDEX_NOTES:
			c->index_notes = (int)u;
			c->have_index_notes = 1;
			break;
		case OID_INDEX_DIR:
			if (get_dir(ld, v, &c->index_dir) < 0)
				return -1;
			break;
		case OID_INDEX_WAIT:
			if (get_wait(ld, v, &c->index_wait_ms) < 0)
				return -1;
			c->have_index_wait = 1;
			break;
		case OID_TIMEZONE:
			if (get_zone(ld, v, &c->timezone, &c->zone) < 0)
				return -1;
			break;
		default:
			/* A key in the table that this loader does not
			 * store is a bug, not the user's error. */
			return fail_at(ld, p->value ? v->start_mark
			                            : map->start_mark,
			               "key '%s' is not supported here",
			               d->conf_key);
		}
	}
	return 0;
}

/* Format names are typed after --time-format: keep them to a safe set. */
static int
good_name(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			return 0;
	return 1;
}

static int
get_regex(struct load *ld, const yaml_node_t *n, struct conf_format *f)
{
	static const char expect[] =
	    "a PCRE2 regex whose first group (or a group named ts) holds the "
	    "timestamp";
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	uint32_t ngroups;
	const char *s;
	int code, ts;

	if (text(ld, n, "regex", expect, &s) < 0)
		return -1;
	f->regex = xstrdup(s);
	f->code = pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, &code,
	                        &off, NULL);
	if (f->code == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		return fail_at(
		    ld, n->start_mark,
		    "regex does not compile at offset %zu: %s, expected %s",
		    (size_t)off, (const char *)msg, expect);
	}
	/* The regex runs on every line of a time query: JIT-compile it
	 * where PCRE2 can (it halves the cost); where it cannot, the
	 * interpreter does the same job. */
	(void)pcre2_jit_compile(f->code, PCRE2_JIT_COMPLETE);
	ts = pcre2_substring_number_from_name(f->code, (PCRE2_SPTR) "ts");
	if (ts > 0) {
		f->group = (uint32_t)ts;
		return 0;
	}
	if (pcre2_pattern_info(f->code, PCRE2_INFO_CAPTURECOUNT, &ngroups) !=
	        0 ||
	    ngroups == 0)
		return fail_at(ld, n->start_mark,
		               "regex has no capture group, expected %s",
		               expect);
	f->group = 1;
	return 0;
}

static int
load_format(struct load *ld, const yaml_node_t *map, struct conf_format *f)
{
	static const char *const keys[] = {"name", "regex", "layout",
	                                   "timezone", NULL};
	static const char expect[] = "name, regex, layout or timezone";
	yaml_node_pair_t *p;
	const yaml_node_t *v;
	const struct timefmt_def *builtin;
	const char *key, *s, *missing;
	char sub[LS_ERRSZ];
	size_t i, nbuiltin;

	f->line = (unsigned long)map->start_mark.line + 1;
	if (map->type != YAML_MAPPING_NODE)
		return fail_at(
		    ld, map->start_mark,
		    "a format is %s, expected a mapping with name, regex and "
		    "layout",
		    is_null(map) ? "empty" : kind(map));
	if (check_keys(ld, map, keys, expect, " in a format") < 0)
		return -1;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		key = (const char *)node(ld, p->key)->data.scalar.value;
		v = node(ld, p->value);
		if (strcmp(key, "name") == 0) {
			if (text(ld, v, "name", "a name such as proxy", &s) < 0)
				return -1;
			if (!good_name(s))
				return fail_at(
				    ld, v->start_mark,
				    "bad format name '%s', expected letters, "
				    "digits, '-', '_' and '.'",
				    s);
			builtin = timefmt_builtins(&nbuiltin);
			for (i = 0; i < nbuiltin; i++)
				if (strcasecmp(builtin[i].name, s) == 0)
					return fail_at(
					    ld, v->start_mark,
					    "format name '%s' is a built-in "
					    "format's, expected a new name",
					    s);
			/* Against the formats before this one. */
			for (i = 0; &ld->c->formats[i] < f; i++)
				if (strcasecmp(ld->c->formats[i].name, s) == 0)
					return fail_at(
					    ld, v->start_mark,
					    "format name '%s' is already "
					    "used at line %lu, expected a new "
					    "name",
					    s, ld->c->formats[i].line);
			f->name = xstrdup(s);
		} else if (strcmp(key, "regex") == 0) {
			if (get_regex(ld, v, f) < 0)
				return -1;
		} else if (strcmp(key, "layout") == 0) {
			if (text(ld, v, "layout",
			         "a layout such as '%m.%d "
			         "%H:%M:%S'",
			         &s) < 0)
				return -1;
			if (layout_compile(&f->layout, s, sub) < 0)
				return fail_at(ld, v->start_mark,
				               "bad layout: %s", sub);
		} else if (strcmp(key, "timezone") == 0) {
			if (get_zone(ld, v, &f->timezone, &f->zone) < 0)
				return -1;
		}
	}
	missing = f->name == NULL     ? "name"
	          : f->code == NULL   ? "regex"
	          : f->layout == NULL ? "layout"
	                              : NULL;
	if (missing != NULL) {
		if (f->name != NULL)
			return fail_at(
			    ld, map->start_mark,
			    "format '%s' has no %s, expected name, regex and "
			    "layout",
			    f->name, missing);
		return fail_at(
		    ld, map->start_mark,
		    "a format has no name, expected name, regex and layout");
	}
	return 0;
}

static int
load_formats(struct load *ld, const yaml_node_t *seq)
{
	yaml_node_item_t *it;
	struct conf *c = ld->c;
	size_t n;

	if (is_null(seq))
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE)
		return fail_at(
		    ld, seq->start_mark,
		    "formats is %s, expected a list of formats, each with "
		    "name, regex and layout",
		    kind(seq));
	n = (size_t)(seq->data.sequence.items.top -
	             seq->data.sequence.items.start);
	c->formats = xcalloc(n ? n : 1, sizeof(*c->formats));
	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		/* Counted before it is checked, so that conf_free() frees
		 * what a failed entry allocated. */
		c->nformats++;
		if (load_format(ld, node(ld, *it),
		                &c->formats[c->nformats - 1]) < 0)
			return -1;
	}
	return 0;
}

/*
 * A zone offset as an alias gives it: "+05:30", "+0530", "+05", "-06:00"
 * (hours 0-23, minutes 0-59), "UTC", "GMT" or "Z".  Returns 0, or -1.
 */
static int
parse_offset(const char *s, int32_t *off)
{
	int hh, mm = 0, sign;
	size_t n = strlen(s);

	if (strcmp(s, "UTC") == 0 || strcmp(s, "GMT") == 0 ||
	    strcmp(s, "Z") == 0) {
		*off = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || (n != 3 && n != 5 && n != 6))
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	for (size_t i = 1; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && !(n == 6 && i == 3))
			return -1;
	if (n == 6 && s[3] != ':')
		return -1;
	hh = (s[1] - '0') * 10 + (s[2] - '0');
	if (n > 3)
		mm = (s[n - 2] - '0') * 10 + (s[n - 1] - '0');
	if (hh > 23 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

/*
 * zone-aliases: a mapping from ambiguous zone abbreviations (IST, CST,
 * ...) to the offset each means in these logs.
 */
static int
load_aliases(struct load *ld, const yaml_node_t *map)
{
	static const char expect[] =
	    "an offset such as +05:30, -06:00 or UTC";
	char names[128] = "";
	struct conf *c = ld->c;
	yaml_node_pair_t *p, *q;
	size_t n;

	for (unsigned i = 1; timegram_ambiguous_zone(i) != NULL; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names),
		         "%s%s", i > 1 ? ", " : "", timegram_ambiguous_zone(i));
	if (is_null(map))
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return fail_at(ld, map->start_mark,
		               "zone-aliases is %s, expected a mapping such as "
		               "'IST: \"+05:30\"'",
		               kind(map));
	n = (size_t)(map->data.mapping.pairs.top -
	             map->data.mapping.pairs.start);
	c->aliases = xcalloc(n ? n : 1, sizeof(*c->aliases));
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(ld, p->key), *v = node(ld, p->value);
		struct conf_alias *a = &c->aliases[c->naliases];
		const char *name, *val;
		char what[64];

		if (k->type != YAML_SCALAR_NODE)
			return fail_at(ld, k->start_mark,
			               "a key is %s, expected one of %s",
			               kind(k), names);
		name = (const char *)k->data.scalar.value;
		if (timegram_ambiguous_index(name) == 0)
			return fail_at(ld, k->start_mark,
			               "'%s' is not an ambiguous zone "
			               "abbreviation, expected one of %s",
			               name, names);
		for (q = map->data.mapping.pairs.start; q < p; q++)
			if (strcmp((const char *)node(ld, q->key)
			               ->data.scalar.value,
			           name) == 0)
				return fail_at(ld, k->start_mark,
				               "duplicate key '%s' in "
				               "zone-aliases, expected each "
				               "key once",
				               name);
		snprintf(what, sizeof(what), "zone alias %s", name);
		if (text(ld, v, what, expect, &val) < 0)
			return -1;
		if (parse_offset(val, &a->offset) < 0)
			return fail_at(ld, v->start_mark,
			               "bad %s: '%s', expected %s", what, val,
			               expect);
		a->abbr = xstrdup(name);
		a->text = xstrdup(val);
		a->line = (unsigned long)k->start_mark.line + 1;
		c->naliases++;
	}
	return 0;
}

static int
load_root(struct load *ld)
{
	static const char *const keys[] = {"defaults", "formats",
	                                   "zone-aliases", NULL};
	yaml_node_t *root = yaml_document_get_root_node(&ld->doc);
	yaml_node_pair_t *p;
	const char *key;

	if (root == NULL || is_null(root))
		return 0; /* an empty file says nothing, and that is fine */
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(
		    ld, root->start_mark,
		    "the file is %s, expected a mapping with defaults: and "
		    "formats:",
		    kind(root));
	if (check_keys(ld, root, keys, "defaults, formats or zone-aliases",
	               "") < 0)
		return -1;
	for (p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		key = (const char *)node(ld, p->key)->data.scalar.value;
		if (strcmp(key, "defaults") == 0) {
			if (load_defaults(ld, node(ld, p->value)) < 0)
				return -1;
		} else if (strcmp(key, "zone-aliases") == 0) {
			if (load_aliases(ld, node(ld, p->value)) < 0)
				return -1;
		} else if (load_formats(ld, node(ld, p->value)) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Report libyaml's own error: the reader's (bad encoding) has a byte
 * offset only; the scanner's, parser's and composer's have marks. */
static int
yaml_fail(struct load *ld, const yaml_parser_t *ps)
{
	yaml_mark_t m = ps->problem_mark;
	const char *problem = ps->problem ? ps->problem : "unknown problem";
	size_t i;

	if (ps->error == YAML_READER_ERROR) {
		memset(&m, 0, sizeof(m));
		for (i = 0; i < ps->problem_offset && i < ld->len; i++) {
			if (ld->data[i] == '\n') {
				m.line++;
				m.column = 0;
			} else {
				m.column++;
			}
		}
		return fail_at(ld, m, "not valid YAML: %s, expected UTF-8 text",
		               problem);
	}
	if (ps->error == YAML_MEMORY_ERROR) {
		ls_errf(ld->err, "%s: out of memory reading the config",
		        ld->name);
		return -1;
	}
	/* libyaml's word for a tab is "character that cannot start any
	 * token"; tabs are the usual way to get there, so say so. */
	if (m.index < ld->len && ld->data[m.index] == '\t')
		return fail_at(
		    ld, m,
		    "not valid YAML: a tab, expected spaces (YAML indents "
		    "with spaces only)");
	if (ps->context != NULL)
		return fail_at(ld, m, "not valid YAML: %s (%s at line %lu)",
		               problem, ps->context,
		               (unsigned long)ps->context_mark.line + 1);
	return fail_at(ld, m, "not valid YAML: %s", problem);
}

int
conf_load_buffer(const char *name, const char *data, size_t len,
                 struct conf **out, char *err)
{
	struct load ld = {.name = name, .data = data, .len = len, .err = err};
	yaml_document_t next;
	yaml_parser_t ps;
	yaml_node_t *extra;
	int rc = -1;

	*out = NULL;
	ld.c = xcalloc(1, sizeof(*ld.c));
	ld.c->path = xstrdup(name);
	if (!yaml_parser_initialize(&ps)) {
		ls_errf(err, "%s: out of memory reading the config", name);
		conf_free(ld.c);
		return -1;
	}
	yaml_parser_set_input_string(&ps, (const unsigned char *)data, len);
	if (!yaml_parser_load(&ps, &ld.doc)) {
		yaml_fail(&ld, &ps);
		goto out;
	}
	if (load_root(&ld) < 0)
		goto out_doc;
	/* One document only: what a second one says would be ignored.  An
	 * empty one (a stray "---") says nothing and is let through. */
	for (;;) {
		if (!yaml_parser_load(&ps, &next)) {
			yaml_fail(&ld, &ps);
			goto out_doc;
		}
		extra = yaml_document_get_root_node(&next);
		if (extra == NULL) {
			yaml_document_delete(&next);
			break;
		}
		if (!is_null(extra)) {
			fail_at(&ld, next.start_mark,
			        "another YAML document, expected a single "
			        "document");
			yaml_document_delete(&next);
			goto out_doc;
		}
		yaml_document_delete(&next);
	}
	rc = 0;
out_doc:
	yaml_document_delete(&ld.doc);
out:
	yaml_parser_delete(&ps);
	if (rc < 0)
		conf_free(ld.c);
	else
		*out = ld.c;
	return rc;
}

int
conf_load(const char *path, struct conf **out, char *err)
{
	char *buf;
	size_t len = 0;
	ssize_t n = 0;
	struct stat st;
	int fd, rc;

	*out = NULL;
	/* O_NONBLOCK: a FIFO must not wait for a writer before it is
	 * refused; reads of a regular file ignore the flag. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ls_errf(err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* A character device is read too, so that /dev/null is an empty
	 * config; a pipe, socket or directory is not a config file. */
	if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
		ls_errf(err, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	/* As ssh and sudo do: a config another user could have written is
	 * not read (a device such as /dev/null holds nothing to trust). */
	if (S_ISREG(st.st_mode)) {
		char why[LS_ERRSZ];
		struct stat dst;
		const char *base;
		int dfd = fsat_open_dir(path, &base);
		int ok = dfd >= 0 && fstat(dfd, &dst) == 0
		             ? trust_file(&st, &dst, TRUST_NOBODY_ELSE, why)
		             : trust_file(&st, NULL, TRUST_NOBODY_ELSE, why);

		if (dfd >= 0)
			close(dfd);
		if (!ok) {
			ls_errf(err, "%s: %s; not reading it", path, why);
			close(fd);
			return -1;
		}
	}
	/* Read one byte past the limit to tell "too large" from "full". */
	buf = xmalloc(CONF_FILE_MAX + 1);
	while (len <= CONF_FILE_MAX) {
		n = read(fd, buf + len, CONF_FILE_MAX + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (n < 0) {
		ls_errf(err, "%s: %s", path, strerror(errno));
		rc = -1;
	} else if (len > CONF_FILE_MAX) {
		ls_errf(err, "%s: larger than %zuK, expected a small YAML file",
		        path, CONF_FILE_MAX >> 10);
		rc = -1;
	} else {
		rc = conf_load_buffer(path, buf, len, out, err);
	}
	close(fd);
	free(buf);
	return rc;
}

/* 1 if path exists, 0 if it does not, -1 (err filled) if it cannot be
 * told. */
static int
exists(const char *path, char *err)
{
	struct stat st;

	if (stat(path, &st) == 0)
		return 1;
	if (errno == ENOENT || errno == ENOTDIR)
		return 0;
	ls_errf(err, "%s: %s", path, strerror(errno));
	return -1;
}

static char *
join(const char *dir, const char *rest)
{
	size_t dl = strlen(dir), rl = strlen(rest);
	char *p = xmalloc(dl + rl + 1);

	memcpy(p, dir, dl);
	memcpy(p + dl, rest, rl + 1);
	return p;
}

int
conf_find(const char *explicit, char **path, char *err)
{
	const char *env;
	char *p;
	int rc;

	*path = NULL;
	if (explicit != NULL) {
		*path = xstrdup(explicit);
		return 1;
	}
	env = getenv("LOGSCAN_CONFIG");
	if (env != NULL && env[0] != '\0') {
		*path = xstrdup(env);
		return 1;
	}
	/* The XDG base directory rules ignore a relative
	 * XDG_CONFIG_HOME. */
	env = getenv("XDG_CONFIG_HOME");
	if (env != NULL && env[0] == '/') {
		p = join(env, "/logscan/config.yaml");
		if ((rc = exists(p, err)) != 0) {
			if (rc > 0)
				*path = p;
			else
				free(p);
			return rc;
		}
		free(p);
	}
	env = getenv("HOME");
	if (env != NULL && env[0] != '\0') {
		p = join(env, "/.config/logscan/config.yaml");
		if ((rc = exists(p, err)) != 0) {
			if (rc > 0)
				*path = p;
			else
				free(p);
			return rc;
		}
		free(p);
	}
	return 0;
}

/*
 * conf_load() names the file in every error: "PATH: what" when the file
 * itself cannot be had (missing, unreadable, not a file, too large), and
 * "PATH:LINE:COL: what" for what it says.  A missing file does not look
 * like a config file to a reader who did not know one was read: say so,
 * and where its name came from.
 */
static void
name_the_config(const char *path, int from_flag, char *err)
{
	size_t n = strlen(path);
	char what[LS_ERRSZ];
	const char *env = getenv("LOGSCAN_CONFIG");

	if (strncmp(err, path, n) != 0 || strncmp(err + n, ": ", 2) != 0)
		return;
	snprintf(what, sizeof(what), "%s", err + n + 2);
	ls_errf(err, "%s: config file (%s): %s", path,
	        from_flag ? "given with --config"
	        : env != NULL && env[0] != '\0'
	            ? "named by $LOGSCAN_CONFIG"
	            : "found in its default place",
	        what);
}

int
conf_open(const char *explicit, struct conf **out, char *err)
{
	char *path;
	int rc;

	*out = NULL;
	if ((rc = conf_find(explicit, &path, err)) <= 0)
		return rc;
	rc = conf_load(path, out, err);
	if (rc < 0)
		name_the_config(path, explicit != NULL, err);
	free(path);
	return rc < 0 ? -1 : 0;
}

const char *
conf_zone_name(const struct conf *c, int utc)
{
	if (utc)
		return "utc";
	if (c != NULL && c->timezone != NULL)
		return c->timezone;
	return "local";
}

const struct conf_format *
conf_format_find(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nformats; i++)
		if (strcasecmp(c->formats[i].name, name) == 0)
			return &c->formats[i];
	return NULL;
}

void
conf_free(struct conf *c)
{
	struct conf_format *f;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nformats; i++) {
		f = &c->formats[i];
		free(f->name);
		free(f->regex);
		pcre2_code_free(f->code);
		layout_close(f->layout);
		free(f->timezone);
		tz_close(f->zone);
	}
	free(c->formats);
	for (i = 0; i < c->naliases; i++) {
		free(c->aliases[i].abbr);
		free(c->aliases[i].text);
	}
	free(c->aliases);
	free(c->path);
	free(c->index_dir);
	free(c->timezone);
	tz_close(c->zone);
	free(c);
}
