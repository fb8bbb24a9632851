/* store/portal_state.c - what the portal keeps across restarts
   (store/sql/0016-portal-state.sql): the key of its forms' tokens, the
   posts per client address in the current hour, the form tokens used. */
#include <string.h>

#include "store/store-int.h"

static const char state_sql_key_add[] =
	"INSERT OR IGNORE INTO portal_keys (name, key) VALUES (?1, ?2)";
static const char state_sql_key_get[] =
	"SELECT key FROM portal_keys WHERE name = ?1";
static const char state_sql_rate_get[] =
	"SELECT since, n FROM portal_rates WHERE client = ?1";
static const char state_sql_rate_put[] =
	"INSERT INTO portal_rates (client, since, n) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (client) DO UPDATE SET since = ?2, n = ?3";
static const char state_sql_token_use[] =
	"INSERT OR IGNORE INTO portal_used_tokens (mac, expires) "
	"VALUES (?1, ?2)";
static const char state_sql_rate_expire[] =
	"DELETE FROM portal_rates WHERE since <= ?1";
static const char state_sql_token_expire[] =
	"DELETE FROM portal_used_tokens WHERE expires < ?1";

int
store_portal_key(struct store *s, const char *name,
		 const unsigned char *fresh, unsigned char *key, size_t len,
		 struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int rc, ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, state_sql_key_add, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, name);
	db_bind_blob(s, st, 2, fresh, len);
	if (db_step(s, st, err) < 0 ||
	    (st = db_stmt(s, state_sql_key_get, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, name);
	if ((rc = db_step(s, st, err)) != 1) {
		if (rc == 0)
			err_set(err, ERR_FATAL, "portal key %s vanished", name);
		goto out;
	}
	if ((size_t)sqlite3_column_bytes(st, 0) != len) {
		db_reset(st);
		err_set(err, ERR_FATAL, "portal key %s: not %zu bytes", name,
			len);
		goto out;
	}
	memcpy(key, sqlite3_column_blob(st, 0), len);
	db_reset(st);
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

int
store_portal_rate_take(struct store *s, const char *client, time_t now,
		       unsigned limit, struct err *err)
{
	sqlite3_stmt *st;
	int64_t since = now, n = 0;
	bool own, taken = false;
	int rc, ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, state_sql_rate_get, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, client);
	if ((rc = db_step(s, st, err)) < 0)
		goto out;
	if (rc == 1) {
		since = db_col_int(st, 0);
		n = db_col_int(st, 1);
		db_reset(st);
		if (now - since >= 3600 || since > now) {
			since = now;	/* a new hour from this post */
			n = 0;
		}
	}
	if (n >= (int64_t)limit) {
		ret = 0;	/* over the limit: nothing written */
		goto out;
	}
	if ((st = db_stmt(s, state_sql_rate_put, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, client);
	db_bind_int(s, st, 2, since);
	db_bind_int(s, st, 3, n + 1);
	if (db_step(s, st, err) < 0)
		goto out;
	taken = true;
	ret = 0;
out:
	if (db_auto_end(s, own, ret, err) < 0)
		return -1;
	return taken ? 1 : 0;
}

int
store_portal_token_use(struct store *s, const char *mac, time_t expires,
		       struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, state_sql_token_use, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, mac);
	db_bind_int(s, st, 2, expires);
	if (db_step(s, st, err) < 0)
		return -1;
	return db_changes(s) == 1 ? 1 : 0;
}

int
store_portal_state_expire(struct store *s, time_t now, struct err *err)
{
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, state_sql_rate_expire, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, now - 3600);
	if (db_step(s, st, err) < 0 ||
	    (st = db_stmt(s, state_sql_token_expire, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, now);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}
