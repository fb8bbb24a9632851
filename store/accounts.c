/* store/accounts.c - staff accounts of the web console, their sessions
   and the failed sign-ins per address (schema 0012). Passwords arrive
   here already hashed and session keys as the hash of the cookie: the
   store never sees a password or a cookie. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char acc_sql_add[] =
	"INSERT INTO accounts (name, role, password, created) "
	"SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS "
	"(SELECT 1 FROM accounts WHERE name = ?1)";
#define ACC_COLS "id, name, role, password, disabled, created, failures, " \
	"locked_until"
static const char acc_sql_get[] =
	"SELECT " ACC_COLS " FROM accounts WHERE name = ?1";
static const char acc_sql_list[] =
	"SELECT " ACC_COLS " FROM accounts ORDER BY name";
static const char acc_sql_count[] =
	"SELECT count(*) FROM accounts WHERE disabled = 0";
static const char acc_sql_passwd[] =
	"UPDATE accounts SET password = ?2, failures = 0, locked_until = 0 "
	"WHERE name = ?1";
static const char acc_sql_disable[] =
	"UPDATE accounts SET disabled = ?2 WHERE name = ?1";
static const char acc_sql_drop_sessions[] =
	"DELETE FROM sessions WHERE account_id = "
	"(SELECT id FROM accounts WHERE name = ?1)";
static const char acc_sql_failed[] =
	"UPDATE accounts SET failures = failures + 1, "
	"locked_until = CASE WHEN failures + 1 >= ?2 THEN ?3 "
	"ELSE locked_until END WHERE id = ?1";
static const char acc_sql_good[] =
	"UPDATE accounts SET failures = 0, locked_until = 0 WHERE id = ?1";
static const char acc_sql_fail_add[] =
	"INSERT INTO login_failures (address, time) VALUES (?1, ?2)";
static const char acc_sql_fail_prune[] =
	"DELETE FROM login_failures WHERE time < ?1";
static const char acc_sql_fail_count[] =
	"SELECT count(*) FROM login_failures WHERE address = ?1 AND time >= ?2";
static const char acc_sql_sess_add[] =
	"INSERT INTO sessions (hash, account_id, created, last_seen) "
	"VALUES (?1, ?2, ?3, ?3)";
static const char acc_sql_sess_get[] =
	"SELECT s.created, s.last_seen, a.id, a.name, a.role, a.password, "
	"a.disabled, a.created, a.failures, a.locked_until "
	"FROM sessions s JOIN accounts a ON a.id = s.account_id "
	"WHERE s.hash = ?1";
static const char acc_sql_sess_touch[] =
	"UPDATE sessions SET last_seen = ?2 WHERE hash = ?1";
static const char acc_sql_sess_del[] =
	"DELETE FROM sessions WHERE hash = ?1";
static const char acc_sql_sess_prune[] =
	"DELETE FROM sessions WHERE last_seen < ?1 OR created < ?2";

/* Reads the account in the columns of st from i on into *a. */
static void
acc_read(sqlite3_stmt *st, int i, struct store_account *a)
{
	a->id = db_col_int(st, i);
	a->name = db_col_dup(st, i + 1);
	a->role = db_col_dup(st, i + 2);
	a->password = db_col_dup(st, i + 3);
	a->disabled = db_col_int(st, i + 4) != 0;
	a->created = (time_t)db_col_int(st, i + 5);
	a->failures = (int)db_col_int(st, i + 6);
	a->locked_until = (time_t)db_col_int(st, i + 7);
}

int
store_account_add(struct store *s, const char *name, const char *role,
		  const char *password_hash, time_t now, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, acc_sql_add, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, name);
	db_bind_text(s, st, 2, role);
	db_bind_text(s, st, 3, password_hash);
	db_bind_int(s, st, 4, now);
	if (db_step(s, st, err) < 0)
		return -1;
	return db_changes(s) == 1 ? 1 : 0;
}

int
store_account_get(struct store *s, const char *name,
		  struct store_account **a_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, acc_sql_get, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, name);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	*a_r = xcalloc(1, sizeof(**a_r));
	acc_read(st, 0, *a_r);
	db_reset(st);
	return 1;
}

int
store_account_list(struct store *s, struct store_account **v_r, size_t *n_r,
		   struct err *err)
{
	struct store_account *v = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, acc_sql_list, err)) == NULL)
		return -1;
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		acc_read(st, 0, &v[n++]);
	}
	if (rc < 0) {
		store_accounts_free(v, n);
		return -1;
	}
	*v_r = v;
	*n_r = n;
	return 0;
}

void
store_accounts_free(struct store_account *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].role);
		if (v[i].password != NULL)
			explicit_bzero(v[i].password, strlen(v[i].password));
		free(v[i].password);
	}
	free(v);
}

int
store_account_count(struct store *s, int64_t *n_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, acc_sql_count, err)) == NULL)
		return -1;
	if ((rc = db_step(s, st, err)) != 1)
		return rc < 0 ? -1 : (*n_r = 0, 0);
	*n_r = db_col_int(st, 0);
	db_reset(st);
	return 0;
}

/* Runs sql (?1 the account's name, ?2 value: text when text is set,
   else num) and, when end_sessions, deletes the account's sessions, in
   one transaction. Returns 1 done, 0 no such account, -1 on error. */
static int
acc_update(struct store *s, const char *sql, const char *name,
	   const char *text, int64_t num, bool end_sessions, struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, sql, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, name);
	if (text != NULL)
		db_bind_text(s, st, 2, text);
	else
		db_bind_int(s, st, 2, num);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = db_changes(s) == 1 ? 1 : 0;
	if (end_sessions &&
	    ((st = db_stmt(s, acc_sql_drop_sessions, err)) == NULL ||
	     (db_bind_text(s, st, 1, name), db_step(s, st, err) < 0)))
		ret = -1;
out:
	return db_auto_end(s, own, ret, err) < 0 ? -1 : ret;
}

int
store_account_set_password(struct store *s, const char *name,
			   const char *password_hash, struct err *err)
{
	/* A new password ends the sessions the old one opened. */
	return acc_update(s, acc_sql_passwd, name, password_hash, 0, true,
			  err);
}

int
store_account_set_disabled(struct store *s, const char *name, bool disabled,
			   struct err *err)
{
	return acc_update(s, acc_sql_disable, name, NULL, disabled ? 1 : 0,
			  disabled, err);
}

int
store_login_failed(struct store *s, int64_t account_id, const char *address,
		   time_t now, unsigned max_failures, time_t lock_seconds,
		   struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if (account_id != 0) {
		if ((st = db_stmt(s, acc_sql_failed, err)) == NULL)
			goto out;
		db_bind_int(s, st, 1, account_id);
		db_bind_int(s, st, 2, max_failures);
		db_bind_int(s, st, 3, now + lock_seconds);
		if (db_step(s, st, err) < 0)
			goto out;
	}
	if ((st = db_stmt(s, acc_sql_fail_prune, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, now - lock_seconds);
	if (db_step(s, st, err) < 0)
		goto out;
	if ((st = db_stmt(s, acc_sql_fail_add, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, address);
	db_bind_int(s, st, 2, now);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

int
store_login_good(struct store *s, int64_t account_id, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, acc_sql_good, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, account_id);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
store_login_failures_since(struct store *s, const char *address, time_t since,
			   int64_t *n_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, acc_sql_fail_count, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, address);
	db_bind_int(s, st, 2, since);
	if ((rc = db_step(s, st, err)) != 1)
		return rc < 0 ? -1 : (*n_r = 0, 0);
	*n_r = db_col_int(st, 0);
	db_reset(st);
	return 0;
}

int
store_session_add(struct store *s, const char *hash_hex, int64_t account_id,
		  time_t now, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, acc_sql_sess_add, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, hash_hex);
	db_bind_int(s, st, 2, account_id);
	db_bind_int(s, st, 3, now);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
store_session_get(struct store *s, const char *hash_hex, time_t now,
		  time_t idle, time_t max_age, struct store_account **a_r,
		  struct err *err)
{
	struct store_account *a;
	time_t created, last;
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, acc_sql_sess_get, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, hash_hex);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	created = (time_t)db_col_int(st, 0);
	last = (time_t)db_col_int(st, 1);
	a = xcalloc(1, sizeof(*a));
	acc_read(st, 2, a);
	db_reset(st);
	if (a->disabled || now - last > idle || now - created > max_age) {
		store_accounts_free(a, 1);
		/* Expired sessions of everyone go with this one. */
		if ((st = db_stmt(s, acc_sql_sess_del, err)) == NULL)
			return -1;
		db_bind_text(s, st, 1, hash_hex);
		if (db_step(s, st, err) < 0)
			return -1;
		if ((st = db_stmt(s, acc_sql_sess_prune, err)) == NULL)
			return -1;
		db_bind_int(s, st, 1, now - idle);
		db_bind_int(s, st, 2, now - max_age);
		return db_step(s, st, err) < 0 ? -1 : 0;
	}
	/* last_seen moves once a minute at most: one write per minute of
	   work, not one per page. */
	if (now - last >= 60) {
		if ((st = db_stmt(s, acc_sql_sess_touch, err)) == NULL ||
		    (db_bind_text(s, st, 1, hash_hex),
		     db_bind_int(s, st, 2, now), db_step(s, st, err) < 0)) {
			store_accounts_free(a, 1);
			return -1;
		}
	}
	*a_r = a;
	return 1;
}

int
store_session_delete(struct store *s, const char *hash_hex, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, acc_sql_sess_del, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, hash_hex);
	return db_step(s, st, err) < 0 ? -1 : 0;
}
