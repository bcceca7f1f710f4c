/*
 * test_userfmt.c - config formats as timefmt definitions: detection picks
 * them, --time-format names them, year-less ones take timefmt's reference
 * year, and a line is timed only where regex and layout agree.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"
#include "userfmt.h"
#include "util.h"

static const char config_text[] =
    "formats:\n"
    "  - name: proxy\n"
    "    regex: '^\\[(\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d)\\]'\n"
    "    layout: '%m.%d %H:%M:%S'\n"
    "  - name: batch\n"
    "    regex: '^(?:\\S+ ){4}(?<ts>\\d+(?:\\.\\d+)?) '\n"
    "    layout: '%s.%f'\n"
    "  - name: zoned\n"
    "    regex: 'at (\\S+ \\S+)'\n"
    "    layout: '%Y-%m-%d %H:%M%z'\n"
    "    timezone: Europe/Berlin\n"
    "  - name: berlin\n"
    "    regex: '^<(.*?)>'\n"
    "    layout: '%d.%m. %H:%M'\n"
    "    timezone: Europe/Berlin\n";

#define NS 1000000000LL
#define PROXY_IDENT                                                            \
	"^\\[(\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d)\\]\0"                      \
	"%m.%d %H:%M:%S\0\0"

struct fixture {
	struct conf *c;
	userfmt *u;
	timefmt *h;
};

static int
setup(void **state)
{
	static struct fixture fx;
	char err[LS_ERRSZ];

	if (conf_load_buffer("u.yaml", config_text, strlen(config_text), &fx.c,
	                     err) != 0) {
		print_error("%s\n", err);
		return -1;
	}
	fx.u = userfmt_open(fx.c);
	if (timefmt_open(&fx.h, NULL, err) != 0 ||
	    userfmt_add_all(fx.u, fx.h, err) != 0) {
		print_error("%s\n", err);
		return -1;
	}
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	timefmt_close(fx->h);
	userfmt_free(fx->u);
	conf_free(fx->c);
	return 0;
}

static int64_t
time_of(const timefmt *h, const char *line)
{
	int64_t ns;

	if (!timefmt_line_time(h, line, strlen(line), &ns))
		return -1;
	return ns;
}

static void
test_defs(void **state)
{
	struct fixture *fx = *state;
	const struct timefmt_def *d;
	size_t n, i;

	assert_int_equal(userfmt_count(fx->u), 4);
	d = userfmt_def(fx->u, 0);
	assert_string_equal(d->name, "proxy");
	assert_string_equal(d->summary, "u.yaml:2");
	assert_string_equal(d->example, "03.01 10:00:00");
	assert_int_equal(d->flags, TIMEFMT_NO_YEAR | TIMEFMT_ANYWHERE);
	assert_ptr_equal(userfmt_origin(d), &fx->c->formats[0]);
	assert_null(d->zone);
	/* the identity the index fingerprints: regex, layout, zone */
	assert_int_equal(d->ident_len, sizeof(PROXY_IDENT) - 1);
	assert_memory_equal(d->ident, PROXY_IDENT, d->ident_len);
	d = userfmt_def(fx->u, 1);
	assert_int_equal(d->flags, TIMEFMT_ANYWHERE);
	assert_string_equal(d->example, "1772355600.250");
	d = userfmt_def(fx->u, 2);
	assert_string_equal(d->example, "2026-03-01 10:00+01:00");
	assert_ptr_equal(d->zone, fx->c->formats[2].zone);
	assert_non_null(d->zone);
	assert_null(userfmt_def(fx->u, 4));

	/* user formats come first in the handle; built-ins have no origin */
	assert_ptr_equal(timefmt_def_at(fx->h, 0), userfmt_def(fx->u, 0));
	for (d = timefmt_builtins(&n), i = 0; i < n; i++)
		assert_null(userfmt_origin(&d[i]));
}

static void
test_detect_proxy(void **state)
{
	static const char log[] = "[12.31 23:59:59] GET /a\n"
	                          "  at [01.01 00:00:00] (quoted)\n"
	                          "[01.01 00:00:01] GET /b\n";
	struct fixture *fx = *state;
	size_t col;

	assert_int_equal(timefmt_detect(fx->h, log, strlen(log)), 1);
	assert_string_equal(timefmt_chosen(fx->h)->name, "proxy");
	assert_int_equal(timefmt_fixed_column(fx->h, &col), 1);
	assert_int_equal(col, 1);
	/* the year comes from the reference, December stepping back */
	timefmt_set_reference(fx->h, 2026, 1);
	assert_true(time_of(fx->h, "[01.01 00:00:01] GET /b") ==
	            1767225601LL * NS);
	assert_true(time_of(fx->h, "[12.31 23:59:59] GET /a") ==
	            1767225599LL * NS);
	assert_true(time_of(fx->h, "  at [01.01 00:00:00] (quoted)") == -1);
	/* the regex matches but the date is impossible */
	assert_true(time_of(fx->h, "[02.30 00:00:00] x") == -1);
}

static void
test_force_batch(void **state)
{
	struct fixture *fx = *state;
	char err[LS_ERRSZ];

	assert_int_equal(timefmt_force(fx->h, "BATCH", err), 0);
	assert_true(time_of(fx->h, "web1 batch 4711 INFO 1772359200.250 ok") ==
	            1772359200LL * NS + 250000000);
	/* the layout wants a fraction: without one the capture is not read
	 * whole, so the line has no timestamp */
	assert_true(time_of(fx->h, "web1 batch 4711 INFO 1772359200 ok") == -1);
	assert_true(time_of(fx->h, "web1 batch INFO 1772359200.1 ok") == -1);
}

static void
test_offset(void **state)
{
	struct fixture *fx = *state;
	char err[LS_ERRSZ];

	/* not at the start of the line: found by search */
	assert_int_equal(timefmt_force(fx->h, "zoned", err), 0);
	assert_true(time_of(fx->h, "job 7 done at 2026-03-01 10:00+01:00") ==
	            1772355600LL * NS);
	assert_true(time_of(fx->h, "at x at 2026-03-01 10:00Z") ==
	            1772359200LL * NS);
}

/* A format's own zone reads its zone-less times, the handle's zone the
 * others; year-less times take the reference year first. */
static void
test_format_zone(void **state)
{
	struct fixture *fx = *state;
	char err[LS_ERRSZ];

	assert_int_equal(timefmt_force(fx->h, "berlin", err), 0);
	timefmt_set_reference(fx->h, 2026, 12);
	/* CET in winter, CEST in summer */
	assert_true(time_of(fx->h, "<01.03. 10:00> x") == 1772355600LL * NS);
	assert_true(time_of(fx->h, "<01.07. 10:00> x") ==
	            (1772359200LL + 122 * 86400 - 7200) * NS);
	/* the handle's zone (UTC here) for a format without one */
	assert_int_equal(timefmt_force(fx->h, "proxy", err), 0);
	assert_true(time_of(fx->h, "[03.01 10:00:00]") == 1772359200LL * NS);
}

/* A regex that backtracks without end stops at the match limit: the line
 * has no timestamp, and the hit is counted. */
static void
test_match_limit(void **state)
{
	static const char text[] =
	    "formats:\n"
	    "  - name: evil\n"
	    "    regex: '^(?:a|aa)+(?:a|aa)+X(\\d{4}-\\d\\d-\\d\\d "
	    "\\d\\d:\\d\\d)'\n"
	    "    layout: '%Y-%m-%d %H:%M'\n";
	const char *bad =
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 2026-03-01 10:00";
	struct conf *c;
	userfmt *u;
	timefmt *h;
	char err[LS_ERRSZ];
	size_t n;

	(void)state;
	assert_int_equal(
	    conf_load_buffer("e.yaml", text, strlen(text), &c, err), 0);
	u = userfmt_open(c);
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(userfmt_add_all(u, h, err), 0);
	assert_int_equal(timefmt_force(h, "evil", err), 0);
	assert_true(userfmt_limit_hits(userfmt_def(u, 0)) == 0);
	assert_true(time_of(h, "aaaX2026-03-01 10:00") == 1772359200LL * NS);
	assert_true(userfmt_limit_hits(userfmt_def(u, 0)) == 0);
	assert_true(time_of(h, bad) == -1);
	assert_true(userfmt_limit_hits(userfmt_def(u, 0)) == 1);
	assert_true(userfmt_limit_hits(&timefmt_builtins(&n)[0]) == 0);
	timefmt_close(h);
	userfmt_free(u);
	conf_free(c);
}

/* The regex decides where the timestamp is: one past the first 64 bytes
 * is found, by detection and on every line, and such a column is never
 * taken for a fixed one. */
static void
test_far_right(void **state)
{
	struct fixture *fx = *state;
	char log[512], line[160], err[LS_ERRSZ];
	size_t col = 1;
	timefmt *h;

	/* a handle of its own: others here force formats */
	assert_int_equal(timefmt_open(&h, NULL, err), 0);
	assert_int_equal(userfmt_add_all(fx->u, h, err), 0);
	log[0] = '\0';
	for (int i = 0; i < 3; i++) {
		snprintf(line, sizeof(line),
		         "{\"msg\": \"%s\", \"at\": \"at 2026-03-01 "
		         "10:0%d+01:00 x\"}\n",
		         "a message long enough to push the time past 64 bytes",
		         i);
		strcat(log, line);
	}
	assert_true(strstr(log, "at 2026") - log > 64);
	assert_int_equal(timefmt_detect(h, log, strlen(log)), 1);
	assert_string_equal(timefmt_chosen(h)->name, "zoned");
	assert_int_equal(timefmt_fixed_column(h, &col), 0);
	*strchr(line, '\n') = '\0';
	assert_true(time_of(h, line) == (1772359200LL + 120 - 3600) * NS);
	timefmt_close(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defs),
	    cmocka_unit_test(test_detect_proxy),
	    cmocka_unit_test(test_force_batch),
	    cmocka_unit_test(test_offset),
	    cmocka_unit_test(test_format_zone),
	    cmocka_unit_test(test_match_limit),
	    cmocka_unit_test(test_far_right),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
