/* store/standing.c - the source type of a case's notice, held cases,
   notices rejected as manifestly unfounded and the standing of their
   reporters, removals per vendor and repeat infringers
   (docs/WORKFLOW.md "Notice sources, misuse and repeat infringers"). */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char standing_sql_source[] =
	"UPDATE cases SET source_type = ?2 WHERE id = ?1";
static const char standing_sql_held[] =
	"UPDATE cases SET held = ?2, updated = ?3 WHERE id = ?1 "
	"AND held <> ?2";
static const char standing_sql_unfounded[] =
	"UPDATE cases SET unfounded_at = ?2, updated = ?2 WHERE id = ?1";
static const char standing_sql_unfounded_count[] =
	"SELECT count(*) FROM cases WHERE reporter = ?1 "
	"AND unfounded_at IS NOT NULL AND unfounded_at >= ?2";
static const char standing_sql_reporter[] =
	"SELECT warned_at, suspended_at, suspended_until FROM "
	"reporter_standing WHERE address = ?1";
static const char standing_sql_warn[] =
	"INSERT INTO reporter_standing (address, warned_at) VALUES (?1, ?2) "
	"ON CONFLICT (address) DO UPDATE SET warned_at = ?2";
static const char standing_sql_suspend[] =
	"INSERT INTO reporter_standing (address, suspended_at, "
	"suspended_until) VALUES (?1, ?2, ?3) ON CONFLICT (address) DO "
	"UPDATE SET suspended_at = ?2, suspended_until = ?3";
/* Removed listings of a vendor, through the directory's vendor index and
   case_listings' listing index. */
#define STANDING_REMOVALS(vendor, since) \
	"(SELECT count(*) FROM listing_directory rd JOIN case_listings rl " \
	"ON rl.listing_id = rd.listing_id WHERE rd.vendor_email = " vendor \
	" AND rl.track = 'removed' AND coalesce(rl.track_updated, 0) >= " \
	since ")"
static const char standing_sql_removals[] =
	"SELECT " STANDING_REMOVALS("?1", "?2");
static const char standing_sql_set_repeat[] =
	"INSERT OR IGNORE INTO vendor_standing (vendor_email, repeat_since, "
	"removals) VALUES (?1, ?2, ?3)";
static const char standing_sql_case_repeat[] =
	"SELECT d.vendor_email FROM case_listings l JOIN listing_directory d "
	"ON d.listing_id = l.listing_id JOIN vendor_standing v "
	"ON v.vendor_email = d.vendor_email WHERE l.case_id = ?1 AND "
	"(SELECT repeat_infringer FROM cases WHERE id = ?1) = 0 AND "
	STANDING_REMOVALS("v.vendor_email", "?2") " >= ?3 "
	"ORDER BY l.rowid LIMIT 1";
static const char standing_sql_is_repeat[] =
	"SELECT " STANDING_REMOVALS("v.vendor_email", "?2") " >= ?3 "
	"FROM vendor_standing v WHERE v.vendor_email = ?1";
static const char standing_sql_set_case_repeat[] =
	"UPDATE cases SET repeat_infringer = 1, updated = ?2 WHERE id = ?1";
static const char standing_sql_vendors[] =
	"SELECT d.vendor_email, max(d.vendor_name), count(*), "
	"(SELECT count(DISTINCT cl.case_id) FROM listing_directory d2 JOIN "
	"case_listings cl ON cl.listing_id = d2.listing_id WHERE "
	"d2.vendor_email = d.vendor_email), "
	STANDING_REMOVALS("d.vendor_email", "0") ", "
	STANDING_REMOVALS("d.vendor_email", "?1") ", "
	"(SELECT count(*) FROM vendor_actions a WHERE a.vendor_email = "
	"d.vendor_email), "
	"(SELECT repeat_since FROM vendor_standing v WHERE v.vendor_email = "
	"d.vendor_email) "
	"FROM listing_directory d WHERE d.vendor_email IS NOT NULL "
	"AND d.vendor_email <> '' GROUP BY d.vendor_email "
	"ORDER BY d.vendor_email";

bool
store_source_type_valid(const char *name)
{
	static const char *const names[] = { STORE_SOURCE_ARTICLE_16,
		STORE_SOURCE_TRUSTED_FLAGGER, STORE_SOURCE_OTHER,
		STORE_SOURCE_VOLUNTARY };

	for (size_t i = 0; name != NULL && i < sizeof(names) / sizeof(*names);
	     i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

int
store_case_set_source(struct store *s, int64_t case_id,
		      const char *source_type, struct err *err)
{
	sqlite3_stmt *st;

	if (!store_source_type_valid(source_type)) {
		err_set(err, ERR_MSG, "unknown source type %s",
			source_type ? source_type : "(null)");
		return -1;
	}
	if ((st = db_stmt(s, standing_sql_source, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, source_type);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
store_case_set_held(struct store *s, int64_t case_id, bool held,
		    const char *actor, const char *reason, time_t now,
		    struct err *err)
{
	struct store_event_draft ev;
	sqlite3_stmt *st;

	if ((st = db_stmt(s, standing_sql_held, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, held);
	db_bind_int(s, st, 3, now);
	if (db_step(s, st, err) < 0)
		return -1;
	if (db_changes(s) == 0)
		return 0;
	store_event_begin(&ev);
	json_kv_string(&ev.j, "reason", reason);
	if (store_event_end(s, &ev, case_id, 0, now, actor,
			    held ? "case.held" : "case.released", err) < 0)
		return -1;
	return 1;
}

int
store_case_mark_unfounded(struct store *s, int64_t case_id, const char *actor,
			  time_t now, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, standing_sql_unfounded, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, now);
	if (db_step(s, st, err) < 0)
		return -1;
	return store_event_add(s, case_id, 0, now, actor, "case.unfounded",
			       NULL, err);
}

/* Runs sql bound with a lower-cased address (?1) and t (?2); its one
   row's first column into *n_r. */
static int
standing_count(struct store *s, const char *sql, const char *address,
	       time_t t, int *n_r, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	*n_r = 0;
	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_text(s, st, 1, addr ? addr : "");
	db_bind_int(s, st, 2, t);
	rc = db_step(s, st, err);
	if (rc == 1) {
		*n_r = (int)db_col_int(st, 0);
		db_reset(st);
	}
	free(addr);
	return rc < 0 ? -1 : 0;
}

int
store_unfounded_count(struct store *s, const char *address, time_t since,
		      int *n_r, struct err *err)
{
	return standing_count(s, standing_sql_unfounded_count, address, since,
			      n_r, err);
}

int
store_vendor_removals(struct store *s, const char *vendor, time_t since,
		      int *n_r, struct err *err)
{
	return standing_count(s, standing_sql_removals, vendor, since, n_r,
			      err);
}

int
store_reporter_standing(struct store *s, const char *address,
			struct store_reporter_standing *r, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	*r = (struct store_reporter_standing){ 0 };
	if ((st = db_stmt(s, standing_sql_reporter, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_text(s, st, 1, addr ? addr : "");
	rc = db_step(s, st, err);
	if (rc == 1) {
		r->warned_at = (time_t)db_col_int(st, 0);
		r->suspended_at = (time_t)db_col_int(st, 1);
		r->suspended_until = (time_t)db_col_int(st, 2);
		db_reset(st);
	}
	free(addr);
	return rc;
}

/* Runs an upsert of reporter_standing for address with two times. */
static int
standing_upsert(struct store *s, const char *sql, const char *address,
		time_t a, time_t b, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_text(s, st, 1, addr ? addr : "");
	db_bind_int(s, st, 2, a);
	if (sql == standing_sql_suspend)
		db_bind_int(s, st, 3, b);
	rc = db_step(s, st, err);
	free(addr);
	return rc < 0 ? -1 : 0;
}

int
store_reporter_warn(struct store *s, const char *address, time_t now,
		    struct err *err)
{
	return standing_upsert(s, standing_sql_warn, address, now, 0, err);
}

int
store_reporter_suspend(struct store *s, const char *address, time_t now,
		       time_t until, struct err *err)
{
	return standing_upsert(s, standing_sql_suspend, address, now, until,
			       err);
}

int
store_vendor_set_repeat(struct store *s, const char *vendor, int removals,
			time_t now, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if ((st = db_stmt(s, standing_sql_set_repeat, err)) == NULL)
		return -1;
	addr = casetab_lower(vendor);
	db_bind_text(s, st, 1, addr ? addr : "");
	db_bind_int(s, st, 2, now);
	db_bind_int(s, st, 3, removals);
	rc = db_step(s, st, err);
	free(addr);
	if (rc < 0)
		return -1;
	return db_changes(s) > 0 ? 1 : 0;
}

int
store_case_mark_repeat(struct store *s, int64_t case_id, time_t since,
		       int threshold, const char *actor, time_t now,
		       struct err *err)
{
	struct store_event_draft ev;
	sqlite3_stmt *st;
	char *vendor = NULL;
	int rc, ret = -1;

	if (threshold <= 0)
		return 0;
	if ((st = db_stmt(s, standing_sql_case_repeat, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, since);
	db_bind_int(s, st, 3, threshold);
	if ((rc = db_step(s, st, err)) <= 0)
		return rc;
	vendor = db_col_dup(st, 0);
	db_reset(st);
	if ((st = db_stmt(s, standing_sql_set_case_repeat, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, now);
	if (db_step(s, st, err) < 0)
		goto out;
	store_event_begin(&ev);
	json_kv_string(&ev.j, "vendor", vendor);
	if (store_event_end(s, &ev, case_id, 0, now, actor,
			    "case.repeat_infringer", err) < 0)
		goto out;
	ret = 1;
out:
	free(vendor);
	return ret;
}

int
store_vendor_list(struct store *s, time_t since, int threshold,
		  struct store_vendor_row **v_r, size_t *n_r, struct err *err)
{
	struct store_vendor_row *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;
	int rc;

	if ((st = db_stmt(s, standing_sql_vendors, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, since);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n].email = db_col_dup(st, 0);
		v[n].name = db_col_dup(st, 1);
		v[n].listings = (int)db_col_int(st, 2);
		v[n].cases = (int)db_col_int(st, 3);
		v[n].removals = (int)db_col_int(st, 4);
		v[n].removals_window = (int)db_col_int(st, 5);
		v[n].account_actions = (int)db_col_int(st, 6);
		v[n].repeat_since = (time_t)db_col_int(st, 7);
		v[n].repeat_infringer = v[n].repeat_since != 0 &&
					threshold > 0 &&
					v[n].removals_window >= threshold;
		n++;
	}
	if (rc < 0) {
		store_vendor_rows_free(v, n);
		return -1;
	}
	*v_r = v;
	*n_r = n;
	return 0;
}

void
store_vendor_rows_free(struct store_vendor_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].email);
		free(v[i].name);
	}
	free(v);
}

int
store_vendor_is_repeat(struct store *s, const char *vendor, time_t since,
		       int threshold, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if ((st = db_stmt(s, standing_sql_is_repeat, err)) == NULL)
		return -1;
	addr = casetab_lower(vendor);
	db_bind_text(s, st, 1, addr ? addr : "");
	db_bind_int(s, st, 2, since);
	db_bind_int(s, st, 3, threshold);
	rc = db_step(s, st, err);
	if (rc == 1) {
		rc = db_col_int(st, 0) != 0;
		db_reset(st);
	}
	free(addr);
	return rc;
}
