/* store/portal.c - submissions of the online form held until their
   sender confirms them (store/sql/0010-portal.sql): hold, read, confirm,
   count per address, and expire with the files no row holds any more. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char portal_sql_add[] =
	"INSERT INTO portal_pending (token_sha256, stream, email, from_name, "
	"subject, body, message_id, headers, lang, created, expires) VALUES "
	"(?1, ?2, lower(?3), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char portal_sql_add_file[] =
	"INSERT INTO portal_files (pending_id, seq, field, name, "
	"content_type, sha256, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char portal_sql_get[] =
	"SELECT id, token_sha256, stream, email, from_name, subject, body, "
	"message_id, headers, lang, created, expires, confirmed, case_ref "
	"FROM portal_pending WHERE id = ?1";
static const char portal_sql_files[] =
	"SELECT field, name, content_type, sha256, size FROM portal_files "
	"WHERE pending_id = ?1 ORDER BY seq";
static const char portal_sql_confirm[] =
	"UPDATE portal_pending SET confirmed = ?2, case_ref = ?3 "
	"WHERE id = ?1 AND confirmed IS NULL";
static const char portal_sql_drop_files[] =
	"DELETE FROM portal_files WHERE pending_id = ?1";
static const char portal_sql_channel[] =
	"UPDATE messages SET channel = 'web' WHERE id = ?1";
static const char portal_sql_count[] =
	"SELECT count(*) FROM portal_pending WHERE email = lower(?1) AND "
	"created > ?2";
static const char portal_sql_expired_files[] =
	"SELECT DISTINCT f.sha256 FROM portal_files f JOIN portal_pending p "
	"ON p.id = f.pending_id WHERE p.expires <= ?1";
static const char portal_sql_expire[] =
	"DELETE FROM portal_pending WHERE expires <= ?1";
static const char portal_sql_held[] =
	"SELECT (SELECT count(*) FROM portal_files WHERE sha256 = ?1) + "
	"(SELECT count(*) FROM attachments WHERE sha256 = ?1) + "
	"(SELECT count(*) FROM messages WHERE sha256 = ?1)";

int
store_portal_hold(struct store *s, const struct store_portal_new *n,
		  int64_t *id_r, struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int64_t id;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, portal_sql_add, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, n->token_sha256);
	db_bind_text(s, st, 2, report_stream_name(n->stream));
	db_bind_text(s, st, 3, n->email);
	db_bind_text(s, st, 4, n->from_name);
	db_bind_text(s, st, 5, n->subject);
	db_bind_text(s, st, 6, n->body);
	db_bind_text(s, st, 7, n->message_id);
	db_bind_text(s, st, 8, n->headers);
	db_bind_text(s, st, 9, n->lang);
	db_bind_int(s, st, 10, n->created);
	db_bind_int(s, st, 11, n->expires);
	if (db_step(s, st, err) < 0)
		goto out;
	id = db_last_id(s);
	for (size_t i = 0; i < n->n_files; i++) {
		const struct store_portal_file *f = &n->files[i];

		if ((st = db_stmt(s, portal_sql_add_file, err)) == NULL)
			goto out;
		db_bind_int(s, st, 1, id);
		db_bind_int(s, st, 2, (int64_t)i);
		db_bind_text(s, st, 3, f->field);
		db_bind_text(s, st, 4, f->name);
		db_bind_text(s, st, 5, f->content_type);
		db_bind_text(s, st, 6, f->sha256);
		db_bind_int(s, st, 7, (int64_t)f->size);
		if (db_step(s, st, err) < 0)
			goto out;
	}
	if (id_r != NULL)
		*id_r = id;
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

int
store_portal_get(struct store *s, int64_t id, struct store_portal_held *h,
		 struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(h, 0, sizeof(*h));
	if ((st = db_stmt(s, portal_sql_get, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	h->id = db_col_int(st, 0);
	h->token_sha256 = db_col_dup(st, 1);
	if (report_stream_parse((const char *)sqlite3_column_text(st, 2),
				&h->stream) < 0)
		h->stream = STREAM_IP;
	h->email = db_col_dup(st, 3);
	h->from_name = db_col_dup(st, 4);
	h->subject = db_col_dup(st, 5);
	h->body = db_col_dup(st, 6);
	h->message_id = db_col_dup(st, 7);
	h->headers = db_col_dup(st, 8);
	h->lang = db_col_dup(st, 9);
	h->created = (time_t)db_col_int(st, 10);
	h->expires = (time_t)db_col_int(st, 11);
	h->confirmed = (time_t)db_col_int(st, 12);
	h->case_ref = db_col_dup(st, 13);
	db_reset(st);
	if ((st = db_stmt(s, portal_sql_files, err)) == NULL)
		goto fail;
	db_bind_int(s, st, 1, id);
	while ((rc = db_step(s, st, err)) == 1) {
		struct store_portal_held_file *f;

		h->files = xreallocarray(h->files, h->n_files + 1,
					 sizeof(*h->files));
		f = &h->files[h->n_files++];
		f->field = db_col_dup(st, 0);
		f->name = db_col_dup(st, 1);
		f->content_type = db_col_dup(st, 2);
		f->sha256 = db_col_dup(st, 3);
		f->size = (uint64_t)db_col_int(st, 4);
	}
	if (rc < 0)
		goto fail;
	return 1;
fail:
	store_portal_held_clear(h);
	return -1;
}

void
store_portal_held_clear(struct store_portal_held *h)
{
	for (size_t i = 0; i < h->n_files; i++) {
		free(h->files[i].field);
		free(h->files[i].name);
		free(h->files[i].content_type);
		free(h->files[i].sha256);
	}
	free(h->files);
	free(h->token_sha256);
	free(h->email);
	free(h->from_name);
	free(h->subject);
	free(h->body);
	free(h->message_id);
	free(h->headers);
	free(h->lang);
	free(h->case_ref);
	memset(h, 0, sizeof(*h));
}

int
store_portal_confirmed(struct store *s, int64_t id, int64_t msg_id,
		       const char *ref, time_t now, struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, portal_sql_confirm, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	db_bind_int(s, st, 2, now);
	db_bind_text(s, st, 3, ref);
	if (db_step(s, st, err) < 0)
		goto out;
	/* The files are the message's attachments now. */
	if ((st = db_stmt(s, portal_sql_drop_files, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, id);
	if (db_step(s, st, err) < 0)
		goto out;
	if (msg_id > 0) {
		if ((st = db_stmt(s, portal_sql_channel, err)) == NULL)
			goto out;
		db_bind_int(s, st, 1, msg_id);
		if (db_step(s, st, err) < 0)
			goto out;
	}
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

int
store_portal_count_email(struct store *s, const char *email, time_t since,
			 unsigned *n_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*n_r = 0;
	if ((st = db_stmt(s, portal_sql_count, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, email);
	db_bind_int(s, st, 2, since);
	if ((rc = db_step(s, st, err)) < 0)
		return -1;
	if (rc == 1) {
		*n_r = (unsigned)db_col_int(st, 0);
		db_reset(st);
	}
	return 0;
}

int
store_portal_expire(struct store *s, time_t now, unsigned *n_r,
		    struct err *err)
{
	struct strv shas = { NULL, 0, 0 };
	sqlite3_stmt *st;
	bool own;
	int rc, ret = -1;

	*n_r = 0;
	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, portal_sql_expired_files, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, now);
	while ((rc = db_step(s, st, err)) == 1)
		strv_push(&shas, (const char *)sqlite3_column_text(st, 0));
	if (rc < 0 || (st = db_stmt(s, portal_sql_expire, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, now);
	if (db_step(s, st, err) < 0)
		goto out;
	*n_r = (unsigned)db_changes(s);
	ret = 0;
out:
	if ((ret = db_auto_end(s, own, ret, err)) < 0) {
		strv_free(&shas);
		return -1;
	}
	/* After the commit: a file is removed only when no row names it
	   (another held form, an attachment, a raw message). A crash
	   before this leaves a file nobody names, never a name without
	   its file. */
	for (size_t i = 0; i < shas.n; i++) {
		char *path;

		if ((st = db_stmt(s, portal_sql_held, err)) == NULL)
			break;
		db_bind_text(s, st, 1, shas.v[i]);
		if (db_step(s, st, err) != 1)
			break;
		rc = (int)db_col_int(st, 0);
		db_reset(st);
		if (rc == 0 && (path = store_att_path(s, shas.v[i])) != NULL) {
			(void)unlink(path);
			free(path);
		}
	}
	strv_free(&shas);
	return 0;
}

int
store_portal_channel(struct store *s, int64_t msg_id, struct err *err)
{
	sqlite3_stmt *st;

	if (msg_id <= 0)
		return 0;
	if ((st = db_stmt(s, portal_sql_channel, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, msg_id);
	return db_step(s, st, err) < 0 ? -1 : 0;
}
