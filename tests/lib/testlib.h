/* tests/lib/testlib.h - a tiny TAP harness. Each check prints "ok N" or
   "not ok N"; automake's TAP driver counts every one, so the closing
   "N passed, N failed" line counts test points, not programs. */
#ifndef RG_TESTLIB_H
#define RG_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>

/* Starts a named group of checks (printed as a TAP comment). */
void test_begin(const char *name);
/* Records one check. Returns cond. */
bool test_ok_at(bool cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Records a skipped check with a reason. */
void test_skip(const char *why);
/* Compares two strings (NULL-safe) and records one check. */
bool test_streq_at(const char *got, const char *want, const char *file,
		   int line, const char *what);
/* Prints the plan "1..N" and returns the exit status (0 if all passed). */
int test_done(void);
/* test_done, then, when all passed, removes the temporary directory dir
   (a path made by mkdtemp) with everything in it; a removal that fails
   fails the program. Returns the exit status. */
int test_done_rmdir(const char *dir);
/* Returns the path of dir/name below the source tree's tests/ folder
   (from $srcdir or "."), owned by a static buffer. */
const char *test_path(const char *rel);
/* Reads a whole file into a new buffer owned by the caller; *len_r gets
   its size. Returns NULL if it cannot be read. */
char *test_read_file(const char *path, size_t *len_r);

#define test_ok(cond, ...) test_ok_at((cond), __FILE__, __LINE__, __VA_ARGS__)
#define test_streq(got, want, what) \
	test_streq_at((got), (want), __FILE__, __LINE__, (what))

#endif
