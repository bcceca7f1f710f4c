/*
 * fuzz_index.c - the index loader and validator on arbitrary bytes.
 *
 * Each input is decoded twice: as it is (almost always "checksum
 * mismatch"), and with its trailer set to the right checksum, so that the
 * checks behind the checksum see hostile headers and groups too.  An
 * index that decodes must encode back to the same bytes, and the lookups
 * a query makes on it must stay within it.  The same bytes are then
 * loaded from a file, through index_load()'s header check.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "index.h"
#include "util.h"

static void
use(const struct index_data *d, const unsigned char *buf, size_t len)
{
	unsigned char *enc;
	size_t enc_len;
	int64_t lo, hi;
	uint64_t probes[6];

	index_encode(d, &enc, &enc_len);
	if (enc_len != len || memcmp(enc, buf, len) != 0) {
		fprintf(stderr, "fuzz_index: decoded index re-encodes "
		                "differently\n");
		abort();
	}
	free(enc);
	probes[0] = 0;
	probes[1] = 1;
	probes[2] = d->total_lines;
	probes[3] = d->total_lines + 1;
	probes[4] = d->total_lines / 2 + 1;
	probes[5] = UINT64_MAX;
	for (size_t i = 0; i < 6; i++) {
		int64_t g = index_find_group(d, probes[i]);

		if (g >= 0 && (uint64_t)g >= d->ngroups)
			abort();
		if (g >= 0 && d->groups[g].first_line > probes[i])
			abort();
	}
	if (index_time_span(d, &lo, &hi) && lo > hi)
		abort();
}

static void
load_file(const uint8_t *data, size_t size)
{
	static char path[64];
	struct index_data d;
	char err[LS_ERRSZ];
	uint64_t fsize;
	int fd;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/fuzz_index.%ld.lsidx",
		         (long)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	if (index_load(&d, path, &fsize, err) == INDEX_LOAD_OK)
		index_data_free(&d);
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct index_data d;
	char err[LS_ERRSZ];
	unsigned char *fixed;

	if (index_decode(&d, data, size, err) == 0) {
		use(&d, data, size);
		index_data_free(&d);
	}
	if (size >= INDEX_TRAILER_SIZE) {
		uint64_t h = index_hash(data, size - INDEX_TRAILER_SIZE);

		fixed = xmalloc(size);
		memcpy(fixed, data, size);
		for (size_t i = 0; i < 8; i++)
			fixed[size - INDEX_TRAILER_SIZE + i] =
			    (unsigned char)(h >> (8 * i));
		if (index_decode(&d, fixed, size, err) == 0) {
			use(&d, fixed, size);
			index_data_free(&d);
		}
		load_file(fixed, size);
		free(fixed);
	}
	return 0;
}
