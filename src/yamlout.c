/*
 * yamlout.c - writing strings as YAML scalars (see yamlout.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "yamlout.h"

yaml_scalar_style_t
yamlout_style(const char *s)
{
	/* Words YAML 1.1 or 1.2 reads as null or a boolean, and the keys
	 * YAML 1.1 gives a meaning of their own (merge, value). */
	static const char *const words[] = {
	    "null", "~",   "true", "false", "yes", "no", "on",
	    "off",  "y",   "n",    "<<",    "=",   NULL};

	/* Empty, or what may read as a number, a date, .inf or .nan. */
	if (s[0] == '\0' || strchr("0123456789+-.", s[0]) != NULL)
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	for (size_t i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	/* The rest is a string to every resolver; libyaml writes it plain
	 * when that reads back as it is, else quoted and escaped (":",
	 * "#", quotes, line breaks, control characters). */
	return YAML_ANY_SCALAR_STYLE;
}

int
yamlout_is_utf8(const char *s)
{
	/* ls_utf8_clean() changes exactly the strings that are not. */
	char *clean = ls_utf8_clean(s);
	int same = strcmp(clean, s) == 0;

	free(clean);
	return same;
}

char *
yamlout_base64(const char *s)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;
	char *out = xmalloc((n + 2) / 3 * 4 + 1);

	for (size_t i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		out[o++] = i + 1 < n ? abc[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? abc[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}
