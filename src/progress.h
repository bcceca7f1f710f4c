/*
 * progress.h - a one-line progress bar on a terminal for a long job:
 * bytes done of the total, the rate, and the time left.  It appears only
 * when its descriptor is a terminal and the job has run for a second,
 * is redrawn at most ten times a second, and is erased at the end, so
 * that nothing of it stays on the screen or reaches a file or a pipe.
 */
#ifndef LOGSCAN_PROGRESS_H
#define LOGSCAN_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* How long a job runs before its bar appears; the environment variable
 * LOGSCAN_PROGRESS_DELAY_MS overrides it (the tests set 0). */
#define PROGRESS_DELAY_MS 1000

typedef struct progress progress;

/*
 * A bar on fd for a job of total bytes (0: unknown, no bar) named name
 * (not copied), or NULL when fd is not a terminal.  Never fails
 * otherwise (allocation failure exits).
 */
progress *progress_open(int fd, const char *name, uint64_t total);

/* done bytes of the total are done; accepts NULL. */
void progress_update(progress *p, uint64_t done);

/* Erase the bar if it was drawn, and free; accepts NULL. */
void progress_close(progress *p);

/*
 * The bar's text (without "\r" or erasing) into buf of size n, at most
 * width columns: "logscan: NAME [#####     ]  42% 1.2 GiB/2.9 GiB
 * 850.0 MiB/s 0:02 left".  Returns buf.
 */
char *progress_format(char *buf, size_t n, const char *name, uint64_t done,
                      uint64_t total, uint64_t elapsed_ns, int width);

#endif
