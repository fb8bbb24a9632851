/* store/directory.c - the listing directory (listing id -> vendor,
   imported from CSV) and what it says about a case: its vendors, grouped
   per address, and whether a sender is one of them. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char directory_sql_exists[] =
	"SELECT 1 FROM listing_directory WHERE listing_id = ?1";
static const char directory_sql_upsert[] =
	"INSERT INTO listing_directory (listing_id, vendor_name, "
	"vendor_email, title, imported) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (listing_id) DO UPDATE SET vendor_name = ?2, "
	"vendor_email = ?3, title = ?4, imported = ?5";
static const char directory_sql_get[] =
	"SELECT listing_id, vendor_name, vendor_email, title, imported "
	"FROM listing_directory WHERE listing_id = ?1";
static const char directory_sql_vendors[] =
	"SELECT d.vendor_email, d.vendor_name, l.listing_id, l.url "
	"FROM case_listings l JOIN listing_directory d "
	"ON d.listing_id = l.listing_id WHERE l.case_id = ?1 "
	"AND d.vendor_email IS NOT NULL AND d.vendor_email != '' "
	"ORDER BY l.rowid";
static const char directory_sql_is_vendor[] =
	"SELECT 1 FROM case_listings l JOIN listing_directory d "
	"ON d.listing_id = l.listing_id WHERE l.case_id = ?1 "
	"AND d.vendor_email = ?2 LIMIT 1";

int
store_directory_upsert(struct store *s, const char *listing_id,
		       const char *vendor_name, const char *vendor_email,
		       const char *title, time_t now, bool *inserted_r,
		       struct err *err)
{
	sqlite3_stmt *st;
	char *email = NULL;
	bool own;
	int rc, ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, directory_sql_exists, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, listing_id);
	if ((rc = db_step(s, st, err)) < 0)
		goto out;
	if (rc == 1)
		db_reset(st);
	if (inserted_r != NULL)
		*inserted_r = rc == 0;
	if ((st = db_stmt(s, directory_sql_upsert, err)) == NULL)
		goto out;
	email = casetab_lower(vendor_email);
	db_bind_text(s, st, 1, listing_id);
	db_bind_text(s, st, 2, vendor_name);
	db_bind_text(s, st, 3, email);
	db_bind_text(s, st, 4, title);
	db_bind_int(s, st, 5, now);
	if (db_step(s, st, err) < 0)
		goto out;
	ret = 0;
out:
	free(email);
	return db_auto_end(s, own, ret, err);
}

int
store_directory_get(struct store *s, const char *listing_id,
		    struct store_directory_entry **e_r, struct err *err)
{
	struct store_directory_entry *e;
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, directory_sql_get, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, listing_id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	e = xcalloc(1, sizeof(*e));
	e->listing_id = db_col_dup(st, 0);
	e->vendor_name = db_col_dup(st, 1);
	e->vendor_email = db_col_dup(st, 2);
	e->title = db_col_dup(st, 3);
	e->imported = (time_t)db_col_int(st, 4);
	db_reset(st);
	*e_r = e;
	return 1;
}

void
store_directory_free(struct store_directory_entry *e, size_t n)
{
	size_t i;

	for (i = 0; e != NULL && i < n; i++) {
		free(e[i].listing_id);
		free(e[i].vendor_name);
		free(e[i].vendor_email);
		free(e[i].title);
	}
	free(e);
}

int
store_case_vendors(struct store *s, int64_t case_id, struct store_vendor **v_r,
		   size_t *n_r, struct err *err)
{
	struct store_vendor *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0, i;
	int rc;

	if ((st = db_stmt(s, directory_sql_vendors, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		const char *email = (const char *)sqlite3_column_text(st, 0);

		for (i = 0; i < n; i++)
			if (strcmp(v[i].email, email) == 0)
				break;
		if (i == n) {
			v = xgrow(v, n, &cap, sizeof(*v));
			v[n] = (struct store_vendor){ 0 };
			v[n].email = db_col_dup(st, 0);
			v[n].name = db_col_dup(st, 1);
			n++;
		}
		strv_push_take(&v[i].listing_ids, db_col_dup(st, 2));
		strv_push_take(&v[i].urls, db_col_dup(st, 3));
	}
	if (rc < 0) {
		store_vendors_free(v, n);
		return -1;
	}
	*v_r = v;
	*n_r = n;
	return 0;
}

void
store_vendors_free(struct store_vendor *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].email);
		free(v[i].name);
		strv_free(&v[i].listing_ids);
		strv_free(&v[i].urls);
	}
	free(v);
}

int
store_case_is_vendor(struct store *s, int64_t case_id, const char *address,
		     struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if (address == NULL || *address == '\0')
		return 0;
	if ((st = db_stmt(s, directory_sql_is_vendor, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr);
	rc = db_step(s, st, err);
	if (rc == 1)
		db_reset(st);
	free(addr);
	return rc;
}
