/* console/web_forms_vendor.c - the decision forms of a case page on its
   listings and vendors (docs/WORKFLOW.md "Per-listing tracks"), and on
   its facts and follow-up: per vendor, a decision on the listings checked
   (the vendor's notice, removal, reinstatement), an action on the
   vendor's account and an evidence request from that vendor; per listing,
   its own decision; the rights claimed, the needs-staff flag and the open
   evidence requests. Only what the listing's track and the case's status
   allow is offered; the server checks everything again. Reads only the
   case view: unit-tested alone. */
#include <stdio.h>
#include <string.h>

#include "common/listingstate.h"
#include "common/wallclock.h"
#include "console/web.h"
#include "console/web_forms.h"
#include "console/web_int.h"

/* What a listing form may offer: its moves, or (complaint) only the
   decision of the complaint pending on it. */
struct web_fv_can {
	bool notify, remove, reinstate, complaint;
};

/* Returns true if the case of c is neither rejected nor closed. */
static bool
web_fv_open(const struct store_case *c)
{
	return strcmp(c->status, "rejected") != 0 &&
	       strcmp(c->status, "closed") != 0;
}

/* Returns true if listings of case c can be notified now: an IP case the
   state machine lets staff accept, or one accepted already (then naming
   listings notifies them). */
static bool
web_fv_can_notify_case(const struct store_case *c)
{
	static const char *const before[] = {
		"rejected", "closed", "incomplete", "ready_for_review",
		"info_requested", NULL
	};
	size_t i;

	if (strcmp(c->stream, "ip") != 0)
		return false;
	if (web_forms_allowed(c, ACTION_ACCEPT))
		return true;
	for (i = 0; before[i] != NULL; i++)
		if (strcmp(c->status, before[i]) == 0)
			return false;
	return true;
}

/* What listing l of case c may be moved by, from its track. */
static struct web_fv_can
web_fv_can(const struct store_case *c, const struct store_listing *l,
	   bool vendor_known)
{
	struct web_fv_can can = { false, false, false, false };
	enum listing_track from = TRACK_REPORTED, to;

	if (l->track != NULL && listing_track_parse(l->track, &from) < 0)
		return can;
	/* A complaint pending: the workflow takes only its decision. */
	if (from == TRACK_COMPLAINT) {
		can.complaint = true;
		return can;
	}
	can.notify = vendor_known && web_fv_can_notify_case(c) &&
		     listing_next(from, LACT_NOTIFY, &to, NULL) == 0;
	can.remove = web_fv_open(c) &&
		     listing_next(from, LACT_REMOVE, &to, NULL) == 0;
	can.reinstate = web_fv_open(c) &&
			listing_next(from, LACT_REINSTATE, &to, NULL) == 0;
	return can;
}

/* Returns true if listing l has an outcome (removed, reinstated). */
static bool
web_fv_decided(const struct store_listing *l)
{
	enum listing_track t;

	return l->track != NULL && listing_track_parse(l->track, &t) == 0 &&
	       listing_track_final(t);
}

/* The select of a listing decision on case c, offering what can allows,
   with the statement of reasons' fields when it can remove. */
static void
web_fv_what(struct web_html *h, const struct store_case *c,
	    struct web_fv_can can)
{
	web_html_raw(h, "<label>Decision <select name=\"what\" required>");
	if (can.notify)
		web_html_raw(h, "<option value=\"notify\">notify the vendor "
			     "(accept)</option>");
	if (can.remove)
		web_html_raw(h, "<option value=\"removal\">remove</option>");
	if (can.reinstate)
		web_html_raw(h, "<option value=\"reinstate\">reinstate"
			     "</option>");
	web_html_raw(h, "</select></label><br>");
	web_forms_textarea(h, "Reason (required to remove or reinstate)",
			   "reason", false);
	if (can.remove)
		web_forms_sor(h, c, false);
}

/* The decision of the complaint pending on listing l (`cases complaint
   REF --listing ID uphold|reverse --reason T`, docs/WORKFLOW.md
   "Complaints"). */
static void
web_fv_complaint(struct web_html *h, const struct store_case *c,
		 const struct store_listing *l, const char *token)
{
	char legend[300];

	/* The legend is escaped by web_forms_open. */
	snprintf(legend, sizeof(legend), "Listing %s (complaint): decide "
		 "the complaint", l->listing_id);
	web_forms_open(h, c, token, "complaint", legend);
	web_html_printf(h, "<input type=\"hidden\" name=\"listing\" "
			"value=\"%s\">", l->listing_id);
	web_html_printf(h, "<p class=\"muted\">By another account than the "
			"one that decided%s%s%s.</p>", l->decided_by ? " (" :
			"", l->decided_by ? l->decided_by : "",
			l->decided_by ? ")" : "");
	web_html_raw(h, "<label>Outcome <select name=\"what\" required>"
		     "<option value=\"uphold\">uphold the decision</option>"
		     "<option value=\"reverse\">reverse it</option></select>"
		     "</label><br>");
	web_forms_textarea(h, "Reason (sent to the complainant)", "reason",
			   true);
	web_forms_close(h, "Decide the complaint");
}

/* The form of one listing. */
static void
web_fv_listing(struct web_html *h, const struct store_case *c,
	       const struct store_listing *l, bool vendor_known,
	       const char *token)
{
	struct web_fv_can can = web_fv_can(c, l, vendor_known);
	char legend[300];

	if (can.complaint) {
		web_fv_complaint(h, c, l, token);
		return;
	}
	if (!can.notify && !can.remove && !can.reinstate)
		return;
	/* The legend is escaped by web_forms_open. */
	snprintf(legend, sizeof(legend), "Listing %s (%s)", l->listing_id,
		 l->track != NULL ? l->track : "reported");
	web_forms_open(h, c, token, "listing", legend);
	web_html_printf(h, "<input type=\"hidden\" name=\"listing\" "
			"value=\"%s\">", l->listing_id);
	web_fv_what(h, c, can);
	web_forms_close(h, "Decide on this listing");
}

/* A decision on the listings of vendor vd that can move, checked. */
static void
web_fv_vendor_listings(struct web_html *h, const struct store_case_view *v,
		       const struct store_vendor *vd, const char *token)
{
	struct web_fv_can any = { false, false, false, false }, can;
	const struct store_listing *l;
	char legend[300];
	size_t k, n = 0;

	for (k = 0; k < vd->listing_ids.n; k++) {
		if ((l = web_tracks_listing(v, vd->listing_ids.v[k])) == NULL)
			continue;
		can = web_fv_can(v->c, l, true);
		any.notify |= can.notify;
		any.remove |= can.remove;
		any.reinstate |= can.reinstate;
		n += can.notify || can.remove || can.reinstate;
	}
	if (n == 0)
		return;
	snprintf(legend, sizeof(legend), "The listings of %s", vd->email);
	web_forms_open(h, v->c, token, "listing", legend);
	for (k = 0; k < vd->listing_ids.n; k++) {
		if ((l = web_tracks_listing(v, vd->listing_ids.v[k])) == NULL)
			continue;
		can = web_fv_can(v->c, l, true);
		if (!can.notify && !can.remove && !can.reinstate)
			continue;
		/* A decided listing (removed, reinstated) is offered but not
		   checked: one decision on a listing that cannot take it
		   refuses the whole form. */
		web_html_printf(h, "<label><input type=\"checkbox\" "
				"name=\"listing\" value=\"%s\"", l->listing_id);
		web_html_raw(h, web_fv_decided(l) ? ">" : " checked>");
		web_html_printf(h, " %s <span class=\"tag tr-%s\">%s</span>"
				"</label><br>", l->listing_id, l->track,
				l->track);
	}
	web_fv_what(h, v->c, any);
	web_forms_close(h, "Decide on the listings checked");
}

/* The vendor's account and the evidence asked from it. */
static void
web_fv_vendor_more(struct web_html *h, const struct store_case *c,
		   const struct store_vendor *vd, const char *token,
		   enum auth_role role)
{
	char legend[300];

	if (role >= ROLE_DECIDER && web_fv_open(c)) {
		snprintf(legend, sizeof(legend), "The account of %s",
			 vd->email);
		web_forms_open(h, c, token, "act", legend);
		web_html_printf(h, "<input type=\"hidden\" name=\"vendor\" "
				"value=\"%s\">", vd->email);
		web_html_raw(h, "<label>Account action <select name=\"what\" "
			     "required><option value=\"posting_restriction\">"
			     "posting_restriction</option><option value=\""
			     "suspension\">suspension</option><option value=\""
			     "termination\">termination</option></select>"
			     "</label><br>");
		web_forms_textarea(h, "Reason (sent to the vendor and the "
				   "reporter)", "reason", true);
		web_forms_sor(h, c, true);
		web_forms_close(h, "Record the account action");
	}
	if (web_forms_allowed(c, ACTION_REQUEST_EVIDENCE)) {
		snprintf(legend, sizeof(legend), "Request evidence from %s",
			 vd->email);
		web_forms_open(h, c, token, "request-evidence", legend);
		web_html_printf(h, "<input type=\"hidden\" name=\"party\" "
				"value=\"vendor\"><input type=\"hidden\" "
				"name=\"vendor\" value=\"%s\">", vd->email);
		web_forms_textarea(h, "What is needed", "text", true);
		web_forms_days(h, true);
		web_forms_close(h, "Send request");
	}
}

void
web_forms_vendors(struct web_html *h, const struct store_case_view *v,
		  const char *token, enum auth_role role)
{
	const struct store_listing *l;
	size_t i, k, loose = 0;

	/* A held case waits for its release: no decision on its listings. */
	if (role < ROLE_REVIEWER || v->c->held ||
	    (v->n_vendors == 0 && v->n_listings == 0))
		return;
	web_html_raw(h, "<section aria-labelledby=\"per-h\"><h2 id=\"per-h\">"
		     "Decide per vendor and per listing</h2>");
	for (i = 0; i < v->n_vendors; i++) {
		const struct store_vendor *vd = &v->vendors[i];

		web_html_printf(h, "<h3>%s <span class=\"muted\">%s</span>"
				"</h3><div class=\"decide\">", vd->name ?
				vd->name : "Vendor", vd->email);
		if (role >= ROLE_DECIDER) {
			web_fv_vendor_listings(h, v, vd, token);
			for (k = 0; k < vd->listing_ids.n; k++)
				if ((l = web_tracks_listing(v, vd->listing_ids.v[k]))
				    != NULL)
					web_fv_listing(h, v->c, l, true, token);
		}
		web_fv_vendor_more(h, v->c, vd, token, role);
		web_html_raw(h, "</div>");
	}
	for (i = 0; i < v->n_listings; i++)
		loose += v->listings[i].vendor_email == NULL;
	if (loose > 0 && role >= ROLE_DECIDER) {
		web_html_raw(h, "<h3>Listings not in the listing directory</h3>"
			     "<div class=\"decide\">");
		for (i = 0; i < v->n_listings; i++)
			if (v->listings[i].vendor_email == NULL)
				web_fv_listing(h, v->c, &v->listings[i], false,
					       token);
		web_html_raw(h, "</div>");
	}
	web_html_raw(h, "</section>\n");
}

/* The rights claimed, one a line, and the rights holder. */
static void
web_fv_rights(struct web_html *h, const struct store_case_view *v,
	      const struct store_right *rt, size_t n_rt, const char *token)
{
	size_t i;

	web_forms_open(h, v->c, token, "set", "Correct the rights claimed");
	web_html_raw(h, "<label>Rights claimed, one a line as TYPE:"
		     "JURISDICTION:NUMBER (trademark:US:5551234)<br>"
		     "<textarea name=\"rights\" rows=\"4\" maxlength=\"4000\">");
	for (i = 0; i < n_rt; i++)
		web_html_printf(h, "%s:%s:%s\n", rt[i].type,
				rt[i].jurisdiction ? rt[i].jurisdiction : "",
				rt[i].registration ? rt[i].registration : "");
	web_html_raw(h, "</textarea></label><br><label>New rights holder "
		     "(empty: stays ");
	web_html_text(h, v->c->rights_holder);
	web_html_raw(h, ")<br><input type=\"text\" name=\"holder\" "
		     "maxlength=\"300\"></label>");
	web_forms_close(h, "Save");
}

void
web_forms_facts(struct web_html *h, const struct store_case_view *v,
		const struct store_right *rt, size_t n_rt, const char *token,
		enum auth_role role)
{
	char t[32];
	size_t k, open = 0;

	if (role < ROLE_REVIEWER)
		return;
	web_html_raw(h, "<section aria-labelledby=\"fix-h\"><h2 id=\"fix-h\">"
		     "Facts and follow-up</h2><div class=\"decide\">");
	web_fv_rights(h, v, rt, n_rt, token);
	if (v->c->needs_staff) {
		web_forms_open(h, v->c, token, "unflag", "Clear the "
			       "needs-staff flag");
		web_forms_textarea(h, "Reason (kept in the events)", "reason",
				   true);
		web_forms_close(h, "Clear the flag");
	}
	for (k = 0; k < v->n_evreqs; k++)
		open += v->evreqs[k].satisfied_at == 0 &&
			v->evreqs[k].closed_at == 0;
	if (open > 0) {
		web_forms_open(h, v->c, token, "close-request", "Close an "
			       "evidence request (no reminder follows)");
		web_html_raw(h, "<label>Request <select name=\"request\" "
			     "required>");
		for (k = 0; k < v->n_evreqs; k++) {
			const struct store_evreq *q = &v->evreqs[k];

			if (q->satisfied_at != 0 || q->closed_at != 0)
				continue;
			web_html_printf(h, "<option value=\"%lld\">#%lld %s "
					"(%s), due %s</option>",
					(long long)q->id, (long long)q->id,
					q->party, q->role,
					wallclock_utc(q->deadline,
						      "%Y-%m-%d", t,
						      sizeof(t)));
		}
		web_html_raw(h, "</select></label>");
		web_forms_close(h, "Close the request");
	}
	web_html_raw(h, "</div></section>\n");
}
