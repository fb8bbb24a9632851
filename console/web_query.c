/* console/web_query.c - the query string of the case list: each value
   is checked against what it may be (a known name, digits, an account
   name, clean UTF-8 of bounded length) before the store sees it. */
#include <stdlib.h>
#include <string.h>

#include "common/casestate.h"
#include "common/utf8.h"
#include "console/web_query.h"

const char *const web_query_tabs[STORE_QUEUE_N] = {
	"open", "needs-staff", "overdue", "unassigned", "mine", "incomplete",
	"ready", "counter-notices", "all"
};

/* Returns the value of key, or NULL when absent or empty. */
static const char *
web_query_get(struct MHD_Connection *c, const char *key)
{
	const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
						    key);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* Returns true if v is 1 to max digits. */
static bool
web_query_digits(const char *v, size_t max)
{
	size_t n = strlen(v);

	return n >= 1 && n <= max && strspn(v, "0123456789") == n;
}

/* Returns true if v could be a mail address: 3 to 254 printable ASCII
   characters without space, with an '@'. */
static bool
web_query_address(const char *v)
{
	size_t i, n = strlen(v);

	if (n < 3 || n > 254 || strchr(v, '@') == NULL)
		return false;
	for (i = 0; i < n; i++)
		if (v[i] <= ' ' || v[i] > '~')
			return false;
	return true;
}

int
web_query_read(struct MHD_Connection *c, struct web_query *q,
	       struct web_reply *r)
{
	enum case_status st;
	const char *v;
	unsigned i;

	q->status = q->stream = q->text = q->category = NULL;
	q->vendor = q->assignee = NULL;
	q->queue = QUEUE_OPEN;
	q->min_age_days = 0;
	q->by_activity = false;
	q->page = 1;
	v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	if (v != NULL && v[strspn(v, " ")] != '\0') {
		if (strlen(v) > WEB_MAX_SEARCH || !utf8_valid(v, strlen(v))) {
			web_pages_error(r, 400, "The search text must be UTF-8 "
					"of at most 200 bytes.");
			return -1;
		}
		q->text = v;
	}
	if ((v = web_query_get(c, "status")) != NULL) {
		if (workflow_status_parse(v, &st) < 0) {
			web_pages_error(r, 400, "Unknown status.");
			return -1;
		}
		q->status = workflow_status_name(st);
	}
	if ((v = web_query_get(c, "stream")) != NULL) {
		if (strcmp(v, "ip") != 0 && strcmp(v, "abuse") != 0) {
			web_pages_error(r, 400, "Unknown stream.");
			return -1;
		}
		q->stream = v;
	}
	if ((v = web_query_get(c, "tab")) != NULL) {
		for (i = 0; i < STORE_QUEUE_N; i++)
			if (strcmp(v, web_query_tabs[i]) == 0)
				break;
		if (i == STORE_QUEUE_N) {
			web_pages_error(r, 400, "Unknown tab.");
			return -1;
		}
		q->queue = (enum store_queue)i;
	}
	if ((v = web_query_get(c, "category")) != NULL) {
		for (i = 1; report_category_name((enum abuse_category)i); i++)
			if (strcmp(v, report_category_name(
					   (enum abuse_category)i)) == 0)
				break;
		if (report_category_name((enum abuse_category)i) == NULL) {
			web_pages_error(r, 400, "Unknown category.");
			return -1;
		}
		q->category = report_category_name((enum abuse_category)i);
	}
	if ((v = web_query_get(c, "vendor")) != NULL) {
		if (!web_query_address(v)) {
			web_pages_error(r, 400, "The vendor is an address.");
			return -1;
		}
		q->vendor = v;
	}
	if ((v = web_query_get(c, "assignee")) != NULL) {
		if (strcmp(v, "-") != 0 && !auth_name_ok(v)) {
			web_pages_error(r, 400, "The assignee is an account "
					"name, or - for none.");
			return -1;
		}
		q->assignee = v;
	}
	if ((v = web_query_get(c, "age")) != NULL) {
		if (!web_query_digits(v, 4)) {
			web_pages_error(r, 400, "The age is a number of days.");
			return -1;
		}
		q->min_age_days = (unsigned)strtoul(v, NULL, 10);
	}
	if ((v = web_query_get(c, "sort")) != NULL) {
		if (strcmp(v, "age") != 0 && strcmp(v, "activity") != 0) {
			web_pages_error(r, 400, "Sort by age or activity.");
			return -1;
		}
		q->by_activity = strcmp(v, "activity") == 0;
	}
	if ((v = web_query_get(c, "page")) != NULL) {
		if (!web_query_digits(v, 6) || strtoul(v, NULL, 10) == 0) {
			web_pages_error(r, 400, "The page is a number from 1.");
			return -1;
		}
		q->page = (unsigned)strtoul(v, NULL, 10);
	}
	return 0;
}
