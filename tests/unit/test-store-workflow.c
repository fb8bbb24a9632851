/* tests/unit/test-store-workflow.c - the store's staff workflow parts:
   transitions through the state machine (allowed, refused with nothing
   changed, enforcement kept), the listing directory (upsert, vendors of
   a case, vendor check), evidence requests (satisfy, due, reminded),
   links between cases by listing and by vendor, FTS5 search (English,
   Chinese of 3+ and 1-2 characters, quotes), rights, attachments. Links
   the store and common only. */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../common/casestate.h"
#include "../../store/store.h"
#include "../lib/testlib.h"

#define T0 1790000000	/* 2026-09-21 */

static char tmpdir[64];
static unsigned seq;

static struct report *
t_report(enum report_kind kind, const char *from, const char *subject,
	 const char *body)
{
	struct report *r = report_new();

	r->kind = kind;
	r->stream = kind == KIND_ABUSE_REPORT ? STREAM_ABUSE : STREAM_IP;
	r->from_address = xstrdup(from);
	r->subject = xstrdup(subject);
	r->body_text = body ? xstrdup(body) : NULL;
	return r;
}

static void
t_listing(struct report *r, const char *id)
{
	char *url = xasprintf("https://marketplace.alibabacloud.com/products/"
			      "1/%s.html", id);

	report_add_listing(r, url, id, url);
	free(url);
}

/* Files r as a new case (with one message) or, when case_id is set,
   adds it to that case; returns the case id. */
static int64_t
t_file(struct store *s, struct report *r, int64_t case_id, char *ref)
{
	struct store_case_new c = { "IPR", r->stream,
		report_kind_name(r->kind), r, false, 0, T0 };
	struct msg_key k = { "INBOX", 1, ++seq };
	char sha[65];
	struct store_message_new m = { &k, sha, 1, -1, r, 0, T0, 0 };
	struct err err;
	int64_t mid;

	snprintf(sha, sizeof(sha), "%064u", seq);
	if (store_begin(s, &err) < 0)
		return -1;
	if (case_id == 0 && store_case_create(s, &c, &case_id, ref, 32,
					      &err) < 0)
		goto fail;
	m.case_id = case_id;
	if (store_message_add(s, &m, &mid, &err) < 0 ||
	    store_case_absorb(s, case_id, mid, r, T0, NULL, &err) < 0 ||
	    store_commit(s, &err) < 0)
		goto fail;
	return case_id;
fail:
	printf("# file: %s\n", err.msg);
	store_rollback(s);
	return -1;
}

static const char *
t_status(struct store *s, const char *ref)
{
	static char buf[32];
	struct store_case *c = NULL;
	struct err err;

	buf[0] = 0;
	if (store_case_get(s, ref, &c, &err) == 1)
		snprintf(buf, sizeof(buf), "%s", c->status);
	store_cases_free(c, c ? 1 : 0);
	return buf;
}

static struct store *
t_open(void)
{
	char *p = xasprintf("%s/db%u.sqlite", tmpdir, ++seq);
	char *att = xasprintf("%s/att", tmpdir);
	struct err err;
	struct store *s = store_open(p, att, &err);

	if (s == NULL)
		printf("# open: %s\n", err.msg);
	free(p);
	free(att);
	return s;
}

static void
t_transitions(void)
{
	struct store *s = t_open();
	struct report *r = t_report(KIND_IP_REPORT, "jane@brand.example",
				    "Report", "text");
	struct store_transition t = { ACTION_CLOSE, "alice", "why", 0, 0, T0 };
	struct store_event *ev = NULL;
	struct store_case *c = NULL;
	enum case_status from, to;
	const char *why = NULL;
	char ref[32];
	struct err err;
	int64_t id;
	size_t n = 0;

	test_begin("transitions");
	t_listing(r, "aaa");
	r->evidence = REQ_LISTING_LINKS;	/* unknown role: needs 2 more */
	id = t_file(s, r, 0, ref);
	test_streq(t_status(s, ref), "incomplete", "report filed incomplete");
	test_ok(store_case_transition(s, id, &t, NULL, NULL, &why, &err) == 1,
		"close an incomplete case (abandoned)");
	t.action = ACTION_ACCEPT;
	test_ok(store_case_transition(s, id, &t, NULL, NULL, &why, &err) == 0,
		"accept on closed refused");
	test_streq(why, "the case is closed", "refusal says why");
	test_streq(t_status(s, ref), "closed", "refusal changed nothing");
	report_free(&r);

	r = t_report(KIND_IP_REPORT, "bob@brand.example", "Report 2", "x");
	r->evidence = REQ_IDENTITY_PROOF | REQ_OWNERSHIP_PROOF |
		REQ_LISTING_LINKS;
	t_listing(r, "bbb");
	id = t_file(s, r, 0, ref);
	test_streq(t_status(s, ref), "ready_for_review", "complete report ready");
	t.action = ACTION_ACCEPT;
	test_ok(store_case_transition(s, id, &t, &from, &to, &why, &err) == 1 &&
		from == STATUS_READY_FOR_REVIEW && to == STATUS_ACCEPTED,
		"accept");
	t.action = ACTION_ENFORCE;
	t.enforcement = ENFORCEMENT_SUSPENSION;
	test_ok(store_case_transition(s, id, &t, NULL, NULL, &why, &err) == 1,
		"enforce suspension");
	test_ok(store_case_get(s, ref, &c, &err) == 1 && c->enforcement &&
		strcmp(c->enforcement, "suspension") == 0,
		"enforcement kept on the case");
	store_cases_free(c, c ? 1 : 0);
	t.action = ACTION_REJECT;
	test_ok(store_case_transition(s, id, &t, NULL, NULL, &why, &err) == 0,
		"reject after an outcome refused");
	test_ok(store_event_list(s, id, &ev, &n, &err) == 0 && n > 0 &&
		strcmp(ev[n - 1].type, "case.status") == 0 &&
		strstr(ev[n - 1].detail, "\"enforcement\":\"suspension\"") &&
		strcmp(ev[n - 1].actor, "alice") == 0,
		"event with who, action and enforcement");
	store_events_free(ev, n);
	report_free(&r);
	store_close(&s);
}

static void
t_directory(void)
{
	struct store *s = t_open();
	struct report *r = t_report(KIND_IP_REPORT, "jane@brand.example",
				    "Report", NULL);
	struct store_directory_entry *e = NULL;
	struct store_vendor *v = NULL;
	struct store_case_link *l = NULL;
	char ref[32], ref2[32];
	bool added = false;
	struct err err;
	int64_t id, id2;
	size_t n = 0;

	test_begin("listing directory, vendors, links");
	test_ok(store_directory_upsert(s, "aaa", "Shop A", "Sales@ShopA.example",
				       "Thing", T0, &added, &err) == 0 && added,
		"insert");
	test_ok(store_directory_upsert(s, "aaa", "Shop A2", "sales@shopa.example",
				       NULL, T0, &added, &err) == 0 && !added,
		"update");
	store_directory_upsert(s, "bbb", "Shop A", "sales@shopa.example", NULL,
			       T0, NULL, &err);
	store_directory_upsert(s, "ccc", "Shop C", "c@shopc.example", NULL,
			       T0, NULL, &err);
	test_ok(store_directory_get(s, "aaa", &e, &err) == 1 &&
		strcmp(e->vendor_name, "Shop A2") == 0 &&
		strcmp(e->vendor_email, "sales@shopa.example") == 0 &&
		e->title == NULL, "lookup sees the update, email lower-case");
	store_directory_free(e, 1);
	test_ok(store_directory_get(s, "zzz", &e, &err) == 0, "unknown listing");
	t_listing(r, "aaa");
	t_listing(r, "ccc");
	t_listing(r, "unlisted");
	id = t_file(s, r, 0, ref);
	test_ok(store_case_vendors(s, id, &v, &n, &err) == 0 && n == 2,
		"two vendors (unlisted listing left out)");
	test_ok(n == 2 && strcmp(v[0].email, "sales@shopa.example") == 0 &&
		v[0].listing_ids.n == 1 && strcmp(v[1].email,
						  "c@shopc.example") == 0,
		"grouped per vendor, in listing order");
	store_vendors_free(v, n);
	test_ok(store_case_is_vendor(s, id, "C@ShopC.example", &err) == 1,
		"vendor recognised");
	test_ok(store_case_is_vendor(s, id, "jane@brand.example", &err) == 0,
		"reporter is no vendor");
	test_ok(store_case_is_party(s, id, "c@shopc.example", true, &err) == 1,
		"vendor is a party with_vendors");
	report_free(&r);
	/* A second case about listing ccc links both; one about bbb (same
	   vendor as aaa) is found by vendor. */
	r = t_report(KIND_IP_REPORT, "other@brand2.example", "Another",
		     NULL);
	t_listing(r, "ccc");
	t_listing(r, "bbb");
	id2 = t_file(s, r, 0, ref2);
	test_ok(store_case_links(s, id, &l, &n, &err) == 0 && n == 1 &&
		strcmp(l[0].ref, ref2) == 0 && strcmp(l[0].via, "ccc") == 0,
		"linked by the shared listing");
	store_case_links_free(l, n);
	test_ok(store_case_links(s, id2, &l, &n, &err) == 0 && n == 1 &&
		strcmp(l[0].ref, ref) == 0, "link seen from the other side");
	store_case_links_free(l, n);
	test_ok(store_case_same_vendor(s, id, &l, &n, &err) == 0 && n >= 1 &&
		strcmp(l[0].ref, ref2) == 0, "same vendor found");
	store_case_links_free(l, n);
	report_free(&r);
	store_close(&s);
}

static void
t_evreqs(void)
{
	struct store *s = t_open();
	struct report *r = t_report(KIND_IP_REPORT, "jane@brand.example",
				    "Report", NULL);
	struct store_evreq *q = NULL;
	struct store_evreq_new nq = { 0, "rights_holder", "Jane@Brand.example",
		"Jane", "zh", T0 + 86400, "licence", T0 };
	char ref[32];
	struct err err;
	int64_t id, rid;
	size_t n = 0;

	test_begin("evidence requests");
	id = t_file(s, r, 0, ref);
	nq.case_id = id;
	test_ok(store_evreq_add(s, &nq, &rid, &err) == 0, "request added");
	test_ok(store_evreq_due(s, T0 + 86400, &q, &n, &err) == 0 && n == 0,
		"not due at the deadline second");
	store_evreqs_free(q, n);
	test_ok(store_evreq_due(s, T0 + 86401, &q, &n, &err) == 0 && n == 1 &&
		strcmp(q[0].party, "jane@brand.example") == 0 &&
		strcmp(q[0].lang, "zh") == 0 && strcmp(q[0].ref, ref) == 0,
		"due after the deadline, with party, lang and ref");
	store_evreqs_free(q, n);
	test_ok(store_evreq_reminded(s, rid, T0 + 90000, &err) == 0,
		"reminded");
	test_ok(store_evreq_due(s, T0 + 99999, &q, &n, &err) == 0 && n == 0,
		"a reminded request is not due again");
	store_evreqs_free(q, n);
	test_ok(store_evreq_satisfy(s, id, "someone@else.example", 0, T0, &n,
				    &err) == 0 && n == 0,
		"another address satisfies nothing");
	test_ok(store_evreq_satisfy(s, id, "JANE@brand.example", 0, T0 + 5,
				    &n, &err) == 0 && n == 1,
		"the party's reply satisfies it");
	test_ok(store_evreq_list(s, id, &q, &n, &err) == 0 && n == 1 &&
		q[0].satisfied_at == T0 + 5 && q[0].reminded_at == T0 + 90000,
		"listed with both times");
	store_evreqs_free(q, n);
	report_free(&r);
	store_close(&s);
}

static size_t
t_search(struct store *s, const char *text, const char *want_ref)
{
	struct store_case *c = NULL;
	struct err err;
	size_t n = 0, i, hit = 0;

	if (store_case_search(s, text, &c, &n, &err) < 0) {
		printf("# search: %s\n", err.msg);
		return 99;
	}
	for (i = 0; i < n; i++)
		if (want_ref && strcmp(c[i].ref, want_ref) == 0)
			hit = 1;
	store_cases_free(c, n);
	return want_ref ? hit : n;
}

static void
t_fts(void)
{
	struct store *s = t_open();
	struct report *r = t_report(KIND_IP_REPORT, "jane@brand.example",
				    "侵犯商标举报", "我们的商标被侵犯了，请处理。");
	struct report *r2 = t_report(KIND_IP_REPORT, "ops@acme.example",
				     "Trademark \"Acme\" abuse",
				     "Fake ACME installers");
	char ref[32], ref2[32];

	test_begin("search");
	r->submitter_org = xstrdup("Doe & Partners");
	t_listing(r, "cmjj00012345");
	t_file(s, r, 0, ref);
	t_file(s, r2, 0, ref2);
	store_directory_upsert(s, "cmjj00012345", "Shady Shop", "shady@shop.example",
			       NULL, T0, NULL, NULL);
	/* first while the text waits for the index, then indexed */
	for (int round = 0; round < 2; round++) {
		struct err err;

		if (round == 1) {
			test_ok(store_search_catch_up(s, &err) == 0,
				"waiting text moved into the index");
			test_ok(store_search_catch_up(s, &err) == 0,
				"catching up again is harmless");
		}
		test_begin(round ? "search, indexed" : "search, text waiting");
		test_ok(t_search(s, "商标举报", ref) == 1, "Chinese subject (4 chars)");
		test_ok(t_search(s, "被侵犯", ref) == 1, "Chinese body (3 chars)");
		test_ok(t_search(s, "商标", ref) == 1, "2 Chinese characters (scan)");
		test_ok(t_search(s, "侵", NULL) == 1, "1 Chinese character (scan)");
		test_ok(t_search(s, "installers", ref2) == 1, "English body");
		test_ok(t_search(s, "acme", NULL) == 1, "case-insensitive");
		test_ok(t_search(s, "\"Acme\"", ref2) == 1, "quotes are text");
		test_ok(t_search(s, "00012345", ref) == 1, "listing id substring");
		test_ok(t_search(s, "partners", ref) == 1, "submitter organisation");
		test_ok(t_search(s, "ops@acme", ref2) == 1, "sender address");
		test_ok(t_search(s, "shady shop", ref) == 1, "vendor from directory");
		test_ok(t_search(s, ref2, ref2) == 1, "by reference");
		test_ok(t_search(s, "nothing like this", NULL) == 0, "no match");
		test_ok(t_search(s, "*) OR (", NULL) == 0, "FTS syntax is text");
	}
	report_free(&r);
	report_free(&r2);
	store_close(&s);
}

static void
t_rights_att(void)
{
	struct store *s = t_open();
	struct report *r = t_report(KIND_IP_REPORT, "jane@brand.example",
				    "Report", NULL);
	struct report_attachment a = { 0 };
	struct store_right *rt = NULL;
	char ref[32], *fn = NULL;
	struct err err;
	int64_t id;
	size_t n = 0;

	test_begin("rights and attachments");
	report_add_ip_right(r, "trademark", "US 1", "US");
	report_add_ip_right(r, "trademark", "US 1", "US");
	report_add_ip_right(r, "copyright", NULL, NULL);
	a.filename = (char *)(uintptr_t)"护照.pdf";
	a.content_type = (char *)(uintptr_t)"application/pdf";
	memset(a.sha256, 'b', 64);
	a.evidence = EVIDENCE_IDENTITY;
	report_add_attachment(r, &a);
	id = t_file(s, r, 0, ref);
	test_ok(store_case_rights(s, id, &rt, &n, &err) == 0 && n == 2 &&
		strcmp(rt[0].registration, "US 1") == 0 &&
		rt[1].registration == NULL, "rights deduplicated");
	store_rights_free(rt, n);
	memset(a.sha256, 'b', 64);
	test_ok(store_case_attachment(s, id, a.sha256, &fn, &err) == 1 &&
		fn && strcmp(fn, "护照.pdf") == 0, "attachment of the case");
	free(fn);
	test_ok(store_case_attachment(s, id, "00", NULL, &err) == 0,
		"unknown hash");
	report_free(&r);
	store_close(&s);
}

static int
t_rm(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

int
main(void)
{
	int ret;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-store-wf-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	t_transitions();
	t_directory();
	t_evreqs();
	t_fts();
	t_rights_att();
	ret = test_done();
	if (ret == 0)
		nftw(tmpdir, t_rm, 8, FTW_DEPTH | FTW_PHYS);
	return ret;
}
