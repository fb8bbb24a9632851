/* console/web_events.c - the events of a case as sentences ("alice
   accepted the report: registration checked"), each with its time, its
   type and its JSON detail folded underneath, so nothing of the log is
   hidden. The detail's fields are read through the store
   (store_json_text); every value is escaped. */
#include <stdlib.h>
#include <string.h>

#include "console/web.h"
#include "console/web_int.h"

/* The fields a sentence may use, read from an event's detail. */
struct web_ev {
	char *action, *from, *to, *reason, *text, *party, *deadline;
	char *enforcement, *assignee, *kind;
	char *listing, *field, *old, *new_, *request, *why;
	char *vendor, *until, *unfounded, *window_days, *removals;
};

static void
web_ev_read(struct store *s, const char *detail, struct web_ev *f)
{
	f->action = store_json_text(s, detail, "$.action");
	f->from = store_json_text(s, detail, "$.from");
	f->to = store_json_text(s, detail, "$.to");
	f->reason = store_json_text(s, detail, "$.reason");
	f->text = store_json_text(s, detail, "$.text");
	f->party = store_json_text(s, detail, "$.party");
	f->deadline = store_json_text(s, detail, "$.deadline");
	f->enforcement = store_json_text(s, detail, "$.enforcement");
	f->assignee = store_json_text(s, detail, "$.assignee");
	f->kind = store_json_text(s, detail, "$.kind");
	f->listing = store_json_text(s, detail, "$.listing");
	f->field = store_json_text(s, detail, "$.field");
	f->old = store_json_text(s, detail, "$.old");
	f->new_ = store_json_text(s, detail, "$.new");
	f->request = store_json_text(s, detail, "$.request");
	f->why = store_json_text(s, detail, "$.why");
	f->vendor = store_json_text(s, detail, "$.vendor");
	f->until = store_json_text(s, detail, "$.until");
	f->unfounded = store_json_text(s, detail, "$.unfounded");
	f->window_days = store_json_text(s, detail, "$.window_days");
	f->removals = store_json_text(s, detail, "$.removals");
}

static void
web_ev_free(struct web_ev *f)
{
	free(f->action);
	free(f->from);
	free(f->to);
	free(f->reason);
	free(f->text);
	free(f->party);
	free(f->deadline);
	free(f->enforcement);
	free(f->assignee);
	free(f->kind);
	free(f->listing);
	free(f->field);
	free(f->old);
	free(f->new_);
	free(f->request);
	free(f->why);
	free(f->vendor);
	free(f->until);
	free(f->unfounded);
	free(f->window_days);
	free(f->removals);
}

/* Who acted, as staff read it: "web:alice" is alice, "system" is
   reportgate. */
static const char *
web_ev_who(const char *actor)
{
	if (actor == NULL || strcmp(actor, "system") == 0)
		return "reportgate";
	if (strncmp(actor, "web:", 4) == 0 && actor[4] != '\0')
		return actor + 4;
	return actor;
}

/* Appends ": TEXT" when t holds something. */
static void
web_ev_colon(struct web_html *h, const char *t)
{
	if (t != NULL && *t != '\0')
		web_html_printf(h, ": <q>%s</q>", t);
}

/* The sentence of a status change. */
static void
web_ev_status(struct web_html *h, const char *who, const struct web_ev *f)
{
	static const struct {
		const char *action, *verb;
	} verbs[] = {
		{ "accept", "accepted the report" },
		{ "reject", "rejected the report" },
		{ "request_info", "asked the reporter for information" },
		{ "request_evidence", "requested evidence" },
		{ "close", "closed the case" },
		{ "reinstate", "reinstated the listing" },
		{ "notify_vendor", "notified the vendor" },
		{ "complete", "found the report complete" },
		/* the case status derived after a listing moved
		   (docs/WORKFLOW.md "The case status") */
		{ "notify", "notified the vendors" },
		{ "remove", "took action" },
		{ "counter_notice", "recorded a vendor's counter-notice" },
		{ "counter_accept", "recorded that the rights holder "
		  "accepted the counter-notice" },
		{ "counter_reject", "recorded that the rights holder "
		  "rejected the counter-notice" },
		{ "end", "ended the listings' tracks" },
	};
	size_t i;

	for (i = 0; f->action != NULL && i < sizeof(verbs) / sizeof(verbs[0]);
	     i++)
		if (strcmp(f->action, verbs[i].action) == 0)
			break;
	if (f->action != NULL && strcmp(f->action, "enforce") == 0) {
		web_html_printf(h, "<strong>%s</strong> took action: %s", who,
				f->enforcement ? f->enforcement : "enforcement");
	} else if (f->action != NULL && i < sizeof(verbs) / sizeof(verbs[0])) {
		web_html_printf(h, "<strong>%s</strong> %s", who, verbs[i].verb);
	} else if (f->action != NULL) {
		web_html_printf(h, "<strong>%s</strong> did %s", who, f->action);
	} else {
		web_html_printf(h, "<strong>%s</strong> changed the status", who);
	}
	web_ev_colon(h, f->reason);
	if (f->from != NULL && f->to != NULL)
		web_html_printf(h, " <span class=\"muted\">(%s &rarr; %s)"
				"</span>", f->from, f->to);
}

/* The sentences of the per-listing workflow and of corrections: a
   listing's move, its reason, a field corrected, a flag cleared, an
   evidence request closed. Returns false for another type. */
static bool
web_ev_listing(struct web_html *h, const char *who, const char *t,
	       const struct web_ev *f)
{
	if (strcmp(t, "listing.track") == 0) {
		web_html_printf(h, "Listing <strong>%s</strong>: %s &rarr; "
				"<strong>%s</strong> (by %s)", f->listing,
				f->action, f->to, who);
	} else if (strcmp(t, "listing.reason") == 0) {
		web_html_printf(h, "<strong>%s</strong> gave the reason for "
				"listing %s", who, f->listing);
		web_ev_colon(h, f->reason);
	} else if (strcmp(t, "case.set") == 0) {
		web_html_printf(h, "<strong>%s</strong> corrected %s from "
				"<q>%s</q> to <q>%s</q>", who, f->field,
				f->old, f->new_);
	} else if (strcmp(t, "case.unflagged") == 0) {
		web_html_printf(h, "<strong>%s</strong> cleared the "
				"needs-staff flag", who);
		web_ev_colon(h, f->reason);
	} else if (strcmp(t, "evidence_request.closed") == 0) {
		web_html_printf(h, "<strong>%s</strong> closed evidence request "
				"#%s (%s)", who, f->request, f->why);
	} else {
		return false;
	}
	return true;
}

/* The sentence of an event of the DSA's notice handling (docs/WORKFLOW.md
   "Notice sources, misuse and repeat infringers"); other types by
   name. */
static void
web_ev_standing(struct web_html *h, const char *who, const char *t,
		const struct web_ev *f)
{
	if (strcmp(t, "case.unfounded") == 0) {
		web_html_printf(h, "<strong>%s</strong> found the notice "
				"manifestly unfounded; it counts against its "
				"reporter", who);
	} else if (strcmp(t, "case.held") == 0) {
		web_html_raw(h, "The report was filed held");
		web_ev_colon(h, f->reason);
	} else if (strcmp(t, "case.released") == 0) {
		web_html_printf(h, "<strong>%s</strong> released the held "
				"report", who);
		web_ev_colon(h, f->reason);
	} else if (strcmp(t, "reporter.warned") == 0 ||
		   strcmp(t, "reporter.suspended") == 0) {
		bool suspended = strcmp(t, "reporter.suspended") == 0;

		if (suspended)
			web_html_printf(h, "The reporter was suspended until "
					"%s: ", f->until ? f->until : "?");
		else
			web_html_raw(h, "The reporter was warned by mail: ");
		web_html_printf(h, "%s unfounded notices in %s days",
				f->unfounded ? f->unfounded : "?",
				f->window_days ? f->window_days : "?");
		if (suspended)
			web_html_raw(h, "; their new reports are held");
	} else if (strcmp(t, "vendor.repeat_infringer") == 0) {
		web_html_printf(h, "The vendor %s became a repeat infringer: "
				"%s removals in the window",
				f->vendor ? f->vendor : "?",
				f->removals ? f->removals : "?");
	} else if (strcmp(t, "case.repeat_infringer") == 0) {
		web_html_printf(h, "The case was flagged: its vendor %s is a "
				"repeat infringer", f->vendor ? f->vendor : "?");
	} else {
		web_html_printf(h, "<strong>%s</strong>: %s", who, t);
	}
}

/* Appends the sentence of event e. */
static void
web_ev_sentence(struct web_html *h, const struct store_event *e,
		const struct web_ev *f)
{
	const char *who = web_ev_who(e->actor), *t = e->type;

	if (web_ev_listing(h, who, t, f)) {
		return;
	} else if (strcmp(t, "case.status") == 0) {
		web_ev_status(h, who, f);
	} else if (strcmp(t, "case.filed") == 0) {
		web_html_raw(h, "The case was filed from the first message");
	} else if (strcmp(t, "case.note") == 0) {
		web_html_printf(h, "<strong>%s</strong> noted", who);
		web_ev_colon(h, f->text);
	} else if (strcmp(t, "case.assigned") == 0) {
		if (f->assignee != NULL)
			web_html_printf(h, "<strong>%s</strong> assigned the case to "
					"<strong>%s</strong>", who, f->assignee);
		else
			web_html_printf(h, "<strong>%s</strong> unassigned the case",
					who);
	} else if (strcmp(t, "case.flagged") == 0) {
		web_html_raw(h, "The case was flagged: it needs staff");
		web_ev_colon(h, f->reason);
	} else if (strcmp(t, "case.linked") == 0) {
		web_html_raw(h, "The case was linked to another case");
	} else if (strcmp(t, "evidence_request.sent") == 0) {
		web_html_printf(h, "<strong>%s</strong> requested evidence from %s",
				who, f->party);
		if (f->deadline != NULL)
			web_html_printf(h, ", due %s", f->deadline);
	} else if (strcmp(t, "evidence_request.overdue") == 0) {
		web_html_printf(h, "The evidence request to %s is overdue "
				"(due %s)", f->party, f->deadline);
	} else if (strcmp(t, "evidence_request.satisfied") == 0) {
		web_html_printf(h, "%s answered the evidence request",
				f->party);
	} else if (strncmp(t, "case.", 5) == 0 ||
		   strncmp(t, "reporter.", 9) == 0 ||
		   strcmp(t, "vendor.repeat_infringer") == 0) {
		web_ev_standing(h, who, t, f);
	} else if (strncmp(t, "mail.", 5) == 0) {
		web_html_printf(h, "A mail%s%s was %s", f->kind ? " " : "",
				f->kind ? f->kind : "", t + 5);
	} else if (strcmp(t, "message.filed") == 0 ||
		   strcmp(t, "message.follow_up") == 0) {
		web_html_printf(h, "A message from <strong>%s</strong> was added", who);
	} else if (strncmp(t, "message.counter_notice", 22) == 0) {
		web_html_printf(h, "<strong>%s</strong> sent a counter-notice%s", who,
				t[22] != '\0' ? " response" : "");
	} else {
		web_html_printf(h, "<strong>%s</strong>: %s", who, t);
	}
}

void
web_events_list(struct web_html *h, struct store *s,
		const struct store_event *ev, size_t n)
{
	struct web_ev f;
	char tm[32];
	size_t i;

	web_html_raw(h, "<section id=\"events\" aria-labelledby=\"events-h\">"
		     "<h2 id=\"events-h\">What happened</h2><ol class=\"events\">");
	for (i = 0; i < n; i++) {
		const struct store_event *e = &ev[i];

		memset(&f, 0, sizeof(f));
		web_ev_read(s, e->detail, &f);
		web_html_printf(h, "<li><time>%s</time> ",
				web_pages_time(e->time, tm, sizeof(tm)));
		web_ev_sentence(h, e, &f);
		web_html_printf(h, ". <details><summary><code>%s</code>"
				"</summary><code class=\"h\">%s</code>"
				"</details></li>\n", e->type, e->detail);
		web_ev_free(&f);
	}
	web_html_raw(h, "</ol></section>\n");
}
