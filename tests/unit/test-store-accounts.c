/* tests/unit/test-store-accounts.c - staff accounts, sessions and
   failed sign-ins in the store (store/accounts.c, schema 0012),
   including a store of the previous release (the v1 snapshot) migrated
   to them. */
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

static void
t_accounts(struct store *s, const char *what)
{
	struct store_account *a = NULL, *v = NULL;
	struct err err;
	int64_t n = -1;
	size_t nv = 0;

	test_begin(what);
	err_clear(&err);
	test_ok(store_account_count(s, &n, &err) == 0 && n == 0, "none yet");
	test_ok(store_account_add(s, "alice", "decider", "$argon2id$x", T0,
				  &err) == 1, "added");
	test_ok(store_account_add(s, "alice", "viewer", "$argon2id$y", T0,
				  &err) == 0, "a taken name: 0");
	test_ok(store_account_add(s, "bob", "root", "$argon2id$y", T0,
				  &err) < 0, "an unknown role: refused by "
		"the schema");
	test_ok(store_account_add(s, "bob", "viewer", "$argon2id$z", T0,
				  &err) == 1, "second");
	test_ok(store_account_count(s, &n, &err) == 0 && n == 2, "two");
	test_ok(store_account_list(s, &v, &nv, &err) == 0 && nv == 2 &&
		strcmp(v[0].name, "alice") == 0 &&
		strcmp(v[1].role, "viewer") == 0, "listed by name");
	store_accounts_free(v, nv);
	test_ok(store_account_get(s, "alice", &a, &err) == 1 &&
		strcmp(a->password, "$argon2id$x") == 0 && !a->disabled,
		"read back");

	/* failures lock at the third of max 3, for 600 s */
	test_ok(store_login_failed(s, a->id, "192.0.2.1", T0, 3, 600,
				   &err) == 0 &&
		store_login_failed(s, a->id, "192.0.2.1", T0 + 1, 3, 600,
				   &err) == 0, "two failures");
	store_accounts_free(a, 1);
	store_account_get(s, "alice", &a, &err);
	test_ok(a->failures == 2 && a->locked_until == 0, "not locked yet");
	test_ok(store_login_failed(s, a->id, "192.0.2.1", T0 + 2, 3, 600,
				   &err) == 0, "third");
	store_accounts_free(a, 1);
	store_account_get(s, "alice", &a, &err);
	test_ok(a->locked_until == T0 + 602, "locked for 600 s");
	test_ok(store_login_failures_since(s, "192.0.2.1", T0, &n, &err) == 0 &&
		n == 3, "three from the address");
	test_ok(store_login_failures_since(s, "192.0.2.9", T0, &n, &err) == 0 &&
		n == 0, "none from another");
	test_ok(store_login_failed(s, 0, "192.0.2.1", T0 + 700, 3, 600,
				   &err) == 0 &&
		store_login_failures_since(s, "192.0.2.1", 0, &n, &err) == 0 &&
		n == 1, "old failures forgotten");
	test_ok(store_login_good(s, a->id, &err) == 0, "good sign-in");

	/* sessions: idle 100 s, absolute 1000 s */
	test_ok(store_session_add(s, "h1", a->id, T0, &err) == 0, "session");
	store_accounts_free(a, 1);
	a = NULL;
	test_ok(store_session_get(s, "h1", T0 + 90, 100, 1000, &a, &err) == 1 &&
		strcmp(a->name, "alice") == 0 && a->failures == 0 &&
		a->locked_until == 0, "found; the good sign-in cleared the lock");
	store_accounts_free(a, 1);
	a = NULL;
	test_ok(store_session_get(s, "h1", T0 + 180, 100, 1000, &a, &err) == 1,
		"used at 90 s: alive at 180 s");
	store_accounts_free(a, 1);
	a = NULL;
	test_ok(store_session_get(s, "h1", T0 + 290, 100, 1000, &a, &err) == 0,
		"idle 110 s: gone");
	test_ok(store_session_get(s, "h1", T0 + 291, 100, 1000, &a, &err) == 0,
		"and deleted");
	store_session_add(s, "h2", 1, T0, &err);
	for (int t = 50; t < 1000; t += 50) {
		store_session_get(s, "h2", T0 + t, 100, 1000, &a, &err);
		store_accounts_free(a, 1);
		a = NULL;
	}
	test_ok(store_session_get(s, "h2", T0 + 1001, 100, 1000, &a, &err) == 0,
		"in use but 1001 s old: gone");
	store_session_add(s, "h3", 1, T0, &err);
	test_ok(store_session_delete(s, "h3", &err) == 0 &&
		store_session_get(s, "h3", T0, 100, 1000, &a, &err) == 0,
		"deleted at sign-out");
	store_session_add(s, "h4", 1, T0, &err);
	test_ok(store_account_set_password(s, "alice", "$argon2id$new",
					   &err) == 1 &&
		store_session_get(s, "h4", T0, 100, 1000, &a, &err) == 0,
		"a new password ends the sessions");
	store_session_add(s, "h5", 1, T0, &err);
	test_ok(store_account_set_disabled(s, "alice", true, &err) == 1 &&
		store_session_get(s, "h5", T0, 100, 1000, &a, &err) == 0,
		"disabling ends the sessions");
	test_ok(store_account_count(s, &n, &err) == 0 && n == 1,
		"a disabled account is not counted");
	test_ok(store_account_set_disabled(s, "nobody", true, &err) == 0 &&
		store_account_set_password(s, "nobody", "x", &err) == 0,
		"no such account: 0");
}

int
main(void)
{
	struct store *s;
	char *cmd;
	int ret;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-accounts-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	s = t_open("fresh.sqlite");
	test_ok(s != NULL, "a new store opens");
	if (s != NULL)
		t_accounts(s, "accounts in a new store");
	store_close(&s);

	/* A store of the previous release: the v1 snapshot, loaded over a
	   raw connection, then migrated by store_open. */
	test_ok(test_store_load("fixtures/store/v1.sql", tmpdir,
				"v1.sqlite") == 0, "v1 snapshot loaded");
	s = t_open("v1.sqlite");
	test_ok(s != NULL && store_schema_version(s) == store_schema_latest(),
		"v1 migrated");
	if (s != NULL)
		t_accounts(s, "accounts in a migrated v1 store");
	store_close(&s);
	ret = test_done();
	if (ret == 0) {
		cmd = xasprintf("rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			ret = 1;
		free(cmd);
	}
	return ret;
}
