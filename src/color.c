/*
 * color.c - GREP_COLORS and GREP_COLOR read as GNU grep 3.8 reads them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "util.h"

struct palette {
	char *sgr[COLOR_NCAPS]; /* SGR parameters ("01;31"), owned */
	char *start[COLOR_NCAPS];
	int rv;
	int ne;
	int legacy_ms, legacy_mc; /* ms, mc came from GREP_COLOR */
};

static const char *const cap_names[COLOR_NCAPS] = {
    "ms", "mc", "sl", "cx", "fn", "ln", "bn", "se",
};

static const char *const cap_defaults[COLOR_NCAPS] = {
    "01;31", "01;31", "", "", "35", "32", "32", "36",
};

static void
set_cap(palette *p, enum color_cap cap, const char *val, size_t len)
{
	free(p->sgr[cap]);
	p->sgr[cap] = xmalloc(len + 1);
	memcpy(p->sgr[cap], val, len);
	p->sgr[cap][len] = '\0';
	if (cap == COLOR_MS)
		p->legacy_ms = 0;
	if (cap == COLOR_MC)
		p->legacy_mc = 0;
}

/*
 * Apply one entry of GREP_COLORS: name[0, nlen) with the value val[0,
 * vlen) (val NULL: no '=').  Unknown names are ignored, as grep does for
 * the sake of newer capabilities.
 */
static void
apply_entry(palette *p, const char *name, size_t nlen, const char *val,
            size_t vlen)
{
	int i;

	if (nlen == 2 && memcmp(name, "mt", 2) == 0) {
		/* mt sets ms, and mc follows ms (with or without a value). */
		if (val != NULL)
			set_cap(p, COLOR_MS, val, vlen);
		set_cap(p, COLOR_MC, p->sgr[COLOR_MS], strlen(p->sgr[COLOR_MS]));
		p->legacy_mc = p->legacy_ms;
		return;
	}
	if (nlen == 2 && memcmp(name, "rv", 2) == 0) {
		p->rv = 1;
		return;
	}
	if (nlen == 2 && memcmp(name, "ne", 2) == 0) {
		p->ne = 1;
		return;
	}
	for (i = 0; i < COLOR_NCAPS; i++)
		if (nlen == 2 && memcmp(name, cap_names[i], 2) == 0) {
			if (val != NULL)
				set_cap(p, (enum color_cap)i, val, vlen);
			return;
		}
}

/*
 * GREP_COLORS is entries "name[=value]" joined by ':'; a value holds only
 * digits and ';'.  As in grep, reading stops at the first malformed entry
 * (an empty name before '=', a second '=', another character in a value),
 * keeping the entries before it.
 */
static void
parse_colors(palette *p, const char *s)
{
	const char *name = s, *val = NULL, *q = s;

	for (;; q++) {
		if (*q == ':' || *q == '\0') {
			size_t nlen = (size_t)((val ? val - 1 : q) - name);

			apply_entry(p, name, nlen, val,
			            val ? (size_t)(q - val) : 0);
			if (*q == '\0')
				return;
			name = q + 1;
			val = NULL;
		} else if (*q == '=') {
			if (q == name || val != NULL)
				return;
			val = q + 1;
		} else if (val != NULL && *q != ';' &&
		           (*q < '0' || *q > '9')) {
			return;
		}
	}
}

palette *
palette_open(const char *legacy, const char *colors)
{
	palette *p = xcalloc(1, sizeof(*p));
	int i;

	for (i = 0; i < COLOR_NCAPS; i++)
		p->sgr[i] = xstrdup(cap_defaults[i]);
	if (legacy != NULL && *legacy != '\0' &&
	    strspn(legacy, "0123456789;") == strlen(legacy)) {
		set_cap(p, COLOR_MS, legacy, strlen(legacy));
		set_cap(p, COLOR_MC, legacy, strlen(legacy));
		p->legacy_ms = p->legacy_mc = 1;
	}
	if (colors != NULL)
		parse_colors(p, colors);
	for (i = 0; i < COLOR_NCAPS; i++) {
		size_t n = strlen(p->sgr[i]) + 16;

		p->start[i] = xmalloc(n);
		if (p->sgr[i][0] == '\0')
			p->start[i][0] = '\0';
		else
			snprintf(p->start[i], n, "\33[%sm%s", p->sgr[i],
			         p->ne ? "" : "\33[K");
	}
	return p;
}

void
palette_free(palette *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < COLOR_NCAPS; i++) {
		free(p->sgr[i]);
		free(p->start[i]);
	}
	free(p);
}

const char *
palette_start(const palette *p, enum color_cap cap)
{
	return p->start[cap];
}

const char *
palette_end(const palette *p)
{
	return p->ne ? "\33[m" : "\33[m\33[K";
}

int
palette_rv(const palette *p)
{
	return p->rv;
}

int
palette_legacy_used(const palette *p)
{
	return p->legacy_ms || p->legacy_mc;
}

int
color_mode_parse(const char *s, enum color_mode *out)
{
	if (strcmp(s, "auto") == 0)
		*out = COLOR_AUTO;
	else if (strcmp(s, "always") == 0)
		*out = COLOR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*out = COLOR_NEVER;
	else
		return -1;
	return 0;
}
