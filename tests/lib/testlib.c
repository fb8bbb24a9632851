/* tests/lib/testlib.c - TAP output for unit tests. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static int test_n;
static int test_failed;

void
test_begin(const char *name)
{
	printf("# %s\n", name);
	fflush(stdout);
}

bool
test_ok_at(bool cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	test_n++;
	printf("%sok %d - ", cond ? "" : "not ", test_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		test_failed++;
		printf("#   at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

void
test_skip(const char *why)
{
	test_n++;
	printf("ok %d # SKIP %s\n", test_n, why);
	fflush(stdout);
}

bool
test_streq_at(const char *got, const char *want, const char *file, int line,
	      const char *what)
{
	bool ok = (got == NULL && want == NULL) ||
		  (got != NULL && want != NULL && strcmp(got, want) == 0);

	test_ok_at(ok, file, line, "%s", what);
	if (!ok)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)",
		       want ? want : "(null)");
	return ok;
}

int
test_done(void)
{
	printf("1..%d\n", test_n);
	return test_failed ? 1 : 0;
}

int
test_done_rmdir(const char *dir)
{
	char cmd[4200];
	int ret = test_done();

	if (ret == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			ret = 1;
	}
	return ret;
}

const char *
test_path(const char *rel)
{
	static char path[4096];
	const char *srcdir = getenv("srcdir");

	snprintf(path, sizeof(path), "%s/tests/%s", srcdir ? srcdir : ".", rel);
	return path;
}

char *
test_read_file(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, len = 0, n;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			data = realloc(data, cap);
			if (data == NULL)
				abort();
		}
		n = fread(data + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	data[len] = '\0';
	*len_r = len;
	return data;
}
