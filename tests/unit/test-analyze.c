/* tests/unit/test-analyze.c - the rules file, attachment classes (file
   name, text line, form field, and their precedence), the report form,
   acting_as, evidence and missing, abuse category and description,
   language. Reports are built by hand; links_scan runs first as the MIME
   side does. */
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../common/strv.h"
#include "../../common/utf8.h"
#include "../../parsers/parser-int.h"
#include "../../parsers/text-int.h"
#include "../lib/testlib.h"

#define LISTING(id) \
	"https://marketplace.alibabacloud.com/products/56700001/" id ".html"

static struct parser_cfg cfg;

static void
cfg_setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.max_links = 500;
	strv_push(&cfg.marketplace_hosts, "marketplace.alibabacloud.com");
	cfg.listing_path = xstrdup("^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$");
	strv_push(&cfg.registry_hosts, "tsdr.uspto.gov");
	strv_push(&cfg.registry_hosts, "sbj.cnipa.gov.cn");
}

static void
cfg_teardown(void)
{
	strv_free(&cfg.marketplace_hosts);
	strv_free(&cfg.registry_hosts);
	free(cfg.listing_path);
}

/* A report of kind with attachments named by the '|'-separated names,
   its links scanned from text and then analysed. */
static struct report *
analyse(enum report_kind kind, const char *subject, const char *names,
	const char *text)
{
	struct report *r = report_new();

	r->kind = kind;
	r->stream = kind == KIND_ABUSE_REPORT ? STREAM_ABUSE : STREAM_IP;
	r->from_name = xstrdup("Jane Doe");
	r->from_address = xstrdup("jane@brand.example");
	if (subject != NULL)
		r->subject = xstrdup(subject);
	for (const char *p = names; p != NULL && *p != '\0';) {
		const char *bar = strchr(p, '|');
		struct report_attachment a;
		char *fn = xstrndup(p, bar ? (size_t)(bar - p) : strlen(p));

		memset(&a, 0, sizeof(a));
		a.filename = fn;
		report_add_attachment(r, &a);
		free(fn);
		p = bar ? bar + 1 : NULL;
	}
	links_scan(r, text, NULL, &cfg);
	analyze_report(r, text, &cfg);
	return r;
}

/* "name=class name=class" of r's attachments. */
static char *
join_classes(const struct report *r)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < r->n_attachments; i++)
		buf_printf(&b, "%s%s=%s", i ? " " : "",
			   r->attachments[i].filename,
			   report_evidence_name(r->attachments[i].evidence));
	return buf_take(&b);
}

static char *
join_missing(const struct report *r)
{
	struct buf b;

	buf_init(&b, 0);
	for (unsigned bit = 1; bit <= REQ_DESCRIPTION; bit <<= 1)
		if (r->missing & bit)
			buf_printf(&b, "%s%s", b.len ? "," : "",
				   report_requirement_name((enum requirement)bit));
	return buf_take(&b);
}

static void
check(char *got, const char *want, const char *name, const char *aspect)
{
	char *what = xasprintf("%s: %s", name, aspect);

	test_streq_at(got, want, __FILE__, __LINE__, what);
	free(what);
	free(got);
}

/* ---- the rules file ---- */

static void
t_rules(void)
{
	static const struct {
		const char *text;
		const char *error;	/* NULL: parses */
	} cases[] = {
		{ "# comment\n\nidentity: selfie\n", NULL },
		{ "identity: a\r\nownership:  <TM>  \r\n", NULL },
		{ "identity passport\n", "rules line 1: expected \"family: "
		  "phrase\"" },
		{ "# x\n\nidentiy: passport\n", "rules line 3: unknown family "
		  "\"identiy\"" },
		{ "authorization: <POA\n", "rules line 1: \"<\" without "
		  "closing \">\"" },
		{ "agent:   \n", "rules line 1: empty phrase" },
		{ "agent: <>\n", "rules line 1: empty phrase" },
		{ "agent: - _\n", "rules line 1: phrase has only separators" },
		{ "identity: \xff\n", "rules line 1: not UTF-8 text" },
	};
	struct parser_rules *rs;
	struct err err;

	test_begin("rules file");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err_clear(&err);
		rs = parser_rules_parse(cases[i].text, strlen(cases[i].text),
					&err);
		if (cases[i].error == NULL)
			test_ok(rs != NULL, "rules text %zu parses", i);
		else {
			test_ok(rs == NULL && err.class == ERR_FATAL,
				"refused: %s", cases[i].error);
			test_streq(err.msg, cases[i].error, "error names the line");
		}
		parser_rules_free(&rs);
		test_ok(rs == NULL, "free clears the pointer");
	}
	test_ok(parser_rules_builtin() != NULL &&
		parser_rules_builtin() == parser_rules_builtin(),
		"built-in rules load once");
	test_ok(strstr(rules_builtin_text, "identity: passport") != NULL,
		"built-in text is evidence.rules");
}

static void
t_matching(void)
{
	static const struct {
		enum rules_family family;
		const char *text;
		bool match;
	} cases[] = {
		{ RULES_AUTHORIZATION, "Power_of_Attorney.PDF", true },
		{ RULES_AUTHORIZATION, "power-of   attorney", true },
		{ RULES_AUTHORIZATION, "POA.pdf", true },
		{ RULES_AUTHORIZATION, "signed_poa_2024.pdf", true },
		{ RULES_AUTHORIZATION, "POAB.pdf", false },
		{ RULES_AUTHORIZATION, "apoa.pdf", false },
		{ RULES_IDENTITY, "ID_front.jpg", true },
		{ RULES_IDENTITY, "IDEAS.pdf", false },
		{ RULES_IDENTITY, "valid.pdf", false },
		{ RULES_IDENTITY, "我的身份证正面.jpg", true },
		{ RULES_IDENTITY, "BUSINESS LICENSE", true },
		{ RULES_OWNERSHIP, "tm-certificate.pdf", true },
		{ RULES_OWNERSHIP, "atm-certificate.pdf", false },
		{ RULES_OWNERSHIP, "商标注册证.png", true },
		{ RULES_AGENT, "We are a LAW FIRM acting", true },
		{ RULES_AGENT, "本律师事务所受委托", true },
		{ RULES_RIGHTS_HOLDER, "I am the owner of ACME", true },
		{ RULES_CAT_MALWARE, "a web_shell inside", true },
	};
	const struct parser_rules *rs = parser_rules_builtin();
	size_t s, e;

	test_begin("phrase matching");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].text);

		test_ok(rules_match(rs, cases[i].family, cases[i].text, len) ==
			cases[i].match, "%s %s", cases[i].text,
			cases[i].match ? "matches" : "does not match");
		test_ok((rules_find(rs, cases[i].family, cases[i].text, len, 0,
				    &s, &e) > 0) == cases[i].match,
			"rules_find agrees on %s", cases[i].text);
	}
	test_ok(rules_find(rs, RULES_AUTHORIZATION, "see the Power of  "
			   "Attorney here", 30, 0, &s, &e) > 0 && s == 8 &&
		e == 26, "rules_find returns the span (%zu..%zu)", s, e);
}

static void
t_custom_rules(void)
{
	const char *text = "identity: selfie\n";
	struct err err;
	struct parser_rules *rs = parser_rules_parse(text, strlen(text), &err);
	struct report *r;
	char *got;

	test_begin("custom rules");
	cfg.rules = rs;
	r = analyse(KIND_IP_REPORT, NULL, "selfie.jpg|passport.pdf", "");
	got = join_classes(r);
	test_streq(got, "selfie.jpg=identity passport.pdf=other",
		   "cfg->rules replaces the built-in rules");
	free(got);
	report_free(&r);
	cfg.rules = NULL;
	parser_rules_free(&rs);
}

/* ---- attachment classes ---- */

struct class_case {
	const char *name;
	const char *files;	/* '|'-separated */
	const char *text;
	const char *want;	/* "file=class ..." */
};

static const struct class_case class_cases[] = {
	{ "file names, English",
	  "passport_scan.pdf|POA.pdf|tm-certificate.pdf|image001.png|"
	  "driver_license.jpg|copyright_registration.pdf|IDEAS.pdf", "",
	  "passport_scan.pdf=identity POA.pdf=authorization "
	  "tm-certificate.pdf=ownership image001.png=other "
	  "driver_license.jpg=identity copyright_registration.pdf=ownership "
	  "IDEAS.pdf=other" },
	{ "file names, Chinese",
	  "营业执照.jpg|授权委托书.pdf|商标注册证.png|身份证明.jpg|说明.docx", "",
	  "营业执照.jpg=identity 授权委托书.pdf=authorization "
	  "商标注册证.png=ownership 身份证明.jpg=identity 说明.docx=other" },
	{ "line with a label before the file",
	  "scan_01.pdf", "Please find attached.\nIdentity proof - see: "
	  "scan_01.pdf\n", "scan_01.pdf=identity" },
	{ "line describing the file after it",
	  "scan_02.pdf", "scan_02.pdf \xe2\x80\x93 our trademark certificate",
	  "scan_02.pdf=ownership" },
	{ "two files on one line, each its clause",
	  "scan_01.pdf|scan_02.pdf",
	  "scan_01.pdf - our trademark certificate, scan_02.pdf - passport",
	  "scan_01.pdf=ownership scan_02.pdf=identity" },
	{ "two labels on one line",
	  "a.pdf|b.pdf", "Proof of identity: a.pdf; power of attorney: b.pdf",
	  "a.pdf=identity b.pdf=authorization" },
	{ "nearest keyword without separators",
	  "p1.pdf|p2.pdf",
	  "Attached are our passport (p1.pdf) and the POA (p2.pdf).",
	  "p1.pdf=identity p2.pdf=authorization" },
	{ "Chinese line with full-width colon",
	  "scan_01.pdf", "附件scan_01.pdf：营业执照副本", "scan_01.pdf=identity" },
	{ "a list of files says nothing: file names decide",
	  "passport.pdf|poa.pdf", "Attachments: passport.pdf, poa.pdf",
	  "passport.pdf=identity poa.pdf=authorization" },
	{ "the line beats the file name",
	  "passport.pdf", "passport.pdf - power of attorney signed by Acme",
	  "passport.pdf=authorization" },
	{ "the form beats the line",
	  "passport.pdf", "passport.pdf - power of attorney signed by Acme\n"
	  "Ownership proof: passport.pdf", "passport.pdf=ownership" },
	{ "the form beats the file name",
	  "POA.pdf", "Identity proof：POA.pdf", "POA.pdf=identity" },
	{ "the name must stand alone",
	  "a.pdf", "see data.pdf for our trademark certificate",
	  "a.pdf=other" },
	{ "case-insensitive names",
	  "Scan_03.PDF", "scan_03.pdf is our business licence",
	  "Scan_03.PDF=identity" },
};

static void
t_classes(void)
{
	test_begin("attachment classes");
	for (size_t i = 0; i < sizeof(class_cases) / sizeof(class_cases[0]);
	     i++) {
		const struct class_case *c = &class_cases[i];
		struct report *r = analyse(KIND_IP_REPORT, NULL, c->files,
					   c->text);

		check(join_classes(r), c->want, c->name, "classes");
		report_free(&r);
	}
}

/* ---- the form ---- */

static void
t_form(void)
{
	const char *text =
		"Dear team,\n"
		"  - RIGHTS HOLDER\xef\xbc\x9a Acme Software Ltd\n"
		" * Submitter name: Doe, Jane\n"
		"\xe2\x80\xa2 Submitter organization: Doe & Partners\n"
		"1. Relationship: agent\n"
		"IP type: Trademark\n"
		"Registration number : US 5551234\n"
		"Jurisdiction: US\n"
		"Identity proof: scan_01.pdf\n"
		"Authorization: scan_02.pdf\n"
		"Ownership proof: (file name)\n"
		"Infringing listings:\n"
		"- " LISTING("f1") "\n"
		"marketplace.alibabacloud.com/products/1/f2.html\n"
		"\n"
		"Regards\n";
	struct report *r = analyse(KIND_IP_REPORT, NULL,
				   "scan_01.pdf|scan_02.pdf", text);
	struct form f;
	char *got;

	test_begin("report form");
	test_streq(r->rights_holder, "Acme Software Ltd",
		   "full-width colon, upper case, bullet");
	test_streq(r->submitter_name, "Doe, Jane", "form beats From");
	test_streq(r->submitter_email, "jane@brand.example", "email from From");
	test_streq(r->submitter_org, "Doe & Partners", "organization");
	test_ok(r->acting_as == ACTING_AGENT, "relationship agent");
	test_ok(r->n_ip_rights == 1, "one IP right");
	if (r->n_ip_rights == 1) {
		test_streq(r->ip_rights[0].type, "trademark", "IP type");
		test_streq(r->ip_rights[0].registration_number, "US 5551234",
			   "registration number, blank before colon");
		test_streq(r->ip_rights[0].jurisdiction, "US", "jurisdiction");
	}
	got = join_classes(r);
	test_streq(got, "scan_01.pdf=identity scan_02.pdf=authorization",
		   "form fields name the files");
	free(got);
	test_ok(r->n_listings == 2, "listings of the form found as links");
	got = join_missing(r);
	test_streq(got, "ownership_proof", "only ownership is missing");
	free(got);
	test_ok(r->warnings.n == 0, "no warnings");
	report_free(&r);

	form_read(&f, text);
	test_ok(f.listings.n == 2, "two lines under Infringing listings");
	if (f.listings.n == 2)
		test_streq(f.listings.v[0], LISTING("f1"), "bullet stripped");
	test_ok(f.value[FORM_OWNERSHIP_PROOF] == NULL,
		"a bracketed placeholder is no value");
	form_clear(&f);

	form_read(&f, "权利人：某某科技有限公司\n关系：代理人\n"
		  "知识产权类型：商标\n注册号：第12345678号\n");
	test_streq(f.value[FORM_RIGHTS_HOLDER], "某某科技有限公司",
		   "Chinese label");
	test_ok(f.relationship == ACTING_AGENT, "代理人 is an agent");
	test_streq(f.value[FORM_REGISTRATION_NUMBER], "第12345678号",
		   "Chinese registration number");
	form_clear(&f);
}

/* ---- acting_as and what is missing ---- */

struct acting_case {
	const char *name;
	const char *text;
	enum acting_as want;
	const char *missing;	/* with passport.pdf and a listing */
	const char *warnings;
};

static const struct acting_case acting_cases[] = {
	{ "form: agent", "Relationship: agent\n", ACTING_AGENT,
	  "authorization,ownership_proof", "" },
	{ "form: agent of the rights holder",
	  "Relationship: agent of the rights holder\n", ACTING_AGENT,
	  "authorization,ownership_proof", "" },
	{ "form: Chinese rights holder", "关系：权利人\n", ACTING_RIGHTS_HOLDER,
	  "ownership_proof", "" },
	{ "form: rights holder with full-width colon",
	  "Relationship：Rights Holder\n", ACTING_RIGHTS_HOLDER,
	  "ownership_proof", "" },
	{ "blank form, text says on behalf of",
	  "Relationship: (rights holder | agent)\nWe write on behalf of Acme.",
	  ACTING_AGENT, "authorization,ownership_proof", "" },
	{ "text: we represent", "We represent Acme Ltd in IP matters.",
	  ACTING_AGENT, "authorization,ownership_proof", "" },
	{ "text: Chinese agent", "我们是Acme公司的代理律师。", ACTING_AGENT,
	  "authorization,ownership_proof", "" },
	{ "text: rights holder", "I am the owner of the ACME trademark.",
	  ACTING_RIGHTS_HOLDER, "ownership_proof", "" },
	{ "text: both, agent wins",
	  "Our law firm acts for the owner. We own nothing ourselves.",
	  ACTING_AGENT, "authorization,ownership_proof", "" },
	{ "form beats the text", "Relationship: rights holder\nWe act on "
	  "behalf of our subsidiary.", ACTING_RIGHTS_HOLDER, "ownership_proof",
	  "" },
	{ "unknown: no authorization needed, warned",
	  "Please remove this listing.", ACTING_UNKNOWN, "ownership_proof",
	  "acting_as_unknown: authorization not required" },
	{ "signature lines do not count",
	  "Please remove this listing.\n-- \nJane, on behalf of Acme",
	  ACTING_UNKNOWN, "ownership_proof",
	  "acting_as_unknown: authorization not required" },
};

static void
t_acting(void)
{
	test_begin("acting_as and missing");
	for (size_t i = 0; i < sizeof(acting_cases) / sizeof(acting_cases[0]);
	     i++) {
		const struct acting_case *c = &acting_cases[i];
		char *text = xasprintf("%s\n%s\n", c->text, LISTING("a1"));
		struct report *r = analyse(KIND_IP_REPORT, NULL, "passport.pdf",
					   text);
		struct buf w;

		test_ok(r->acting_as == c->want, "%s: acting_as %s", c->name,
			report_acting_name(r->acting_as));
		check(join_missing(r), c->missing, c->name, "missing");
		buf_init(&w, 0);
		for (size_t k = 0; k < r->warnings.n; k++)
			buf_printf(&w, "%s%s", k ? "," : "", r->warnings.v[k]);
		check(buf_take(&w), c->warnings, c->name, "warnings");
		report_free(&r);
		free(text);
	}
}

static void
t_ip_rights_text(void)
{
	static const struct {
		const char *text;
		const char *want;	/* "type|number|jurisdiction" */
	} cases[] = {
		{ "We own trademark registration no. US 5551234 for ACME.",
		  "trademark|US 5551234|US" },
		{ "Our Copyright Registration Number: TX 9-876-543 covers it.",
		  "copyright|TX 9-876-543|US" },
		{ "The patent application 2023/123456 is pending.",
		  "patent|2023/123456|" },
		{ "Our trademark registration is 5551234.", "" },
		{ "我司商标注册号：第12345678号。", "trademark|12345678|CN" },
		{ "We love our trademark. Call 555-1234.", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report *r = analyse(KIND_IP_REPORT, NULL, NULL,
					   cases[i].text);
		char *got = r->n_ip_rights == 0 ? xstrdup("") :
			xasprintf("%s|%s|%s", r->ip_rights[0].type,
				  r->ip_rights[0].registration_number,
				  r->ip_rights[0].jurisdiction
				  ? r->ip_rights[0].jurisdiction : "");

		check(got, cases[i].want, cases[i].text, "IP right");
		report_free(&r);
	}
}

static void
t_evidence(void)
{
	struct report *r;
	char *got;

	test_begin("evidence");
	r = analyse(KIND_IP_REPORT, NULL, "passport.pdf",
		    "I am the owner. Registration: https://tsdr.uspto.gov/"
		    "#caseNumber=5551234\n" LISTING("e1"));
	got = join_missing(r);
	test_streq(got, "", "registry link proves ownership");
	free(got);
	test_ok(report_is_complete(r), "complete");
	test_ok(r->n_ip_rights == 0, "no form, no IP right");
	report_free(&r);

	r = analyse(KIND_IP_REPORT, NULL, NULL, "no attachments, no links");
	got = join_missing(r);
	test_streq(got, "identity_proof,ownership_proof,listing_links",
		   "nothing given");
	free(got);
	test_streq(r->submitter_name, "Jane Doe", "name from From");
	test_streq(r->submitter_email, "jane@brand.example", "email from From");
	test_ok(r->category == CATEGORY_NONE, "no category for ip_report");
	report_free(&r);

	r = analyse(KIND_FOLLOW_UP, NULL, "passport.pdf", "here it is");
	test_ok(r->missing == 0, "follow_up: nothing missing");
	test_ok(r->attachments[0].evidence == EVIDENCE_IDENTITY,
		"follow_up attachments are classified too");
	test_ok(r->warnings.n == 0, "no acting_as warning for follow_up");
	report_free(&r);

	r = analyse(KIND_IP_REPORT, NULL, NULL,
		    "Registration number: 5551234\nThis is about our "
		    "trademark ACME.");
	test_ok(r->n_ip_rights == 1 &&
		strcmp(r->ip_rights[0].type, "trademark") == 0,
		"IP type inferred from the text when the form gives none");
	report_free(&r);
	t_ip_rights_text();
}

/* ---- abuse reports ---- */

struct abuse_case {
	const char *name;
	const char *subject;
	const char *text;
	enum abuse_category want;
	const char *missing;
};

static const struct abuse_case abuse_cases[] = {
	{ "malware with description", "Abuse report",
	  "This listing ships a trojan that steals credentials:\n"
	  LISTING("b1"), CATEGORY_MALWARE, "" },
	{ "category from the subject", "Ransomware in a listing",
	  LISTING("b2") "\nPlease check this product carefully.",
	  CATEGORY_MALWARE, "" },
	{ "only a link: no description", NULL, LISTING("b3") "\nHi,",
	  CATEGORY_OTHER, "description" },
	{ "no link", NULL, "This vendor collects personal data without "
	  "consent.", CATEGORY_PRIVACY, "listing_links" },
	{ "Chinese fraud", "举报", "该商品涉嫌诈骗，请尽快处理，谢谢。\n"
	  LISTING("b4"), CATEGORY_FRAUD, "" },
	{ "Chinese platform abuse", NULL, "该商家大量刷单，虚假交易。"
	  LISTING("b5"), CATEGORY_PLATFORM_ABUSE, "" },
	{ "illegal content", NULL, "The listing sells prohibited content "
	  "openly. " LISTING("b6"), CATEGORY_ILLEGAL_CONTENT, "" },
	{ "malware before fraud (SPEC §4.6 order)", NULL, "A scam bundling a "
	  "backdoor. " LISTING("b7"), CATEGORY_MALWARE, "" },
	{ "nothing matches", NULL, "I do not like this product at all. "
	  LISTING("b8"), CATEGORY_OTHER, "" },
	{ "description excludes the signature", NULL,
	  LISTING("b9") "\n-- \nJane Doe, Head of Brand Protection, Acme",
	  CATEGORY_OTHER, "description" },
};

static void
t_abuse(void)
{
	test_begin("abuse reports");
	for (size_t i = 0; i < sizeof(abuse_cases) / sizeof(abuse_cases[0]);
	     i++) {
		const struct abuse_case *c = &abuse_cases[i];
		struct report *r = analyse(KIND_ABUSE_REPORT, c->subject, NULL,
					   c->text);

		test_ok(r->category == c->want, "%s: category %s", c->name,
			report_category_name(r->category));
		check(join_missing(r), c->missing, c->name, "missing");
		test_ok(r->warnings.n == 0, "%s: no warnings", c->name);
		report_free(&r);
	}
}

/* ---- language and body text ---- */

static void
t_lang(void)
{
	static const struct {
		const char *name;
		const char *subject;
		const char *text;
		const char *want;
	} cases[] = {
		{ "Chinese text", NULL, "您好，我们发现以下商品侵犯了我们的商标权。"
		  LISTING("l1"), "zh" },
		{ "English text", NULL, "Hello, the listing below infringes "
		  "our trademark. " LISTING("l2"), "en" },
		{ "English with a Chinese company name", NULL, "We act for "
		  "深圳市某某科技有限公司 and ask you to remove the listing "
		  "below, which copies our client's software and its "
		  "documentation.", "en" },
		{ "Chinese subject, only links in the body", "侵权投诉：请下架",
		  LISTING("l3") "\n" LISTING("l4"), "zh" },
		{ "empty", NULL, "", "en" },
	};

	test_begin("language");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report *r = analyse(KIND_IP_REPORT, cases[i].subject,
					   NULL, cases[i].text);

		test_streq_at(r->lang, cases[i].want, __FILE__, __LINE__,
			      cases[i].name);
		report_free(&r);
	}
}

static void
t_body_text(void)
{
	struct buf b;
	struct report *r;
	char *text;

	test_begin("body text");
	buf_init(&b, 0);
	while (b.len < 70 * 1024)
		buf_puts(&b, "中文");
	text = buf_take(&b);
	r = analyse(KIND_IP_REPORT, NULL, NULL, text);
	test_ok(r->body_text != NULL && strlen(r->body_text) <= 64 * 1024,
		"capped at 64 KiB");
	test_ok(r->body_text != NULL &&
		utf8_valid(r->body_text, strlen(r->body_text)),
		"cut on a character boundary");
	report_free(&r);
	free(text);

	r = report_new();
	r->body_text = xstrdup("set by MIME side");
	analyze_report(r, "other", &cfg);
	test_streq(r->body_text, "set by MIME side", "kept when already set");
	report_free(&r);
}

int
main(void)
{
	cfg_setup();
	t_rules();
	t_matching();
	t_custom_rules();
	t_classes();
	t_form();
	t_acting();
	t_evidence();
	t_abuse();
	t_lang();
	t_body_text();
	cfg_teardown();
	return test_done();
}
