/*
 * fuzz_util.c - helpers shared by the fuzz harnesses (see fuzz.h).
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "util.h"

char *
fuzz_strndup(const uint8_t *data, size_t n)
{
	char *s = xmalloc(n + 1);

	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

int
fuzz_split(const uint8_t *data, size_t size, uint8_t sep, char **head,
           size_t *head_len, const uint8_t **rest, size_t *rest_len)
{
	const uint8_t *p = size > 0 ? memchr(data, sep, size) : NULL;
	size_t n = p != NULL ? (size_t)(p - data) : size;

	*head = fuzz_strndup(data, n);
	*head_len = n;
	*rest = p != NULL ? p + 1 : data + size;
	*rest_len = p != NULL ? size - n - 1 : 0;
	return p != NULL;
}
