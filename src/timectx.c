/*
 * timectx.c - the time settings of one run and the per-file timestamp
 * handles (see timectx.h).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "timectx.h"
#include "timeexpr.h"
#include "userfmt.h"
#include "util.h"

/* How much of the end of a file a year-less reference is looked for in. */
#define TAIL_BYTES ((size_t)64 << 10)
/* The first block read backwards; it doubles for longer lines. */
#define BACK_BLOCK ((size_t)4 << 10)

struct timectx {
	tz *zone;
	const char *format; /* --time-format, or NULL */
	int year;           /* --year, or 0 */
	userfmt *user;      /* the config's formats, or NULL */
	struct timefmt_aliases alias; /* the config's zone-aliases */
	void (*warn)(void *arg, const char *msg); /* or NULL: no warnings */
	void *warn_arg;
};

/* A forced format parsing fewer than this share of the sampled lines that
 * look like entries is worth a warning. */
#define FORCED_SHARE_PCT 50

void
timectx_set_warn(timectx *c, void (*warn)(void *arg, const char *msg),
                 void *arg)
{
	c->warn = warn;
	c->warn_arg = arg;
}

/*
 * A forced format (--time-format) must fit the file it is forced on: one
 * that parses no sampled line is an error (-1, err filled), one that
 * parses only a small share of the lines that look like entries is
 * warned about once.  Returns 0 otherwise.
 */
static int
check_forced(const timectx *c, const timefmt *tf, const char *path,
             char *err)
{
	size_t sampled, entries, matched;
	char msg[LS_ERRSZ + 256];

	if (c->format == NULL)
		return 0;
	timefmt_detect_counts(tf, &sampled, &entries, &matched);
	if (sampled == 0)
		return 0;
	if (matched == 0) {
		ls_errf(err,
		        "no line matches time format '%s' (sampled %zu line%s)",
		        c->format, sampled, sampled == 1 ? "" : "s");
		return -1;
	}
	if (c->warn != NULL && matched * 100 < entries * FORCED_SHARE_PCT) {
		snprintf(msg, sizeof(msg),
		         "%s%stime format '%s' matches only %zu of %zu sampled "
		         "lines that look like entries; the others belong to the "
		         "entry before them",
		         path ? path : "", path ? ": " : "", c->format, matched,
		         entries);
		c->warn(c->warn_arg, msg);
	}
	return 0;
}

int
timectx_open(timectx **out, const struct timectx_params *tp, char *err)
{
	const struct conf *conf = tp->conf;
	timectx *c = xcalloc(1, sizeof(*c));

	*out = NULL;
	/* A timestamp without a zone is local time unless --utc or the
	 * config says otherwise. */
	if (tz_open(&c->zone, conf_zone_name(conf, tp->utc), err) < 0) {
		free(c);
		return -1;
	}
	c->format = tp->format;
	c->year = tp->year;
	/* The config checked that each names an ambiguous abbreviation. */
	for (size_t i = 0; conf != NULL && i < conf->naliases; i++)
		(void)timefmt_alias_add(&c->alias, conf->aliases[i].abbr,
		                        conf->aliases[i].offset);
	if (conf != NULL && conf->nformats > 0)
		c->user = userfmt_open(conf);
	if (c->format != NULL) {
		/* Check the name now, before any file is read. */
		timefmt *tf;

		if (timefmt_open(&tf, c->zone, err) < 0 ||
		    (c->user != NULL &&
		     userfmt_add_all(c->user, tf, err) < 0) ||
		    timefmt_force(tf, c->format, err) < 0) {
			timefmt_close(tf);
			timectx_close(c);
			return -1;
		}
		timefmt_close(tf);
	}
	*out = c;
	return 0;
}

/*
 * LOGSCAN_NOW=@SECONDS[.FRACTION] (Unix time) fixes "now" for one run, so
 * that a runner which cuts one query into many tasks gives every task the
 * same "-2h".  Returns 0 with *ns set, or -1 when s is not of that form.
 */
static int
env_now(const char *s, int64_t *ns)
{
	int64_t sec = 0, frac = 0;
	int digits = 0, fd = 0;

	if (*s++ != '@')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		sec = sec * 10 + (*s - '0');
		if (sec > INT64_MAX / 1000000000 - 1)
			return -1;
	}
	if (digits == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, fd++) {
			if (fd == 9)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (fd == 0)
			return -1;
		for (; fd < 9; fd++)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	*ns = sec * 1000000000 + frac;
	return 0;
}

int
timectx_check_env(char *err)
{
	const char *s = getenv("LOGSCAN_NOW");
	int64_t ns;

	if (s == NULL || *s == '\0' || env_now(s, &ns) == 0)
		return 0;
	ls_errf(err,
	        "LOGSCAN_NOW: '%s' is not @SECONDS or @SECONDS.FRACTION "
	        "(Unix time)",
	        s);
	return -1;
}

int64_t
timectx_now_ns(void)
{
	const char *s = getenv("LOGSCAN_NOW");
	struct timespec ts;
	int64_t ns;

	if (s != NULL && *s != '\0' && env_now(s, &ns) == 0)
		return ns;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
timectx_parse_year(const char *s, int *year, char *err)
{
	char sub[LS_ERRSZ];
	uint64_t v;

	if (ls_parse_u64(s, 1, 9999, &v, sub) < 0) {
		ls_errf(err, "bad --year: %s", sub);
		return -1;
	}
	*year = (int)v;
	return 0;
}

const tz *
timectx_zone(const timectx *c)
{
	return c->zone;
}

int
timectx_range(const timectx *c, const char *since_text,
              const char *until_text, int64_t now_ns, int64_t *since,
              int64_t *until, char *err)
{
	*since = INT64_MIN;
	*until = INT64_MAX;
	if (since_text != NULL &&
	    timeexpr_parse_aliased(since_text, now_ns, c->zone, &c->alias,
	                           NULL, since, err) < 0)
		return -1;
	if (until_text != NULL &&
	    timeexpr_parse_aliased(until_text, now_ns, c->zone, &c->alias,
	                           since_text != NULL ? since : NULL, until,
	                           err) < 0)
		return -1;
	/* An empty range (equal bounds) is a query with no answer; a
	 * reversed one is a mistake worth saying so. */
	if (*until < *since) {
		ls_errf(err,
		        "bad time range: --until (%s) is before --since (%s)",
		        until_text, since_text);
		return -1;
	}
	return 0;
}

/* pread() up to n bytes at off; returns the bytes read (short only at the
 * end of the file) or -1 with errno set. */
static ssize_t
pread_full(int fd, char *buf, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + got));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* A new handle knowing the run's formats, with the forced one forced. */
static timefmt *
new_handle(const timectx *c)
{
	char err[LS_ERRSZ];
	timefmt *tf;

	/* None can fail: timectx_open() tried the same already. */
	if (timefmt_open(&tf, c->zone, err) < 0)
		return NULL;
	timefmt_set_aliases(tf, &c->alias);
	if (c->user != NULL && userfmt_add_all(c->user, tf, err) < 0) {
		timefmt_close(tf);
		return NULL;
	}
	if (c->format != NULL)
		(void)timefmt_force(tf, c->format, err);
	return tf;
}

/* The config formats' limit hits so far (userfmt_limit_hits()), into a
 * new array the caller frees; NULL without config formats. */
static unsigned long *
limit_hits(const timectx *c)
{
	size_t n = c->user ? userfmt_count(c->user) : 0;
	unsigned long *h;

	if (n == 0)
		return NULL;
	h = xcalloc(n, sizeof(*h));
	for (size_t i = 0; i < n; i++)
		h[i] = userfmt_limit_hits(userfmt_def(c->user, i));
	return h;
}

/*
 * Detect tf's format in buf, len and refuse the result (-1, err filled)
 * when a config format's regex hit the match limit on the sample: that
 * format's lines would silently have no time, and it might have won.
 * Returns timefmt_detect()'s answer otherwise.
 */
static int
detect_checked(const timectx *c, timefmt *tf, const char *buf, size_t len,
               char *err)
{
	unsigned long *before = limit_hits(c);
	int r = timefmt_detect(tf, buf, len);

	for (size_t i = 0; before != NULL && i < userfmt_count(c->user); i++) {
		const struct timefmt_def *d = userfmt_def(c->user, i);
		unsigned long n = userfmt_limit_hits(d) - before[i];

		if (n > 0) {
			ls_errf(err,
			        "%lu sampled line%s hit the match limit of "
			        "format '%s' (simplify its regex)",
			        n, n == 1 ? "" : "s", d->name);
			r = -1;
			break;
		}
	}
	free(before);
	return r;
}

static int
year_less(const timefmt *tf)
{
	const struct timefmt_def *d = timefmt_chosen(tf);

	return d != NULL && (d->flags & TIMEFMT_NO_YEAR) != 0;
}

/* Anchor a year-less format from the file's mtime and last bytes. */
static int
anchor_file(const timectx *c, timefmt *tf, int fd, uint64_t size, char *err)
{
	struct stat st;
	uint64_t start = size > TAIL_BYTES ? size - TAIL_BYTES : 0;
	char *buf = xmalloc(TAIL_BYTES);
	const char *p = buf;
	ssize_t got;
	size_t len;

	if (fstat(fd, &st) < 0 ||
	    (got = pread_full(fd, buf, (size_t)(size - start), start)) < 0) {
		ls_errf(err, "%s", strerror(errno));
		free(buf);
		return -1;
	}
	len = (size_t)got;
	/* The tail must begin at a line start: drop a partial first line. */
	if (start > 0) {
		const char *nl = memchr(buf, '\n', len);

		p = nl ? nl + 1 : buf + len;
		len -= (size_t)(p - buf);
	}
	timefmt_anchor(tf, (int64_t)st.st_mtim.tv_sec, c->year, p, len);
	free(buf);
	return 0;
}

/* The parts of a larger file that detection samples: its head, and
 * whole lines from its middle and its tail. */
#define SAMPLE_HEAD (TIMEFMT_SAMPLE_BYTES / 2)
#define SAMPLE_PART (TIMEFMT_SAMPLE_BYTES / 4)

/*
 * Read the detection sample of a file of size bytes into buf
 * (TIMEFMT_SAMPLE_BYTES): all of a small file; of a larger one its first
 * SAMPLE_HEAD bytes and SAMPLE_PART bytes from the middle and from the
 * end, each cut to whole lines, so a format that only the later part of
 * a log uses, or a head of another kind, does not decide alone.  Returns
 * the bytes in buf, or -1 with errno set.
 */
static ssize_t
read_sample(int fd, uint64_t size, char *buf)
{
	uint64_t at[2];
	size_t len;
	ssize_t got;

	if (size <= TIMEFMT_SAMPLE_BYTES)
		return pread_full(fd, buf, (size_t)size, 0);
	if ((got = pread_full(fd, buf, SAMPLE_HEAD, 0)) < 0)
		return -1;
	len = (size_t)got;
	/* Keep whole lines of the head (a line longer than it stays). */
	{
		const char *nl = memrchr(buf, '\n', len);

		if (nl != NULL)
			len = (size_t)(nl - buf) + 1;
	}
	at[0] = size / 2;
	at[1] = size - SAMPLE_PART;
	for (int i = 0; i < 2; i++) {
		char *part = buf + len;
		const char *nl, *last;
		size_t n;

		if (at[i] < SAMPLE_HEAD)
			continue;
		if ((got = pread_full(fd, part, SAMPLE_PART, at[i])) < 0)
			return -1;
		n = (size_t)got;
		/* From the first line start to the end of the last whole
		 * line (the file's last line may be unterminated). */
		if ((nl = memchr(part, '\n', n)) == NULL)
			continue;
		nl++;
		last = i == 1 && at[i] + n == size ? part + n
		                                   : memrchr(nl, '\n',
		                                             (size_t)(part + n -
		                                                      nl));
		if (last == NULL || last <= nl)
			continue;
		if (last != part + n)
			last++;
		memmove(part, nl, (size_t)(last - nl));
		len += (size_t)(last - nl);
	}
	return (ssize_t)len;
}

int
timectx_file(const timectx *c, window_file *wf, timefmt **out, char *err)
{
	return timectx_file_named(c, NULL, wf, out, err);
}

/*
 * Detect the timestamps of a compressed log from its first
 * TIMEFMT_SAMPLE_BYTES decompressed (with a decoder of its own, so wf is
 * not moved); a year-less format is anchored at the file's mtime.
 * Returns 1 when found, 0 when none, or -1 with err filled.
 */
static int
detect_compressed(const timectx *c, timefmt *tf, const char *path,
                  window_file *wf, char *err)
{
	char *head = xmalloc(TIMEFMT_SAMPLE_BYTES);
	size_t len;
	ssize_t got;
	struct stat st;
	int r = -1;

	if (fstat(window_fd(wf), &st) < 0) {
		ls_errf(err, "%s", strerror(errno));
		goto out;
	}
	got = decomp_read_head(window_fd(wf), window_format(wf), head,
	                       TIMEFMT_SAMPLE_BYTES, err);
	if (got < 0)
		goto out;
	len = (size_t)got;
	/* Whole lines only, unless one line fills the sample. */
	if (len == TIMEFMT_SAMPLE_BYTES) {
		const char *nl = memrchr(head, '\n', len);

		if (nl != NULL)
			len = (size_t)(nl - head) + 1;
	}
	r = detect_checked(c, tf, head, len, err);
	if (r > 0 && check_forced(c, tf, path, err) < 0)
		r = -1;
	if (r > 0 && year_less(tf))
		timefmt_anchor(tf, (int64_t)st.st_mtim.tv_sec, c->year, NULL,
		               0);
out:
	free(head);
	return r;
}

int
timectx_file_named(const timectx *c, const char *path, window_file *wf,
                   timefmt **out, char *err)
{
	timefmt *tf = new_handle(c);
	uint64_t size = window_file_size(wf);
	ssize_t got;
	char *head;
	int fd = window_fd(wf);

	*out = NULL;
	if (tf == NULL) {
		ls_errf(err, "cannot set up timestamp formats");
		return -1;
	}
	if (window_format(wf) != DECOMP_NONE) {
		int r = detect_compressed(c, tf, path, wf, err);

		if (r < 0) {
			timefmt_close(tf);
			return -1;
		}
		*out = tf;
		return r > 0 ? TIMECTX_FOUND : TIMECTX_NONE;
	}
	if (window_is_stream(wf)) {
		struct stat st;

		*out = tf;
		/* An empty regular file reads as a stream: nothing to find. */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size == 0)
			return timefmt_chosen(tf) ? TIMECTX_FOUND
			                          : TIMECTX_NONE;
		return TIMECTX_LATER;
	}
	head = xmalloc(TIMEFMT_SAMPLE_BYTES);
	got = read_sample(fd, size, head);
	if (got < 0) {
		ls_errf(err, "%s", strerror(errno));
		free(head);
		timefmt_close(tf);
		return -1;
	}
	switch (detect_checked(c, tf, head, (size_t)got, err)) {
	case -1:
		free(head);
		timefmt_close(tf);
		return -1;
	case 0:
		free(head);
		*out = tf;
		return TIMECTX_NONE;
	}
	free(head);
	if (check_forced(c, tf, path, err) < 0 ||
	    (year_less(tf) && anchor_file(c, tf, fd, size, err) < 0)) {
		timefmt_close(tf);
		return -1;
	}
	*out = tf;
	return TIMECTX_FOUND;
}

int
timectx_file_now(const timectx *c, const char *path, window_file *wf,
                 timefmt **out, char *err)
{
	const char *head, *nl;
	size_t len;
	int r = timectx_file_named(c, path, wf, out, err);

	if (r != TIMECTX_LATER)
		return r;
	if (window_peek(wf, TIMEFMT_SAMPLE_BYTES, &head, &len, err) < 0) {
		timefmt_close(*out);
		*out = NULL;
		return -1;
	}
	/* Whole lines, unless the stream is one line. */
	if ((nl = memrchr(head, '\n', len)) != NULL)
		len = (size_t)(nl - head) + 1;
	r = timectx_detect_named(c, path, *out, head, len, err);
	if (r < 0) {
		timefmt_close(*out);
		*out = NULL;
		return -1;
	}
	return r > 0 ? TIMECTX_FOUND : TIMECTX_NONE;
}

int
timectx_detect(const timectx *c, timefmt *tf, const char *buf, size_t len,
               char *err)
{
	return timectx_detect_named(c, NULL, tf, buf, len, err);
}

int
timectx_detect_named(const timectx *c, const char *path, timefmt *tf,
                     const char *buf, size_t len, char *err)
{
	int r = detect_checked(c, tf, buf, len, err);

	if (r >= 0 && check_forced(c, tf, path, err) < 0)
		return -1;
	if (r <= 0)
		return r;
	/* A stream has no mtime: it is taken to be written now. */
	if (year_less(tf))
		timefmt_anchor(tf, (int64_t)time(NULL), c->year, NULL, 0);
	return 1;
}

/*
 * Walk the lines before end backwards to the last one whose time does not
 * depend on the entries before it (every time but a repeated wall time of
 * a fall-back).  Returns 1 with its time in *ns and the offset after it
 * in *after, 0 when there is none (*after is 0), or -1 with err filled.
 * *passed is set when lines with a repeated wall time were passed on the
 * way.  Reads a block at a time, growing it for a longer line.
 */
static int
back_to_anchor(const timefmt *tf, int fd, uint64_t end, int64_t *ns,
               uint64_t *after, int *passed, uint64_t *nread, char *err)
{
	size_t cap = BACK_BLOCK;
	char *buf = xmalloc(cap);
	uint64_t hi = end; /* lines wholly before hi are left to look at */
	int found = 0;

	*after = 0;
	*passed = 0;
	while (hi > 0 && !found) {
		uint64_t lo = hi > cap ? hi - cap : 0;
		size_t n = (size_t)(hi - lo), e;
		ssize_t got = pread_full(fd, buf, n, lo);

		if (got < 0 || (size_t)got != n) {
			ls_errf(err, "%s",
			        got < 0 ? strerror(errno)
			                : "file shrank while being read");
			free(buf);
			return -1;
		}
		if (nread)
			*nread += n;
		/* Walk the lines of the block from the last one back; a line
		 * is whole once a '\n' (or the file's start) precedes it. */
		for (e = n; e > 0;) {
			size_t le = buf[e - 1] == '\n' ? e - 1 : e;
			const char *q = memrchr(buf, '\n', le);
			struct timefmt_seq probe;
			size_t s;
			int r;

			if (q == NULL && lo > 0)
				break;
			s = q ? (size_t)(q - buf) + 1 : 0;
			timefmt_seq_init(&probe, 0);
			r = timefmt_line_time_seq(tf, buf + s, le - s, &probe,
			                          ns);
			if (r > 0) {
				found = 1;
				*after = lo + e;
				break;
			}
			if (r < 0)
				*passed = 1;
			e = s;
		}
		if (found)
			break;
		if (e == n) {
			/* Not one whole line in the block: a longer line. */
			cap *= 2;
			buf = xrealloc(buf, cap);
			continue;
		}
		hi = lo + e;
	}
	free(buf);
	return found;
}

/*
 * Read the lines of [from, end) (line starts) in order into the sequence
 * s.  Returns 0, or -1 with err filled.
 */
static int
forward_seq(const timefmt *tf, int fd, uint64_t from, uint64_t end,
            struct timefmt_seq *s, uint64_t *nread, char *err)
{
	size_t cap = BACK_BLOCK * 4, have = 0;
	char *buf = xmalloc(cap);
	uint64_t off = from;
	int64_t ns;

	for (;;) {
		size_t p = 0;
		const char *q;

		if (off < end && have < cap) {
			size_t want = cap - have;
			ssize_t got;

			if (want > end - off)
				want = (size_t)(end - off);
			got = pread_full(fd, buf + have, want, off);
			if (got < 0 || (size_t)got != want) {
				ls_errf(err, "%s",
				        got < 0 ? strerror(errno)
				                : "file shrank while being read");
				free(buf);
				return -1;
			}
			if (nread)
				*nread += want;
			off += want;
			have += want;
		}
		while ((q = memchr(buf + p, '\n', have - p)) != NULL) {
			(void)timefmt_line_time_seq(tf, buf + p,
			                            (size_t)(q - (buf + p)), s,
			                            &ns);
			p = (size_t)(q - buf) + 1;
		}
		if (off >= end) {
			/* An unterminated last line of the file. */
			if (p < have)
				(void)timefmt_line_time_seq(tf, buf + p,
				                            have - p, s, &ns);
			break;
		}
		memmove(buf, buf + p, have - p);
		have -= p;
		if (have == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	free(buf);
	return 0;
}

int
timectx_seq_before(const timefmt *tf, int fd, uint64_t end,
                   struct timefmt_seq *s, uint64_t *nread, char *err)
{
	uint64_t after;
	int64_t ns;
	int passed, r;

	r = back_to_anchor(tf, fd, end, &ns, &after, &passed, nread, err);
	if (r < 0)
		return -1;
	timefmt_seq_init(s, 1);
	if (r > 0)
		timefmt_seq_set(s, ns);
	/* Repeated wall times after the anchor: read them in order. */
	if (passed) {
		if (forward_seq(tf, fd, after, end, s, nread, err) < 0)
			return -1;
		r = 1;
	}
	return r;
}

int
timectx_time_before(const timefmt *tf, int fd, uint64_t end, int64_t *ns,
                    uint64_t *nread, char *err)
{
	struct timefmt_seq s;
	int r = timectx_seq_before(tf, fd, end, &s, nread, err);

	if (r > 0)
		*ns = s.last;
	return r;
}

struct first_time {
	const timefmt *tf;
	int64_t ns;
};

static int
first_time_window(void *ctx, const struct window *w)
{
	struct first_time *ft = ctx;
	const char *p = w->data, *end = w->data + w->len;

	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		const char *e = q ? q : end;

		if (timefmt_line_time(ft->tf, p, (size_t)(e - p), &ft->ns))
			return 1;
		p = q ? q + 1 : end;
	}
	return 0;
}

int
timectx_time_after(const timefmt *tf, window_file *wf, uint64_t start,
                   int64_t *ns, char *err)
{
	struct first_time ft = {tf, 0};
	int r = window_scan(wf, start, UINT64_MAX, first_time_window, &ft, err);

	if (r < 0)
		return -1;
	if (r > 0)
		*ns = ft.ns;
	return r > 0;
}

struct last_time {
	const timefmt *tf;
	struct timefmt_seq seq;
	int found;
};

static int
last_time_window(void *ctx, const struct window *w)
{
	struct last_time *lt = ctx;
	const char *p = w->data, *end = w->data + w->len;
	int64_t ns;

	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		const char *e = q ? q : end;

		if (timefmt_line_time_seq(lt->tf, p, (size_t)(e - p), &lt->seq,
		                          &ns) > 0)
			lt->found = 1;
		p = q ? q + 1 : end;
	}
	return 0;
}

int
timectx_time_last(const timefmt *tf, window_file *wf, uint64_t start,
                  int64_t *ns, char *err)
{
	struct last_time lt = {.tf = tf};

	timefmt_seq_init(&lt.seq, 1);
	if (window_scan(wf, start, UINT64_MAX, last_time_window, &lt, err) < 0)
		return -1;
	if (lt.found)
		*ns = lt.seq.last;
	return lt.found;
}

char *
timectx_format_ns(int64_t ns, char *buf)
{
	int64_t sec = ns / 1000000000, frac = ns % 1000000000;
	int64_t days, rem, year;
	int month, day, n;

	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	days = sec / 86400;
	rem = sec % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	timefmt_civil_from_days(days, &year, &month, &day);
	n = snprintf(buf, TIMECTX_ISO_SIZE,
	             "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d", year, month, day,
	             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	if (frac != 0) {
		int digits = frac % 1000000 == 0 ? 3 : frac % 1000 == 0 ? 6 : 9;
		int64_t v = digits == 3   ? frac / 1000000
		            : digits == 6 ? frac / 1000
		                          : frac;

		n += snprintf(buf + n, TIMECTX_ISO_SIZE - (size_t)n,
		              ".%0*" PRId64, digits, v);
	}
	snprintf(buf + n, TIMECTX_ISO_SIZE - (size_t)n, "Z");
	return buf;
}

void
timectx_close(timectx *c)
{
	if (c == NULL)
		return;
	tz_close(c->zone);
	userfmt_free(c->user);
	free(c);
}
