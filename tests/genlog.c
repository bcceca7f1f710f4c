/*
 * genlog - write a deterministic, realistic application log to stdout.
 *
 *   genlog [--size SIZE] [--seed N] [--days N] [--start EPOCH]
 *
 * Lines look like a Java-style service log with ISO 8601 UTC timestamps
 * (millisecond precision) spread evenly over --days days from --start,
 * several levels, and now and then an ERROR followed by a multi-line stack
 * trace whose lines carry no timestamp.  Three lines holding the rare token
 * "ZX81QUARK" are placed at 10%, 50% and 90% of the output size, so a
 * search for it has a known answer.  The same seed and size always give
 * the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct rng {
	uint64_t s;
};

/* splitmix64: small, fast and good enough to make logs look varied. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(rng_next(r) % n);
}

static const char *const services[] = {
	"OrderService", "PaymentGateway", "InventoryCache", "UserSession",
	"ShippingPlanner", "AuthFilter", "ReportScheduler", "SearchIndexer",
};
static const char *const users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
};
static const char *const paths[] = {
	"/api/v1/orders", "/api/v1/cart", "/api/v2/search", "/health",
	"/api/v1/users/me", "/static/app.js", "/api/v1/payments",
};
static const char *const exceptions[] = {
	"java.lang.IllegalStateException: connection pool exhausted",
	"java.net.SocketTimeoutException: Read timed out",
	"java.lang.NullPointerException: customer.address is null",
	("org.example.db.DeadlockException: deadlock detected, transaction "
	 "rolled back"),
};

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm). */
static void
civil(int64_t days, int *y, unsigned *m, unsigned *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
format_ts(char *buf, size_t n, int64_t ms)
{
	int64_t secs = ms / 1000, days = secs / 86400;
	int64_t rem = secs % 86400;
	int y;
	unsigned mo, d;

	civil(days, &y, &mo, &d);
	return snprintf(buf, n, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", y, mo,
	    d, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60),
	    (unsigned)(rem % 60), (unsigned)(ms % 1000));
}

LS_NORETURN static void
usage(void)
{
	fputs("usage: genlog [--size SIZE] [--seed N] [--days N] "
	      "[--start EPOCH]\n",
	    stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	uint64_t size = 1 << 20, seed = 1, days = 30;
	uint64_t start = 1772323200; /* 2026-03-01T00:00:00Z */
	uint64_t written = 0, span_ms, rare_at[3];
	struct rng r;
	char err[LS_ERRSZ], line[1024], ts[40];
	size_t bufcap = 1 << 20, buflen = 0, rare_next = 0;
	char *buf;
	int i;

	/* Options come in pairs: a name and its value. */
	for (i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int rc;

		if (v == NULL)
			usage();
		if (strcmp(argv[i], "--size") == 0)
			rc = ls_parse_size(v, 0, UINT64_MAX, &size, err);
		else if (strcmp(argv[i], "--seed") == 0)
			rc = ls_parse_u64(v, 0, UINT64_MAX, &seed, err);
		else if (strcmp(argv[i], "--days") == 0)
			rc = ls_parse_u64(v, 1, 36500, &days, err);
		else if (strcmp(argv[i], "--start") == 0)
			rc = ls_parse_u64(v, 0, 253402300799u, &start, err);
		else
			usage();
		if (rc < 0) {
			fprintf(stderr, "genlog: %s: %s\n", argv[i], err);
			return 2;
		}
	}
	r.s = seed;
	span_ms = days * 86400000u;
	rare_at[0] = size / 10;
	rare_at[1] = size / 2;
	rare_at[2] = size / 10 * 9;
	buf = xmalloc(bufcap);

	while (written + buflen < size) {
		uint64_t pos = written + buflen;
		/* Time advances with the position, so the log is sorted and
		 * spans exactly the requested days. */
		int64_t ms = (int64_t)(start * 1000 +
		    (uint64_t)((double)pos / (double)size * (double)span_ms));
		uint32_t roll = rng_below(&r, 1000);
		const char *svc = services[rng_below(&r, 8)];
		unsigned tid = rng_below(&r, 16);
		int n;

		format_ts(ts, sizeof(ts), ms);
		if (rare_next < 3 && pos >= rare_at[rare_next]) {
			n = snprintf(line, sizeof(line),
			    "%s WARN  [worker-%u] %s - audit marker "
			    "ZX81QUARK seen for request %" PRIu64 "\n",
			    ts, tid, svc, rng_next(&r) % 1000000);
			rare_next++;
		} else if (roll < 700) {
			n = snprintf(line, sizeof(line),
			    "%s INFO  [worker-%u] %s - GET %s user=%s "
			    "status=200 bytes=%u duration=%ums\n",
			    ts, tid, svc, paths[rng_below(&r, 7)],
			    users[rng_below(&r, 15)], rng_below(&r, 90000),
			    rng_below(&r, 900));
		} else if (roll < 850) {
			n = snprintf(line, sizeof(line),
			    "%s DEBUG [worker-%u] %s - cache lookup key=%08x "
			    "hit=%s\n",
			    ts, tid, svc, (unsigned)rng_next(&r),
			    rng_below(&r, 2) ? "true" : "false");
		} else if (roll < 930) {
			n = snprintf(line, sizeof(line),
			    "%s WARN  [worker-%u] %s - slow response from "
			    "upstream %u.%u.%u.%u took %ums (limit 500ms)\n",
			    ts, tid, svc, 10u, rng_below(&r, 256),
			    rng_below(&r, 256), rng_below(&r, 256),
			    500 + rng_below(&r, 4000));
		} else if (roll < 990) {
			n = snprintf(line, sizeof(line),
			    "%s TRACE [worker-%u] %s - span=%016" PRIx64
			    " parent=%016" PRIx64 "\n",
			    ts, tid, svc, rng_next(&r), rng_next(&r));
		} else {
			const char *ex = exceptions[rng_below(&r, 4)];
			uint32_t frames = 2 + rng_below(&r, 5), f;

			n = snprintf(line, sizeof(line),
			    "%s ERROR [worker-%u] %s - request failed "
			    "user=%s\n%s\n",
			    ts, tid, svc, users[rng_below(&r, 15)], ex);
			for (f = 0; f < frames && n < 900; f++)
				n += snprintf(line + n, sizeof(line) - (size_t)n,
				    "\tat org.example.%s.handle%u(%s.java:%u)\n",
				    svc, f, svc, 20 + rng_below(&r, 400));
		}
		if (n <= 0 || (size_t)n >= sizeof(line))
			abort(); /* the formats above always fit */
		if (buflen + (size_t)n > bufcap) {
			if (fwrite(buf, 1, buflen, stdout) != buflen)
				goto fail;
			written += buflen;
			buflen = 0;
		}
		memcpy(buf + buflen, line, (size_t)n);
		buflen += (size_t)n;
	}
	if (fwrite(buf, 1, buflen, stdout) != buflen || fflush(stdout) != 0)
		goto fail;
	free(buf);
	return 0;
fail:
	fprintf(stderr, "genlog: write error: %s\n", strerror(errno));
	free(buf);
	return 2;
}
