/* store/counter.c - counter-notices per vendor: each one a vendor files
   on a case is kept with the rights holder's answer deadline and the
   answer, and the mail that forwarded it to the rights holder (whose
   Message-ID the answer replies to); a deadline passed without an answer
   is flagged once. */
#include <stdlib.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char counter_sql_add[] =
	"INSERT INTO counter_notices (case_id, vendor_email, message_id, "
	"created, deadline) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char counter_sql_list[] =
	"SELECT n.id, n.case_id, c.ref, n.vendor_email, n.message_id, "
	"n.created, n.deadline, n.answer, n.answered_at, n.flagged_at, "
	"n.forward_outbox_id, o.message_id "
	"FROM counter_notices n JOIN cases c ON c.id = n.case_id "
	"LEFT JOIN outbox o ON o.id = n.forward_outbox_id "
	"WHERE (?1 = 0 OR n.case_id = ?1) AND (?2 = 0 OR (n.answer IS NULL "
	"AND n.flagged_at IS NULL AND n.deadline < ?3 "
	"AND c.status != 'closed')) ORDER BY n.id";
static const char counter_sql_answer[] =
	"UPDATE counter_notices SET answer = ?2, answered_at = ?3 "
	"WHERE id = ?1 AND answer IS NULL";
static const char counter_sql_forwarded[] =
	"UPDATE counter_notices SET forward_outbox_id = ?2 WHERE id = ?1";
static const char counter_sql_flagged[] =
	"UPDATE counter_notices SET flagged_at = ?2 WHERE id = ?1";

int
store_counter_add(struct store *s, int64_t case_id, const char *vendor_email,
		  int64_t msg_id, time_t now, time_t deadline, int64_t *id_r,
		  struct err *err)
{
	sqlite3_stmt *st;
	char *addr = casetab_lower(vendor_email);
	int rc;

	if ((st = db_stmt(s, counter_sql_add, err)) == NULL) {
		free(addr);
		return -1;
	}
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr ? addr : "");
	db_bind_id(s, st, 3, msg_id);
	db_bind_int(s, st, 4, now);
	db_bind_int(s, st, 5, deadline);
	rc = db_step(s, st, err);
	free(addr);
	if (rc < 0)
		return -1;
	if (id_r != NULL)
		*id_r = db_last_id(s);
	return 0;
}

static int
counter_query(struct store *s, int64_t case_id, bool due, time_t now,
	      struct store_counter **c_r, size_t *n_r, struct err *err)
{
	struct store_counter *v = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*c_r = NULL;
	*n_r = 0;
	if ((st = db_stmt(s, counter_sql_list, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, due);
	db_bind_int(s, st, 3, now);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n].id = db_col_int(st, 0);
		v[n].case_id = db_col_int(st, 1);
		v[n].ref = db_col_dup(st, 2);
		v[n].vendor_email = db_col_dup(st, 3);
		v[n].message_id = db_col_int(st, 4);
		v[n].created = (time_t)db_col_int(st, 5);
		v[n].deadline = (time_t)db_col_int(st, 6);
		v[n].answer = db_col_dup(st, 7);
		v[n].answered_at = (time_t)db_col_int(st, 8);
		v[n].flagged_at = (time_t)db_col_int(st, 9);
		v[n].forward_outbox_id = db_col_int(st, 10);
		v[n].forward_message_id = db_col_dup(st, 11);
		n++;
	}
	if (rc < 0) {
		store_counters_free(v, n);
		return -1;
	}
	*c_r = v;
	*n_r = n;
	return 0;
}

int
store_counter_list(struct store *s, int64_t case_id, struct store_counter **c_r,
		   size_t *n_r, struct err *err)
{
	return counter_query(s, case_id, false, 0, c_r, n_r, err);
}

int
store_counter_due(struct store *s, time_t now, struct store_counter **c_r,
		  size_t *n_r, struct err *err)
{
	return counter_query(s, 0, true, now, c_r, n_r, err);
}

static int
counter_update(struct store *s, const char *sql, int64_t id, const char *text,
	       time_t now, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	if (text != NULL) {
		db_bind_text(s, st, 2, text);
		db_bind_int(s, st, 3, now);
	} else {
		db_bind_int(s, st, 2, now);
	}
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
store_counter_answer(struct store *s, int64_t id, bool accepted, time_t now,
		     struct err *err)
{
	return counter_update(s, counter_sql_answer, id, accepted ? "accept" :
			      "reject", now, err);
}

int
store_counter_forwarded(struct store *s, int64_t id, int64_t outbox_id,
			struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, counter_sql_forwarded, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	db_bind_int(s, st, 2, outbox_id);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
store_counter_flagged(struct store *s, int64_t id, time_t now,
		      struct err *err)
{
	return counter_update(s, counter_sql_flagged, id, NULL, now, err);
}

void
store_counters_free(struct store_counter *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].ref);
		free(v[i].vendor_email);
		free(v[i].answer);
		free(v[i].forward_message_id);
	}
	free(v);
}
