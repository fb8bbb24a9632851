/* store/staffview.c - small reads for the staff console: a field of an
   event's JSON detail (SQLite's json_extract, so the console needs no
   JSON reader of its own), the assignment of a case to an account and
   the bytes of a mail the case sent. */
#include <stdlib.h>

#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char sv_sql_json[] =
	"SELECT CASE json_type(?1, ?2) WHEN 'text' THEN json_extract(?1, ?2) "
	"WHEN 'integer' THEN CAST(json_extract(?1, ?2) AS TEXT) "
	"WHEN 'real' THEN CAST(json_extract(?1, ?2) AS TEXT) END "
	"WHERE json_valid(?1)";
static const char sv_sql_assign[] =
	"UPDATE cases SET assignee = ?2, updated = ?3 WHERE id = ?1 AND "
	"assignee IS NOT ?2";
static const char sv_sql_assignee[] =
	"SELECT assignee FROM cases WHERE id = ?1";
static const char sv_sql_outbox_raw[] =
	"SELECT raw FROM outbox WHERE id = ?2 AND case_id = ?1";

char *
store_json_text(struct store *s, const char *json, const char *path)
{
	struct err err;
	sqlite3_stmt *st;
	char *v;

	err_clear(&err);
	if (json == NULL || (st = db_stmt(s, sv_sql_json, &err)) == NULL)
		return NULL;
	db_bind_text(s, st, 1, json);
	db_bind_text(s, st, 2, path);
	if (db_step(s, st, &err) != 1)
		return NULL;
	v = db_col_dup(st, 0);
	db_reset(st);
	return v;
}

int
store_case_assign(struct store *s, int64_t case_id, const char *assignee,
		  time_t now, const char *actor, struct err *err)
{
	sqlite3_stmt *st;
	struct json j;
	struct buf b;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, sv_sql_assign, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, assignee);
	db_bind_int(s, st, 3, now);
	if (db_step(s, st, err) < 0)
		goto out;
	if (db_changes(s) == 0) {
		ret = 0;	/* already so */
		goto out;
	}
	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "assignee", assignee);
	json_end_object(&j);
	ret = store_event_add(s, case_id, 0, now, actor, "case.assigned",
			      buf_str(&b), err) < 0 ? -1 : 1;
	buf_free(&b);
out:
	return db_auto_end(s, own, ret, err) < 0 ? -1 : ret;
}

int
store_case_assignee(struct store *s, int64_t case_id, char **assignee_r,
		    struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*assignee_r = NULL;
	if ((st = db_stmt(s, sv_sql_assignee, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	*assignee_r = db_col_dup(st, 0);
	db_reset(st);
	return 1;
}

int
store_outbox_raw(struct store *s, int64_t case_id, int64_t id,
		 unsigned char **raw_r, size_t *len_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*raw_r = NULL;
	*len_r = 0;
	if ((st = db_stmt(s, sv_sql_outbox_raw, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	*raw_r = db_col_blob_dup(st, 0, len_r);
	db_reset(st);
	return 1;
}
