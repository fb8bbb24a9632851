/* tests/unit/test-store-sor.c - the store's statements of reasons
   (store/store-sor.h, migration 0013-statements): a store written by the
   release before (schema 12, tests/fixtures/store/v12.sql) migrates with
   every case kept; statements are added, listed by case, period and
   submission state, marked sent or failed; their ids are never reused;
   a case of that release reads as source type article_16, and the
   source type and ground are read from whichever columns hold them. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../common/buf.h"
#include "../../common/mem.h"
#include "../../store/store.h"
#include "../lib/testlib.h"

#define T2026 1790000000	/* 2026-09-21 */

static char tmpdir[] = "/tmp/test-store-sor.XXXXXX";

/* Returns the integer that sql (one row, one column) gives on path, or
   -1; or runs sql when want_rows is false. */
static long long
t_sql(const char *path, const char *sql, bool want_rows)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (!want_rows)
		v = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	else if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		 sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The schema of path, one line per object, by name (owned). */
static char *
t_schema(const char *path)
{
	struct buf b;
	sqlite3 *db;
	sqlite3_stmt *st;

	buf_init(&b, 0);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return buf_take(&b);
	sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema "
			   "ORDER BY name", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s|%s|%s\n", sqlite3_column_text(st, 0),
			   sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return buf_take(&b);
}

static struct store *
t_open(const char *path)
{
	char *att = xasprintf("%s/att", tmpdir);
	struct err err;
	struct store *s = store_open(path, att, &err);

	if (s == NULL)
		printf("# store_open: %s\n", err.msg);
	free(att);
	return s;
}

/* A statement of case_id: restriction on listing (NULL: the account). */
static struct store_statement
t_statement(int64_t case_id, const char *restriction, const char *listing,
	    time_t applied)
{
	struct store_statement st = { 0 };

	st.case_id = case_id;
	st.vendor_email = (char *)(uintptr_t)"One@Shop.example";
	st.restriction = (char *)(uintptr_t)restriction;
	st.listing_id = (char *)(uintptr_t)listing;
	st.listings = (char *)(uintptr_t)(listing ? listing : "v1 v2");
	st.lang = (char *)(uintptr_t)"en";
	st.ground = (char *)(uintptr_t)"illegal";
	st.legal_ground = (char *)(uintptr_t)"infringement of trademark";
	st.explanation = (char *)(uintptr_t)"copies the mark";
	st.source_type = (char *)(uintptr_t)"article_16";
	st.category = (char *)(uintptr_t)
		"STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS";
	st.keywords = (char *)(uintptr_t)"KEYWORD_TRADEMARK_INFRINGEMENT";
	st.territorial_scope = (char *)(uintptr_t)"DE AT";
	st.automated = (char *)(uintptr_t)"none";
	st.content_date = T2026 - 86400;
	st.applied = applied;
	st.until = 0;
	st.facts = (char *)(uintptr_t)"Notice received.";
	st.text = (char *)(uintptr_t)"STATEMENT OF REASONS ...";
	st.mailed = true;
	st.decided_by = (char *)(uintptr_t)"alice";
	return st;
}

static void
t_migration_v12(void)
{
	char *p = xasprintf("%s/v12.sqlite", tmpdir);
	char *fresh_p = xasprintf("%s/fresh.sqlite", tmpdir);
	char *v12, *migrated, *fresh;
	struct store_case_dsa d;
	struct store *s;
	struct err err;
	size_t len;

	test_begin("migration from schema 12 (statements of reasons)");
	v12 = test_read_file(test_path("fixtures/store/v12.sql"), &len);
	test_ok(v12 != NULL && t_sql(p, v12, false) == 0, "v12 snapshot loads");
	free(v12);
	test_ok(t_sql(p, "PRAGMA user_version", true) == 12, "it is schema 12");
	s = t_open(p);
	test_ok(s != NULL && store_schema_version(s) == store_schema_latest(),
		"v12 migrated to latest");
	err_clear(&err);
	test_ok(s != NULL && store_case_dsa(s, 4, &d, &err) == 0 &&
		strcmp(d.source_type, "article_16") == 0 && d.ground == NULL &&
		d.clause == NULL, "a case of schema 12 reads as article_16");
	store_case_dsa_free(&d);
	store_close(&s);
	test_ok(t_sql(p, "SELECT count(*) FROM cases", true) == 4 &&
		t_sql(p, "SELECT count(*) FROM outbox", true) == 12 &&
		t_sql(p, "SELECT count(*) FROM events", true) == 34 &&
		t_sql(p, "SELECT count(*) FROM vendor_actions", true) == 1,
		"every case, mail, event and account action kept");
	test_ok(t_sql(p, "SELECT count(*) FROM statements", true) == 0,
		"no statement for the decisions taken before");
	s = t_open(fresh_p);
	store_close(&s);
	migrated = t_schema(p);
	fresh = t_schema(fresh_p);
	test_streq(migrated, fresh, "v12 -> latest schema equals fresh");
	free(migrated);
	free(fresh);
	free(fresh_p);
	free(p);
}

static void
t_statements(void)
{
	char *p = xasprintf("%s/v12.sqlite", tmpdir);
	struct store_statement_filter f = { 0 };
	struct store_statement st, *v = NULL;
	struct store *s = t_open(p);
	int64_t id1 = 0, id2 = 0, id3 = 0, id4 = 0;
	struct err err;
	size_t n = 0;

	test_begin("statements: add, list, sent, failed");
	if (!test_ok(s != NULL, "opens"))
		return;
	err_clear(&err);
	st = t_statement(4, "removal", "v1", T2026);
	test_ok(store_statement_add(s, &st, &id1, &err) == 0, "removal: %s",
		err.msg);
	st = t_statement(4, "suspension", NULL, T2026 + 3600);
	st.until = T2026 + 30 * 86400;
	test_ok(store_statement_add(s, &st, &id2, &err) == 0 && id2 > id1,
		"suspension");
	st = t_statement(4, "fine", "v1", T2026);
	test_ok(store_statement_add(s, &st, NULL, &err) < 0,
		"an unknown restriction is refused");
	st = t_statement(1, "removal", "v1", T2026 + 86400);
	test_ok(store_statement_add(s, &st, &id3, &err) == 0, "other case");

	test_ok(store_statement_list(s, NULL, &v, &n, &err) == 0 && n == 3,
		"all three listed");
	if (n == 3) {
		test_streq(v[0].ref, "IPR-2026-000004", "with the case's ref");
		test_streq(v[0].vendor_email, "one@shop.example",
			   "vendor address lower case");
		test_ok(v[1].listing_id == NULL && v[1].until == T2026 + 30 *
			86400 && v[1].mailed && v[1].tdb_uuid == NULL,
			"account restriction with its end, unsent");
		test_streq(v[2].keywords, "KEYWORD_TRADEMARK_INFRINGEMENT",
			   "keywords kept");
	}
	store_statements_free(v, n);
	f.case_id = 4;
	test_ok(store_statement_list(s, &f, &v, &n, &err) == 0 && n == 2,
		"by case");
	store_statements_free(v, n);
	f = (struct store_statement_filter){ 0, T2026 + 1, T2026 + 86400,
		false, 0 };
	test_ok(store_statement_list(s, &f, &v, &n, &err) == 0 && n == 1 &&
		v[0].id == id2, "by period: since included, until excluded");
	store_statements_free(v, n);

	test_ok(store_statement_sent(s, id1, "4b989c23-3736-4fd9-8612-a975b98d88d6",
				     T2026, &err) == 0 &&
		store_statement_failed(s, id2, "HTTP 503", T2026 + 60, &err) == 0,
		"one sent, one failed");
	f = (struct store_statement_filter){ 0, 0, 0, true, T2026 };
	test_ok(store_statement_list(s, &f, &v, &n, &err) == 0 && n == 1 &&
		v[0].id == id3, "unsent and due: only the third");
	store_statements_free(v, n);
	f.now = T2026 + 60;
	test_ok(store_statement_list(s, &f, &v, &n, &err) == 0 && n == 2 &&
		v[0].id == id2 && v[0].tdb_attempts == 1 &&
		strcmp(v[0].tdb_error, "HTTP 503") == 0,
		"the failed one is due again after its delay");
	store_statements_free(v, n);

	/* a deleted last row does not give its id again */
	test_ok(t_sql(p, "DELETE FROM statements WHERE id = 3", false) == 0,
		"last statement deleted");
	st = t_statement(1, "termination", NULL, T2026);
	test_ok(store_statement_add(s, &st, &id4, &err) == 0 && id4 > id3,
		"a new statement never takes an old id (%lld > %lld)",
		(long long)id4, (long long)id3);
	store_close(&s);
	free(p);
}

/* The source type and own-initiative ground come from the case's
   columns: source_type (schema 0014), ground, clause and explanation
   (schema 0017). */
static void
t_case_dsa(void)
{
	char *p = xasprintf("%s/v12.sqlite", tmpdir);
	struct store_case_dsa d;
	struct store *s;
	struct err err;

	test_begin("a case's source type and own-initiative ground");
	/* source_type is schema 0014's (store/standing.c sets it) */
	test_ok(t_sql(p, "UPDATE cases SET source_type = 'trusted_flagger' "
		      "WHERE id = 2", false) == 0,
		"a trusted flagger's case (the source_type column)");
	s = t_open(p);
	err_clear(&err);
	test_ok(s && store_case_dsa(s, 2, &d, &err) == 0 &&
		strcmp(d.source_type, "trusted_flagger") == 0 && !d.ground,
		"trusted_flagger read from source_type");
	store_case_dsa_free(&d);
	store_close(&s);
	test_ok(t_sql(p, "UPDATE cases SET source_type = 'voluntary', "
		      "ground = 'terms', clause = 'malware', "
		      "explanation = 'keylogger' WHERE id = 3", false) == 0,
		"an own-initiative case");
	s = t_open(p);
	test_ok(s && store_case_dsa(s, 3, &d, &err) == 0 &&
		strcmp(d.source_type, "voluntary") == 0 && d.ground &&
		strcmp(d.ground, "terms") == 0 && d.clause &&
		strcmp(d.clause, "malware") == 0 && d.explanation &&
		strcmp(d.explanation, "keylogger") == 0,
		"voluntary with its ground, clause and explanation");
	store_case_dsa_free(&d);
	test_ok(s && store_case_dsa(s, 1, &d, &err) == 0 &&
		strcmp(d.source_type, "article_16") == 0 && d.clause == NULL,
		"a plain notice stays article_16");
	store_case_dsa_free(&d);
	store_close(&s);
	free(p);
}

int
main(void)
{
	pid_t pid;
	int ret;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	t_migration_v12();
	t_statements();
	t_case_dsa();
	ret = test_done();
	pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", tmpdir, (char *)NULL);
		_exit(1);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return ret;
}
