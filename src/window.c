#include "config.h"

/*
 * window.c - read a file as a sequence of windows of whole lines.
 *
 * Regular files are mapped a window at a time; everything else is read with
 * read(2) into a buffer.  Both paths cut each window after its last line
 * end ('\n', or the NUL that ends a record of grep -z), so
 * the bytes of a partial line at the end of one window are handed out again
 * (remapped or carried to the front of the buffer) at the start of the next.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "newline.h"
#include "util.h"
#include "window.h"

struct window_file {
	int fd;
	char eol;      /* the byte that ends a line: '\n', or '\0' (-z) */
	int stream;    /* read with read(2) instead of mapped */
	uint64_t size; /* at open; UINT64_MAX for a stream */
	size_t wsize;  /* window size, at least one page */
	size_t gran;   /* map_granularity(), a power of two */
	char *map;     /* live mapping during window_scan, else NULL */
	size_t maplen; /* its length */
	struct window_stats stats;
	/* Stream state: bytes [spos, spos + have) sit at buf + head. */
	char *buf;
	size_t cap;
	size_t head;
	size_t have;
	uint64_t spos;
	int eof;
	/* The read reader of a regular file: bytes [rpos, rpos + rhave) of
	 * the file sit at rbuf, a page-aligned buffer of rcap bytes. */
	enum window_io io; /* as asked for */
	char *rbuf;
	size_t rsize, rcap, rhave; /* rsize: what a window holds normally */
	uint64_t rpos;
	uint64_t ra_next; /* asked the kernel to read ahead up to here */
	int ra_kernel;    /* the device's own readahead is long enough
	                     (kernel_reads_ahead()); -1: not yet known */
	/* --io=auto's probe (see pick_io()) */
	int probe_turn;
	uint64_t turn_bytes, turn_ns;         /* the turn under way */
	uint64_t probe_bytes[2], probe_ns[2]; /* [0] mmap, [1] read */
	double probe_best[2];                 /* the fastest turn, bytes/ns */
	uint64_t probe;                       /* bytes per turn */
	int unprobed; /* small: can_map() was not asked (see open_fd()) */
	/* Compressed input: the stream path reads from dc instead of fd. */
	decomp *dc;
	enum decomp_format fmt;
	int dc_seekable;   /* fd is the compressed regular file itself */
	uint64_t raw_size; /* its size, for WINDOW_DECOMP_NEVER */
	int dc_failed;     /* the decoder failed after bytes still held */
	char dc_err[LS_ERRSZ];
	uint64_t record_spacing;
	struct decomp_point *pts; /* restart points from an index */
	size_t npts;
	int dc_unthreaded; /* see window_set_decoder_thread() */
	int dc_fresh;      /* no byte read from dc since it started... */
	uint64_t dc_at_in, dc_at_out; /* ...at these offsets */
	window_fn tap; /* see window_set_tap() */
	void *tap_ctx;
};

/*
 * Each thread keeps the read buffer of the last small file it closed for
 * the next one: a directory of small logs then costs no allocation (and
 * no page faults on fresh memory) per file.
 */
static void short_read(window_file *wf, int e, char *err);

static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static pthread_key_t spare_key;
static int spare_ok;

static void
make_spare_key(void)
{
	spare_ok = pthread_key_create(&spare_key, free) == 0;
}

/*
 * Where the SIGBUS handler jumps to: the sigsetjmp buffer of the
 * window_scan() running in this thread, or NULL.  This is logscan's one
 * mutable global, because a signal handler receives no context argument;
 * it is thread-local because SIGBUS from a mapped read is delivered to the
 * thread that touched the page, and only that thread's scan can unwind.
 */
static _Thread_local sigjmp_buf *volatile window_bus_jmp;

size_t
map_granularity(void)
{
	/* Asked once: it is asked for every file opened. */
	static _Atomic size_t gran;
	size_t g = gran;

	if (g == 0) {
		long pg = sysconf(_SC_PAGESIZE);

		g = pg > 0 ? (size_t)pg : 4096;
		gran = g;
	}
	return g;
}

/* Probe whether fd can be mapped at all: sysfs files, for one, report a
 * size but refuse mmap, and must be read instead. */
static int
can_map(int fd, uint64_t size, size_t gran)
{
	size_t len = size < gran ? (size_t)size : gran;
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED)
		return 0;
	munmap(p, len);
	return 1;
}

/*
 * (Re)start the decoder of a compressed regular file at the restart point
 * pt, or at the file's start for NULL, dropping what the stream buffer
 * held.  Returns 0 or -1 with err filled.
 */
static int
start_decoder(window_file *wf, const struct decomp_point *pt, char *err)
{
	decomp *d;
	int rc;

	rc = pt != NULL ? decomp_open_at(&d, wf->fd, wf->fmt, pt,
	                                 !wf->dc_unthreaded, err)
	                : decomp_open(&d, wf->fd, wf->fmt, 1, NULL, 0,
	                              !wf->dc_unthreaded, err);
	if (rc < 0)
		return -1;
	decomp_close(wf->dc);
	wf->dc = d;
	if (pt == NULL && wf->record_spacing > 0)
		decomp_record_points(d, wf->record_spacing);
	wf->head = 0;
	wf->have = 0;
	wf->eof = 0;
	wf->dc_failed = 0;
	wf->spos = pt != NULL ? pt->out : 0;
	wf->dc_fresh = 1;
	wf->dc_at_in = pt != NULL ? pt->in : 0;
	wf->dc_at_out = wf->spos;
	return 0;
}

/* Treat the regular file of wf as compressed in format f. */
static int
make_compressed(window_file *wf, enum decomp_format f, char *err)
{
	wf->fmt = f;
	wf->dc_seekable = 1;
	if (start_decoder(wf, NULL, err) < 0) {
		wf->fmt = DECOMP_NONE;
		return -1;
	}
	wf->stream = 1;
	wf->size = UINT64_MAX;
	wf->stats.io = WINDOW_IO_READ;
	wf->stats.fmt = f;
	snprintf(wf->stats.io_why, sizeof(wf->stats.io_why),
	         "%s data, decompressed by a thread of its own",
	         decomp_format_name(f));
	return 0;
}

/* The thread's spare small-file buffer (see window_close()), or a new
 * one. */
static char *
spare_get(void)
{
	char *buf;

	pthread_once(&spare_once, make_spare_key);
	buf = spare_ok ? pthread_getspecific(spare_key) : NULL;
	if (buf != NULL)
		pthread_setspecific(spare_key, NULL);
	else
		buf = xmalloc_aligned(4096, WINDOW_SMALL_BUF);
	return buf;
}

/* Give buf (from spare_get(), or NULL) back for the next small file. */
static void
spare_put(char *buf)
{
	if (buf != NULL && spare_ok && pthread_getspecific(spare_key) == NULL &&
	    pthread_setspecific(spare_key, buf) == 0)
		return;
	free(buf);
}

/*
 * Read a small file whole into the thread's spare buffer (see read_window()),
 * where its first window will find it: one pread(2) for the bytes and the
 * compression magic both.  buf (NULL: take the spare) may already hold the
 * file's first have bytes.  Copies the first bytes to magic; returns how
 * many, or 0 (nothing kept) when the read came back short or failed: the
 * read path then reads again and reports it.
 */
static ssize_t
preload(window_file *wf, int fd, char *buf, size_t have, size_t size,
        unsigned char *magic, size_t mlen)
{
	ssize_t n = 0;

	if (buf == NULL) {
		buf = spare_get();
		have = 0;
	}
	if (have < size)
		do
			n = pread(fd, buf + have, size - have, (off_t)have);
		while (n == -1 && errno == EINTR);
	wf->rbuf = buf;
	wf->rsize = wf->rcap = WINDOW_SMALL_BUF;
	wf->rpos = 0;
	if (n < 0 || have + (size_t)n != size) {
		wf->rhave = 0;
		return 0;
	}
	wf->rhave = size;
	wf->stats.bytes_read += size;
	memcpy(magic, buf, size < mlen ? size : mlen);
	return (ssize_t)(size < mlen ? size : mlen);
}

/* window_open_fd() on fd whose status is st, looking for compressed data
 * only when detect is set (standard input is decompressed only when
 * asked to); fresh: fd was just opened (its offset is 0).  buf, when not
 * NULL, is the spare buffer holding the file's first have bytes. */
static int
open_st(window_file **out, int fd, const struct stat *st, size_t window_size,
        int detect, int fresh, char *buf, size_t have, char *err)
{
	window_file *wf;
	off_t cur;
	int small;

	*out = NULL;
	if (S_ISDIR(st->st_mode)) {
		ls_errf(err, "%s", strerror(EISDIR));
		spare_put(buf);
		close(fd);
		return -1;
	}
	wf = xcalloc(1, sizeof(*wf));
	wf->fd = fd;
	wf->ra_kernel = -1;
	wf->eol = '\n';
	wf->gran = map_granularity();
	if (window_size == 0)
		window_size = WINDOW_DEFAULT_SIZE;
	wf->wsize = window_size < wf->gran ? wf->gran : window_size;
	/*
	 * Map only regular files that report a size and are read from their
	 * start.  A size of 0 may be a /proc file with content, and a
	 * descriptor already advanced (stdin redirected after a partial read)
	 * must go on from where it is, as grep does.
	 */
	cur = fresh ? 0 : lseek(fd, 0, SEEK_CUR);
	/* A small file is read whatever happens (see window_set_io()):
	 * whether it could be mapped is asked only if it is to be.  (A file
	 * with no blocks may be a sysfs file, whose size is made up:
	 * can_map() tells those.) */
	small = S_ISREG(st->st_mode) && st->st_size > 0 && cur <= 0 &&
	        (uint64_t)st->st_size <= WINDOW_SMALL && st->st_blocks > 0;
	if (!small || wf->wsize < WINDOW_SMALL_BUF) {
		spare_put(buf);
		buf = NULL;
	}
	if (small || (S_ISREG(st->st_mode) && st->st_size > 0 && cur <= 0 &&
	              can_map(fd, (uint64_t)st->st_size, wf->gran))) {
		unsigned char magic[DECOMP_MAGIC_LEN];
		ssize_t got = 0;
		enum decomp_format f;

		if (small && wf->wsize >= WINDOW_SMALL_BUF)
			got = preload(wf, fd, buf, have, (size_t)st->st_size,
			              magic, sizeof(magic));
		else if (detect)
			got = pread(fd, magic, sizeof(magic), 0);
		f = got > 0 && detect ? decomp_detect(magic, (size_t)got)
		                      : DECOMP_NONE;
		wf->size = (uint64_t)st->st_size;
		wf->raw_size = wf->size;
		wf->unprobed = small;
		if (f != DECOMP_NONE) {
			/* The decoder reads the file itself. */
			wf->stats.bytes_read -= wf->rhave;
			wf->rhave = 0;
		}
		window_set_io(wf, WINDOW_IO_AUTO);
		if (f != DECOMP_NONE && make_compressed(wf, f, err) < 0) {
			window_close(wf);
			return -1;
		}
	} else {
		wf->stream = 1;
		wf->size = UINT64_MAX;
		wf->stats.io = WINDOW_IO_READ;
		snprintf(wf->stats.io_why, sizeof(wf->stats.io_why), "%s",
		         S_ISREG(st->st_mode) ? "a stream (size unknown or not "
		                                "read from its start)"
		                              : "not a regular file");
	}
	*out = wf;
	return 0;
}

/* open_st() on fd's status now. */
static int
open_fd(window_file **out, int fd, size_t window_size, int detect, int fresh,
        char *err)
{
	struct stat st;

	*out = NULL;
	if (fstat(fd, &st) == -1) {
		ls_errf(err, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	return open_st(out, fd, &st, window_size, detect, fresh, NULL, 0, err);
}

int
window_open_fd(window_file **out, int fd, size_t window_size, char *err)
{
	return open_fd(out, fd, window_size, 1, 0, err);
}

int
window_open(window_file **out, const char *path, size_t window_size, char *err)
{
	int fd;

	*out = NULL;
	if (strcmp(path, "-") == 0) {
		/* A duplicate, so that closing the handle leaves stdin open
		 * and a second "-" reads (an empty) stdin rather than
		 * whatever file took descriptor 0. */
		fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
	} else {
		do
			fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		while (fd == -1 && errno == EINTR);
	}
	if (fd == -1) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	return open_fd(out, fd, window_size, strcmp(path, "-") != 0,
	               strcmp(path, "-") != 0, err);
}

int
window_open_at(window_file **out, int dirfd, const char *name, int follow,
               size_t window_size, char *err)
{
	struct stat st;
	char *buf = NULL;
	ssize_t n = 0;
	int fd;

	*out = NULL;
	/* Not blocking: should it have become a FIFO since the caller
	 * looked, opening it must not wait for a writer. */
	do
		fd = openat(dirfd, name,
		            O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
		                (follow ? 0 : O_NOFOLLOW));
	while (fd == -1 && errno == EINTR);
	if (fd == -1) {
		if (errno == ELOOP && !follow)
			return WINDOW_NOT_REGULAR;
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	if (window_size == 0 || window_size >= WINDOW_SMALL_BUF) {
		buf = spare_get();
		do
			n = pread(fd, buf, WINDOW_OPEN_PROBE, 0);
		while (n == -1 && errno == EINTR);
		if (n > 0 && (size_t)n < WINDOW_OPEN_PROBE) {
			/* A short read of a regular file is its end: the
			 * whole file is here, and its size is what came. */
			window_file *wf = xcalloc(1, sizeof(*wf));
			enum decomp_format f = decomp_detect(
			    (const unsigned char *)buf,
			    (size_t)n < DECOMP_MAGIC_LEN ? (size_t)n
			                                 : DECOMP_MAGIC_LEN);

			wf->fd = fd;
			wf->eol = '\n';
			wf->gran = map_granularity();
			wf->wsize = window_size == 0 ? WINDOW_DEFAULT_SIZE
			                             : window_size;
			wf->rbuf = buf;
			wf->rsize = wf->rcap = WINDOW_SMALL_BUF;
			wf->size = wf->raw_size = (uint64_t)n;
			wf->unprobed = 1;
			if (f == DECOMP_NONE) {
				wf->rhave = (size_t)n;
				wf->stats.bytes_read = (uint64_t)n;
			}
			window_set_io(wf, WINDOW_IO_AUTO);
			if (f != DECOMP_NONE && make_compressed(wf, f, err) < 0) {
				window_close(wf);
				return -1;
			}
			*out = wf;
			return 0;
		}
	}
	/* Larger than the first read, empty, unreadable, or not a regular
	 * file any more. */
	if (fstat(fd, &st) == -1) {
		ls_errf(err, "%s", strerror(errno));
		spare_put(buf);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		spare_put(buf);
		close(fd);
		return WINDOW_NOT_REGULAR;
	}
	return open_st(out, fd, &st, window_size, 1, 1, buf,
	               n > 0 ? (size_t)n : 0, err);
}

int
window_clone(window_file **out, const window_file *wf, char *err)
{
	window_file *c;
	int fd;

	*out = NULL;
	if (wf->stream) {
		ls_errf(err, "a stream cannot be read twice");
		return -1;
	}
	fd = fcntl(wf->fd, F_DUPFD_CLOEXEC, 0);
	if (fd == -1) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->size = wf->size;
	c->wsize = wf->wsize;
	c->gran = wf->gran;
	c->unprobed = wf->unprobed;
	c->eol = wf->eol;
	c->ra_kernel = wf->ra_kernel;
	window_set_io(c, wf->io);
	*out = c;
	return 0;
}

int
window_line_start(window_file *wf, uint64_t off, uint64_t *out, char *err)
{
	char buf[16384];
	uint64_t at;

	if (wf->stream) {
		ls_errf(err, "a stream has no offsets to look at");
		return -1;
	}
	if (off == 0 || off >= wf->size) {
		*out = off < wf->size ? 0 : wf->size;
		return 0;
	}
	/* The line that starts at or after off is the one after the first
	 * '\n' at or after off - 1. */
	at = off - 1;
	while (at < wf->size) {
		size_t want = wf->size - at < sizeof(buf) ? (size_t)(wf->size - at)
		                                          : sizeof(buf);
		ssize_t n = pread(wf->fd, buf, want, (off_t)at);
		const char *nl;

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			short_read(wf, n == 0 ? 0 : errno, err);
			return -1;
		}
		nl = memchr(buf, '\n', (size_t)n);
		if (nl != NULL) {
			*out = at + (uint64_t)(nl - buf) + 1;
			return 0;
		}
		at += (uint64_t)n;
	}
	*out = wf->size;
	return 0;
}

int
window_lines_back(window_file *wf, uint64_t off, uint64_t k, uint64_t *out,
                  uint64_t *got, char *err)
{
	char buf[16384];
	uint64_t at = off < wf->size ? off : wf->size, seen = 0;

	if (wf->stream) {
		ls_errf(err, "a stream has no offsets to look at");
		return -1;
	}
	*got = 0;
	*out = at;
	if (k == 0 || at == 0)
		return 0;
	if (at == wf->size) {
		/* A last line without its newline is the line before the
		 * end all the same. */
		char c;
		ssize_t n;

		do
			n = pread(wf->fd, &c, 1, (off_t)(at - 1));
		while (n == -1 && errno == EINTR);
		if (n != 1) {
			short_read(wf, n < 0 ? errno : 0, err);
			return -1;
		}
		if (c != '\n')
			seen = 1;
	}
	/* The newline that ends the line before off is the first one seen;
	 * the line k lines back starts after the (k + 1)-th. */
	while (at > 0) {
		size_t want = at < sizeof(buf) ? (size_t)at : sizeof(buf);
		ssize_t n = pread(wf->fd, buf, want, (off_t)(at - want));
		size_t i;

		if (n == -1 && errno == EINTR)
			continue;
		if (n != (ssize_t)want) {
			short_read(wf, n < 0 ? errno : 0, err);
			return -1;
		}
		for (i = want; i > 0; i--) {
			if (buf[i - 1] != '\n')
				continue;
			if (seen == k) {
				*out = at - want + i;
				*got = k;
				return 0;
			}
			seen++;
		}
		at -= want;
	}
	/* The first line of the file is the last one back. */
	*out = 0;
	*got = seen;
	return 0;
}

int
window_lines_forward(window_file *wf, uint64_t off, uint64_t k, uint64_t *out,
                     char *err)
{
	char buf[16384];
	uint64_t at = off;

	if (wf->stream) {
		ls_errf(err, "a stream has no offsets to look at");
		return -1;
	}
	while (k > 0 && at < wf->size) {
		size_t want = wf->size - at < sizeof(buf)
		                  ? (size_t)(wf->size - at)
		                  : sizeof(buf);
		ssize_t n = pread(wf->fd, buf, want, (off_t)at);
		const char *p, *end;

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			short_read(wf, n == 0 ? 0 : errno, err);
			return -1;
		}
		p = buf;
		end = buf + n;
		while (k > 0 &&
		       (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			p++;
			k--;
		}
		if (k == 0) {
			*out = at + (uint64_t)(p - buf);
			return 0;
		}
		at += (uint64_t)n;
	}
	*out = at < wf->size ? at : wf->size;
	return 0;
}

/* window_first_nul()'s search, window by window. */
struct nul_search {
	uint64_t to; /* look before this offset */
	uint64_t at; /* the first NUL found, or UINT64_MAX */
};

static int
nul_window(void *ctx, const struct window *w)
{
	struct nul_search *ns = ctx;
	size_t n = w->len;
	const char *z;

	if (w->offset + n > ns->to)
		n = w->offset < ns->to ? (size_t)(ns->to - w->offset) : 0;
	z = newline_find_nul(w->data, n);
	if (z == NULL)
		return w->offset + w->len >= ns->to;
	ns->at = w->offset + (uint64_t)(z - w->data);
	return 1;
}

int
window_first_nul(window_file *wf, uint64_t from, uint64_t to, uint64_t *at,
                 char *err)
{
	char buf[16384];

	*at = UINT64_MAX;
	if (wf->stream) {
		ls_errf(err, "a stream has no offsets to look at");
		return -1;
	}
	if (to > wf->size)
		to = wf->size;
	/* A long span that starts a line goes through the readers, mapped
	 * or read as the file's search reads it. */
	if (from < to && to - from > 4 * sizeof(buf) &&
	    (from == 0 || wf->eol == '\n')) {
		struct nul_search ns = {to, UINT64_MAX};
		uint64_t start = from;
		int rc;

		if (from > 0 && window_line_start(wf, from, &start, err) < 0)
			return -1;
		if (start > from &&
		    (rc = window_first_nul(wf, from, start, at, err)) != 0)
			return rc;
		if (start >= to)
			return 0;
		rc = window_scan(wf, start, to, nul_window, &ns, err);
		if (rc < 0)
			return -1;
		*at = ns.at;
		return ns.at != UINT64_MAX;
	}
	while (from < to) {
		size_t want = to - from < sizeof(buf) ? (size_t)(to - from)
		                                      : sizeof(buf);
		ssize_t n = pread(wf->fd, buf, want, (off_t)from);
		const char *z;

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			short_read(wf, n == 0 ? 0 : errno, err);
			return -1;
		}
		z = newline_find_nul(buf, (size_t)n);
		if (z != NULL) {
			*at = from + (uint64_t)(z - buf);
			return 1;
		}
		from += (uint64_t)n;
	}
	return 0;
}

int
window_has_nul(window_file *wf, uint64_t from, uint64_t to, char *err)
{
	uint64_t at;

	return window_first_nul(wf, from, to, &at, err);
}

const char *
window_io_name(enum window_io io)
{
	return io == WINDOW_IO_MMAP ? "mmap"
	       : io == WINDOW_IO_READ ? "read"
	                              : "auto";
}

int
window_io_parse(const char *s, enum window_io *out)
{
	if (strcmp(s, "auto") == 0)
		*out = WINDOW_IO_AUTO;
	else if (strcmp(s, "mmap") == 0)
		*out = WINDOW_IO_MMAP;
	else if (strcmp(s, "read") == 0)
		*out = WINDOW_IO_READ;
	else
		return -1;
	return 0;
}

/* Say why wf reads as it does (--stats), from a fixed text. */
static void
set_why(window_file *wf, const char *why)
{
	size_t n = strlen(why);

	if (n >= sizeof(wf->stats.io_why))
		n = sizeof(wf->stats.io_why) - 1;
	memcpy(wf->stats.io_why, why, n);
	wf->stats.io_why[n] = '\0';
}

void
window_set_io(window_file *wf, enum window_io io)
{
	window_set_io_probe(wf, io, WINDOW_AUTO_MIN, WINDOW_PROBE);
}

void
window_set_io_probe(window_file *wf, enum window_io io, uint64_t auto_min,
                    uint64_t probe)
{
	if (wf->stream)
		return;
	if (wf->unprobed && io != WINDOW_IO_MMAP) {
		/* Small: one pread(2) into a reused buffer beats mapping
		 * (mmap, madvise, munmap and the page faults). */
		wf->io = WINDOW_IO_READ;
		wf->stats.io = WINDOW_IO_READ;
		/* Once per small file: no snprintf (a directory of small
		 * logs spent a fifth of its instructions here). */
		_Static_assert(WINDOW_SMALL == (uint64_t)256 << 10,
		               "the text below names WINDOW_SMALL");
		set_why(wf, io == WINDOW_IO_AUTO
		                ? "auto: not larger than 256 KiB"
		                : "--io=read");
		return;
	}
	if (wf->unprobed) {
		/* Mapped after all: what preload() read is not used. */
		wf->stats.bytes_read -= wf->rhave;
		wf->rhave = 0;
		wf->unprobed = 0;
		if (!can_map(wf->fd, wf->size, wf->gran)) {
			wf->io = WINDOW_IO_READ;
			wf->stats.io = WINDOW_IO_READ;
			snprintf(wf->stats.io_why, sizeof(wf->stats.io_why),
			         "cannot be mapped");
			return;
		}
	}
	wf->io = io;
	wf->probe = probe > 0 ? probe : 1;
	wf->probe_turn = 0;
	wf->turn_bytes = 0;
	wf->turn_ns = 0;
	memset(wf->probe_bytes, 0, sizeof(wf->probe_bytes));
	memset(wf->probe_ns, 0, sizeof(wf->probe_ns));
	memset(wf->probe_best, 0, sizeof(wf->probe_best));
	if (io == WINDOW_IO_AUTO && wf->size < auto_min) {
		/* Too small to be worth measuring: either reader is done at
		 * once, and mapping copies nothing. */
		wf->io = WINDOW_IO_MMAP;
		wf->stats.io = WINDOW_IO_MMAP;
		snprintf(wf->stats.io_why, sizeof(wf->stats.io_why),
		         "auto: smaller than %llu MiB",
		         (unsigned long long)(auto_min >> 20));
		return;
	}
	if (io == WINDOW_IO_AUTO) {
		/* A file mostly not in the page cache: both readers wait on
		 * the disk, so timing them tells nothing, and read(2) with
		 * the kernel's readahead keeps the disk busier than page
		 * faults do (measured: mmap 1.4-1.8x dd, read 1.0-1.3x). */
		unsigned resident, n = window_cache_probe(wf, 0, wf->size,
		                                          &resident);

		if (n > 0 && resident * 2 < n) {
			wf->io = WINDOW_IO_READ;
			posix_fadvise(wf->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
			wf->stats.io = WINDOW_IO_READ;
			snprintf(wf->stats.io_why, sizeof(wf->stats.io_why),
			         "auto: not in the page cache (%u of %u sample "
			         "pages)",
			         resident, n);
			return;
		}
	}
	if (io != WINDOW_IO_MMAP)
		/* The kernel's readahead doubles for a sequential reader. */
		posix_fadvise(wf->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	wf->stats.io = io == WINDOW_IO_READ ? WINDOW_IO_READ : WINDOW_IO_MMAP;
	set_why(wf, io == WINDOW_IO_AUTO   ? "auto: measuring"
	            : io == WINDOW_IO_READ ? "--io=read"
	                                   : "--io=mmap");
}

void
window_prefer_read(window_file *wf, const char *why)
{
	if (wf->stream || wf->io != WINDOW_IO_AUTO)
		return;
	window_set_io(wf, WINDOW_IO_READ);
	set_why(wf, why);
}

int
window_set_decompress(window_file *wf, enum window_decomp mode, char *err)
{
	enum decomp_format f;
	ssize_t n;

	if (mode == WINDOW_DECOMP_NEVER && wf->dc != NULL && wf->dc_seekable) {
		decomp_close(wf->dc);
		wf->dc = NULL;
		wf->fmt = DECOMP_NONE;
		wf->stream = 0;
		wf->size = wf->raw_size;
		window_set_io(wf, WINDOW_IO_AUTO);
		return 0;
	}
	if (mode != WINDOW_DECOMP_FORCE || wf->dc != NULL)
		return 0;
	if (!wf->stream) {
		/* Standard input redirected from a regular file. */
		unsigned char magic[DECOMP_MAGIC_LEN];
		ssize_t got = pread(wf->fd, magic, sizeof(magic), 0);

		f = got > 0 ? decomp_detect(magic, (size_t)got) : DECOMP_NONE;
		return f != DECOMP_NONE ? make_compressed(wf, f, err) : 0;
	}
	if (wf->spos != 0 || wf->have != 0)
		return 0;
	/* A stream: read its first bytes, and hand them to a decoder when
	 * they are a compressed format's; else they stay buffered. */
	wf->cap = wf->wsize;
	wf->buf = xmalloc(wf->cap);
	while (wf->have < DECOMP_MAGIC_LEN) {
		n = read(wf->fd, wf->buf + wf->have, DECOMP_MAGIC_LEN - wf->have);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			ls_errf(err, "%s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			wf->eof = 1;
			break;
		}
		wf->have += (size_t)n;
		wf->stats.bytes_read += (uint64_t)n;
	}
	f = decomp_detect(wf->buf, wf->have);
	if (f == DECOMP_NONE)
		return 0;
	if (decomp_open(&wf->dc, wf->fd, f, 0, wf->buf, wf->have,
	                !wf->dc_unthreaded, err) < 0)
		return -1;
	wf->fmt = f;
	wf->have = 0;
	wf->eof = 0;
	wf->stats.bytes_read = 0;
	wf->stats.fmt = f;
	wf->dc_fresh = 1;
	wf->dc_at_in = 0;
	wf->dc_at_out = 0;
	snprintf(wf->stats.io_why, sizeof(wf->stats.io_why),
	         "%s data on a stream, decompressed", decomp_format_name(f));
	return 0;
}

enum decomp_format
window_format(const window_file *wf)
{
	return wf->fmt;
}

const char *
window_warning(const window_file *wf)
{
	return wf->dc != NULL ? decomp_warning(wf->dc) : NULL;
}

void
window_set_points(window_file *wf, const struct decomp_point *pts, size_t n)
{
	size_t i;

	if (wf->dc == NULL || !wf->dc_seekable)
		return;
	for (i = 0; i < wf->npts; i++)
		free(wf->pts[i].zwin);
	free(wf->pts);
	wf->pts = n > 0 ? xreallocarray(NULL, n, sizeof(*pts)) : NULL;
	wf->npts = n;
	for (i = 0; i < n; i++) {
		wf->pts[i] = pts[i];
		if (pts[i].zwin_len > 0) {
			wf->pts[i].zwin = xmalloc(pts[i].zwin_len);
			memcpy(wf->pts[i].zwin, pts[i].zwin, pts[i].zwin_len);
		} else {
			wf->pts[i].zwin = NULL;
		}
	}
}

void
window_record_points(window_file *wf, uint64_t spacing)
{
	wf->record_spacing = spacing;
	if (wf->dc != NULL && wf->spos == 0 && wf->have == 0)
		decomp_record_points(wf->dc, spacing);
}

const struct decomp_point *
window_points(const window_file *wf, size_t *n)
{
	if (wf->dc == NULL) {
		*n = 0;
		return NULL;
	}
	return decomp_points(wf->dc, n);
}

uint64_t
window_stream_pos(const window_file *wf)
{
	return wf->spos;
}

uint64_t
window_compressed_bytes(const window_file *wf)
{
	return wf->dc != NULL ? decomp_in_bytes(wf->dc) : 0;
}

void
window_set_eol(window_file *wf, char eol)
{
	wf->eol = eol;
}

uint64_t
window_file_size(const window_file *wf)
{
	return wf->size;
}

int
window_is_stream(const window_file *wf)
{
	return wf->stream;
}

int
window_fd(const window_file *wf)
{
	return wf->fd;
}

unsigned
window_cache_probe(const window_file *wf, uint64_t from, uint64_t to,
                   unsigned *resident)
{
	uint64_t base, span, pages, step;
	unsigned n, in = 0;
	unsigned char *map;

	*resident = 0;
	if (wf->stream || wf->dc != NULL || wf->fmt != DECOMP_NONE ||
	    wf->size == UINT64_MAX)
		return 0;
	if (to > wf->size)
		to = wf->size;
	if (from >= to)
		return 0;
	base = from & ~(uint64_t)(wf->gran - 1);
	span = to - base;
	if (span > SIZE_MAX)
		return 0;
	map = mmap(NULL, (size_t)span, PROT_READ, MAP_SHARED, wf->fd,
	           (off_t)base);
	if (map == MAP_FAILED)
		return 0;
	pages = (span + wf->gran - 1) / wf->gran;
	n = pages < WINDOW_CACHE_SAMPLES ? (unsigned)pages
	                                 : WINDOW_CACHE_SAMPLES;
	step = pages / n;
	for (unsigned i = 0; i < n; i++) {
		/* The middle page of each of n equal stretches. */
		uint64_t pg = (uint64_t)i * step + step / 2;
		unsigned char vec = 0;

		if (mincore(map + pg * wf->gran, wf->gran, &vec) != 0) {
			munmap(map, (size_t)span);
			*resident = 0;
			return 0;
		}
		in += vec & 1;
	}
	munmap(map, (size_t)span);
	*resident = in;
	return n;
}

char *
window_describe_decoded(const struct window_stats *ws, char *buf, size_t len)
{
	char starts[64] = "", from[128] = "";

	if (ws->dc_starts > 1)
		snprintf(starts, sizeof(starts), ", %" PRIu64 " starts, the last",
		         ws->dc_starts);
	if (ws->dc_starts == 0)
		; /* nothing was read */
	else if (ws->dc_from_in == 0 && ws->dc_from_out == 0)
		snprintf(from, sizeof(from), " from its start");
	else
		snprintf(from, sizeof(from),
		         " from the restart point at compressed byte %" PRIu64
		         " (log byte %" PRIu64 ")",
		         ws->dc_from_in, ws->dc_from_out);
	snprintf(buf, len, "decompressed %" PRIu64 " bytes of %s data%s%s",
	         ws->bytes_read, decomp_format_name(ws->fmt), starts, from);
	return buf;
}

const struct window_stats *
window_get_stats(const window_file *wf)
{
	return &wf->stats;
}

void
window_close(window_file *wf)
{
	if (wf == NULL)
		return;
	if (wf->map != NULL)
		munmap(wf->map, wf->maplen);
	/* Before the descriptor goes: the decoder's thread reads it. */
	decomp_close(wf->dc);
	for (size_t i = 0; i < wf->npts; i++)
		free(wf->pts[i].zwin);
	free(wf->pts);
	close(wf->fd);
	free(wf->buf);
	if (wf->rbuf != NULL && wf->rcap == WINDOW_SMALL_BUF)
		spare_put(wf->rbuf);
	else
		free(wf->rbuf);
	free(wf);
}

/* ---- the mapped path ---- */

static void
bus_handler(int sig)
{
	sigjmp_buf *jb = window_bus_jmp;

	if (jb != NULL)
		siglongjmp(*jb, 1);
	/* Not ours (no scan running in this thread): let the fault take its
	 * default course when the faulting access is retried. */
	signal(sig, SIG_DFL);
}

/*
 * The handler is installed once for the process and left in place: with
 * threads, installing and restoring it around each scan would race (one
 * thread restoring the default while another is mid-scan).  A SIGBUS in
 * a thread with no scan running still takes its default course.
 */
static pthread_once_t bus_once = PTHREAD_ONCE_INIT;
static int bus_installed;

static void
install_bus_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = bus_handler;
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	bus_installed = sigaction(SIGBUS, &sa, NULL) == 0;
}

static void
unmap(window_file *wf)
{
	if (wf->map != NULL) {
		munmap(wf->map, wf->maplen);
		wf->map = NULL;
		wf->maplen = 0;
	}
}

/* Replace the live mapping with [base, base + len).  Returns 0, or -1 with
 * err filled. */
static int
map_range(window_file *wf, uint64_t base, size_t len, char *err)
{
	void *p;

	unmap(wf);
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, wf->fd, (off_t)base);
	if (p == MAP_FAILED) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	wf->map = p;
	wf->maplen = len;
	wf->stats.bytes_mapped += len;
	/* Readahead may be aggressive and pages behind us may go early. */
	madvise(p, len, MADV_SEQUENTIAL);
	return 0;
}

static size_t
clamp_len(uint64_t n)
{
	return n > SIZE_MAX ? SIZE_MAX : (size_t)n;
}

/*
 * Where a window that holds the file's bytes [base, lim) at buf ends, for
 * the range that ends at end (clamped to the size): after the line
 * holding byte end - 1 when the range ends there, else after the last
 * '\n', or at the size for a last line without one.  [base, from) is
 * known to hold no '\n' (before the range's end).  Returns 1 with *wend
 * set, or 0 when more bytes are needed to cut at a line end.
 */
static int
cut(const char *buf, char eol, uint64_t base, uint64_t from, uint64_t lim,
    uint64_t end, uint64_t size, uint64_t *wend)
{
	const char *nl;

	if (lim >= end) {
		uint64_t s = from > end - 1 ? from : end - 1;

		nl = memchr(buf + (s - base), eol, (size_t)(lim - s));
		if (nl != NULL) {
			*wend = (uint64_t)(nl - buf) + base + 1;
			return 1;
		}
		if (lim == size) {
			*wend = lim;
			return 1;
		}
	}
	nl = from < lim ? memrchr(buf + (from - base), eol, (size_t)(lim - from))
	                : NULL;
	if (nl != NULL) {
		*wend = (uint64_t)(nl - buf) + base + 1;
		return 1;
	}
	if (lim == size) {
		*wend = lim; /* a last line without '\n' */
		return 1;
	}
	return 0;
}

/*
 * Map the window that starts at pos, a line start before end (which is
 * clamped to the size): at most window_size bytes (limit, when smaller)
 * of whole lines, more only to hold a line that does not fit.  Fills w
 * and returns 0, or -1 with err filled.  The mapping stays in wf until
 * unmap().
 */
static int
map_window(window_file *wf, uint64_t pos, uint64_t end, size_t limit,
           struct window *w, char *err)
{
	const uint64_t mask = ~(uint64_t)(wf->gran - 1);
	uint64_t base = pos & mask, from = pos, lim, wend;
	size_t len = clamp_len(wf->size - base);

	/* The window gets window_size bytes after pos; its mapping also
	 * holds the up to a page before pos that rounding down adds, which
	 * would otherwise eat into it. */
	if (len - (pos - base) > limit)
		len = (size_t)(pos - base) + limit;
	/* A short range maps only the pages it covers; a line that runs
	 * past end grows the mapping below like any other. */
	if ((uint64_t)len > ((end - base + wf->gran - 1) & mask))
		len = (size_t)((end - base + wf->gran - 1) & mask);
	if (map_range(wf, base, len, err) == -1)
		return -1;
	/*
	 * Find where this window ends.  [pos, from) is known to hold no
	 * '\n'.  When the range ends inside the mapping, the window ends
	 * after the line holding byte end - 1; otherwise after the last
	 * '\n' mapped.  Only when the mapping holds no line end to cut at
	 * does it grow (doubling, so a huge line costs O(its length) in
	 * total).
	 */
	for (;;) {
		lim = base + wf->maplen;
		if (cut(wf->map, wf->eol, base, from, lim, end, wf->size,
		        &wend))
			break;
		from = lim;
		len = clamp_len(wf->size - base);
		if (len / 2 > wf->maplen)
			len = wf->maplen * 2;
		if (len == wf->maplen) {
			/* A line longer than the address space. */
			ls_errf(err, "%s", strerror(ENOMEM));
			return -1;
		}
		if (map_range(wf, base, len, err) == -1)
			return -1;
	}
	w->data = wf->map + (pos - base);
	w->len = (size_t)(wend - pos);
	w->offset = pos;
	w->last = wend >= end;
	return 0;
}

/* ---- the read path for regular files ---- */

/* "file shrank while being read" when the file is now shorter than at
 * open, else what went wrong. */
static void
short_read(window_file *wf, int e, char *err)
{
	struct stat st;

	if (fstat(wf->fd, &st) == 0 && (uint64_t)st.st_size < wf->size)
		ls_errf(err, "file shrank while being read");
	else
		ls_errf(err, "%s", strerror(e ? e : EIO));
}

/* A page-aligned buffer of cap bytes holding the first keep bytes of old
 * (freed). */
static char *
aligned_buf(char *old, size_t keep, size_t cap)
{
	char *p = xmalloc_aligned(4096, cap);

	if (keep > 0)
		memcpy(p, old, keep);
	free(old);
	return p;
}

/*
 * Whether the kernel's own readahead for the device holding fd's file
 * reaches WINDOW_READ_AHEAD / 4 or more (its read_ahead_kb in sysfs, of
 * the disk or of the disk a partition is on).  Then asking for more with
 * posix_fadvise(WILLNEED) only gets in its way: measured on a cold 2 GiB
 * log on a virtio disk with 8 MiB of readahead, a search with the
 * requests took 1.3-1.5x the time of dd bs=1M, without them 1.1-1.2x.
 * 0 when it is shorter or not known (no block device: asked as before).
 */
static int
kernel_reads_ahead(int fd)
{
	struct stat st;
	char path[96], buf[32];

	if (fstat(fd, &st) != 0)
		return 0;
	/* The disk's queue, or a partition's: its disk's. */
	for (int i = 0; i < 2; i++) {
		int sfd;
		ssize_t n;

		snprintf(path, sizeof(path),
		         "/sys/dev/block/%u:%u/%squeue/read_ahead_kb",
		         major(st.st_dev), minor(st.st_dev), i ? "../" : "");
		if ((sfd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(sfd, buf, sizeof(buf) - 1);
		close(sfd);
		if (n <= 0)
			return 0;
		buf[n] = '\0';
		return strtoull(buf, NULL, 10) >= (WINDOW_READ_AHEAD / 4) >> 10;
	}
	return 0;
}

/* Read into the buffer after the bytes it holds, up to the reader's size
 * (or the capacity, once a long line needs more), the size at open, and
 * the page that holds byte end - 1 of the range unless the bytes up to it
 * are in already (a short region reads only its pages, as it maps only
 * them).  Returns 0, or -1 with err filled. */
static int
read_more(window_file *wf, uint64_t end, char *err)
{
	uint64_t at = wf->rpos + wf->rhave;
	uint64_t stop = (end + wf->gran - 1) & ~(uint64_t)(wf->gran - 1);
	size_t lim = wf->rhave < wf->rsize ? wf->rsize : wf->rcap;
	size_t want = lim - wf->rhave;

	if (at < stop && (uint64_t)want > stop - at)
		want = (size_t)(stop - at);
	if (want > 0 && at + WINDOW_READ_AHEAD / 2 >= wf->ra_next &&
	    end - at > WINDOW_READ_AHEAD / 2 && wf->ra_kernel < 0)
		wf->ra_kernel = kernel_reads_ahead(wf->fd);
	if (want > 0 && at + WINDOW_READ_AHEAD / 2 >= wf->ra_next &&
	    end - at > WINDOW_READ_AHEAD / 2 && !wf->ra_kernel) {
		/*
		 * A long read: keep the kernel reading WINDOW_READ_AHEAD
		 * past it, in steps of half that, so that a cold file's
		 * device never waits for the search (its own readahead
		 * stays a few hundred KiB ahead).  On cached pages this is
		 * a cheap walk of the page cache, once per step.
		 */
		uint64_t from = at > wf->ra_next ? at : wf->ra_next;
		uint64_t to = at + WINDOW_READ_AHEAD;

		if (to > wf->size)
			to = wf->size;
		if (to > from)
			posix_fadvise(wf->fd, (off_t)from, (off_t)(to - from),
			              POSIX_FADV_WILLNEED);
		wf->ra_next = to;
	}
	ssize_t n;

	if ((uint64_t)want > wf->size - at)
		want = (size_t)(wf->size - at);
	while (want > 0) {
		n = pread(wf->fd, wf->rbuf + wf->rhave, want, (off_t)at);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			short_read(wf, n == 0 ? 0 : errno, err);
			return -1;
		}
		wf->rhave += (size_t)n;
		wf->stats.bytes_read += (uint64_t)n;
		at += (uint64_t)n;
		want -= (size_t)n;
	}
	return 0;
}

/*
 * The window that starts at pos, a line start before end (clamped to the
 * size), from the read buffer: whole lines of at most the buffer's size,
 * which doubles only for a line that does not fit.  Bytes of a partial
 * line that the last window left in the buffer are moved to the front
 * rather than read again.  Fills w and returns 0, or -1 with err filled.
 */
static int
read_window(window_file *wf, uint64_t pos, uint64_t end, struct window *w,
            char *err)
{
	uint64_t from, lim, wend;

	if (wf->rcap == 0) {
		wf->rsize = wf->wsize < WINDOW_READ_SIZE ? wf->wsize
		                                         : WINDOW_READ_SIZE;
		if (wf->size <= WINDOW_SMALL &&
		    wf->rsize >= WINDOW_SMALL_BUF) {
			/* A small file's buffer is the thread's spare. */
			pthread_once(&spare_once, make_spare_key);
			wf->rsize = WINDOW_SMALL_BUF;
			wf->rbuf = spare_ok ? pthread_getspecific(spare_key)
			                    : NULL;
			if (wf->rbuf != NULL)
				pthread_setspecific(spare_key, NULL);
			else
				wf->rbuf = aligned_buf(NULL, 0, wf->rsize);
		} else {
			wf->rbuf = aligned_buf(NULL, 0, wf->rsize);
		}
		wf->rcap = wf->rsize;
	}
	if (pos >= wf->rpos && pos < wf->rpos + wf->rhave) {
		size_t skip = (size_t)(pos - wf->rpos);

		if (skip > 0)
			memmove(wf->rbuf, wf->rbuf + skip, wf->rhave - skip);
		wf->rhave -= skip;
	} else {
		wf->rhave = 0;
	}
	wf->rpos = pos;
	from = pos;
	for (;;) {
		if (wf->rhave < wf->rcap && wf->rpos + wf->rhave < wf->size &&
		    read_more(wf, end, err) < 0)
			return -1;
		lim = wf->rpos + wf->rhave;
		if (cut(wf->rbuf, wf->eol, pos, from, lim, end, wf->size,
		        &wend))
			break;
		from = lim;
		if (wf->rhave == wf->rcap) {
			/* A line longer than memory allows is this file's
			 * error, not the end of the run. */
			void *p;

			if (wf->rcap > SIZE_MAX / 2 ||
			    posix_memalign(&p, 4096, wf->rcap * 2) != 0) {
				ls_errf(err, "%s", strerror(ENOMEM));
				return -1;
			}
			memcpy(p, wf->rbuf, wf->rhave);
			free(wf->rbuf);
			wf->rbuf = p;
			wf->rcap *= 2;
		}
	}
	w->data = wf->rbuf;
	w->len = (size_t)(wend - pos);
	w->offset = pos;
	w->last = wend >= end;
	return 0;
}

/* ---- choosing the reader ---- */

/*
 * This thread's CPU time in nanoseconds: what the probe compares, because
 * on a busy machine wall time also counts the time other processes ran
 * (a preemption in one probe window would decide the reader).
 */
static uint64_t
cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return ls_now_ns();
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * The probe of --io=auto: windows alternate between the readers, mmap
 * first, each turn WINDOW_PROBE bytes, PROBE_TURNS turns in all; the time
 * of a window is the thread's CPU time spent getting it (pread's copy, or
 * the mapping and its page faults) plus what fn did with it, which is the
 * same work either way, so the faster turn is the faster reader for this
 * query on this file.  The first turn of each reader is not counted (it
 * pays for what runs once: the read buffer's first page faults, the
 * matcher's first look at the text), and each reader is judged by its
 * fastest turn, not the sum: on a busy machine (the other process on a
 * core's sibling, an interrupt) a turn only ever runs slower than it
 * would alone, and with sums the first turns and the slowed ones picked
 * read(2) on page-cached files that mmap reads in half the CPU time.
 * Returns the reader for the window at pos.
 */
#define PROBE_TURNS 6
#define PROBE_WARM 2

static enum window_io
pick_io(window_file *wf)
{
	if (wf->io != WINDOW_IO_AUTO)
		return wf->io;
	if (wf->probe_turn >= PROBE_TURNS)
		return wf->stats.io;
	return (wf->probe_turn & 1) ? WINDOW_IO_READ : WINDOW_IO_MMAP;
}

static void
probe_note(window_file *wf, enum window_io used, uint64_t bytes,
           uint64_t ns)
{
	int k = used == WINDOW_IO_READ;
	double rate;

	if (wf->io != WINDOW_IO_AUTO || wf->probe_turn >= PROBE_TURNS)
		return;
	wf->turn_bytes += bytes;
	wf->turn_ns += ns;
	/* A window ends at a line end, so a turn may fall a little short. */
	if (wf->turn_bytes < wf->probe - wf->probe / 8)
		return;
	if (wf->probe_turn >= PROBE_WARM) {
		/* Bytes per nanosecond is GB/s. */
		rate = (double)wf->turn_bytes /
		       (double)(wf->turn_ns ? wf->turn_ns : 1);
		if (rate > wf->probe_best[k])
			wf->probe_best[k] = rate;
		wf->probe_bytes[k] += wf->turn_bytes;
		wf->probe_ns[k] += wf->turn_ns;
	}
	wf->turn_bytes = 0;
	wf->turn_ns = 0;
	if (++wf->probe_turn < PROBE_TURNS)
		return;
	wf->stats.io = wf->probe_best[1] > wf->probe_best[0] ? WINDOW_IO_READ
	                                                     : WINDOW_IO_MMAP;
	snprintf(wf->stats.io_why, sizeof(wf->stats.io_why),
	         "auto: mmap %.1f GB/s, read %.1f GB/s, the faster of %d "
	         "turns of %llu MiB each",
	         wf->probe_best[0], wf->probe_best[1],
	         (PROBE_TURNS - PROBE_WARM) / 2,
	         (unsigned long long)(wf->probe >> 20));
}

/*
 * The loop over windows of [start, end), with end already clamped to the
 * size, with the reader pick_io() names for each.  Runs with the SIGBUS
 * handler in place; every mapping it makes is recorded in wf so that the
 * caller can unmap it after a jump.
 */
static int
scan_regular(window_file *wf, uint64_t start, uint64_t end, window_fn fn,
             void *ctx, char *err)
{
	uint64_t pos = start;
	const uint64_t mask = ~(uint64_t)(wf->gran - 1);

	while (pos < end) {
		enum window_io io = pick_io(wf);
		int probing =
		    wf->io == WINDOW_IO_AUTO && wf->probe_turn < PROBE_TURNS;
		uint64_t t0 = 0;
		struct window w;
		int rc;

		/* The reader's own time counts: a pread copies before fn
		 * runs, a mapping faults its pages in while fn reads. */
		if (probing)
			t0 = cpu_ns();
		if (io == WINDOW_IO_READ) {
			rc = read_window(wf, pos, end, &w, err);
		} else {
			size_t limit = wf->wsize;

			if (probing && limit > wf->probe)
				limit = (size_t)wf->probe;
			rc = map_window(wf, pos, end, limit, &w, err);
		}
		if (rc == -1)
			return -1;
		if (!w.last && io == WINDOW_IO_MMAP) {
			/* Start reading the next window while fn works on
			 * this one (no further than that window goes). */
			uint64_t next = (w.offset + w.len) & mask;
			uint64_t rest = wf->size - next;
			uint64_t ahead = probing && wf->probe < wf->wsize
			                     ? wf->probe
			                     : wf->wsize;

			posix_fadvise(wf->fd, (off_t)next,
			              (off_t)(rest < ahead ? rest : ahead),
			              POSIX_FADV_WILLNEED);
		}
		wf->stats.windows++;
		rc = fn(ctx, &w);
		unmap(wf);
		if (probing)
			probe_note(wf, io, w.len, cpu_ns() - t0);
		if (rc != 0)
			return rc;
		pos = w.offset + w.len;
	}
	return 0;
}

/*
 * Install the SIGBUS handler and a jump buffer around scan_regular().  Kept
 * separate so that no local that changes after sigsetjmp() is read after a
 * jump: the mapping lives in *wf, and everything used here is set before.
 */
static int
scan_guarded(window_file *wf, uint64_t start, uint64_t end, window_fn fn,
             void *ctx, char *err)
{
	sigjmp_buf jb;
	sigjmp_buf *prev = window_bus_jmp;
	struct stat st;
	int rc;

	if (pthread_once(&bus_once, install_bus_handler) != 0 ||
	    !bus_installed) {
		ls_errf(err, "cannot catch SIGBUS");
		return -1;
	}
	/* savemask = 0 (no system call per scan): the handler runs with
	 * SA_NODEFER, so SIGBUS is not left blocked after the jump. */
	if (sigsetjmp(jb, 0) == 0) {
		window_bus_jmp = &jb;
		rc = scan_regular(wf, start, end, fn, ctx, err);
	} else {
		/* A mapped page had nothing behind it.  Truncation is the
		 * usual cause; a device error is the other. */
		unmap(wf);
		if (fstat(wf->fd, &st) == 0 && (uint64_t)st.st_size < wf->size)
			ls_errf(err, "file shrank while being read");
		else
			ls_errf(err, "%s", strerror(EIO));
		rc = -1;
	}
	window_bus_jmp = prev;
	return rc;
}

/* ---- the stream path ---- */

/*
 * Read more bytes after the buffered ones, which hold no '\n' (that is why
 * more are needed), first moving them to the front; from a decoder, no
 * more than the range that ends at end needs.  The buffer is filled
 * to window_size, and grown (doubling) only when a line alone fills it, so
 * a window exceeds window_size only to hold such a line.  Reads again while
 * more input is ready at once, so that a fast producer fills whole windows
 * while a slow one (tail -f) still gets its lines handed out as they
 * arrive.  Returns 0 (setting wf->eof at end of input) or -1 with err
 * filled.
 */
static int
fill(window_file *wf, uint64_t end, char *err)
{
	struct pollfd pfd;
	size_t lim, base = wf->wsize;
	ssize_t n;

	if (wf->head > 0) {
		memmove(wf->buf, wf->buf + wf->head, wf->have);
		wf->head = 0;
	}
	if (wf->dc != NULL && base > WINDOW_DECOMP_SIZE)
		base = WINDOW_DECOMP_SIZE;
	if (wf->cap == 0) {
		wf->cap = base;
		wf->buf = xmalloc(wf->cap);
	} else if (wf->have == wf->cap) {
		/* A line longer than memory allows is this input's error,
		 * not the end of the run. */
		char *p = wf->cap <= SIZE_MAX / 2 ? realloc(wf->buf, wf->cap * 2)
		                                  : NULL;

		if (p == NULL) {
			ls_errf(err, "%s", strerror(ENOMEM));
			return -1;
		}
		wf->buf = p;
		wf->cap *= 2;
	}
	lim = wf->have < base ? base : wf->cap;
	if (wf->dc != NULL && end != UINT64_MAX) {
		/* Decompress no further than the range needs: up to its
		 * end, then a little at a time to finish its last line. */
		uint64_t need = end > wf->spos ? end - wf->spos : 0;
		uint64_t want = need > wf->have ? need : wf->have + 65536;

		if (want < lim)
			lim = (size_t)want;
	}
	if (wf->dc_failed) {
		ls_errf(err, "%s", wf->dc_err);
		return -1;
	}
	for (;;) {
		if (wf->dc != NULL) {
			size_t before = wf->have;

			n = decomp_read(wf->dc, wf->buf + wf->have,
			                lim - wf->have, wf->dc_err);
			if (n == -1 && before == wf->have) {
				ls_errf(err, "%s", wf->dc_err);
				return -1;
			}
			if (n == -1) {
				/* Hand out the good bytes first; the error
				 * comes with the next fill. */
				wf->dc_failed = 1;
				return 0;
			}
			if (n == 0) {
				wf->eof = 1;
				return 0;
			}
			if (wf->dc_fresh) {
				wf->dc_fresh = 0;
				wf->stats.dc_starts++;
				wf->stats.dc_from_in = wf->dc_at_in;
				wf->stats.dc_from_out = wf->dc_at_out;
			}
			wf->have += (size_t)n;
			wf->stats.bytes_read += (uint64_t)n;
			if (wf->have == lim)
				return 0;
			continue;
		}
		n = read(wf->fd, wf->buf + wf->have, lim - wf->have);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			ls_errf(err, "%s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			wf->eof = 1;
			return 0;
		}
		wf->have += (size_t)n;
		wf->stats.bytes_read += (uint64_t)n;
		if (wf->have == lim)
			return 0;
		pfd.fd = wf->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) != 1)
			return 0;
	}
}

/* Drop n buffered bytes, which have been handed out or skipped. */
static void
consume(window_file *wf, size_t n)
{
	wf->head += n;
	wf->have -= n;
	wf->spos += n;
}

/*
 * Before reading compressed input from start: restart the decoder at the
 * last restart point before start when that is past what the decoder has
 * reached, or at the file's start to go back.  Returns 0 or -1 with err
 * filled.
 */
static int
restart_decoder(window_file *wf, uint64_t start, char *err)
{
	const struct decomp_point *pt = NULL;
	size_t lo = 0, hi = wf->npts;

	/* The last point whose out is at most start. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (wf->pts[mid].out <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		pt = &wf->pts[lo - 1];
	if (start >= wf->spos && (pt == NULL || pt->out <= wf->spos + wf->have))
		return 0;
	if (start < wf->spos && pt != NULL && pt->out > start)
		pt = NULL;
	return start_decoder(wf, pt, err);
}

static int
scan_stream(window_file *wf, uint64_t start, uint64_t end, window_fn fn,
            void *ctx, char *err)
{
	size_t nonl = 0; /* leading buffered bytes known to hold no '\n' */

	if (wf->dc != NULL && wf->dc_seekable &&
	    restart_decoder(wf, start, err) < 0)
		return -1;
	if (start < wf->spos) {
		ls_errf(err, "%s", strerror(ESPIPE));
		return -1;
	}
	while (wf->spos < start) {
		uint64_t skip = start - wf->spos;

		if (wf->have == 0) {
			if (wf->eof)
				return 0;
			if (fill(wf, end, err) == -1)
				return -1;
			continue;
		}
		consume(wf, skip < wf->have ? (size_t)skip : wf->have);
	}
	while (wf->spos < end) {
		const char *p = wf->buf + wf->head, *nl = NULL;
		size_t wlen = 0;
		struct window w;
		int rc;

		if (end - wf->spos <= wf->have) {
			/* The range ends in the buffer: cut after the line
			 * holding byte end - 1. */
			size_t s = (size_t)(end - wf->spos) - 1;

			if (s < nonl)
				s = nonl;
			nl = memchr(p + s, wf->eol, wf->have - s);
		}
		if (nl == NULL && wf->have > nonl)
			nl = memrchr(p + nonl, wf->eol, wf->have - nonl);
		if (nl != NULL && !wf->eof && wf->eol != '\0' &&
		    end - wf->spos > wf->have && wf->have < wf->cap &&
		    memchr(nl + 1, '\0', wf->have - (size_t)(nl + 1 - p)) !=
		        NULL &&
		    memchr(p, '\0', (size_t)(nl + 1 - p)) == NULL) {
			/* A NUL already read makes the input binary, as in
			 * grep, which judges its whole buffer: read on to the
			 * end of that line (within the buffer), so that the
			 * lines before it are judged with it, however the
			 * writer's bytes were split between reads. */
			nonl = 0;
			if (fill(wf, end, err) == -1)
				return -1;
			continue;
		}
		if (nl != NULL) {
			wlen = (size_t)(nl - p) + 1;
		} else if (wf->eof) {
			wlen = wf->have; /* a last line without '\n' */
			if (wlen == 0)
				return 0;
		} else {
			nonl = wf->have;
			if (fill(wf, end, err) == -1)
				return -1;
			continue;
		}
		w.data = p;
		w.len = wlen;
		w.offset = wf->spos;
		/* Exact when the range ends here or the input is known to
		 * have ended; a slow pipe's end is only seen later. */
		w.last =
		    wf->spos + wlen >= end || (wf->eof && wlen == wf->have);
		wf->stats.windows++;
		if (wf->tap != NULL)
			(void)wf->tap(wf->tap_ctx, &w);
		rc = fn(ctx, &w);
		consume(wf, wlen);
		nonl = 0;
		if (rc != 0)
			return rc;
		if (w.last)
			break;
	}
	return 0;
}

void
window_set_decoder_thread(window_file *wf, int threaded)
{
	wf->dc_unthreaded = !threaded;
	if (wf->dc != NULL)
		decomp_set_threaded(wf->dc, threaded);
	if (wf->fmt != DECOMP_NONE)
		snprintf(wf->stats.io_why, sizeof(wf->stats.io_why),
		         "%s data, decompressed %s", decomp_format_name(wf->fmt),
		         threaded ? "by a thread of its own"
		                  : "in the searching thread (-j 1)");
}

void
window_set_tap(window_file *wf, window_fn tap, void *ctx)
{
	wf->tap = tap;
	wf->tap_ctx = ctx;
}

int
window_peek(window_file *wf, size_t want, const char **data, size_t *len,
            char *err)
{
	if (!wf->stream || wf->spos != 0) {
		ls_errf(err, "%s", strerror(ESPIPE));
		return -1;
	}
	/* A live pipe may hold one line for a long time: stop at the first
	 * whole line rather than wait for want bytes. */
	while (wf->have < want && !wf->eof &&
	       (wf->have == 0 ||
	        memchr(wf->buf + wf->head, wf->eol, wf->have) == NULL))
		if (fill(wf, UINT64_MAX, err) == -1)
			return -1;
	*data = wf->buf + wf->head;
	*len = wf->have < want ? wf->have : want;
	return 0;
}

int
window_scan(window_file *wf, uint64_t start, uint64_t end, window_fn fn,
            void *ctx, char *err)
{
	if (wf->stream)
		return scan_stream(wf, start, end, fn, ctx, err);
	if (end > wf->size)
		end = wf->size;
	if (start >= end)
		return 0;
	if (wf->io == WINDOW_IO_READ)
		return scan_regular(wf, start, end, fn, ctx, err);
	return scan_guarded(wf, start, end, fn, ctx, err);
}
