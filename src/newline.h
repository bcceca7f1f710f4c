/*
 * newline.h - the one newline kernel: count the '\n' bytes of a buffer, or
 * find the k-th one (or the same for another line-end byte, -z's NUL).  Line numbers, line ranges, -c '' and the index
 * builder all count lines with it.  It picks the widest vector unit the
 * processor has at run time (AVX2, else SSE2, else a word at a time).
 */
#ifndef LOGSCAN_NEWLINE_H
#define LOGSCAN_NEWLINE_H

#include <stddef.h>
#include <stdint.h>

/* Number of '\n' bytes in p[0, n). */
uint64_t newline_count(const char *p, size_t n);

/* newline_count(), also setting *nul to whether p[0, n) holds a NUL byte
 * (grep's sign of a binary file), in the same pass where it can. */
uint64_t newline_count_nul(const char *p, size_t n, int *nul);

/* The first NUL byte of p[0, n), or NULL: grep's sign of a binary file,
 * looked for at the speed memory delivers the bytes. */
const char *newline_find_nul(const char *p, size_t n);

/*
 * Find the k-th '\n' of p[0, n).  Returns a pointer just past it, or NULL
 * when there are fewer; *seen (if not NULL) gets the number counted, which
 * is k on success.  k == 0 returns p.
 */
const char *newline_nth(const char *p, size_t n, uint64_t k, uint64_t *seen);

/*
 * The places of the eol bytes ('\n', or -z's NUL) of p[0, n), in order,
 * for a reader that looks at every line: stores the offsets of those in
 * p[0, *scanned) into pos (at most max of them, max >= 64) and returns
 * how many.  *scanned is n when all fit; otherwise it is less, and the
 * next call goes on from p + *scanned.  n must be below 4 GiB.
 */
size_t newline_find(const char *p, size_t n, char eol, uint32_t *pos,
                    size_t max, size_t *scanned);

/* Lines in p[0, n), which starts a line: its newlines, plus one for a last
 * line without its '\n'. */
uint64_t newline_lines(const char *p, size_t n);

/*
 * The same three with another byte as the line end: eol is '\n' for
 * lines, or '\0' for the NUL-terminated records of grep -z.  (The
 * functions above are these with '\n'.)
 */
uint64_t newline_count_eol(const char *p, size_t n, char eol);
const char *newline_nth_eol(const char *p, size_t n, uint64_t k, char eol,
                            uint64_t *seen);
uint64_t newline_lines_eol(const char *p, size_t n, char eol);

#endif
