/* console/web_check.h - the checks of a posted decision form before any
   store call, as `reportgate cases` checks its options (web_check.c).
   Pure: no store, no HTTP; unit-tested alone. Internal to console/. */
#ifndef RG_WEB_CHECK_H
#define RG_WEB_CHECK_H

#include <stdint.h>
#include <time.h>

#include "common/strv.h"
#include "console/web.h"

/* The longest reason or text, in bytes. */
#define WEB_CHECK_TEXT_MAX 4000
/* The most listings or rights one form may name. */
#define WEB_CHECK_LIST_MAX 200

/* A form's values, read from its fields. Owned: web_check_free. */
struct web_check {
	unsigned days;		/* "days", 0 when not given */
	struct strv listings;	/* "listing" lines (blank ones left out) */
	struct strv rights;	/* "rights" lines, blanks trimmed */
	int64_t request;	/* "request", 0 when not given */
	/* The statement of reasons of act and of a listing's removal, as
	   workflow_act_dsa takes it: borrowed from the form (NULL when the
	   field is empty: the default); until the end of the day "until"
	   names (UTC), 0 when not given. */
	const char *ground, *explanation;
	time_t until;
};

/* Checks form f for its action (accept, reject, reject-unfounded,
   release, request-info, request-evidence, act, close, note, assign,
   listing, unflag, close-request, set, complaint) and fills *d; d's
   strings borrow from f. Returns NULL, or a static sentence saying what
   is wrong; *d is to be freed either way. */
const char *web_check_form(const struct web_form *f, struct web_check *d);
/* Frees what d holds; d itself is the caller's. */
void web_check_free(struct web_check *d);

#endif
