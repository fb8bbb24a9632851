/* console/web_pages.c - the pages of the staff web console: the case list
   and search, one case (parties, missing items, listings, messages,
   attachments, outbox, events, and the decision forms when decisions are
   on), attachment downloads and the quarantine. Every value is written
   through web_html, and URLs found in mail are shown as text, never as
   links. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/wallclock.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/casestate.h"
#include "console/web.h"

/* The case list shows at most this many cases, newest first. */
#define WEB_PAGES_LIST_MAX 500

static const char web_pages_css[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:0 1.5em 2em;"
	"color:#1d1d1d}"
	"nav{padding:.6em 0;border-bottom:1px solid #ccc;margin-bottom:1em}"
	"nav a{margin-right:1.2em;font-weight:600}"
	"table{border-collapse:collapse;margin:.4em 0 1.4em}"
	"th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
	"vertical-align:top}"
	"th{background:#eef0f3}"
	"tbody tr:nth-child(even) td{background:#f8f9fa}"
	".h{font-family:monospace;font-size:12px;word-break:break-all}"
	".w{max-width:40em;overflow-wrap:anywhere}"
	".miss{color:#a40000}.muted{color:#666}"
	".notice{border:2px solid #a40000;padding:.5em;color:#a40000}"
	"fieldset{display:inline-block;vertical-align:top;margin:0 .5em .5em 0}"
	"textarea{width:24em;height:4em}"
	"dl{display:grid;grid-template-columns:max-content auto;"
	"gap:.2em 1em}dt{font-weight:600}dd{margin:0}";

void
web_pages_reply_init(struct web_reply *r, size_t max_page)
{
	r->status = 200;
	web_html_init(&r->page, max_page);
	r->fd = -1;
	r->size = 0;
	buf_init(&r->disposition, 1024);
	r->location[0] = '\0';
}

void
web_pages_reply_free(struct web_reply *r)
{
	if (r == NULL)
		return;
	web_html_free(&r->page);
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	buf_free(&r->disposition);
}

/* How the pages show t in the array buf: UTC, ISO 8601 with a space
   for the T. */
#define PAGE_TIME(t, buf) \
	wallclock_utc((t), "%Y-%m-%d %H:%M:%SZ", (buf), sizeof(buf))

static void
web_pages_head(struct web_html *h, const char *title)
{
	web_html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		     "<meta charset=\"utf-8\">"
		     "<meta name=\"referrer\" content=\"same-origin\">");
	web_html_printf(h, "<title>%s - reportgate</title><style>", title);
	web_html_raw(h, web_pages_css);
	web_html_raw(h, "</style></head><body><nav><a href=\"/\">Cases</a>"
		     "<a href=\"/quarantine\">Quarantine</a></nav><main>\n");
}

static void
web_pages_foot(struct web_html *h)
{
	web_html_raw(h, "</main></body></html>\n");
}

void
web_pages_error(struct web_reply *r, unsigned status, const char *what)
{
	const char *title;

	switch (status) {
	case 400: title = "Bad request"; break;
	case 403: title = "Forbidden"; break;
	case 404: title = "Not found"; break;
	case 405: title = "Method not allowed"; break;
	case 409: title = "Refused"; break;
	case 413: title = "Content too large"; break;
	case 414: title = "URI too long"; break;
	case 415: title = "Unsupported media type"; break;
	case 421: title = "Misdirected request"; break;
	case 503: title = "Busy, try again"; break;
	default: title = "Server error"; break;
	}
	r->status = status;
	/* An error page replaces whatever was written (even an overflow). */
	web_html_free(&r->page);
	web_pages_head(&r->page, title);
	web_html_printf(&r->page, "<h1>%u %s</h1><p>%s</p>", status, title,
			what);
	web_pages_foot(&r->page);
}

/* A store call failed: log it once and answer 503 (busy) or 500. */
static void
web_pages_store_error(struct web_reply *r, const char *what,
		      const struct err *err)
{
	char q[300];

	log_error("web", "web.store_error", "what=%s class=%s error=%s", what,
		  err_class_name(err->class), log_q(q, sizeof(q), err->msg));
	if (err->class == ERR_TEMP)
		web_pages_error(r, 503, "The database is busy. Try again.");
	else
		web_pages_error(r, 500, "The database could not be read; "
				"the log has the details.");
}

/* A link to case ref, or the reference as text if it is not one (it
   came from the store, but only a checked value goes into a URL). */
static void
web_pages_case_link(struct web_html *h, const char *ref)
{
	if (!web_html_is_ref(ref)) {
		web_html_text(h, ref);
		return;
	}
	web_html_raw(h, "<a href=\"/case/");
	web_html_url(h, ref);
	web_html_printf(h, "\">%s</a>", ref);
}

static void
web_pages_strv(struct web_html *h, const struct strv *sv, const char *none)
{
	size_t i;

	if (sv->n == 0) {
		web_html_printf(h, "<span class=\"muted\">%s</span>", none);
		return;
	}
	for (i = 0; i < sv->n; i++)
		web_html_printf(h, "%s%s", i ? ", " : "", sv->v[i]);
}

/* One option of a select, selected when it is the current value. */
static void
web_pages_option(struct web_html *h, const char *value, const char *current)
{
	web_html_printf(h, "<option value=\"%s\"", value);
	if (current != NULL && strcmp(current, value) == 0)
		web_html_raw(h, " selected");
	web_html_printf(h, ">%s</option>", value);
}

/* The filter form: the search box (the text echoed), one select per
   filter, the current values selected. */
static void
web_pages_filter(struct web_html *h, const struct web_query *q)
{
	unsigned i;

	web_html_printf(h, "<form method=\"get\" action=\"/\">"
			"<label>Search <input type=\"search\" name=\"q\" "
			"size=\"30\" maxlength=\"%u\" value=\"%s\" "
			"placeholder=\"listing id, party, words\"></label> ",
			(unsigned)WEB_MAX_SEARCH, q->text ? q->text : "");
	web_html_raw(h, "<label>Status <select name=\"status\">"
		     "<option value=\"\">any</option>");
	for (i = 0; i < WORKFLOW_N_STATUS; i++)
		web_pages_option(h, workflow_status_name((enum case_status)i),
				 q->status);
	web_html_raw(h, "</select></label> <label>Stream "
		     "<select name=\"stream\"><option value=\"\">any</option>");
	web_pages_option(h, "ip", q->stream);
	web_pages_option(h, "abuse", q->stream);
	web_html_raw(h, "</select></label> <button type=\"submit\">Filter"
		     "</button></form>\n");
}

/* Moves the cases of v (n of them) that pass q's status and stream
   filters (the search has none of its own) to the front, in order, and
   returns how many they are; the others stay behind them, to be freed
   with the array. */
static size_t
web_pages_keep(struct store_case *v, size_t n, const struct web_query *q)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if ((q->status == NULL || strcmp(v[i].status, q->status) == 0) &&
		    (q->stream == NULL || strcmp(v[i].stream, q->stream) == 0)) {
			if (k != i) {
				struct store_case t = v[k];

				v[k] = v[i];
				v[i] = t;
			}
			k++;
		}
	}
	return k;
}

void
web_pages_list(struct store *s, const struct web_query *q,
	       struct web_reply *r)
{
	struct store_case_filter f = { q->status, q->stream, false, 0 };
	struct store_case *v = NULL;
	struct web_html *h = &r->page;
	struct err err;
	char t1[32], t2[32];
	size_t n_all = 0, n, i, shown;

	err_clear(&err);
	if (q->text != NULL) {
		if (store_case_search(s, q->text, &v, &n_all, &err) < 0) {
			web_pages_store_error(r, "case_search", &err);
			return;
		}
		n = web_pages_keep(v, n_all, q);
	} else if (store_case_list(s, &f, &v, &n_all, &err) < 0) {
		web_pages_store_error(r, "case_list", &err);
		return;
	} else {
		n = n_all;
	}
	web_pages_head(h, "Cases");
	web_html_raw(h, "<h1>Cases</h1>");
	web_pages_filter(h, q);
	shown = n < WEB_PAGES_LIST_MAX ? n : WEB_PAGES_LIST_MAX;
	web_html_raw(h, "<p>");
	if (shown < n)
		web_html_printf(h, "The newest %zu of %zu cases", shown, n);
	else
		web_html_printf(h, "%zu case%s", n, n == 1 ? "" : "s");
	if (q->text != NULL)
		web_html_printf(h, " matching &ldquo;%s&rdquo;", q->text);
	web_html_raw(h, ".</p>");
	web_html_raw(h, "<table><thead><tr><th>Reference</th><th>Stream</th>"
		     "<th>Status</th><th>Kind</th><th>Created</th>"
		     "<th>Updated</th><th>Submitter</th><th>Rights holder</th>"
		     "<th>Listings</th><th>Missing</th></tr></thead><tbody>\n");
	for (i = n; i > n - shown; i--) {
		const struct store_case *c = &v[i - 1];

		web_html_raw(h, "<tr><td>");
		web_pages_case_link(h, c->ref);
		web_html_printf(h, "%s</td><td>%s</td><td>%s</td><td>%s</td>"
				"<td>%s</td><td>%s</td><td class=\"w\">%s</td>"
				"<td class=\"w\">%s</td><td>%zu</td>"
				"<td class=\"miss\">",
				c->needs_staff ? " (needs staff)" : "",
				c->stream, c->status, c->kind,
				PAGE_TIME(c->created, t1),
				PAGE_TIME(c->updated, t2),
				c->submitter_email, c->rights_holder,
				c->listings.n);
		web_pages_strv(h, &c->missing, "nothing");
		web_html_raw(h, "</td></tr>\n");
	}
	web_html_raw(h, "</tbody></table>");
	web_pages_foot(h);
	store_cases_free(v, n_all);
}

/* Reads case ref with everything it holds. Returns 1, 0 (no such case:
   r is a 404 page) or -1 (r is an error page). */
static int
web_pages_view_load(struct store *s, const char *ref,
		    struct store_case_view *v, struct web_reply *r)
{
	struct err err;
	int rc;

	err_clear(&err);
	rc = store_case_view_load(s, ref, v, &err);
	if (rc == 0)
		web_pages_error(r, 404, "There is no case with this reference.");
	else if (rc < 0)
		web_pages_store_error(r, "case_get", &err);
	return rc;
}

static void
web_pages_case_header(struct web_html *h, const struct store_case_view *v)
{
	const struct store_case *c = v->c;
	char t[32];
	size_t i;

	web_html_printf(h, "<h1>%s</h1><dl><dt>Status</dt><dd>%s%s</dd>"
			"<dt>Stream</dt><dd>%s</dd><dt>Kind</dt><dd>%s</dd>",
			c->ref, c->status,
			c->needs_staff ? " (needs staff)" : "", c->stream,
			c->kind);
	web_html_printf(h, "<dt>Created</dt><dd>%s</dd>",
			PAGE_TIME(c->created, t));
	web_html_printf(h, "<dt>Updated</dt><dd>%s</dd>",
			PAGE_TIME(c->updated, t));
	web_html_printf(h, "<dt>Submitter</dt><dd class=\"w\">%s</dd>"
			"<dt>Submitter email</dt><dd class=\"w\">%s</dd>"
			"<dt>Organisation</dt><dd class=\"w\">%s</dd>"
			"<dt>Rights holder</dt><dd class=\"w\">%s</dd>"
			"<dt>Acting as</dt><dd>%s</dd>"
			"<dt>Reporter</dt><dd class=\"w\">%s</dd>",
			c->submitter_name, c->submitter_email,
			c->submitter_org, c->rights_holder, c->acting_as,
			c->reporter);
	if (c->category != NULL)
		web_html_printf(h, "<dt>Category</dt><dd>%s</dd>",
				c->category);
	web_html_raw(h, "<dt>Missing</dt><dd class=\"miss\">");
	web_pages_strv(h, &c->missing, "nothing");
	web_html_raw(h, "</dd>");
	if (c->linked_ref != NULL) {
		web_html_raw(h, "<dt>Linked to</dt><dd>");
		web_pages_case_link(h, c->linked_ref);
		web_html_raw(h, "</dd>");
	}
	if (v->linked_from.n > 0) {
		web_html_raw(h, "<dt>Linked from</dt><dd>");
		for (i = 0; i < v->linked_from.n; i++) {
			web_html_raw(h, i ? ", " : "");
			web_pages_case_link(h, v->linked_from.v[i]);
		}
		web_html_raw(h, "</dd>");
	}
	web_html_raw(h, "</dl>\n");
}

static void
web_pages_case_listings(struct web_html *h, const struct store_case_view *v)
{
	size_t i;

	web_html_raw(h, "<h2>Listings</h2>");
	if (v->n_listings == 0) {
		web_html_raw(h, "<p class=\"muted\">none</p>");
		return;
	}
	/* The URL came from mail: shown as text, never as a link. */
	web_html_raw(h, "<table><thead><tr><th>Listing</th><th>URL (as "
		     "reported)</th><th>Vendor</th><th>First in message</th>"
		     "</tr></thead><tbody>\n");
	for (i = 0; i < v->n_listings; i++) {
		const struct store_listing *l = &v->listings[i];

		web_html_printf(h, "<tr><td>%s</td><td class=\"w h\">%s</td>"
				"<td>%s</td><td>", l->listing_id, l->url,
				l->vendor_email);
		if (l->message_id > 0)
			web_html_printf(h, "#%lld", (long long)l->message_id);
		else
			web_html_raw(h, "-");
		web_html_raw(h, "</td></tr>\n");
	}
	web_html_raw(h, "</tbody></table>\n");
}

static void
web_pages_case_attachments(struct web_html *h, const char *ref,
			   const struct store_message *m)
{
	size_t k;

	if (m->n_attachments == 0)
		return;
	web_html_raw(h, "<tr><td></td><td colspan=\"5\"><table><thead><tr>"
		     "<th>Attachment</th><th>Type</th><th>Size</th>"
		     "<th>Evidence</th><th>SHA-256</th></tr></thead><tbody>");
	for (k = 0; k < m->n_attachments; k++) {
		const struct store_attachment *a = &m->attachments[k];

		web_html_raw(h, "<tr><td class=\"w\">");
		if (web_html_is_sha256(a->sha256)) {
			web_html_raw(h, "<a href=\"/case/");
			web_html_url(h, ref);
			web_html_raw(h, "/attachment/");
			web_html_url(h, a->sha256);
			web_html_printf(h, "\">%s</a>",
					a->filename ? a->filename :
					"(no name)");
		} else {
			web_html_text(h, a->filename);
		}
		web_html_printf(h, "</td><td>%s</td><td>%llu</td><td>%s</td>"
				"<td class=\"h\">%s</td></tr>",
				a->content_type, (unsigned long long)a->size,
				a->evidence, a->sha256);
	}
	web_html_raw(h, "</tbody></table></td></tr>\n");
}

static void
web_pages_case_messages(struct web_html *h, const struct store_case_view *v)
{
	char t[32];
	size_t i;

	web_html_raw(h, "<h2>Messages</h2><table><thead><tr><th>#</th>"
		     "<th>Received</th><th>From</th><th>Subject</th>"
		     "<th>Kind</th><th>SHA-256, size, where</th></tr></thead>"
		     "<tbody>\n");
	for (i = 0; i < v->n_msgs; i++) {
		const struct store_message *m = &v->msgs[i];

		web_html_printf(h, "<tr><td>%lld</td><td>%s</td>"
				"<td class=\"w\">%s</td><td class=\"w\">%s</td>"
				"<td>%s</td><td class=\"h\">%s<br>%llu bytes, "
				"%s:%u:%u<br>Message-ID %s</td></tr>\n",
				(long long)m->id,
				PAGE_TIME(m->received, t),
				m->from_address, m->subject, m->kind,
				m->sha256, (unsigned long long)m->size,
				m->mailbox, m->uidvalidity, m->uid,
				m->message_id);
		web_pages_case_attachments(h, v->c->ref, m);
	}
	web_html_raw(h, "</tbody></table>\n");
}

static void
web_pages_case_outbox(struct web_html *h, const struct store_case_view *v)
{
	char t1[32], t2[32];
	size_t i, k;

	web_html_raw(h, "<h2>Outbox</h2>");
	if (v->n_outbox == 0) {
		web_html_raw(h, "<p class=\"muted\">none</p>");
		return;
	}
	web_html_raw(h, "<table><thead><tr><th>#</th><th>Kind</th>"
		     "<th>Subject</th><th>Status</th><th>Recipients</th>"
		     "<th>Queued</th><th>Next attempt</th><th>Attempts</th>"
		     "<th>Last error</th></tr></thead><tbody>\n");
	for (i = 0; i < v->n_outbox; i++) {
		const struct store_outbox_mail *o = &v->outbox[i];

		web_html_printf(h, "<tr><td>%lld</td><td>%s</td>"
				"<td class=\"w\">%s</td><td>%s</td><td>",
				(long long)o->id, o->kind, o->subject,
				o->status);
		for (k = 0; k < o->recipients.n; k++)
			web_html_printf(h, "%s%s", k ? "<br>" : "",
					o->recipients.v[k]);
		web_html_printf(h, "</td><td>%s</td><td>%s</td><td>%d</td>"
				"<td class=\"w\">%s</td></tr>\n",
				PAGE_TIME(o->created, t1),
				strcmp(o->status, "queued") == 0 ?
				PAGE_TIME(o->next_attempt, t2) : "-",
				o->attempts, o->last_error);
	}
	web_html_raw(h, "</tbody></table>\n");
}

static void
web_pages_case_events(struct web_html *h, const struct store_case_view *v)
{
	char t[32];
	size_t i;

	web_html_raw(h, "<h2>Events</h2><table><thead><tr><th>Time</th>"
		     "<th>Who</th><th>Event</th><th>Message</th>"
		     "<th>Detail</th></tr></thead><tbody>\n");
	for (i = 0; i < v->n_events; i++) {
		const struct store_event *e = &v->events[i];

		web_html_printf(h, "<tr><td>%s</td><td>%s</td><td>%s</td><td>",
				PAGE_TIME(e->time, t),
				e->actor, e->type);
		if (e->message_id > 0)
			web_html_printf(h, "#%lld", (long long)e->message_id);
		web_html_printf(h, "</td><td class=\"w h\">%s</td></tr>\n",
				e->detail);
	}
	web_html_raw(h, "</tbody></table>\n");
}

void
web_pages_case(struct store *s, const char *ref,
	       const struct web_case_extra *x, struct web_reply *r)
{
	struct store_case_view v = { 0 };
	struct web_html *h = &r->page;

	/* r->status stays as the caller set it (409 after a refusal). */
	if (web_pages_view_load(s, ref, &v, r) <= 0)
		goto out;
	web_pages_head(h, v.c->ref);
	if (x != NULL && x->notice != NULL)
		web_html_printf(h, "<p class=\"notice\" role=\"alert\">"
				"%s</p>", x->notice);
	web_pages_case_header(h, &v);
	if (x != NULL && x->token != NULL)
		web_forms_case(h, v.c, x->token);
	web_pages_case_listings(h, &v);
	web_pages_case_messages(h, &v);
	web_pages_case_outbox(h, &v);
	web_pages_case_events(h, &v);
	web_pages_foot(h);
out:
	store_case_view_free(&v);
}

/* Finds the attachment with hash sha256 among msgs; returns it
   (borrowed) or NULL. */
static const struct store_attachment *
web_pages_find_attachment(const struct store_message *msgs, size_t n,
			  const char *sha256)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < msgs[i].n_attachments; k++)
			if (strcmp(msgs[i].attachments[k].sha256, sha256) == 0)
				return &msgs[i].attachments[k];
	return NULL;
}

void
web_pages_attachment(struct store *s, const char *ref, const char *sha256,
		     struct web_reply *r)
{
	const struct store_attachment *a;
	struct store_case *c = NULL;
	struct store_message *msgs = NULL;
	struct err err;
	struct stat st;
	char *path = NULL;
	size_t n = 0;
	int rc, fd = -1;

	err_clear(&err);
	rc = store_case_get(s, ref, &c, &err);
	if (rc == 0) {
		web_pages_error(r, 404, "There is no case with this reference.");
		goto out;
	}
	if (rc < 0 || store_case_messages(s, c->id, &msgs, &n, &err) < 0) {
		web_pages_store_error(r, "case_messages", &err);
		goto out;
	}
	if ((a = web_pages_find_attachment(msgs, n, sha256)) == NULL) {
		web_pages_error(r, 404, "This case has no attachment with "
				"this hash.");
		goto out;
	}
	if ((path = store_att_path(s, sha256)) == NULL ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		if (errno != ENOENT)
			log_error("web", "web.attachment_open",
				  "sha256=%s errno=%d", sha256, errno);
		web_pages_error(r, 404, "The file of this attachment is not "
				"kept.");
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		log_error("web", "web.attachment_open",
			  "sha256=%s error=not-a-regular-file", sha256);
		web_pages_error(r, 500, "The file of this attachment cannot "
				"be read.");
		goto out;
	}
	if (web_html_disposition(&r->disposition, a->filename,
				 "attachment.bin") < 0) {
		web_pages_error(r, 500, "The file name is too long.");
		goto out;
	}
	r->fd = fd;
	r->size = (uint64_t)st.st_size;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	store_messages_free(msgs, n);
	store_cases_free(c, c ? 1 : 0);
}

void
web_pages_quarantine(struct store *s, struct web_reply *r)
{
	struct store_quarantine *q = NULL;
	struct web_html *h = &r->page;
	struct err err;
	char t[32];
	size_t n = 0, i;

	err_clear(&err);
	if (store_quarantine_list(s, &q, &n, &err) < 0) {
		web_pages_store_error(r, "quarantine_list", &err);
		return;
	}
	web_pages_head(h, "Quarantine");
	web_html_printf(h, "<h1>Quarantine</h1><p>%zu message%s the gateway "
			"could not process.</p>", n, n == 1 ? "" : "s");
	web_html_raw(h, "<table><thead><tr><th>#</th><th>Time</th>"
		     "<th>Where</th><th>SHA-256</th><th>Size</th>"
		     "<th>Raw kept</th><th>Reason</th></tr></thead><tbody>\n");
	for (i = n; i > 0; i--) {
		const struct store_quarantine *e = &q[i - 1];

		web_html_printf(h, "<tr><td>%lld</td><td>%s</td>"
				"<td class=\"w\">%s:%u:%u</td>"
				"<td class=\"h\">%s</td><td>%llu</td>"
				"<td>%s</td><td class=\"w\">%s</td></tr>\n",
				(long long)e->id,
				PAGE_TIME(e->time, t),
				e->mailbox, e->uidvalidity, e->uid, e->sha256,
				(unsigned long long)e->size,
				e->message_id ? "yes" : "no", e->reason);
	}
	web_html_raw(h, "</tbody></table>");
	web_pages_foot(h);
	store_quarantine_free(q, n);
}
