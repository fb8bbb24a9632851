/* store/outbox.c - the queue of rendered mails for SMTP: one row per mail
   with its bytes, one per recipient with its own delivery state, so a
   temporary failure for one recipient retries only that recipient. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char outbox_sql_add[] =
	"INSERT INTO outbox (case_id, kind, message_id, subject, raw, created, "
	"next_attempt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char outbox_sql_add_rcpt[] =
	"INSERT OR IGNORE INTO outbox_recipients (outbox_id, address, "
	"next_attempt) VALUES (?1, ?2, ?3)";
static const char outbox_sql_due[] =
	"SELECT id, case_id, kind, message_id, subject, status, raw, created, "
	"next_attempt, attempts, last_error FROM outbox "
	"WHERE status = 'queued' AND next_attempt <= ?1 "
	"ORDER BY next_attempt, id LIMIT ?2";
static const char outbox_sql_due_rcpt[] =
	"SELECT address FROM outbox_recipients WHERE outbox_id = ?1 "
	"AND status = 'pending' AND next_attempt <= ?2 ORDER BY rowid";
static const char outbox_sql_case[] =
	"SELECT id, case_id, kind, message_id, subject, status, NULL, created, "
	"next_attempt, attempts, last_error FROM outbox WHERE case_id = ?1 "
	"ORDER BY id";
static const char outbox_sql_case_rcpt[] =
	"SELECT address || ' ' || status FROM outbox_recipients "
	"WHERE outbox_id = ?1 ORDER BY rowid";
static const char outbox_sql_result[] =
	"UPDATE outbox_recipients SET status = ?3, attempts = attempts + 1, "
	"last_attempt = ?4, next_attempt = ?5, last_error = ?6, claimed = NULL "
	"WHERE outbox_id = ?1 AND address = ?2 AND status = 'pending'";
static const char outbox_sql_settle[] =
	"UPDATE outbox SET attempts = attempts + 1, last_error = "
	"coalesce(?2, last_error), "
	"next_attempt = coalesce((SELECT min(next_attempt) FROM "
	"outbox_recipients WHERE outbox_id = ?1 AND status = 'pending'), "
	"next_attempt), status = CASE "
	"WHEN EXISTS (SELECT 1 FROM outbox_recipients WHERE outbox_id = ?1 "
	"AND status = 'pending') THEN 'queued' "
	"WHEN EXISTS (SELECT 1 FROM outbox_recipients WHERE outbox_id = ?1 "
	"AND status = 'sent') THEN 'sent' ELSE 'failed' END WHERE id = ?1";
static const char outbox_sql_fail_rcpt[] =
	"UPDATE outbox_recipients SET status = 'failed', last_attempt = ?2, "
	"last_error = ?3, claimed = NULL "
	"WHERE outbox_id = ?1 AND status = 'pending'";
static const char outbox_sql_fail[] =
	"UPDATE outbox SET status = 'failed', last_error = ?2 WHERE id = ?1";
static const char outbox_sql_find[] =
	"SELECT id, case_id FROM outbox WHERE message_id = ?1";
static const char outbox_sql_next_seq[] =
	"SELECT count(*) + 1 FROM outbox WHERE case_id = ?1";
static const char outbox_sql_claim[] =
	"UPDATE outbox_recipients SET claimed = ?3 WHERE outbox_id = ?1 "
	"AND address = ?2 AND status = 'pending' AND claimed IS NULL";
static const char outbox_sql_doubts[] =
	"SELECT r.outbox_id, o.case_id, o.message_id, r.address, r.claimed, "
	"r.in_doubt + 1 FROM outbox_recipients r "
	"JOIN outbox o ON o.id = r.outbox_id "
	"WHERE r.claimed IS NOT NULL AND r.status = 'pending' "
	"ORDER BY r.outbox_id, r.rowid";
static const char outbox_sql_unclaim[] =
	"UPDATE outbox_recipients SET claimed = NULL, in_doubt = in_doubt + 1 "
	"WHERE claimed IS NOT NULL AND status = 'pending'";
static const char outbox_sql_clear_done[] =
	"UPDATE outbox_recipients SET claimed = NULL "
	"WHERE claimed IS NOT NULL AND status <> 'pending'";
static const char outbox_sql_bounce_rcpt[] =
	"UPDATE outbox_recipients SET status = 'failed', last_attempt = ?4, "
	"last_error = ?3, claimed = NULL WHERE outbox_id = ?1 "
	"AND (?2 IS NULL OR address = ?2) AND status <> 'failed'";
static const char outbox_sql_bounce_settle[] =
	"UPDATE outbox SET last_error = coalesce(?2, last_error), "
	"status = CASE "
	"WHEN EXISTS (SELECT 1 FROM outbox_recipients WHERE outbox_id = ?1 "
	"AND status = 'pending') THEN 'queued' "
	"WHEN EXISTS (SELECT 1 FROM outbox_recipients WHERE outbox_id = ?1 "
	"AND status = 'sent') THEN 'sent' ELSE 'failed' END WHERE id = ?1";

int
store_outbox_add(struct store *s, const struct store_outbox_new *m,
		 int64_t *id_r, struct err *err)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	size_t i;
	bool own;
	int ret = -1;

	if (m->recipients == NULL || m->recipients->n == 0) {
		err_set(err, ERR_FATAL, "outbox mail without recipients");
		return -1;
	}
	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, outbox_sql_add, err)) == NULL)
		goto out;
	db_bind_id(s, st, 1, m->case_id);
	db_bind_text(s, st, 2, m->kind);
	db_bind_text(s, st, 3, m->message_id);
	db_bind_text(s, st, 4, m->subject);
	db_bind_blob(s, st, 5, m->raw, m->raw_len);
	db_bind_int(s, st, 6, m->now);
	db_bind_int(s, st, 7, m->next_attempt);
	if (db_step(s, st, err) < 0)
		goto out;
	id = db_last_id(s);
	for (i = 0; i < m->recipients->n; i++) {
		char *addr = casetab_lower(m->recipients->v[i]);
		int rc;

		if ((st = db_stmt(s, outbox_sql_add_rcpt, err)) == NULL) {
			free(addr);
			goto out;
		}
		db_bind_int(s, st, 1, id);
		db_bind_text(s, st, 2, addr);
		db_bind_int(s, st, 3, m->next_attempt);
		rc = db_step(s, st, err);
		free(addr);
		if (rc < 0)
			goto out;
	}
	if (id_r != NULL)
		*id_r = id;
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

/* Reads the rows of st (a SELECT of outbox columns) and their recipients
   from rsql (bound with the outbox id and now). */
static int
outbox_read(struct store *s, sqlite3_stmt *st, const char *rsql, time_t now,
	    struct store_outbox_mail **mails_r, size_t *n_r, struct err *err)
{
	struct store_outbox_mail *v = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	while ((rc = db_step(s, st, err)) == 1) {
		struct store_outbox_mail *m;
		const void *raw;

		v = xgrow(v, n, &cap, sizeof(*v));
		m = &v[n++];
		*m = (struct store_outbox_mail){ 0 };
		m->id = db_col_int(st, 0);
		m->case_id = db_col_int(st, 1);
		m->kind = db_col_dup(st, 2);
		m->message_id = db_col_dup(st, 3);
		m->subject = db_col_dup(st, 4);
		m->status = db_col_dup(st, 5);
		raw = sqlite3_column_blob(st, 6);
		m->raw_len = (size_t)sqlite3_column_bytes(st, 6);
		if (raw != NULL) {
			m->raw = xmalloc(m->raw_len + 1);
			memcpy(m->raw, raw, m->raw_len);
			m->raw[m->raw_len] = '\0';
		} else {
			m->raw_len = 0;
		}
		m->created = (time_t)db_col_int(st, 7);
		m->next_attempt = (time_t)db_col_int(st, 8);
		m->attempts = (int)db_col_int(st, 9);
		m->last_error = db_col_dup(st, 10);
	}
	for (i = 0; rc == 0 && i < n; i++) {
		sqlite3_stmt *r = db_stmt(s, rsql, err);

		if (r == NULL) {
			rc = -1;
			break;
		}
		db_bind_int(s, r, 1, v[i].id);
		if (sqlite3_bind_parameter_count(r) >= 2)	/* due only */
			db_bind_int(s, r, 2, now);
		while ((rc = db_step(s, r, err)) == 1)
			strv_push_take(&v[i].recipients, db_col_dup(r, 0));
	}
	if (rc < 0) {
		store_outbox_free(v, n);
		return -1;
	}
	*mails_r = v;
	*n_r = n;
	return 0;
}

int
store_outbox_due(struct store *s, time_t now, size_t max,
		 struct store_outbox_mail **mails_r, size_t *n_r,
		 struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, outbox_sql_due, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, now);
	db_bind_int(s, st, 2, (int64_t)max);
	return outbox_read(s, st, outbox_sql_due_rcpt, now, mails_r, n_r, err);
}

int
store_outbox_for_case(struct store *s, int64_t case_id,
		      struct store_outbox_mail **mails_r, size_t *n_r,
		      struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, outbox_sql_case, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	return outbox_read(s, st, outbox_sql_case_rcpt, 0, mails_r, n_r, err);
}

void
store_outbox_free(struct store_outbox_mail *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].message_id);
		free(v[i].subject);
		free(v[i].status);
		free(v[i].raw);
		free(v[i].last_error);
		strv_free(&v[i].recipients);
	}
	free(v);
}

int
store_outbox_result(struct store *s, int64_t id, const char *address,
		    enum store_delivery result, time_t now,
		    time_t next_attempt, const char *error, struct err *err)
{
	static const char *const names[] = { "sent", "pending", "failed" };
	sqlite3_stmt *st;
	char *addr = casetab_lower(address);
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0) {
		free(addr);
		return -1;
	}
	if ((st = db_stmt(s, outbox_sql_result, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, addr);
	db_bind_text(s, st, 3, names[result]);
	db_bind_int(s, st, 4, now);
	db_bind_int(s, st, 5, result == DELIVERY_TEMP_FAIL ? next_attempt :
		    now);
	db_bind_text(s, st, 6, error);
	if (db_step(s, st, err) < 0)
		goto out;
	if (db_changes(s) != 1) {
		err_set(err, ERR_FATAL, "outbox %lld has no pending recipient "
			"%s", (long long)id, addr ? addr : "-");
		goto out;
	}
	if ((st = db_stmt(s, outbox_sql_settle, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, error);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = 0;
out:
	free(addr);
	return db_auto_end(s, own, ret, err);
}

int
store_outbox_fail(struct store *s, int64_t id, const char *reason,
		  time_t now, struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, outbox_sql_fail_rcpt, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_int(s, st, 2, now);
	db_bind_text(s, st, 3, reason);
	if (db_step(s, st, err) < 0)
		goto out;
	if ((st = db_stmt(s, outbox_sql_fail, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, reason);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

int
store_outbox_find_message_id(struct store *s, const char *message_id,
			     int64_t *id_r, int64_t *case_id_r,
			     struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, outbox_sql_find, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, message_id);
	if ((rc = db_step(s, st, err)) == 1) {
		if (id_r != NULL)
			*id_r = db_col_int(st, 0);
		if (case_id_r != NULL)
			*case_id_r = db_col_int(st, 1);
		db_reset(st);
	}
	return rc;
}

int
store_outbox_next_seq(struct store *s, int64_t case_id, unsigned *seq_r,
		      struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*seq_r = 1;
	if ((st = db_stmt(s, outbox_sql_next_seq, err)) == NULL)
		return -1;
	db_bind_id(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) < 0)
		return -1;
	if (rc == 1) {
		*seq_r = (unsigned)db_col_int(st, 0);
		db_reset(st);
	}
	return 0;
}

int
store_outbox_claim(struct store *s, int64_t id, const char *address,
		   time_t now, struct err *err)
{
	sqlite3_stmt *st;
	char *addr = casetab_lower(address);
	int ret = -1;

	if ((st = db_stmt(s, outbox_sql_claim, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, addr);
	db_bind_int(s, st, 3, now);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = db_changes(s) == 1 ? 1 : 0;
out:
	free(addr);
	return ret;
}

int
store_outbox_recover(struct store *s, struct store_outbox_doubt **v_r,
		     size_t *n_r, struct err *err)
{
	struct store_outbox_doubt *v = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	bool own;
	int rc, ret = -1;

	*v_r = NULL;
	*n_r = 0;
	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, outbox_sql_doubts, err)) == NULL)
		goto out;
	while ((rc = db_step(s, st, err)) == 1) {
		struct store_outbox_doubt *d;

		v = xgrow(v, n, &cap, sizeof(*v));
		d = &v[n++];
		d->outbox_id = db_col_int(st, 0);
		d->case_id = db_col_int(st, 1);
		d->message_id = db_col_dup(st, 2);
		d->address = db_col_dup(st, 3);
		d->claimed = (time_t)db_col_int(st, 4);
		d->in_doubt = (int)db_col_int(st, 5);
	}
	if (rc < 0)
		goto out;
	if ((st = db_stmt(s, outbox_sql_unclaim, err)) == NULL ||
	    db_step(s, st, err) < 0)
		goto out;
	if ((st = db_stmt(s, outbox_sql_clear_done, err)) == NULL ||
	    db_step(s, st, err) < 0)
		goto out;
	ret = 0;
out:
	ret = db_auto_end(s, own, ret, err);
	if (ret < 0) {
		store_outbox_doubts_free(v, n);
		return -1;
	}
	*v_r = v;
	*n_r = n;
	return 0;
}

void
store_outbox_doubts_free(struct store_outbox_doubt *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].message_id);
		free(v[i].address);
	}
	free(v);
}

int
store_outbox_bounced(struct store *s, int64_t id, const char *address,
		     const char *error, time_t now, int *n_r, struct err *err)
{
	sqlite3_stmt *st;
	char *addr = casetab_lower(address);
	bool own;
	int ret = -1;

	*n_r = 0;
	if (db_auto_begin(s, &own, err) < 0) {
		free(addr);
		return -1;
	}
	if ((st = db_stmt(s, outbox_sql_bounce_rcpt, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, addr);
	db_bind_text(s, st, 3, error);
	db_bind_int(s, st, 4, now);
	if (db_step(s, st, err) < 0)
		goto out;
	*n_r = db_changes(s);
	if ((st = db_stmt(s, outbox_sql_bounce_settle, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, *n_r > 0 ? error : NULL);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = 0;
out:
	free(addr);
	return db_auto_end(s, own, ret, err);
}
