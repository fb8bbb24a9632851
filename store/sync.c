/* store/sync.c - per-mailbox IMAP sync state: the UIDVALIDITY seen and
   the last UID whose message was committed. */
#include "store/store-int.h"

static const char sync_sql_get[] =
	"SELECT uidvalidity, last_uid FROM sync_state WHERE mailbox = ?1";
static const char sync_sql_set[] =
	"INSERT INTO sync_state (mailbox, uidvalidity, last_uid, updated) "
	"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (mailbox) DO UPDATE SET "
	"uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, "
	"updated = excluded.updated";

int
store_sync_get(struct store *s, const char *mailbox, uint32_t *uidvalidity_r,
	       uint32_t *last_uid_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, sync_sql_get, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, mailbox);
	if ((rc = db_step(s, st, err)) == 1) {
		*uidvalidity_r = (uint32_t)db_col_int(st, 0);
		*last_uid_r = (uint32_t)db_col_int(st, 1);
		db_reset(st);
	}
	return rc;
}

int
store_sync_set(struct store *s, const char *mailbox, uint32_t uidvalidity,
	       uint32_t last_uid, time_t now, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, sync_sql_set, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, mailbox);
	db_bind_int(s, st, 2, uidvalidity);
	db_bind_int(s, st, 3, last_uid);
	db_bind_int(s, st, 4, now);
	return db_step(s, st, err) < 0 ? -1 : 0;
}
