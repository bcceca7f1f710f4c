/*
 * test_decomp.c - the decoders: magic detection, round trips through every
 * format (several parts each, threaded and not, read in odd-sized
 * pieces), corrupt and truncated input, and restart points that give back
 * exactly the bytes from their offset on.
 */
#include <bzlib.h>
#include <fcntl.h>
#include <lzma.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cmocka.h>

#include "decomp.h"
#include "fixture.h"
#include "util.h"

/* A log-like text of n bytes: numbered lines with varying words, so it
 * compresses like a log (and deflate makes many blocks). */
static char *
make_text(size_t n)
{
	char *t = malloc(n);
	size_t at = 0;
	unsigned x = 12345;
	static const char *w[] = {"INFO", "WARN", "ERROR", "user=alice",
	                          "user=bob", "GET /api", "status=200"};

	while (at < n) {
		char line[128];
		int k;

		x = x * 1103515245u + 12345u;
		k = snprintf(line, sizeof(line), "%08zu %s %s %u\n", at,
		             w[(x >> 8) % 7], w[(x >> 16) % 7], x % 100000);
		if ((size_t)k > n - at)
			k = (int)(n - at);
		memcpy(t + at, line, (size_t)k);
		at += (size_t)k;
	}
	return t;
}

/* gzip of src as parts members. */
static unsigned char *
gz(const char *src, size_t n, int parts, size_t *outn)
{
	size_t cap = n + n / 2 + 1024 * (size_t)parts, at = 0;
	unsigned char *out = malloc(cap);
	int i;

	for (i = 0; i < parts; i++) {
		size_t a = n * (size_t)i / (size_t)parts;
		size_t b = n * (size_t)(i + 1) / (size_t)parts;
		z_stream z;

		memset(&z, 0, sizeof(z));
		assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8,
		                              Z_DEFAULT_STRATEGY),
		                 Z_OK);
		z.next_in = (unsigned char *)src + a;
		z.avail_in = (uInt)(b - a);
		z.next_out = out + at;
		z.avail_out = (uInt)(cap - at);
		assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
		at += z.total_out;
		deflateEnd(&z);
	}
	*outn = at;
	return out;
}

static unsigned char *
zst(const char *src, size_t n, int parts, size_t *outn)
{
	size_t cap = ZSTD_compressBound(n) + 64 * (size_t)parts, at = 0;
	unsigned char *out = malloc(cap);
	int i;

	for (i = 0; i < parts; i++) {
		size_t a = n * (size_t)i / (size_t)parts;
		size_t b = n * (size_t)(i + 1) / (size_t)parts;
		/* With a checksum, as the zstd tool writes by default: a
		 * frame without one cannot tell a corrupt literal. */
		ZSTD_CCtx *cc = ZSTD_createCCtx();
		size_t r;

		ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
		r = ZSTD_compress2(cc, out + at, cap - at, src + a, b - a);
		assert_false(ZSTD_isError(r));
		ZSTD_freeCCtx(cc);
		at += r;
	}
	*outn = at;
	return out;
}

static unsigned char *
xzc(const char *src, size_t n, int parts, size_t *outn)
{
	size_t cap = lzma_stream_buffer_bound(n) + 128 * (size_t)parts;
	size_t at = 0;
	unsigned char *out = malloc(cap);
	int i;

	for (i = 0; i < parts; i++) {
		size_t a = n * (size_t)i / (size_t)parts;
		size_t b = n * (size_t)(i + 1) / (size_t)parts;

		assert_int_equal(lzma_easy_buffer_encode(
		                     1, LZMA_CHECK_CRC64, NULL,
		                     (const uint8_t *)src + a, b - a, out, &at,
		                     cap),
		                 LZMA_OK);
	}
	*outn = at;
	return out;
}

/* xz with several blocks per stream (as xz -T0 writes): a block ends
 * every 300000 bytes (LZMA_FULL_FLUSH); the streams' check types differ,
 * so a restart must use the one of its own stream. */
static unsigned char *
xzb(const char *src, size_t n, int parts, size_t *outn)
{
	static const lzma_check checks[] = {LZMA_CHECK_SHA256,
	                                    LZMA_CHECK_CRC32, LZMA_CHECK_NONE};
	size_t cap = lzma_stream_buffer_bound(n) + 4096 * (size_t)parts;
	size_t at = 0;
	unsigned char *out = malloc(cap);

	for (int i = 0; i < parts; i++) {
		lzma_stream st = LZMA_STREAM_INIT;
		size_t a = n * (size_t)i / (size_t)parts;
		size_t b = n * (size_t)(i + 1) / (size_t)parts;
		lzma_ret r;

		assert_int_equal(lzma_easy_encoder(&st, 1, checks[i % 3]),
		                 LZMA_OK);
		st.next_out = out + at;
		st.avail_out = cap - at;
		while (a < b) {
			size_t k = b - a < 300000 ? b - a : 300000;

			st.next_in = (const uint8_t *)src + a;
			st.avail_in = k;
			do
				r = lzma_code(&st, LZMA_FULL_FLUSH);
			while (r == LZMA_OK);
			assert_int_equal(r, LZMA_STREAM_END);
			a += k;
		}
		do
			r = lzma_code(&st, LZMA_FINISH);
		while (r == LZMA_OK);
		assert_int_equal(r, LZMA_STREAM_END);
		at = (size_t)(st.next_out - out);
		lzma_end(&st);
	}
	*outn = at;
	return out;
}

static unsigned char *
bz(const char *src, size_t n, int parts, size_t *outn)
{
	size_t cap = n + n / 50 + 1024 * (size_t)parts, at = 0;
	unsigned char *out = malloc(cap);
	int i;

	for (i = 0; i < parts; i++) {
		size_t a = n * (size_t)i / (size_t)parts;
		size_t b = n * (size_t)(i + 1) / (size_t)parts;
		unsigned len = (unsigned)(cap - at);

		assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out + at, &len,
		                                          (char *)src + a,
		                                          (unsigned)(b - a), 1,
		                                          0, 0),
		                 BZ_OK);
		at += len;
	}
	*outn = at;
	return out;
}

typedef unsigned char *(*compressor)(const char *, size_t, int, size_t *);

/* Decompress fd with d in pieces of odd sizes; returns the bytes (caller
 * frees), *n their count, *rc the last decomp_read() answer. */
static char *
drain(decomp *d, size_t *n, ssize_t *rc, char *err)
{
	size_t cap = 1 << 20, at = 0, piece = 1;
	char *buf = malloc(cap);
	ssize_t r;

	for (;;) {
		if (cap - at < 70000) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		piece = piece * 7 % 65521 + 1;
		r = decomp_read(d, buf + at, piece, err);
		if (r <= 0)
			break;
		at += (size_t)r;
	}
	*n = at;
	*rc = r;
	return buf;
}

static int
file_of(struct fixture *f, const char *name, const unsigned char *data,
        size_t n)
{
	char *p = fixture_path(f, name);
	int fd;

	fixture_write(p, (const char *)data, n, "wb");
	fd = open(p, O_RDONLY);
	free(p);
	assert_true(fd >= 0);
	return fd;
}

static void
round_trip(void **state, compressor c, enum decomp_format want)
{
	struct fixture *f = *state;
	const size_t n = 3 << 19;
	char *text = make_text(n), err[LS_ERRSZ];
	int parts, threaded;

	for (parts = 1; parts <= 3; parts += 2) {
		size_t zn;
		unsigned char *z = c(text, n, parts, &zn);
		int fd = file_of(f, "t.z", z, zn);

		assert_int_equal(decomp_detect(z, zn), want);
		for (threaded = 0; threaded <= 1; threaded++) {
			decomp *d;
			size_t got;
			ssize_t rc;
			char *out;

			assert_int_equal(decomp_open(&d, fd, want, 1, NULL, 0,
			                             threaded, err),
			                 0);
			out = drain(d, &got, &rc, err);
			assert_int_equal(rc, 0);
			assert_int_equal(got, n);
			assert_memory_equal(out, text, n);
			assert_null(decomp_warning(d));
			assert_int_equal(decomp_in_bytes(d), zn);
			decomp_close(d);
			free(out);
		}
		close(fd);
		free(z);
	}
	free(text);
}

static void
test_gzip(void **state)
{
	round_trip(state, gz, DECOMP_GZIP);
}

static void
test_zstd(void **state)
{
	round_trip(state, zst, DECOMP_ZSTD);
}

static void
test_xz(void **state)
{
	round_trip(state, xzc, DECOMP_XZ);
}

static void
test_bzip2(void **state)
{
	round_trip(state, bz, DECOMP_BZIP2);
}

static void
test_detect(void **state)
{
	(void)state;
	assert_int_equal(decomp_detect("\x1f\x8b\x08", 3), DECOMP_GZIP);
	assert_int_equal(decomp_detect("\x1f\x8b", 2), DECOMP_NONE);
	assert_int_equal(decomp_detect("\x28\xb5\x2f\xfd", 4), DECOMP_ZSTD);
	assert_int_equal(decomp_detect("\x5a\x2a\x4d\x18", 4), DECOMP_ZSTD);
	assert_int_equal(decomp_detect("\xfd" "7zXZ\0", 6), DECOMP_XZ);
	assert_int_equal(decomp_detect("BZh91AY&SY", 10), DECOMP_BZIP2);
	assert_int_equal(decomp_detect("BZh9 text!", 10), DECOMP_NONE);
	assert_int_equal(decomp_detect("2026-03-01 INFO", 15), DECOMP_NONE);
	assert_int_equal(decomp_detect("", 0), DECOMP_NONE);
	assert_string_equal(decomp_format_name(DECOMP_XZ), "xz");
	assert_non_null(strstr(decomp_versions(), "zlib "));
}

/* Corrupt input fails with the format and an offset; the bytes before
 * are handed out first. Truncated input ends with a warning. */
static void
bad_input(void **state, compressor c, enum decomp_format fmt)
{
	struct fixture *f = *state;
	const size_t n = 1 << 20;
	char *text = make_text(n), err[LS_ERRSZ], want[64];
	size_t zn, got;
	unsigned char *z = c(text, n, 1, &zn);
	decomp *d;
	ssize_t rc;
	char *out;
	int fd;

	snprintf(want, sizeof(want), "corrupt %s data at compressed byte ",
	         decomp_format_name(fmt));
	z[zn / 2] ^= 0x55;
	z[zn / 2 + 1] ^= 0xaa;
	fd = file_of(f, "bad.z", z, zn);
	assert_int_equal(decomp_open(&d, fd, fmt, 1, NULL, 0, 1, err), 0);
	out = drain(d, &got, &rc, err);
	if (rc != -1)
		fprintf(stderr, "%s: rc %zd warn %s\n", decomp_format_name(fmt),
		        rc, decomp_warning(d) ? decomp_warning(d) : "-");
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, want));
	assert_true(got < n || memcmp(out, text, n) != 0 || fmt == DECOMP_GZIP);
	decomp_close(d);
	free(out);
	close(fd);

	z[zn / 2] ^= 0x55;
	z[zn / 2 + 1] ^= 0xaa;
	fd = file_of(f, "trunc.z", z, zn * 3 / 4);
	assert_int_equal(decomp_open(&d, fd, fmt, 1, NULL, 0, 0, err), 0);
	out = drain(d, &got, &rc, err);
	assert_int_equal(rc, 0);
	assert_non_null(decomp_warning(d));
	assert_non_null(strstr(decomp_warning(d), "ends early"));
	assert_true(got < n);
	assert_memory_equal(out, text, got);
	decomp_close(d);
	free(out);
	close(fd);
	free(z);
	free(text);
}

static void
test_bad(void **state)
{
	bad_input(state, gz, DECOMP_GZIP);
	bad_input(state, zst, DECOMP_ZSTD);
	bad_input(state, xzc, DECOMP_XZ);
	bad_input(state, bz, DECOMP_BZIP2);
}

/* A stream whose first bytes were read to detect it. */
static void
test_prefix(void **state)
{
	struct fixture *f = *state;
	const size_t n = 200000;
	char *text = make_text(n), err[LS_ERRSZ];
	size_t zn, got;
	unsigned char *z = gz(text, n, 2, &zn);
	int fd = file_of(f, "p.gz", z, zn);
	decomp *d;
	ssize_t rc;
	char *out;

	assert_int_equal(lseek(fd, 10, SEEK_SET), 10);
	assert_int_equal(decomp_open(&d, fd, DECOMP_GZIP, 0, z, 10, 1, err),
	                 0);
	out = drain(d, &got, &rc, err);
	if (rc != 0)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_int_equal(got, n);
	assert_memory_equal(out, text, n);
	decomp_close(d);
	free(out);
	close(fd);
	free(z);
	free(text);
}

/* The file bits where a bzip2 block magic starts, found the slow way
 * (every bit); *n gets their number. */
static uint64_t *
bz_magics(const unsigned char *z, size_t zn, size_t *n)
{
	uint64_t *at = malloc(sizeof(*at) * (zn / 4 + 1)), w = 0, b;

	*n = 0;
	for (b = 0; b < 8 * (uint64_t)zn; b++) {
		w = (w << 1 | (uint64_t)(z[b / 8] >> (7 - b % 8) & 1)) &
		    0xffffffffffffULL;
		if (b >= 47 && w == 0x314159265359ULL)
			at[(*n)++] = b - 47;
	}
	return at;
}

/* Restart points: from each, the decoder gives exactly the bytes from
 * its out offset on. */
static void
points(void **state, compressor c, enum decomp_format fmt, int parts)
{
	struct fixture *f = *state;
	const size_t n = 4 << 20;
	char *text = make_text(n), err[LS_ERRSZ];
	size_t zn, got, np, i;
	unsigned char *z = c(text, n, parts, &zn);
	int fd = file_of(f, "pt.z", z, zn);
	const struct decomp_point *pts;
	decomp *d, *e;
	ssize_t rc;
	char *out;

	assert_int_equal(decomp_open(&d, fd, fmt, 1, NULL, 0, 1, err), 0);
	decomp_record_points(d, 16384);
	out = drain(d, &got, &rc, err);
	assert_int_equal(rc, 0);
	assert_int_equal(got, n);
	free(out);
	pts = decomp_points(d, &np);
	assert_true(np >= (size_t)(fmt == DECOMP_GZIP || c == xzb
	                               ? 10
	                               : parts - 1));
	if (fmt == DECOMP_BZIP2) {
		/* Level 1 blocks hold 100 kB: every block but the first is
		 * a point (a stream's first at its stream's start), exactly
		 * where its magic is. */
		size_t nm;
		uint64_t *m = bz_magics(z, zn, &nm);
		size_t streams = 0;

		assert_true(nm > 30);
		assert_int_equal(np, nm - 1);
		for (i = 0; i < np; i++) {
			uint64_t bit = 8 * pts[i].in - (uint64_t)pts[i].bits;

			assert_int_equal(pts[i].check, 1);
			if (pts[i].member) {
				streams++;
				bit += 32; /* "BZh1" */
			}
			assert_int_equal(bit, m[i + 1]);
		}
		assert_int_equal(streams, (size_t)parts - 1);
		free(m);
	}
	for (i = 0; i < np; i++) {
		assert_true(pts[i].out < n);
		if (i > 0)
			assert_true(pts[i].out > pts[i - 1].out);
		if (i % 3 != 0 && i != np - 1 && fmt != DECOMP_BZIP2)
			continue;
		assert_int_equal(decomp_open_at(&e, fd, fmt, &pts[i], i & 1,
		                                err),
		                 0);
		out = drain(e, &got, &rc, err);
		if (rc != 0)
			fprintf(stderr, "point %zu: %s\n", i, err);
		assert_int_equal(rc, 0);
		assert_int_equal(got, n - pts[i].out);
		assert_memory_equal(out, text + pts[i].out, got);
		decomp_close(e);
		free(out);
	}
	decomp_close(d);
	close(fd);
	free(z);
	free(text);
}

static void
test_points(void **state)
{
	points(state, gz, DECOMP_GZIP, 1);
	points(state, gz, DECOMP_GZIP, 4);
	points(state, zst, DECOMP_ZSTD, 5);
	points(state, xzc, DECOMP_XZ, 3);
	/* 4 MiB in blocks of 300000 bytes: a point per block, not only
	 * per stream. */
	points(state, xzb, DECOMP_XZ, 1);
	points(state, xzb, DECOMP_XZ, 3);
	points(state, bz, DECOMP_BZIP2, 1);
	points(state, bz, DECOMP_BZIP2, 3);
}

/* The CRC bzip2 keeps of a block's bytes, fed on from crc. */
static uint32_t
bz_crc(uint32_t crc, const unsigned char *p, size_t n)
{
	while (n-- > 0) {
		crc ^= (uint32_t)*p++ << 24;
		for (int k = 0; k < 8; k++)
			crc = crc & 0x80000000u ? crc << 1 ^ 0x04c11db7u
			                        : crc << 1;
	}
	return crc;
}

/*
 * A false block magic: a second block (level 8: 799981 bytes a block)
 * made so that the 48 bits from the 23rd bit of its stored CRC on (CRC, the
 * "randomised" bit, origPtr and the start of the byte-range map) read
 * as the block magic.  The CRC's last 10 bits are chosen with two bytes,
 * origPtr (the rank of the block among its rotations) is the count of
 * bytes below its first, unique byte 0x40, and the byte ranges used are
 * those the magic's last 13 bits name.  Neither recording points nor a
 * restart may take it for a block.
 */
static void
test_bzip2_false_magic(void **state)
{
	struct fixture *f = *state;
	const size_t nb = 799981, below = 706866, ntail = 60000;
	static const unsigned char lo[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	    11, 12, 13, 14, 15, '0', '1', '2', '3', '4', '5', '6', '7', '8',
	    '9', ':', ';', '<', '=', '>', '?'};
	unsigned char hi[79], *text, *z, *k;
	size_t nh = 0, i, j, zn, nm, got, np;
	unsigned len, zcap;
	uint32_t pre = 0xffffffffu;
	uint64_t *m;
	const struct decomp_point *pts;
	struct decomp_point fake;
	char err[LS_ERRSZ], *out;
	decomp *d;
	ssize_t rc;
	int fd, found = 0;

	for (i = 0x41; i < 0xd0; i++)
		if (i < 0x50 || (i >= 0x60 && i < 0x70) ||
		    (i >= 0x80 && i < 0xa0) || i >= 0xc0)
			hi[nh++] = (unsigned char)i;
	text = malloc(2 * nb + ntail);
	for (i = 0; i < nb; i++)
		text[i] = (unsigned char)"first block\n"[i % 12];
	k = text + nb;
	k[0] = 0x40;
	for (i = 0; i < below; i++)
		k[1 + i] = lo[i % sizeof(lo)];
	for (i = 1 + below; i < nb - 2; i++)
		k[i] = hi[(i - 1 - below) % nh];
	pre = bz_crc(pre, k, nb - 2);
	for (i = 0; i < nh && !found; i++)
		for (j = 0; j < nh && !found; j++) {
			unsigned char two[2] = {hi[i], hi[j]};

			if (hi[i] == k[nb - 3] || hi[j] == hi[i])
				continue;
			if ((~bz_crc(pre, two, 2) & 0x3ff) == 0xc5) {
				memcpy(k + nb - 2, two, 2);
				found = 1;
			}
		}
	assert_true(found);
	for (i = 0; i < ntail; i++)
		text[2 * nb + i] = (unsigned char)"third block\n"[i % 12];
	zcap = (unsigned)(2 * nb + ntail);
	z = malloc(zcap);
	len = zcap;
	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)z, &len,
	                                          (char *)text,
	                                          (unsigned)(2 * nb + ntail), 8,
	                                          0,
	                                          0),
	                 BZ_OK);
	zn = len;
	/* The magics of blocks 1 and 2, the false one, block 3's. */
	m = bz_magics(z, zn, &nm);
	assert_int_equal(nm, 4);
	assert_int_equal(m[0], 32);
	assert_int_equal(m[2], m[1] + 48 + 22);
	fd = file_of(f, "false.bz2", z, zn);

	assert_int_equal(decomp_open(&d, fd, DECOMP_BZIP2, 1, NULL, 0, 0, err),
	                 0);
	decomp_record_points(d, 16);
	out = drain(d, &got, &rc, err);
	assert_int_equal(rc, 0);
	assert_int_equal(got, 2 * nb + ntail);
	assert_memory_equal(out, text, got);
	free(out);
	pts = decomp_points(d, &np);
	assert_int_equal(np, 2);
	for (i = 0; i < np; i++) {
		assert_int_equal(8 * pts[i].in - (uint64_t)pts[i].bits,
		                 m[i == 0 ? 1 : 3]);
		assert_int_equal(pts[i].out, (i + 1) * nb);
	}
	fake = pts[0];

	/* From blocks 2 and 3: exactly their bytes. */
	for (i = 0; i < np; i++) {
		decomp *e;

		assert_int_equal(decomp_open_at(&e, fd, DECOMP_BZIP2, &pts[i],
		                                0, err),
		                 0);
		out = drain(e, &got, &rc, err);
		assert_int_equal(rc, 0);
		assert_int_equal(got, 2 * nb + ntail - pts[i].out);
		assert_memory_equal(out, text + pts[i].out, got);
		free(out);
		decomp_close(e);
	}
	decomp_close(d);

	/* From the false magic: libbz2 rejects it, and nothing comes out. */
	fake.in = (m[2] + 7) / 8;
	fake.bits = (int)(8 * fake.in - m[2]);
	assert_int_equal(decomp_open_at(&d, fd, DECOMP_BZIP2, &fake, 0, err),
	                 0);
	out = drain(d, &got, &rc, err);
	assert_int_equal(rc, -1);
	assert_int_equal(got, 0);
	assert_non_null(strstr(err, "corrupt bzip2 data"));
	free(out);
	decomp_close(d);
	close(fd);
	free(m);
	free(z);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test_setup_teardown(test_gzip, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_zstd, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_xz, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_bzip2, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_bad, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_prefix, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_points, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_bzip2_false_magic,
	                                    fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
