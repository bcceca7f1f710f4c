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

	while (pos > 0) {
		size_t len = pos > CHUNK ? CHUNK : (size_t)pos;
		size_t i;

		pos -= len;
		if (read_at(fd, buf, len, pos, err) < 0)
			return -1;
		for (i = len; i-- > 0;) {
			if (buf[i] != '\n' || pos + i == size - 1)
				continue;
			if (++seen == n) {
				*start = pos + i + 1;
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
indexed_before(window_file *wf, const char *path, const struct options *o,
               uint64_t start, uint64_t *at, uint64_t *line)
{
	struct index_lookup lk;
	char err[LS_ERRSZ];
	uint64_t lo, hi;

	*at = 0;
	*line = 1;
	if (o->index_mode == INDEX_NEVER ||
	    index_lookup(&lk, path, o->index_dir, wf, err) < 0)
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
lastlines_find(window_file *wf, const char *path, const struct options *o,
               uint64_t n, struct region *out, char *err)
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
		        "--lines -%" PRIu64 ": cannot count back from the "
		        "end of a pipe; use a file",
		        n);
		return -1;
	}
	buf = xmalloc(CHUNK);
	if (find_start(fd, buf, size, n, &start, err) < 0)
		goto fail;
	indexed_before(wf, path, o, start, &at, &line);
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
