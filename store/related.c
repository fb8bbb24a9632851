/* store/related.c - cases related to a case: linked when they report the
   same listing while both are open (kept in case_links, with an event on
   each), and those against the same vendor (from the directory). */
#include <stdlib.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char links_sql_others[] =
	"SELECT c.id, c.ref FROM case_listings l JOIN cases c "
	"ON c.id = l.case_id WHERE l.listing_id = ?1 AND l.case_id != ?2 "
	"AND c.status != 'closed' ORDER BY c.id";
static const char links_sql_add[] =
	"INSERT OR IGNORE INTO case_links (case_id, other_id, listing_id, "
	"created) VALUES (min(?1, ?2), max(?1, ?2), ?3, ?4)";
static const char links_sql_ref[] = "SELECT ref FROM cases WHERE id = ?1";
static const char links_sql_list[] =
	"SELECT c.ref, c.status, k.listing_id FROM case_links k "
	"JOIN cases c ON c.id = CASE WHEN k.case_id = ?1 THEN k.other_id "
	"ELSE k.case_id END WHERE k.case_id = ?1 OR k.other_id = ?1 "
	"ORDER BY c.id, k.listing_id";
static const char links_sql_vendor[] =
	"SELECT DISTINCT c.ref, c.status, d.vendor_email "
	"FROM case_listings l JOIN listing_directory d "
	"ON d.listing_id = l.listing_id "
	"JOIN listing_directory d2 ON d2.vendor_email = d.vendor_email "
	"JOIN case_listings l2 ON l2.listing_id = d2.listing_id "
	"JOIN cases c ON c.id = l2.case_id "
	"WHERE l.case_id = ?1 AND l2.case_id != ?1 "
	"AND d.vendor_email IS NOT NULL AND d.vendor_email != '' "
	"ORDER BY c.id, d.vendor_email";

static int
links_event(struct store *s, int64_t case_id, const char *other_ref,
	    const char *listing_id, time_t now, struct err *err)
{
	struct store_event_draft ev;

	store_event_begin(&ev);
	json_kv_string(&ev.j, "ref", other_ref);
	json_kv_string(&ev.j, "listing", listing_id);
	return store_event_end(s, &ev, case_id, 0, now, "intake",
			       "case.linked", err);
}

int
links_add(struct store *s, int64_t case_id, const char *listing_id,
	  time_t now, struct err *err)
{
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	struct strv refs = { 0 };
	char *self = NULL;
	size_t n = 0, cap = 0, i;
	int rc, ret = -1;

	if ((st = db_stmt(s, links_sql_others, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, listing_id);
	db_bind_int(s, st, 2, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		ids = xgrow(ids, n, &cap, sizeof(*ids));
		ids[n++] = db_col_int(st, 0);
		strv_push_take(&refs, db_col_dup(st, 1));
	}
	if (rc < 0)
		goto out;
	if (n == 0) {
		ret = 0;
		goto out;
	}
	if ((st = db_stmt(s, links_sql_ref, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) != 1)
		goto out;
	self = db_col_dup(st, 0);
	db_reset(st);
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(s, links_sql_add, err)) == NULL)
			goto out;
		db_bind_int(s, st, 1, case_id);
		db_bind_int(s, st, 2, ids[i]);
		db_bind_text(s, st, 3, listing_id);
		db_bind_int(s, st, 4, now);
		if (db_step(s, st, err) < 0)
			goto out;
		if (db_changes(s) == 0)
			continue;
		if (links_event(s, case_id, refs.v[i], listing_id, now,
				err) < 0 ||
		    links_event(s, ids[i], self, listing_id, now, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(ids);
	free(self);
	strv_free(&refs);
	return ret;
}

static int
links_read(struct store *s, const char *sql, int64_t case_id,
	   struct store_case_link **l_r, size_t *n_r, struct err *err)
{
	struct store_case_link *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;
	int rc;

	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n].ref = db_col_dup(st, 0);
		v[n].status = db_col_dup(st, 1);
		v[n].via = db_col_dup(st, 2);
		n++;
	}
	if (rc < 0) {
		store_case_links_free(v, n);
		return -1;
	}
	*l_r = v;
	*n_r = n;
	return 0;
}

int
store_case_links(struct store *s, int64_t case_id,
		 struct store_case_link **l_r, size_t *n_r, struct err *err)
{
	return links_read(s, links_sql_list, case_id, l_r, n_r, err);
}

int
store_case_same_vendor(struct store *s, int64_t case_id,
		       struct store_case_link **l_r, size_t *n_r,
		       struct err *err)
{
	return links_read(s, links_sql_vendor, case_id, l_r, n_r, err);
}

void
store_case_links_free(struct store_case_link *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].ref);
		free(v[i].status);
		free(v[i].via);
	}
	free(v);
}
