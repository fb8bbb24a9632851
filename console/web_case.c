/* console/web_case.c - the case page: everything a reviewer needs to
   decide on one screen. A header (reference, status, stream, category,
   age, assignee), a facts panel (who reports and their standing, for
   whom, which rights, which listings of which vendors, each vendor a
   repeat infringer or not, evidence missing), the conversation
   (every message in order with its sender's role, its text in the
   language it is written in with the quoted history folded, its
   attachments with their evidence class, images shown in place; the
   mails sent interleaved with their delivery state and their text), then
   the decision forms (on the case, per vendor and per listing, on the
   facts), the events as sentences. The text of
   a message is read by parsing its stored bytes again. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "common/wallclock.h"
#include "console/web.h"
#include "console/web_forms.h"
#include "console/web_int.h"
#include "console/web_text.h"
#include "parsers/parser.h"

/* Reads case ref with everything it holds. Returns 1, 0 (no such case:
   r is a 404 page) or -1 (r is an error page). */
static int
web_case_load(struct store *s, const char *ref, struct store_case_view *v,
	      struct web_reply *r)
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
web_case_header(struct web_html *h, const struct store_case_view *v,
		const char *assignee, time_t now)
{
	const struct store_case *c = v->c;
	char age[32];

	web_html_printf(h, "<header class=\"case\"><h1>%s</h1><p class=\"tags\">"
			"<span class=\"tag st-%s\">%s</span> "
			"<span class=\"tag\">%s</span>", c->ref, c->status,
			c->status, c->stream);
	if (c->needs_staff)
		web_html_raw(h, " <span class=\"tag warn\">needs staff</span>");
	web_pages_dsa_tags(h, c->source_type, c->held, c->repeat_infringer);
	if (c->category != NULL)
		web_html_printf(h, " <span class=\"tag\">%s</span>",
				c->category);
	web_html_printf(h, " <span>opened %s ago</span>",
			web_pages_age(c->created, now, age, sizeof(age)));
	web_html_printf(h, " &middot; <span>last activity %s ago</span>",
			web_pages_age(c->updated, now, age, sizeof(age)));
	if (assignee != NULL)
		web_html_printf(h, " &middot; assigned to <strong>%s</strong>", assignee);
	else
		web_html_raw(h, " &middot; <span class=\"muted\">unassigned"
			     "</span>");
	web_html_raw(h, "</p></header>\n");
}

/* The assign form. */
static void
web_case_assign(struct web_html *h, struct store *s, const char *ref,
		const char *token, const char *assignee)
{
	web_html_raw(h, "<form method=\"post\" class=\"inline\" action=\"/case/");
	web_html_url(h, ref);
	web_html_printf(h, "/action\"><input type=\"hidden\" name=\"token\" "
			"value=\"%s\"><input type=\"hidden\" name=\"action\" "
			"value=\"assign\"><label>Assign to ", token);
	web_pages_accounts(h, s, assignee);
	web_html_raw(h, "</label> <button type=\"submit\">Assign</button>"
		     "</form>\n");
}

/* The facts panel; rt[0..n_rt) are the rights claimed. */
static void
web_case_facts(struct web_html *h, struct store *s,
	       const struct store_case_view *v, const struct store_right *rt,
	       size_t n_rt, const struct config *cfg, time_t now)
{
	const struct store_case *c = v->c;
	struct strv repeat = { 0 };
	size_t i;

	web_html_printf(h, "<aside class=\"facts\" aria-label=\"Facts\">"
			"<h2>Facts</h2><dl>"
			"<dt>Reporter</dt><dd class=\"w\">%s",
			c->submitter_name ? c->submitter_name :
			c->submitter_email);
	if (c->submitter_name != NULL)
		web_html_printf(h, "<br><span class=\"muted\">%s</span>",
				c->submitter_email);
	if (c->submitter_org != NULL)
		web_html_printf(h, "<br>%s", c->submitter_org);
	web_html_raw(h, "</dd>");
	web_standing_reporter(h, s, cfg, c->reporter, now);
	web_html_printf(h, "<dt>Acting as</dt><dd>%s</dd>"
			"<dt>Rights holder</dt><dd class=\"w\">%s</dd>"
			"<dt>Rights claimed</dt><dd class=\"rights\">",
			c->acting_as, c->rights_holder);
	for (i = 0; i < n_rt; i++) {
		web_html_raw(h, i ? "<br>" : "");
		web_html_printf(h, "%s %s%s%s", rt[i].type,
				rt[i].registration ? rt[i].registration : "",
				rt[i].jurisdiction ? " " : "",
				rt[i].jurisdiction ? rt[i].jurisdiction : "");
	}
	if (n_rt == 0)
		web_html_raw(h, "<span class=\"muted\">none found</span>");
	web_html_raw(h, "</dd><dt>Evidence missing</dt><dd class=\"miss\">");
	web_pages_strv(h, &c->missing, "nothing: complete");
	web_html_raw(h, "</dd></dl>");
	/* The vendors that are repeat infringers, badged in their group. */
	for (i = 0; i < v->n_vendors; i++)
		if (web_standing_repeat(s, cfg, v->vendors[i].email, now))
			strv_push(&repeat, v->vendors[i].email);
	web_tracks_facts(h, v, &repeat);
	strv_free(&repeat);
	web_tracks_evreqs(h, v, now);
	if (c->linked_ref != NULL) {
		web_html_raw(h, "<p>Linked to ");
		web_pages_case_link(h, c->linked_ref);
		web_html_raw(h, "</p>");
	}
	web_html_raw(h, "</aside>\n");
}

/* Returns the role of address in case v: reporter, vendor or
   stranger. */
static const char *
web_case_role(const struct store_case_view *v, const char *address)
{
	const struct store_case *c = v->c;
	size_t i;

	if (address == NULL)
		return "stranger";
	if ((c->submitter_email && strcasecmp(address, c->submitter_email) == 0) ||
	    (c->reporter && strcasecmp(address, c->reporter) == 0))
		return "reporter";
	for (i = 0; i < v->n_vendors; i++)
		if (v->vendors[i].email &&
		    strcasecmp(address, v->vendors[i].email) == 0)
			return "vendor";
	for (i = 0; i < v->n_listings; i++)
		if (v->listings[i].vendor_email &&
		    strcasecmp(address, v->listings[i].vendor_email) == 0)
			return "vendor";
	return "stranger";
}

/* Appends the text of the mail raw[0..len) (a message received or a
   mail sent): parsed again, in an element with its language, the quoted
   history folded. */
static void
web_case_text_raw(struct web_html *h, const unsigned char *raw, size_t len)
{
	struct report *rep = NULL;
	struct parser_cfg cfg;
	const char *text;
	struct err err;
	size_t n, q;
	char *body;

	err_clear(&err);
	parser_cfg_init(&cfg);
	if (parser_parse_mem(raw, len, &cfg, &rep, &err) < 0 || rep == NULL) {
		web_html_raw(h, "<p class=\"muted\">This mail cannot be "
			     "read.</p>");
		goto out;
	}
	text = rep->body_text != NULL ? rep->body_text : "";
	n = strlen(text);
	q = web_text_quote_start(text, n);
	web_html_printf(h, "<div class=\"text\" lang=\"%s\">",
			rep->lang != NULL ? rep->lang : "en");
	if (q == 0 && n > 0)
		web_html_raw(h, "<span class=\"muted\">(only quoted text)"
			     "</span>");
	body = xstrndup(text, q);
	web_html_text(h, body);
	free(body);
	if (q < n) {
		web_html_raw(h, "<details><summary>Quoted history</summary>");
		web_html_text(h, text + q);
		web_html_raw(h, "</details>");
	}
	web_html_raw(h, "</div>");
out:
	report_free(&rep);
	parser_cfg_clear(&cfg);
}

/* Appends the text of message m, read from its stored bytes. */
static void
web_case_text(struct web_html *h, struct store *s,
	      const struct store_message *m)
{
	unsigned char *raw = NULL;
	struct err err;
	size_t len = 0;

	err_clear(&err);
	if (store_message_raw(s, m->id, &raw, &len, &err) != 1) {
		web_html_raw(h, "<p class=\"muted\">The bytes of this message "
			     "are not kept.</p>");
		return;
	}
	web_case_text_raw(h, raw, len);
	free(raw);
}

/* What attachment sha256 is, from its first bytes. */
static enum web_sniff
web_case_sniff(struct store *s, const char *sha256)
{
	unsigned char b[512];
	char *path = store_att_path(s, sha256);
	ssize_t n = -1;
	int fd;

	if (path != NULL &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0) {
		n = read(fd, b, sizeof(b));
		close(fd);
	}
	free(path);
	return n > 0 ? web_text_sniff(b, (size_t)n) : SNIFF_OTHER;
}

/* Appends the URL of an attachment (view: shown in place). */
static void
web_case_att_url(struct web_html *h, const char *ref, const char *sha256,
		 bool view)
{
	web_html_raw(h, "/case/");
	web_html_url(h, ref);
	web_html_raw(h, "/attachment/");
	web_html_url(h, sha256);
	if (view)
		web_html_raw(h, "?view=1");
}

static void
web_case_attachments(struct web_html *h, struct store *s, const char *ref,
		     const struct store_message *m)
{
	enum web_sniff k;
	size_t i;

	if (m->n_attachments == 0)
		return;
	web_html_raw(h, "<ul class=\"atts\">");
	for (i = 0; i < m->n_attachments; i++) {
		const struct store_attachment *a = &m->attachments[i];

		web_html_printf(h, "<li><strong>%s</strong> <span class=\"tag\">%s</span> "
				"<span class=\"muted\">%s, %llu bytes</span> ",
				a->filename ? a->filename : "(no name)",
				a->evidence, a->content_type,
				(unsigned long long)a->size);
		if (!web_html_is_sha256(a->sha256)) {
			web_html_raw(h, "</li>");
			continue;
		}
		k = web_case_sniff(s, a->sha256);
		if (k == SNIFF_PDF || k == SNIFF_TEXT) {
			web_html_raw(h, "<a href=\"");
			web_case_att_url(h, ref, a->sha256, true);
			web_html_printf(h, "\">View %s</a> &middot; ",
					k == SNIFF_PDF ? "PDF" : "text");
		}
		web_html_raw(h, "<a href=\"");
		web_case_att_url(h, ref, a->sha256, false);
		web_html_printf(h, "\">Download</a> <span class=\"h\">%s</span>",
				a->sha256);
		if (k >= SNIFF_PNG && k <= SNIFF_WEBP) {
			web_html_raw(h, "<br><img class=\"att\" src=\"");
			web_case_att_url(h, ref, a->sha256, true);
			web_html_printf(h, "\" alt=\"%s\">",
					a->filename ? a->filename :
					"image attachment");
		}
		web_html_raw(h, "</li>");
	}
	web_html_raw(h, "</ul>");
}

static void
web_case_message(struct web_html *h, struct store *s,
		 const struct store_case_view *v, const struct store_message *m)
{
	const char *role = web_case_role(v, m->from_address);
	char t[32];

	web_html_printf(h, "<article class=\"msg %s\" id=\"m%lld\"><header>"
			"<strong>%s</strong> <span class=\"tag\">%s</span> "
			"<time>%s</time><br><span class=\"subj\">%s</span>"
			"</header>", role, (long long)m->id, m->from_address,
			role, web_pages_time(m->received, t, sizeof(t)),
			m->subject);
	web_case_text(h, s, m);
	web_case_attachments(h, s, v->c->ref, m);
	web_html_raw(h, "<p><a href=\"/case/");
	web_html_url(h, v->c->ref);
	web_html_printf(h, "/message/%lld\">The whole mail as received</a> "
			"<span class=\"muted\">(headers, quoted history)</span>"
			"</p>", (long long)m->id);
	web_html_raw(h, "</article>\n");
}

/* A mail the case sent: its kind, recipients, delivery state and, folded
   under it, its text as queued. */
static void
web_case_sent(struct web_html *h, struct store *s,
	      const struct store_outbox_mail *o)
{
	unsigned char *raw = NULL;
	struct err err;
	size_t len = 0, k;
	char t[32];

	web_html_printf(h, "<article class=\"msg staff\" id=\"o%lld\"><header>"
			"<strong>reportgate</strong> <span class=\"tag\">staff"
			"</span> <time>%s</time> <span class=\"tag\">%s</span> "
			"to ", (long long)o->id,
			web_pages_time(o->created, t, sizeof(t)), o->kind);
	for (k = 0; k < o->recipients.n; k++)
		web_html_printf(h, "%s%s", k ? ", " : "", o->recipients.v[k]);
	web_html_printf(h, "<br><span class=\"subj\">%s</span></header>"
			"<p>Delivery: <strong>%s</strong>", o->subject, o->status);
	if (o->last_error != NULL)
		web_html_printf(h, " (%s)", o->last_error);
	web_html_raw(h, "</p>");
	err_clear(&err);
	if (store_outbox_raw(s, o->case_id, o->id, &raw, &len, &err) == 1) {
		web_html_raw(h, "<details class=\"sent\"><summary>The text "
			     "sent</summary>");
		web_case_text_raw(h, raw, len);
		web_html_raw(h, "</details>");
	} else {
		web_html_raw(h, "<p class=\"muted\">The text of this mail "
			     "cannot be read.</p>");
	}
	free(raw);
	web_html_raw(h, "</article>\n");
}

/* The messages and the mails sent, in order of time. */
static void
web_case_conversation(struct web_html *h, struct store *s,
		      const struct store_case_view *v)
{
	size_t i = 0, k = 0;

	web_html_raw(h, "<section class=\"conv\" aria-labelledby=\"conv-h\">"
		     "<h2 id=\"conv-h\">Conversation</h2>");
	while (i < v->n_msgs || k < v->n_outbox) {
		if (k >= v->n_outbox ||
		    (i < v->n_msgs &&
		     v->msgs[i].received <= v->outbox[k].created))
			web_case_message(h, s, v, &v->msgs[i++]);
		else
			web_case_sent(h, s, &v->outbox[k++]);
	}
	web_html_raw(h, "</section>\n");
}

void
web_pages_message(struct store *s, const char *ref, int64_t id,
		  struct web_reply *r)
{
	struct store_message *msgs = NULL;
	unsigned char *raw = NULL;
	struct err err;
	size_t n = 0, len = 0, i;
	int64_t case_id;
	int rc;

	err_clear(&err);
	if ((rc = store_case_find_ref(s, ref, &case_id, NULL, &err)) <= 0 ||
	    store_case_messages(s, case_id, &msgs, &n, &err) < 0) {
		if (rc == 0)
			web_pages_error(r, 404, "There is no case with this "
					"reference.");
		else
			web_pages_store_error(r, "case_messages", &err);
		goto out;
	}
	for (i = 0; i < n && msgs[i].id != id; i++)
		;
	if (i == n || (rc = store_message_raw(s, id, &raw, &len, &err)) == 0) {
		web_pages_error(r, 404, "This case has no such message, or "
				"its bytes are not kept.");
		goto out;
	}
	if (rc < 0) {
		web_pages_store_error(r, "message_raw", &err);
		goto out;
	}
	web_html_free(&r->page);
	if (buf_append(&r->page.b, raw, len) < 0) {
		web_pages_error(r, 500, "The message is too large to show.");
		goto out;
	}
	r->content_type = utf8_valid((const char *)raw, len) ?
			  "text/plain; charset=utf-8" : "text/plain";
	r->sandbox = true;
out:
	free(raw);
	store_messages_free(msgs, n);
}

void
web_pages_case(struct store *s, const char *ref,
	       const struct web_case_extra *x, struct web_reply *r)
{
	struct store_case_view v = { 0 };
	struct web_html *h = &r->page;
	struct store_right *rt = NULL;
	char *assignee = NULL;
	time_t now = wallclock_now();
	size_t n_rt = 0;
	struct err err;

	/* r->status stays as the caller set it (409 after a refusal). */
	if (web_case_load(s, ref, &v, r) <= 0)
		goto out;
	err_clear(&err);
	if (store_case_assignee(s, v.c->id, &assignee, &err) < 0) {
		web_pages_store_error(r, "case_assignee", &err);
		goto out;
	}
	if (store_case_rights(s, v.c->id, &rt, &n_rt, &err) < 0) {
		web_pages_store_error(r, "case_rights", &err);
		goto out;
	}
	web_pages_head(r, v.c->ref);
	if (x != NULL && x->notice != NULL)
		web_html_printf(h, "<p class=\"notice\" role=\"alert\">"
				"%s</p>", x->notice);
	web_case_header(h, &v, assignee, now);
	if (x != NULL && x->token != NULL && x->role >= ROLE_REVIEWER)
		web_case_assign(h, s, v.c->ref, x->token, assignee);
	web_html_raw(h, "<div class=\"case-grid\">");
	web_case_facts(h, s, &v, rt, n_rt, x != NULL ? x->cfg : NULL, now);
	web_case_conversation(h, s, &v);
	web_html_raw(h, "</div>");
	if (web_case_statements(h, s, v.c->id, &err) < 0) {
		web_pages_store_error(r, "statements", &err);
		goto out;
	}
	if (x != NULL && x->token != NULL) {
		web_forms_case(h, v.c, x->token, x->role);
		web_forms_vendors(h, &v, x->token, x->role);
		web_forms_facts(h, &v, rt, n_rt, x->token, x->role);
	}
	web_events_list(h, s, v.events, v.n_events);
	web_pages_foot(r);
out:
	store_rights_free(rt, n_rt);
	free(assignee);
	store_case_view_free(&v);
}
