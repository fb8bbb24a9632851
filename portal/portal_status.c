/* portal/portal_status.c - the reporter's page of a case,
   /status/REF?t=TOKEN (the link of every acknowledgement): the status in
   plain words, what is missing with a form to send it, the listings and
   the outcome. What that form sends becomes a follow-up mail from the
   reporter, filed through the pipeline as a reply would be. A wrong or
   missing token is 404, the same as an unknown reference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "outbox/caselink.h"
#include "portal/portal-int.h"

#define L(zh, en_text, zh_text) ((zh) ? (zh_text) : (en_text))

/* The status of a case in plain words. */
static const char *
status_words(const char *st, bool zh)
{
	static const char *const t[][3] = {
		{ "incomplete", "We are waiting for the information listed "
		  "below before we can review your report.",
		  "我们正在等待下列材料，收到后才能审查您的报告。" },
		{ "ready_for_review", "Your report is complete and waits for "
		  "review by our team.", "您的报告材料齐全，正在等待审查。" },
		{ "info_requested", "We asked you for more information; see "
		  "our mail.", "我们已请您补充信息，请查看我们的邮件。" },
		{ "accepted", "We accepted your report and are notifying the "
		  "vendors.", "我们已受理您的报告，正在通知卖家。" },
		{ "vendor_notified", "We notified the vendors; they may answer "
		  "with a counter-notice.", "我们已通知卖家；卖家可以提出反通知。" },
		{ "counter_noticed", "A vendor sent a counter-notice; we "
		  "forwarded it to you.", "卖家提出了反通知，我们已转发给您。" },
		{ "counter_accepted", "The counter-notice was accepted.",
		  "反通知已被接受。" },
		{ "counter_rejected", "The counter-notice was rejected.",
		  "反通知已被驳回。" },
		{ "rejected", "We rejected your report; our mail says why.",
		  "我们驳回了您的报告，原因见我们的邮件。" },
		{ "action_taken", "We acted against the listings.",
		  "我们已对相关商品采取措施。" },
		{ "reinstated", "The listings were reinstated.",
		  "相关商品已恢复。" },
		{ "complaint", "A complaint against our decision is under "
		  "review.", "针对处理决定的申诉正在复核中。" },
		{ "closed", "The case is closed.", "案件已结案。" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(st, t[i][0]) == 0)
			return zh ? t[i][2] : t[i][1];
	return zh ? "处理中。" : "In progress.";
}

static const char *
status_missing_words(const char *m, bool zh)
{
	if (strcmp(m, "identity_proof") == 0)
		return L(zh, "Proof of identity (passport, national ID card or "
			 "business licence)", "身份证明（护照、身份证或营业执照）");
	if (strcmp(m, "authorization") == 0)
		return L(zh, "The rights holder's authorization (power of "
			 "attorney)", "权利人的授权书");
	if (strcmp(m, "ownership_proof") == 0)
		return L(zh, "Proof of ownership (registration certificate)",
			 "权属证明（注册证书）");
	if (strcmp(m, "listing_links") == 0)
		return L(zh, "The link of at least one listing",
			 "至少一个商品链接");
	if (strcmp(m, "description") == 0)
		return L(zh, "A description of the abuse", "滥用行为的描述");
	return m;
}

static const char *
status_outcome(const struct store_case *c, bool zh)
{
	if (c->enforcement != NULL) {
		if (strcmp(c->enforcement, "removal") == 0)
			return L(zh, "removed", "已下架");
		if (strcmp(c->enforcement, "posting_restriction") == 0)
			return L(zh, "vendor restricted from posting",
				 "卖家被限制发布");
		if (strcmp(c->enforcement, "suspension") == 0)
			return L(zh, "vendor suspended", "卖家被暂停");
		if (strcmp(c->enforcement, "termination") == 0)
			return L(zh, "vendor terminated", "卖家被终止");
		if (strcmp(c->enforcement, "reinstate") == 0)
			return L(zh, "reinstated", "已恢复");
	}
	if (strcmp(c->status, "rejected") == 0)
		return L(zh, "no action", "不采取措施");
	return L(zh, "pending", "待定");
}

/* Loads case ref when token is its reporter's. Returns 1 (v filled), 0
   (no such case or a wrong token: the same answer), or -1. */
static int
status_load(struct portal *p, const char *ref, const char *token,
	    struct store_case_view *v, struct err *err)
{
	memset(v, 0, sizeof(*v));
	if (p->link_key == NULL || !web_html_is_ref(ref) ||
	    !caselink_check(p->link_key, p->link_key_len, "status", ref, token))
		return 0;
	return store_case_view_load(p->set.store, ref, v, err);
}

static void
status_page(struct portal_reply *r, bool zh, const struct store_case_view *v,
	    const char *token, const char *notice, unsigned max_mb)
{
	const struct store_case *c = v->c;
	struct web_html *h = &r->page;

	web_html_printf(h, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta "
			"charset=\"utf-8\"><title>%s</title></head><body><nav>"
			"<a href=\"/status/%s?t=%s&amp;lang=%s\">%s</a></nav>"
			"<h1>%s <span id=\"ref\">%s</span></h1>",
			zh ? "zh" : "en", c->ref, c->ref, token,
			zh ? "en" : "zh", zh ? "English" : "中文",
			L(zh, "Case", "案件"), c->ref);
	if (notice != NULL)
		web_html_printf(h, "<p id=\"notice\"><strong>%s</strong></p>",
				notice);
	web_html_printf(h, "<p id=\"status\" data-status=\"%s\">%s</p>",
			c->status, status_words(c->status, zh));
	if (c->missing.n > 0) {
		web_html_printf(h, "<h2>%s</h2><ul id=\"missing\">",
				L(zh, "Missing", "缺少的材料"));
		for (size_t i = 0; i < c->missing.n; i++)
			web_html_printf(h, "<li data-missing=\"%s\">%s</li>",
					c->missing.v[i],
					status_missing_words(c->missing.v[i],
							     zh));
		web_html_raw(h, "</ul>");
	}
	web_html_printf(h, "<h2>%s</h2><table id=\"listings\"><tr><th>%s</th>"
			"<th>%s</th></tr>", L(zh, "Listings", "商品"),
			L(zh, "Listing", "商品"), L(zh, "Outcome", "结果"));
	for (size_t i = 0; i < v->n_listings; i++)
		web_html_printf(h, "<tr><td>%s</td><td>%s</td></tr>",
				v->listings[i].url, status_outcome(c, zh));
	web_html_raw(h, "</table>");
	web_html_printf(h, "<h2>%s</h2><form method=\"post\" action=\"/status/"
			"%s\" enctype=\"multipart/form-data\"><input type=\""
			"hidden\" name=\"csrf\" value=\"%s\"><input type=\""
			"hidden\" name=\"lang\" value=\"%s\">",
			L(zh, "Send more", "补充材料"), c->ref, token,
			zh ? "zh" : "en");
	web_html_printf(h, "<p>%s <input type=\"file\" name=\"identity\" "
			"multiple></p><p>%s <input type=\"file\" name=\""
			"authorization\" multiple></p><p>%s <input type=\"file"
			"\" name=\"ownership\" multiple></p><p>%s <input type="
			"\"file\" name=\"evidence\" multiple></p>",
			L(zh, "Proof of identity", "身份证明"),
			L(zh, "Authorization", "授权证明"),
			L(zh, "Proof of ownership", "权属证明"),
			L(zh, "Other documents", "其他文件"));
	web_html_printf(h, "<p>%s<br><textarea name=\"listings\" rows=\"3\" "
			"cols=\"60\"></textarea></p><p>%s<br><textarea name=\""
			"description\" rows=\"4\" cols=\"60\"></textarea></p>"
			"<p>%s %u MB.</p><p><button type=\"submit\">%s</button>"
			"</p></form></body></html>\n",
			L(zh, "More listings (one link a line)", "更多商品链接（每行一个）"),
			L(zh, "Message", "留言"),
			L(zh, "Files in all at most", "文件总计最多"), max_mb,
			L(zh, "Send", "提交"));
}

void
portal_status_get(struct portal *p, const char *ref, const char *token,
		  bool zh, struct portal_reply *r)
{
	struct store_case_view v;
	struct err err;
	int rc;

	err_clear(&err);
	if ((rc = status_load(p, ref, token, &v, &err)) < 0) {
		portal_pages_note(r, zh, 503, "Error", "Please try again later.");
		return;
	}
	if (rc == 0) {
		portal_pages_note(r, zh, 404, zh ? "未找到" : "Not found",
				  zh ? "没有这个页面。" : "There is no such page.");
		return;
	}
	status_page(r, zh, &v, token, NULL, p->cfg->portal_max_upload_mb);
	store_case_view_free(&v);
}

/* The text of the follow-up mail the form becomes. */
static char *
status_body(const struct portal_upload_result *in, const char *const *names)
{
	struct buf b;
	bool first;

	buf_init(&b, 0);
	for (int f = PFF_IDENTITY; f <= PFF_OWNERSHIP; f++) {
		first = true;
		for (size_t i = 0; i < in->n_files; i++) {
			if ((int)in->files[i].field != f)
				continue;
			buf_printf(&b, first ? "%s: %s" : ", %s",
				   first ? portal_form_file_label(
					   (enum portal_file_field)f) : names[i],
				   names[i]);
			first = false;
		}
		if (!first)
			buf_putc(&b, '\n');
	}
	if (in->value[PF_LISTINGS] != NULL && in->value[PF_LISTINGS][0])
		buf_printf(&b, "Infringing listings:\n%s\n",
			   in->value[PF_LISTINGS]);
	if (in->value[PF_DESCRIPTION] != NULL)
		buf_printf(&b, "\n%s\n", in->value[PF_DESCRIPTION]);
	return buf_take(&b);
}

/* Writes the follow-up and files it. Returns 0 or -1. */
static int
status_file(struct portal *p, const struct store_case_view *v,
	    const struct portal_upload_result *in, struct err *err)
{
	const struct store_case *c = v->c;
	char *headers = portal_hold_reply_headers(v, c->reporter);
	unsigned count[PFF_N] = { 0 };
	struct portal_mime_file *files = xcalloc(in->n_files + 1,
						 sizeof(*files));
	char **names = xcalloc(in->n_files + 1, sizeof(char *));
	struct portal_mime mm = { 0 };
	struct pipeline_result res;
	char mid[128], *subject = NULL, *body = NULL;
	int ret = -1;
	size_t i;

	for (i = 0; i < in->n_files; i++) {
		const struct portal_upload_file *f = &in->files[i];

		names[i] = xasprintf("%s-%u.%s",
				     portal_upload_file_field_name(f->field),
				     ++count[f->field], f->ext);
		files[i].name = names[i];
		files[i].content_type = f->content_type;
		files[i].fd = f->fd;
		files[i].size = f->size;
	}
	if (portal_message_id(p, mid, sizeof(mid)) < 0) {
		err_set(err, ERR_TEMP, "portal: no random bytes");
		goto out;
	}
	subject = xasprintf("[%s] More information (online form)", c->ref);
	body = status_body(in, (const char *const *)names);
	mm.from_name = c->submitter_name;
	mm.from_addr = c->reporter;
	mm.to_addr = p->to_addr;
	mm.subject = subject;
	mm.message_id = mid;
	mm.date = p->set.clock != NULL ? p->set.clock() : time(NULL);
	mm.headers = headers;
	mm.body = body;
	mm.files = files;
	mm.n_files = in->n_files;
	if (portal_hold_pipe(p, &mm, "portal-status", c->stream, &res, err) < 0)
		goto out;
	log_info("portal", "portal.followup", "case=%s outcome=%d", c->ref,
		 (int)res.outcome);
	ret = 0;
out:
	for (i = 0; i < in->n_files; i++)
		free(names[i]);
	free(names);
	free(files);
	free(subject);
	free(body);
	free(headers);
	return ret;
}

void
portal_status_post(struct portal *p, const char *ref,
		   const struct portal_upload_result *in,
		   struct portal_reply *r)
{
	bool zh = in->value[PF_LANG] != NULL &&
		  strcmp(in->value[PF_LANG], "zh") == 0;
	const char *token = in->value[PF_CSRF];
	struct store_case_view v;
	struct err err;
	char qs[300];
	int rc;

	err_clear(&err);
	if ((rc = status_load(p, ref, token, &v, &err)) <= 0) {
		if (rc < 0)
			portal_pages_note(r, zh, 503, "Error", "Please try "
					  "again later.");
		else
			portal_pages_note(r, zh, 404, zh ? "未找到" :
					  "Not found", zh ? "没有这个页面。" :
					  "There is no such page.");
		return;
	}
	if (in->n_files == 0 &&
	    (in->value[PF_DESCRIPTION] == NULL ||
	     in->value[PF_DESCRIPTION][strspn(in->value[PF_DESCRIPTION],
					      " \n\t")] == '\0') &&
	    (in->value[PF_LISTINGS] == NULL ||
	     in->value[PF_LISTINGS][strspn(in->value[PF_LISTINGS],
					   " \n\t")] == '\0')) {
		r->status = 422;
		status_page(r, zh, &v, token, L(zh, "Nothing was sent: choose "
			    "a file or write a message.", "未提交任何内容：请选择文件或"
			    "填写留言。"), p->cfg->portal_max_upload_mb);
		store_case_view_free(&v);
		return;
	}
	if (status_file(p, &v, in, &err) < 0) {
		log_error("portal", "portal.followup_failed", "case=%s error=%s",
			  v.c->ref, log_q(qs, sizeof(qs), err.msg));
		portal_pages_note(r, zh, 503, "Error", "Please try again later.");
		store_case_view_free(&v);
		return;
	}
	store_case_view_free(&v);
	/* the page as it is now, with what was just filed */
	if (status_load(p, ref, token, &v, &err) == 1) {
		status_page(r, zh, &v, token, L(zh, "Thank you: we added what "
			    "you sent to your case.", "谢谢：我们已将您提交的内容加入案件。"),
			    p->cfg->portal_max_upload_mb);
		store_case_view_free(&v);
	}
}
