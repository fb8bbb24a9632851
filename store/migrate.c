/* store/migrate.c - schema migrations tracked by PRAGMA user_version:
   every pending step runs in one BEGIN IMMEDIATE transaction, so two
   processes opening a fresh database do not both migrate, and a failed
   step leaves the database as it was. */
#include <stdio.h>

#include "store/migrate.h"
#include "store/store-int.h"

static int
migrate_version(struct store *s, int *version_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, "PRAGMA user_version", err)) == NULL)
		return -1;
	if ((rc = db_step(s, st, err)) < 0)
		return -1;
	*version_r = rc == 1 ? (int)db_col_int(st, 0) : 0;
	db_reset(st);
	return 0;
}

int
migrate_apply(struct store *s, struct err *err)
{
	char pragma[64];
	int v, i, latest = migrate_nsteps;

	if (db_begin(s, err) < 0)
		return -1;
	if (migrate_version(s, &v, err) < 0)
		goto fail;
	if (v > latest) {
		err_set(err, ERR_FATAL, "database schema version %d is newer "
			"than this program's (%d): upgrade reportgate", v,
			latest);
		goto fail;
	}
	for (i = 0; i < migrate_nsteps; i++) {
		if (migrate_steps[i].version <= v)
			continue;
		if (db_exec(s, migrate_steps[i].sql, err) < 0)
			goto fail;
	}
	if (v < latest) {
		/* PRAGMA takes no parameters; the number is our own. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d",
			 latest);
		if (db_exec(s, pragma, err) < 0)
			goto fail;
	}
	return db_commit(s, err);
fail:
	db_rollback(s);
	return -1;
}

int
store_schema_version(struct store *s)
{
	struct err err;
	int v;

	return migrate_version(s, &v, &err) < 0 ? -1 : v;
}

int
store_schema_latest(void)
{
	return migrate_nsteps;
}
