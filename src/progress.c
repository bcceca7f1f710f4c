/*
 * progress.c - the progress bar of long jobs, on a terminal only.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"

struct progress {
	int fd;
	const char *name;
	uint64_t total;
	uint64_t t0, delay_ns, last_draw;
	int shown;
};

progress *
progress_open(int fd, const char *name, uint64_t total)
{
	progress *p;
	const char *env = getenv("LOGSCAN_PROGRESS_DELAY_MS");

	if (total == 0 || !isatty(fd))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->fd = fd;
	p->name = name;
	p->total = total;
	p->t0 = ls_now_ns();
	p->delay_ns = (uint64_t)PROGRESS_DELAY_MS * 1000000;
	if (env != NULL && *env != '\0') {
		char *end;
		unsigned long v = strtoul(env, &end, 10);

		if (*end == '\0' && v < 86400000)
			p->delay_ns = (uint64_t)v * 1000000;
	}
	return p;
}

/* "1.2 GiB" */
static void
human(char *buf, size_t n, double v)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%.0f %s", v, unit[u]);
	else
		snprintf(buf, n, "%.1f %s", v, unit[u]);
}

char *
progress_format(char *buf, size_t n, const char *name, uint64_t done,
                uint64_t total, uint64_t elapsed_ns, int width)
{
	char d[32], t[32], r[32], left[32], tail[160];
	double secs = (double)elapsed_ns / 1e9;
	double rate = secs > 0 ? (double)done / secs : 0;
	int pct, bar, fill, k, room;

	if (done > total)
		done = total;
	pct = total ? (int)(done * 100 / total) : 100;
	human(d, sizeof(d), (double)done);
	human(t, sizeof(t), (double)total);
	human(r, sizeof(r), rate);
	if (rate > 0) {
		uint64_t s = (uint64_t)((double)(total - done) / rate + 0.5);

		snprintf(left, sizeof(left), "%" PRIu64 ":%02" PRIu64 " left",
		         s / 60, s % 60);
	} else {
		snprintf(left, sizeof(left), "?:?? left");
	}
	snprintf(tail, sizeof(tail), " %3d%% %s/%s %s/s %s", pct, d, t, r,
	         left);
	/* "logscan: NAME [bar]" and the tail in width columns: the bar
	 * gets what is left, 10 to 30 columns; then the name is cut. */
	room = width - (int)strlen(tail) - (int)strlen("logscan: ") - 3;
	bar = room - (int)strlen(name);
	if (bar > 30)
		bar = 30;
	if (bar < 10)
		bar = 10;
	room -= bar;
	if (room < 0)
		room = 0;
	k = snprintf(buf, n, "logscan: %.*s [", room, name);
	fill = total ? (int)((uint64_t)bar * done / total) : bar;
	for (int i = 0; i < bar && (size_t)k + 1 < n; i++)
		buf[k++] = i < fill ? '#' : ' ';
	if ((size_t)k < n)
		buf[k] = '\0';
	snprintf(buf + k, n - (size_t)k, "]%s", tail);
	return buf;
}

static int
term_width(int fd)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col - 1; /* the last column would wrap */
	return 79;
}

void
progress_update(progress *p, uint64_t done)
{
	uint64_t now;
	char line[512];
	size_t len;

	if (p == NULL)
		return;
	now = ls_now_ns();
	if (now - p->t0 < p->delay_ns ||
	    (p->shown && now - p->last_draw < 100000000))
		return;
	line[0] = '\r';
	progress_format(line + 1, sizeof(line) - 4, p->name, done, p->total,
	                now - p->t0, term_width(p->fd));
	len = strlen(line);
	/* stderr is the terminal's: one write, no stdio buffer between. */
	if (write(p->fd, line, len) < 0)
		return;
	p->shown = 1;
	p->last_draw = now;
}

void
progress_close(progress *p)
{
	if (p == NULL)
		return;
	if (p->shown && write(p->fd, "\r\033[K", 4) < 0) {
		/* nothing to do about a terminal that went away */
	}
	free(p);
}
