/* portal/portal_pages.c - the portal's pages in English and Chinese: the
   two report forms (values kept, each problem next to its field), and
   the short pages around them. Every value goes through web_html_text;
   no script, no third-party asset. */
#include <stdio.h>
#include <string.h>

#include "portal/portal-int.h"

#define L(zh, en_text, zh_text) ((zh) ? (zh_text) : (en_text))

static const char portal_style[] =
	"<style>body{font-family:sans-serif;max-width:46em;margin:1em auto;"
	"padding:0 1em;line-height:1.4}label{display:block;margin-top:1em;"
	"font-weight:bold}input[type=text],input[type=email],textarea,select"
	"{width:100%;box-sizing:border-box}.bad{color:#a00;margin:.2em 0}"
	".hint{color:#555;font-size:.9em}nav{text-align:right}"
	"</style>";

static void
pages_head(struct web_html *h, bool zh, const char *title,
	   const char *path)
{
	web_html_printf(h, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
			"<meta charset=\"utf-8\"><meta name=\"viewport\" "
			"content=\"width=device-width\"><title>%s</title>",
			zh ? "zh" : "en", title);
	web_html_raw(h, portal_style);
	web_html_raw(h, "</head><body><nav>");
	if (path != NULL) {
		/* the language switch: the same page in the other language */
		web_html_printf(h, "<a href=\"%s?lang=%s\">%s</a>", path,
				zh ? "en" : "zh", zh ? "English" : "中文");
	}
	web_html_printf(h, "</nav><h1>%s</h1>", title);
}

static void
pages_foot(struct web_html *h)
{
	web_html_raw(h, "</body></html>\n");
}

/* The sentence for one problem. */
static const char *
pages_problem(bool zh, enum portal_problem p, int field)
{
	switch (p) {
	case PP_REQUIRED:
		return L(zh, "This is required.", "此项为必填项。");
	case PP_EMAIL:
		return L(zh, "This is not an email address.",
			 "这不是有效的电子邮箱地址。");
	case PP_CHOICE:
		return L(zh, "Choose one of the options.", "请从选项中选择一项。");
	case PP_ONE_LINE:
		return L(zh, "One line of at most 200 characters.",
			 "请填写一行，最多 200 个字符。");
	case PP_LOOKALIKE:
		return L(zh, "This address imitates the marketplace; it is not "
			 "one of its listings:", "该地址仿冒本平台，并非本平台的商品链接：");
	case PP_NOT_LISTING:
		return L(zh, "This is not a listing of the marketplace:",
			 "这不是本平台的商品链接：");
	case PP_NOT_LINK:
		return L(zh, "This line is not a link:", "此行不是链接：");
	case PP_NO_LISTING:
		return L(zh, "Give the link of at least one listing "
			 "(https://marketplace.alibabacloud.com/products/"
			 "NUMBER/ID.html), one a line.",
			 "请至少填写一个商品链接，每行一个。");
	case PP_MISSING_FILE:
		if (field == PF_N + PFF_IDENTITY)
			return L(zh, "Missing: proof of identity (passport, "
				 "national ID card or business licence).",
				 "缺少身份证明（护照、身份证或营业执照）。");
		if (field == PF_N + PFF_AUTHORIZATION)
			return L(zh, "Missing: an agent must attach the rights "
				 "holder's authorization (power of attorney).",
				 "缺少授权证明：代理人须附上权利人的授权书。");
		return L(zh, "Missing: proof of ownership of the right "
			 "(registration certificate).",
			 "缺少权属证明（注册证书）。");
	case PP_DESCRIPTION:
		return L(zh, "Describe the abuse in at least one sentence.",
			 "请至少用一句话描述滥用行为。");
	case PP_STATEMENT:
		return L(zh, "This statement must be confirmed.",
			 "必须确认此声明。");
	}
	return "?";
}

static void
pages_issues(struct web_html *h, bool zh, const struct portal_check *c,
	     int field)
{
	for (size_t i = 0; c != NULL && i < c->n; i++) {
		if (c->v[i].field != field)
			continue;
		web_html_printf(h, "<p class=\"bad\" id=\"bad-%s\">%s",
				field < PF_N ? portal_upload_field_name(field) :
				portal_upload_file_field_name(field - PF_N),
				pages_problem(zh, c->v[i].problem, field));
		if (c->v[i].detail != NULL)
			web_html_printf(h, " <code>%s</code>", c->v[i].detail);
		web_html_raw(h, "</p>");
	}
}

static const char *
pages_value(const struct portal_upload_result *in, enum portal_field f)
{
	return in != NULL && in->value[f] != NULL ? in->value[f] : "";
}

static void
pages_text(struct web_html *h, bool zh, const struct portal_upload_result *in,
	   const struct portal_check *c, enum portal_field f, const char *type,
	   const char *en, const char *zh_label)
{
	const char *name = portal_upload_field_name(f);

	web_html_printf(h, "<label for=\"%s\">%s</label>", name,
			L(zh, en, zh_label));
	pages_issues(h, zh, c, f);
	web_html_printf(h, "<input type=\"%s\" id=\"%s\" name=\"%s\" "
			"maxlength=\"200\" value=\"%s\">", type, name, name,
			pages_value(in, f));
}

static void
pages_area(struct web_html *h, bool zh, const struct portal_upload_result *in,
	   const struct portal_check *c, enum portal_field f, const char *en,
	   const char *zh_label, const char *hint)
{
	const char *name = portal_upload_field_name(f);

	web_html_printf(h, "<label for=\"%s\">%s</label>", name,
			L(zh, en, zh_label));
	if (hint != NULL)
		web_html_printf(h, "<p class=\"hint\">%s</p>", hint);
	pages_issues(h, zh, c, f);
	web_html_printf(h, "<textarea id=\"%s\" name=\"%s\" rows=\"6\">%s"
			"</textarea>", name, name, pages_value(in, f));
}

/* A select of options {value, en, zh}, the posted value selected. */
static void
pages_select(struct web_html *h, bool zh, const struct portal_upload_result *in,
	     const struct portal_check *c, enum portal_field f,
	     const char *en, const char *zh_label, const char *const (*opt)[3],
	     size_t n)
{
	const char *name = portal_upload_field_name(f);
	const char *v = pages_value(in, f);

	web_html_printf(h, "<label for=\"%s\">%s</label>", name,
			L(zh, en, zh_label));
	pages_issues(h, zh, c, f);
	web_html_printf(h, "<select id=\"%s\" name=\"%s\"><option value=\"\">"
			"-</option>", name, name);
	for (size_t i = 0; i < n; i++)
		web_html_printf(h, "<option value=\"%s\"%s>%s</option>",
				opt[i][0], strcmp(v, opt[i][0]) == 0 ?
				" selected" : "", L(zh, opt[i][1], opt[i][2]));
	web_html_raw(h, "</select>");
}

static void
pages_file(struct web_html *h, bool zh, const struct portal_check *c,
	   enum portal_file_field f, const char *en, const char *zh_label)
{
	const char *name = portal_upload_file_field_name(f);

	web_html_printf(h, "<label for=\"%s\">%s</label>", name,
			L(zh, en, zh_label));
	pages_issues(h, zh, c, PF_N + f);
	web_html_printf(h, "<input type=\"file\" id=\"%s\" name=\"%s\" "
			"multiple>", name, name);
}

static void
pages_check(struct web_html *h, bool zh, const struct portal_upload_result *in,
	    const struct portal_check *c, enum portal_field f, const char *en,
	    const char *zh_text)
{
	const char *name = portal_upload_field_name(f);

	pages_issues(h, zh, c, f);
	web_html_printf(h, "<p><input type=\"checkbox\" id=\"%s\" name=\"%s\" "
			"value=\"yes\"%s> <label style=\"display:inline;"
			"font-weight:normal\" for=\"%s\">%s</label></p>", name,
			name, pages_value(in, f)[0] != '\0' ? " checked" : "",
			name, L(zh, en, zh_text));
}

static const char *const pages_acting[][3] = {
	{ "rights_holder", "I own the right (rights holder)", "我是权利人" },
	{ "agent", "I act for the rights holder (agent)", "我代表权利人（代理人）" },
};
static const char *const pages_types[][3] = {
	{ "trademark", "Trademark", "商标" },
	{ "copyright", "Copyright", "著作权" },
	{ "patent", "Patent", "专利" },
	{ "other", "Other", "其他" },
};
static const char *const pages_categories[][3] = {
	{ "malware", "Malware", "恶意软件" },
	{ "illegal_content", "Illegal content", "违法内容" },
	{ "privacy", "Privacy violation", "侵犯隐私" },
	{ "fraud", "Fraud or phishing", "欺诈或钓鱼" },
	{ "platform_abuse", "Platform abuse (fake reviews, spam)",
	  "平台滥用（虚假评价、垃圾信息）" },
	{ "other", "Other", "其他" },
};

void
portal_pages_form(struct portal_reply *r, bool zh, enum portal_form_kind kind,
		  const struct portal_upload_result *in,
		  const struct portal_check *c, const char *csrf,
		  unsigned max_mb, unsigned max_files)
{
	struct web_html *h = &r->page;
	bool ip = kind == PORTAL_FORM_IP;
	const char *path = ip ? "/report/ip" : "/report/abuse";

	pages_head(h, zh, ip ? L(zh, "Report an IP infringement",
				  "知识产权侵权投诉")
			     : L(zh, "Report abuse", "滥用举报"), path);
	if (c != NULL && c->n > 0)
		web_html_printf(h, "<p class=\"bad\">%s</p>",
				L(zh, "The report is not complete yet: see the "
				  "notes below. Files must be chosen again.",
				  "报告尚不完整：请查看下方提示。文件需要重新选择。"));
	web_html_printf(h, "<p class=\"hint\">%s %u MB, %u %s.</p>",
			L(zh, "After you send the form we mail a link to your "
			  "address; the report is filed when you open it. "
			  "Files in all at most", "提交表单后，我们会向您的邮箱发送一个"
			  "链接；打开该链接后报告即被提交。文件总计最多"), max_mb,
			max_files, L(zh, "files", "个文件"));
	web_html_printf(h, "<form method=\"post\" action=\"%s\" "
			"enctype=\"multipart/form-data\">", path);
	web_html_printf(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			"<input type=\"hidden\" name=\"lang\" value=\"%s\">",
			csrf, zh ? "zh" : "en");
	pages_text(h, zh, in, c, PF_NAME, "text", "Your name", "您的姓名");
	pages_text(h, zh, in, c, PF_EMAIL, "email", "Your email address",
		   "您的电子邮箱");
	if (ip) {
		pages_text(h, zh, in, c, PF_ORGANISATION, "text",
			   "Organisation (optional)", "所属机构（选填）");
		pages_select(h, zh, in, c, PF_ACTING_AS, "You are",
			     "您的身份", pages_acting, 2);
		pages_text(h, zh, in, c, PF_RIGHTS_HOLDER, "text",
			   "Rights holder (the owner of the right)",
			   "权利人（权利的所有者）");
		pages_select(h, zh, in, c, PF_RIGHT_TYPE, "Type of right",
			     "权利类型", pages_types, 4);
		pages_text(h, zh, in, c, PF_RIGHT_NUMBER, "text",
			   "Registration number", "注册号");
		pages_text(h, zh, in, c, PF_RIGHT_JURISDICTION, "text",
			   "Jurisdiction", "注册地");
	} else {
		pages_select(h, zh, in, c, PF_CATEGORY, "Category", "类别",
			     pages_categories, 6);
	}
	pages_area(h, zh, in, c, PF_LISTINGS, "Listings (one link a line)",
		   "商品链接（每行一个）", L(zh, "e.g. https://marketplace."
		   "alibabacloud.com/products/123/abc.html", "例如 https://"
		   "marketplace.alibabacloud.com/products/123/abc.html"));
	pages_area(h, zh, in, c, PF_DESCRIPTION, ip ? "Description (optional)"
		   : "Description", ip ? "说明（选填）" : "说明", NULL);
	if (ip) {
		pages_file(h, zh, c, PFF_IDENTITY, "Proof of identity "
			   "(passport, ID card, business licence)",
			   "身份证明（护照、身份证、营业执照）");
		pages_file(h, zh, c, PFF_AUTHORIZATION, "Authorization (agents "
			   "only: power of attorney)", "授权证明（仅代理人：授权书）");
		pages_file(h, zh, c, PFF_OWNERSHIP, "Proof of ownership "
			   "(registration certificate)", "权属证明（注册证书）");
		pages_check(h, zh, in, c, PF_GOOD_FAITH, "I have a good faith "
			    "belief that the use of the material reported is "
			    "not authorised by the rights holder, its agent or "
			    "the law.", "本人善意地相信，所投诉内容的使用未经权利人、其代理人"
			    "或法律授权。");
		pages_check(h, zh, in, c, PF_ACCURACY, "The information in this "
			    "notice is accurate and complete.",
			    "本通知中的信息准确、完整。");
	} else {
		pages_file(h, zh, c, PFF_EVIDENCE, "Evidence (screenshots, "
			   "files)", "证据（截图、文件）");
		pages_check(h, zh, in, c, PF_GOOD_FAITH, "I submit this report "
			    "in good faith and the information in it is "
			    "accurate and complete.", "本人善意提交此举报，其中信息准确、"
			    "完整。");
	}
	web_html_printf(h, "<p><button type=\"submit\">%s</button></p></form>",
			L(zh, "Send", "提交"));
	pages_foot(h);
}

void
portal_pages_note(struct portal_reply *r, bool zh, unsigned status,
		  const char *title, const char *text)
{
	web_html_free(&r->page);
	r->status = status;
	pages_head(&r->page, zh, title, NULL);
	web_html_printf(&r->page, "<p>%s</p>", text);
	pages_foot(&r->page);
}

void
portal_pages_confirm(struct portal_reply *r, bool zh, int64_t id,
		     const char *token)
{
	struct web_html *h = &r->page;

	pages_head(h, zh, L(zh, "File your report", "提交您的报告"), NULL);
	web_html_printf(h, "<p>%s</p><form method=\"post\" "
			"action=\"/confirm/%lld\"><input type=\"hidden\" "
			"name=\"csrf\" value=\"%s\"><input type=\"hidden\" "
			"name=\"lang\" value=\"%s\"><button type=\"submit\">"
			"%s</button></form>",
			L(zh, "Your report is ready. Press the button to file it; "
			  "we then send you an acknowledgement with the "
			  "reference of its case.", "您的报告已准备就绪。"
			  "请按下按钮提交；随后我们会向您发送一封包含案件编号的确认邮件。"),
			(long long)id, token, zh ? "zh" : "en",
			L(zh, "File the report", "提交报告"));
	pages_foot(h);
}

void
portal_pages_filed(struct portal_reply *r, bool zh, const char *ref)
{
	struct web_html *h = &r->page;

	pages_head(h, zh, L(zh, "Report filed", "报告已提交"), NULL);
	web_html_printf(h, "<p>%s <strong id=\"ref\">%s</strong>. %s</p>",
			L(zh, "Your report was filed as case", "您的报告已立案，编号"),
			ref, L(zh, "An acknowledgement is on its way to your "
			       "mailbox.", "确认邮件已发送至您的邮箱。"));
	pages_foot(h);
}

void
portal_pages_home(struct portal_reply *r, bool zh)
{
	struct web_html *h = &r->page;

	pages_head(h, zh, L(zh, "Report to the marketplace", "向平台报告"), "/");
	web_html_printf(h, "<ul><li><a href=\"/report/ip?lang=%s\">%s</a></li>"
			"<li><a href=\"/report/abuse?lang=%s\">%s</a></li></ul>",
			zh ? "zh" : "en", L(zh, "Report an IP infringement",
					    "知识产权侵权投诉"),
			zh ? "zh" : "en", L(zh, "Report abuse", "滥用举报"));
	pages_foot(h);
}
