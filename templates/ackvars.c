/* templates/ackvars.c - turns a const struct report (and case facts the
   caller knows) into template values, with the plain words (English and
   Chinese) for requirements, evidence classes, IP types, report kinds,
   abuse categories and enforcement actions. */
#include <string.h>

#include "templates/template-int.h"

/* A code with its words in en and zh. */
struct ackvars_words {
	const char *code;
	const char *en;
	const char *zh;
};

static bool
ackvars_is_zh(const char *lang)
{
	return lang != NULL && strcmp(lang, "zh") == 0;
}

/* Returns the words of code in lang, or fallback when code is unknown. */
static const char *
ackvars_lookup(const struct ackvars_words *w, size_t n, const char *code,
	       const char *lang, const char *fallback)
{
	for (size_t i = 0; i < n && code != NULL; i++)
		if (strcmp(w[i].code, code) == 0)
			return ackvars_is_zh(lang) ? w[i].zh : w[i].en;
	return fallback;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct ackvars_words ackvars_req_title[] = {
	{ "identity_proof", "Proof of identity", "身份证明" },
	{ "authorization", "Authorization from the rights holder",
	  "权利人的授权" },
	{ "ownership_proof", "Proof of ownership of the IP right",
	  "知识产权权属证明" },
	{ "listing_links", "Links to the reported listings",
	  "被投诉商品的链接" },
	{ "description", "Description of the problem", "问题描述" },
};

static const struct ackvars_words ackvars_req_how[] = {
	{ "identity_proof",
	  "a copy of the submitter's passport, national ID card or business "
	  "licence, attached to your reply",
	  "提交人的护照、身份证或营业执照的副本，请作为附件随回复发送" },
	{ "authorization",
	  "a power of attorney or letter of authorization from the rights "
	  "holder (needed because you act as an agent), attached to your "
	  "reply",
	  "权利人出具的授权委托书或授权书（因您以代理人身份投诉），"
	  "请作为附件随回复发送" },
	{ "ownership_proof",
	  "a trademark/copyright/patent registration certificate, or a link "
	  "to the record in an official registry such as tsdr.uspto.gov or "
	  "euipo.europa.eu",
	  "商标注册证、著作权登记证书或专利证书，或该权利在官方登记机构"
	  "（如 sbj.cnipa.gov.cn、tsdr.uspto.gov、euipo.europa.eu）"
	  "中记录的链接" },
	{ "listing_links",
	  "the full link of each listing, in the form "
	  "https://marketplace.alibabacloud.com/products/<category>/"
	  "<listing>.html (copy it from your browser's address bar)",
	  "每个被投诉商品的完整链接，格式为 "
	  "https://marketplace.alibabacloud.com/products/<类目>/"
	  "<商品编号>.html（可从浏览器地址栏复制）" },
	{ "description", "a description of what is wrong with the listing",
	  "说明该商品存在的问题" },
};

static const struct ackvars_words ackvars_evidence[] = {
	{ "identity", "proof of identity", "身份证明" },
	{ "authorization", "authorization", "授权文件" },
	{ "ownership", "proof of ownership", "权属证明" },
	{ "other", "other document", "其他文件" },
};

static const struct ackvars_words ackvars_ip_type[] = {
	{ "trademark", "trademark", "商标" },
	{ "copyright", "copyright", "著作权" },
	{ "patent", "patent", "专利" },
	{ "other", "other right", "其他权利" },
};

static const struct ackvars_words ackvars_kind[] = {
	{ "ip_report", "IP infringement report", "知识产权侵权投诉" },
	{ "abuse_report", "abuse report", "违规内容举报" },
	{ "follow_up", "follow-up", "补充材料" },
	{ "counter_notice", "counter-notice", "反通知" },
	{ "counter_notice_response", "response to a counter-notice",
	  "对反通知的答复" },
	{ "auto_reply", "automatic reply", "自动回复" },
	{ "bounce", "delivery failure notice", "退信通知" },
};

static const struct ackvars_words ackvars_category[] = {
	{ "malware", "malware", "恶意软件" },
	{ "illegal_content", "illegal or prohibited content", "违法或违禁内容" },
	{ "privacy", "unreasonable collection of personal data",
	  "不合理收集个人信息" },
	{ "fraud", "fraud", "欺诈" },
	{ "platform_abuse", "abuse of the platform", "滥用平台" },
	{ "other", "other abuse", "其他违规" },
};

static const struct ackvars_words ackvars_action[] = {
	{ "removal", "removal of the listing", "下架商品" },
	{ "posting_restriction", "restriction of the vendor's posting rights",
	  "限制商家发布商品" },
	{ "suspension", "suspension of the vendor's account", "暂停商家账户" },
	{ "termination", "termination of the vendor's account",
	  "终止商家账户" },
	{ "reinstatement", "reinstatement of the listing", "恢复商品" },
};

static const struct ackvars_words ackvars_acting[] = {
	{ "agent", "agent of the rights holder", "权利人的代理人" },
	{ "rights_holder", "rights holder", "权利人" },
	{ "unknown", "not stated", "未说明" },
};

const char *
ackvars_title(const char *kind, const char *name, const char *lang,
	      const char *dflt)
{
	if (name == NULL)
		return dflt;
	if (strcmp(kind, "evidence") == 0)
		return ackvars_lookup(ackvars_evidence, NELEM(ackvars_evidence),
				      name, lang, dflt);
	if (strcmp(kind, "ip_type") == 0)
		return ackvars_lookup(ackvars_ip_type, NELEM(ackvars_ip_type),
				      name, lang, dflt);
	if (strcmp(kind, "category") == 0)
		return ackvars_lookup(ackvars_category, NELEM(ackvars_category),
				      name, lang, dflt);
	return dflt;
}

const char *
ackvars_requirement_title(enum requirement req, const char *lang)
{
	return ackvars_lookup(ackvars_req_title, NELEM(ackvars_req_title),
			      report_requirement_name(req), lang, "");
}

const char *
ackvars_requirement_how(enum requirement req, const char *lang)
{
	return ackvars_lookup(ackvars_req_how, NELEM(ackvars_req_how),
			      report_requirement_name(req), lang, "");
}

void
ackvars_set_missing(struct tvars *v, unsigned missing, const char *lang)
{
	static const enum requirement order[] = {
		REQ_IDENTITY_PROOF, REQ_AUTHORIZATION, REQ_OWNERSHIP_PROOF,
		REQ_LISTING_LINKS, REQ_DESCRIPTION
	};

	tvars_set_list(v, "missing");
	for (size_t i = 0; i < NELEM(order); i++) {
		struct tvars *item;

		if (!(missing & order[i]))
			continue;
		item = tvars_add_item(v, "missing");
		tvars_set(item, "code", report_requirement_name(order[i]));
		tvars_set(item, "title",
			  ackvars_requirement_title(order[i], lang));
		tvars_set(item, "how", ackvars_requirement_how(order[i], lang));
	}
	tvars_set_bool(v, "complete", missing == 0);
}

void
ackvars_add_listing(struct tvars *v, const struct report_listing *l)
{
	struct tvars *item = tvars_add_item(v, "listings");

	tvars_set(item, "url", l->url);
	tvars_set(item, "id", l->listing_id);
}

/* Appends an item {filename, content_type, evidence, evidence.title} to
   list attachments. */
static void
ackvars_add_attachment(struct tvars *v, const struct report_attachment *a,
		       const char *lang)
{
	struct tvars *item = tvars_add_item(v, "attachments");
	const char *ev = report_evidence_name(a->evidence);

	tvars_set(item, "filename",
		  a->filename ? a->filename : (ackvars_is_zh(lang)
					       ? "（无文件名）"
					       : "(no file name)"));
	tvars_set(item, "content_type", a->content_type);
	tvars_set(item, "evidence", ev);
	tvars_set(item, "evidence.title",
		  ackvars_lookup(ackvars_evidence, NELEM(ackvars_evidence), ev,
				 lang, ev));
}

int
ackvars_set_action(struct tvars *v, const char *action, const char *lang)
{
	const char *title = ackvars_lookup(ackvars_action,
					   NELEM(ackvars_action), action,
					   lang, NULL);

	if (title == NULL)
		return -1;
	tvars_set(v, "action", action);
	tvars_set(v, "action.title", title);
	tvars_set_bool(v, "reinstatement",
		       strcmp(action, "reinstatement") == 0);
	return 0;
}

static void
ackvars_fill_rights(struct tvars *v, const struct report *r,
		    const char *lang)
{
	tvars_set_list(v, "rights");
	for (size_t i = 0; i < r->n_ip_rights; i++) {
		const struct report_ip_right *ir = &r->ip_rights[i];
		struct tvars *item = tvars_add_item(v, "rights");

		tvars_set(item, "type", ir->type);
		tvars_set(item, "type.title",
			  ackvars_lookup(ackvars_ip_type,
					 NELEM(ackvars_ip_type), ir->type,
					 lang, ir->type));
		tvars_set(item, "registration", ir->registration_number);
		tvars_set(item, "jurisdiction", ir->jurisdiction);
	}
}

void
ackvars_fill(struct tvars *v, const struct report *r, const char *ref,
	     const char *lang, const char *now_text)
{
	const char *kind = report_kind_name(r->kind);
	const char *cat = report_category_name(r->category);
	const char *acting = report_acting_name(r->acting_as);
	const char *name = r->from_name ? r->from_name : r->submitter_name;

	lang = ackvars_is_zh(lang) ? "zh" : "en";
	tvars_set(v, "case.ref", ref);
	tvars_set(v, "status_url", NULL);	/* ack.c sets it when links are on */
	tvars_set(v, "held_until", NULL);	/* ack.c: the case is held */
	tvars_set(v, "counter_url", NULL);	/* the workflow's vendor notice */
	tvars_set(v, "now", now_text);
	tvars_set(v, "lang", lang);
	tvars_set(v, "recipient.name", name);
	tvars_set(v, "sender.name", name);
	tvars_set(v, "sender.email", r->from_address);
	tvars_set(v, "report.subject", r->subject);
	tvars_set(v, "report.date", r->date);
	tvars_set(v, "report.kind", kind);
	tvars_set(v, "report.kind.title",
		  ackvars_lookup(ackvars_kind, NELEM(ackvars_kind), kind, lang,
				 kind));
	tvars_set(v, "report.stream", report_stream_name(r->stream));
	tvars_set(v, "report.category", cat);
	tvars_set(v, "report.category.title",
		  ackvars_lookup(ackvars_category, NELEM(ackvars_category),
				 cat, lang, ""));
	tvars_set_bool(v, "is_ip", r->stream == STREAM_IP);
	tvars_set_bool(v, "is_abuse", r->stream == STREAM_ABUSE);
	tvars_set(v, "submitter.name", r->submitter_name);
	tvars_set(v, "submitter.email",
		  r->submitter_email ? r->submitter_email : r->from_address);
	tvars_set(v, "submitter.organization", r->submitter_org);
	tvars_set(v, "rights_holder", r->rights_holder);
	tvars_set(v, "acting_as", acting);
	tvars_set(v, "acting_as.title",
		  ackvars_lookup(ackvars_acting, NELEM(ackvars_acting), acting,
				 lang, acting));
	tvars_set_bool(v, "is_agent", r->acting_as == ACTING_AGENT);
	/* an unsure reply: the answer asks instead of claiming anything */
	tvars_set_bool(v, "possible_answer", r->possible != NULL &&
		       strcmp(r->possible, "answer") == 0);
	tvars_set_bool(v, "possible_counter_notice", r->possible != NULL &&
		       strcmp(r->possible, "counter_notice") == 0);
	tvars_set_bool(v, "asked", r->possible != NULL);
	tvars_set_bool(v, "recorded_only", false);	/* ack.c: unauthenticated */
	ackvars_fill_rights(v, r, lang);
	tvars_set_list(v, "listings");
	for (size_t i = 0; i < r->n_listings; i++)
		ackvars_add_listing(v, &r->listings[i]);
	tvars_set_list(v, "attachments");
	for (size_t i = 0; i < r->n_attachments; i++)
		ackvars_add_attachment(v, &r->attachments[i], lang);
	ackvars_set_missing(v, r->missing, lang);
}
