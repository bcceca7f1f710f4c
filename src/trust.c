/*
 * trust.c - who may write the files logscan believes (see trust.h).
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "trust.h"
#include "util.h"

int
trust_owner(uid_t uid, uid_t also)
{
	return uid == geteuid() || uid == 0 ||
	       (also != TRUST_NOBODY_ELSE && uid == also);
}

int
trust_dir(const struct stat *dir, uid_t also, char *why)
{
	if (!trust_owner(dir->st_uid, also)) {
		ls_errf(why, "owned by uid %lu, not trusted",
		        (unsigned long)dir->st_uid);
		return 0;
	}
	if ((dir->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    (dir->st_mode & S_ISVTX) == 0) {
		ls_errf(why, "writable by group or others without the sticky "
		             "bit, not trusted");
		return 0;
	}
	return 1;
}

int
trust_file(const struct stat *st, const struct stat *dir, uid_t also,
           char *why)
{
	if (!trust_owner(st->st_uid, also)) {
		ls_errf(why, "owned by uid %lu, not trusted",
		        (unsigned long)st->st_uid);
		return 0;
	}
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		ls_errf(why, "writable by group or others, not trusted");
		return 0;
	}
	if (dir == NULL)
		return 1;
	/* The directory's owner can always replace the file. */
	if (!trust_owner(dir->st_uid, also)) {
		ls_errf(why, "in a directory owned by uid %lu, not trusted",
		        (unsigned long)dir->st_uid);
		return 0;
	}
	/* In a sticky directory only the file's owner (or the directory's)
	 * can remove or rename over the file, and both are trusted. */
	if ((dir->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    (dir->st_mode & S_ISVTX) == 0) {
		ls_errf(why, "in a directory writable by group or others "
		             "without the sticky bit, not trusted");
		return 0;
	}
	return 1;
}
