/* tests/unit/test-web-forms.c - the handlers' pure parts of the
   console's case page: the check of a posted decision form
   (console/web_check.c), the listings grouped per vendor with their
   tracks and the evidence requests with their states
   (console/web_tracks.c), and the per-listing, per-vendor and facts
   forms offered by track, status and role (console/web_forms.c,
   console/web_forms_vendor.c). A case view built in memory; linked with
   web/ and common only. */
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/mem.h"
#include "../../console/web_check.h"
#include "../../console/web_forms.h"
#include "../../console/web_int.h"
#include "../lib/testlib.h"

#define NOW 1790000000

static struct store_case c;
static struct store_listing ls[3];
static struct store_vendor vd[2];
static struct store_evreq ev[4];
static struct store_vendor_action act[1];
static struct store_counter ctr[1];
static struct store_case_view v;
static struct strv pool;	/* the strings of the view, freed after */

/* A copy of s kept in pool (the structures hold char *). */
static char *
S(const char *s)
{
	strv_push_take(&pool, xstrdup(s));
	return pool.v[pool.n - 1];
}

/* A case of two vendors: A's listing notified, B's removed, and one
   listing outside the directory (its id holds markup). */
static void
t_view(const char *status)
{
	memset(&v, 0, sizeof(v));
	memset(&c, 0, sizeof(c));
	c.ref = S("IPR-2026-000001");
	c.stream = S("ip");
	c.status = S(status);
	c.rights_holder = S("Acme <Ltd>");
	c.needs_staff = true;
	ls[0] = (struct store_listing){ S("lsta0001"), S("https://x/a"), 0,
		S("a@shop-a.example"), S("Shop A"), S("notified"), NULL };
	ls[1] = (struct store_listing){ S("lstb0002"), S("https://x/b"), 0,
		S("b@shop-b.example"), S("Shop B"), S("removed"), NULL };
	ls[2] = (struct store_listing){ S("x<script>"), S("https://x/c"), 0, NULL,
		NULL, S("reported"), NULL };
	memset(vd, 0, sizeof(vd));
	vd[0].email = S("a@shop-a.example");
	vd[0].name = S("Shop A");
	strv_push(&vd[0].listing_ids, S("lsta0001"));
	vd[1].email = S("b@shop-b.example");
	vd[1].name = S("Shop <B>");
	strv_push(&vd[1].listing_ids, S("lstb0002"));
	ev[0] = (struct store_evreq){ 1, 1, NULL, S("vendor"), S("a@shop-a.example"),
		NULL, S("en"), NOW + 86400, S("licence <please>"), NOW - 10, 0, 0, 0,
		NULL };
	ev[1] = ev[0];
	ev[1].id = 2;
	ev[1].deadline = NOW - 1;
	ev[2] = ev[0];
	ev[2].id = 3;
	ev[2].satisfied_at = NOW - 5;
	ev[3] = ev[0];
	ev[3].id = 4;
	ev[3].closed_at = NOW - 5;
	ev[3].closed_why = S("staff");
	act[0] = (struct store_vendor_action){ S("a@shop-a.example"), S("suspension"),
		S("repeat <infringer>"), S("web:dana"), NOW - 100 };
	ctr[0] = (struct store_counter){ 1, 1, NULL, S("a@shop-a.example"), 0,
		NOW - 50, NOW + 1000, NULL, 0, 0, 0, NULL };
	v.c = &c;
	v.listings = ls;
	v.n_listings = 3;
	v.vendors = vd;
	v.n_vendors = 2;
	v.evreqs = ev;
	v.n_evreqs = 4;
	v.actions = act;
	v.n_actions = 1;
	v.counters = ctr;
	v.n_counters = 1;
}

static void
t_view_free(void)
{
	strv_free(&vd[0].listing_ids);
	strv_free(&vd[1].listing_ids);
	strv_free(&pool);
}

static bool
has(struct web_html *h, const char *s)
{
	return strstr(buf_str(&h->b), s) != NULL;
}

/* The part of h from the form of the listing whose legend is given to the
   end of that form ("" when absent). */
static char *
form_of(struct web_html *h, const char *legend)
{
	const char *s = strstr(buf_str(&h->b), legend), *e;

	if (s == NULL)
		return xstrdup("");
	e = strstr(s, "</form>");
	return xstrndup(s, e != NULL ? (size_t)(e - s) : strlen(s));
}

/* The decider's per-vendor forms of the view; the one under legend
   (a new string). */
static char *
decider_form(const char *legend)
{
	struct web_html h;
	char *f;

	web_html_init(&h, 0);
	web_forms_vendors(&h, &v, "tok", ROLE_DECIDER);
	f = form_of(&h, legend);
	web_html_free(&h);
	return f;
}

static void
t_tracks(void)
{
	struct strv repeat = { 0 };
	struct web_html h;

	test_begin("web_tracks: listings per vendor, evidence requests");
	t_view("vendor_notified");
	strv_push(&repeat, "b@shop-b.example");
	web_html_init(&h, 0);
	web_tracks_facts(&h, &v, &repeat);
	strv_free(&repeat);
	test_ok(has(&h, "b@shop-b.example</span> <span class=\"tag warn\">"
		    "repeat infringer</span></h4>") &&
		!has(&h, "a@shop-a.example</span> <span class=\"tag warn\">"),
		"the repeat infringer badged beside its vendor only");
	test_ok(has(&h, "<h4>Shop A <span class=\"muted\">a@shop-a.example"
		    "</span></h4><ul class=\"listings\"><li id=\"l-lsta0001\">"
		    "<strong>lsta0001</strong> <span class=\"tag tr-notified\" "
		    "title=\"track\">notified</span>"), "A's listing, notified");
	test_ok(has(&h, "tr-removed\" title=\"track\">removed"),
		"B's listing, removed");
	test_ok(has(&h, "<h4>Shop &lt;B&gt; "), "a vendor's name escaped");
	test_ok(has(&h, "Not in the listing directory") &&
		has(&h, "<strong>x&lt;script&gt;</strong>") &&
		!has(&h, "<script>"), "a listing outside the directory, escaped");
	test_ok(has(&h, "<strong>suspension</strong> by web:dana") &&
		has(&h, "repeat &lt;infringer&gt;"),
		"the account action under its vendor, escaped");
	test_ok(has(&h, "<strong>pending</strong>, the rights holder's answer "
		    "due"), "the pending counter-notice with its deadline");
	web_html_free(&h);
	web_html_init(&h, 0);
	web_tracks_evreqs(&h, &v, NOW);
	test_ok(has(&h, "<span class=\"tag ev-open\">open</span> #1 from "
		    "<strong>a@shop-a.example</strong> (vendor)"), "open");
	test_ok(has(&h, "<span class=\"tag ev-overdue\">overdue</span> #2"),
		"open past its deadline: overdue");
	test_ok(has(&h, "<span class=\"tag ev-answered\">answered</span> #3"),
		"answered");
	test_ok(has(&h, "<span class=\"tag ev-closed\">closed</span> #4") &&
		has(&h, "(staff)"), "closed, and by whom");
	test_ok(has(&h, "licence &lt;please&gt;") && !has(&h, "<please>"),
		"the request's text escaped");
	web_html_free(&h);
	t_view_free();
}

static void
t_vendor_forms(void)
{
	struct web_html h;
	char *f;

	test_begin("web_forms_vendors: what each track and role allows");
	t_view("vendor_notified");
	web_html_init(&h, 0);
	web_forms_vendors(&h, &v, "tok", ROLE_VIEWER);
	test_ok(h.b.len == 0, "a viewer: no form");
	web_html_free(&h);

	web_html_init(&h, 0);
	web_forms_vendors(&h, &v, "tok", ROLE_REVIEWER);
	test_ok(!has(&h, "value=\"listing\"") &&
		!has(&h, "The account of") &&
		has(&h, "<legend>Request evidence from b@shop-b.example"),
		"a reviewer: evidence requests, no decisions");
	web_html_free(&h);

	web_html_init(&h, 0);
	web_forms_vendors(&h, &v, "tok", ROLE_DECIDER);
	f = form_of(&h, "<legend>Listing lsta0001 (notified)");
	test_ok(strstr(f, "value=\"removal\"") && strstr(f, "value=\"reinstate\"")
		&& !strstr(f, "value=\"notify\"") &&
		strstr(f, "name=\"listing\" value=\"lsta0001\""),
		"a notified listing: remove or reinstate, not notify again");
	test_ok(strstr(f, "<select name=\"ground\"><option value=\"illegal\" "
		       "selected>") && strstr(f, "name=\"explanation\"") &&
		!strstr(f, "name=\"until\""),
		"a removal carries the statement of reasons: ground (illegal "
		"on the IP stream), explanation, no end date");
	free(f);
	f = form_of(&h, "<legend>Listing lstb0002 (removed)");
	test_ok(strstr(f, "value=\"reinstate\"") && !strstr(f, "value=\"removal\"")
		&& !strstr(f, "value=\"notify\"") && !strstr(f, "name=\"ground\""),
		"a removed listing: reinstate only, no statement of reasons");
	free(f);
	f = form_of(&h, "<legend>Listing x&lt;script&gt; (reported)");
	test_ok(strstr(f, "value=\"removal\"") && !strstr(f, "value=\"notify\""),
		"a listing outside the directory: no vendor to notify");
	free(f);
	test_ok(has(&h, "<legend>The account of a@shop-a.example</legend>") &&
		has(&h, "name=\"vendor\" value=\"a@shop-a.example\""),
		"an account action per vendor");
	f = form_of(&h, "<legend>The account of a@shop-a.example");
	test_ok(strstr(f, "name=\"ground\"") && strstr(f, "name=\"explanation\"")
		&& strstr(f, "<input type=\"date\" name=\"until\">"),
		"the account action: ground, explanation and end date");
	free(f);
	test_ok(has(&h, "name=\"listing\" value=\"lsta0001\" checked"),
		"the vendor's listings checked in its group form");
	test_ok(has(&h, "name=\"listing\" value=\"lstb0002\">"),
		"a removed listing offered in its group form, not checked");
	test_ok(!has(&h, "<script>"), "nothing unescaped");
	web_html_free(&h);
	c.held = true;
	web_html_init(&h, 0);
	web_forms_vendors(&h, &v, "tok", ROLE_DECIDER);
	test_ok(h.b.len == 0, "a held case: no listing or vendor decision");
	web_html_free(&h);
	t_view_free();

	t_view("closed");
	ls[0].track = S("no_action");
	ls[1].track = S("no_action");
	ls[2].track = S("no_action");
	web_html_init(&h, 0);
	web_forms_vendors(&h, &v, "tok", ROLE_DECIDER);
	test_ok(!has(&h, "value=\"listing\"") && !has(&h, "The account of") &&
		!has(&h, "Request evidence"), "a closed case: nothing offered");
	web_html_free(&h);
	t_view_free();

	t_view("ready_for_review");
	ls[0].track = S("reported");
	c.stream = S("abuse");
	f = decider_form("<legend>Listing x&lt;script&gt; (reported)");
	test_ok(strstr(f, "<option value=\"terms\" selected>") != NULL,
		"on the abuse stream the ground defaults to the terms");
	free(f);
	ls[1].track = S("complaint");
	ls[1].decided_by = S("web:<dana>");
	f = decider_form("<legend>Listing lstb0002 (complaint): decide the "
			 "complaint");
	test_ok(strstr(f, "value=\"complaint\"") &&
		strstr(f, "<option value=\"uphold\">") &&
		strstr(f, "<option value=\"reverse\">") &&
		strstr(f, "one that decided (web:&lt;dana&gt;).") &&
		!strstr(f, "value=\"removal\"") && !strstr(f, "value=\"reinstate\""),
		"a listing on complaint: only the complaint's decision, naming "
		"who decided, escaped");
	free(f);
	f = decider_form("<legend>The listings of b@shop-b.example");
	test_ok(*f == '\0', "nor in its vendor's group form");
	free(f);
	c.stream = S("ip");
	c.ground = S("terms");
	f = decider_form("<legend>Listing lsta0001 (reported)");
	test_ok(strstr(f, "value=\"notify\"") != NULL,
		"a reported listing of a case under review: notify (accept)");
	test_ok(strstr(f, "<option value=\"terms\" selected>") != NULL,
		"a case staff opened on the terms defaults to its own ground");
	free(f);
	t_view_free();
}

static void
t_facts_forms(void)
{
	struct store_right rt[1];
	struct web_html h;

	test_begin("web_forms_facts: rights, flag, evidence requests");
	t_view("vendor_notified");
	rt[0] = (struct store_right){ S("trademark"), S("US 1"), S("US") };
	web_html_init(&h, 0);
	web_forms_facts(&h, &v, rt, 1, "tok", ROLE_VIEWER);
	test_ok(h.b.len == 0, "a viewer: no form");
	web_html_free(&h);
	web_html_init(&h, 0);
	web_forms_facts(&h, &v, rt, 1, "tok", ROLE_REVIEWER);
	test_ok(has(&h, "<textarea name=\"rights\" rows=\"4\" maxlength=\"4000\">"
		    "trademark:US:US 1\n</textarea>"), "the rights prefilled");
	test_ok(has(&h, "(empty: stays Acme &lt;Ltd&gt;)"),
		"the rights holder, escaped");
	test_ok(has(&h, "value=\"unflag\""), "a flagged case: unflag");
	test_ok(has(&h, "<option value=\"1\">") && has(&h, "<option value=\"2\">")
		&& !has(&h, "<option value=\"3\">") &&
		!has(&h, "<option value=\"4\">"),
		"only open requests (overdue ones too) can be closed");
	web_html_free(&h);
	c.needs_staff = false;
	web_html_init(&h, 0);
	web_forms_facts(&h, &v, rt, 1, "tok", ROLE_REVIEWER);
	test_ok(!has(&h, "value=\"unflag\""), "not flagged: no unflag form");
	web_html_free(&h);
	t_view_free();
}

/* web_check_form on one form; returns its sentence or NULL. */
static const char *
t_check_one(const struct web_form *f, struct web_check *d)
{
	const char *why = web_check_form(f, d);

	return why;
}

/* Checks that web_check_form refuses f. */
static void
t_refused(const struct web_form *f, const char *desc)
{
	struct web_check d;

	test_ok(web_check_form(f, &d) != NULL, "%s", desc);
	web_check_free(&d);
}

static void
t_check(void)
{
	struct web_form f;
	struct web_check d;

	test_begin("web_check_form");
	memset(&f, 0, sizeof(f));
	f.action = "listing";
	f.what = "removal";
	f.listings = "lsta0001\n  lstb0002 \n\n";
	f.reason = "counterfeit";
	test_ok(t_check_one(&f, &d) == NULL && d.listings.n == 2 &&
		strcmp(d.listings.v[1], "lstb0002") == 0,
		"a listing decision: listings split and trimmed");
	web_check_free(&d);
	f.reason = " \n";
	test_ok(t_check_one(&f, &d) != NULL, "removal needs a reason");
	web_check_free(&d);
	f.what = "notify";
	test_ok(t_check_one(&f, &d) == NULL, "notify needs none");
	web_check_free(&d);
	f.what = "suspension";
	test_ok(t_check_one(&f, &d) != NULL,
		"an account action is not a listing decision");
	web_check_free(&d);
	f.what = "notify";
	f.listings = NULL;
	test_ok(t_check_one(&f, &d) != NULL, "no listing checked: refused");
	web_check_free(&d);

	memset(&f, 0, sizeof(f));
	f.action = "act";
	f.what = "termination";
	f.reason = "r";
	f.vendor = "a@shop-a.example";
	test_ok(t_check_one(&f, &d) == NULL, "an account action on a vendor");
	web_check_free(&d);
	f.vendor = "a@shop\n<x>";
	test_ok(t_check_one(&f, &d) != NULL, "a vendor that is no address");
	web_check_free(&d);
	f.vendor = "a@shop-a.example";
	f.what = "suspension";
	f.ground = "terms";
	f.explanation = "Repeated listings of counterfeit goods.";
	f.until = "2030-01-31";
	test_ok(t_check_one(&f, &d) == NULL && strcmp(d.ground, "terms") == 0 &&
		strcmp(d.explanation, f.explanation) == 0 &&
		d.until == 1896048000 + 86399,
		"a suspension's ground, explanation and last day (its end)");
	web_check_free(&d);
	f.until = "";
	f.ground = "";
	f.explanation = " \n";
	test_ok(t_check_one(&f, &d) == NULL && d.ground == NULL &&
		d.explanation == NULL && d.until == 0,
		"empty statement fields: the defaults");
	web_check_free(&d);
	f.ground = "spam";
	t_refused(&f, "a ground that is none");
	f.ground = "illegal";
	f.until = "31.01.2030";
	t_refused(&f, "an end date that is no day");
	f.until = "2030-01-31";
	f.what = "termination";
	t_refused(&f, "a termination has no end date");
	f.action = "listing";
	f.what = "removal";
	f.listings = "lsta0001";
	t_refused(&f, "a removal has no end date");
	f.until = NULL;
	test_ok(t_check_one(&f, &d) == NULL && strcmp(d.ground, "illegal") == 0,
		"a removal with its ground");
	web_check_free(&d);

	memset(&f, 0, sizeof(f));
	f.action = "close-request";
	f.request = "12";
	test_ok(t_check_one(&f, &d) == NULL && d.request == 12,
		"close-request reads the request's id");
	web_check_free(&d);
	f.request = "1 OR 1";
	test_ok(t_check_one(&f, &d) != NULL, "a request that is no number");
	web_check_free(&d);
	f.request = "0";
	test_ok(t_check_one(&f, &d) != NULL, "request 0");
	web_check_free(&d);

	memset(&f, 0, sizeof(f));
	f.action = "unflag";
	test_ok(t_check_one(&f, &d) != NULL, "unflag needs a reason");
	web_check_free(&d);
	f.reason = "checked";
	test_ok(t_check_one(&f, &d) == NULL, "unflag with a reason");
	web_check_free(&d);

	memset(&f, 0, sizeof(f));
	f.action = "set";
	test_ok(t_check_one(&f, &d) != NULL, "set needs rights or a holder");
	web_check_free(&d);
	f.rights = "trademark:US:1\r\ncopyright:CN:2\n";
	test_ok(t_check_one(&f, &d) == NULL && d.rights.n == 2,
		"set: one right a line");
	web_check_free(&d);

	memset(&f, 0, sizeof(f));
	f.action = "request-evidence";
	f.party = "vendor";
	f.vendor = "b@shop-b.example";
	f.text = "t";
	test_ok(t_check_one(&f, &d) != NULL, "request-evidence needs days");
	web_check_free(&d);
	f.days = "5";
	test_ok(t_check_one(&f, &d) == NULL && d.days == 5,
		"request-evidence from one vendor");
	web_check_free(&d);
	f.action = "move";
	test_ok(t_check_one(&f, &d) != NULL, "an action the console lacks");
	web_check_free(&d);

	memset(&f, 0, sizeof(f));
	f.action = "complaint";
	f.what = "reverse";
	f.listings = "lstb0002";
	t_refused(&f, "a complaint's decision needs a reason");
	f.reason = "licence checked";
	test_ok(t_check_one(&f, &d) == NULL && d.listings.n == 1,
		"a complaint reversed on one listing");
	web_check_free(&d);
	f.what = "removal";
	t_refused(&f, "a complaint's outcome is uphold or reverse");
}

int
main(void)
{
	t_tracks();
	t_vendor_forms();
	t_facts_forms();
	t_check();
	return test_done();
}
