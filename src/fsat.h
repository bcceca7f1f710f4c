/*
 * fsat.h - reaching a file by a path of any length: the directory that
 * holds it is opened a piece at a time, so that the file itself can be
 * opened, created or renamed with openat() and friends even when its
 * path is longer than PATH_MAX.
 */
#ifndef LOGSCAN_FSAT_H
#define LOGSCAN_FSAT_H

/*
 * Open the directory that holds path (its part before the last '/', or
 * "." when it has none) with O_RDONLY | O_DIRECTORY | O_CLOEXEC.  *base
 * gets a pointer into path just past that '/' (the file's own name).
 * Returns the descriptor, or -1 with errno set (ENAMETOOLONG only when a
 * single name is longer than NAME_MAX).
 */
int fsat_open_dir(const char *path, const char **base);

/*
 * Open the directory path itself like fsat_open_dir() opens a parent.
 * Returns the descriptor, or -1 with errno set.
 */
int fsat_open_path_dir(const char *path);

#endif
