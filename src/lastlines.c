/*
 * lastlines.c - where the last N lines of a file start, for --lines -N:.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"
#include "lastlines.h"
#include "newline.h"
#include "util.h"

#define CHUNK ((size_t)64 << 10)

/* Read exactly len bytes at off.  Returns 0, or -1 with err filled. */
static int
read_at(int fd, char *buf, size_t len, uint64_t off, char *err)
{
	while (len > 0) {
		ssize_t r = pread(fd, buf, len, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ls_errf(err, "%s", strerror(errno));
			return -1;
		}
		if (r == 0) {
			ls_errf(err, "file shrank while being read");
			return -1;
		}
		buf += r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/* The number of '\n' in [from, to) of fd, into *count.  As read_at(). */
static int
count_newlines(int fd, char *buf, uint64_t from, uint64_t to,
               uint64_t *count, char *err)
{
	*count = 0;
	while (from < to) {
		size_t len = to - from > CHUNK ? CHUNK : (size_t)(to - from);

		if (read_at(fd, buf, len, from, err) < 0)
			return -1;
		*count += newline_count(buf, len);
		from += len;
	}
	return 0;
}

/*
 * The offset of the first of the last n lines of [0, size): past the n-th
 * '\n' counted back from the end, not counting a '\n' that is the last
 * byte (it ends the last line); 0 when there are not that many.
 */
static int
find_start(int fd, char *buf, uint64_t size, uint64_t n, uint64_t *start,
           char *err)
{
	uint64_t pos = size, seen = 0;

	while (pos > 0 && n > 0) {
		size_t len = pos > CHUNK ? CHUNK : (size_t)pos, end;
		uint64_t c;

		pos -= len;
		if (read_at(fd, buf, len, pos, err) < 0)
			return -1;
		end = len;
		if (pos + len == size && buf[len - 1] == '\n')
			end--;
		/* The newline kernel passes over whole chunks before the
		 * one that holds the n-th; that one is walked back. */
		c = newline_count(buf, end);
		if (seen + c < n) {
			seen += c;
			continue;
		}
		for (;;) {
			const char *q = memrchr(buf, '\n', end);

			end = (size_t)(q - buf);
			if (++seen == n) {
				*start = pos + end + 1;
				return 0;
			}
		}
	}
	*start = 0;
	return 0;
}

/*
 * The closest point at or before start whose line number a usable index
 * knows: *at and *line, else 0 and 1.
 */
static void
indexed_before(window_file *wf, const char *path,
               const struct index_params *ip, uint64_t start, uint64_t *at,
               uint64_t *line)
{
	struct index_lookup lk;
	char err[LS_ERRSZ];
	uint64_t lo, hi;

	*at = 0;
	*line = 1;
	if (ip->mode == INDEX_NEVER ||
	    index_lookup(&lk, path, ip->dir, wf, err) < 0)
		return; /* counting from the start is always right */
	if ((lk.state == INDEX_STATE_FRESH ||
	     lk.state == INDEX_STATE_APPENDED) &&
	    lk.data.ngroups > 0 && lk.data.groups[0].offset <= start) {
		/* The last group that starts at or before start. */
		lo = 0;
		hi = lk.data.ngroups;
		while (hi - lo > 1) {
			uint64_t mid = lo + (hi - lo) / 2;

			if (lk.data.groups[mid].offset <= start)
				lo = mid;
			else
				hi = mid;
		}
		*at = lk.data.groups[lo].offset;
		*line = lk.data.groups[lo].first_line;
	}
	index_lookup_free(&lk);
}

int
lastlines_find(window_file *wf, const char *path,
               const struct index_params *ip, uint64_t n, struct region *out,
               char *err)
{
	uint64_t size = window_file_size(wf), start, at, line, count;
	int fd = window_fd(wf);
	struct stat st;
	char *buf;

	if (window_is_stream(wf)) {
		/* An empty regular file opens as a stream: nothing to show. */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size == 0) {
			out->start = out->end = 0;
			out->first_line = 1;
			return 0;
		}
		ls_errf(err,
		        "--lines -%" PRIu64 ": with a time range needs a "
		        "file: a pipe cannot be read back from its end",
		        n);
		return -1;
	}
	buf = xmalloc(CHUNK);
	if (find_start(fd, buf, size, n, &start, err) < 0)
		goto fail;
	indexed_before(wf, path, ip, start, &at, &line);
	if (count_newlines(fd, buf, at, start, &count, err) < 0)
		goto fail;
	free(buf);
	out->start = start;
	out->end = UINT64_MAX;
	out->first_line = line + count;
	return 0;
fail:
	free(buf);
	return -1;
}

/* ---- streams ---------------------------------------------------------- */

struct keep {
	uint64_t n;      /* lines wanted */
	char *buf;       /* kept bytes are buf[start, len) */
	size_t start, len, cap;
	uint64_t nl;     /* '\n' in buf[start, len) */
	uint64_t total;  /* '\n' in the whole stream so far */
	uint64_t bytes;  /* bytes of the whole stream so far */
};

static int
keep_window(void *ctx, const struct window *w)
{
	struct keep *k = ctx;
	uint64_t nl = newline_count(w->data, w->len);

	if (k->len + w->len > k->cap) {
		/* Drop what was let go of before growing. */
		if (k->start > 0) {
			memmove(k->buf, k->buf + k->start, k->len - k->start);
			k->len -= k->start;
			k->start = 0;
		}
		while (k->len + w->len > k->cap)
			k->cap = k->cap ? 2 * k->cap : (size_t)1 << 16;
		k->buf = xrealloc(k->buf, k->cap);
	}
	memcpy(k->buf + k->len, w->data, w->len);
	k->len += w->len;
	k->nl += nl;
	k->total += nl;
	k->bytes += w->len;
	/* Keep n whole lines (and a last one without '\n', which only the
	 * end of the stream brings): let go of the lines before them. */
	if (k->nl > k->n) {
		const char *p = newline_nth(k->buf + k->start,
		                                  k->len - k->start,
		                                  k->nl - k->n, NULL);

		k->start = (size_t)(p - k->buf);
		k->nl = k->n;
	}
	return 0;
}

int
lastlines_read_stream(window_file *wf, uint64_t n,
                      struct lastlines_tail *out, char *err)
{
	struct keep k;
	uint64_t lines;
	size_t len;

	memset(&k, 0, sizeof(k));
	memset(out, 0, sizeof(*out));
	k.n = n;
	if (window_scan(wf, 0, UINT64_MAX, keep_window, &k, err) < 0) {
		free(k.buf);
		return -1;
	}
	len = k.len - k.start;
	/* A last line without '\n' is a line too: then keep one whole line
	 * fewer. */
	lines = k.nl;
	if (len > 0 && k.buf[k.len - 1] != '\n') {
		lines++;
		if (lines > n) {
			const char *p = newline_nth(k.buf + k.start, len,
			                                  1, NULL);

			k.start = (size_t)(p - k.buf);
			len = k.len - k.start;
			lines--;
		}
	}
	out->len = len;
	out->data = xmalloc(len > 0 ? len : 1);
	if (len > 0) /* k.buf is NULL when the input was empty */
		memcpy(out->data, k.buf + k.start, len);
	out->offset = k.bytes - len;
	out->first_line = k.total + (k.bytes > 0 && k.buf[k.len - 1] != '\n')
	                  - lines + 1;
	free(k.buf);
	return 0;
}

void
lastlines_tail_free(struct lastlines_tail *t)
{
	free(t->data);
	t->data = NULL;
	t->len = 0;
}
