/* tests/lib/teststore.c - see teststore.h. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../common/mem.h"
#include "testlib.h"
#include "teststore.h"

struct store *
test_store_open(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *att = xasprintf("%s/att", dir);
	struct err err;
	struct store *s;

	err_clear(&err);
	if ((s = store_open(path, att, &err)) == NULL)
		printf("# store_open: %s\n", err.msg);
	free(path);
	free(att);
	return s;
}

int
test_store_load(const char *fixture, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *sql, *msg = NULL;
	sqlite3 *db = NULL;
	size_t len;
	int ret = -1;

	if ((sql = test_read_file(test_path(fixture), &len)) == NULL)
		printf("# %s: cannot be read\n", fixture);
	else if (sqlite3_open(path, &db) != SQLITE_OK)
		printf("# %s: %s\n", path, sqlite3_errmsg(db));
	else if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		printf("# %s: %s\n", fixture, msg != NULL ? msg : "failed");
	else
		ret = 0;
	sqlite3_free(msg);
	sqlite3_close(db);
	free(sql);
	free(path);
	return ret;
}
