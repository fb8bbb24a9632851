/* parsers/mime-head.c - the MIME side's header fields: GMime's parser
   warnings as report warnings, and the top message's Message-ID,
   references, date, sender, Return-Path, subject and
   Authentication-Results read into the report. */
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/mime-gm.h"
#include "parsers/parser-int.h"

static const char *
mime_warning_name(GMimeParserWarning code)
{
	switch (code) {
	case GMIME_WARN_DUPLICATED_HEADER: return "duplicated_header";
	case GMIME_WARN_DUPLICATED_PARAMETER: return "duplicated_parameter";
	case GMIME_WARN_UNENCODED_8BIT_HEADER: return "unencoded_8bit_header";
	case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid_content_type";
	case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
		return "invalid_rfc2047_header_value";
	case GMIME_WARN_MALFORMED_MULTIPART: return "malformed_multipart";
	case GMIME_WARN_TRUNCATED_MESSAGE: return "truncated_message";
	case GMIME_WARN_MALFORMED_MESSAGE: return "malformed_message";
	case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid_header_name";
	case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting_header";
	case GMIME_CRIT_CONFLICTING_PARAMETER: return "conflicting_parameter";
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		return "multipart_without_boundary";
	case GMIME_WARN_INVALID_PARAMETER: return "invalid_parameter";
	case GMIME_WARN_INVALID_ADDRESS_LIST: return "invalid_address_list";
	case GMIME_CRIT_NESTING_OVERFLOW: return "nesting_overflow";
	case GMIME_WARN_PART_WITHOUT_CONTENT: return "part_without_content";
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		return "part_without_headers_or_content";
	default: return "unknown";
	}
}

/* GMime parser warnings become report warnings "mime_<code>: <item>",
   one per code (the first item seen). */
void
mime_on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
		gpointer data)
{
	struct mime_ctx *c = data;
	unsigned bit = (unsigned)code < 32 ? (unsigned)code : 31;
	char *safe;

	(void)offset;
	if (c->warned_gmime & (1u << bit))
		return;
	c->warned_gmime |= 1u << bit;
	if (item == NULL) {
		report_warn(c->r, "mime_warning", "%s", mime_warning_name(code));
		return;
	}
	safe = utf8_sanitize(item, utf8_prefix(item, 120));
	for (char *p = safe; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	report_warn(c->r, "mime_warning", "%s: %s", mime_warning_name(code),
		    safe);
	free(safe);
}

/* A copy of s as valid UTF-8 with control characters turned to spaces,
   or NULL for NULL or empty. */
char *
mime_clean(const char *s)
{
	char *out;

	if (s == NULL || *s == '\0')
		return NULL;
	out = utf8_sanitize(s, strlen(s));
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return out;
}

/* ---- headers ---- */

static void
mime_first_mailbox(InternetAddressList *list, char **name_r, char **addr_r)
{
	int n;

	if (list == NULL)
		return;
	n = internet_address_list_length(list);
	for (int i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_GROUP(a)) {
			mime_first_mailbox(internet_address_group_get_members(
					   INTERNET_ADDRESS_GROUP(a)),
					   name_r, addr_r);
			if (*addr_r != NULL)
				return;
		} else if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			*name_r = mime_clean(internet_address_get_name(a));
			*addr_r = mime_clean(internet_address_mailbox_get_addr(
					     INTERNET_ADDRESS_MAILBOX(a)));
			if (*addr_r == NULL)
				*addr_r = xstrdup("");
			return;
		}
	}
}

const char *
mime_raw_header(GMimeObject *obj, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	int n = hl ? g_mime_header_list_get_count(hl) : 0;

	/* the last one, as GMime reads Subject and the address fields */
	for (int i = n - 1; i >= 0; i--) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *hn = h ? g_mime_header_get_name(h) : NULL;

		if (hn != NULL && g_ascii_strcasecmp(hn, name) == 0)
			return g_mime_header_get_raw_value(h);
	}
	return NULL;
}

/* Whether s holds an encoded word or a byte that is no ASCII. */
static bool
mime_needs_own_decoding(const char *s)
{
	if (strstr(s, "=?") != NULL)
		return true;
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* Reads a mailbox "name <addr>" from the raw field value raw, for what
   GMime's address parser loses: the address after a display name that
   holds ':' or '(' ("Happy :) <a@b>"), and names in encoded words or
   8-bit text (decoded by mime_decode_header). Sets *name_r (NULL when
   there is none) and *addr_r, owned by the caller; returns false, both
   untouched, when raw has no <addr> holding an '@'. */
static bool
mime_raw_mailbox(const char *raw, const char *declared, char **name_r,
		 char **addr_r)
{
	const char *lt = NULL, *gt = NULL;
	struct buf b;
	char *name;

	for (const char *p = raw; (p = strchr(p, '<')) != NULL; p++) {
		const char *q = strchr(p, '>');

		if (q != NULL && memchr(p, '@', (size_t)(q - p)) != NULL) {
			lt = p;
			gt = q;
		}
	}
	if (lt == NULL)
		return false;
	buf_init(&b, 0);
	for (const char *p = raw; p < lt; p++) {
		if (*p == '"')
			continue;
		if (*p == '\\' && p + 1 < lt)
			p++;
		buf_putc(&b, *p);
	}
	name = mime_decode_header(b.data ? b.data : "", b.len, declared);
	buf_free(&b);
	if (*name == '\0') {
		free(name);
		name = NULL;
	}
	*name_r = name;
	{
		char *a = xstrndup(lt + 1, (size_t)(gt - lt - 1));

		*addr_r = mime_clean(g_strstrip(a));
		free(a);
	}
	if (*addr_r == NULL)
		*addr_r = xstrdup("");
	return true;
}

void
mime_mailbox(GMimeMessage *m, const char *field, const char *declared,
	     char **name_r, char **addr_r)
{
	const char *raw = mime_raw_header(GMIME_OBJECT(m), field);
	InternetAddressList *list = strcmp(field, "From") == 0
		? g_mime_message_get_from(m) : g_mime_message_get_reply_to(m);
	char *name = NULL, *addr = NULL;

	mime_first_mailbox(list, name_r, addr_r);
	if (raw == NULL || !mime_raw_mailbox(raw, declared, &name, &addr))
		return;
	if (*addr_r == NULL || **addr_r == '\0') {
		free(*name_r);
		free(*addr_r);
		*name_r = name;
		*addr_r = addr;
		return;
	}
	if (mime_needs_own_decoding(raw) &&
	    g_ascii_strcasecmp(addr, *addr_r) == 0) {
		free(*name_r);
		*name_r = name;
		name = NULL;
	}
	free(name);
	free(addr);
}

char *
mime_subject(GMimeMessage *m, const char *declared)
{
	const char *raw = mime_raw_header(GMIME_OBJECT(m), "Subject");
	char *s;

	if (raw == NULL)
		return NULL;
	s = mime_decode_header(raw, strlen(raw), declared);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

static void
mime_add_references(struct report *r, GMimeObject *obj, const char *name)
{
	const char *value = g_mime_object_get_header(obj, name);
	GMimeReferences *refs;
	int n;

	if (value == NULL)
		return;
	refs = g_mime_references_parse(NULL, value);
	if (refs == NULL)
		return;
	n = g_mime_references_length(refs);
	for (int i = 0; i < n && r->references.n < MIME_MAX_REFERENCES; i++) {
		char *id = mime_clean(g_mime_references_get_message_id(refs, i));

		if (id == NULL)
			continue;
		if (strcmp(name, "In-Reply-To") == 0 && r->in_reply_to == NULL)
			r->in_reply_to = xstrdup(id);
		strv_push_unique(&r->references, id);
		free(id);
	}
	g_mime_references_free(refs);
}

static char *
mime_return_path(const char *value)
{
	const char *lt, *gt;
	char *s, *out;

	if (value == NULL)
		return NULL;
	lt = strchr(value, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL)
		s = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	else
		s = xstrdup(value);
	out = mime_clean(s);
	free(s);
	if (out == NULL)
		return xstrdup("");
	/* trim */
	{
		size_t n = strlen(out), i = 0;

		while (i < n && out[i] == ' ')
			i++;
		while (n > i && out[n - 1] == ' ')
			n--;
		memmove(out, out + i, n - i);
		out[n - i] = '\0';
	}
	return out;
}

static void
mime_date(struct report *r, GMimeMessage *m)
{
	GDateTime *d = g_mime_message_get_date(m), *u;
	gchar *s;

	if (d == NULL) {
		if (g_mime_object_get_header(GMIME_OBJECT(m), "Date") != NULL)
			report_warn(r, "bad_date", "the Date header cannot "
				    "be read");
		return;
	}
	u = g_date_time_to_utc(d);
	if (u == NULL)
		return;
	s = g_date_time_format(u, "%Y-%m-%dT%H:%M:%SZ");
	if (s != NULL)
		r->date = xstrdup(s);
	g_free(s);
	g_date_time_unref(u);
}

static void
mime_auth_results(struct report *r, GMimeObject *obj,
		  const struct parser_cfg *cfg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	int n;

	if (cfg->trusted_authserv_id == NULL || hl == NULL)
		return;
	n = g_mime_header_list_get_count(hl);
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = h ? g_mime_header_get_name(h) : NULL;
		char *res = NULL, *from = NULL;

		if (name == NULL ||
		    strcasecmp(name, "Authentication-Results") != 0)
			continue;
		/* the topmost field of the trusted MX decides, even without
		   a dmarc result: fields below it came with the mail */
		if (authres_dmarc(g_mime_header_get_value(h),
				  cfg->trusted_authserv_id, &res, &from) > 0) {
			r->dmarc = res;
			r->dmarc_from = from;
			return;
		}
	}
}

void
mime_headers(struct mime_ctx *c, GMimeMessage *m)
{
	struct report *r = c->r;
	GMimeObject *obj = GMIME_OBJECT(m);

	r->message_id = mime_clean(g_mime_message_get_message_id(m));
	mime_add_references(r, obj, "In-Reply-To");
	mime_add_references(r, obj, "References");
	mime_date(r, m);
	mime_mailbox(m, "From", c->declared, &r->from_name,
		     &r->from_address);
	mime_mailbox(m, "Reply-To", c->declared, &r->reply_to_name,
		     &r->reply_to_address);
	r->return_path = mime_return_path(g_mime_object_get_header(obj,
							"Return-Path"));
	r->subject = mime_subject(m, c->declared);
	mime_auth_results(r, obj, c->cfg);
	c->forward = quote_subject_is_forward(r->subject);
}
