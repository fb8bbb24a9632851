/* console/web_check.c - a decision form's fields checked before any store
   call (web_check.h): the action among those the console offers, the
   texts the action needs, lengths, numbers, and the lists of listings
   and rights split into lines. Whether the case, its listings, its
   vendor or its request exist is the workflow's to say. */
#include <stdlib.h>
#include <string.h>

#include "common/dsa.h"
#include "common/mem.h"
#include "console/web_check.h"

static const char *const web_check_actions[] = {
	"accept", "reject", "reject-unfounded", "release", "request-info",
	"request-evidence", "act", "close", "note", "assign", "listing",
	"unflag", "close-request", "set", "complaint", NULL
};
static const char *const web_check_parties[] = {
	"vendor", "rights_holder", NULL
};
static const char *const web_check_whats[] = {
	"removal", "posting_restriction", "suspension", "termination",
	"reinstate", NULL
};
/* What the per-listing forms decide: the vendor's notice or an outcome. */
static const char *const web_check_listing_whats[] = {
	"notify", "removal", "reinstate", NULL
};

static bool
web_check_in(const char *v, const char *const *names)
{
	for (; v != NULL && *names != NULL; names++)
		if (strcmp(v, *names) == 0)
			return true;
	return false;
}

/* Returns true if v holds more than white space. */
static bool
web_check_given(const char *v)
{
	return v != NULL && v[strspn(v, " \t\n")] != '\0';
}

/* Splits v into its lines, blanks trimmed, empty ones left out, into sv.
   Returns -1 when there are more than WEB_CHECK_LIST_MAX or one is longer
   than max bytes, else 0. */
static int
web_check_lines(const char *v, struct strv *sv, size_t max)
{
	const char *p = v, *e;
	size_t n;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > max || sv->n >= WEB_CHECK_LIST_MAX)
			return -1;
		if (n > 0)
			strv_push_take(sv, xstrndup(p, n));
		p = e != NULL ? e + 1 : NULL;
	}
	return 0;
}

/* The fields only some actions use: days, listings, vendor, request,
   rights. */
static const char *
web_check_fields(const struct web_form *f, struct web_check *d)
{
	size_t n;

	if (f->days != NULL && *f->days != '\0') {
		n = strlen(f->days);
		if (n > 4 || strspn(f->days, "0123456789") != n ||
		    strtoul(f->days, NULL, 10) > 3650)
			return "Days must be a number from 0 to 3650.";
		d->days = (unsigned)strtoul(f->days, NULL, 10);
	}
	if (web_check_lines(f->listings, &d->listings, 200) < 0)
		return "Name at most 200 listings, each at most 200 bytes.";
	if (f->vendor != NULL && (strlen(f->vendor) > 254 ||
				  strchr(f->vendor, '@') == NULL ||
				  strpbrk(f->vendor, " \t\n<>") != NULL))
		return "The vendor must be an e-mail address.";
	if (f->request != NULL) {
		n = strlen(f->request);
		if (n == 0 || n > 15 || strspn(f->request, "0123456789") != n ||
		    (d->request = strtoll(f->request, NULL, 10)) <= 0)
			return "The evidence request is a number.";
	}
	if (web_check_lines(f->rights, &d->rights, 300) < 0)
		return "Name at most 200 rights, each at most 300 bytes.";
	if (f->holder != NULL && strlen(f->holder) > 300)
		return "The rights holder is longer than 300 bytes.";
	return NULL;
}

/* The statement of reasons' fields (`cases act` --ground, --explanation,
   --until): the ground one of the two, the end date a day, and only for
   a suspension or a posting restriction. Whether it is in the future is
   the workflow's to say. */
static const char *
web_check_sor(const struct web_form *f, struct web_check *d)
{
	static const char *const grounds[] = { "illegal", "terms", NULL };

	if (f->ground != NULL && *f->ground != '\0') {
		if (!web_check_in(f->ground, grounds))
			return "The ground is illegal or terms.";
		d->ground = f->ground;
	}
	if (web_check_given(f->explanation))
		d->explanation = f->explanation;
	if (f->until == NULL || *f->until == '\0')
		return NULL;
	if (dsa_parse_date(f->until, &d->until) < 0)
		return "The end date is a day, YYYY-MM-DD.";
	d->until += 86399;	/* the last second of that day */
	if (f->what == NULL || (strcmp(f->what, "suspension") != 0 &&
				strcmp(f->what, "posting_restriction") != 0))
		return "An end date goes with a suspension or a posting "
		       "restriction only.";
	return NULL;
}

/* The fields each action needs. */
static const char *
web_check_needs(const struct web_form *f, const struct web_check *d)
{
	static const char *const outcomes[] = { "uphold", "reverse", NULL };
	const char *a = f->action;

	if ((strcmp(a, "reject") == 0 || strcmp(a, "act") == 0 ||
	     strcmp(a, "reject-unfounded") == 0 || strcmp(a, "release") == 0 ||
	     strcmp(a, "unflag") == 0 || strcmp(a, "complaint") == 0) &&
	    !web_check_given(f->reason))
		return "A reason is required.";
	if (strcmp(a, "complaint") == 0 && !web_check_in(f->what, outcomes))
		return "The outcome of a complaint is uphold or reverse.";
	if ((strcmp(a, "request-info") == 0 || strcmp(a, "note") == 0 ||
	     strcmp(a, "request-evidence") == 0) && !web_check_given(f->text))
		return "A text is required.";
	if (strcmp(a, "act") == 0 && !web_check_in(f->what, web_check_whats))
		return "The action must be removal, posting_restriction, "
		       "suspension, termination or reinstate.";
	if (strcmp(a, "listing") == 0) {
		if (!web_check_in(f->what, web_check_listing_whats))
			return "The decision on a listing is notify, removal "
			       "or reinstate.";
		if (d->listings.n == 0)
			return "Check at least one listing.";
		if (strcmp(f->what, "notify") != 0 &&
		    !web_check_given(f->reason))
			return "A reason is required.";
	}
	if (strcmp(a, "assign") == 0 && f->assignee == NULL)
		return "Choose an account to assign to (or nobody).";
	if (strcmp(a, "request-evidence") == 0) {
		if (!web_check_in(f->party, web_check_parties))
			return "The party must be vendor or rights_holder.";
		if (f->days == NULL || *f->days == '\0')
			return "The number of days is required.";
	}
	if (strcmp(a, "close-request") == 0 && d->request == 0)
		return "Choose the evidence request to close.";
	if (strcmp(a, "set") == 0 && !web_check_given(f->holder) &&
	    d->rights.n == 0)
		return "Give the rights holder or the rights claimed.";
	return NULL;
}

const char *
web_check_form(const struct web_form *f, struct web_check *d)
{
	const char *why;

	memset(d, 0, sizeof(*d));
	if (!web_check_in(f->action, web_check_actions))
		return "Unknown decision.";
	if ((f->reason && strlen(f->reason) > WEB_CHECK_TEXT_MAX) ||
	    (f->text && strlen(f->text) > WEB_CHECK_TEXT_MAX) ||
	    (f->explanation && strlen(f->explanation) > WEB_CHECK_TEXT_MAX))
		return "The reason, text or explanation is longer than 4000 "
		       "bytes.";
	if ((why = web_check_fields(f, d)) != NULL ||
	    (why = web_check_sor(f, d)) != NULL)
		return why;
	return web_check_needs(f, d);
}

void
web_check_free(struct web_check *d)
{
	strv_free(&d->listings);
	strv_free(&d->rights);
}
