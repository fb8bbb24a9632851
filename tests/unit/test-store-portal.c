/* tests/unit/test-store-portal.c - what the portal keeps across restarts
   (store/portal_state.c, migration 0016): its token key, the posts per
   client address and hour, the used form tokens; each checked again
   after the store is closed and opened, and in a store of the previous
   release (the v15 snapshot, written by main at schema 15) migrated to them. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Returns the integer sql gives over a raw connection to path, or -1. */
static int
t_count(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int n = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* The portal's state in the store name, then again after a reopen. */
static void
t_state(const char *name, const char *what)
{
	unsigned char fresh[32], other[32], key[32], again[32];
	struct store *s = t_open(name);
	struct err err;
	int n;

	test_begin(what);
	err_clear(&err);
	memset(fresh, 0xa5, sizeof(fresh));
	memset(other, 0x5a, sizeof(other));
	test_ok(s != NULL && store_portal_key(s, "csrf", fresh, key,
					      sizeof(key), &err) == 0 &&
		memcmp(key, fresh, sizeof(key)) == 0,
		"no key yet: the fresh one is stored");
	/* three posts an hour */
	n = 0;
	for (int i = 0; i < 3; i++)
		n += store_portal_rate_take(s, "192.0.2.1", T0 + i, 3, &err);
	test_ok(n == 3, "three posts within the limit");
	test_ok(store_portal_rate_take(s, "192.0.2.1", T0 + 10, 3, &err) == 0,
		"the fourth in the hour is over it");
	test_ok(store_portal_rate_take(s, "192.0.2.2", T0 + 10, 3, &err) == 1,
		"another address counts apart");
	test_ok(store_portal_token_use(s, "aa11", T0 + 86400, &err) == 1,
		"a token used the first time");
	test_ok(store_portal_token_use(s, "aa11", T0 + 86400, &err) == 0,
		"the same token again: used");
	store_close(&s);

	/* a restart: the same store opened again */
	s = t_open(name);
	test_ok(s != NULL && store_portal_key(s, "csrf", other, again,
					      sizeof(again), &err) == 0 &&
		memcmp(again, fresh, sizeof(again)) == 0,
		"after a reopen the stored key, not a fresh one");
	test_ok(store_portal_rate_take(s, "192.0.2.1", T0 + 20, 3, &err) == 0,
		"after a reopen the address is still over its limit");
	test_ok(store_portal_token_use(s, "aa11", T0 + 86400, &err) == 0,
		"after a reopen the token is still used");
	test_ok(store_portal_rate_take(s, "192.0.2.1", T0 + 3600, 3,
				       &err) == 1,
		"an hour after its first post the address may post again");
	test_ok(store_portal_state_expire(s, T0 + 86401, &err) == 0 &&
		store_portal_token_use(s, "aa11", T0 + 2 * 86400, &err) == 1,
		"a stale token is forgotten (it could not pass anyway)");
	test_ok(store_portal_state_expire(s, T0 + 2 * 3600 + 1, &err) == 0 &&
		store_portal_rate_take(s, "192.0.2.2", T0 + 2 * 3600 + 2, 1,
				       &err) == 1,
		"the hours over are forgotten");
	store_close(&s);
}

int
main(void)
{
	struct store *s;
	char *path;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-portalstate-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	t_state("fresh.sqlite", "portal state in a new store");

	/* A store of the previous release (schema 15, before the portal's
	   state), loaded over a raw connection, then migrated by store_open. */
	test_begin("migration from schema 15 (0016)");
	path = xasprintf("%s/v15.sqlite", tmpdir);
	test_ok(test_store_load("fixtures/store/v15.sql", tmpdir,
				"v15.sqlite") == 0 &&
		t_count(path, "PRAGMA user_version") == 15,
		"v15 snapshot loaded");
	test_ok(t_count(path, "SELECT count(*) FROM sqlite_master WHERE "
			"name = 'portal_keys'") == 0,
		"no portal state tables before the migration");
	s = t_open("v15.sqlite");
	test_ok(s != NULL && store_schema_version(s) == store_schema_latest(),
		"v15 migrated to latest");
	store_close(&s);
	test_ok(t_count(path, "SELECT count(*) FROM cases WHERE ref = "
			"'IPR-2026-000001' AND status = 'counter_noticed'") == 1 &&
		t_count(path, "SELECT count(*) FROM outbox") == 4 &&
		t_count(path, "SELECT count(*) FROM counter_notices") == 1 &&
		t_count(path, "SELECT count(*) FROM events") == 13 &&
		t_count(path, "SELECT count(*) FROM accounts") == 1 &&
		t_count(path, "SELECT count(*) FROM portal_pending") == 1,
		"its case, mails, counter-notice, events, account and held form "
		"kept");
	test_ok(t_count(path, "SELECT count(*) FROM portal_keys") == 0 &&
		t_count(path, "SELECT count(*) FROM portal_rates") == 0 &&
		t_count(path, "SELECT count(*) FROM portal_used_tokens") == 0,
		"with the portal's state tables, empty (0016)");
	t_state("v15.sqlite", "portal state in a migrated v15 store");
	free(path);
	return test_done_rmdir(tmpdir);
}
