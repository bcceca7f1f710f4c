/*
 * output.c - the buffered writer behind every line logscan prints.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

struct output {
	int fd;
	output_sink_fn sink; /* instead of fd, when set */
	void *sink_ctx;
	int line_buffered;
	int error; /* errno of the first failed write, 0 while all is well */
	char *buf;
	size_t len;
	size_t size;
	uint64_t flushed; /* bytes handed to write(2) so far */
};

output *
output_open(int fd, size_t bufsize, int line_buffered)
{
	output *o = xcalloc(1, sizeof(*o));

	o->fd = fd;
	o->line_buffered = line_buffered;
	o->size = bufsize ? bufsize : OUTPUT_DEFAULT_BUFSIZE;
	o->buf = xmalloc(o->size);
#ifdef F_SETPIPE_SZ
	{
		struct stat st;

		/* A pipe of the default 64 KiB makes every buffer flush four
		 * round trips with the reader; ask for one as big as the
		 * buffer (failure is harmless: the default stays). */
		if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
		    fcntl(fd, F_GETPIPE_SZ) < (int)o->size)
			(void)fcntl(fd, F_SETPIPE_SZ, (int)o->size);
	}
#endif
	return o;
}

output *
output_open_sink(output_sink_fn fn, void *ctx, size_t bufsize)
{
	output *o = xcalloc(1, sizeof(*o));

	o->fd = -1;
	o->sink = fn;
	o->sink_ctx = ctx;
	o->size = bufsize ? bufsize : OUTPUT_DEFAULT_BUFSIZE;
	o->buf = xmalloc(o->size);
	return o;
}

/*
 * Write all of p or fail.  A non-blocking descriptor that is full (EAGAIN)
 * is waited for rather than treated as an error: the reader is slow, not
 * gone.
 */
static int
write_all(output *o, const char *p, size_t n)
{
	if (o->sink != NULL) {
		int e = o->sink(o->sink_ctx, p, n);

		if (e != 0) {
			o->error = e;
			return -1;
		}
		return 0;
	}
	while (n > 0) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				struct pollfd pfd = {o->fd, POLLOUT, 0};

				if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
					continue;
			}
			o->error = errno;
			return -1;
		}
		if (w == 0) {
			/* write(2) never returns 0 for n > 0 on a sane
			 * descriptor; do not spin on one that does. */
			o->error = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
output_flush(output *o)
{
	if (o->error)
		return -1;
	if (o->len > 0) {
		size_t n = o->len;

		o->len = 0;
		o->flushed += n;
		return write_all(o, o->buf, n);
	}
	return 0;
}

int
output_write(output *o, const void *p, size_t n)
{
	const char *s = p;
	size_t left = n;

	if (o->error)
		return -1;
	/* Everything goes through the buffer, even large runs: the bytes
	 * may live in a mapping of a file that shrinks, and copying them
	 * here turns that into the SIGBUS the window layer catches rather
	 * than an EFAULT from write(2) that would look like an output
	 * error. */
	while (left > o->size - o->len) {
		size_t room = o->size - o->len;

		memcpy(o->buf + o->len, s, room);
		o->len = o->size;
		s += room;
		left -= room;
		if (output_flush(o) < 0)
			return -1;
	}
	memcpy(o->buf + o->len, s, left);
	o->len += left;
	if (o->line_buffered && n > 0 && s[left - 1] == '\n')
		return output_flush(o);
	return 0;
}

int
output_lines(output *o, const char *p, size_t n, size_t *mark)
{
	while (n > 0) {
		size_t room = o->size - o->len, k = n;

		if (o->error)
			return -1;
		if (k > room) {
			const char *nl = room ? memrchr(p, '\n', room) : NULL;

			if (nl != NULL) {
				k = (size_t)(nl - p) + 1;
			} else if (o->len > 0) {
				/* The next line fits an empty buffer, or is
				 * longer than any: flush either way. */
				if (output_flush(o) < 0)
					return -1;
				continue;
			} else {
				nl = memchr(p, '\n', n);
				k = nl ? (size_t)(nl - p) + 1 : n;
			}
		}
		*mark = o->len;
		if (output_write(o, p, k) < 0)
			return -1;
		p += k;
		n -= k;
	}
	*mark = o->len;
	return 0;
}

int
output_reserve(output *o, size_t n)
{
	if (o->error)
		return -1;
	if (n > o->size - o->len)
		return output_flush(o);
	return 0;
}

size_t
output_pending(const output *o)
{
	return o->len;
}

uint64_t
output_total(const output *o)
{
	return o->flushed + o->len;
}

size_t
output_room(const output *o)
{
	return o->size - o->len;
}

void
output_discard(output *o, size_t mark)
{
	if (mark < o->len)
		o->len = mark;
}

int
output_puts(output *o, const char *s)
{
	return output_write(o, s, strlen(s));
}

int
output_putc(output *o, int c)
{
	if (o->error)
		return -1;
	if (o->len == o->size && output_flush(o) < 0)
		return -1;
	o->buf[o->len++] = (char)c;
	if (o->line_buffered && c == '\n')
		return output_flush(o);
	return 0;
}

int
output_u64(output *o, uint64_t v)
{
	char tmp[24];
	char *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return output_write(o, p, (size_t)(tmp + sizeof(tmp) - p));
}

int
output_line_buffered(const output *o)
{
	return o->line_buffered;
}

int
output_error(const output *o)
{
	return o->error;
}

void
output_close(output *o)
{
	if (o == NULL)
		return;
	free(o->buf);
	free(o);
}
