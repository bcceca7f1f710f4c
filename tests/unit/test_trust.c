#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "trust.h"
#include "util.h"

/* A status with just an owner and a mode. */
static struct stat
st_of(uid_t uid, mode_t mode)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_uid = uid;
	st.st_mode = mode;
	return st;
}

/* A uid that is neither root nor the test's own (nor 4242). */
static uid_t
stranger(void)
{
	return geteuid() == 65534 ? 65533 : 65534;
}

static void
test_owner(void **state)
{
	(void)state;
	assert_true(trust_owner(geteuid(), TRUST_NOBODY_ELSE));
	assert_true(trust_owner(0, TRUST_NOBODY_ELSE));
	assert_false(trust_owner(stranger(), TRUST_NOBODY_ELSE));
	assert_true(trust_owner(stranger(), stranger()));
	assert_false(trust_owner(stranger(), 4242));
}

static void
test_file(void **state)
{
	struct stat dir = st_of(0, S_IFDIR | 0755);
	struct stat f = st_of(geteuid(), S_IFREG | 0644);
	char why[LS_ERRSZ];
	char want[64];

	(void)state;
	assert_true(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
	assert_true(trust_file(&f, NULL, TRUST_NOBODY_ELSE, why));
	f = st_of(stranger(), S_IFREG | 0644);
	assert_false(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
	snprintf(want, sizeof(want), "owned by uid %lu, not trusted",
	         (unsigned long)stranger());
	assert_string_equal(why, want);
	/* The log's owner is the third trusted owner. */
	assert_true(trust_file(&f, &dir, stranger(), why));
	f = st_of(0, S_IFREG | 0664);
	assert_false(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
	assert_string_equal(why, "writable by group or others, not trusted");
	f = st_of(0, S_IFREG | 0646);
	assert_false(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
}

static void
test_directory(void **state)
{
	struct stat f = st_of(0, S_IFREG | 0644);
	struct stat dir;
	char why[LS_ERRSZ];

	(void)state;
	dir = st_of(0, S_IFDIR | 0777);
	assert_false(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
	assert_string_equal(why, "in a directory writable by group or others "
	                         "without the sticky bit, not trusted");
	assert_false(trust_dir(&dir, TRUST_NOBODY_ELSE, why));
	dir = st_of(0, S_IFDIR | 0775);
	assert_false(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
	/* A sticky directory like /tmp: only the file's owner replaces it. */
	dir = st_of(0, S_IFDIR | S_ISVTX | 0777);
	assert_true(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
	assert_true(trust_dir(&dir, TRUST_NOBODY_ELSE, why));
	/* ... unless the directory itself is a stranger's. */
	dir = st_of(stranger(), S_IFDIR | S_ISVTX | 0777);
	assert_false(trust_file(&f, &dir, TRUST_NOBODY_ELSE, why));
	assert_non_null(strstr(why, "in a directory owned by uid"));
	dir = st_of(stranger(), S_IFDIR | 0755);
	assert_false(trust_dir(&dir, TRUST_NOBODY_ELSE, why));
	assert_true(trust_dir(&dir, stranger(), why));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_owner),
	    cmocka_unit_test(test_file),
	    cmocka_unit_test(test_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
