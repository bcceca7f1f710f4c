/*
 * globsel.c - --include, --exclude and --exclude-dir as GNU grep reads
 * them.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "globsel.h"
#include "util.h"

struct glob {
	char *pat;
	enum globsel_kind kind;
};

struct globsel {
	struct glob *files; /* --include and --exclude, in order */
	size_t nfiles;
	struct glob *dirs; /* --exclude-dir */
	size_t ndirs;
};

globsel *
globsel_new(void)
{
	return xcalloc(1, sizeof(globsel));
}

void
globsel_free(globsel *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nfiles; i++)
		free(g->files[i].pat);
	for (i = 0; i < g->ndirs; i++)
		free(g->dirs[i].pat);
	free(g->files);
	free(g->dirs);
	free(g);
}

void
globsel_add(globsel *g, const char *glob, enum globsel_kind kind)
{
	struct glob **v = kind == GLOBSEL_EXCLUDE_DIR ? &g->dirs : &g->files;
	size_t *n = kind == GLOBSEL_EXCLUDE_DIR ? &g->ndirs : &g->nfiles;

	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].pat = xstrdup(glob);
	if (kind == GLOBSEL_EXCLUDE_DIR) {
		/* grep drops the trailing slashes of --exclude-dir=DIR/. */
		char *s = (*v)[*n].pat;
		size_t l = strlen(s);

		while (l > 1 && s[l - 1] == '/')
			s[--l] = '\0';
	}
	(*v)[*n].kind = kind;
	(*n)++;
}

int
globsel_add_file(globsel *g, const char *path, char *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	if (f == NULL) {
		ls_errf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	errno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			len--;
		line[len] = '\0';
		if (len > 0)
			globsel_add(g, line, GLOBSEL_EXCLUDE);
	}
	if (ferror(f)) {
		ls_errf(err, "%s: %s", path, strerror(errno ? errno : EIO));
		rc = -1;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* Whether pat matches name: the whole of it, or on the command line also
 * any part of it that follows a '/' (and is not another '/'). */
static int
glob_matches(const char *pat, const char *name, int command_line)
{
	const char *p;

	if (fnmatch(pat, name, 0) == 0)
		return 1;
	if (!command_line)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (p[0] == '/' && p[1] != '/' && fnmatch(pat, p + 1, 0) == 0)
			return 1;
	return 0;
}

int
globsel_skip_file(const globsel *g, const char *name, int command_line)
{
	size_t i = g->nfiles;

	if (i == 0)
		return 0;
	while (i-- > 0)
		if (glob_matches(g->files[i].pat, name, command_line))
			return g->files[i].kind != GLOBSEL_INCLUDE;
	return g->files[0].kind == GLOBSEL_INCLUDE;
}

int
globsel_skip_dir(const globsel *g, const char *name, int command_line)
{
	size_t i;

	for (i = 0; i < g->ndirs; i++)
		if (glob_matches(g->dirs[i].pat, name, command_line))
			return 1;
	return 0;
}
