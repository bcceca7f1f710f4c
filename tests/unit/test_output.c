#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "output.h"

/* Read everything that is in the pipe now (the write end stays open). */
static size_t
drain(int fd, char *buf, size_t size)
{
	size_t got = 0;
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	fcntl(fd, F_SETFL, fl);
	return got;
}

static void
test_buffering(void **state)
{
	int p[2];
	output *o;
	char buf[256];

	(void)state;
	assert_int_equal(pipe(p), 0);
	o = output_open(p[1], 16, 0);
	assert_int_equal(output_write(o, "hello ", 6), 0);
	assert_int_equal(output_puts(o, "world"), 0);
	assert_int_equal(output_putc(o, '\n'), 0);
	/* Nothing reaches the descriptor until the buffer fills. */
	assert_int_equal(drain(p[0], buf, sizeof(buf)), 0);
	assert_int_equal(output_u64(o, 0), 0);
	assert_int_equal(output_putc(o, ' '), 0);
	assert_int_equal(output_u64(o, UINT64_MAX), 0);
	assert_int_equal(output_flush(o), 0);
	buf[drain(p[0], buf, sizeof(buf))] = '\0';
	assert_string_equal(buf, "hello world\n0 18446744073709551615");
	assert_int_equal(output_error(o), 0);
	output_close(o);
	output_close(NULL);
	close(p[0]);
	close(p[1]);
}

/* Writes bigger than the buffer, in every size around it, arrive whole
 * and in order. */
static void
test_large_writes(void **state)
{
	char path[] = "/tmp/test_output.XXXXXX";
	int fd = mkstemp(path);
	char src[100], *back;
	size_t total = 0, n;
	output *o;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	for (n = 0; n < sizeof(src); n++)
		src[n] = (char)('a' + n % 26);
	o = output_open(fd, 8, 0);
	for (n = 0; n < sizeof(src); n++) {
		assert_int_equal(output_write(o, src, n), 0);
		total += n;
	}
	assert_int_equal(output_flush(o), 0);
	output_close(o);
	back = malloc(total);
	assert_non_null(back);
	f = fdopen(fd, "rb");
	assert_non_null(f);
	rewind(f);
	assert_int_equal(fread(back, 1, total, f), total);
	total = 0;
	for (n = 0; n < sizeof(src); n++) {
		assert_memory_equal(back + total, src, n);
		total += n;
	}
	free(back);
	fclose(f);
}

/* output_lines(): every flush ends at a line end (unless a line is longer
 * than the buffer), the mark is where the last record began, and the
 * bytes arrive whole and in order. */
static void
test_lines(void **state)
{
	static const char text[] = "a\nbb\nccc\ndddddddddddddddddddd\nee\nf";
	int p[2];
	output *o;
	char buf[256];
	size_t mark = 99, got = 0, n;

	(void)state;
	assert_int_equal(pipe(p), 0);
	o = output_open(p[1], 8, 0);
	assert_int_equal(output_lines(o, text, 5, &mark), 0);
	assert_int_equal(mark, 5);
	assert_int_equal(drain(p[0], buf, sizeof(buf)), 0);
	assert_int_equal(output_lines(o, text + 5, sizeof(text) - 6, &mark),
	                 0);
	while ((n = drain(p[0], buf + got, sizeof(buf) - got)) > 0)
		got += n;
	/* "a\nbb\n" and "ccc\n" went out at line ends, the long line whole
	 * as a record of its own. */
	assert_true(got > 0 && buf[got - 1] == '\n');
	assert_int_equal(output_pending(o), mark);
	assert_int_equal(output_flush(o), 0);
	got += drain(p[0], buf + got, sizeof(buf) - got);
	assert_int_equal(got, sizeof(text) - 1);
	assert_memory_equal(buf, text, got);
	output_close(o);
	close(p[0]);
	close(p[1]);
}

static void
test_line_buffered(void **state)
{
	int p[2];
	output *o;
	char buf[64];

	(void)state;
	assert_int_equal(pipe(p), 0);
	o = output_open(p[1], 1024, 1);
	output_write(o, "abc", 3);
	assert_int_equal(drain(p[0], buf, sizeof(buf)), 0);
	output_write(o, "def\n", 4);
	assert_int_equal(drain(p[0], buf, sizeof(buf)), 7);
	assert_memory_equal(buf, "abcdef\n", 7);
	output_putc(o, 'x');
	output_putc(o, '\n');
	assert_int_equal(drain(p[0], buf, sizeof(buf)), 2);
	output_close(o);
	close(p[0]);
	close(p[1]);
}

/* A reader that went away: EPIPE once, and every later call fails fast
 * without writing (or raising SIGPIPE) again. */
static void
test_epipe(void **state)
{
	int p[2];
	output *o;
	char big[1000];
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	o = output_open(p[1], 64, 0);
	assert_int_equal(output_write(o, "short", 5), 0);
	assert_int_equal(output_error(o), 0);
	assert_int_equal(output_write(o, big, sizeof(big)), -1);
	assert_int_equal(output_error(o), EPIPE);
	assert_int_equal(output_write(o, "more", 4), -1);
	assert_int_equal(output_putc(o, 'x'), -1);
	assert_int_equal(output_u64(o, 1), -1);
	assert_int_equal(output_flush(o), -1);
	assert_int_equal(output_error(o), EPIPE);
	output_close(o);
	close(p[1]);
	signal(SIGPIPE, old);
}

static void
test_enospc_and_ebadf(void **state)
{
	int fd = open("/dev/full", O_WRONLY);
	output *o;

	(void)state;
	if (fd >= 0) {
		o = output_open(fd, 32, 0);
		assert_int_equal(output_puts(o, "fits"), 0);
		assert_int_equal(output_flush(o), -1);
		assert_int_equal(output_error(o), ENOSPC);
		output_close(o);
		close(fd);
	}
	o = output_open(-1, 32, 0);
	assert_int_equal(output_puts(o, "x"), 0);
	assert_int_equal(output_flush(o), -1);
	assert_int_equal(output_error(o), EBADF);
	output_close(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buffering),
	    cmocka_unit_test(test_large_writes),
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_line_buffered),
	    cmocka_unit_test(test_epipe),
	    cmocka_unit_test(test_enospc_and_ebadf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
