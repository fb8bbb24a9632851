/* tests/unit/test-store-standing.c - the Digital Services Act's notice
   handling in the store (store/standing.c, schema 0013): source types,
   held cases, unfounded notices counted per reporter in a window,
   reporter standing, removals per vendor and repeat infringers, the
   order of cases list; and a store of the previous release (the v12
   snapshot) migrated to it with its data. Links the store and common. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/buf.h"
#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../store/store.h"
#include "../lib/testlib.h"
#include "../lib/teststore.h"

#define T0 1790000000	/* 2026-09-21 */
#define DAY 86400

static char tmpdir[64];
static unsigned seq;

static struct store *
t_open(const char *name)
{
	return test_store_open(tmpdir, name);
}

/* Files a report from `from` naming listing (may be NULL) as a new case
   at now; its id, or -1. */
static int64_t
t_file(struct store *s, const char *from, const char *listing, time_t now)
{
	struct report *r = report_new();
	struct store_case_new c = { "IPR", STREAM_IP, "ip_report", r, false,
		0, now };
	struct msg_key k = { "INBOX", 1, ++seq };
	struct store_message_new m = { &k, NULL, 1, -1, r, 0, now, 0 };
	char sha[65], ref[32];
	struct err err;
	int64_t id = -1, mid;

	r->kind = KIND_IP_REPORT;
	r->stream = STREAM_IP;
	r->from_address = xstrdup(from);
	if (listing != NULL) {
		char *url = xasprintf("https://marketplace.alibabacloud.com/"
				      "products/1/%s.html", listing);

		report_add_listing(r, url, listing, url);
		free(url);
	}
	snprintf(sha, sizeof(sha), "%064u", seq + 1000);
	m.sha256 = sha;
	err_clear(&err);
	if (store_begin(s, &err) < 0)
		goto out;
	if (store_case_create(s, &c, &id, ref, sizeof(ref), &err) < 0 ||
	    (m.case_id = id, store_message_add(s, &m, &mid, &err)) < 0 ||
	    store_case_absorb(s, id, mid, r, now, NULL, &err) < 0 ||
	    store_commit(s, &err) < 0) {
		printf("# file: %s\n", err.msg);
		store_rollback(s);
		id = -1;
	}
out:
	report_free(&r);
	return id;
}

/* Removes listing of case id at now (staff: act removal). */
static int
t_remove(struct store *s, int64_t id, const char *listing, time_t now)
{
	struct store_listing_move m = { LACT_REMOVE, "alice", "clear", 0,
		now };
	const char *why = NULL;
	struct err err;
	int rc;

	err_clear(&err);
	if (store_begin(s, &err) < 0)
		return -1;
	rc = store_listing_move(s, id, listing, &m, &why, &err);
	if (rc != 1 || store_commit(s, &err) < 0) {
		printf("# remove: %d %s %s\n", rc, err.msg, why ? why : "");
		store_rollback(s);
		return -1;
	}
	return 0;
}

static struct store_case *
t_get(struct store *s, int64_t id)
{
	struct store_case *v = NULL, *c = NULL;
	size_t n = 0;
	struct err err;

	if (store_case_list(s, NULL, &v, &n, &err) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			c = &v[i];
	if (c != NULL) {
		struct store_case *one = NULL;

		store_case_get(s, c->ref, &one, &err);
		store_cases_free(v, n);
		return one;
	}
	store_cases_free(v, n);
	return NULL;
}

static void
t_standing(struct store *s, const char *what)
{
	struct store_reporter_standing rs;
	struct store_vendor_row *vr = NULL;
	struct store_case *c, *v = NULL;
	struct err err;
	int64_t a, b, t, h, x;
	size_t n = 0, nv = 0, i;
	bool dir_new;
	int cnt;

	test_begin(what);
	err_clear(&err);
	a = t_file(s, "Noisy@Spam.example", NULL, T0);
	b = t_file(s, "noisy@spam.example", NULL, T0 + 1);
	test_ok(a > 0 && b > 0, "two cases filed");
	c = t_get(s, a);
	test_ok(c && strcmp(c->source_type, "article_16") == 0 && !c->held &&
		!c->repeat_infringer && c->unfounded_at == 0,
		"a new case: an article 16 notice, not held, no flags");
	store_cases_free(c, c ? 1 : 0);

	/* source type: only the four names */
	test_ok(store_case_set_source(s, a, "trusted_flagger", &err) == 0,
		"set trusted_flagger");
	test_ok(store_case_set_source(s, a, "bogus", &err) < 0 &&
		err.class == ERR_MSG, "an unknown source type is refused");
	c = t_get(s, a);
	test_ok(c && strcmp(c->source_type, "trusted_flagger") == 0,
		"read back: %s", c ? c->source_type : "-");
	store_cases_free(c, c ? 1 : 0);
	test_ok(store_case_set_source(s, a, "article_16", &err) == 0,
		"and back");

	/* unfounded, counted per reporter (case-insensitive) in a window */
	test_ok(store_case_mark_unfounded(s, a, "alice", T0 + DAY, &err) == 0 &&
		store_case_mark_unfounded(s, b, "alice", T0 + 5 * DAY,
					  &err) == 0, "two marked unfounded");
	test_ok(store_unfounded_count(s, "NOISY@spam.example", T0, &cnt,
				      &err) == 0 && cnt == 2, "two in the "
		"window from T0");
	test_ok(store_unfounded_count(s, "noisy@spam.example", T0 + 2 * DAY,
				      &cnt, &err) == 0 && cnt == 1,
		"one in a window that starts later");
	test_ok(store_unfounded_count(s, "other@spam.example", 0, &cnt,
				      &err) == 0 && cnt == 0,
		"none for another address");

	/* reporter standing */
	test_ok(store_reporter_standing(s, "noisy@spam.example", &rs,
					&err) == 0 && rs.warned_at == 0,
		"no standing yet");
	test_ok(store_reporter_warn(s, "Noisy@spam.example", T0 + DAY,
				    &err) == 0 &&
		store_reporter_suspend(s, "noisy@spam.example", T0 + 5 * DAY,
				       T0 + 35 * DAY, &err) == 0,
		"warned, then suspended");
	test_ok(store_reporter_standing(s, "NOISY@SPAM.EXAMPLE", &rs,
					&err) == 1 &&
		rs.warned_at == T0 + DAY && rs.suspended_at == T0 + 5 * DAY &&
		rs.suspended_until == T0 + 35 * DAY, "standing read back");
	test_ok(store_reporter_warn(s, "noisy@spam.example", T0 + 40 * DAY,
				    &err) == 0 &&
		store_reporter_standing(s, "noisy@spam.example", &rs,
					&err) == 1 &&
		rs.warned_at == T0 + 40 * DAY &&
		rs.suspended_until == T0 + 35 * DAY,
		"a new warning keeps the suspension");

	/* held */
	h = t_file(s, "noisy@spam.example", NULL, T0 + 6 * DAY);
	test_ok(store_case_set_held(s, h, true, "intake", "suspended",
				    T0 + 6 * DAY, &err) == 1, "held");
	test_ok(store_case_set_held(s, h, true, "intake", "again",
				    T0 + 6 * DAY, &err) == 0,
		"held twice: nothing changes");
	t = t_file(s, "tf@flagger.example", NULL, T0 + 7 * DAY);
	store_case_set_source(s, t, "trusted_flagger", &err);
	test_ok(store_case_list(s, NULL, &v, &n, &err) == 0 && n >= 4 &&
		v[0].id == t && v[n - 1].id == h && v[n - 1].held,
		"cases list: the trusted flagger's first, the held one last");
	for (i = 1; i + 1 < n; i++)
		if (v[i].id < v[i - 1].id && i > 1)
			break;
	test_ok(i + 1 >= n, "the others oldest first");
	store_cases_free(v, n);
	test_ok(store_case_set_held(s, h, false, "alice", "reviewed",
				    T0 + 8 * DAY, &err) == 1, "released");
	c = t_get(s, h);
	test_ok(c && !c->held, "no longer held");
	store_cases_free(c, c ? 1 : 0);

	/* removals per vendor and repeat infringers */
	test_ok(store_directory_upsert(s, "r1", "Rep Shop", "Rep@Shop.example",
				       "A", T0, &dir_new, &err) == 0 &&
		store_directory_upsert(s, "r2", "Rep Shop", "rep@shop.example",
				       "B", T0, &dir_new, &err) == 0 &&
		store_directory_upsert(s, "r3", "Rep Shop", "rep@shop.example",
				       "C", T0, &dir_new, &err) == 0 &&
		store_directory_upsert(s, "o1", "Other", "other@shop.example",
				       "D", T0, &dir_new, &err) == 0,
		"directory: two vendors");
	a = t_file(s, "jane@brand.example", "r1", T0);
	b = t_file(s, "jane@brand.example", "r2", T0 + DAY);
	test_ok(t_remove(s, a, "r1", T0 + 2 * DAY) == 0 &&
		t_remove(s, b, "r2", T0 + 3 * DAY) == 0, "two removals");
	test_ok(store_vendor_removals(s, "REP@shop.example", T0, &cnt,
				      &err) == 0 && cnt == 2,
		"two removals in the window");
	test_ok(store_vendor_removals(s, "rep@shop.example", T0 + 3 * DAY,
				      &cnt, &err) == 0 && cnt == 1,
		"one in a later window");
	x = t_file(s, "jane@brand.example", "r3", T0 + 4 * DAY);
	test_ok(store_case_mark_repeat(s, x, T0, 2, "intake", T0 + 4 * DAY,
				       &err) == 0,
		"not recorded as a repeat infringer yet: no flag");
	test_ok(store_vendor_is_repeat(s, "rep@shop.example", T0, 2,
				       &err) == 0, "is_repeat: not recorded");
	test_ok(store_vendor_set_repeat(s, "Rep@shop.example", 2, T0 + 3 * DAY,
					&err) == 1 &&
		store_vendor_set_repeat(s, "rep@shop.example", 3, T0 + 9 * DAY,
					&err) == 0, "recorded once");
	test_ok(store_vendor_is_repeat(s, "REP@Shop.example", T0, 2,
				       &err) == 1 &&
		store_vendor_is_repeat(s, "rep@shop.example", T0, 3,
				       &err) == 0 &&
		store_vendor_is_repeat(s, "rep@shop.example", T0 + 3 * DAY,
				       2, &err) == 0 &&
		store_vendor_is_repeat(s, "other@shop.example", T0, 1,
				       &err) == 0,
		"is_repeat: recorded and at the threshold in the window only");
	test_ok(store_case_mark_repeat(s, x, T0, 3, "intake", T0 + 4 * DAY,
				       &err) == 0,
		"below a threshold of 3: no flag");
	test_ok(store_case_mark_repeat(s, x, T0 + 3 * DAY, 2, "intake",
				       T0 + 4 * DAY, &err) == 0,
		"removals aged out of the window: no flag");
	test_ok(store_case_mark_repeat(s, x, T0, 2, "intake", T0 + 4 * DAY,
				       &err) == 1, "flagged");
	test_ok(store_case_mark_repeat(s, x, T0, 2, "intake", T0 + 4 * DAY,
				       &err) == 0, "flagged once");
	c = t_get(s, x);
	test_ok(c && c->repeat_infringer, "the case says so");
	store_cases_free(c, c ? 1 : 0);
	test_ok(store_vendor_list(s, T0, 2, &vr, &nv, &err) == 0, "vendors");
	for (i = 0; i < nv; i++)
		if (strcmp(vr[i].email, "rep@shop.example") == 0)
			break;
	test_ok(i < nv && vr[i].listings == 3 && vr[i].cases == 3 &&
		vr[i].removals == 2 && vr[i].removals_window == 2 &&
		vr[i].repeat_infringer && vr[i].repeat_since == T0 + 3 * DAY &&
		strcmp(vr[i].name, "Rep Shop") == 0,
		"rep@shop.example: 3 listings, 3 cases, 2 removals, repeat");
	for (i = 0; i < nv; i++)
		if (strcmp(vr[i].email, "other@shop.example") == 0)
			break;
	test_ok(i < nv && !vr[i].repeat_infringer && vr[i].listings == 1 &&
		vr[i].cases == 0, "the other vendor is not");
	store_vendor_rows_free(vr, nv);
	test_ok(store_vendor_list(s, T0 + 3 * DAY, 2, &vr, &nv, &err) == 0 &&
		nv >= 1, "vendors, later window");
	for (i = 0; i < nv; i++)
		if (strcmp(vr[i].email, "rep@shop.example") == 0)
			test_ok(vr[i].removals_window == 1 &&
				!vr[i].repeat_infringer,
				"no longer a repeat infringer once the "
				"removals age out");
	store_vendor_rows_free(vr, nv);
}

/* The schema of the store at path: one line per object, by name. */
static char *
t_schema(const char *name)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	struct buf b;
	sqlite3 *db = NULL;
	sqlite3_stmt *st;

	buf_init(&b, 0);
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema "
			       "ORDER BY name", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			buf_printf(&b, "%s|%s|%s\n", sqlite3_column_text(st, 0),
				   sqlite3_column_text(st, 1),
				   sqlite3_column_text(st, 2));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	free(path);
	return buf_take(&b);
}

int
main(void)
{
	struct store_case *v = NULL;
	struct store *s;
	struct err err;
	char *cmd, *fresh, *migrated;
	size_t n = 0, i, plain = 0;
	int ret;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-standing-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	s = t_open("fresh.sqlite");
	test_ok(s != NULL, "a new store opens");
	if (s != NULL)
		t_standing(s, "notice sources and standing in a new store");
	store_close(&s);

	/* The previous release's store (schema 12): every case kept, each
	   an article 16 notice, none held or flagged. */
	test_begin("migration from schema 12");
	test_ok(test_store_load("fixtures/store/v12.sql", tmpdir,
				"v12.sqlite") == 0, "v12 snapshot loaded");
	s = t_open("v12.sqlite");
	test_ok(s != NULL && store_schema_version(s) == store_schema_latest(),
		"v12 migrated to the latest schema");
	err_clear(&err);
	test_ok(s != NULL && store_case_list(s, NULL, &v, &n, &err) == 0 &&
		n == 4, "its four cases kept");
	for (i = 0; i < n; i++)
		if (strcmp(v[i].source_type, "article_16") == 0 &&
		    !v[i].held && !v[i].repeat_infringer &&
		    v[i].unfounded_at == 0 && v[i].id == (int64_t)i + 1)
			plain++;
	test_ok(plain == 4, "each an article 16 notice, not held, not "
		"flagged, in their old order");
	store_cases_free(v, n);
	if (s != NULL)
		t_standing(s, "notice sources and standing in a migrated "
			   "v12 store");
	store_close(&s);
	s = t_open("empty.sqlite");
	store_close(&s);
	fresh = t_schema("empty.sqlite");
	migrated = t_schema("v12.sqlite");
	test_streq(migrated, fresh, "v12 -> latest schema equals fresh");
	free(fresh);
	free(migrated);
	ret = test_done();
	if (ret == 0) {
		cmd = xasprintf("rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			ret = 1;
		free(cmd);
	}
	return ret;
}
