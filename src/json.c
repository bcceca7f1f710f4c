/*
 * json.c - JSON strings, UTF-8 validity and base64 for the JSON printers.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "json.h"

/* Input bytes escaped or encoded per step: a stack buffer holds the
 * result. */
#define STEP 4096

int
json_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k, len;
		unsigned lo = 0x80, hi = 0xbf; /* the second byte's range */

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2;
		else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			if (c == 0xe0)
				lo = 0xa0; /* overlong below U+0800 */
			else if (c == 0xed)
				hi = 0x9f; /* surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			if (c == 0xf0)
				lo = 0x90; /* overlong below U+10000 */
			else if (c == 0xf4)
				hi = 0x8f; /* above U+10FFFF */
		} else {
			return 0; /* 0x80-0xc1 lead, 0xf5-0xff */
		}
		if (n - i < len)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

size_t
json_escape(char *dst, const char *src, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	char *d = dst;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned c = s[i];

		if (c >= 0x20 && c != '"' && c != '\\') {
			*d++ = (char)c;
			continue;
		}
		*d++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*d++ = (char)c;
			break;
		case '\b':
			*d++ = 'b';
			break;
		case '\f':
			*d++ = 'f';
			break;
		case '\n':
			*d++ = 'n';
			break;
		case '\r':
			*d++ = 'r';
			break;
		case '\t':
			*d++ = 't';
			break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
			break;
		}
	}
	return (size_t)(d - dst);
}

size_t
json_base64(char *dst, const unsigned char *s, size_t n)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *d = dst;
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 |
		             s[i + 2];

		*d++ = b64[v >> 18];
		*d++ = b64[(v >> 12) & 63];
		*d++ = b64[(v >> 6) & 63];
		*d++ = b64[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)s[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		*d++ = b64[v >> 18];
		*d++ = b64[(v >> 12) & 63];
		*d++ = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		*d++ = '=';
	}
	return (size_t)(d - dst);
}

static int
put_escaped(output *o, const char *s, size_t n)
{
	char buf[JSON_ESCAPE_MAX(STEP)];

	while (n > 0) {
		size_t k = n < STEP ? n : STEP;

		if (output_write(o, buf, json_escape(buf, s, k)) < 0)
			return -1;
		s += k;
		n -= k;
	}
	return 0;
}

int
json_put_string(output *o, const char *s, size_t n)
{
	output_putc(o, '"');
	put_escaped(o, s, n);
	return output_putc(o, '"');
}

int
json_put_data(output *o, const char *s, size_t n)
{
	char buf[JSON_BASE64_MAX(STEP - STEP % 3)];

	if (json_utf8_valid(s, n)) {
		output_puts(o, "{\"text\":");
		json_put_string(o, s, n);
		return output_putc(o, '}');
	}
	output_puts(o, "{\"bytes\":\"");
	while (n > 0) {
		/* Whole groups of three but for the last step. */
		size_t k = n < STEP - STEP % 3 ? n : STEP - STEP % 3;

		output_write(o, buf,
		             json_base64(buf, (const unsigned char *)s, k));
		s += k;
		n -= k;
	}
	return output_puts(o, "\"}");
}
