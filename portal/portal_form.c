/* portal/portal_form.c - the checks of a posted form and the message it
   becomes (portal_form.h). The text of the message uses the labels of
   the report form a mail may carry (templates/form-en.txt), so the
   parser reads the form exactly as it reads a mail that says the same. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/mem.h"
#include "outbox/smtp.h"
#include "portal/portal_form.h"

#define FORM_MAX_NAME 200	/* bytes of a name */
#define FORM_MAX_LINES 200	/* listing lines looked at */

static const char *const form_right_types[] = {
	"trademark", "copyright", "patent", "other", NULL
};
static const char *const form_acting[] = { "rights_holder", "agent", NULL };
/* The abuse categories (SPEC §4.6), with the words that name them in the
   subject, where the parser reads the category from. */
static const char *const form_categories[][2] = {
	{ "malware", "malware" },
	{ "illegal_content", "illegal content" },
	{ "privacy", "privacy" },
	{ "fraud", "fraud" },
	{ "platform_abuse", "platform abuse" },
	{ "other", NULL },
};

void
portal_check_clear(struct portal_check *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].detail);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

bool
portal_check_has(const struct portal_check *c, int field)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].field == field)
			return true;
	return false;
}

void
portal_msg_clear(struct portal_msg *m)
{
	free(m->email);
	free(m->from_name);
	free(m->subject);
	free(m->body);
	for (size_t i = 0; i < m->n_names; i++)
		free(m->names[i]);
	free(m->names);
	memset(m, 0, sizeof(*m));
}

const char *
portal_form_file_label(enum portal_file_field f)
{
	switch (f) {
	case PFF_IDENTITY: return "Identity proof";
	case PFF_AUTHORIZATION: return "Authorization";
	case PFF_OWNERSHIP: return "Ownership proof";
	default: return NULL;
	}
}

static void
form_issue(struct portal_check *c, int field, enum portal_problem p,
	   const char *detail)
{
	c->v = xreallocarray(c->v, c->n + 1, sizeof(*c->v));
	c->v[c->n].field = field;
	c->v[c->n].problem = p;
	c->v[c->n].detail = detail != NULL ? xstrdup(detail) : NULL;
	c->n++;
}

/* The value of f, blanks trimmed at both ends (owned by the caller;
   "" when absent). */
static char *
form_value(const struct portal_upload_result *in, enum portal_field f)
{
	const char *v = in->value[f] != NULL ? in->value[f] : "";
	size_t n;

	while (*v == ' ' || *v == '\t' || *v == '\n')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
			 v[n - 1] == '\n'))
		n--;
	return xstrndup(v, n);
}

static bool
form_in(const char *v, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

/* A one-line field: required or not, at most FORM_MAX_NAME bytes. */
static char *
form_line(const struct portal_upload_result *in, enum portal_field f,
	  bool required, struct portal_check *c)
{
	char *v = form_value(in, f);

	if (required && v[0] == '\0')
		form_issue(c, f, PP_REQUIRED, NULL);
	else if (strchr(v, '\n') != NULL || strlen(v) > FORM_MAX_NAME)
		form_issue(c, f, PP_ONE_LINE, NULL);
	return v;
}

static bool
form_ascii_email(const char *v)
{
	const char *at = strrchr(v, '@');

	for (const char *p = v; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x7f)
			return false;
	return at != NULL && strchr(at, '.') != NULL && smtp_address_ok(v);
}

/* Classifies each line of the listings field with the parser's own link
   rules; appends the usable lines to b, one a line. */
static void
form_listings(const char *v, const struct parser_cfg *pcfg, struct buf *b,
	      struct portal_check *c)
{
	unsigned lines = 0, listings = 0;

	for (const char *p = v; *p != '\0' && lines < FORM_MAX_LINES;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len), *s = line, *url = NULL;
		size_t n;

		while (*s == ' ' || *s == '\t')
			s++;
		n = strlen(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			s[--n] = '\0';
		p = nl != NULL ? nl + 1 : p + len;
		if (n == 0) {
			free(line);
			continue;
		}
		lines++;
		switch (parser_link_check(s, pcfg, &url)) {
		case PARSER_LINK_LISTING:
			listings++;
			buf_printf(b, "%s\n", s);
			break;
		case PARSER_LINK_LOOKALIKE:
			form_issue(c, PF_LISTINGS, PP_LOOKALIKE, s);
			break;
		case PARSER_LINK_OTHER:
			form_issue(c, PF_LISTINGS, PP_NOT_LISTING, s);
			break;
		default:
			form_issue(c, PF_LISTINGS, PP_NOT_LINK, s);
			break;
		}
		free(url);
		free(line);
	}
	if (listings == 0 && !portal_check_has(c, PF_LISTINGS))
		form_issue(c, PF_LISTINGS, PP_NO_LISTING, NULL);
}

/* Names the files ours: FIELD-N.EXT, N counting per field. */
static void
form_names(const struct portal_upload_result *in, struct portal_msg *m)
{
	unsigned count[PFF_N] = { 0 };

	m->names = xcalloc(in->n_files + 1, sizeof(char *));
	for (size_t i = 0; i < in->n_files; i++) {
		const struct portal_upload_file *f = &in->files[i];

		m->names[i] = xasprintf("%s-%u.%s",
					portal_upload_file_field_name(f->field),
					++count[f->field], f->ext);
	}
	m->n_names = in->n_files;
}

/* "Label: a.pdf, b.png" for the files of field f, if any. */
static void
form_file_line(struct buf *b, const struct portal_upload_result *in,
	       const struct portal_msg *m, enum portal_file_field f)
{
	bool first = true;

	for (size_t i = 0; i < in->n_files; i++) {
		if (in->files[i].field != f)
			continue;
		buf_printf(b, first ? "%s: %s" : ", %s",
			   first ? portal_form_file_label(f) : m->names[i],
			   m->names[i]);
		first = false;
	}
	if (!first)
		buf_putc(b, '\n');
}

/* The IP form's fields and text. */
static void
form_ip(const struct portal_upload_result *in, const struct parser_cfg *pcfg,
	struct portal_msg *m, struct buf *b, struct portal_check *c)
{
	char *org = form_line(in, PF_ORGANISATION, false, c);
	char *acting = form_value(in, PF_ACTING_AS);
	char *holder = form_line(in, PF_RIGHTS_HOLDER, false, c);
	char *type = form_value(in, PF_RIGHT_TYPE);
	char *number = form_line(in, PF_RIGHT_NUMBER, false, c);
	char *juris = form_line(in, PF_RIGHT_JURISDICTION, false, c);
	char *listings = form_value(in, PF_LISTINGS);
	char *descr = form_value(in, PF_DESCRIPTION);
	struct buf lb;

	if (!form_in(acting, form_acting))
		form_issue(c, PF_ACTING_AS, acting[0] ? PP_CHOICE : PP_REQUIRED,
			   NULL);
	if (!form_in(type, form_right_types))
		form_issue(c, PF_RIGHT_TYPE, type[0] ? PP_CHOICE : PP_REQUIRED,
			   NULL);
	if (strcmp(acting, "agent") == 0 && holder[0] == '\0')
		form_issue(c, PF_RIGHTS_HOLDER, PP_REQUIRED, NULL);
	buf_init(&lb, 0);
	form_listings(listings, pcfg, &lb, c);
	if (org[0] != '\0')
		buf_printf(b, "Submitter organization: %s\n", org);
	if (form_in(acting, form_acting))
		buf_printf(b, "Relationship: %s\n", strcmp(acting, "agent") == 0 ?
			   "agent" : "rights holder");
	if (holder[0] != '\0')
		buf_printf(b, "Rights holder: %s\n", holder);
	if (form_in(type, form_right_types))
		buf_printf(b, "IP type: %s\n", type);
	if (number[0] != '\0')
		buf_printf(b, "Registration number: %s\n", number);
	if (juris[0] != '\0')
		buf_printf(b, "Jurisdiction: %s\n", juris);
	form_file_line(b, in, m, PFF_IDENTITY);
	form_file_line(b, in, m, PFF_AUTHORIZATION);
	form_file_line(b, in, m, PFF_OWNERSHIP);
	buf_printf(b, "Infringing listings:\n%s\n", buf_str(&lb));
	if (descr[0] != '\0')
		buf_printf(b, "%s\n", descr);
	m->subject = xstrdup("IP infringement report (online form)");
	buf_free(&lb);
	free(org);
	free(acting);
	free(holder);
	free(type);
	free(number);
	free(juris);
	free(listings);
	free(descr);
}

/* The abuse form's fields and text: the listings and the description
   are free text, as in a mail. */
static void
form_abuse(const struct portal_upload_result *in,
	   const struct parser_cfg *pcfg, struct portal_msg *m,
	   struct buf *b, struct portal_check *c)
{
	char *cat = form_value(in, PF_CATEGORY);
	char *listings = form_value(in, PF_LISTINGS);
	char *descr = form_value(in, PF_DESCRIPTION);
	const char *word = NULL;
	bool known = false;
	struct buf lb;

	for (size_t i = 0; i < sizeof(form_categories) /
			       sizeof(form_categories[0]); i++)
		if (strcmp(cat, form_categories[i][0]) == 0) {
			known = true;
			word = form_categories[i][1];
		}
	if (!known)
		form_issue(c, PF_CATEGORY, cat[0] ? PP_CHOICE : PP_REQUIRED,
			   NULL);
	if (descr[0] == '\0')
		form_issue(c, PF_DESCRIPTION, PP_REQUIRED, NULL);
	buf_init(&lb, 0);
	form_listings(listings, pcfg, &lb, c);
	buf_printf(b, "\n%s\n%s\n", buf_str(&lb), descr);
	m->subject = word != NULL ? xasprintf("Abuse report: %s (online form)",
					      word)
				  : xstrdup("Abuse report (online form)");
	buf_free(&lb);
	free(cat);
	free(listings);
	free(descr);
}

void
portal_form_mime(const struct portal_msg *m, const char *to_addr,
		 const char *message_id, const char *headers, time_t date,
		 struct portal_mime *mm)
{
	mm->from_name = m->from_name;
	mm->from_addr = m->email;
	mm->to_addr = to_addr;
	mm->subject = m->subject;
	mm->message_id = message_id;
	mm->date = date;
	mm->headers = headers;
	mm->body = m->body;
}

/* Writes the message and parses it as the pipeline would: its missing
   items become issues. */
static int
form_parse(const struct portal_msg *m, const struct portal_upload_result *in,
	   const struct parser_cfg *pcfg, struct store *store,
	   const char *to_addr, const char *message_id, const char *headers,
	   time_t now, struct portal_check *c, struct err *err)
{
	static const struct { unsigned req; int field; } map[] = {
		{ REQ_IDENTITY_PROOF, PF_N + PFF_IDENTITY },
		{ REQ_AUTHORIZATION, PF_N + PFF_AUTHORIZATION },
		{ REQ_OWNERSHIP_PROOF, PF_N + PFF_OWNERSHIP },
		{ REQ_LISTING_LINKS, PF_LISTINGS },
		{ REQ_DESCRIPTION, PF_DESCRIPTION },
	};
	struct portal_mime_file *files = xcalloc(in->n_files + 1,
						 sizeof(*files));
	struct parser_cfg cfg = *pcfg;	/* shallow: only stream differs */
	struct report *r = NULL;
	struct portal_mime mm;
	int fd = -1, ret = -1;

	cfg.stream = m->stream;
	cfg.sink = NULL;
	if ((fd = store_att_anon(store)) < 0) {
		err_set(err, ERR_TEMP, "portal: no temporary file");
		goto out;
	}
	for (size_t i = 0; i < in->n_files; i++) {
		files[i].name = m->names[i];
		files[i].content_type = in->files[i].content_type;
		files[i].fd = in->files[i].fd;
		files[i].size = in->files[i].size;
	}
	portal_form_mime(m, to_addr, message_id, headers, now, &mm);
	mm.files = files;
	mm.n_files = in->n_files;
	if (portal_mime_write(&mm, fd, err) < 0)
		goto out;
	if (lseek(fd, 0, SEEK_SET) < 0) {
		err_set(err, ERR_TEMP, "portal: cannot rewind the message");
		goto out;
	}
	if (parser_parse_fd(fd, &cfg, &r, err) < 0)
		goto out;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (!(r->missing & map[i].req) ||
		    portal_check_has(c, map[i].field))
			continue;
		form_issue(c, map[i].field, map[i].field == PF_LISTINGS ?
			   PP_NO_LISTING : map[i].field == PF_DESCRIPTION ?
			   PP_DESCRIPTION : PP_MISSING_FILE, NULL);
	}
	ret = 0;
out:
	report_free(&r);
	if (fd >= 0)
		close(fd);
	free(files);
	return ret;
}

int
portal_form_check(enum portal_form_kind kind,
		  const struct portal_upload_result *in,
		  const struct parser_cfg *pcfg, struct store *store,
		  const char *to_addr, const char *message_id,
		  const char *headers, time_t now, struct portal_msg *m,
		  struct portal_check *c, struct err *err)
{
	char *name = form_line(in, PF_NAME, true, c);
	char *email = form_value(in, PF_EMAIL);
	struct buf b;

	memset(m, 0, sizeof(*m));
	if (email[0] == '\0')
		form_issue(c, PF_EMAIL, PP_REQUIRED, NULL);
	else if (!form_ascii_email(email))
		form_issue(c, PF_EMAIL, PP_EMAIL, NULL);
	for (char *p = email; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (in->value[PF_GOOD_FAITH] == NULL ||
	    in->value[PF_GOOD_FAITH][0] == '\0')
		form_issue(c, PF_GOOD_FAITH, PP_STATEMENT, NULL);
	if (kind == PORTAL_FORM_IP && (in->value[PF_ACCURACY] == NULL ||
				       in->value[PF_ACCURACY][0] == '\0'))
		form_issue(c, PF_ACCURACY, PP_STATEMENT, NULL);
	m->stream = kind == PORTAL_FORM_IP ? STREAM_IP : STREAM_ABUSE;
	m->email = email;
	m->from_name = name;
	form_names(in, m);
	buf_init(&b, 0);
	buf_printf(&b, "Submitter name: %s\nSubmitter email: %s\n", name,
		   email);
	if (kind == PORTAL_FORM_IP)
		form_ip(in, pcfg, m, &b, c);
	else
		form_abuse(in, pcfg, m, &b, c);
	m->body = buf_take(&b);
	/* Without a usable address the message cannot be written. */
	if (portal_check_has(c, PF_EMAIL) || portal_check_has(c, PF_NAME))
		return 0;
	return form_parse(m, in, pcfg, store, to_addr, message_id, headers,
			  now, c, err);
}
