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

int
follow_run(const struct follow_params *fp, char *err)
{
	struct state s;
	int ifd = -1, rc = 0;
	char note[PATH_MAX + 64];

	memset(&s, 0, sizeof(s));
	s.fp = fp;
	s.fd = fp->fd;
	s.off = fp->offset;
	s.line = fp->line;
	s.carry_ok = fp->carry_ok;
	s.carry = fp->carry;
	s.err = err;
#ifdef HAVE_SYS_INOTIFY_H
	ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (ifd >= 0) {
		/* The file's changes, and names appearing in its directory
		 * (a rotation's new file); a failed watch leaves polling. */
		char dir[PATH_MAX];
		const char *slash = strrchr(fp->path, '/');

		(void)inotify_add_watch(ifd, fp->path,
		                        IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF |
		                            IN_DELETE_SELF | IN_CLOSE_WRITE);
		if (slash == NULL)
			strcpy(dir, ".");
		else if ((size_t)(slash - fp->path) < sizeof(dir)) {
			memcpy(dir, fp->path, (size_t)(slash - fp->path));
			dir[slash == fp->path ? 1 : slash - fp->path] = '\0';
		} else
			dir[0] = '\0';
		if (dir[0] != '\0')
			(void)inotify_add_watch(ifd, dir,
			                        IN_CREATE | IN_MOVED_TO);
	}
#endif
	for (;;) {
		struct stat fst, nst;

		if (fstat(s.fd, &fst) < 0) {
			ls_errf(err, "%s", strerror(errno));
			rc = -1;
			break;
		}
		if ((uint64_t)fst.st_size < s.off) {
			if (fp->note)
				fp->note(fp->ctx, "file truncated");
			restart(&s, s.fd, s.own_fd);
		}
		rc = drain(&s);
		if (rc != 0 || s.past)
			break;
		if (stat(fp->path, &nst) == 0 &&
		    (nst.st_ino != fst.st_ino || nst.st_dev != fst.st_dev)) {
			/* Rotated: the old file's last bytes, then the new
			 * file from its start. */
			int nfd = open(fp->path, O_RDONLY | O_CLOEXEC);

			if (nfd >= 0) {
				/* What was written to it before the new name
				 * appeared is there to read now. */
				rc = drain(&s);
				if (rc == 0 && !s.past)
					rc = emit(&s, 1);
				if (rc != 0 || s.past) {
					close(nfd);
					break;
				}
				snprintf(note, sizeof(note),
				         "file replaced; following the new file");
				if (fp->note)
					fp->note(fp->ctx, note);
				restart(&s, nfd, 1);
#ifdef HAVE_SYS_INOTIFY_H
				if (ifd >= 0)
					(void)inotify_add_watch(
					    ifd, fp->path,
					    IN_MODIFY | IN_ATTRIB |
					        IN_MOVE_SELF | IN_DELETE_SELF |
					        IN_CLOSE_WRITE);
#endif
				continue;
			}
		}
		{
			struct pollfd pfd = {ifd, POLLIN, 0};

			if (poll(ifd >= 0 ? &pfd : NULL, ifd >= 0 ? 1 : 0,
			         FOLLOW_POLL_MS) > 0) {
				char ev[4096];

				/* What changed is looked at above, whatever
				 * the events say. */
				while (read(ifd, ev, sizeof(ev)) > 0)
					;
			}
		}
	}
	if (ifd >= 0)
		close(ifd);
	if (s.own_fd)
		close(s.fd);
	free(s.buf);
	return rc;
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
