/*
 * fixture.h - a private temporary directory per unit test, and small file
 * helpers that fail the test (cmocka assertions) when the file system does.
 */
#ifndef LOGSCAN_TEST_FIXTURE_H
#define LOGSCAN_TEST_FIXTURE_H

#include <stddef.h>

struct fixture {
	char dir[64];
};

/* cmocka setup: make a fresh directory under /tmp and store a fixture in
 * *state.  Returns 0, or -1 when the directory cannot be made. */
int fixture_setup(void **state);

/* cmocka teardown: remove the directory and everything in it. */
int fixture_teardown(void **state);

/* NAME inside the fixture's directory, newly allocated (caller frees). */
char *fixture_path(const struct fixture *f, const char *name);

/* Write n bytes to path, opened with fopen mode ("wb", "ab"). */
void fixture_write(const char *path, const char *data, size_t n,
                   const char *mode);

/* The whole file, newly allocated with one spare byte; its size in *n. */
unsigned char *fixture_read(const char *path, size_t *n);

#endif
