/* store/attempts.c - how often poll began to parse a message without
   filing it (table intake_attempts): a message that stops the process
   each time it is parsed is quarantined after [intake] max_attempts. */
#include <stdlib.h>

#include "store/store-int.h"

static const char attempts_sql_get[] =
	"SELECT attempts FROM intake_attempts WHERE mailbox = ?1 "
	"AND uidvalidity = ?2 AND uid = ?3";
static const char attempts_sql_new[] =
	"INSERT INTO intake_attempts (mailbox, uidvalidity, uid, attempts, "
	"updated) VALUES (?1, ?2, ?3, 1, ?4)";
static const char attempts_sql_bump[] =
	"INSERT INTO intake_attempts (mailbox, uidvalidity, uid, attempts, "
	"updated) VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (mailbox, "
	"uidvalidity, uid) DO UPDATE SET attempts = attempts + 1, "
	"updated = ?4 RETURNING attempts";
static const char attempts_sql_clear[] =
	"DELETE FROM intake_attempts WHERE mailbox = ?1 AND uidvalidity = ?2 "
	"AND uid = ?3";

/* Sets *n_r to the attempts recorded for the message (0: none). */
static int
attempts_get(struct store *s, const char *mailbox, uint32_t uidvalidity,
	     uint32_t uid, unsigned *n_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*n_r = 0;
	if ((st = db_stmt(s, attempts_sql_get, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, mailbox);
	db_bind_int(s, st, 2, uidvalidity);
	db_bind_int(s, st, 3, uid);
	if ((rc = db_step(s, st, err)) == 1) {
		*n_r = (unsigned)db_col_int(st, 0);
		db_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

int
store_attempts_take(struct store *s, const char *mailbox,
		    uint32_t uidvalidity, const uint32_t *uids, size_t n,
		    time_t now, unsigned *earlier_r, struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (attempts_get(s, mailbox, uidvalidity, uids[i],
				 &earlier_r[i], err) < 0)
			goto out;
		if (earlier_r[i] > 0)
			continue;
		if ((st = db_stmt(s, attempts_sql_new, err)) == NULL)
			goto out;
		db_bind_text(s, st, 1, mailbox);
		db_bind_int(s, st, 2, uidvalidity);
		db_bind_int(s, st, 3, uids[i]);
		db_bind_int(s, st, 4, now);
		if (db_step(s, st, err) < 0)
			goto out;
	}
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

int
store_attempts_bump(struct store *s, const struct msg_key *key, time_t now,
		    unsigned *n_r, struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int rc, ret = -1;

	*n_r = 0;
	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, attempts_sql_bump, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, key->mailbox);
	db_bind_int(s, st, 2, key->uidvalidity);
	db_bind_int(s, st, 3, key->uid);
	db_bind_int(s, st, 4, now);
	if ((rc = db_step(s, st, err)) == 1) {
		*n_r = (unsigned)db_col_int(st, 0);
		db_reset(st);
		ret = 0;
	} else if (rc == 0) {
		err_set(err, ERR_FATAL, "intake_attempts: no count returned");
	}
out:
	return db_auto_end(s, own, ret, err);
}

int
store_attempts_clear(struct store *s, const char *mailbox,
		     uint32_t uidvalidity, const uint32_t *uids, size_t n,
		     struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (n == 0)
		return 0;
	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if ((st = db_stmt(s, attempts_sql_clear, err)) == NULL)
			goto out;
		db_bind_text(s, st, 1, mailbox);
		db_bind_int(s, st, 2, uidvalidity);
		db_bind_int(s, st, 3, uids[i]);
		if (db_step(s, st, err) < 0)
			goto out;
	}
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}
