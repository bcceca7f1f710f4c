/*
 * follow.c - wait for appended lines, as tail -F.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_SYS_INOTIFY_H
#include <sys/inotify.h>
#endif

#include "follow.h"
#include "newline.h"

#define CHUNK ((size_t)1 << 20)

struct state {
	const struct follow_params *fp;
	int fd;        /* the file being read */
	int own_fd;    /* fd is ours to close */
	uint64_t off;  /* where reading goes on: after buf's bytes */
	uint64_t line; /* number of the line at the start of buf */
	char *buf;     /* a partial last line, then new bytes */
	size_t len, cap;
	int carry_ok;
	int64_t carry;
	int past;      /* a line past line_to was read */
	int stop;      /* the callback's value to return */
	char *err;
};

/*
 * Hand on the whole lines at the start of buf (all of it when flush: the
 * file ends there for good); keep the rest.  Returns 0 to go on, else
 * what follow_run() returns.
 */
static int
emit(struct state *s, int flush)
{
	const struct follow_params *fp = s->fp;
	uint64_t base = s->off - s->len;
	size_t pos = 0, run = 0, end = s->len;
	uint64_t run_line = 0;
	int in_run = 0, rc;

	if (!flush) {
		const char *nl = s->len ? memrchr(s->buf, '\n', s->len) : NULL;

		end = nl ? (size_t)(nl - s->buf) + 1 : 0;
	}
	while (pos < end && !s->past) {
		const char *nl = memchr(s->buf + pos, '\n', end - pos);
		size_t e = nl ? (size_t)(nl - s->buf) + 1 : end;
		int sel = s->line >= fp->line_from && s->line <= fp->line_to;

		if (s->line > fp->line_to)
			s->past = 1;
		if (fp->tf != NULL) {
			int64_t t;
			size_t n = e - pos - (nl != NULL);

			if (timefmt_line_time(fp->tf, s->buf + pos, n, &t)) {
				s->carry_ok = 1;
				s->carry = t;
			}
			sel = sel && s->carry_ok && s->carry >= fp->since &&
			      s->carry < fp->until;
		}
		if (sel && !in_run) {
			in_run = 1;
			run = pos;
			run_line = s->line;
		} else if (!sel && in_run) {
			in_run = 0;
			rc = fp->fn(fp->ctx, s->buf + run, pos - run,
			            base + run, run_line);
			if (rc != 0)
				return rc;
		}
		s->line++;
		pos = e;
	}
	if (in_run) {
		rc = fp->fn(fp->ctx, s->buf + run, pos - run, base + run,
		            run_line);
		if (rc != 0)
			return rc;
	}
	if (s->past)
		return 0;
	memmove(s->buf, s->buf + end, s->len - end);
	s->len -= end;
	return 0;
}

/* Read what the file holds past s->off and hand on its whole lines.
 * Returns 0, the callback's stop value (> 0), or -1 with err filled. */
static int
drain(struct state *s)
{
	for (;;) {
		ssize_t n;
		int rc;

		if (s->cap - s->len < CHUNK) {
			s->cap = s->len + CHUNK;
			s->buf = xrealloc(s->buf, s->cap);
		}
		n = pread(s->fd, s->buf + s->len, s->cap - s->len,
		          (off_t)s->off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ls_errf(s->err, "%s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		s->len += (size_t)n;
		s->off += (uint64_t)n;
		rc = emit(s, 0);
		if (rc != 0 || s->past)
			return rc;
	}
}

/* Start over on fd (owned) from its first byte. */
static void
restart(struct state *s, int fd, int own)
{
	if (fd != s->fd && s->own_fd)
		close(s->fd);
	s->fd = fd;
	s->own_fd = own;
	s->off = 0;
	s->len = 0;
	s->line = 1;
	s->carry_ok = 0;
}

/* Watch fp's file and its directory (a rotation's new name) on ifd; a
 * watch that fails leaves polling. */
static void
watch(int ifd, const char *path)
{
#ifdef HAVE_SYS_INOTIFY_H
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (ifd < 0)
		return;
	(void)inotify_add_watch(ifd, path,
	                        IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF |
	                            IN_DELETE_SELF | IN_CLOSE_WRITE);
	if (slash == NULL)
		strcpy(dir, ".");
	else if ((size_t)(slash - path) < sizeof(dir)) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash == path ? 1 : slash - path] = '\0';
	} else
		dir[0] = '\0';
	if (dir[0] != '\0')
		(void)inotify_add_watch(ifd, dir, IN_CREATE | IN_MOVED_TO);
#else
	(void)ifd;
	(void)path;
#endif
}

/*
 * One look at file s: a truncation, what was appended, a rotation.
 * Returns 0 (go on; s->stop or s->past may now be set), or -1 with err
 * filled (unreadable), or -2 (a callback said stop all).
 */
static int
look(struct state *s)
{
	const struct follow_params *fp = s->fp;
	struct stat fst, nst;
	int rc;

	if (fstat(s->fd, &fst) < 0) {
		ls_errf(s->err, "%s", strerror(errno));
		return -1;
	}
	if ((uint64_t)fst.st_size < s->off) {
		if (fp->note)
			fp->note(fp->ctx, "file truncated");
		restart(s, s->fd, s->own_fd);
	}
	for (;;) {
		rc = drain(s);
		if (rc != 0 || s->past)
			break;
		if (stat(fp->path, &nst) < 0 || (nst.st_ino == fst.st_ino &&
		                                  nst.st_dev == fst.st_dev))
			return 0;
		/* Rotated: the old file's last bytes (what was written to
		 * it before the new name appeared), then the new file from
		 * its start. */
		{
			int nfd = open(fp->path, O_RDONLY | O_CLOEXEC);

			if (nfd < 0)
				return 0; /* not there yet: next time */
			rc = drain(s);
			if (rc == 0 && !s->past)
				rc = emit(s, 1);
			if (rc != 0 || s->past) {
				close(nfd);
				break;
			}
			if (fp->note)
				fp->note(fp->ctx,
				         "file replaced; following the new file");
			restart(s, nfd, 1);
			if (fp->reopened)
				fp->reopened(fp->ctx, nfd);
			if (fstat(s->fd, &fst) < 0) {
				ls_errf(s->err, "%s", strerror(errno));
				return -1;
			}
		}
	}
	if (rc < 0)
		return rc == -1 && s->err[0] != '\0' ? -1 : -2;
	if (rc > 0)
		s->stop = rc;
	return 0;
}

int
follow_many(const struct follow_params *fps, size_t n, size_t *failed,
            char *err)
{
	struct state *s = xcalloc(n ? n : 1, sizeof(*s));
	size_t live = n;
	int ifd = -1, rc = 0;

	err[0] = '\0';
#ifdef HAVE_SYS_INOTIFY_H
	ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
#endif
	for (size_t i = 0; i < n; i++) {
		s[i].fp = &fps[i];
		s[i].fd = fps[i].fd;
		s[i].off = fps[i].offset;
		s[i].line = fps[i].line;
		s[i].carry_ok = fps[i].carry_ok;
		s[i].carry = fps[i].carry;
		s[i].err = err;
		watch(ifd, fps[i].path);
	}
	while (live > 0) {
		struct pollfd pfd = {ifd, POLLIN, 0};

		for (size_t i = 0; i < n && rc == 0; i++) {
			int fd0 = s[i].fd;

			if (s[i].stop || s[i].past)
				continue;
			rc = look(&s[i]);
			if (s[i].fd != fd0)
				watch(ifd, fps[i].path); /* the new file */
			if (rc == 0 && (s[i].stop || s[i].past))
				live--;
			if (rc == -1 && failed != NULL)
				*failed = i;
		}
		if (rc != 0 || live == 0)
			break;
		if (poll(ifd >= 0 ? &pfd : NULL, ifd >= 0 ? 1 : 0,
		         FOLLOW_POLL_MS) > 0) {
			char ev[4096];

			/* What changed is looked at above, whatever the
			 * events say. */
			while (read(ifd, ev, sizeof(ev)) > 0)
				;
		}
	}
	if (ifd >= 0)
		close(ifd);
	for (size_t i = 0; i < n; i++) {
		if (s[i].own_fd)
			close(s[i].fd);
		free(s[i].buf);
	}
	free(s);
	return rc;
}

int
follow_run(const struct follow_params *fp, char *err)
{
	int rc = follow_many(fp, 1, NULL, err);

	/* The callback has reported its error itself. */
	if (rc == -2)
		err[0] = '\0';
	return rc < 0 ? -1 : 0;
}

static int
count_cb(void *ctx, const struct window *w)
{
	uint64_t *lines = ctx;

	*lines += newline_count(w->data, w->len);
	return 0;
}

int
follow_count_lines(window_file *wf, uint64_t end, uint64_t *lines, char *err)
{
	*lines = 0;
	if (end == 0)
		return 0;
	return window_scan(wf, 0, end, count_cb, lines, err) < 0 ? -1 : 0;
}
