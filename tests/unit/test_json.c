#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "json.h"

static char *
esc(const char *s, size_t n)
{
	static char buf[6 * 300 + 1];
	size_t k = json_escape(buf, s, n);

	buf[k] = '\0';
	return buf;
}

/* Every control character, one at a time: the short forms where JSON has
 * one, else \u00xx with lowercase hex (serde_json's, so ripgrep's). */
static void
test_controls(void **state)
{
	static const char *const want[32] = {
	    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005",
	    "\\u0006", "\\u0007", "\\b",     "\\t",     "\\n",     "\\u000b",
	    "\\f",     "\\r",     "\\u000e", "\\u000f", "\\u0010", "\\u0011",
	    "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
	    "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d",
	    "\\u001e", "\\u001f"};
	int c;

	(void)state;
	for (c = 0; c < 32; c++) {
		char b = (char)c;

		assert_string_equal(esc(&b, 1), want[c]);
	}
	assert_string_equal(esc("\"", 1), "\\\"");
	assert_string_equal(esc("\\", 1), "\\\\");
	/* '/' and DEL stay as they are. */
	assert_string_equal(esc("/\x7f", 2), "/\x7f");
	assert_string_equal(esc("a\tb\"c\\d\x1b[0m", 11),
	                    "a\\tb\\\"c\\\\d\\u001b[0m");
	assert_int_equal(json_escape(NULL, "", 0), 0);
}

/* Bytes 0x20..0xff other than '"' and '\\' are copied: UTF-8 goes out as
 * it is. */
static void
test_copy(void **state)
{
	char in[256], out[JSON_ESCAPE_MAX(256)];
	size_t n = 0, k;
	int c;

	(void)state;
	for (c = 0x20; c < 256; c++)
		if (c != '"' && c != '\\')
			in[n++] = (char)c;
	k = json_escape(out, in, n);
	assert_int_equal(k, n);
	assert_memory_equal(out, in, n);
	assert_string_equal(esc("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 12),
	                    "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

/* A JSON string decoder for the round trip (only what json_escape
 * writes). */
static size_t
unescape(const char *s, size_t n, char *out)
{
	size_t i = 0, k = 0;

	while (i < n) {
		if (s[i] != '\\') {
			out[k++] = s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case 'b': out[k++] = '\b'; break;
		case 'f': out[k++] = '\f'; break;
		case 'n': out[k++] = '\n'; break;
		case 'r': out[k++] = '\r'; break;
		case 't': out[k++] = '\t'; break;
		case 'u': {
			char hex[5] = {s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0};

			out[k++] = (char)strtol(hex, NULL, 16);
			i += 4;
			break;
		}
		default: out[k++] = s[i + 1]; break;
		}
		i += 2;
	}
	return k;
}

static void
test_round_trip(void **state)
{
	char in[256], out[JSON_ESCAPE_MAX(256)], back[256];
	size_t k;
	int c;

	(void)state;
	for (c = 0; c < 256; c++)
		in[c] = (char)c;
	k = json_escape(out, in, 256);
	/* Nothing below 0x20 and no bare quote is left in the text. */
	for (size_t i = 0; i < k; i++) {
		assert_true((unsigned char)out[i] >= 0x20);
		if (out[i] == '"')
			assert_true(i > 0 && out[i - 1] == '\\');
	}
	assert_int_equal(unescape(out, k, back), 256);
	assert_memory_equal(back, in, 256);
}

static void
test_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		int ok;
	} cases[] = {
	    {"", 0, 1},
	    {"plain ascii\n", 12, 1},
	    {"\x00\x01\x7f", 3, 1},
	    {"\xc3\xa9", 2, 1},                 /* U+00E9 */
	    {"\xc2\x80", 2, 1},                 /* U+0080, the first 2-byte */
	    {"\xdf\xbf", 2, 1},                 /* U+07FF */
	    {"\xe0\xa0\x80", 3, 1},             /* U+0800 */
	    {"\xed\x9f\xbf", 3, 1},             /* U+D7FF */
	    {"\xee\x80\x80", 3, 1},             /* U+E000 */
	    {"\xef\xbf\xbf", 3, 1},             /* U+FFFF */
	    {"\xf0\x90\x80\x80", 4, 1},         /* U+10000 */
	    {"\xf4\x8f\xbf\xbf", 4, 1},         /* U+10FFFF */
	    {"\x80", 1, 0},                     /* lone continuation */
	    {"\xbf", 1, 0},
	    {"\xc0\x80", 2, 0},                 /* overlong NUL */
	    {"\xc1\xbf", 2, 0},                 /* overlong */
	    {"\xe0\x80\x80", 3, 0},             /* overlong */
	    {"\xe0\x9f\xbf", 3, 0},             /* overlong */
	    {"\xed\xa0\x80", 3, 0},             /* surrogate U+D800 */
	    {"\xed\xbf\xbf", 3, 0},             /* surrogate U+DFFF */
	    {"\xf0\x80\x80\x80", 4, 0},         /* overlong */
	    {"\xf0\x8f\xbf\xbf", 4, 0},         /* overlong */
	    {"\xf4\x90\x80\x80", 4, 0},         /* above U+10FFFF */
	    {"\xf5\x80\x80\x80", 4, 0},
	    {"\xff", 1, 0},
	    {"\xfe\xff", 2, 0},
	    {"\xc3", 1, 0},                     /* cut short */
	    {"\xe2\x82", 2, 0},
	    {"\xf0\x9f\x98", 3, 0},
	    {"\xc3(", 2, 0},                    /* bad continuation */
	    {"\xe2(\xac", 3, 0},
	    {"\xe2\x82(", 3, 0},
	    {"\xf0\x9f(\x80", 4, 0},
	    {"ok \xc3\xa9 then \xff", 13, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (json_utf8_valid(cases[i].s, cases[i].n) != cases[i].ok)
			fail_msg("case %zu: wanted %d", i, cases[i].ok);
	}
}

static void
test_base64(void **state)
{
	/* RFC 4648's test vectors. */
	static const char *const in[] = {"", "f", "fo", "foo", "foob",
	                                 "fooba", "foobar"};
	static const char *const want[] = {"",         "Zg==",     "Zm8=",
	                                   "Zm9v",     "Zm9vYg==", "Zm9vYmE=",
	                                   "Zm9vYmFy"};
	char buf[64];
	size_t i, k;

	(void)state;
	for (i = 0; i < 7; i++) {
		k = json_base64(buf, (const unsigned char *)in[i],
		                strlen(in[i]));
		buf[k] = '\0';
		assert_string_equal(buf, want[i]);
	}
	k = json_base64(buf, (const unsigned char *)"\xff\xfe\x00\x80", 4);
	buf[k] = '\0';
	assert_string_equal(buf, "//4AgA==");
}

/* What json_put_* wrote, through a pipe. */
static char got[1 << 16];

static size_t
capture(void (*fn)(output *o, const char *s, size_t n), const char *s,
        size_t n)
{
	int fds[2];
	output *o;
	ssize_t r;
	size_t k = 0;

	assert_int_equal(pipe(fds), 0);
	o = output_open(fds[1], 1024, 0);
	fn(o, s, n);
	assert_int_equal(output_flush(o), 0);
	output_close(o);
	close(fds[1]);
	while ((r = read(fds[0], got + k, sizeof(got) - 1 - k)) > 0)
		k += (size_t)r;
	close(fds[0]);
	got[k] = '\0';
	return k;
}

static void
put_data(output *o, const char *s, size_t n)
{
	json_put_data(o, s, n);
}

static void
put_string(output *o, const char *s, size_t n)
{
	json_put_string(o, s, n);
}

static void
test_put(void **state)
{
	static char big[10000];
	char want[JSON_BASE64_MAX(sizeof(big)) + 32];
	size_t i, k;

	(void)state;
	capture(put_data, "hello\n", 6);
	assert_string_equal(got, "{\"text\":\"hello\\n\"}");
	capture(put_data, "hello\x01there \xff\xfe x\n", 17);
	/* What ripgrep 13 printed for the same line. */
	assert_string_equal(got, "{\"bytes\":\"aGVsbG8BdGhlcmUg//4geAo=\"}");
	capture(put_string, "a\"b", 3);
	assert_string_equal(got, "\"a\\\"b\"");
	/* Longer than one step of the writer: the same as in one piece. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 1);
	k = capture(put_data, big, sizeof(big));
	memcpy(want, "{\"bytes\":\"", 10);
	i = 10 + json_base64(want + 10, (const unsigned char *)big,
	                     sizeof(big));
	memcpy(want + i, "\"}", 2);
	assert_int_equal(k, i + 2);
	assert_memory_equal(got, want, k);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i % 32);
	k = capture(put_string, big, sizeof(big));
	{
		static char back[sizeof(big)];

		assert_int_equal(got[0], '"');
		assert_int_equal(got[k - 1], '"');
		assert_int_equal(unescape(got + 1, k - 2, back), sizeof(big));
		assert_memory_equal(back, big, sizeof(big));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_controls),  cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_round_trip), cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_base64),    cmocka_unit_test(test_put),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
