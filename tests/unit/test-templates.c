/* tests/unit/test-templates.c - the template engine, template sets
   (override directory, zh -> en fallback), ackvars and golden renders of
   every shipped template in en and zh (UPDATE_GOLDEN=1 rewrites them). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/report.h"
#include "common/strv.h"
#include "templates/template.h"
#include "tests/lib/testlib.h"

/* Renders text with v; returns the output (owned) or NULL, err filled. */
static char *
render(const char *text, const struct tvars *v, struct err *err)
{
	char *out = NULL;

	err_clear(err);
	if (template_render_text(text, v, &out, err) < 0)
		return NULL;
	return out;
}

static void
check(const char *text, const struct tvars *v, const char *want,
      const char *what)
{
	struct err err;
	char *got = render(text, v, &err);

	if (got == NULL)
		printf("#   error: %s\n", err.msg);
	test_streq(got, want, what);
	free(got);
}

static void
check_error(const char *text, const struct tvars *v, const char *needle,
	    const char *what)
{
	struct err err;
	char *got = render(text, v, &err);

	test_ok(got == NULL && strstr(err.msg, needle) != NULL,
		"%s (error: %s)", what, err.msg);
	free(got);
}

static void
t_engine(void)
{
	struct tvars *v = tvars_new(), *item, *sub;

	test_begin("engine");
	tvars_set(v, "name", "World");
	tvars_set(v, "case.ref", "IPR-2026-000123");
	tvars_set(v, "empty", NULL);
	tvars_set_bool(v, "yes", true);
	tvars_set_bool(v, "no", false);
	tvars_set_list(v, "none");
	for (int i = 1; i <= 3; i++) {
		item = tvars_add_item(v, "items");
		tvars_setf(item, "n", "%d", i);
		for (int k = 0; k < i; k++) {
			sub = tvars_add_item(item, "subs");
			tvars_setf(sub, "k", "%c", 'a' + k);
		}
	}
	test_ok(tvars_count(v, "items") == 3, "three items");
	test_streq(tvars_get(v, "name"), "World", "tvars_get");
	test_ok(tvars_get(v, "yes") == NULL, "tvars_get of a flag is NULL");

	check("Hello {{name}}!", v, "Hello World!", "substitution");
	check("[{{ case.ref }}]", v, "[IPR-2026-000123]",
	      "dotted name, spaces in tag");
	check("a{{empty}}b", v, "ab", "empty value");
	check("{{#items}}{{n}}/{{name}};{{/items}}", v,
	      "1/World;2/World;3/World;", "list section, outer visible");
	check("{{#items}}{{n}}:{{#subs}}{{k}}{{n}}{{/subs}} {{/items}}", v,
	      "1:a1 2:a2b2 3:a3b3c3 ", "nested lists");
	check("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}", v, "Yn",
	      "flags and inverted flag");
	check("{{#name}}<{{name}}>{{/name}}{{#empty}}E{{/empty}}"
	      "{{^empty}}e{{/empty}}", v, "<World>e", "text as a condition");
	check("{{^none}}nothing{{/none}}{{#none}}x{{/none}}", v, "nothing",
	      "empty list");
	check("{{#items?}}Items:{{#items}} {{n}}{{/items}}{{/items?}}"
	      "{{#none?}}never{{/none?}}", v, "Items: 1 2 3",
	      "{{#list?}} renders once");
	check("a {{! a comment }}b", v, "a b", "comment");
	check("x\n  {{#yes}}  \ny\n{{/yes}}\n{{! c }}\nz\n", v, "x\ny\nz\n",
	      "standalone section and comment lines vanish");
	check("x {{#yes}}y{{/yes}} z\n", v, "x y z\n",
	      "inline sections keep their line");
	check("no tags at all\n", v, "no tags at all\n", "plain text");

	check_error("{{nope}}", v, "\"nope\"", "unknown name is an error");
	check_error("line1\n{{#yes}}{{typo}}{{/yes}}", v, "text:2",
		    "error names the line");
	check_error("{{#items}}{{nope}}{{/items}}", v, "nope",
		    "unknown name inside a section");
	check_error("{{#yes}}x", v, "never closed", "unclosed section");
	check_error("a {{name", v, "unclosed tag", "unclosed tag");
	check_error("{{#yes}}x{{/no}}", v, "closes", "mismatched end");
	check_error("x{{/yes}}", v, "no section", "end without start");
	check_error("{{bad name}}", v, "bad tag", "bad name");
	check_error("{{}}", v, "bad tag", "empty tag");
	check_error("{{items}}", v, "is a list", "list used as text");
	check_error("{{yes}}", v, "is a flag", "flag used as text");
	tvars_free(&v);
	test_ok(v == NULL, "tvars_free clears the pointer");
}

static void
t_verbatim(void)
{
	struct tvars *v = tvars_new(), *item;

	test_begin("values are never evaluated");
	tvars_set(v, "case.ref", "IPR-2026-000001");
	tvars_set(v, "subject", "Re: {{case.ref}} {{#x}}{{/y}} {{! }}");
	item = tvars_add_item(v, "l");
	tvars_set(item, "u", "{{subject}}");
	check("S: {{subject}}", v, "S: Re: {{case.ref}} {{#x}}{{/y}} {{! }}",
	      "tag syntax inside a value stays text");
	check("{{#l}}{{u}}{{/l}}", v, "{{subject}}",
	      "item value with a tag stays text");
	tvars_set(v, "subject", "changed");
	check("{{subject}}", v, "changed", "tvars_set replaces the value");
	tvars_set_bool(v, "subject", true);
	check("{{#subject}}flag{{/subject}}", v, "flag",
	      "tvars_set_bool replaces the type");
	tvars_free(&v);
}

static void
t_caps(void)
{
	struct tvars *v = tvars_new();
	struct buf b;
	struct err err;
	char *big, *out;

	test_begin("caps");
	tvars_set_bool(v, "t", true);
	buf_init(&b, 0);
	for (int i = 0; i < TEMPLATE_MAX_DEPTH; i++)
		buf_puts(&b, "{{#t}}");
	buf_puts(&b, "deep");
	for (int i = 0; i < TEMPLATE_MAX_DEPTH; i++)
		buf_puts(&b, "{{/t}}");
	check(buf_str(&b), v, "deep", "nesting at the limit works");
	buf_reset(&b);
	for (int i = 0; i <= TEMPLATE_MAX_DEPTH; i++)
		buf_puts(&b, "{{#t}}");
	for (int i = 0; i <= TEMPLATE_MAX_DEPTH; i++)
		buf_puts(&b, "{{/t}}");
	check_error(buf_str(&b), v, "nested deeper", "nesting past the limit");
	buf_free(&b);

	big = xmalloc(TEMPLATE_MAX_FILE + 2);
	memset(big, 'x', TEMPLATE_MAX_FILE + 1);
	big[TEMPLATE_MAX_FILE + 1] = '\0';
	check_error(big, v, "larger than", "template past 64 KiB");
	big[TEMPLATE_MAX_FILE] = '\0';
	out = render(big, v, &err);
	test_ok(out != NULL && strlen(out) == TEMPLATE_MAX_FILE,
		"template of exactly 64 KiB");
	free(out);
	free(big);

	big = xmalloc(TEMPLATE_MAX_OUTPUT / 2 + 2);
	memset(big, 'v', TEMPLATE_MAX_OUTPUT / 2 + 1);
	big[TEMPLATE_MAX_OUTPUT / 2 + 1] = '\0';
	tvars_set(v, "big", big);
	free(big);
	out = render("{{big}}", v, &err);
	test_ok(out != NULL, "half a MiB value renders");
	free(out);
	out = render("{{big}}{{big}}", v, &err);
	test_ok(out == NULL && err.class == ERR_MSG &&
		strstr(err.msg, "output larger") != NULL,
		"output past 1 MiB is an ERR_MSG error (%s)", err.msg);
	free(out);
	tvars_free(&v);
}

/* ---- temporary template directories ---- */

struct tmpdir {
	char path[64];
	struct strv files;	/* created, removed in reverse */
};

static void
tmpdir_init(struct tmpdir *t)
{
	snprintf(t->path, sizeof(t->path), "/tmp/rg-templates-XXXXXX");
	if (mkdtemp(t->path) == NULL)
		abort();
	memset(&t->files, 0, sizeof(t->files));
}

/* Writes rel (below t) with text; "lang/" directories are made. */
static void
tmpdir_write(struct tmpdir *t, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", t->path, rel);
	char *slash = strchr(rel, '/');
	FILE *f;

	if (slash != NULL) {
		char *dir = xasprintf("%s/%.*s", t->path, (int)(slash - rel),
				      rel);

		if (mkdir(dir, 0700) == 0)
			strv_push(&t->files, dir);
		free(dir);
	}
	f = fopen(path, "w");
	if (f == NULL)
		abort();
	fputs(text, f);
	fclose(f);
	if (!strv_contains(&t->files, path))
		strv_push(&t->files, path);
	free(path);
}

static void
tmpdir_free(struct tmpdir *t)
{
	for (size_t i = t->files.n; i > 0; i--)
		remove(t->files.v[i - 1]);
	rmdir(t->path);
	strv_free(&t->files);
}

static void
t_sets(void)
{
	struct tmpdir base, over;
	struct template_set *set;
	struct tvars *v = tvars_new();
	struct err err;
	char *subject = NULL, *body = NULL;

	test_begin("template sets");
	tmpdir_init(&base);
	tmpdir_init(&over);
	tmpdir_write(&base, "en/a.txt", "Subject: [{{case.ref}}] A en\n\n"
			    "A body {{x}}\n{{form}}");
	tmpdir_write(&base, "en/b.txt", "Subject: B en\n\nB body\n");
	tmpdir_write(&base, "zh/a.txt", "Subject: A zh\n\nA 正文\r\n");
	tmpdir_write(&base, "form-en.txt", "Form: {{not evaluated}}\n");
	tvars_set(v, "case.ref", "IPR-2026-000001");
	tvars_set(v, "x", "line1\r\nline2\tX");

	set = template_set_load(base.path, NULL, &err);
	test_ok(set != NULL, "set loads (%s)", set ? "" : err.msg);
	if (set == NULL)
		goto out;
	test_ok(template_set_count(set) == 2, "two names");
	test_streq(template_set_name(set, 0), "a", "sorted names");
	test_ok(template_render(set, "a", "en", v, &subject, &body, &err) == 0,
		"render a/en");
	test_streq(subject, "[IPR-2026-000001] A en", "subject rendered");
	test_streq(body, "A body line1\r\nline2\tX\nForm: {{not evaluated}}\n",
		   "body with the built-in form, verbatim");
	xfree(&subject);
	xfree(&body);
	test_ok(template_render(set, "a", "zh", v, &subject, &body, &err) == 0 &&
		strcmp(body, "A 正文\n") == 0, "zh file used, CRLF -> LF");
	xfree(&subject);
	xfree(&body);
	test_ok(template_render(set, "b", "zh", v, &subject, &body, &err) == 0 &&
		strcmp(subject, "B en") == 0, "zh missing: falls back to en");
	xfree(&subject);
	xfree(&body);
	test_ok(template_render(set, "a", "fr", v, &subject, &body, &err) == 0 &&
		strcmp(subject, "[IPR-2026-000001] A en") == 0,
		"other language: en");
	xfree(&subject);
	xfree(&body);
	test_streq(template_set_form(set, "zh"), "Form: {{not evaluated}}\n",
		   "zh form falls back to en");
	test_ok(template_render(set, "c", "en", v, &subject, &body, &err) < 0 &&
		subject == NULL && body == NULL &&
		strstr(err.msg, "no template") != NULL, "unknown template");
	tvars_set(v, "x", "a\nb");
	test_ok(template_render(set, "a", "en", v, &subject, &body, &err) == 0,
		"render again");
	xfree(&subject);
	xfree(&body);
	template_set_free(&set);

	/* the override directory wins, per file and language */
	tmpdir_write(&over, "en/b.txt", "Subject: B override\n\nmine\n");
	tmpdir_write(&over, "zh/b.txt", "Subject: B zh override\n\n我的\n");
	tmpdir_write(&over, "form-en.txt", "My form\n");
	tmpdir_write(&over, "notes.md", "ignored\n");
	set = template_set_load(base.path, over.path, &err);
	test_ok(set != NULL, "set with overrides loads (%s)",
		set ? "" : err.msg);
	if (set == NULL)
		goto out;
	test_ok(template_render(set, "b", "en", v, &subject, &body, &err) == 0 &&
		strcmp(body, "mine\n") == 0, "override file wins");
	xfree(&subject);
	xfree(&body);
	test_ok(template_render(set, "b", "zh", v, &subject, &body, &err) == 0 &&
		strcmp(subject, "B zh override") == 0,
		"override may add a zh version");
	xfree(&subject);
	xfree(&body);
	test_ok(template_render(set, "a", "en", v, &subject, &body, &err) == 0 &&
		strstr(body, "My form") != NULL && strstr(body, "A body"),
		"others stay built-in, form overridden");
	xfree(&subject);
	xfree(&body);
	test_ok(strstr(template_set_path(set, "b", "en"), over.path) != NULL,
		"template_set_path names the override");
	template_set_free(&set);

	tmpdir_write(&over, "en/typo.txt", "Subject: x\n\ny\n");
	set = template_set_load(base.path, over.path, &err);
	test_ok(set == NULL && strstr(err.msg, "typo.txt") != NULL,
		"override without a built-in fails (%s)", err.msg);
	template_set_free(&set);
	{
		char *typo = xasprintf("%s/en/typo.txt", over.path);

		remove(typo);
		free(typo);
	}
	tmpdir_write(&over, "en/b.txt", "Subjet: x\n\ny\n");
	set = template_set_load(base.path, over.path, &err);
	test_ok(set == NULL && strstr(err.msg, "b.txt:1") != NULL,
		"missing Subject line fails (%s)", err.msg);
	tmpdir_write(&over, "en/b.txt", "Subject: x\nbody\n");
	set = template_set_load(base.path, over.path, &err);
	test_ok(set == NULL && strstr(err.msg, "blank line") != NULL,
		"missing blank line fails (%s)", err.msg);
	tmpdir_write(&over, "en/b.txt", "Subject: x\n\n\n{{#a}}\n");
	set = template_set_load(base.path, over.path, &err);
	test_ok(set == NULL && strstr(err.msg, "b.txt:4") != NULL,
		"syntax error names file and line (%s)", err.msg);
	tmpdir_write(&over, "en/b.txt", "Subject: x\n\n\xff\n");
	set = template_set_load(base.path, over.path, &err);
	test_ok(set == NULL && strstr(err.msg, "UTF-8") != NULL,
		"non-UTF-8 fails (%s)", err.msg);
	tmpdir_write(&over, "en/b.txt", "Subject: x\n\ny\n");
	tmpdir_write(&over, "en/Bad-Name.txt", "Subject: x\n\ny\n");
	set = template_set_load(base.path, over.path, &err);
	test_ok(set == NULL && strstr(err.msg, "Bad-Name") != NULL,
		"bad file name fails (%s)", err.msg);
	set = template_set_load("/nonexistent/rg", NULL, &err);
	test_ok(set == NULL && err.class == ERR_FATAL,
		"missing built-in dir fails (%s)", err.msg);
out:
	template_set_free(&set);
	tvars_free(&v);
	tmpdir_free(&over);
	tmpdir_free(&base);
}

/* ---- reports for ackvars ---- */

static void
add_attachment(struct report *r, const char *name, enum evidence_kind ev)
{
	struct report_attachment a = { 0 };

	a.filename = (char *)(uintptr_t)name;
	a.content_type = (char *)(uintptr_t)"application/pdf";
	a.size = 1000;
	a.evidence = ev;
	report_add_attachment(r, &a);
}

/* Builds one of the named test reports; NULL if name is unknown. */
static struct report *
make_report(const char *name)
{
	struct report *r = report_new();

	r->from_address = xstrdup("jane@brand.example");
	r->submitter_email = xstrdup("jane@brand.example");
	r->date = xstrdup("2026-11-20T10:00:00Z");
	if (strcmp(name, "ip_complete") == 0) {
		r->from_name = xstrdup("Jane Doe");
		r->subject = xstrdup("Counterfeit Acme listings");
		r->acting_as = ACTING_RIGHTS_HOLDER;
		r->submitter_name = xstrdup("Jane Doe");
		r->submitter_org = xstrdup("Acme Software Ltd");
		r->rights_holder = xstrdup("Acme Software Ltd");
		report_add_ip_right(r, "trademark", "US 5551234", "US");
		report_add_ip_right(r, "copyright", NULL, NULL);
		report_add_listing(r, "https://marketplace.alibabacloud.com/"
				   "products/56700001/cmjj00012345.html",
				   "cmjj00012345", "x");
		report_add_listing(r, "https://marketplace.alibabacloud.com/"
				   "products/56700002/cmjj00067890.html",
				   "cmjj00067890", "x");
		add_attachment(r, "passport.pdf", EVIDENCE_IDENTITY);
		add_attachment(r, "商标注册证.pdf", EVIDENCE_OWNERSHIP);
		r->evidence = REQ_IDENTITY_PROOF | REQ_OWNERSHIP_PROOF |
			      REQ_LISTING_LINKS;
	} else if (strcmp(name, "ip_agent_incomplete") == 0) {
		r->from_name = xstrdup("Li Lei");
		/* a sender's subject with template syntax: stays text */
		r->subject = xstrdup("Re: {{case.ref}} {{#missing}}x{{/missing}}");
		r->acting_as = ACTING_AGENT;
		r->submitter_name = xstrdup("Li Lei");
		xfree(&r->submitter_email);
		r->submitter_email = xstrdup("li.lei@doe-partners.example");
		r->submitter_org = xstrdup("Doe & Partners");
		r->rights_holder = xstrdup("Acme Software Ltd");
		report_add_listing(r, "https://marketplace.alibabacloud.com/"
				   "products/56700001/cmjj00012345.html",
				   "cmjj00012345", "x");
		add_attachment(r, "身份证.jpg", EVIDENCE_IDENTITY);
		add_attachment(r, "photo.png", EVIDENCE_OTHER);
		r->evidence = REQ_IDENTITY_PROOF | REQ_LISTING_LINKS;
	} else if (strcmp(name, "ip_nothing") == 0) {
		r->subject = xstrdup("");
		r->evidence = 0;
	} else if (strcmp(name, "abuse_complete") == 0) {
		r->stream = STREAM_ABUSE;
		r->kind = KIND_ABUSE_REPORT;
		r->from_name = xstrdup("Sam Lee");
		r->subject = xstrdup("Malware in a listing");
		r->category = CATEGORY_MALWARE;
		report_add_listing(r, "https://marketplace.alibabacloud.com/"
				   "products/56700009/cmjj00099999.html",
				   "cmjj00099999", "x");
		r->evidence = REQ_LISTING_LINKS | REQ_DESCRIPTION;
	} else if (strcmp(name, "abuse_incomplete") == 0) {
		r->stream = STREAM_ABUSE;
		r->kind = KIND_ABUSE_REPORT;
		r->subject = xstrdup("scam");
		r->category = CATEGORY_FRAUD;
		r->evidence = 0;
	} else if (strcmp(name, "followup") == 0) {
		r->kind = KIND_FOLLOW_UP;
		r->from_name = xstrdup("Li Lei");
		r->subject = xstrdup("Re: [IPR-2026-000123] documents");
		r->case_ref = xstrdup("IPR-2026-000123");
		add_attachment(r, "POA signed.pdf", EVIDENCE_AUTHORIZATION);
	} else if (strcmp(name, "followup_empty") == 0) {
		r->kind = KIND_FOLLOW_UP;
		r->from_name = xstrdup("Jane Doe");
		r->subject = xstrdup("Re: [IPR-2026-000123]");
		r->case_ref = xstrdup("IPR-2026-000123");
	} else {
		report_free(&r);
		return NULL;
	}
	report_compute_missing(r);
	return r;
}

static void
t_ackvars(void)
{
	struct report *r = make_report("ip_agent_incomplete");
	struct tvars *v = tvars_new();

	test_begin("ackvars");
	ackvars_fill(v, r, "IPR-2026-000123", "en", "20 Nov 2026");
	test_streq(tvars_get(v, "case.ref"), "IPR-2026-000123", "case.ref");
	test_ok(tvars_count(v, "missing") == 2, "two missing items");
	check("{{#missing}}{{code}};{{/missing}}{{^complete}}!{{/complete}}", v,
	      "authorization;ownership_proof;!", "missing codes in SPEC §6 order");
	check("{{#missing}}{{how}}\n{{/missing}}", v,
	      "a power of attorney or letter of authorization from the rights "
	      "holder (needed because you act as an agent), attached to your "
	      "reply\na trademark/copyright/patent registration certificate, or "
	      "a link to the record in an official registry such as "
	      "tsdr.uspto.gov or euipo.europa.eu\n", "plain words, en");
	check("{{#attachments}}{{filename}}={{evidence}}/{{evidence.title}} "
	      "{{/attachments}}", v,
	      "身份证.jpg=identity/proof of identity photo.png=other/other "
	      "document ", "attachments with evidence class");
	check("{{report.subject}}", v,
	      "Re: {{case.ref}} {{#missing}}x{{/missing}}",
	      "subject from mail stays text");
	ackvars_set_missing(v, 0, "en");
	check("{{#complete}}done{{/complete}}{{^missing}}-{{/missing}}", v,
	      "done-", "ackvars_set_missing(0)");
	ackvars_set_missing(v, REQ_LISTING_LINKS, "zh");
	check("{{#missing}}{{title}}{{/missing}}", v, "被投诉商品的链接",
	      "plain words, zh");
	test_ok(ackvars_set_action(v, "suspension", "en") == 0, "known action");
	check("{{action}}: {{action.title}}{{^reinstatement}}.{{/reinstatement}}",
	      v, "suspension: suspension of the vendor's account.",
	      "action words");
	test_ok(ackvars_set_action(v, "banish", "en") < 0, "unknown action");
	for (unsigned req = REQ_IDENTITY_PROOF; req <= REQ_DESCRIPTION;
	     req <<= 1)
		test_ok(ackvars_requirement_how(req, "zh")[0] != '\0' &&
			ackvars_requirement_title(req, "en")[0] != '\0',
			"words for %s",
			report_requirement_name((enum requirement)req));
	tvars_free(&v);
	report_free(&r);
}

/* ---- golden files ---- */

/* Unescapes \n and \\ in s into a new string. */
static char *
unescape(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			buf_putc(&b, '\n');
			s++;
		} else if (s[0] == '\\' && s[1] == '\\') {
			buf_putc(&b, '\\');
			s++;
		} else {
			buf_putc(&b, *s);
		}
	}
	return buf_take(&b);
}

/* Applies one "name = value" or "bool name = v" line to scope. */
static int
vars_line(struct tvars *scope, char *line, const char *lang)
{
	char *eq = strstr(line, " =");
	char *name = line, *value, *at;
	bool is_bool = false;

	if (eq == NULL)
		return -1;
	*eq = '\0';
	value = eq + 2;
	if (*value == ' ')
		value++;
	if (strncmp(name, "bool ", 5) == 0) {
		is_bool = true;
		name += 5;
	}
	at = strchr(name, '@');
	if (at != NULL) {
		*at = '\0';
		if (strcmp(at + 1, lang) != 0)
			return 0;
	}
	if (is_bool) {
		tvars_set_bool(scope, name, strcmp(value, "true") == 0);
	} else {
		char *u = unescape(value);

		tvars_set(scope, name, u);
		free(u);
	}
	return 0;
}

/* Reads a .vars fixture for lang. Format, one directive a line:
     # comment
     report NAME          ackvars_fill from a test report (make_report)
     missing CODE,...     ackvars_set_missing (or "missing none")
     action CODE          ackvars_set_action
     name = value         text (\n and \\ escapes); name@zh = ... for zh
     bool name = true     a flag
     list NAME            NAME becomes an empty list
     item NAME            a new item of list NAME; the indented
       field = value      lines below fill it
   Returns the vars or NULL (a message printed). */
static struct tvars *
vars_load(const char *path, const char *lang)
{
	size_t len;
	char *text = test_read_file(path, &len), *line, *next;
	struct tvars *v = tvars_new(), *item = NULL;
	struct report *r = NULL;

	if (text == NULL) {
		printf("# cannot read %s\n", path);
		tvars_free(&v);
		return NULL;
	}
	for (line = text; line != NULL && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (line[0] == ' ') {
			while (*line == ' ')
				line++;
			if (item == NULL || vars_line(item, line, lang) < 0)
				goto bad;
			continue;
		}
		item = NULL;
		if (strncmp(line, "report ", 7) == 0) {
			r = make_report(line + 7);
			if (r == NULL)
				goto bad;
			ackvars_fill(v, r, "IPR-2026-000123", lang,
				     "2026-11-20 10:00 UTC");
			report_free(&r);
		} else if (strncmp(line, "missing ", 8) == 0) {
			unsigned bits = 0;

			for (unsigned q = REQ_IDENTITY_PROOF;
			     q <= REQ_DESCRIPTION; q <<= 1)
				if (strstr(line + 8, report_requirement_name(
							(enum requirement)q)))
					bits |= q;
			ackvars_set_missing(v, bits, lang);
		} else if (strncmp(line, "action ", 7) == 0) {
			if (ackvars_set_action(v, line + 7, lang) < 0)
				goto bad;
		} else if (strncmp(line, "list ", 5) == 0) {
			tvars_set_list(v, line + 5);
		} else if (strncmp(line, "item ", 5) == 0) {
			item = tvars_add_item(v, line + 5);
		} else if (vars_line(v, line, lang) < 0) {
			goto bad;
		}
	}
	free(text);
	return v;
bad:
	printf("# %s: bad line \"%s\"\n", path, line);
	free(text);
	tvars_free(&v);
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the case names (file stems of *.vars) in dir, sorted. */
static void
list_cases(const char *dir, struct strv *cases)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 5 && strcmp(de->d_name + n - 5, ".vars") == 0)
			strv_push_take(cases, xstrndup(de->d_name, n - 5));
	}
	closedir(d);
	if (cases->n > 1)
		qsort(cases->v, cases->n, sizeof(char *), cmp_str);
}

static const char *
srcdir(void)
{
	const char *s = getenv("srcdir");

	return s != NULL ? s : ".";
}

static void
t_golden(void)
{
	static const char *const langs[] = { "en", "zh" };
	char *builtin = xasprintf("%s/templates", srcdir());
	char *fixdir = xstrdup(test_path("fixtures/templates"));
	bool update = getenv("UPDATE_GOLDEN") != NULL;
	struct strv cases = { 0 };
	struct template_set *set;
	struct err err;

	test_begin("golden renders of the shipped templates");
	set = template_set_load(builtin, NULL, &err);
	test_ok(set != NULL, "shipped templates load (%s)",
		set ? "ok" : err.msg);
	if (set == NULL)
		goto out;
	test_ok(template_set_count(set) == 15, "15 templates (%zu)",
		template_set_count(set));
	list_cases(fixdir, &cases);
	for (size_t i = 0; i < template_set_count(set); i++) {
		const char *name = template_set_name(set, i);
		char *zh = xasprintf("%s/zh/%s.txt", builtin, name);
		const char *zp = template_set_path(set, name, "zh");
		size_t n = 0;

		test_ok(zp != NULL && strcmp(zp, zh) == 0,
			"%s has a zh version", name);
		free(zh);
		for (size_t k = 0; k < cases.n; k++) {
			size_t l = strlen(name);

			if (strncmp(cases.v[k], name, l) == 0 &&
			    (cases.v[k][l] == '\0' || cases.v[k][l] == '-'))
				n++;
		}
		test_ok(n > 0, "%s has a golden case", name);
	}
	for (size_t k = 0; k < cases.n; k++) {
		char *tname = xstrdup(cases.v[k]), *dash = strchr(tname, '-');
		char *vpath = xasprintf("%s/%s.vars", fixdir, cases.v[k]);

		if (dash != NULL)
			*dash = '\0';
		for (size_t li = 0; li < 2; li++) {
			struct tvars *v = vars_load(vpath, langs[li]);
			char *subject = NULL, *body = NULL, *got, *want;
			char *epath = xasprintf("%s/%s.%s.expect", fixdir,
						cases.v[k], langs[li]);
			size_t len;

			if (v == NULL ||
			    template_render(set, tname, langs[li], v, &subject,
					    &body, &err) < 0) {
				test_ok(false, "%s.%s renders (%s)", cases.v[k],
					langs[li], v ? err.msg : "bad vars");
				tvars_free(&v);
				free(epath);
				continue;
			}
			test_ok(strstr(subject, "[IPR-2026-000123]") != NULL,
				"%s.%s: [REF] in the subject", cases.v[k],
				langs[li]);
			got = xasprintf("Subject: %s\n\n%s", subject, body);
			if (update) {
				FILE *f = fopen(epath, "w");

				if (f != NULL) {
					fputs(got, f);
					fclose(f);
				}
			}
			want = test_read_file(epath, &len);
			test_ok(want != NULL && strcmp(got, want) == 0,
				"%s.%s matches %s", cases.v[k], langs[li],
				epath);
			if (want != NULL && strcmp(got, want) != 0)
				printf("# got:\n%s\n# (UPDATE_GOLDEN=1 make "
				       "check rewrites the golden files)\n",
				       got);
			free(want);
			free(got);
			free(subject);
			free(body);
			free(epath);
			tvars_free(&v);
		}
		free(vpath);
		free(tname);
	}
out:
	strv_free(&cases);
	template_set_free(&set);
	free(fixdir);
	free(builtin);
}

static void
t_builtin_dir(void)
{
	test_begin("template_builtin_dir");
	setenv("RG_TEMPLATES_DIR", "/somewhere/templates", 1);
	test_streq(template_builtin_dir(), "/somewhere/templates",
		   "$RG_TEMPLATES_DIR wins");
	unsetenv("RG_TEMPLATES_DIR");
	test_ok(strstr(template_builtin_dir(), "templates") != NULL,
		"else an installed or source dir (%s)",
		template_builtin_dir());
}

int
main(void)
{
	t_engine();
	t_verbatim();
	t_caps();
	t_sets();
	t_ackvars();
	t_golden();
	t_builtin_dir();
	return test_done();
}
