/* console/web_forms.h - the pieces the decision forms of a case page are
   made of (web_forms.c), shared with the per-listing and per-vendor forms
   (web_forms_vendor.c). Each writes markup into h; values go through
   web_html. Internal to console/. */
#ifndef RG_WEB_FORMS_H
#define RG_WEB_FORMS_H

#include <stdbool.h>

#include "common/casestate.h"
#include "console/web.h"

/* Returns true if the state machine lets action move case c. */
bool web_forms_allowed(const struct store_case *c, enum case_action action);
/* Opens the form of decision action (its name in the form) under the
   heading legend (text, escaped), with token in a hidden field. */
void web_forms_open(struct web_html *h, const struct store_case *c,
		    const char *token, const char *action,
		    const char *legend);
/* Ends a form with a submit button saying button (a constant). */
void web_forms_close(struct web_html *h, const char *button);
/* A text area named name (constants) under label; required when need. */
void web_forms_textarea(struct web_html *h, const char *label,
			const char *name, bool need);
/* The Days field; required (and 14 by default) when need. */
void web_forms_days(struct web_html *h, bool need);
/* The statement of reasons' fields of a restriction on case c, as `cases
   act` takes them (docs/WORKFLOW.md "Statements of reasons"): the ground
   (the case's default selected: its own-initiative ground, else illegal
   on the IP stream and terms on the abuse stream), the explanation
   (empty: the reason) and, when account, the last day of a suspension or
   posting restriction (empty: until further notice). */
void web_forms_sor(struct web_html *h, const struct store_case *c,
		   bool account);

/* Appends the forms on the listings and vendors of case v that role may
   use (web_forms_vendor.c): per vendor, a decision on the listings
   checked (the vendor's notice, removal or reinstatement, as their
   tracks allow), an account action and an evidence request; per
   listing, its own decision. Each posts to /case/REF/action with token.
   None on a held case. */
void web_forms_vendors(struct web_html *h, const struct store_case_view *v,
		       const char *token, enum auth_role role);
/* Appends the forms on the case's facts and follow-up (reviewer and up):
   the rights claimed and the rights holder (rt[0..n_rt), prefilled),
   clearing the needs-staff flag, closing an open evidence request. */
void web_forms_facts(struct web_html *h, const struct store_case_view *v,
		     const struct store_right *rt, size_t n_rt,
		     const char *token, enum auth_role role);

#endif
