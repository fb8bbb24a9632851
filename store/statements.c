/* store/statements.c - statements of reasons (store/store-sor.h): one row
   per restriction, the text exactly as mailed, and the state of its
   submission to the Transparency Database. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char sor_sql_add[] =
	"INSERT INTO statements (case_id, vendor_email, restriction, "
	"listing_id, listings, lang, ground, legal_ground, explanation, "
	"source_type, category, keywords, territorial_scope, automated, "
	"content_date, applied, until, facts, text, mailed, decided_by) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";
static const char sor_sql_list[] =
	"SELECT s.id, s.case_id, c.ref, s.vendor_email, s.restriction, "
	"s.listing_id, s.listings, s.lang, s.ground, s.legal_ground, "
	"s.explanation, s.source_type, s.category, s.keywords, "
	"s.territorial_scope, s.automated, s.content_date, s.applied, "
	"s.until, s.facts, s.text, s.mailed, s.decided_by, s.tdb_uuid, "
	"s.tdb_sent_at, s.tdb_attempts, s.tdb_next, s.tdb_error "
	"FROM statements s JOIN cases c ON c.id = s.case_id "
	"WHERE (?1 = 0 OR s.case_id = ?1) AND (?2 = 0 OR s.applied >= ?2) "
	"AND (?3 = 0 OR s.applied < ?3) "
	"AND (?4 = 0 OR (s.tdb_uuid IS NULL AND s.tdb_next <= ?5)) "
	"ORDER BY s.id";
static const char sor_sql_sent[] =
	"UPDATE statements SET tdb_uuid = ?2, tdb_sent_at = ?3, "
	"tdb_error = NULL WHERE id = ?1";
static const char sor_sql_failed[] =
	"UPDATE statements SET tdb_attempts = tdb_attempts + 1, "
	"tdb_error = ?2, tdb_next = ?3 WHERE id = ?1";
/* The columns other parts of the schema may add to cases. */
static const char sor_sql_columns[] =
	"SELECT name FROM pragma_table_info('cases') WHERE name IN "
	"('source_type', 'source', 'ground', 'clause', 'explanation')";
static const char sor_sql_source_type[] =
	"SELECT source_type FROM cases WHERE id = ?1";
static const char sor_sql_source[] =
	"SELECT source FROM cases WHERE id = ?1";
static const char sor_sql_initiative[] =
	"SELECT ground, clause, explanation FROM cases WHERE id = ?1";

int
store_statement_add(struct store *s, const struct store_statement *v,
		    int64_t *id_r, struct err *err)
{
	char *vendor = casetab_lower(v->vendor_email);
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, sor_sql_add, err)) == NULL) {
		free(vendor);
		return -1;
	}
	db_bind_int(s, st, 1, v->case_id);
	db_bind_text(s, st, 2, vendor);
	db_bind_text(s, st, 3, v->restriction);
	db_bind_text(s, st, 4, v->listing_id);
	db_bind_text(s, st, 5, v->listings ? v->listings : "");
	db_bind_text(s, st, 6, v->lang);
	db_bind_text(s, st, 7, v->ground);
	db_bind_text(s, st, 8, v->legal_ground);
	db_bind_text(s, st, 9, v->explanation);
	db_bind_text(s, st, 10, v->source_type);
	db_bind_text(s, st, 11, v->category);
	db_bind_text(s, st, 12, v->keywords ? v->keywords : "");
	db_bind_text(s, st, 13, v->territorial_scope);
	db_bind_text(s, st, 14, v->automated);
	db_bind_int(s, st, 15, v->content_date);
	db_bind_int(s, st, 16, v->applied);
	db_bind_id(s, st, 17, v->until);
	db_bind_text(s, st, 18, v->facts);
	db_bind_text(s, st, 19, v->text);
	db_bind_int(s, st, 20, v->mailed);
	db_bind_text(s, st, 21, v->decided_by);
	rc = db_step(s, st, err);
	free(vendor);
	if (rc < 0)
		return -1;
	if (id_r != NULL)
		*id_r = db_last_id(s);
	return 0;
}

static void
sor_row(sqlite3_stmt *st, struct store_statement *v)
{
	v->id = db_col_int(st, 0);
	v->case_id = db_col_int(st, 1);
	v->ref = db_col_dup(st, 2);
	v->vendor_email = db_col_dup(st, 3);
	v->restriction = db_col_dup(st, 4);
	v->listing_id = db_col_dup(st, 5);
	v->listings = db_col_dup(st, 6);
	v->lang = db_col_dup(st, 7);
	v->ground = db_col_dup(st, 8);
	v->legal_ground = db_col_dup(st, 9);
	v->explanation = db_col_dup(st, 10);
	v->source_type = db_col_dup(st, 11);
	v->category = db_col_dup(st, 12);
	v->keywords = db_col_dup(st, 13);
	v->territorial_scope = db_col_dup(st, 14);
	v->automated = db_col_dup(st, 15);
	v->content_date = (time_t)db_col_int(st, 16);
	v->applied = (time_t)db_col_int(st, 17);
	v->until = (time_t)db_col_int(st, 18);
	v->facts = db_col_dup(st, 19);
	v->text = db_col_dup(st, 20);
	v->mailed = db_col_int(st, 21) != 0;
	v->decided_by = db_col_dup(st, 22);
	v->tdb_uuid = db_col_dup(st, 23);
	v->tdb_sent_at = (time_t)db_col_int(st, 24);
	v->tdb_attempts = (int)db_col_int(st, 25);
	v->tdb_next = (time_t)db_col_int(st, 26);
	v->tdb_error = db_col_dup(st, 27);
}

int
store_statement_list(struct store *s, const struct store_statement_filter *f,
		     struct store_statement **st_r, size_t *n_r,
		     struct err *err)
{
	static const struct store_statement_filter all = { 0 };
	struct store_statement *v = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*st_r = NULL;
	*n_r = 0;
	if (f == NULL)
		f = &all;
	if ((st = db_stmt(s, sor_sql_list, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, f->case_id);
	db_bind_int(s, st, 2, f->since);
	db_bind_int(s, st, 3, f->until);
	db_bind_int(s, st, 4, f->unsent);
	db_bind_int(s, st, 5, f->now);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		sor_row(st, &v[n]);
		n++;
	}
	if (rc < 0) {
		store_statements_free(v, n);
		return -1;
	}
	*st_r = v;
	*n_r = n;
	return 0;
}

void
store_statements_free(struct store_statement *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].ref);
		free(v[i].vendor_email);
		free(v[i].restriction);
		free(v[i].listing_id);
		free(v[i].listings);
		free(v[i].lang);
		free(v[i].ground);
		free(v[i].legal_ground);
		free(v[i].explanation);
		free(v[i].source_type);
		free(v[i].category);
		free(v[i].keywords);
		free(v[i].territorial_scope);
		free(v[i].automated);
		free(v[i].facts);
		free(v[i].text);
		free(v[i].decided_by);
		free(v[i].tdb_uuid);
		free(v[i].tdb_error);
	}
	free(v);
}

int
store_statement_sent(struct store *s, int64_t id, const char *uuid,
		     time_t now, struct err *err)
{
	sqlite3_stmt *st = db_stmt(s, sor_sql_sent, err);

	if (st == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, uuid);
	db_bind_int(s, st, 3, now);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
store_statement_failed(struct store *s, int64_t id, const char *why,
		       time_t next, struct err *err)
{
	sqlite3_stmt *st = db_stmt(s, sor_sql_failed, err);

	if (st == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	db_bind_text(s, st, 2, why);
	db_bind_int(s, st, 3, next);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

/* Reads the first column of the one row sql gives for case id into
   *v_r (owned by the caller; NULL when none). */
static int
sor_case_text(struct store *s, const char *sql, int64_t case_id,
	      char **v_r, struct err *err)
{
	sqlite3_stmt *st = db_stmt(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) == 1) {
		free(*v_r);
		*v_r = db_col_dup(st, 0);
		db_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

int
store_case_dsa(struct store *s, int64_t case_id, struct store_case_dsa *d,
	       struct err *err)
{
	bool has_type = false, has_source = false, has_ground = false;
	sqlite3_stmt *st;
	char *name;
	int rc;

	*d = (struct store_case_dsa){ 0 };
	if ((st = db_stmt(s, sor_sql_columns, err)) == NULL)
		return -1;
	while ((rc = db_step(s, st, err)) == 1) {
		name = db_col_dup(st, 0);
		has_type |= strcmp(name, "source_type") == 0;
		has_source |= strcmp(name, "source") == 0;
		has_ground |= strcmp(name, "ground") == 0;
		free(name);
	}
	/* Two columns may say it (own-initiative cases, trusted flaggers):
	   the one that is not the default wins. */
	if (rc < 0 ||
	    (has_source && sor_case_text(s, sor_sql_source, case_id,
					 &d->source_type, err) < 0) ||
	    (has_type && (d->source_type == NULL ||
			  strcmp(d->source_type, "article_16") == 0) &&
	     sor_case_text(s, sor_sql_source_type, case_id, &d->source_type,
			   err) < 0))
		goto fail;
	if (has_ground) {
		if ((st = db_stmt(s, sor_sql_initiative, err)) == NULL)
			goto fail;
		db_bind_int(s, st, 1, case_id);
		if ((rc = db_step(s, st, err)) < 0)
			goto fail;
		if (rc == 1) {
			d->ground = db_col_dup(st, 0);
			d->clause = db_col_dup(st, 1);
			d->explanation = db_col_dup(st, 2);
			db_reset(st);
		}
	}
	if (d->source_type == NULL || *d->source_type == '\0') {
		free(d->source_type);
		d->source_type = xstrdup("article_16");
	}
	return 0;
fail:
	store_case_dsa_free(d);
	return -1;
}

void
store_case_dsa_free(struct store_case_dsa *d)
{
	free(d->source_type);
	free(d->ground);
	free(d->clause);
	free(d->explanation);
	*d = (struct store_case_dsa){ 0 };
}
