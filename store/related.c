/* store/related.c - cases related to a case: those that report the same
   listing (a group per listing, read from case_listings; a case joining
   a group gets one event), and those against the same vendor (from the
   directory). */
#include <stdlib.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

/* The first other case of the listing's group (the earliest to report
   it), and how many the group had: one index range, whatever its size. */
static const char links_sql_first[] =
	"SELECT c.ref FROM case_listings l JOIN cases c ON c.id = l.case_id "
	"WHERE l.listing_id = ?1 AND l.case_id != ?2 ORDER BY l.rowid "
	"LIMIT 1";
/* The cases sharing a listing with case ?1, at most 200 (the rest are
   found by listing id). */
static const char links_sql_list[] =
	"SELECT c.ref, c.status, l2.listing_id FROM case_listings l1 "
	"JOIN case_listings l2 ON l2.listing_id = l1.listing_id "
	"AND l2.case_id != l1.case_id JOIN cases c ON c.id = l2.case_id "
	"WHERE l1.case_id = ?1 ORDER BY c.id, l2.listing_id LIMIT 200";
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

int
links_add(struct store *s, int64_t case_id, const char *listing_id,
	  time_t now, struct err *err)
{
	sqlite3_stmt *st;
	struct buf b;
	struct json j;
	char *first;
	int rc, ret;

	if ((st = db_stmt(s, links_sql_first, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, listing_id);
	db_bind_int(s, st, 2, case_id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;	/* 0: the first case of the listing */
	first = db_col_dup(st, 0);
	db_reset(st);
	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "listing", listing_id);
	json_kv_string(&j, "first", first);
	json_end_object(&j);
	ret = store_event_add(s, case_id, 0, now, "intake", "case.linked",
			      buf_str(&b), err);
	buf_free(&b);
	free(first);
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
