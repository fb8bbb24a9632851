/* store/cases.c - cases: creation with a fresh reference, lookup, the
   parties that may write to a case, status changes, and reading cases
   back for cases list / show. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char casetab_sql_add[] =
	"INSERT INTO cases (ref, stream, kind, status, created, updated, "
	"submitter_name, submitter_email, submitter_org, rights_holder, "
	"acting_as, reporter, category, needs_staff, linked_case_id) VALUES "
	"(?1, ?2, ?3, 'incomplete', ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	"?12, ?13)";
/* A case is found by its reference or by a former one (cases move). */
static const char casetab_sql_find[] =
	"SELECT id, stream FROM cases WHERE ref = ?1 UNION ALL "
	"SELECT c.id, c.stream FROM case_aliases a JOIN cases c "
	"ON c.id = a.case_id WHERE a.ref = ?1 LIMIT 1";
static const char casetab_sql_move[] =
	"UPDATE cases SET ref = ?2, stream = ?3, updated = ?4, kind = "
	"CASE kind WHEN 'ip_report' THEN ?5 WHEN 'abuse_report' THEN ?5 "
	"ELSE kind END WHERE id = ?1";
static const char casetab_sql_alias[] =
	"INSERT INTO case_aliases (ref, case_id) VALUES (?1, ?2)";
static const char casetab_sql_party[] =
	"SELECT 1 FROM case_parties WHERE case_id = ?1 AND address = ?2 "
	"UNION ALL SELECT 1 FROM case_listings l JOIN listing_directory d "
	"ON d.listing_id = l.listing_id WHERE ?3 AND l.case_id = ?1 "
	"AND d.vendor_email = ?2 LIMIT 1";
static const char casetab_sql_add_party[] =
	"INSERT OR IGNORE INTO case_parties (case_id, address, role) "
	"VALUES (?1, ?2, ?3)";
static const char casetab_sql_list[] = CASES_COLUMNS
	"WHERE (?1 IS NULL OR c.status = ?1) AND (?2 IS NULL OR c.stream = ?2) "
	"AND (?5 OR ?1 IS NOT NULL OR c.status != 'closed') "
	"AND (?3 = 0 OR EXISTS (SELECT 1 FROM evidence_requests r "
	"WHERE r.case_id = c.id AND r.satisfied_at IS NULL "
	"AND r.closed_at IS NULL "
	"AND r.deadline < ?4)) ORDER BY " CASES_PRIORITY ", c.id";
static const char casetab_sql_get[] = CASES_COLUMNS "WHERE c.ref = ?1 "
	"OR c.id = (SELECT case_id FROM case_aliases WHERE ref = ?1)";
static const char casetab_sql_missing[] =
	"SELECT j.value FROM cases c, json_each(c.missing) j "
	"WHERE c.id = ?1 ORDER BY j.key";
static const char casetab_sql_listing_ids[] =
	"SELECT listing_id FROM case_listings WHERE case_id = ?1 ORDER BY rowid";
static const char casetab_sql_linked_from[] =
	"SELECT ref FROM cases WHERE linked_case_id = ?1 ORDER BY id";
static const char casetab_sql_listings[] =
	"SELECT l.listing_id, l.url, l.message_id, d.vendor_email, l.track, "
	"d.vendor_name, l.decided_by FROM case_listings l LEFT JOIN listing_directory d "
	"ON d.listing_id = l.listing_id WHERE l.case_id = ?1 ORDER BY l.rowid";

char *
casetab_lower(const char *address)
{
	char *s, *p;

	if (address == NULL)
		return NULL;
	s = xstrdup(address);
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

int
store_case_add_party(struct store *s, int64_t case_id, const char *address,
		     const char *role, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if (address == NULL || *address == '\0')
		return 0;
	if ((st = db_stmt(s, casetab_sql_add_party, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr);
	db_bind_text(s, st, 3, role);
	rc = db_step(s, st, err);
	free(addr);
	return rc < 0 ? -1 : 0;
}

int
store_case_create(struct store *s, const struct store_case_new *c,
		  int64_t *id_r, char *ref_r, size_t ref_size,
		  struct err *err)
{
	const struct report *r = c->report;
	const char *submitter;
	sqlite3_stmt *st;
	char *reporter = NULL, *email = NULL;
	int64_t id;
	int ret = -1;

	if (refs_next(s, c->prefix, c->now, ref_r, ref_size, err) < 0)
		return -1;
	reporter = casetab_lower(r->from_address);
	submitter = r->submitter_email ? r->submitter_email : r->from_address;
	email = casetab_lower(submitter);
	if ((st = db_stmt(s, casetab_sql_add, err)) == NULL)
		goto out;
	db_bind_text(s, st, 1, ref_r);
	db_bind_text(s, st, 2, report_stream_name(c->stream));
	db_bind_text(s, st, 3, c->kind);
	db_bind_int(s, st, 4, c->now);
	db_bind_text(s, st, 5, r->submitter_name ? r->submitter_name :
		     r->from_name);
	db_bind_text(s, st, 6, email);
	db_bind_text(s, st, 7, r->submitter_org);
	db_bind_text(s, st, 8, r->rights_holder);
	db_bind_text(s, st, 9, report_acting_name(r->acting_as));
	db_bind_text(s, st, 10, reporter);
	db_bind_text(s, st, 11, report_category_name(r->category));
	db_bind_int(s, st, 12, c->needs_staff);
	db_bind_id(s, st, 13, c->linked_case_id);
	if (db_step(s, st, err) < 0)
		goto out;
	id = db_last_id(s);
	if (store_case_add_party(s, id, reporter, "reporter", err) < 0 ||
	    store_case_add_party(s, id, email, "submitter", err) < 0)
		goto out;
	*id_r = id;
	ret = 0;
out:
	free(reporter);
	free(email);
	return ret;
}

int
store_case_find_ref(struct store *s, const char *ref, int64_t *id_r,
		    enum report_stream *stream_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, casetab_sql_find, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, ref);
	if ((rc = db_step(s, st, err)) == 1) {
		*id_r = db_col_int(st, 0);
		if (stream_r != NULL &&
		    report_stream_parse((const char *)sqlite3_column_text(st, 1),
					stream_r) < 0)
			*stream_r = STREAM_IP;
		db_reset(st);
	}
	return rc;
}

int
store_case_is_party(struct store *s, int64_t case_id, const char *address,
		    bool with_vendors, struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if (address == NULL || *address == '\0')
		return 0;
	if ((st = db_stmt(s, casetab_sql_party, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr);
	db_bind_int(s, st, 3, with_vendors);
	rc = db_step(s, st, err);
	if (rc == 1)
		db_reset(st);
	free(addr);
	return rc;
}

/* Runs sql bound with id and pushes column 0 of each row onto sv. */
static int
casetab_strings(struct store *s, const char *sql, int64_t id, struct strv *sv,
		struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	while ((rc = db_step(s, st, err)) == 1) {
		char *v = db_col_dup(st, 0);

		if (v != NULL)
			strv_push_take(sv, v);
	}
	return rc;
}

static void
casetab_read_row(sqlite3_stmt *st, struct store_case *c)
{
	*c = (struct store_case){ 0 };
	c->id = db_col_int(st, 0);
	c->ref = db_col_dup(st, 1);
	c->stream = db_col_dup(st, 2);
	c->kind = db_col_dup(st, 3);
	c->status = db_col_dup(st, 4);
	c->created = (time_t)db_col_int(st, 5);
	c->updated = (time_t)db_col_int(st, 6);
	c->submitter_name = db_col_dup(st, 7);
	c->submitter_email = db_col_dup(st, 8);
	c->submitter_org = db_col_dup(st, 9);
	c->rights_holder = db_col_dup(st, 10);
	c->acting_as = db_col_dup(st, 11);
	c->reporter = db_col_dup(st, 12);
	c->category = db_col_dup(st, 13);
	c->needs_staff = db_col_int(st, 14) != 0;
	c->linked_ref = db_col_dup(st, 15);
	c->enforcement = db_col_dup(st, 16);
	c->source_type = db_col_dup(st, 17);
	c->held = db_col_int(st, 18) != 0;
	c->repeat_infringer = db_col_int(st, 19) != 0;
	c->unfounded_at = (time_t)db_col_int(st, 20);
	c->ground = db_col_dup(st, 21);
	c->clause = db_col_dup(st, 22);
	c->explanation = db_col_dup(st, 23);
}

static int
casetab_fill_lists(struct store *s, struct store_case *v, size_t n,
		   struct err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (casetab_strings(s, casetab_sql_missing, v[i].id,
				    &v[i].missing, err) < 0 ||
		    casetab_strings(s, casetab_sql_listing_ids, v[i].id,
				    &v[i].listings, err) < 0)
			return -1;
	return 0;
}

int
casetab_query(struct store *s, sqlite3_stmt *st, struct store_case **cases_r,
	      size_t *n_r, struct err *err)
{
	struct store_case *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		casetab_read_row(st, &v[n++]);
	}
	if (rc < 0 || casetab_fill_lists(s, v, n, err) < 0) {
		store_cases_free(v, n);
		return -1;
	}
	*cases_r = v;
	*n_r = n;
	return 0;
}

int
store_case_list(struct store *s, const struct store_case_filter *f,
		struct store_case **cases_r, size_t *n_r, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, casetab_sql_list, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, f ? f->status : NULL);
	db_bind_text(s, st, 2, f ? f->stream : NULL);
	db_bind_int(s, st, 3, f ? f->overdue : 0);
	db_bind_int(s, st, 5, f ? !f->hide_closed : 1);
	db_bind_int(s, st, 4, f ? f->now : 0);
	return casetab_query(s, st, cases_r, n_r, err);
}

int
store_case_get(struct store *s, const char *ref, struct store_case **case_r,
	       struct err *err)
{
	struct store_case *c;
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, casetab_sql_get, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, ref);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	c = xmalloc(sizeof(*c));
	casetab_read_row(st, c);
	db_reset(st);
	if (casetab_fill_lists(s, c, 1, err) < 0) {
		store_cases_free(c, 1);
		return -1;
	}
	*case_r = c;
	return 1;
}

void
store_cases_free(struct store_case *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].stream);
		free(v[i].kind);
		free(v[i].status);
		free(v[i].submitter_name);
		free(v[i].submitter_email);
		free(v[i].submitter_org);
		free(v[i].rights_holder);
		free(v[i].acting_as);
		free(v[i].reporter);
		free(v[i].category);
		strv_free(&v[i].missing);
		strv_free(&v[i].listings);
		free(v[i].linked_ref);
		free(v[i].enforcement);
		free(v[i].source_type);
		free(v[i].ground);
		free(v[i].clause);
		free(v[i].explanation);
	}
	free(v);
}

int
store_case_linked_from(struct store *s, int64_t case_id, struct strv *refs_r,
		       struct err *err)
{
	return casetab_strings(s, casetab_sql_linked_from, case_id, refs_r, err);
}

int
store_case_listings(struct store *s, int64_t case_id,
		    struct store_listing **l_r, size_t *n_r, struct err *err)
{
	struct store_listing *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;
	int rc;

	if ((st = db_stmt(s, casetab_sql_listings, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n].listing_id = db_col_dup(st, 0);
		v[n].url = db_col_dup(st, 1);
		v[n].message_id = db_col_int(st, 2);
		v[n].vendor_email = db_col_dup(st, 3);
		v[n].track = db_col_dup(st, 4);
		v[n].vendor_name = db_col_dup(st, 5);
		v[n].decided_by = db_col_dup(st, 6);
		n++;
	}
	if (rc < 0) {
		store_listings_free(v, n);
		return -1;
	}
	*l_r = v;
	*n_r = n;
	return 0;
}

void
store_listings_free(struct store_listing *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].listing_id);
		free(v[i].url);
		free(v[i].vendor_email);
		free(v[i].track);
		free(v[i].vendor_name);
		free(v[i].decided_by);
	}
	free(v);
}

int
store_case_move(struct store *s, int64_t case_id, const char *old_ref,
		enum report_stream stream, const char *prefix, time_t now,
		char *ref_r, size_t ref_size, struct err *err)
{
	sqlite3_stmt *st;

	if (refs_next(s, prefix, now, ref_r, ref_size, err) < 0 ||
	    (st = db_stmt(s, casetab_sql_move, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, ref_r);
	db_bind_text(s, st, 3, report_stream_name(stream));
	db_bind_int(s, st, 4, now);
	db_bind_text(s, st, 5, stream == STREAM_ABUSE ? "abuse_report" :
		     "ip_report");
	if (db_step(s, st, err) < 0 ||
	    (st = db_stmt(s, casetab_sql_alias, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, old_ref);
	db_bind_int(s, st, 2, case_id);
	return db_step(s, st, err) < 0 ? -1 : 0;
}
