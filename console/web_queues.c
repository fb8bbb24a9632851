/* console/web_queues.c - the case list as queues: tabs with counts
   (open, needs staff, overdue, unassigned, mine, incomplete, ready for
   review, counter-notices, all), filters, sort by age or last activity,
   pages of WEB_PAGE_SIZE cases, and one form for bulk assignment and
   bulk closing (CSRF token; the server checks role and token again). */
#include <string.h>

#include "common/casestate.h"
#include "common/wallclock.h"
#include "console/web.h"
#include "console/web_int.h"
#include "console/web_query.h"

static const char *const web_queues_labels[STORE_QUEUE_N] = {
	"Open", "Needs staff", "Overdue", "Unassigned", "Mine", "Incomplete",
	"Ready for review", "Counter-notices", "All"
};

/* Appends "&key=value" (value URL-encoded) when value is set. */
static void
web_queues_param(struct web_html *h, const char *key, const char *value)
{
	if (value == NULL)
		return;
	web_html_printf(h, "&amp;%s=", key);
	web_html_url(h, value);
}

/* Appends the URL of q's list with another tab and page. */
static void
web_queues_url(struct web_html *h, const struct web_query *q,
	       enum store_queue tab, unsigned page, bool filters)
{
	web_html_printf(h, "/?tab=%s", web_query_tabs[tab]);
	if (filters) {
		web_queues_param(h, "stream", q->stream);
		web_queues_param(h, "status", q->status);
		web_queues_param(h, "category", q->category);
		web_queues_param(h, "vendor", q->vendor);
		web_queues_param(h, "assignee", q->assignee);
		if (q->min_age_days > 0)
			web_html_printf(h, "&amp;age=%u", q->min_age_days);
		if (q->by_activity)
			web_html_raw(h, "&amp;sort=activity");
	}
	if (page > 1)
		web_html_printf(h, "&amp;page=%u", page);
}

static void
web_queues_tabs(struct web_html *h, const struct web_query *q,
		const int64_t counts[STORE_QUEUE_N])
{
	unsigned i;

	web_html_raw(h, "<ul class=\"tabs\" aria-label=\"Queues\">");
	for (i = 0; i < STORE_QUEUE_N; i++) {
		web_html_raw(h, "<li><a href=\"");
		web_queues_url(h, q, (enum store_queue)i, 1, false);
		/* Constant markup: through %s its quotes would be escaped. */
		web_html_raw(h, q->queue == (enum store_queue)i ?
			     "\" aria-current=\"page\">" : "\">");
		web_html_printf(h, "%s <strong>%lld</strong></a></li>",
				web_queues_labels[i], (long long)counts[i]);
	}
	web_html_raw(h, "</ul>\n");
}

/* One option of a select, selected when it is the current value. */
static void
web_queues_option(struct web_html *h, const char *value, const char *label,
		  const char *current)
{
	web_html_printf(h, "<option value=\"%s\"%s>%s</option>", value,
			current != NULL && strcmp(current, value) == 0 ?
			" selected" : "", label);
}

static void
web_queues_filters(struct web_html *h, const struct web_query *q)
{
	const char *cat;
	unsigned i;

	web_html_printf(h, "<form method=\"get\" action=\"/\" class=\"filters\">"
			"<input type=\"hidden\" name=\"tab\" value=\"%s\">"
			"<label>Search <input type=\"search\" name=\"q\" "
			"size=\"24\" maxlength=\"%u\" placeholder=\"listing id, "
			"party, words\"></label>", web_query_tabs[q->queue],
			(unsigned)WEB_MAX_SEARCH);
	web_html_raw(h, "<label>Stream <select name=\"stream\">"
		     "<option value=\"\">any</option>");
	web_queues_option(h, "ip", "ip", q->stream);
	web_queues_option(h, "abuse", "abuse", q->stream);
	web_html_raw(h, "</select></label><label>Status <select name=\"status\">"
		     "<option value=\"\">any</option>");
	for (i = 0; i < WORKFLOW_N_STATUS; i++)
		web_queues_option(h, workflow_status_name((enum case_status)i),
				  workflow_status_name((enum case_status)i),
				  q->status);
	web_html_raw(h, "</select></label><label>Category <select "
		     "name=\"category\"><option value=\"\">any</option>");
	for (i = 1; (cat = report_category_name((enum abuse_category)i)); i++)
		web_queues_option(h, cat, cat, q->category);
	web_html_printf(h, "</select></label><label>Vendor <input "
			"name=\"vendor\" size=\"18\" maxlength=\"254\" "
			"value=\"%s\" placeholder=\"address\"></label>"
			"<label>Assignee <input name=\"assignee\" size=\"10\" "
			"maxlength=\"64\" value=\"%s\" placeholder=\"- for none"
			"\"></label>", q->vendor ? q->vendor : "",
			q->assignee ? q->assignee : "");
	if (q->min_age_days > 0)
		web_html_printf(h, "<label>Older than (days) <input "
				"type=\"number\" name=\"age\" min=\"0\" "
				"max=\"9999\" value=\"%u\"></label>",
				q->min_age_days);
	else
		web_html_raw(h, "<label>Older than (days) <input "
			     "type=\"number\" name=\"age\" min=\"0\" "
			     "max=\"9999\"></label>");
	web_html_raw(h, "<label>Sort <select name=\"sort\">");
	web_queues_option(h, "age", "oldest first",
			  q->by_activity ? "activity" : "age");
	web_queues_option(h, "activity", "latest activity first",
			  q->by_activity ? "activity" : "age");
	web_html_raw(h, "</select></label><button type=\"submit\">Filter"
		     "</button></form>\n");
}

static void
web_queues_pager(struct web_html *h, const struct web_query *q,
		 int64_t total)
{
	unsigned pages = (unsigned)((total + WEB_PAGE_SIZE - 1) /
				    WEB_PAGE_SIZE);

	web_html_printf(h, "<p class=\"pager\"><span>%lld case%s", (long long)total,
			total == 1 ? "" : "s");
	if (pages > 1)
		web_html_printf(h, ", page %u of %u", q->page, pages);
	web_html_raw(h, "</span>");
	if (q->page > 1) {
		web_html_raw(h, "<a rel=\"prev\" href=\"");
		web_queues_url(h, q, q->queue, q->page - 1, true);
		web_html_raw(h, "\">&larr; Previous</a>");
	}
	if (q->page < pages) {
		web_html_raw(h, "<a rel=\"next\" href=\"");
		web_queues_url(h, q, q->queue, q->page + 1, true);
		web_html_raw(h, "\">Next &rarr;</a>");
	}
	web_html_raw(h, "</p>\n");
}

/* The missing list as the store keeps it (a JSON array of names) made
   readable: ["a","b"] becomes a, b. */
static void
web_queues_missing(struct web_html *h, const char *json)
{
	char buf[256];
	size_t i, k = 0;

	for (i = 0; json != NULL && json[i] != '\0' && k + 3 < sizeof(buf);
	     i++) {
		if (json[i] == '[' || json[i] == ']' || json[i] == '"')
			continue;
		buf[k++] = json[i];
		if (json[i] == ',')
			buf[k++] = ' ';
	}
	buf[k] = '\0';
	if (k == 0)
		web_html_raw(h, "<span class=\"muted\">nothing</span>");
	else
		web_html_text(h, buf);
}

static void
web_queues_table(struct web_html *h, const struct store_queue_row *v,
		 size_t n, bool select, time_t now)
{
	char a1[32], a2[32], a3[32];
	size_t i;

	web_html_raw(h, "<table><thead><tr>");
	if (select)
		web_html_raw(h, "<th><span class=\"muted\">Select</span></th>");
	web_html_raw(h, "<th>Reference</th><th>Status</th><th>Stream</th>"
		     "<th>Age</th><th>Last activity</th><th>First response"
		     "</th><th>Assignee</th><th>Reporter</th><th>Rights holder"
		     "</th><th>Listings</th><th>Missing</th></tr></thead>"
		     "<tbody>\n");
	for (i = 0; i < n; i++) {
		const struct store_queue_row *c = &v[i];

		web_html_raw(h, "<tr>");
		if (select)
			web_html_printf(h, "<td><input type=\"checkbox\" "
					"name=\"case\" value=\"%s\" "
					"aria-label=\"Select %s\"></td>",
					c->ref, c->ref);
		web_html_raw(h, "<td>");
		web_pages_case_link(h, c->ref);
		web_html_printf(h, "</td><td>%s", c->status);
		if (c->needs_staff)
			web_html_raw(h, " <span class=\"tag warn\">needs staff"
				     "</span>");
		web_pages_dsa_tags(h, c->source_type, c->held,
				   c->repeat_infringer);
		web_html_printf(h, "</td><td>%s%s%s</td>"
				"<td>%s</td><td>%s ago</td><td>",
				c->stream, c->category ? " / " : "",
				c->category ? c->category : "",
				web_pages_age(c->created, now, a1, sizeof(a1)),
				web_pages_age(c->updated, now, a2, sizeof(a2)));
		if (c->first_response > 0)
			web_html_printf(h, "after %s", web_pages_age(
						c->created, c->first_response,
						a3, sizeof(a3)));
		else
			web_html_raw(h, "<span class=\"muted\">none yet</span>");
		web_html_printf(h, "</td><td>%s</td><td class=\"w\">%s</td>"
				"<td class=\"w\">%s</td><td>%lld</td>"
				"<td class=\"miss\">",
				c->assignee ? c->assignee : "-", c->submitter,
				c->rights_holder, (long long)c->n_listings);
		web_queues_missing(h, c->missing);
		web_html_raw(h, "</td></tr>\n");
	}
	web_html_raw(h, "</tbody></table>\n");
}

/* The bulk form's controls (the table's checkboxes belong to it). */
static void
web_queues_bulk(struct web_html *h, struct store *s, const char *token,
		enum auth_role role)
{
	web_html_raw(h, "<fieldset><legend>With the selected cases</legend>"
		     "<label>Action <select name=\"action\">"
		     "<option value=\"assign\">assign to</option>");
	if (role >= ROLE_DECIDER)
		web_html_raw(h, "<option value=\"close\">close</option>");
	web_html_raw(h, "</select></label> <label>Account ");
	web_pages_accounts(h, s, NULL);
	web_html_printf(h, "</label> <input type=\"hidden\" name=\"token\" "
			"value=\"%s\"><button type=\"submit\">Apply</button>"
			"</fieldset>", token);
}

void
web_pages_list(struct store *s, const struct web_query *q,
	       struct web_reply *r)
{
	struct store_queue_query sq = { 0 };
	struct store_queue_row *v = NULL;
	int64_t counts[STORE_QUEUE_N], total = 0;
	struct web_html *h = &r->page;
	bool bulk = q->token != NULL && q->role >= ROLE_REVIEWER;
	struct err err;
	size_t n = 0;

	if (q->text != NULL) {
		web_pages_search(s, q, r);
		return;
	}
	sq.queue = q->queue;
	sq.me = q->me;
	sq.stream = q->stream;
	sq.status = q->status;
	sq.category = q->category;
	sq.vendor = q->vendor;
	sq.assignee = q->assignee;
	sq.min_age = (time_t)q->min_age_days * 86400;
	sq.by_activity = q->by_activity;
	sq.now = wallclock_now();
	sq.limit = WEB_PAGE_SIZE;
	sq.offset = (size_t)(q->page - 1) * WEB_PAGE_SIZE;
	sq.counts = counts;
	err_clear(&err);
	if (store_queue_counts(s, q->me, sq.now, counts, &err) < 0 ||
	    store_queue_page(s, &sq, &v, &n, &total, &err) < 0) {
		web_pages_store_error(r, "queue", &err);
		return;
	}
	web_pages_head(r, "Cases");
	web_html_printf(h, "<h1>Cases: %s</h1>", web_queues_labels[q->queue]);
	web_queues_tabs(h, q, counts);
	web_queues_filters(h, q);
	web_queues_pager(h, q, total);
	if (bulk)
		web_html_raw(h, "<form method=\"post\" action=\"/bulk\">");
	web_queues_table(h, v, n, bulk, sq.now);
	if (bulk) {
		web_queues_bulk(h, s, q->token, q->role);
		web_html_raw(h, "</form>");
	}
	web_queues_pager(h, q, total);
	web_pages_foot(r);
	store_queue_rows_free(v, n);
}
