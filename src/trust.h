/*
 * trust.h - who may write the files logscan believes.  An index decides
 * which parts of a log a query reads, and the config decides how logscan
 * runs, so whoever can write them can make logscan skip lines.  A file is
 * believed only when the user running logscan, root, or (for an index)
 * the owner of the log could have written it; see "SECURITY" in
 * logscan(1).
 */
#ifndef LOGSCAN_TRUST_H
#define LOGSCAN_TRUST_H

#include <sys/stat.h>
#include <sys/types.h>

/* No third owner: only the user running logscan and root are trusted. */
#define TRUST_NOBODY_ELSE ((uid_t)-1)

/*
 * Is uid one whose files logscan believes: the effective user, root, or
 * also (when not TRUST_NOBODY_ELSE)?  Returns 1 or 0.
 */
int trust_owner(uid_t uid, uid_t also);

/*
 * May a file with status st, in a directory with status dir (NULL: not
 * known, not checked), be believed?  The file must be owned as
 * trust_owner() allows and not be writable by group or others; the
 * directory must be owned the same way and not be writable by group or
 * others unless it has the sticky bit (then only the
 * file's owner can replace the file).  Returns 1, or 0 with why
 * (LS_ERRSZ bytes) ending in "not trusted": "owned by uid 65534, not
 * trusted", "writable by group or others, not trusted", "in a directory
 * owned by uid 1000, not trusted", "in a directory writable by group or
 * others without the sticky bit, not trusted".
 */
int trust_file(const struct stat *st, const struct stat *dir, uid_t also,
               char *why);

/*
 * May files in a directory with status dir be believed (as trust_file()
 * judges the directory)?  Returns 1, or 0 with why: "owned by uid N, not
 * trusted" or "writable by group or others without the sticky bit, not
 * trusted".
 */
int trust_dir(const struct stat *dir, uid_t also, char *why);

#endif
