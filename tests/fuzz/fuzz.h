/*
 * fuzz.h - what every fuzz harness defines: libFuzzer's entry point.  The
 * harnesses link the library's own objects (liblogscan.a); built with
 * ./configure --enable-fuzzing they are libFuzzer programs, and linked with
 * replay.c they are plain programs that run saved inputs (the seed corpora
 * and the reproducers of fixed findings) under `make check`.
 */
#ifndef LOGSCAN_FUZZ_H
#define LOGSCAN_FUZZ_H
#include <stddef.h>
#include <stdint.h>

/* Run one input; always returns 0 (a finding is a crash or a report). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A NUL-terminated copy of data[0, n) in a buffer of exactly n + 1 bytes,
 * so that a read past the end is caught; the caller frees it.
 */
char *fuzz_strndup(const uint8_t *data, size_t n);

/*
 * Split data at the first byte sep: *head gets the bytes before it (a
 * NUL-terminated copy, caller frees), *rest and *rest_len what follows it.
 * Returns 1, or 0 when sep does not occur (all of data is the head).
 */
int fuzz_split(const uint8_t *data, size_t size, uint8_t sep, char **head,
                size_t *head_len, const uint8_t **rest, size_t *rest_len);
#endif
