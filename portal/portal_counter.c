/* portal/portal_counter.c - a vendor's counter-notice form,
   /counter/REF?v=VENDOR&t=TOKEN (the link of its vendor notice): the
   listings of that vendor in the case, a statement, contact details and
   files. What it sends becomes the counter-notice mail the vendor could
   have written ("[REF] Counter-notice" from its own address), filed
   through the pipeline, so the workflow treats it exactly as that mail.
   A wrong or missing token is 404, the same as an unknown reference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "outbox/caselink.h"
#include "portal/portal-int.h"

#define L(zh, en_text, zh_text) ((zh) ? (zh_text) : (en_text))

/* Loads case ref when token is vendor's. Returns 1 with v filled and
   *vd_r the vendor (in v), 0 (unknown, wrong token, not a vendor of the
   case: the same answer), or -1. */
static int
counter_load(struct portal *p, const char *ref, const char *vendor,
	     const char *token, struct store_case_view *v,
	     const struct store_vendor **vd_r, struct err *err)
{
	int rc;

	memset(v, 0, sizeof(*v));
	if (p->link_key == NULL || !web_html_is_ref(ref) ||
	    !caselink_counter_check(p->link_key, p->link_key_len, ref, vendor,
				    token))
		return 0;
	if ((rc = store_case_view_load(p->set.store, ref, v, err)) != 1)
		return rc;
	for (size_t i = 0; i < v->n_vendors; i++)
		if (strcasecmp(v->vendors[i].email, vendor) == 0) {
			*vd_r = &v->vendors[i];
			return 1;
		}
	store_case_view_free(v);
	return 0;
}

static void
counter_page(struct portal_reply *r, bool zh, const struct store_case_view *v,
	     const struct store_vendor *vd, const char *token,
	     const char *notice, const struct portal_upload_result *in)
{
	struct web_html *h = &r->page;
	const char *st = in != NULL && in->value[PF_STATEMENT] != NULL ?
			 in->value[PF_STATEMENT] : "";
	const char *name = in != NULL && in->value[PF_NAME] != NULL ?
			   in->value[PF_NAME] : vd->name != NULL ? vd->name : "";
	const char *contact = in != NULL && in->value[PF_CONTACT] != NULL ?
			      in->value[PF_CONTACT] : "";

	web_html_printf(h, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta "
			"charset=\"utf-8\"><title>%s</title></head><body>"
			"<h1>%s <span id=\"ref\">%s</span></h1>",
			zh ? "zh" : "en", v->c->ref,
			L(zh, "Counter-notice for case", "反通知：案件"), v->c->ref);
	if (notice != NULL)
		web_html_printf(h, "<p id=\"notice\" class=\"bad\"><strong>%s"
				"</strong></p>", notice);
	web_html_printf(h, "<p>%s</p><ul>", L(zh, "Your listings reported in "
			"this case:", "本案件中被投诉的您的商品："));
	for (size_t i = 0; i < vd->urls.n; i++)
		web_html_printf(h, "<li>%s</li>", vd->urls.v[i]);
	web_html_printf(h, "</ul><form method=\"post\" action=\"/counter/%s\" "
			"enctype=\"multipart/form-data\"><input type=\"hidden\" "
			"name=\"csrf\" value=\"%s\"><input type=\"hidden\" "
			"name=\"v\" value=\"%s\"><input type=\"hidden\" "
			"name=\"lang\" value=\"%s\">", v->c->ref, token,
			vd->email, zh ? "zh" : "en");
	web_html_printf(h, "<p><label for=\"statement\">%s</label><br>"
			"<textarea id=\"statement\" name=\"statement\" rows=\"8\" "
			"cols=\"70\">%s</textarea></p>",
			L(zh, "Why the listings do not infringe (your statement)",
			  "商品不构成侵权的理由（您的声明）"), st);
	web_html_printf(h, "<p><label for=\"name\">%s</label><br><input "
			"id=\"name\" name=\"name\" maxlength=\"200\" value=\"%s\">"
			"</p><p><label for=\"contact\">%s</label><br><input "
			"id=\"contact\" name=\"contact\" maxlength=\"200\" "
			"value=\"%s\"></p>", L(zh, "Your name", "您的姓名"), name,
			L(zh, "Contact details (address, telephone)",
			  "联系方式（地址、电话）"), contact);
	web_html_printf(h, "<p><label for=\"evidence\">%s</label> <input "
			"type=\"file\" id=\"evidence\" name=\"evidence\" "
			"multiple></p><p><button type=\"submit\">%s</button></p>"
			"</form></body></html>\n",
			L(zh, "Licence or other documents", "许可证明或其他文件"),
			L(zh, "Send the counter-notice", "提交反通知"));
}

static void
counter_not_found(struct portal_reply *r, bool zh)
{
	portal_pages_note(r, zh, 404, zh ? "未找到" : "Not found",
			  zh ? "没有这个页面。" : "There is no such page.");
}

void
portal_counter_get(struct portal *p, const char *ref, const char *vendor,
		   const char *token, bool zh, struct portal_reply *r)
{
	const struct store_vendor *vd = NULL;
	struct store_case_view v;
	struct err err;
	int rc;

	err_clear(&err);
	rc = counter_load(p, ref, vendor, token, &v, &vd, &err);
	if (rc < 0)
		portal_pages_note(r, zh, 503, "Error", "Please try again later.");
	else if (rc == 0)
		counter_not_found(r, zh);
	else
		counter_page(r, zh, &v, vd, token, NULL, NULL);
	if (rc == 1)
		store_case_view_free(&v);
}

/* Writes the counter-notice mail and files it. Returns 0 or -1. */
static int
counter_file(struct portal *p, const struct store_case_view *v,
	     const struct store_vendor *vd,
	     const struct portal_upload_result *in, struct err *err)
{
	struct portal_mime_file *files = xcalloc(in->n_files + 1,
						 sizeof(*files));
	char **names = xcalloc(in->n_files + 1, sizeof(char *));
	struct portal_mime mm = { 0 };
	struct pipeline_result res;
	char mid[128], *subject = NULL;
	char *headers = portal_hold_reply_headers(v, vd->email);
	struct buf b;
	int ret = -1;
	size_t i;

	buf_init(&b, 0);
	buf_printf(&b, "Counter-notice\n\n%s\n\n", in->value[PF_STATEMENT]);
	if (in->value[PF_NAME] != NULL && in->value[PF_NAME][0] != '\0')
		buf_printf(&b, "%s\n", in->value[PF_NAME]);
	if (in->value[PF_CONTACT] != NULL && in->value[PF_CONTACT][0] != '\0')
		buf_printf(&b, "%s\n", in->value[PF_CONTACT]);
	buf_printf(&b, "%s\n", vd->email);
	for (i = 0; i < in->n_files; i++) {
		names[i] = xasprintf("document-%zu.%s", i + 1,
				     in->files[i].ext);
		files[i].name = names[i];
		files[i].content_type = in->files[i].content_type;
		files[i].fd = in->files[i].fd;
		files[i].size = in->files[i].size;
	}
	if (portal_message_id(p, mid, sizeof(mid)) < 0) {
		err_set(err, ERR_TEMP, "portal: no random bytes");
		goto out;
	}
	mm.date = p->set.clock != NULL ? p->set.clock() : time(NULL);
	subject = xasprintf("[%s] Counter-notice", v->c->ref);
	mm.from_name = in->value[PF_NAME] != NULL && in->value[PF_NAME][0] ?
		       in->value[PF_NAME] : vd->name;
	mm.from_addr = vd->email;
	mm.to_addr = p->to_addr;
	mm.subject = subject;
	mm.message_id = mid;
	mm.headers = headers;
	mm.body = buf_str(&b);
	mm.files = files;
	mm.n_files = in->n_files;
	if (portal_hold_pipe(p, &mm, "portal-counter", v->c->stream, &res, err) < 0)
		goto out;
	log_info("portal", "portal.counter", "case=%s outcome=%d", v->c->ref,
		 (int)res.outcome);
	ret = 0;
out:
	for (i = 0; i < in->n_files; i++)
		free(names[i]);
	free(names);
	free(files);
	free(subject);
	free(headers);
	buf_free(&b);
	return ret;
}

void
portal_counter_post(struct portal *p, const char *ref,
		    const struct portal_upload_result *in,
		    struct portal_reply *r)
{
	bool zh = in->value[PF_LANG] != NULL &&
		  strcmp(in->value[PF_LANG], "zh") == 0;
	const struct store_vendor *vd = NULL;
	const char *st = in->value[PF_STATEMENT];
	struct store_case_view v;
	struct err err;
	char qs[300];
	int rc;

	err_clear(&err);
	rc = counter_load(p, ref, in->value[PF_VENDOR], in->value[PF_CSRF], &v,
			  &vd, &err);
	if (rc <= 0) {
		if (rc < 0)
			portal_pages_note(r, zh, 503, "Error", "Please try "
					  "again later.");
		else
			counter_not_found(r, zh);
		return;
	}
	if (st == NULL || st[strspn(st, " \t\n")] == '\0') {
		r->status = 422;
		counter_page(r, zh, &v, vd, in->value[PF_CSRF],
			     L(zh, "The statement is required: say why the "
			       "listings do not infringe.", "必须填写声明：说明商品"
			       "为何不构成侵权。"), in);
	} else if (counter_file(p, &v, vd, in, &err) < 0) {
		log_error("portal", "portal.counter_failed", "case=%s error=%s",
			  v.c->ref, log_q(qs, sizeof(qs), err.msg));
		portal_pages_note(r, zh, 503, "Error", "Please try again later.");
	} else {
		portal_pages_note(r, zh, 200, zh ? "反通知已提交" :
				  "Counter-notice filed", zh ?
				  "我们已收到您的反通知，并会将其转交给权利人。" :
				  "We received your counter-notice and forward it "
				  "to the rights holder.");
	}
	store_case_view_free(&v);
}
