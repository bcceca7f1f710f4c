#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

void
ls_errf(char *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err, LS_ERRSZ, fmt, ap);
	va_end(ap);
}

/* Running out of memory is not something a search can recover from: say so
 * once and leave with grep's error status. */
static LS_NORETURN void
oom(size_t n)
{
	fprintf(stderr, "logscan: out of memory allocating %zu bytes\n", n);
	exit(2);
}

void *
xmalloc_aligned(size_t align, size_t n)
{
	void *p;

	if (posix_memalign(&p, align, n ? n : 1) != 0)
		oom(n);
	return p;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* Digits only, no sign, no spaces: strtoull alone accepts too much. */
static int
parse_digits(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;
	int overflow = 0;

	*end = s;
	*out = 0;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			overflow = 1;
		v = v * 10 + d;
	}
	*end = p;
	*out = v;
	return overflow ? -2 : 0;
}

int
ls_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    char *err)
{
	const char *end;
	uint64_t v;
	int rc = parse_digits(s, &end, &v);

	if (rc == -1 || *end != '\0') {
		ls_errf(err, "'%s' is not a non-negative integer", s);
		return -1;
	}
	if (rc == -2 || v < min || v > max) {
		ls_errf(err, "'%s' is out of range (%llu to %llu)", s,
		    (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int
ls_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    char *err)
{
	const char *end;
	uint64_t v, mult = 1;
	int shift = 0;
	int rc = parse_digits(s, &end, &v);

	if (rc == -1)
		goto bad;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: break;
	}
	if (shift != 0 && (end[0] == 'i' || end[0] == 'I') &&
	    (end[1] == 'b' || end[1] == 'B'))
		end += 2;
	else if (end[0] == 'b' || end[0] == 'B')
		end++;
	if (*end != '\0')
		goto bad;
	mult = (uint64_t)1 << shift;
	if (rc == -2 || v > UINT64_MAX / mult || v * mult < min ||
	    v * mult > max) {
		ls_errf(err, "size '%s' is out of range (%llu to %llu bytes)",
		    s, (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v * mult;
	return 0;
bad:
	ls_errf(err, "'%s' is not a size (expected a number with an optional "
	    "K, M, G or T suffix)", s);
	return -1;
}

uint64_t
ls_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * The length of the well-formed UTF-8 sequence at p[0..n), or 0 when there
 * is none: overlong forms, surrogates (U+D800..U+DFFF) and code points
 * above U+10FFFF are refused, as RFC 3629 requires.
 */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */
	size_t len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0; /* a continuation byte, C0/C1 (overlong), F5.. */
	if (p[0] == 0xe0)
		lo = 0xa0; /* below: overlong */
	else if (p[0] == 0xed)
		hi = 0x9f; /* above: surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90; /* below: overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f; /* above: past U+10FFFF */
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

char *
ls_utf8_clean(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(3 * n + 1);
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(p + i, n - i);

		if (len == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, p + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}

int
ls_utf8_glibc_valid(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;

	while (i < n) {
		unsigned char c = u[i], lo = 0x80, hi = 0xbf;
		size_t more, k;
		uint64_t w;

		/* Most text is ASCII: 32 bytes at a time, then 8. */
		while (n - i >= 32) {
			uint64_t x[4];

			memcpy(x, u + i, 32);
			if (((x[0] | x[1] | x[2] | x[3]) &
			     UINT64_C(0x8080808080808080)) != 0)
				break;
			i += 32;
		}
		if (n - i >= 8) {
			memcpy(&w, u + i, 8);
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c < 0xc2 || c > 0xfd)
			return 0; /* a continuation byte, overlong, FE, FF */
		more = c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf8 ? 3 : c < 0xfc ? 4 : 5;
		/* The second byte rules out overlong forms and surrogates. */
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf8)
			lo = 0x88;
		else if (c == 0xfc)
			lo = 0x84;
		if (n - i <= more || u[i + 1] < lo || u[i + 1] > hi)
			return 0;
		for (k = 2; k <= more; k++)
			if ((u[i + k] & 0xc0) != 0x80)
				return 0;
		i += more + 1;
	}
	return 1;
}

size_t
ls_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	/* Three rows of the table: i-2, i-1 and i (the swap looks two back). */
	size_t *pp = xcalloc(lb + 1, sizeof(*pp));
	size_t *p = xcalloc(lb + 1, sizeof(*p));
	size_t *c = xcalloc(lb + 1, sizeof(*c));
	size_t *t;

	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		c[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = p[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = p[j] + 1, ins = c[j - 1] + 1;

			d = sub < del ? sub : del;
			d = ins < d ? ins : d;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < d)
				d = pp[j - 2] + 1;
			c[j] = d;
		}
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	d = p[lb];
	free(pp);
	free(p);
	free(c);
	return d;
}
