/*
 * timeexpr.h - the times a user types for --since and --until.
 *
 * Accepted (words in any case, surrounding blanks ignored):
 *   2026-03-01                    midnight starting that day
 *   2026-03-01 10:00              T or space; seconds, a '.' or ',' fraction
 *   2026-03-01T10:00:00.250+02:00 and a zone (Z, +hh:mm, +hhmm, +hh, UTC)
 *                                 are optional; a blank may come before
 *                                 the zone
 *   10:00, 10:00:30               that time today
 *   now, today, yesterday, tomorrow   (the last three are midnight and
 *                                 may be followed by a time: "yesterday 22:00")
 *   Dec 5 10:00, 2026/12/05 10:00 a timestamp as a log writes it (the
 *                                 grammar of timegram.h, seconds optional;
 *                                 year-less: the latest year at most a
 *                                 day after now; dd/mm vs mm/dd that reads
 *                                 both ways is an error)
 *   @1772359200                   Unix seconds, optional fraction
 *   now-1h, now+5m                now plus or minus a duration
 *   -2h, -1h30m, 90m ago, 2 days ago  a duration before now
 *   +15m, +1 hour                 a duration after base (--until counted
 *                                 from --since)
 * Duration units: s sec second, m min minute, h hr hour, d day, w week
 * (plurals too); a day is 86400 seconds.  Zone-less times, and the
 * midnights of today and yesterday, are wall-clock times in the given zone.
 */
#ifndef LOGSCAN_TIMEEXPR_H
#define LOGSCAN_TIMEEXPR_H

#include <stdint.h>

#include "timefmt.h"
#include "tz.h"

/*
 * Parse s into nanoseconds UTC.  now_ns is the current time (injected so
 * tests are repeatable), zone the zone for zone-less times (NULL = UTC),
 * base the time a "+N" duration counts from (NULL: "+N" is an error).
 * Returns 0 and stores the time, or -1 with err filled as "bad time 'S':
 * what was expected".
 */
int timeexpr_parse(const char *s, int64_t now_ns, const tz *zone,
                   const int64_t *base, int64_t *out, char *err);

/*
 * timeexpr_parse() where a pasted timestamp's ambiguous zone
 * abbreviation (IST, CST) means what aliases says (NULL: nothing); one
 * it does not name is an error ("... give its offset under zone-aliases:
 * in the config").
 */
int timeexpr_parse_aliased(const char *s, int64_t now_ns, const tz *zone,
                           const struct timefmt_aliases *aliases,
                           const int64_t *base, int64_t *out, char *err);

#endif
