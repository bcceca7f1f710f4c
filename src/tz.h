/*
 * tz.h - time zones: UTC, the local zone (TZ), an IANA name or a POSIX TZ
 * rule, read from the system's TZif files without touching the process's
 * own TZ setting, so that several zones can be used in one run.
 */
#ifndef LOGSCAN_TZ_H
#define LOGSCAN_TZ_H

#include <stdint.h>

typedef struct tz tz;

/*
 * Load a zone.  name is "utc"/"UTC"/"Z", "local" (the TZ environment
 * variable as libc reads it: unset means /etc/localtime, ":NAME" or "NAME" a
 * file under the zoneinfo directory, otherwise a POSIX rule such as
 * "EST5EDT,M3.2.0,M11.1.0"), an IANA name such as "Europe/Berlin", or a
 * POSIX rule.  Returns 0 and a handle for tz_close(), or -1 with err
 * filled ("unknown time zone 'X'").
 */
int tz_open(tz **out, const char *name, char *err);

/*
 * Convert a wall-clock time in this zone, given as seconds since the epoch
 * as if the wall clock were UTC, to real UTC seconds.  A time that falls in
 * a gap (spring forward) or is ambiguous (fall back) resolves to the
 * earlier of the possible offsets.  Allocation-free; safe from any thread.
 */
int64_t tz_local_to_utc(const tz *z, int64_t wall_seconds);

/*
 * Whether the instant u (UTC seconds), as tz_local_to_utc() read some wall
 * time, is the first of two instants with that wall time: u lies in the
 * last `step` seconds before a change that sets the clocks back by step
 * (the repeated hour of a DST fall-back).  Returns step, the wall time's
 * second occurrence being u + step; otherwise 0, with [*lo, *hi) a
 * stretch holding u in which that is true of no instant (for a caller to
 * skip this lookup while its times stay there).  Allocation-free.
 */
int32_t tz_repeat_step(const tz *z, int64_t u, int64_t *lo, int64_t *hi);

/*
 * Where tz_local_to_utc() is plain arithmetic: fills [*lo, *hi), a
 * stretch of wall times holding w, and returns off, such that every wall
 * time v in it reads as tz_local_to_utc(z, v) == v - off and none is the
 * first copy of a repeated wall time (tz_repeat_step() is 0 there).  A
 * reader of a log keeps the stretch and converts its wall times with one
 * subtraction.  Near a change the stretch may be empty (*lo == *hi):
 * convert those wall times one by one.  Allocation-free.
 */
int32_t tz_local_calm(const tz *z, int64_t w, int64_t *lo, int64_t *hi);

/* Offset from UTC in seconds in effect at the given UTC instant. */
int32_t tz_offset_at(const tz *z, int64_t utc_seconds);

/* Free a zone; accepts NULL. */
void tz_close(tz *z);

#endif
