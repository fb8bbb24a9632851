/* store/quarantine.c - messages the pipeline could not process, with the
   reason: kept and listed, never dropped. */
#include <stdlib.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char quarantine_sql_add[] =
	"INSERT INTO quarantine (message_id, mailbox, uidvalidity, uid, "
	"sha256, size, reason, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char quarantine_sql_find[] =
	"SELECT reason FROM quarantine WHERE sha256 = ?1 ORDER BY id LIMIT 1";
static const char quarantine_sql_list[] =
	"SELECT id, message_id, mailbox, uidvalidity, uid, sha256, size, "
	"reason, time FROM quarantine ORDER BY id";
static const char quarantine_sql_get[] =
	"SELECT id, message_id, mailbox, uidvalidity, uid, sha256, size, "
	"reason, time FROM quarantine WHERE id = ?1";
static const char quarantine_sql_leave[] =
	"DELETE FROM quarantine WHERE sha256 = ?1";

int
store_quarantine_add(struct store *s, int64_t msg_id,
		     const struct msg_key *key, const char *sha256,
		     uint64_t size, const char *reason, time_t now,
		     int64_t *id_r, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, quarantine_sql_add, err)) == NULL)
		return -1;
	db_bind_id(s, st, 1, msg_id);
	db_bind_text(s, st, 2, key->mailbox);
	db_bind_int(s, st, 3, key->uidvalidity);
	db_bind_int(s, st, 4, key->uid);
	db_bind_text(s, st, 5, sha256);
	db_bind_int(s, st, 6, (int64_t)size);
	db_bind_text(s, st, 7, reason);
	db_bind_int(s, st, 8, now);
	if (db_step(s, st, err) < 0)
		return -1;
	if (id_r != NULL)
		*id_r = db_last_id(s);
	return 0;
}

int
store_quarantine_find_sha(struct store *s, const char *sha256,
			  char **reason_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, quarantine_sql_find, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, sha256);
	if ((rc = db_step(s, st, err)) == 1) {
		if (reason_r != NULL)
			*reason_r = db_col_dup(st, 0);
		db_reset(st);
	}
	return rc;
}

/* Copies the current row of a quarantine_sql_list/get statement. */
static void
quarantine_row(sqlite3_stmt *st, struct store_quarantine *q)
{
	q->id = db_col_int(st, 0);
	q->message_id = db_col_int(st, 1);
	q->mailbox = db_col_dup(st, 2);
	q->uidvalidity = (uint32_t)db_col_int(st, 3);
	q->uid = (uint32_t)db_col_int(st, 4);
	q->sha256 = db_col_dup(st, 5);
	q->size = (uint64_t)db_col_int(st, 6);
	q->reason = db_col_dup(st, 7);
	q->time = (time_t)db_col_int(st, 8);
}

int
store_quarantine_list(struct store *s, struct store_quarantine **q_r,
		      size_t *n_r, struct err *err)
{
	struct store_quarantine *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;
	int rc;

	if ((st = db_stmt(s, quarantine_sql_list, err)) == NULL)
		return -1;
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		quarantine_row(st, &v[n++]);
	}
	if (rc < 0) {
		store_quarantine_free(v, n);
		return -1;
	}
	*q_r = v;
	*n_r = n;
	return 0;
}

int
store_quarantine_get(struct store *s, int64_t id,
		     struct store_quarantine **q_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, quarantine_sql_get, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	if ((rc = db_step(s, st, err)) == 1) {
		*q_r = xcalloc(1, sizeof(**q_r));
		quarantine_row(st, *q_r);
		db_reset(st);
	}
	return rc;
}

int
store_quarantine_leave(struct store *s, int64_t msg_id, const char *sha256,
		       int64_t entry, const char *reason, const char *actor,
		       time_t now, struct err *err)
{
	struct store_event_draft ev;
	sqlite3_stmt *st;

	if ((st = db_stmt(s, quarantine_sql_leave, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, sha256);
	if (db_step(s, st, err) < 0)
		return -1;
	store_event_begin(&ev);
	json_kv_int(&ev.j, "quarantine", entry);
	json_kv_string(&ev.j, "reason", reason);
	json_kv_string(&ev.j, "sha256", sha256);
	return store_event_end(s, &ev, 0, msg_id, now, actor,
			       "message.refiled", err);
}

void
store_quarantine_free(struct store_quarantine *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].mailbox);
		free(v[i].sha256);
		free(v[i].reason);
	}
	free(v);
}
