/*
 * fsat.c - opening directories by paths of any length (see fsat.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsat.h"
#include "util.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)

/* Open the first len bytes of path as a directory. */
static int
open_dir_n(const char *path, size_t len)
{
	char *s;
	size_t i = 0;
	int fd, e;

	if (len == 0)
		return open(".", DIR_FLAGS);
	s = xmalloc(len + 1);
	memcpy(s, path, len);
	s[len] = '\0';
	if (len < PATH_MAX) {
		fd = open(s, DIR_FLAGS);
		e = errno;
		free(s);
		errno = e;
		return fd;
	}
	/* Too long for one open(): walk it in pieces shorter than PATH_MAX
	 * that end at a '/'. */
	fd = open(s[0] == '/' ? "/" : ".", DIR_FLAGS);
	while (fd >= 0 && i < len) {
		size_t end, cut = 0;
		int next;

		while (i < len && s[i] == '/')
			i++;
		if (i == len)
			break;
		end = len - i < PATH_MAX - 1 ? len : i + PATH_MAX - 1;
		if (end < len) {
			for (size_t k = end; k > i; k--)
				if (s[k] == '/') {
					cut = k;
					break;
				}
			if (cut == 0) {
				close(fd);
				free(s);
				errno = ENAMETOOLONG;
				return -1;
			}
			end = cut;
		}
		s[end] = '\0';
		next = openat(fd, s + i, DIR_FLAGS);
		e = errno;
		if (end < len)
			s[end] = '/';
		close(fd);
		errno = e;
		fd = next;
		i = end;
	}
	e = errno;
	free(s);
	errno = e;
	return fd;
}

int
fsat_open_dir(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*base = path;
		return open(".", DIR_FLAGS);
	}
	*base = slash + 1;
	if (slash == path)
		return open("/", DIR_FLAGS);
	return open_dir_n(path, (size_t)(slash - path));
}

int
fsat_open_path_dir(const char *path)
{
	return open_dir_n(path, strlen(path));
}
