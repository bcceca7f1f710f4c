/*
 * globsel.h - which files a recursive grep searches: --include, --exclude,
 * --exclude-dir and --exclude-from, matched as GNU grep matches them.
 *
 * Globs are fnmatch(3) patterns without flags ('*' matches '/' and a
 * leading '.').  A file found while recursing is matched by its base
 * name.  A file named on the command line is matched by its whole name
 * and by every suffix that starts just after a '/'.  Among --include and
 * --exclude the last glob that matches decides; when none matches, a file
 * is searched unless the first of them was an --include.
 */
#ifndef LOGSCAN_GLOBSEL_H
#define LOGSCAN_GLOBSEL_H

#include <stddef.h>

enum globsel_kind {
	GLOBSEL_INCLUDE,    /* --include */
	GLOBSEL_EXCLUDE,    /* --exclude, --exclude-from */
	GLOBSEL_EXCLUDE_DIR /* --exclude-dir */
};

typedef struct globsel globsel;

/* An empty selection (it skips nothing).  Never fails. */
globsel *globsel_new(void);

/* Free a selection; accepts NULL. */
void globsel_free(globsel *g);

/* Add glob (copied) as kind, after the globs added before. */
void globsel_add(globsel *g, const char *glob, enum globsel_kind kind);

/*
 * Add every line of the file path as an --exclude glob, as --exclude-from
 * does: trailing white space is dropped and empty lines are skipped.
 * Returns 0, or -1 with err holding "PATH: strerror text".
 */
int globsel_add_file(globsel *g, const char *path, char *err);

/* Whether the file name (not a directory) is to be skipped; command_line
 * says how to match it (see above). */
int globsel_skip_file(const globsel *g, const char *name, int command_line);

/* Whether the directory name is to be skipped (--exclude-dir). */
int globsel_skip_dir(const globsel *g, const char *name, int command_line);

#endif
