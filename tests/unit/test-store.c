/* tests/unit/test-store.c - the store: migrations (empty and v1 snapshot
   to latest, newer refused), case references, dedupe, evidence
   accumulation, the append-only event log, outbox, sync state,
   attachments, quarantine, and two processes filing at once. */
#define _GNU_SOURCE
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../common/buf.h"
#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../store/store.h"
#include "../lib/testlib.h"

#define T2026 1790000000	/* 2026-09-21 */
#define T2027 1800000000	/* 2027-01-15 */

static char tmpdir[64];
static int dbn;

static char *
t_dbpath(void)
{
	return xasprintf("%s/db%d.sqlite", tmpdir, ++dbn);
}

static char *
t_attdir(void)
{
	return xasprintf("%s/att", tmpdir);
}

static struct store *
t_open(const char *path)
{
	struct err err;
	char *att = t_attdir();
	struct store *s = store_open(path, att, &err);

	if (s == NULL)
		printf("# store_open: %s\n", err.msg);
	free(att);
	return s;
}

/* Runs sql on path through a separate raw connection. Returns rc. */
static int
t_raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* Returns the integer that sql (one row, one column) gives on path, or
   -1. */
static long long
t_raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The schema of path as text: one line per object, by name. */
static char *
t_schema(const char *path)
{
	struct buf b;
	sqlite3 *db;
	sqlite3_stmt *st;

	buf_init(&b, 0);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return buf_take(&b);
	sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM "
			   "sqlite_schema ORDER BY name", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s|%s|%s|%s\n", sqlite3_column_text(st, 0),
			   sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
			   sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return buf_take(&b);
}

static struct report *
t_report(enum report_kind kind, const char *from)
{
	struct report *r = report_new();

	r->kind = kind;
	r->stream = kind == KIND_ABUSE_REPORT ? STREAM_ABUSE : STREAM_IP;
	r->from_address = xstrdup(from);
	r->subject = xstrdup("Report");
	return r;
}

static void
t_attach(struct report *r, const char *name, enum evidence_kind ev)
{
	struct report_attachment a = { 0 };

	a.filename = (char *)(uintptr_t)name;
	a.content_type = (char *)(uintptr_t)"application/pdf";
	a.size = 3;
	memset(a.sha256, 'a', 64);
	a.sha256[0] = (char)('0' + ev);
	a.evidence = ev;
	report_add_attachment(r, &a);
}

static int
t_file_case(struct store *s, const char *prefix, time_t now,
	    const struct report *r, char *ref, int64_t *id_r)
{
	struct store_case_new c = { prefix, r->stream,
		report_kind_name(r->kind), r, false, 0, now };
	struct err err;

	if (c.stream == STREAM_ABUSE && r->kind != KIND_ABUSE_REPORT)
		c.stream = STREAM_IP;
	if (store_case_create(s, &c, id_r, ref, 32, &err) < 0) {
		printf("# create: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void
t_migrations(void)
{
	char *p1 = t_dbpath(), *p2 = t_dbpath(), *p3 = t_dbpath(), *p4;
	char *fresh, *migrated, *v1;
	struct store *s;
	struct err err;
	size_t len;

	test_begin("migrations");
	s = t_open(p1);
	test_ok(s != NULL, "empty database opens");
	test_ok(s && store_schema_version(s) == store_schema_latest(),
		"migrated to latest (%d)", store_schema_latest());
	test_ok(store_schema_latest() >= 2, "at least two migrations");
	store_close(&s);
	test_ok(s == NULL, "close sets NULL");
	s = t_open(p1);
	test_ok(s != NULL, "reopens at latest");
	store_close(&s);

	v1 = test_read_file(test_path("fixtures/store/v1.sql"), &len);
	test_ok(v1 != NULL, "v1 snapshot readable");
	test_ok(v1 && t_raw_exec(p2, v1) == SQLITE_OK, "v1 snapshot loads");
	s = t_open(p2);
	test_ok(s && store_schema_version(s) == store_schema_latest(),
		"v1 migrated to latest");
	store_close(&s);
	fresh = t_schema(p1);
	migrated = t_schema(p2);
	test_ok(strlen(fresh) > 100, "schema dump not empty");
	test_streq(migrated, fresh, "v1 -> latest schema equals fresh");
	test_ok(t_raw_int(p2, "SELECT count(*) FROM cases c JOIN messages m "
			  "ON m.case_id = c.id WHERE c.ref = 'IPR-2026-000001' "
			  "AND length(m.raw) = 5") == 1, "v1 data kept");
	test_ok(t_raw_int(p1, "SELECT v FROM case_search_config "
			  "WHERE k = 'automerge'") == 16 &&
		t_raw_int(p2, "SELECT v FROM case_search_config "
			  "WHERE k = 'automerge'") == 16,
		"the search index merges 16 segments at a time (0007)");
	free(fresh);
	free(migrated);
	free(v1);

	/* The release before the portal (schema 7) -> latest: 0010 adds the
	   held forms and the channel, old messages came by mail. */
	p4 = t_dbpath();
	v1 = test_read_file(test_path("fixtures/store/v7.sql"), &len);
	test_ok(v1 != NULL && t_raw_exec(p4, v1) == SQLITE_OK,
		"v7 snapshot loads");
	test_ok(t_raw_int(p4, "PRAGMA user_version") == 7, "v7 is at 7");
	s = t_open(p4);
	test_ok(s && store_schema_version(s) == store_schema_latest(),
		"v7 migrated to latest");
	store_close(&s);
	fresh = t_schema(p1);
	migrated = t_schema(p4);
	test_streq(migrated, fresh, "v7 -> latest schema equals fresh");
	test_ok(t_raw_int(p4, "SELECT count(*) FROM cases c JOIN messages m "
			  "ON m.case_id = c.id WHERE c.ref = 'IPR-2026-000001' "
			  "AND m.channel = 'mail'") == 1,
		"v7 data kept, its message came by mail (0010)");
	test_ok(t_raw_int(p4, "SELECT count(*) FROM portal_pending") == 0 &&
		t_raw_int(p4, "SELECT count(*) FROM portal_files") == 0,
		"v7 gains the empty portal tables (0010)");
	free(fresh);
	free(migrated);
	free(v1);
	free(p4);

	t_raw_exec(p3, "PRAGMA user_version = 99");
	err_clear(&err);
	s = store_open(p3, tmpdir, &err);
	test_ok(s == NULL && err.class == ERR_FATAL, "newer schema refused");
	test_ok(strstr(err.msg, "newer") != NULL, "says newer: %s", err.msg);
	store_close(&s);
	free(p1);
	free(p2);
	free(p3);
}

/* A store written by the release before per-listing tracks (schema 7,
   tests/fixtures/store/v7-tracks.sql) keeps every case, message and outbox
   row, and each listing gets the track its case's history gives. */
static void
t_migration_v7(void)
{
	static const char *const want[][3] = {
		{ "IPR-2026-000001", "v1", "reported" },
		{ "IPR-2026-000001", "v2", "reported" },
		{ "IPR-2026-000002", "v3", "notified" },
		{ "IPR-2026-000002", "v4", "notified" },
		{ "IPR-2026-000002", "x1", "reported" },
		{ "IPR-2026-000003", "v5", "counter_noticed" },
		{ "IPR-2026-000004", "v6", "counter_rejected" },
		{ "IPR-2026-000005", "v7", "removed" },
		{ "IPR-2026-000006", "x2", "no_action" },
		{ "IPR-2026-000007", "x3", "reinstated" },
		{ "IPR-2026-000008", "x4", "no_action" },
		{ "IPR-2026-000009", "x5", "no_action" },
	};
	char *p = t_dbpath(), *v7, q[256], *fresh, *p1 = t_dbpath();
	struct store_case *cases = NULL;
	struct store *s;
	struct err err;
	size_t len, n = 0, i, same = 0;
	bool ok = true;

	test_begin("migration from schema 7 (per-listing tracks)");
	v7 = test_read_file(test_path("fixtures/store/v7-tracks.sql"), &len);
	test_ok(v7 != NULL && t_raw_exec(p, v7) == SQLITE_OK,
		"v7 snapshot loads");
	test_ok(t_raw_int(p, "PRAGMA user_version") == 7, "it is schema 7");
	s = t_open(p);
	test_ok(s && store_schema_version(s) == store_schema_latest(),
		"v7 migrated to latest");
	store_close(&s);
	test_ok(t_raw_int(p, "SELECT count(*) FROM cases") == 9 &&
		t_raw_int(p, "SELECT count(*) FROM messages") == 12 &&
		t_raw_int(p, "SELECT count(*) FROM outbox") == 21 &&
		t_raw_int(p, "SELECT count(*) FROM events") == 66 &&
		t_raw_int(p, "SELECT count(*) FROM case_listings") == 12,
		"every case, message, outbox mail, event and listing kept");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(q, sizeof(q), "SELECT count(*) FROM case_listings l "
			 "JOIN cases c ON c.id = l.case_id WHERE c.ref = '%s' "
			 "AND l.listing_id = '%s' AND l.track = '%s'",
			 want[i][0], want[i][1], want[i][2]);
		if (t_raw_int(p, q) != 1) {
			printf("# %s %s is not %s\n", want[i][0], want[i][1],
			       want[i][2]);
			ok = false;
		}
	}
	test_ok(ok, "each listing's track set from its case's history");
	test_ok(t_raw_int(p, "SELECT count(*) FROM vendor_actions "
			  "WHERE case_id = 6 AND action = 'suspension'") == 1,
		"the old suspension kept as an account action");
	test_ok(t_raw_int(p, "SELECT count(*) FROM counter_notices WHERE "
			  "vendor_email = 'five@shop.example' AND answer IS NULL") == 1 &&
		t_raw_int(p, "SELECT count(*) FROM counter_notices WHERE "
			  "vendor_email = 'six@shop.example' AND answer = 'reject'") == 1,
		"counter-notices kept per vendor, with the answer");
	test_ok(t_raw_int(p, "SELECT count(*) FROM evidence_requests WHERE "
			  "closed_at IS NULL") == 1,
		"the open evidence request stays open");
	/* The stored status is the one the tracks derive. */
	s = t_open(p);
	err_clear(&err);
	if (s != NULL && store_case_list(s, NULL, &cases, &n, &err) == 0) {
		for (i = 0; i < n; i++) {
			struct store_listing_move m = { LACT_NOTIFY, "test",
				NULL, 0, T2026 };
			enum case_status to, was;

			if (workflow_status_parse(cases[i].status, &was) == 0 &&
			    store_begin(s, &err) == 0 &&
			    store_case_derive(s, cases[i].id, &m, NULL, &to,
					      &err) == 0 && to == was)
				same++;
			else
				printf("# %s: %s derives otherwise\n",
				       cases[i].ref, cases[i].status);
			store_rollback(s);
		}
	}
	test_ok(n == 9 && same == n, "every migrated status is the derived "
		"one (%zu of %zu)", same, n);
	store_cases_free(cases, n);
	store_close(&s);
	s = t_open(p1);
	store_close(&s);
	fresh = t_schema(p1);
	v7 = (free(v7), t_schema(p));
	test_streq(v7, fresh, "v7 -> latest schema equals fresh");
	free(fresh);
	free(v7);
	free(p);
	free(p1);
}

/* A store written by a release at schema 12 (before 0013;
   tests/fixtures/store/v12-counters.sql: two vendors' counter-notices
   pending on one case, one answered, one pending alone) keeps every
   counter-notice, and each gets the forward that was sent for it, so
   that an answer replying to that forward finds its vendor. */
static void
t_migration_v12(void)
{
	static const char *const want[][2] = {
		{ "one@shop.example", "IPR-2026-000001.4." },
		{ "two@shop.example", "IPR-2026-000001.5." },
		{ "three@shop.example", "IPR-2026-000002.3." },
		{ "four@shop.example", "IPR-2026-000003.3." },
	};
	char *p = t_dbpath(), *v12, *fresh, *p1 = t_dbpath();
	struct store_counter *c = NULL;
	struct store *s;
	struct err err;
	size_t len, n = 0, i, good = 0;

	test_begin("migration from schema 12 (the counter-notice's forward)");
	v12 = test_read_file(test_path("fixtures/store/v12-counters.sql"),
			     &len);
	test_ok(v12 != NULL && t_raw_exec(p, v12) == SQLITE_OK,
		"v12 snapshot loads");
	test_ok(t_raw_int(p, "PRAGMA user_version") == 12, "it is schema 12");
	s = t_open(p);
	test_ok(s && store_schema_version(s) == store_schema_latest(),
		"v12 migrated to latest");
	err_clear(&err);
	test_ok(s && store_counter_list(s, 0, &c, &n, &err) == 0 && n == 4,
		"every counter-notice kept (%zu)", n);
	for (i = 0; i < n && i < 4; i++) {
		if (c[i].forward_outbox_id != 0 && c[i].forward_message_id &&
		    strcmp(c[i].vendor_email, want[i][0]) == 0 &&
		    strncmp(c[i].forward_message_id, want[i][1],
			    strlen(want[i][1])) == 0)
			good++;
		else
			printf("# %s: forward %s\n", c[i].vendor_email,
			       c[i].forward_message_id ?
			       c[i].forward_message_id : "none");
	}
	test_ok(good == 4, "each has the forward sent for it (%zu of 4)",
		good);
	test_ok(n == 4 && c[2].answer && strcmp(c[2].answer, "reject") == 0 &&
		c[0].answer == NULL && c[1].answer == NULL,
		"answers kept");
	store_counters_free(c, n);
	store_close(&s);
	test_ok(t_raw_int(p, "SELECT count(*) FROM cases") == 3 &&
		t_raw_int(p, "SELECT count(*) FROM outbox") == 13 &&
		t_raw_int(p, "SELECT count(*) FROM messages") == 8,
		"every case, message and outbox mail kept");
	s = t_open(p1);
	store_close(&s);
	fresh = t_schema(p1);
	v12 = (free(v12), t_schema(p));
	test_streq(v12, fresh, "v12 -> latest schema equals fresh");
	free(fresh);
	free(v12);
	free(p);
	free(p1);
}

/* The mode bits of path, or -1. */
static int
t_mode(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

static void
t_private(void)
{
	test_begin("database files private whatever the umask");
	for (int i = 0; i < 2; i++) {
		mode_t mask = i == 0 ? 022 : 0, old = umask(mask);
		char *p = t_dbpath();
		char *wal = xasprintf("%s-wal", p), *shm = xasprintf("%s-shm", p);
		struct store *s = t_open(p);

		umask(old);
		test_ok(s != NULL, "opens under umask %03o", (unsigned)mask);
		test_ok(t_mode(p) == 0600 && t_mode(wal) == 0600 &&
			t_mode(shm) == 0600, "umask %03o: db %o, wal %o, shm "
			"%o are 0600", (unsigned)mask, t_mode(p), t_mode(wal),
			t_mode(shm));
		store_close(&s);
		chmod(p, 0666);
		s = t_open(p);
		test_ok(t_mode(p) == 0660, "an existing 0666 database loses "
			"the bits of others (%o)", t_mode(p));
		store_close(&s);
		free(p);
		free(wal);
		free(shm);
	}
}

static void
t_refs(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	struct report *r = t_report(KIND_IP_REPORT, "a@x.example");
	struct report *ab = t_report(KIND_ABUSE_REPORT, "b@x.example");
	char ref[32];
	int64_t id;
	struct err err;

	test_begin("refs");
	store_begin(s, &err);
	t_file_case(s, "IPR", T2026, r, ref, &id);
	test_streq(ref, "IPR-2026-000001", "first IP ref");
	t_file_case(s, "IPR", T2026, r, ref, &id);
	test_streq(ref, "IPR-2026-000002", "second IP ref");
	test_ok(store_commit(s, &err) == 0, "commit");
	store_begin(s, &err);
	t_file_case(s, "IPR", T2026, r, ref, &id);
	test_streq(ref, "IPR-2026-000003", "third in a rolled-back tx");
	store_rollback(s);
	store_begin(s, &err);
	t_file_case(s, "IPR", T2026, r, ref, &id);
	test_streq(ref, "IPR-2026-000003", "no gap after rollback");
	t_file_case(s, "ABR", T2026, ab, ref, &id);
	test_streq(ref, "ABR-2026-000001", "per prefix");
	t_file_case(s, "IPR", T2027, r, ref, &id);
	test_streq(ref, "IPR-2027-000001", "per year");
	store_commit(s, &err);
	test_ok(store_case_create(s, &(struct store_case_new){ "IPR",
		STREAM_IP, "ip_report", r, false, 0, T2026 }, &id, ref, 32,
		&err) < 0, "refused outside a transaction");
	report_free(&r);
	report_free(&ab);
	store_close(&s);
	free(p);
}

static int
t_tmpfile(const char *content)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "%s/rawXXXXXX", tmpdir);
	fd = mkstemp(path);
	unlink(path);
	if (write(fd, content, strlen(content)) < 0)
		return -1;
	return fd;
}

static void
t_messages(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	struct report *r = t_report(KIND_IP_REPORT, "Jane@Brand.example");
	struct msg_key k1 = { "INBOX", 7, 42 }, k2 = { "INBOX", 8, 1 };
	struct msg_key k3 = { "file:/x", 0, 0 };
	const char *sha = "1111111111111111111111111111111111111111111111111111111111111111";
	int fd = t_tmpfile("Subject: hi\r\n\r\nbody\r\n");
	struct store_message_new m = { &k1, sha, 21, fd, r, 0, T2026, 0 };
	struct store_message *msgs = NULL;
	int64_t id = 0, id2 = 0, cid = 0, case_id;
	size_t n = 0;
	char ref[32];
	struct err err;

	test_begin("messages and dedupe");
	store_begin(s, &err);
	t_file_case(s, "IPR", T2026, r, ref, &case_id);
	m.case_id = case_id;
	test_ok(store_message_add(s, &m, &id, &err) == 0, "message added");
	store_commit(s, &err);
	test_ok(store_message_find_sha(s, sha, &id2, &cid, &err) == 1 &&
		id2 == id && cid == case_id, "found by sha with its case");
	test_ok(store_message_find_key(s, &k1, &id2, NULL, &err) == 1 &&
		id2 == id, "found by key");
	test_ok(store_message_find_key(s, &k2, &id2, NULL, &err) == 0,
		"unknown key");
	test_ok(store_message_add_location(s, id, &k2, T2026, &err) == 0,
		"new location after UIDVALIDITY change");
	test_ok(store_message_find_key(s, &k2, &id2, NULL, &err) == 1 &&
		id2 == id, "found by new key");
	m.key = &k3;
	test_ok(store_message_add(s, &m, &id2, &err) < 0, "same sha refused");
	test_ok(store_case_messages(s, case_id, &msgs, &n, &err) == 0 &&
		n == 1, "case has one message");
	test_streq(n ? msgs[0].from_address : NULL, "jane@brand.example",
		   "address lower-cased");
	store_messages_free(msgs, n);
	test_ok(store_case_is_party(s, case_id, "JANE@brand.example", false,
				    &err) == 1, "reporter is a party");
	test_ok(store_case_is_party(s, case_id, "eve@evil.example", true,
				    &err) == 0, "stranger is not");
	{
		unsigned char *raw = NULL;
		size_t len = 0;
		bool raw_ok = false, att_ok = false;
		char *file = store_att_path(s, sha);

		test_ok(store_message_raw(s, id, &raw, &len, &err) == 1 &&
			len == 21 && memcmp(raw, "Subject: hi\r\n\r\nbody"
					    "\r\n", 21) == 0,
			"raw bytes stored byte for byte");
		free(raw);
		test_ok(t_raw_int(p, "SELECT count(*) FROM messages WHERE "
				  "raw IS NULL AND raw_file = 1") == 1,
			"raw bytes in a file, not in the database");
		test_ok(store_message_files_ok(s, id, &raw_ok, &att_ok,
					       &err) == 0 && raw_ok && att_ok,
			"its files are there");
		unlink(file);
		test_ok(store_message_files_ok(s, id, &raw_ok, &att_ok,
					       &err) == 0 && !raw_ok && att_ok,
			"a lost raw file is noticed");
		test_ok(store_message_raw(s, id, &raw, &len, &err) < 0,
			"reading a lost raw file fails");
		test_ok(store_raw_put(s, fd, sha, 21, &err) == 0 &&
			store_message_files_ok(s, id, &raw_ok, &att_ok,
					       &err) == 0 && raw_ok,
			"put back");
		free(file);
	}
	close(fd);
	report_free(&r);
	store_close(&s);
	free(p);
}

/* Anonymous files for the poller's spool (store_att_anon): made in the
   hash subdirectories in turn, adopted by store_raw_put without a copy;
   the attachments directory is marked a top directory where the file
   system has inode flags. */
static void
t_anon(void)
{
	char *p = t_dbpath();
	char *att = xasprintf("%s/att-anon", tmpdir);
	char *d0 = xasprintf("%s/00", att), *d1 = xasprintf("%s/01", att);
	const char *sha = "2222222222222222222222222222222222222222222222222222222222222222";
	struct store *s;
	struct stat sb, sf;
	struct err err;
	char *path = NULL;
	int fd, fd2, dfd, flags = 0;

	test_begin("anonymous files for the spool");
	s = store_open(p, att, &err);
	test_ok(s != NULL, "store opens");
	if (s == NULL)
		goto out;
	fd = store_att_anon(s);
	fd2 = store_att_anon(s);
	test_ok(fd >= 0 && fd2 >= 0 && fstat(fd, &sf) == 0 &&
		sf.st_nlink == 0, "anonymous files made");
	test_ok(stat(d0, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		stat(d1, &sb) == 0 && S_ISDIR(sb.st_mode),
		"in two subdirectories in turn");
	test_ok(fd >= 0 && write(fd, "Subject: x\r\n\r\n", 14) == 14,
		"written");
	path = store_att_path(s, sha);
	test_ok(fd >= 0 && store_raw_put(s, fd, sha, 14, &err) == 0 &&
		stat(path, &sb) == 0 && sb.st_ino == sf.st_ino &&
		sb.st_size == 14, "adopted under its hash, not copied");
	dfd = open(att, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0 && ioctl(dfd, FS_IOC_GETFLAGS, &flags) == 0)
		test_ok((flags & FS_TOPDIR_FL) != 0,
			"attachments directory marked a top directory");
	else
		test_skip("no inode flags on this file system");
	if (dfd >= 0)
		close(dfd);
	if (fd >= 0)
		close(fd);
	if (fd2 >= 0)
		close(fd2);
	store_close(&s);
out:
	free(path);
	free(d0);
	free(d1);
	free(att);
	free(p);
}

static void
t_evidence(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	struct report *r = t_report(KIND_IP_REPORT, "jane@brand.example");
	struct report *f = t_report(KIND_FOLLOW_UP, "jane@brand.example");
	struct report *cn = t_report(KIND_COUNTER_NOTICE, "v@vendor.example");
	struct store_case *c = NULL;
	struct msg_key k = { "INBOX", 1, 1 };
	int fd = t_tmpfile("x");
	struct store_message_new m = { &k, NULL, 1, fd, NULL, 0, T2026, 0 };
	int64_t case_id, mid;
	bool changed;
	char ref[32];
	struct err err;

	test_begin("evidence accumulation");
	r->acting_as = ACTING_AGENT;
	t_attach(r, "trademark.pdf", EVIDENCE_OWNERSHIP);
	report_add_listing(r, "https://marketplace.alibabacloud.com/products/1/"
			   "abc.html", "abc", "x");
	store_begin(s, &err);
	t_file_case(s, "IPR", T2026, r, ref, &case_id);
	m.sha256 = "2222222222222222222222222222222222222222222222222222222222222222";
	m.report = r;
	m.case_id = case_id;
	store_message_add(s, &m, &mid, &err);
	test_ok(store_case_absorb(s, case_id, mid, r, T2026, &changed, &err)
		== 0 && !changed, "first report absorbed, still incomplete");
	store_commit(s, &err);
	test_ok(store_case_get(s, ref, &c, &err) == 1, "case read back");
	test_ok(c && c->missing.n == 2, "two missing");
	test_streq(c && c->missing.n ? c->missing.v[0] : NULL,
		   "identity_proof", "identity missing first");
	test_streq(c && c->missing.n > 1 ? c->missing.v[1] : NULL,
		   "authorization", "then authorization (agent)");
	test_streq(c ? c->status : NULL, "incomplete", "status incomplete");
	test_streq(c && c->listings.n ? c->listings.v[0] : NULL, "abc",
		   "listing kept");
	store_cases_free(c, 1);

	/* A vendor's documents do not complete the reporter's case. */
	t_attach(cn, "passport.pdf", EVIDENCE_IDENTITY);
	t_attach(cn, "poa.pdf", EVIDENCE_AUTHORIZATION);
	store_begin(s, &err);
	m.sha256 = "3333333333333333333333333333333333333333333333333333333333333333";
	m.report = cn;
	k.uid = 2;
	store_message_add(s, &m, &mid, &err);
	store_case_absorb(s, case_id, mid, cn, T2026 + 5, &changed, &err);
	store_commit(s, &err);
	store_case_get(s, ref, &c, &err);
	test_ok(c && c->missing.n == 2, "counter-notice adds no evidence");
	store_cases_free(c, 1);

	t_attach(f, "passport.pdf", EVIDENCE_IDENTITY);
	t_attach(f, "poa.pdf", EVIDENCE_AUTHORIZATION);
	store_begin(s, &err);
	m.sha256 = "4444444444444444444444444444444444444444444444444444444444444444";
	m.report = f;
	k.uid = 3;
	store_message_add(s, &m, &mid, &err);
	test_ok(store_case_absorb(s, case_id, mid, f, T2026 + 10, &changed,
				  &err) == 0 && changed,
		"follow-up completes the case");
	store_commit(s, &err);
	store_case_get(s, ref, &c, &err);
	test_ok(c && c->missing.n == 0, "nothing missing");
	test_streq(c ? c->status : NULL, "ready_for_review", "ready");
	test_ok(c && c->updated == T2026 + 10, "updated bumped");
	store_cases_free(c, 1);
	close(fd);
	report_free(&r);
	report_free(&f);
	report_free(&cn);
	store_close(&s);
	free(p);
}

static void
t_events(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	struct store_event *ev = NULL;
	size_t n = 0;
	struct err err;

	test_begin("events");
	test_ok(store_event_add(s, 0, 0, T2026, "intake", "auto_reply.dropped",
				"{\"a\":1}", &err) == 0, "global event");
	test_ok(store_event_add(s, 0, 0, T2026, "intake", "x", "not json",
				&err) < 0, "detail must be JSON");
	test_ok(store_event_list(s, 0, &ev, &n, &err) == 0 && n == 1,
		"one global event");
	test_streq(n ? ev[0].type : NULL, "auto_reply.dropped", "its type");
	store_events_free(ev, n);
	test_ok(t_raw_exec(p, "UPDATE events SET type = 'forged'") != SQLITE_OK,
		"UPDATE refused");
	test_ok(t_raw_exec(p, "DELETE FROM events") != SQLITE_OK,
		"DELETE refused");
	store_close(&s);
	free(p);
}

static void
t_outbox(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	struct strv rcpt = { 0 };
	struct store_outbox_new o = { 0, "ack", &rcpt, "IPR-2026-000001.1.x@gw",
		"[IPR-2026-000001] received", "raw mail", 8, T2026, T2026 };
	struct store_outbox_mail *mails = NULL;
	size_t n = 0;
	int64_t id, cid;
	struct err err;

	test_begin("outbox");
	strv_push(&rcpt, "A@x.example");
	strv_push(&rcpt, "b@y.example");
	test_ok(store_outbox_add(s, &o, &id, &err) == 0, "queued");
	test_ok(store_outbox_due(s, T2026, 10, &mails, &n, &err) == 0 &&
		n == 1 && mails[0].recipients.n == 2, "due with 2 recipients");
	test_ok(n && mails[0].raw_len == 8 &&
		memcmp(mails[0].raw, "raw mail", 8) == 0, "raw bytes back");
	store_outbox_free(mails, n);
	test_ok(store_outbox_result(s, id, "a@x.example", DELIVERY_SENT, T2026,
				    0, NULL, &err) == 0, "a sent");
	test_ok(store_outbox_result(s, id, "b@y.example", DELIVERY_TEMP_FAIL,
				    T2026, T2026 + 60, "451 later", &err) == 0,
		"b deferred");
	test_ok(store_outbox_result(s, id, "a@x.example", DELIVERY_SENT, T2026,
				    0, NULL, &err) < 0, "a not pending any more");
	store_outbox_due(s, T2026 + 59, 10, &mails, &n, &err);
	test_ok(n == 0, "nothing due before the retry");
	store_outbox_free(mails, n);
	store_outbox_due(s, T2026 + 60, 10, &mails, &n, &err);
	test_ok(n == 1 && mails[0].recipients.n == 1, "b due at retry");
	test_streq(n ? mails[0].recipients.v[0] : NULL, "b@y.example",
		   "only b");
	store_outbox_free(mails, n);
	store_outbox_result(s, id, "b@y.example", DELIVERY_PERM_FAIL,
			    T2026 + 60, 0, "550 no", &err);
	store_outbox_for_case(s, 0, &mails, &n, &err);
	store_outbox_free(mails, n);
	test_ok(t_raw_int(p, "SELECT count(*) FROM outbox WHERE status = "
			  "'sent'") == 1, "mail sent (one delivered)");
	test_ok(store_outbox_find_message_id(s, "IPR-2026-000001.1.x@gw", &id,
					     &cid, &err) == 1 && cid == 0,
		"found by Message-ID");
	o.message_id = "second@gw";
	store_outbox_add(s, &o, &id, &err);
	test_ok(store_outbox_fail(s, id, "gave up", T2026, &err) == 0,
		"give up");
	store_outbox_due(s, T2026 + 999, 10, &mails, &n, &err);
	test_ok(n == 0, "failed mail not due");
	store_outbox_free(mails, n);
	strv_free(&rcpt);
	store_close(&s);
	free(p);
}

static void
t_sync_att_quarantine(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
	struct msg_key k = { "file:/tmp/x.eml", 0, 0 };
	struct store_quarantine *q = NULL;
	struct store_att *a;
	uint32_t uv = 0, last = 0;
	struct stat sb;
	char *path, *reason = NULL;
	size_t n = 0;
	struct err err;

	test_begin("sync, attachments, quarantine");
	test_ok(store_sync_get(s, "INBOX", &uv, &last, &err) == 0, "no state");
	store_sync_set(s, "INBOX", 17, 42, T2026, &err);
	store_sync_set(s, "INBOX", 17, 43, T2026, &err);
	test_ok(store_sync_get(s, "INBOX", &uv, &last, &err) == 1 && uv == 17 &&
		last == 43, "state kept");

	a = store_att_begin(s, &err);
	test_ok(a != NULL && store_att_write(a, "test", 4, &err) == 0,
		"attachment written");
	test_ok(store_att_finish(a, sha, true, &err) == 0, "attachment stored");
	path = store_att_path(s, sha);
	test_ok(path && stat(path, &sb) == 0 && sb.st_size == 4,
		"file under its hash");
	test_ok(path && strstr(path, "/9f/9f86") != NULL, "in <ab>/ (%s)", path);
	free(path);
	a = store_att_begin(s, &err);
	store_att_write(a, "test", 4, &err);
	test_ok(store_att_finish(a, sha, true, &err) == 0, "same bytes again");
	test_ok(store_att_path(s, "../../etc/passwd") == NULL, "bad hash");

	test_ok(store_quarantine_add(s, 0, &k, sha, 0, "empty message", T2026,
				     NULL, &err) == 0, "quarantined");
	test_ok(store_quarantine_find_sha(s, sha, &reason, &err) == 1,
		"found in quarantine");
	test_streq(reason, "empty message", "reason");
	free(reason);
	test_ok(store_quarantine_list(s, &q, &n, &err) == 0 && n == 1,
		"listed");
	store_quarantine_free(q, n);
	store_close(&s);
	free(p);
}

static void
t_concurrency(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	struct store_case *cases = NULL;
	size_t n = 0, i;
	pid_t pid[2];
	int k, status, ok = 1;
	struct err err;

	test_begin("two processes filing at once");
	store_close(&s);
	for (k = 0; k < 2; k++) {
		pid[k] = fork();
		if (pid[k] == 0) {
			struct report *r = t_report(KIND_IP_REPORT, "c@x.example");
			struct store *cs = t_open(p);
			char ref[32];
			int64_t id;
			int j, rc = 0;

			for (j = 0; cs && j < 25 && rc == 0; j++) {
				if (store_begin(cs, &err) < 0 ||
				    t_file_case(cs, "IPR", T2026, r, ref, &id) < 0 ||
				    store_commit(cs, &err) < 0)
					rc = 1;
			}
			store_close(&cs);
			report_free(&r);
			_exit(rc);
		}
	}
	for (k = 0; k < 2; k++) {
		waitpid(pid[k], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ok = 0;
	}
	test_ok(ok, "both processes filed 25 cases");
	s = t_open(p);
	test_ok(store_case_list(s, NULL, &cases, &n, &err) == 0 && n == 50,
		"50 cases (%zu)", n);
	for (i = 0; i < n; i++) {
		char want[32];

		snprintf(want, sizeof(want), "IPR-2026-%06zu", i + 1);
		if (strcmp(cases[i].ref, want) != 0)
			ok = 0;
	}
	test_ok(ok, "refs 000001..000050, no gap, no repeat");
	store_cases_free(cases, n);
	store_close(&s);
	free(p);
}

static int
t_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Rate-limit counts, the per-case sequence, claims and their recovery
   after a dead sender, bounces of sent mail. */
static void
t_outbox_claims(void)
{
	char *p = t_dbpath();
	struct store *s = t_open(p);
	struct strv rcpt = { 0 };
	struct store_outbox_new o = { 0, "ack", &rcpt, "m1@gw", "subject",
		"raw", 3, T2026, T2026 };
	struct store_outbox_doubt *d = NULL;
	struct store_outbox_mail *mails = NULL;
	struct report *r;
	char ref[32];
	int64_t id1, id2, cnt, case_id = 0;
	unsigned seq;
	size_t n = 0;
	int changed;
	struct err err;

	test_begin("outbox claims, counts, bounces");
	r = t_report(KIND_IP_REPORT, "rep@x.example");
	store_begin(s, &err);
	t_file_case(s, "IPR", T2026, r, ref, &case_id);
	store_commit(s, &err);
	report_free(&r);
	o.case_id = case_id;
	strv_push(&rcpt, "Rep@x.example");
	test_ok(store_outbox_next_seq(s, case_id, &seq, &err) == 0 && seq == 1,
		"first sequence number 1");
	store_outbox_add(s, &o, &id1, &err);
	o.message_id = "m2@gw";
	o.kind = "vendor_notice";
	o.now = T2026 + 4000;
	store_outbox_add(s, &o, &id2, &err);
	test_ok(store_outbox_count_scope(s, STORE_COUNT_ADDRESS,
					 "rep@X.example", NULL, T2026, &cnt,
					 &err) == 0 && cnt == 2, "2 mails to rep");
	store_outbox_count_scope(s, STORE_COUNT_ADDRESS, "rep@x.example",
				 "ack", T2026, &cnt, &err);
	test_ok(cnt == 1, "1 of kind ack");
	store_outbox_count_scope(s, STORE_COUNT_ADDRESS, "rep@x.example", NULL,
				 T2026 + 3600, &cnt, &err);
	test_ok(cnt == 1, "1 in the last hour");
	store_outbox_count_scope(s, STORE_COUNT_ADDRESS, "other@x.example",
				 NULL, 0, &cnt, &err);
	test_ok(cnt == 0, "none to another address");
	store_outbox_count_scope(s, STORE_COUNT_ADDRESS, "Rep+any@x.example",
				 NULL, 0, &cnt, &err);
	test_ok(cnt == 2, "+detail of the key ignored");
	store_outbox_count_scope(s, STORE_COUNT_DOMAIN, "X.example", NULL, 0,
				 &cnt, &err);
	test_ok(cnt == 2, "2 to the domain");
	store_outbox_count_scope(s, STORE_COUNT_DOMAIN, "y.example", NULL, 0,
				 &cnt, &err);
	test_ok(cnt == 0, "none to another domain");
	store_outbox_count_scope(s, STORE_COUNT_ALL, NULL, "vendor_notice", 0,
				 &cnt, &err);
	test_ok(cnt == 1, "1 vendor_notice in all");

	test_ok(store_outbox_claim(s, id1, "REP@x.example", T2026 + 10,
				   &err) == 1, "claimed");
	test_ok(store_outbox_claim(s, id1, "rep@x.example", T2026 + 11,
				   &err) == 0, "second claim refused");
	test_ok(store_outbox_claim(s, id2, "nobody@x.example", T2026, &err) == 0,
		"unknown recipient not claimed");
	test_ok(store_outbox_recover(s, &d, &n, &err) == 0 && n == 1,
		"one claim in doubt");
	test_ok(n && d[0].outbox_id == id1 && d[0].claimed == T2026 + 10 &&
		d[0].in_doubt == 1, "its mail, time and count");
	test_streq(n ? d[0].message_id : NULL, "m1@gw", "its Message-ID");
	store_outbox_doubts_free(d, n);
	test_ok(store_outbox_recover(s, &d, &n, &err) == 0 && n == 0,
		"recovered: no claim left");
	store_outbox_doubts_free(d, n);
	test_ok(store_outbox_claim(s, id1, "rep@x.example", T2026 + 20,
				   &err) == 1, "claimable again");
	test_ok(store_outbox_result(s, id1, "rep@x.example", DELIVERY_SENT,
				    T2026 + 21, 0, NULL, &err) == 0, "sent");
	test_ok(t_raw_int(p, "SELECT count(*) FROM outbox_recipients WHERE "
			  "claimed IS NOT NULL") == 0, "result clears the claim");
	test_ok(t_raw_int(p, "SELECT in_doubt FROM outbox_recipients WHERE "
			  "outbox_id = 1") == 1, "in_doubt kept");

	test_ok(store_outbox_for_case(s, case_id, &mails, &n, &err) == 0 &&
		n == 2, "listed for their case");
	test_ok(n == 2 && mails[0].recipients.n == 1 && mails[0].raw == NULL,
		"with their recipients, without raw bytes");
	test_streq(n ? mails[0].recipients.v[0] : NULL, "rep@x.example sent",
		   "recipient status");
	store_outbox_free(mails, n);
	test_ok(store_outbox_next_seq(s, case_id, &seq, &err) == 0 && seq == 3,
		"next sequence number of the case 3");
	test_ok(store_outbox_bounced(s, id1, "other@x.example", "5.1.1",
				     T2026 + 30, &changed, &err) == 0 &&
		changed == 0, "bounce for another address changes nothing");
	test_ok(store_outbox_bounced(s, id1, "Rep@x.example", "5.1.1",
				     T2026 + 30, &changed, &err) == 0 &&
		changed == 1, "bounce marks the sent recipient");
	test_ok(t_raw_int(p, "SELECT count(*) FROM outbox WHERE id = 1 AND "
			  "status = 'failed'") == 1, "mail failed");
	test_ok(store_outbox_bounced(s, id2, NULL, "bounced", T2026 + 30,
				     &changed, &err) == 0 && changed == 1,
		"bounce of every recipient");
	test_ok(t_raw_int(p, "SELECT count(*) FROM outbox WHERE status = "
			  "'failed'") == 2, "both failed");
	strv_free(&rcpt);
	store_close(&s);
	free(p);
}

int
main(void)
{
	int ret;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-store-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	t_migrations();
	t_migration_v7();
	t_migration_v12();
	t_private();
	t_refs();
	t_messages();
	t_anon();
	t_evidence();
	t_events();
	t_outbox();
	t_outbox_claims();
	t_sync_att_quarantine();
	t_concurrency();
	ret = test_done();
	if (ret == 0)
		nftw(tmpdir, t_rm, 8, FTW_DEPTH | FTW_PHYS);
	return ret;
}
