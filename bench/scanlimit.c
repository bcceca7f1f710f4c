/*
 * scanlimit.c - the machine's own limit for one file, for `make bench`:
 * count the file's newlines with logscan's newline kernel, reading it
 * through mmap or with read(2) into a 512 KiB buffer, with one thread or
 * several (each takes a contiguous slice).  Prints the seconds taken and
 * the rate.  Nothing of logscan's search runs: this is what reading alone
 * costs.
 *
 * usage: scanlimit mmap|read THREADS FILE
 */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newline.h"
#include "util.h"

#define BUF ((size_t)512 << 10)
#define MAPW ((size_t)32 << 20)

struct job {
	int fd, use_mmap;
	uint64_t from, to, lines;
	int failed;
};

static void *
work(void *arg)
{
	struct job *j = arg;
	uint64_t pos = j->from;
	char *buf = NULL;

	if (!j->use_mmap)
		buf = xmalloc_aligned(4096, BUF);
	while (pos < j->to) {
		if (j->use_mmap) {
			uint64_t base = pos & ~(uint64_t)4095;
			size_t len = j->to - base > MAPW ? MAPW
			                                 : (size_t)(j->to - base);
			char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, j->fd,
			               (off_t)base);

			if (p == MAP_FAILED) {
				j->failed = 1;
				break;
			}
			madvise(p, len, MADV_SEQUENTIAL);
			j->lines += newline_count(p + (pos - base),
			                          len - (size_t)(pos - base));
			munmap(p, len);
			pos = base + len;
		} else {
			size_t want = j->to - pos > BUF ? BUF
			                                : (size_t)(j->to - pos);
			ssize_t n = pread(j->fd, buf, want, (off_t)pos);

			if (n <= 0) {
				j->failed = 1;
				break;
			}
			j->lines += newline_count(buf, (size_t)n);
			pos += (uint64_t)n;
		}
	}
	free(buf);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct job *jobs;
	pthread_t *th;
	struct stat st;
	uint64_t t0, t1, lines = 0, size;
	long n;
	int fd, use_mmap;

	if (argc != 4 || (strcmp(argv[1], "mmap") != 0 &&
	                  strcmp(argv[1], "read") != 0)) {
		fprintf(stderr, "usage: scanlimit mmap|read THREADS FILE\n");
		return 2;
	}
	use_mmap = strcmp(argv[1], "mmap") == 0;
	n = strtol(argv[2], NULL, 10);
	if (n < 1 || n > 256)
		n = 1;
	fd = open(argv[3], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(argv[3]);
		return 2;
	}
	size = (uint64_t)st.st_size;
	if (!use_mmap)
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	jobs = xcalloc((size_t)n, sizeof(*jobs));
	th = xcalloc((size_t)n, sizeof(*th));
	t0 = ls_now_ns();
	for (long i = 0; i < n; i++) {
		jobs[i].fd = fd;
		jobs[i].use_mmap = use_mmap;
		jobs[i].from = size / (uint64_t)n * (uint64_t)i & ~(uint64_t)4095;
		jobs[i].to = i + 1 == n ? size
		                        : size / (uint64_t)n * (uint64_t)(i + 1) &
		                              ~(uint64_t)4095;
		pthread_create(&th[i], NULL, work, &jobs[i]);
	}
	for (long i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		if (jobs[i].failed) {
			fprintf(stderr, "scanlimit: %s: read failed\n", argv[3]);
			return 2;
		}
		lines += jobs[i].lines;
	}
	t1 = ls_now_ns();
	printf("%.3f s %.1f GB/s %llu lines\n", (double)(t1 - t0) / 1e9,
	       (double)size / (double)(t1 - t0), (unsigned long long)lines);
	return 0;
}
