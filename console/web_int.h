/* console/web_int.h - what the page files of the console share
   (web_pages.c writes them): time stamps, case links, lists and the
   answer to a failed store call. Internal to console/. */
#ifndef RG_WEB_INT_H
#define RG_WEB_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "common/strv.h"
#include "console/web.h"

/* Writes t as ISO 8601 UTC ("2026-12-07 02:50:00Z") into out; returns
   out. */
const char *web_pages_time(time_t t, char *out, size_t size);
/* Writes an age ("3 d", "5 h", "12 min") of now - t into out; returns
   out. */
const char *web_pages_age(time_t t, time_t now, char *out, size_t size);
/* Appends a link to case ref, or ref as text if it is not one. */
void web_pages_case_link(struct web_html *h, const char *ref);
/* The badges of a case's notice source and standing (docs/WORKFLOW.md
   "Notice sources, misuse and repeat infringers"): "trusted flagger",
   "held", "repeat infringer", each a span.tag when it applies. */
void web_pages_dsa_tags(struct web_html *h, const char *source_type,
			bool held, bool repeat_infringer);
/* Appends the strings of sv separated by commas, or none (constant
   markup) in grey. */
void web_pages_strv(struct web_html *h, const struct strv *sv,
		    const char *none);
/* A store call failed: logs it and makes r a 503 (busy) or 500 page. */
void web_pages_store_error(struct web_reply *r, const char *what,
			   const struct err *err);

/* The facts panel's line on reporter's standing (web_standing.c): its
   notices rejected as manifestly unfounded in cfg's [dsa] window, when
   it was warned, until when it is suspended; nothing when it has no such
   notice and is not suspended, or the store fails. */
void web_standing_reporter(struct web_html *h, struct store *s,
			   const struct config *cfg, const char *reporter,
			   time_t now);
/* Returns true if vendor is a repeat infringer as `vendors list` says
   (recorded, and still at [dsa] repeat_threshold in the window); false
   otherwise, or when the store fails. */
bool web_standing_repeat(struct store *s, const struct config *cfg,
			 const char *vendor, time_t now);

/* Appends a select named assignee of the enabled accounts (and "-":
   nobody), current selected (NULL: nobody). */
void web_pages_accounts(struct web_html *h, struct store *s,
			const char *current);
/* Appends the events ev[0..n) of a case as sentences, oldest first
   (web_events.c); s reads their details. */
void web_events_list(struct web_html *h, struct store *s,
		     const struct store_event *ev, size_t n);
/* Appends the statements of reasons of case case_id (web_sor.c), each
   as mailed, with its Transparency Database state; nothing when it has
   none. Returns 0, or -1 with err set (nothing appended). */
struct store;
int web_case_statements(struct web_html *h, struct store *s, int64_t case_id,
			struct err *err);

/* ---- listings and evidence requests (web_tracks.c), pure ---- */

/* Returns the listing of v with id (borrowed from v), or NULL. */
const struct store_listing *web_tracks_listing(const struct store_case_view *v,
					       const char *id);
/* Appends the listings of case v grouped per vendor, each with its
   track, and per vendor its account actions and counter-notices; the
   badge "repeat infringer" beside each vendor named in repeat (NULL:
   none). */
void web_tracks_facts(struct web_html *h, const struct store_case_view *v,
		      const struct strv *repeat);
/* Returns the state of evidence request q at now: "answered", "closed",
   "overdue" (open past its deadline) or "open" (static). */
const char *web_tracks_evreq_state(const struct store_evreq *q, time_t now);
/* Appends the evidence-request section of case v at now: each request
   with its party, when asked, its deadline, its state and its text. */
void web_tracks_evreqs(struct web_html *h, const struct store_case_view *v,
		       time_t now);

#endif
