/* tests/unit/test-store-complaints.c - complaints against decisions and
   own-initiative cases in the store (store/complaints.c,
   store/initiative.c, schema 0017), on stores of past releases
   (tests/fixtures/store/v12.sql, and v16-decisions.sql: the release just
   before complaints) migrated to them: tracks, the account that took each
   decision, the source type of each case. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../store/store.h"
#include "../lib/testlib.h"
#include "../lib/teststore.h"

#define T0 1790000000

static char tmpdir[64];

static struct store *
t_open(const char *name)
{
	return test_store_open(tmpdir, name);
}

/* The schema of database name as text (sqlite_schema, ordered). */
static char *
t_schema(const char *name)
{
	char *path = xasprintf("%s/%s", tmpdir, name), *out = NULL;
	sqlite3_stmt *st;
	sqlite3 *db;
	size_t len = 0;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT type, name, coalesce(sql, '') FROM "
			       "sqlite_schema ORDER BY type, name", -1, &st,
			       NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int i = 0; i < 3; i++) {
				const char *t =
					(const char *)sqlite3_column_text(st, i);
				size_t n = strlen(t);

				out = xrealloc(out, len + n + 2);
				memcpy(out + len, t, n);
				len += n;
				out[len++] = '\n';
				out[len] = '\0';
			}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	free(path);
	return out;
}

static int64_t
t_int(const char *name, const char *sql)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t v = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	free(path);
	return v;
}

/* Loads the snapshot tests/fixtures/store/SNAP.sql into SNAP.sqlite,
   checks that it is schema version and opens it with the store, which
   migrates it; returns the store (caller closes) or NULL. */
static struct store *
t_snapshot(const char *snap, int version)
{
	char *rel = xasprintf("fixtures/store/%s.sql", snap);
	char *name = xasprintf("%s.sqlite", snap);
	struct store *s;

	test_ok(test_store_load(rel, tmpdir, name) == 0,
		"%s snapshot loaded", snap);
	test_ok(t_int(name, "PRAGMA user_version") == version,
		"it is schema %d", version);
	s = t_open(name);
	test_ok(s != NULL && store_schema_version(s) == store_schema_latest(),
		"%s migrated to the latest schema", snap);
	free(name);
	free(rel);
	return s;
}

/* Checks that the migrated SNAP.sqlite has the schema of a fresh
   store. */
static void
t_same_as_fresh(const char *snap)
{
	char *name = xasprintf("%s.sqlite", snap);
	char *fresh, *migrated;
	struct store *s = t_open("fresh.sqlite");

	store_close(&s);
	fresh = t_schema("fresh.sqlite");
	migrated = t_schema(name);
	test_ok(fresh != NULL && migrated != NULL &&
		strcmp(fresh, migrated) == 0,
		"%s -> latest schema equals fresh", snap);
	free(fresh);
	free(migrated);
	free(name);
}

static void
t_migration(void)
{
	struct store_listing *l = NULL;
	struct store_case *c = NULL;
	struct store *s;
	struct err err;
	size_t n = 0;

	test_begin("migration from schema 12 (complaints, sources)");
	s = t_snapshot("v12", 12);
	err_clear(&err);
	test_ok(s != NULL && store_case_get(s, "IPR-2026-000003", &c,
					     &err) == 1 &&
		strcmp(c->source_type, "article_16") == 0 && c->clause == NULL,
		"an old case came from a notice (article_16)");
	test_ok(s != NULL && c != NULL &&
		store_case_listings(s, c->id, &l, &n, &err) == 0 && n == 2 &&
		strcmp(l[0].track, "removed") == 0 &&
		strcmp(l[0].decided_by, "root") == 0 &&
		strcmp(l[1].track, "removed") == 0 &&
		strcmp(l[1].decided_by, "root") == 0,
		"tracks kept, each decision's account read from the events");
	store_listings_free(l, n);
	store_cases_free(c, c ? 1 : 0);
	store_close(&s);
	test_ok(t_int("v12.sqlite", "SELECT count(*) FROM case_listings") ==
		5 && t_int("v12.sqlite", "SELECT count(*) FROM cases") == 4 &&
		t_int("v12.sqlite", "SELECT count(*) FROM outbox") == 12 &&
		t_int("v12.sqlite", "SELECT count(*) FROM complaints") == 0,
		"every listing, case and mail kept; no complaint yet");
	test_ok(t_int("v12.sqlite", "SELECT count(*) FROM case_listings "
		      "WHERE decided_by IS NULL") == 3,
		"listings never removed or reinstated have no deciding "
		"account");
	t_same_as_fresh("v12");
}

/* A store written at schema 16 (the release before complaints, with
   statements of reasons, notice sources, counter-notice forwards and
   portal state):
   migrated, it keeps all of those, and each removed listing's deciding
   account is the one that removed it. */
static void
t_migration16(void)
{
	struct store_listing *l = NULL;
	struct store_case *c = NULL;
	struct store *s;
	struct err err;
	size_t n = 0;

	test_begin("migration from schema 16 (the release before complaints)");
	s = t_snapshot("v16-decisions", 16);
	err_clear(&err);
	test_ok(s != NULL && store_case_get(s, "IPR-2026-000001", &c,
					     &err) == 1 &&
		strcmp(c->source_type, "trusted_flagger") == 0 &&
		c->clause == NULL && c->ground == NULL,
		"a trusted flagger's case keeps its source, has no clause");
	store_cases_free(c, c ? 1 : 0);
	c = NULL;
	test_ok(s != NULL && store_case_get(s, "IPR-2026-000003", &c,
					     &err) == 1 &&
		store_case_listings(s, c->id, &l, &n, &err) == 0 && n == 2 &&
		strcmp(l[0].track, "removed") == 0 &&
		strcmp(l[0].decided_by, "alice") == 0 &&
		strcmp(l[1].track, "removed") == 0 &&
		strcmp(l[1].decided_by, "alice") == 0,
		"alice's removals: tracks kept, alice read as the deciding "
		"account");
	store_listings_free(l, n);
	store_cases_free(c, c ? 1 : 0);
	store_close(&s);
	test_ok(t_int("v16-decisions.sqlite", "SELECT count(*) FROM cases") == 5 &&
		t_int("v16-decisions.sqlite", "SELECT count(*) FROM case_listings") == 6 &&
		t_int("v16-decisions.sqlite", "SELECT count(*) FROM outbox") == 15 &&
		t_int("v16-decisions.sqlite", "SELECT count(*) FROM statements") == 3 &&
		t_int("v16-decisions.sqlite", "SELECT count(*) FROM complaints") == 0,
		"every case, listing, mail and statement kept; no complaint");
	test_ok(t_int("v16-decisions.sqlite", "SELECT forward_outbox_id FROM "
		      "counter_notices WHERE case_id = 5") == 15 &&
		t_int("v16-decisions.sqlite", "SELECT count(*) FROM cases WHERE "
		      "unfounded_at IS NOT NULL") == 1,
		"the counter-notice's forward and the unfounded notice kept");
	test_ok(t_int("v16-decisions.sqlite", "SELECT count(*) FROM case_listings "
		      "WHERE decided_by IS NULL") == 4,
		"listings never removed or reinstated have no deciding "
		"account");
	t_same_as_fresh("v16-decisions");
}

/* Complaints on the migrated store: the decision mail a reply names, the
   complaint row, its outcome, and who decided what. */
static void
t_complaints(void)
{
	struct store *s = t_open("v12.sqlite");
	struct store_decision_mail d;
	struct store_complaint *c = NULL;
	struct strv refs = { 0 };
	struct err err;
	char *who = NULL, *mid = NULL;
	int64_t case_id = 0, id = 0;
	size_t n = 0;

	test_begin("complaints");
	err_clear(&err);
	if (s == NULL || store_case_find_ref(s, "IPR-2026-000003", &case_id,
					     NULL, &err) != 1) {
		test_ok(false, "case 1 found");
		store_close(&s);
		return;
	}
	/* The removal decision to the vendor of v2 (one@shop.example):
	   outbox 8. */
	{
		char *path = xasprintf("%s/v12.sqlite", tmpdir);
		sqlite3 *db;
		sqlite3_stmt *st;

		if (sqlite3_open(path, &db) == SQLITE_OK &&
		    sqlite3_prepare_v2(db, "SELECT message_id FROM outbox "
				       "WHERE id = 8", -1, &st, NULL) ==
		    SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				mid = xstrdup((const char *)
					      sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		sqlite3_close(db);
		free(path);
	}
	strv_push(&refs, "<nothing@example>");
	test_ok(store_complaint_mail(s, case_id, &refs, "one@shop.example", &d,
				     &err) == 0, "a reply naming no decision");
	if (mid != NULL)
		strv_push(&refs, mid);
	test_ok(store_complaint_mail(s, case_id, &refs, "ONE@shop.example", &d,
				     &err) == 1 && strcmp(d.kind,
							  "decision") == 0 &&
		d.outbox_id == 8, "the decision mail a reply names");
	test_ok(store_complaint_mail(s, case_id, &refs, "two@shop.example", &d,
				     &err) == 0,
		"a decision sent to somebody else is not its decision");
	test_ok(store_case_decider(s, case_id, &who, &err) == 1 &&
		strcmp(who, "root") == 0, "the latest decision was root's");
	free(who);
	{
		struct store_complaint_new cn = { case_id, "v2", "vendor",
			"One@Shop.Example", 0, "removed", "alice", T0 + 100,
			T0 + 100 + 14 * 86400, "zh" };

		test_ok(store_complaint_add(s, &cn, &id, &err) == 0 && id > 0,
			"complaint recorded");
	}
	test_ok(store_complaints(s, case_id, &c, &n, &err) == 0 && n == 1 &&
		strcmp(c[0].address, "one@shop.example") == 0 &&
		strcmp(c[0].decided_by, "alice") == 0 &&
		strcmp(c[0].lang, "zh") == 0 && c[0].outcome == NULL,
		"listed pending, address lower-case, language kept");
	store_complaints_free(c, n);
	test_ok(store_complaint_decide(s, case_id, id, "reverse", "licensed",
				       "bob", T0 + 200, &err) == 1,
		"decided");
	test_ok(store_complaint_decide(s, case_id, id, "uphold", "x", "bob",
				       T0 + 300, &err) == 0,
		"a decided complaint is not decided again");
	test_ok(store_complaints(s, case_id, &c, &n, &err) == 0 && n == 1 &&
		strcmp(c[0].outcome, "reverse") == 0 &&
		strcmp(c[0].outcome_by, "bob") == 0 &&
		c[0].outcome_at == T0 + 200, "the outcome is kept");
	store_complaints_free(c, n);
	strv_free(&refs);
	free(mid);
	store_close(&s);
}

static void
t_open_case(void)
{
	struct store *s = t_open("v12.sqlite");
	struct store_case *c = NULL;
	struct strv ids = { 0 };
	struct store_case_open o = { "ABR", STREAM_ABUSE, "terms", "malware",
		"it phones home", "alice", &ids, T0 + 500 };
	struct err err;
	char ref[32];
	int64_t id = 0;

	test_begin("own-initiative cases");
	err_clear(&err);
	strv_push(&ids, "v3");
	strv_push(&ids, "v9");
	test_ok(s != NULL && store_begin(s, &err) == 0 &&
		store_case_open(s, &o, &id, ref, sizeof(ref), &err) == 0 &&
		store_commit(s, &err) == 0, "opened");
	test_streq(ref, "ABR-2026-000001", "its reference");
	test_ok(s != NULL && store_case_get(s, ref, &c, &err) == 1 &&
		strcmp(c->source_type, "voluntary") == 0 &&
		strcmp(c->status, "ready_for_review") == 0 &&
		strcmp(c->kind, "own_initiative") == 0 &&
		strcmp(c->clause, "malware") == 0 &&
		strcmp(c->ground, "terms") == 0 &&
		strcmp(c->explanation, "it phones home") == 0 &&
		c->reporter == NULL && c->listings.n == 2 && c->missing.n == 0,
		"no reporter, nothing missing, ground, clause, explanation");
	store_cases_free(c, c ? 1 : 0);
	test_ok(t_int("v12.sqlite", "SELECT count(*) FROM events WHERE "
		      "type = 'case.opened' AND actor = 'alice' AND "
		      "json_extract(detail, '$.source_type') = 'voluntary'") == 1,
		"an event says who opened it");
	strv_free(&ids);
	store_close(&s);
}

int
main(void)
{
	char *cmd;
	int ret;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-complaints-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	t_migration();
	t_migration16();
	t_complaints();
	t_open_case();
	ret = test_done();
	if (ret == 0) {
		cmd = xasprintf("rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			ret = 1;
		free(cmd);
	}
	return ret;
}
