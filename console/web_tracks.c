/* console/web_tracks.c - what the facts panel of a case page says about
   its listings and its evidence requests (docs/WORKFLOW.md "Per-listing
   tracks"): the listings grouped per vendor, each with its track; per
   vendor the account actions recorded and the counter-notices with the
   rights holder's answer or its deadline; the evidence requests with
   party, deadline and state (open, overdue, answered, closed). Reads only
   the case view, so it is unit-tested alone. */
#include <string.h>
#include <strings.h>

#include "common/wallclock.h"
#include "console/web.h"
#include "console/web_int.h"

/* The case page's time stamps ("2026-12-07 02:50:00Z"). */
static const char *
web_tracks_time(time_t t, char *out, size_t size)
{
	return wallclock_utc(t, "%Y-%m-%d %H:%M:%SZ", out, size);
}

const struct store_listing *
web_tracks_listing(const struct store_case_view *v, const char *id)
{
	for (size_t i = 0; i < v->n_listings; i++)
		if (strcmp(v->listings[i].listing_id, id) == 0)
			return &v->listings[i];
	return NULL;
}

/* One listing: its id, track and URL (text: it came from mail). */
static void
web_tracks_item(struct web_html *h, const struct store_listing *l)
{
	const char *track = l->track != NULL ? l->track : "reported";

	web_html_printf(h, "<li id=\"l-%s\"><strong>%s</strong> <span "
			"class=\"tag tr-%s\" title=\"track\">%s</span><br>"
			"<span class=\"h\">%s</span></li>", l->listing_id,
			l->listing_id, track, track, l->url);
}

/* Returns true if a (an address, may be NULL) is b's, in any case. */
static bool
web_tracks_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* The account actions and counter-notices recorded on vendor (NULL: the
   actions recorded without a vendor). */
static void
web_tracks_vendor_record(struct web_html *h, const struct store_case_view *v,
			 const char *vendor)
{
	char t[32], d[32];
	size_t i;

	for (i = 0; i < v->n_actions; i++) {
		const struct store_vendor_action *a = &v->actions[i];

		if (vendor != NULL ? !web_tracks_same(a->vendor_email, vendor) :
		    a->vendor_email != NULL)
			continue;
		web_html_printf(h, "<p class=\"act\">Account action: <strong>"
				"%s</strong> by %s, %s: %s</p>", a->action,
				a->actor, web_tracks_time(a->created, t,
							 sizeof(t)),
				a->reason);
	}
	for (i = 0; vendor != NULL && i < v->n_counters; i++) {
		const struct store_counter *c = &v->counters[i];

		if (!web_tracks_same(c->vendor_email, vendor))
			continue;
		web_html_printf(h, "<p class=\"counter\">Counter-notice of %s: ",
				web_tracks_time(c->created, t, sizeof(t)));
		if (c->answer != NULL)
			web_html_printf(h, "the rights holder answered "
					"<strong>%s</strong> on %s</p>",
					c->answer, web_tracks_time(
						c->answered_at, d, sizeof(d)));
		else
			web_html_printf(h, "<strong>pending</strong>, the "
					"rights holder's answer due %s</p>",
					web_tracks_time(c->deadline, d,
						       sizeof(d)));
	}
}

void
web_tracks_facts(struct web_html *h, const struct store_case_view *v,
		 const struct strv *repeat)
{
	const struct store_listing *l;
	size_t i, k, loose = 0;

	web_html_raw(h, "<h3>Listings by vendor</h3>");
	if (v->n_listings == 0)
		web_html_raw(h, "<p class=\"muted\">none</p>");
	for (i = 0; i < v->n_vendors; i++) {
		const struct store_vendor *vd = &v->vendors[i];

		web_html_printf(h, "<div class=\"vendor\"><h4>%s <span "
				"class=\"muted\">%s</span>", vd->name != NULL ?
				vd->name : "Vendor", vd->email);
		if (repeat != NULL && strv_contains(repeat, vd->email))
			web_html_raw(h, " <span class=\"tag warn\">repeat "
				     "infringer</span>");
		web_html_raw(h, "</h4><ul class=\"listings\">");
		for (k = 0; k < vd->listing_ids.n; k++)
			if ((l = web_tracks_listing(v, vd->listing_ids.v[k])) !=
			    NULL)
				web_tracks_item(h, l);
		web_html_raw(h, "</ul>");
		web_tracks_vendor_record(h, v, vd->email);
		web_html_raw(h, "</div>");
	}
	for (i = 0; i < v->n_listings; i++)
		loose += v->listings[i].vendor_email == NULL;
	if (loose > 0) {
		web_html_raw(h, "<div class=\"vendor\"><h4>Not in the listing "
			     "directory</h4><ul class=\"listings\">");
		for (i = 0; i < v->n_listings; i++)
			if (v->listings[i].vendor_email == NULL)
				web_tracks_item(h, &v->listings[i]);
		web_html_raw(h, "</ul></div>");
	}
	web_tracks_vendor_record(h, v, NULL);
}

const char *
web_tracks_evreq_state(const struct store_evreq *q, time_t now)
{
	if (q->satisfied_at != 0)
		return "answered";
	if (q->closed_at != 0)
		return "closed";
	return q->deadline < now ? "overdue" : "open";
}

void
web_tracks_evreqs(struct web_html *h, const struct store_case_view *v,
		  time_t now)
{
	char t[32], d[32];
	const char *state;
	size_t k;

	web_html_raw(h, "<section class=\"evreqs\" aria-labelledby=\"ev-h\">"
		     "<h3 id=\"ev-h\">Evidence requests</h3>");
	if (v->n_evreqs == 0)
		web_html_raw(h, "<p class=\"muted\">none asked</p>");
	web_html_raw(h, "<ul>");
	for (k = 0; k < v->n_evreqs; k++) {
		const struct store_evreq *q = &v->evreqs[k];

		state = web_tracks_evreq_state(q, now);
		web_html_printf(h, "<li class=\"ev-%s\"><span class=\"tag "
				"ev-%s\">%s</span> #%lld from <strong>%s"
				"</strong> (%s), asked %s, due %s", state,
				state, state, (long long)q->id, q->party,
				q->role, web_tracks_time(q->created, t,
							sizeof(t)),
				web_tracks_time(q->deadline, d, sizeof(d)));
		if (q->satisfied_at != 0)
			web_html_printf(h, "; answered %s",
					web_tracks_time(q->satisfied_at, t,
						       sizeof(t)));
		else if (q->closed_at != 0)
			web_html_printf(h, "; closed %s (%s)",
					web_tracks_time(q->closed_at, t,
						       sizeof(t)),
					q->closed_why);
		if (q->reminded_at != 0)
			web_html_printf(h, "; reminded %s",
					web_tracks_time(q->reminded_at, t,
						       sizeof(t)));
		web_html_printf(h, "<br><span class=\"w\">%s</span></li>",
				q->text);
	}
	web_html_raw(h, "</ul></section>");
}
