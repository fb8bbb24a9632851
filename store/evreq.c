/* store/evreq.c - evidence requests: staff ask a party for documents by
   a deadline; a reply from that party satisfies them; the deadline check
   finds the overdue ones that still need their single reminder. */
#include <stdlib.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char evreq_sql_add[] =
	"INSERT INTO evidence_requests (case_id, role, party, deadline, text, "
	"created, name, lang) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
#define EVREQ_COLUMNS \
	"SELECT r.id, r.case_id, c.ref, r.role, r.party, r.deadline, " \
	"r.text, r.created, r.satisfied_at, r.reminded_at, r.name, r.lang " \
	"FROM evidence_requests r JOIN cases c ON c.id = r.case_id "
static const char evreq_sql_list[] = EVREQ_COLUMNS
	"WHERE ?1 = 0 OR r.case_id = ?1 ORDER BY r.id";
static const char evreq_sql_due[] = EVREQ_COLUMNS
	"WHERE r.satisfied_at IS NULL AND r.reminded_at IS NULL "
	"AND r.deadline < ?1 AND c.status != 'closed' ORDER BY r.id";
static const char evreq_sql_reminded[] =
	"UPDATE evidence_requests SET reminded_at = ?2 WHERE id = ?1";
static const char evreq_sql_open_for[] =
	"SELECT id FROM evidence_requests WHERE case_id = ?1 AND party = ?2 "
	"AND satisfied_at IS NULL ORDER BY id";
static const char evreq_sql_satisfy[] =
	"UPDATE evidence_requests SET satisfied_at = ?2 WHERE id = ?1";

int
store_evreq_add(struct store *s, const struct store_evreq_new *r,
		int64_t *id_r, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if ((st = db_stmt(s, evreq_sql_add, err)) == NULL)
		return -1;
	addr = casetab_lower(r->party);
	db_bind_int(s, st, 1, r->case_id);
	db_bind_text(s, st, 2, r->role);
	db_bind_text(s, st, 3, addr);
	db_bind_int(s, st, 4, r->deadline);
	db_bind_text(s, st, 5, r->text ? r->text : "");
	db_bind_int(s, st, 6, r->now);
	db_bind_text(s, st, 7, r->name);
	db_bind_text(s, st, 8, r->lang ? r->lang : "en");
	rc = db_step(s, st, err);
	free(addr);
	if (rc < 0)
		return -1;
	if (id_r != NULL)
		*id_r = db_last_id(s);
	return 0;
}

static int
evreq_read(struct store *s, sqlite3_stmt *st, struct store_evreq **r_r,
	   size_t *n_r, struct err *err)
{
	struct store_evreq *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n].id = db_col_int(st, 0);
		v[n].case_id = db_col_int(st, 1);
		v[n].ref = db_col_dup(st, 2);
		v[n].role = db_col_dup(st, 3);
		v[n].party = db_col_dup(st, 4);
		v[n].deadline = (time_t)db_col_int(st, 5);
		v[n].text = db_col_dup(st, 6);
		v[n].created = (time_t)db_col_int(st, 7);
		v[n].satisfied_at = (time_t)db_col_int(st, 8);
		v[n].reminded_at = (time_t)db_col_int(st, 9);
		v[n].name = db_col_dup(st, 10);
		v[n].lang = db_col_dup(st, 11);
		n++;
	}
	if (rc < 0) {
		store_evreqs_free(v, n);
		return -1;
	}
	*r_r = v;
	*n_r = n;
	return 0;
}

int
store_evreq_list(struct store *s, int64_t case_id, struct store_evreq **r_r,
		 size_t *n_r, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, evreq_sql_list, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	return evreq_read(s, st, r_r, n_r, err);
}

int
store_evreq_due(struct store *s, time_t now, struct store_evreq **r_r,
		size_t *n_r, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, evreq_sql_due, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, now);
	return evreq_read(s, st, r_r, n_r, err);
}

int
store_evreq_reminded(struct store *s, int64_t id, time_t now,
		     struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, evreq_sql_reminded, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	db_bind_int(s, st, 2, now);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

static int
evreq_satisfied_event(struct store *s, int64_t case_id, int64_t id,
		      const char *addr, int64_t msg_id, time_t now,
		      struct err *err)
{
	struct store_event_draft ev;

	store_event_begin(&ev);
	json_kv_int(&ev.j, "request", id);
	json_kv_string(&ev.j, "party", addr);
	return store_event_end(s, &ev, case_id, msg_id, now, addr,
			       "evidence_request.satisfied", err);
}

int
store_evreq_satisfy(struct store *s, int64_t case_id, const char *address,
		    int64_t msg_id, time_t now, size_t *n_r, struct err *err)
{
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	char *addr = casetab_lower(address);
	bool own;
	int rc, ret = -1;

	if (n_r != NULL)
		*n_r = 0;
	if (addr == NULL) {
		free(addr);
		return 0;
	}
	if (db_auto_begin(s, &own, err) < 0) {
		free(addr);
		return -1;
	}
	if ((st = db_stmt(s, evreq_sql_open_for, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr);
	while ((rc = db_step(s, st, err)) == 1) {
		ids = xgrow(ids, n, &cap, sizeof(*ids));
		ids[n++] = db_col_int(st, 0);
	}
	if (rc < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(s, evreq_sql_satisfy, err)) == NULL)
			goto out;
		db_bind_int(s, st, 1, ids[i]);
		db_bind_int(s, st, 2, now);
		if (db_step(s, st, err) < 0 ||
		    evreq_satisfied_event(s, case_id, ids[i], addr, msg_id, now,
					  err) < 0)
			goto out;
	}
	if (n_r != NULL)
		*n_r = n;
	ret = 0;
out:
	free(ids);
	free(addr);
	return db_auto_end(s, own, ret, err);
}

void
store_evreqs_free(struct store_evreq *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].ref);
		free(v[i].role);
		free(v[i].party);
		free(v[i].name);
		free(v[i].lang);
		free(v[i].text);
	}
	free(v);
}
