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

#include "common/log.h"
#include "common/wallclock.h"
#include "common/mem.h"
#include "common/casestate.h"
#include "console/web.h"
#include "console/web_int.h"
#include "console/web_text.h"

/* The case list shows at most this many cases, newest first. */
#define WEB_PAGES_LIST_MAX 500

/* console/style.css, compiled in (style-embed.c). */
extern const char web_style_css[];

void
web_pages_reply_init(struct web_reply *r, size_t max_page)
{
	r->status = 200;
	web_html_init(&r->page, max_page);
	r->fd = -1;
	r->size = 0;
	buf_init(&r->disposition, 1024);
	r->location[0] = '\0';
	r->cookie[0] = '\0';
	r->content_type = NULL;
	r->sandbox = false;
	r->who = NULL;
	r->who_token = NULL;
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

const char *
web_pages_time(time_t t, char *out, size_t size)
{
	return wallclock_utc(t, "%Y-%m-%d %H:%M:%SZ", out, size);
}

void
web_pages_accounts(struct web_html *h, struct store *s, const char *current)
{
	struct store_account *a = NULL;
	struct err err;
	size_t n = 0, i;

	err_clear(&err);
	if (store_account_list(s, &a, &n, &err) < 0)
		n = 0;
	web_html_raw(h, "<select name=\"assignee\"><option value=\"-\">"
		     "nobody</option>");
	for (i = 0; i < n; i++)
		if (!a[i].disabled)
			web_html_printf(h, "<option value=\"%s\"%s>%s (%s)"
					"</option>", a[i].name,
					current != NULL &&
					strcmp(current, a[i].name) == 0 ?
					" selected" : "", a[i].name,
					a[i].role);
	web_html_raw(h, "</select>");
	store_accounts_free(a, n);
}

void
web_pages_style(struct web_reply *r)
{
	web_html_raw(&r->page, web_style_css);
	r->content_type = "text/css; charset=utf-8";
}

const char *
web_pages_age(time_t t, time_t now, char *out, size_t size)
{
	time_t d = now > t ? now - t : 0;

	if (d >= 2 * 86400)
		snprintf(out, size, "%lld d", (long long)(d / 86400));
	else if (d >= 3600)
		snprintf(out, size, "%lld h", (long long)(d / 3600));
	else
		snprintf(out, size, "%lld min", (long long)(d / 60));
	return out;
}

void
web_pages_head(struct web_reply *r, const char *title)
{
	struct web_html *h = &r->page;

	web_html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		     "<meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width\">"
		     "<meta name=\"referrer\" content=\"same-origin\">");
	web_html_printf(h, "<title>%s - reportgate</title>", title);
	web_html_raw(h, "<link rel=\"stylesheet\" href=\"/style.css\">"
		     "</head><body><nav>");
	if (r->who != NULL) {
		web_html_raw(h, "<a href=\"/\">Cases</a>"
			     "<a href=\"/quarantine\">Quarantine</a>"
			     "<a href=\"/reports\">Reports</a>");
		web_html_printf(h, "<span class=\"who\">Signed in as "
				"<strong>%s</strong>", r->who);
		if (r->who_token != NULL)
			web_html_printf(h, " <form method=\"post\" "
					"action=\"/logout\" class=\"inline\">"
					"<input type=\"hidden\" name=\"token\" "
					"value=\"%s\"><button type=\"submit\">"
					"Sign out</button></form>",
					r->who_token);
		web_html_raw(h, "</span>");
	} else {
		web_html_raw(h, "<strong>reportgate</strong>");
	}
	web_html_raw(h, "</nav><main>\n");
}

void
web_pages_foot(struct web_reply *r)
{
	web_html_raw(&r->page, "</main></body></html>\n");
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
	web_pages_head(r, title);
	web_html_printf(&r->page, "<h1>%u %s</h1><p>%s</p>", status, title,
			what);
	web_pages_foot(r);
}

void
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

/* The reference came from the store, but only a checked value goes into
   a URL. */
void
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

void
web_pages_dsa_tags(struct web_html *h, const char *source_type, bool held,
		   bool repeat_infringer)
{
	if (source_type != NULL && strcmp(source_type, "trusted_flagger") == 0)
		web_html_raw(h, " <span class=\"tag tf\">trusted flagger"
			     "</span>");
	if (held)
		web_html_raw(h, " <span class=\"tag warn\">held</span>");
	if (repeat_infringer)
		web_html_raw(h, " <span class=\"tag warn\">repeat infringer"
			     "</span>");
}

void
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
web_pages_search(struct store *s, const struct web_query *q,
		 struct web_reply *r)
{
	struct store_case *v = NULL;
	struct web_html *h = &r->page;
	struct err err;
	char t1[32], t2[32];
	size_t n_all = 0, n, i, shown;

	err_clear(&err);
	if (store_case_search(s, q->text ? q->text : "", &v, &n_all,
			      &err) < 0) {
		web_pages_store_error(r, "case_search", &err);
		return;
	}
	n = web_pages_keep(v, n_all, q);
	web_pages_head(r, "Cases");
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
				web_pages_time(c->created, t1, sizeof(t1)),
				web_pages_time(c->updated, t2, sizeof(t2)),
				c->submitter_email, c->rights_holder,
				c->listings.n);
		web_pages_strv(h, &c->missing, "nothing");
		web_html_raw(h, "</td></tr>\n");
	}
	web_html_raw(h, "</tbody></table>");
	web_pages_foot(r);
	store_cases_free(v, n_all);
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

/* Decides how fd (the attachment file, at offset 0) is sent when view
   asks to see it in place: sets r's type, sandbox and disposition from
   its first bytes. Returns 0, or -1 when the disposition is too long. */
static int
web_pages_view_as(struct web_reply *r, int fd, const char *filename,
		  bool view)
{
	struct buf d;
	unsigned char b[512];
	ssize_t n = 0;
	int ret;

	if (view)
		n = pread(fd, b, sizeof(b), 0);
	r->content_type = n > 0 ? web_text_sniff_type(web_text_sniff(
					b, (size_t)n)) : NULL;
	if (r->content_type == NULL)
		return web_html_disposition(&r->disposition, filename,
					    "attachment.bin");
	r->sandbox = true;
	buf_init(&d, 1024);
	ret = web_html_disposition(&d, filename, "attachment.bin");
	/* "attachment; filename=..." becomes "inline; filename=...". */
	if (ret == 0)
		ret = buf_puts(&r->disposition, "inline") < 0 ||
		      buf_puts(&r->disposition, buf_str(&d) +
				     strlen("attachment")) < 0 ? -1 : 0;
	buf_free(&d);
	return ret;
}

void
web_pages_attachment(struct store *s, const char *ref, const char *sha256,
		     bool view, struct web_reply *r)
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
	if (web_pages_view_as(r, fd, a->filename, view) < 0) {
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
	web_pages_head(r, "Quarantine");
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
				web_pages_time(e->time, t, sizeof(t)),
				e->mailbox, e->uidvalidity, e->uid, e->sha256,
				(unsigned long long)e->size,
				e->message_id ? "yes" : "no", e->reason);
	}
	web_html_raw(h, "</tbody></table>");
	web_pages_foot(r);
	store_quarantine_free(q, n);
}
