/* store/messages.c - inbound messages: the raw bytes in the
   content-addressed file store (older rows: a BLOB), their locations
   (mailbox/UIDVALIDITY/UID), their attachments' rows, and reading them
   back for cases show. */
#include <stdio.h>
#include <stdlib.h>

#include "common/buf.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char messages_sql_add[] =
	"INSERT INTO messages (sha256, size, raw_file, mailbox, uidvalidity, "
	"uid, message_id, from_name, from_address, subject, kind, report, "
	"bounced_message_id, received, case_id) VALUES (?1, ?2, ?3, ?4, ?5, "
	"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
/* The same parameters as messages_sql_add; ?16 the unfiled row. */
static const char messages_sql_adopt[] =
	"UPDATE messages SET message_id = ?7, from_name = ?8, "
	"from_address = ?9, subject = ?10, kind = ?11, report = ?12, "
	"bounced_message_id = ?13, case_id = ?15 "
	"WHERE id = ?16 AND sha256 = ?1 AND case_id IS NULL";
static const char messages_sql_files[] =
	"SELECT m.sha256, m.size, m.raw_file, a.sha256, a.size "
	"FROM messages m LEFT JOIN attachments a ON a.message_id = m.id "
	"WHERE m.id = ?1";
static const char messages_sql_att[] =
	"INSERT INTO attachments (message_id, sha256, filename, content_type, "
	"size, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char messages_sql_loc[] =
	"INSERT INTO message_locations (mailbox, uidvalidity, uid, "
	"message_id, seen) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (mailbox, uidvalidity, uid) DO UPDATE SET "
	"message_id = excluded.message_id, seen = excluded.seen";
static const char messages_sql_by_sha[] =
	"SELECT id, case_id FROM messages WHERE sha256 = ?1";
static const char messages_sql_by_key[] =
	"SELECT m.id, m.case_id FROM message_locations l "
	"JOIN messages m ON m.id = l.message_id "
	"WHERE l.mailbox = ?1 AND l.uidvalidity = ?2 AND l.uid = ?3";
static const char messages_sql_list[] =
	"SELECT id, received, mailbox, uidvalidity, uid, message_id, "
	"from_address, subject, kind, sha256, size FROM messages "
	"WHERE case_id = ?1 ORDER BY received, id";
static const char messages_sql_list_att[] =
	"SELECT sha256, filename, content_type, size, evidence "
	"FROM attachments WHERE message_id = ?1 ORDER BY id";

int
store_message_add_location(struct store *s, int64_t id,
			   const struct msg_key *key, time_t now,
			   struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, messages_sql_loc, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, key->mailbox);
	db_bind_int(s, st, 2, key->uidvalidity);
	db_bind_int(s, st, 3, key->uid);
	db_bind_int(s, st, 4, id);
	db_bind_int(s, st, 5, now);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

static int
messages_add_attachments(struct store *s, int64_t id,
			 const struct report *r, struct err *err)
{
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < r->n_attachments; i++) {
		const struct report_attachment *a = &r->attachments[i];

		if ((st = db_stmt(s, messages_sql_att, err)) == NULL)
			return -1;
		db_bind_int(s, st, 1, id);
		db_bind_text(s, st, 2, a->sha256);
		db_bind_text(s, st, 3, a->filename);
		db_bind_text(s, st, 4, a->content_type);
		db_bind_int(s, st, 5, (int64_t)a->size);
		db_bind_text(s, st, 6, report_evidence_name(a->evidence));
		if (db_step(s, st, err) < 0)
			return -1;
	}
	return 0;
}

int
store_message_files_ok(struct store *s, int64_t id, bool *raw_ok,
		       bool *att_ok, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*raw_ok = *att_ok = true;
	if ((st = db_stmt(s, messages_sql_files, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	while ((rc = db_step(s, st, err)) == 1) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		const char *asha = (const char *)sqlite3_column_text(st, 3);

		if (sqlite3_column_int(st, 2) && *raw_ok && sha != NULL)
			*raw_ok = store_blob_ok(s, sha,
					(uint64_t)sqlite3_column_int64(st, 1));
		if (asha != NULL && *att_ok)
			*att_ok = store_blob_ok(s, asha,
					(uint64_t)sqlite3_column_int64(st, 4));
	}
	return rc < 0 ? -1 : 0;
}

int
store_message_add(struct store *s, const struct store_message_new *m,
		  int64_t *id_r, struct err *err)
{
	const struct report *r = m->report;
	struct buf json;
	sqlite3_stmt *st;
	char *from = NULL;
	bool own;
	int64_t id = 0;
	int ret = -1;

	buf_init(&json, 0);
	/* a parse worker may have stored the bytes already (poll) */
	if (m->raw_fd >= 0 && m->size > 0 &&
	    !store_blob_ok(s, m->sha256, m->size) &&
	    store_raw_put(s, m->raw_fd, m->sha256, m->size, err) < 0)
		return -1;
	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	st = db_stmt(s, m->adopt ? messages_sql_adopt : messages_sql_add,
		     err);
	if (st == NULL)
		goto out;
	if (r != NULL) {
		report_to_json(r, &json);
		from = casetab_lower(r->from_address);
	}
	db_bind_text(s, st, 1, m->sha256);
	db_bind_int(s, st, 2, (int64_t)m->size);
	db_bind_int(s, st, 3, m->raw_fd >= 0 && m->size > 0);
	db_bind_text(s, st, 4, m->key->mailbox);
	db_bind_int(s, st, 5, m->key->uidvalidity);
	db_bind_int(s, st, 6, m->key->uid);
	db_bind_text(s, st, 7, r ? r->message_id : NULL);
	db_bind_text(s, st, 8, r ? r->from_name : NULL);
	db_bind_text(s, st, 9, from);
	db_bind_text(s, st, 10, r ? r->subject : NULL);
	db_bind_text(s, st, 11, r ? report_kind_name(r->kind) : NULL);
	db_bind_text(s, st, 12, r ? buf_str(&json) : NULL);
	db_bind_text(s, st, 13, r ? r->bounced_message_id : NULL);
	db_bind_int(s, st, 14, m->received);
	db_bind_id(s, st, 15, m->case_id);
	if (m->adopt)
		db_bind_int(s, st, 16, m->adopt);
	if (db_step(s, st, err) < 0)
		goto out;
	if (m->adopt && db_changes(s) != 1) {
		err_set(err, ERR_FATAL, "message %lld is no unfiled message "
			"of these bytes", (long long)m->adopt);
		goto out;
	}
	id = m->adopt ? m->adopt : db_last_id(s);
	if (store_message_add_location(s, id, m->key, m->received, err) < 0)
		goto out;
	if (r != NULL && messages_add_attachments(s, id, r, err) < 0)
		goto out;
	if (id_r != NULL)
		*id_r = id;
	ret = 0;
out:
	free(from);
	buf_free(&json);
	return db_auto_end(s, own, ret, err);
}

static int
messages_find(struct store *s, sqlite3_stmt *st, int64_t *id_r,
	      int64_t *case_id_r, struct err *err)
{
	int rc = db_step(s, st, err);

	if (rc == 1) {
		if (id_r != NULL)
			*id_r = db_col_int(st, 0);
		if (case_id_r != NULL)
			*case_id_r = db_col_int(st, 1);
		db_reset(st);
	}
	return rc;
}

int
store_message_find_sha(struct store *s, const char *sha256, int64_t *id_r,
		       int64_t *case_id_r, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, messages_sql_by_sha, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, sha256);
	return messages_find(s, st, id_r, case_id_r, err);
}

int
store_message_find_key(struct store *s, const struct msg_key *key,
		       int64_t *id_r, int64_t *case_id_r, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, messages_sql_by_key, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, key->mailbox);
	db_bind_int(s, st, 2, key->uidvalidity);
	db_bind_int(s, st, 3, key->uid);
	return messages_find(s, st, id_r, case_id_r, err);
}

static int
messages_load_attachments(struct store *s, struct store_message *m,
			  struct err *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if ((st = db_stmt(s, messages_sql_list_att, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, m->id);
	while ((rc = db_step(s, st, err)) == 1) {
		struct store_attachment *a;

		m->attachments = xgrow(m->attachments, m->n_attachments, &cap,
				       sizeof(*a));
		a = &m->attachments[m->n_attachments++];
		a->sha256 = db_col_dup(st, 0);
		a->filename = db_col_dup(st, 1);
		a->content_type = db_col_dup(st, 2);
		a->size = (uint64_t)db_col_int(st, 3);
		a->evidence = db_col_dup(st, 4);
	}
	return rc < 0 ? -1 : 0;
}

static const char messages_sql_lang[] =
	"SELECT json_extract(report, '$.language') FROM messages "
	"WHERE case_id = ?1 AND report IS NOT NULL ORDER BY id LIMIT 1";

int
store_case_language(struct store *s, int64_t case_id, char *out,
		    size_t size, struct err *err)
{
	sqlite3_stmt *st;
	char *lang;
	int rc;

	if (size > 0)
		out[0] = '\0';
	if ((st = db_stmt(s, messages_sql_lang, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	lang = db_col_dup(st, 0);
	db_reset(st);		/* one row is all: release the read lock */
	rc = lang != NULL && *lang != '\0';
	if (rc)
		snprintf(out, size, "%s", lang);
	free(lang);
	return rc;
}

int
store_case_messages(struct store *s, int64_t case_id,
		    struct store_message **msgs_r, size_t *n_r,
		    struct err *err)
{
	struct store_message *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0, i;
	int rc;

	if ((st = db_stmt(s, messages_sql_list, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		struct store_message *m;

		v = xgrow(v, n, &cap, sizeof(*v));
		m = &v[n++];
		*m = (struct store_message){ 0 };
		m->id = db_col_int(st, 0);
		m->received = (time_t)db_col_int(st, 1);
		m->mailbox = db_col_dup(st, 2);
		m->uidvalidity = (uint32_t)db_col_int(st, 3);
		m->uid = (uint32_t)db_col_int(st, 4);
		m->message_id = db_col_dup(st, 5);
		m->from_address = db_col_dup(st, 6);
		m->subject = db_col_dup(st, 7);
		m->kind = db_col_dup(st, 8);
		m->sha256 = db_col_dup(st, 9);
		m->size = (uint64_t)db_col_int(st, 10);
	}
	for (i = 0; rc == 0 && i < n; i++)
		if (messages_load_attachments(s, &v[i], err) < 0)
			rc = -1;
	if (rc < 0) {
		store_messages_free(v, n);
		return -1;
	}
	*msgs_r = v;
	*n_r = n;
	return 0;
}

void
store_messages_free(struct store_message *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(v[i].mailbox);
		free(v[i].message_id);
		free(v[i].from_address);
		free(v[i].subject);
		free(v[i].kind);
		free(v[i].sha256);
		for (j = 0; j < v[i].n_attachments; j++) {
			free(v[i].attachments[j].sha256);
			free(v[i].attachments[j].filename);
			free(v[i].attachments[j].content_type);
			free(v[i].attachments[j].evidence);
		}
		free(v[i].attachments);
	}
	free(v);
}
