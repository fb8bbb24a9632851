/* parsers/mime.c - the MIME side of the parser: GMime reads the message
   (the only file that includes <gmime/gmime.h>), walks every part,
   attached and inline-forwarded messages included, turns text to UTF-8,
   hashes attachments while streaming them, and hands the non-quoted text
   to kind.c and the text side (links_scan, analyze_report). */
#include <ctype.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gmime/gmime.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "autoconfig.h"
#include "common/hex.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/mime-int.h"
#include "parsers/parser-int.h"

#define MIME_CHUNK 65536
#define MIME_DEC (MIME_CHUNK / 4 * 3 + 3)
/* own_text only decides the first word of a reply */
#define MIME_OWN_MAX 4096
/* bounds for the machine-readable parts of a report */
#define MIME_REPORT_PART_MAX 65536
#define MIME_MAX_REFERENCES 100

/* Fallbacks for raw 8-bit headers: UTF-8, then the Chinese superset
   (raw 8-bit headers here are mostly GBK), then Western. Bodies with no
   or an unknown charset: UTF-8, then Western (LIBS.md 4.3). */
static const char *mime_header_charsets[] = {
	"UTF-8", "GB18030", "windows-1252", NULL
};
static const char *mime_body_charsets[] = { "UTF-8", "windows-1252", NULL };

/* glibc unloads a gconv module when the last descriptor using it is
   closed, and GMime opens and closes one per text part and encoded
   header: mails in a few charsets paid a dlopen and a dlclose per part
   (some 5% of the parse time). One descriptor per charset seen stays
   open until mime_global_shutdown, keeping its module loaded; it is
   never used to convert anything. */
#define MIME_PIN_MAX 32
static struct {
	char *name;		/* iconv's name for the charset */
	iconv_t cd;		/* (iconv_t)-1 when iconv has none */
} mime_pins[MIME_PIN_MAX];
static size_t mime_n_pins;
static pthread_mutex_t mime_pin_lock = PTHREAD_MUTEX_INITIALIZER;

static void
mime_pin_charset(const char *charset)
{
	const char *name = g_mime_charset_iconv_name(charset);
	size_t i;

	if (name == NULL)
		return;
	pthread_mutex_lock(&mime_pin_lock);
	for (i = 0; i < mime_n_pins; i++)
		if (strcmp(mime_pins[i].name, name) == 0)
			break;
	if (i == mime_n_pins && i < MIME_PIN_MAX) {
		mime_pins[i].name = xstrdup(name);
		mime_pins[i].cd = iconv_open("UTF-8", name);
		mime_n_pins++;
	}
	pthread_mutex_unlock(&mime_pin_lock);
}

struct mime_ctx {
	const struct parser_cfg *cfg;
	struct report *r;
	struct buf text;	/* all non-quoted text, capped */
	struct buf own;		/* top-level message's own text */
	struct strv hrefs;
	char *chunk;		/* MIME_CHUNK bytes for streaming */
	unsigned char *dec;	/* MIME_DEC bytes: chunk base64-decoded */
	unsigned parts;
	bool forward;		/* the subject says Fw: */
	bool warned_parts, warned_depth, warned_attachments, warned_text;
	uint32_t warned_gmime;	/* bit per GMimeParserWarning code */
	GMimeParserOptions *body_opts;	/* fallback charsets of bodies */
	bool has_feedback_report;
};

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
static void
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
static char *
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

static void
mime_headers(struct mime_ctx *c, GMimeMessage *m)
{
	struct report *r = c->r;
	GMimeObject *obj = GMIME_OBJECT(m);

	r->message_id = mime_clean(g_mime_message_get_message_id(m));
	mime_add_references(r, obj, "In-Reply-To");
	mime_add_references(r, obj, "References");
	mime_date(r, m);
	mime_first_mailbox(g_mime_message_get_from(m), &r->from_name,
			   &r->from_address);
	mime_first_mailbox(g_mime_message_get_reply_to(m), &r->reply_to_name,
			   &r->reply_to_address);
	r->return_path = mime_return_path(g_mime_object_get_header(obj,
							"Return-Path"));
	r->subject = mime_clean(g_mime_message_get_subject(m));
	mime_auth_results(r, obj, c->cfg);
	c->forward = quote_subject_is_forward(r->subject);
}

/* ---- reading part contents ---- */

/* Returns a stream of part's decoded content (transfer encoding undone,
   converted to UTF-8 with LF line ends when text is set), owned by the
   caller, or NULL when the part has no content. */
static GMimeStream *
mime_decoded_stream(struct mime_ctx *c, GMimePart *part, bool text)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *raw, *f;
	GMimeFilter *filter;
	GMimeContentEncoding enc;

	if (dw == NULL || (raw = g_mime_data_wrapper_get_stream(dw)) == NULL)
		return NULL;
	if (g_mime_stream_reset(raw) < 0)
		return NULL;
	f = g_mime_stream_filter_new(raw);
	enc = g_mime_data_wrapper_get_encoding(dw);
	if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
	    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
	    enc == GMIME_CONTENT_ENCODING_UUENCODE) {
		filter = g_mime_filter_basic_new(enc, FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), filter);
		g_object_unref(filter);
	}
	if (text) {
		const char *cs = g_mime_object_get_content_type_parameter(
			GMIME_OBJECT(part), "charset");

		if (cs != NULL && g_ascii_strcasecmp(cs, "utf-8") != 0 &&
		    g_ascii_strcasecmp(cs, "us-ascii") != 0 &&
		    g_ascii_strcasecmp(cs, "utf8") != 0) {
			mime_pin_charset(cs);
			filter = g_mime_filter_charset_new(cs, "UTF-8");
			if (filter != NULL) {
				g_mime_stream_filter_add(
					GMIME_STREAM_FILTER(f), filter);
				g_object_unref(filter);
			} else {
				char *safe = mime_clean(cs);

				report_warn(c->r, "unknown_charset", "%s",
					    safe ? safe : "");
				free(safe);
			}
		}
		filter = g_mime_filter_dos2unix_new(FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), filter);
		g_object_unref(filter);
	}
	return f;
}

/* Reads at most max bytes of part's text as valid UTF-8 without NULs
   into a new string owned by the caller (never NULL). */
static char *
mime_read_text(struct mime_ctx *c, GMimePart *part, size_t max, size_t *len_r)
{
	GMimeStream *s = mime_decoded_stream(c, part, true);
	struct buf b;
	ssize_t n;
	bool cut = false;
	char *out;
	size_t j = 0;

	buf_init(&b, 0);
	while (s != NULL && (n = g_mime_stream_read(s, c->chunk,
						     MIME_CHUNK)) > 0) {
		size_t want = (size_t)n;

		if (b.len + want > max) {
			want = max - b.len;
			cut = true;
		}
		buf_append(&b, c->chunk, want);
		if (cut)
			break;
	}
	if (s != NULL)
		g_object_unref(s);
	if (cut && !c->warned_text) {
		c->warned_text = true;
		report_warn(c->r, "text_truncated", "only the first %zu bytes "
			    "of text are read", max);
	}
	/* NUL bytes end C strings: drop them */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] != '\0')
			b.data[j++] = b.data[i];
	if (b.data != NULL)
		b.data[j] = '\0';
	b.len = j;
	out = buf_take(&b);
	if (!g_utf8_validate(out, (gssize)j, NULL)) {
		gchar *fixed = g_mime_utils_decode_8bit(c->body_opts,
							out, j);

		free(out);
		out = fixed ? utf8_sanitize(fixed, utf8_prefix(fixed, max))
			    : xstrdup("");
		g_free(fixed);
		j = strlen(out);
	}
	*len_r = j;
	return out;
}

/* Reads at most max bytes of part's decoded content as a string (for the
   machine-readable parts of reports). */
static char *
mime_read_raw(struct mime_ctx *c, GMimePart *part, size_t max, size_t *len_r)
{
	GMimeStream *s = mime_decoded_stream(c, part, false);
	struct buf b;
	ssize_t n;

	buf_init(&b, max);
	while (s != NULL && (n = g_mime_stream_read(s, c->chunk,
						     MIME_CHUNK)) > 0)
		if (buf_append(&b, c->chunk, (size_t)n) < 0)
			break;
	if (s != NULL)
		g_object_unref(s);
	*len_r = b.len;
	return buf_take(&b);
}

/* ---- text ---- */

static void
mime_add_text(struct mime_ctx *c, const char *s, size_t len, bool own)
{
	struct buf *t = &c->text;
	size_t room, n;

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	if (len == 0)
		return;
	if (own && c->own.len == 0)
		buf_append(&c->own, s, utf8_prefix(s, len < MIME_OWN_MAX - 1 ?
						   len : MIME_OWN_MAX - 1));
	if (t->len > 0 && buf_puts(t, "\n\n") < 0)
		len = 0;	/* full: nothing more fits */
	room = t->max > t->len ? t->max - t->len : 0;
	if (len > 0 && len <= room) {
		buf_append(t, s, len);
		return;
	}
	n = len < room ? len : room;
	if (n > 0) {
		char *tmp = xstrndup(s, n);

		buf_append(t, tmp, utf8_prefix(tmp, n));
		free(tmp);
	}
	if (!c->warned_text) {
		c->warned_text = true;
		report_warn(c->r, "text_truncated", "only the first %zu bytes "
			    "of text are read", c->cfg->max_text_bytes);
	}
}

static void
mime_text_part(struct mime_ctx *c, GMimePart *part, bool html, bool top,
	       bool hrefs_only)
{
	size_t len, cut;
	char *s = mime_read_text(c, part, c->cfg->max_text_bytes, &len);
	struct buf own;

	buf_init(&own, 0);
	if (html) {
		struct html_doc doc;

		html_extract(s, len, c->cfg->max_text_bytes, c->cfg->max_links,
			     &doc);
		cut = doc.text.len == 0 ? 0 :
		      quote_strip(doc.text.data, doc.text.len, c->forward, &own);
		for (size_t i = 0; i < doc.hrefs.n; i++)
			if (doc.href_at[i] <= cut &&
			    c->hrefs.n < c->cfg->max_links)
				strv_push(&c->hrefs, doc.hrefs.v[i]);
		html_doc_free(&doc);
	} else if (!hrefs_only) {
		quote_strip(s, len, c->forward, &own);
	}
	if (!hrefs_only && own.len > 0)
		mime_add_text(c, own.data, own.len, top);
	buf_free(&own);
	free(s);
}

/* ---- attachments ---- */

/* The file name without path components or control characters, or NULL
   when nothing is left. */
static char *
mime_filename(const char *name)
{
	const char *base;
	struct buf b;
	char *clean, *out;
	size_t n, i = 0;

	if (name == NULL)
		return NULL;
	base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	buf_init(&b, 0);
	for (const char *p = base; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			buf_putc(&b, *p);
	clean = buf_take(&b);
	out = utf8_sanitize(clean, strlen(clean));
	free(clean);
	n = strlen(out);
	while (i < n && out[i] == ' ')
		i++;
	while (n > i && (out[n - 1] == ' ' || out[n - 1] == '.'))
		n--;
	memmove(out, out + i, n - i);
	out[n - i] = '\0';
	if (out[0] == '\0' || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
		free(out);
		return NULL;
	}
	return out;
}

static char *
mime_content_type(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	gchar *t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *out = mime_clean(t ? t : "application/octet-stream");

	g_free(t);
	for (char *p = out; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

/* One attachment's decoded bytes on their way to the hash and the sink. */
struct mime_att_out {
	const struct parser_sink *sink;	/* foreign, may be NULL */
	void *h;			/* the sink's handle, or NULL */
	gnutls_hash_hd_t sum;
	uint64_t size;
	bool ok;			/* the sink took every byte */
};

static void
mime_att_put(struct mime_att_out *o, const void *data, size_t n)
{
	if (n == 0)
		return;
	gnutls_hash(o->sum, data, n);
	o->size += (uint64_t)n;
	if (o->h != NULL && o->ok && o->sink->write != NULL &&
	    o->sink->write(o->h, data, n) < 0)
		o->ok = false;
}

/* Feeds part's decoded content to o. Base64 (most attachments) is
   decoded here from the encoded stream (b64.c); anything else through
   GMime's filters. Returns false if the content could not be read. */
static bool
mime_att_decode(struct mime_ctx *c, GMimePart *part, struct mime_att_out *o)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *s;
	ssize_t n = 0;

	if (dw != NULL && g_mime_data_wrapper_get_encoding(dw) ==
	    GMIME_CONTENT_ENCODING_BASE64) {
		struct b64_state st = { 0, 0, false };

		s = g_mime_data_wrapper_get_stream(dw);	/* borrowed */
		if (s == NULL || g_mime_stream_reset(s) < 0)
			return true;
		while ((n = g_mime_stream_read(s, c->chunk, MIME_CHUNK)) > 0)
			mime_att_put(o, c->dec, b64_decode_step(&st,
				     (const unsigned char *)c->chunk,
				     (size_t)n, c->dec));
		/* a bounded fs stream answers -1 at its end */
		return n == 0 || g_mime_stream_eos(s);
	}
	s = mime_decoded_stream(c, part, false);
	if (s == NULL)
		return true;
	while ((n = g_mime_stream_read(s, c->chunk, MIME_CHUNK)) > 0)
		mime_att_put(o, c->chunk, (size_t)n);
	g_object_unref(s);
	return n == 0;
}

static void
mime_attachment(struct mime_ctx *c, GMimePart *part)
{
	const struct parser_sink *sink = c->cfg->sink;
	struct mime_att_out o = { sink, NULL, NULL, 0, true };
	struct report_attachment a;
	unsigned char digest[32];

	if (c->r->n_attachments >= c->cfg->max_attachments) {
		if (!c->warned_attachments) {
			c->warned_attachments = true;
			report_warn(c->r, "too_many_attachments", "only the "
				    "first %u are listed",
				    c->cfg->max_attachments);
		}
		return;
	}
	memset(&a, 0, sizeof(a));
	a.filename = mime_filename(g_mime_part_get_filename(part));
	a.content_type = mime_content_type(GMIME_OBJECT(part));
	/* GnuTLS (nettle) hashes several times faster than GChecksum */
	if (gnutls_hash_init(&o.sum, GNUTLS_DIG_SHA256) < 0)
		abort();
	if (sink != NULL && sink->begin != NULL)
		o.h = sink->begin(sink->ctx);
	if (!mime_att_decode(c, part, &o)) {
		o.ok = false;
		report_warn(c->r, "attachment_unreadable", "%s",
			    a.filename ? a.filename : a.content_type);
	}
	gnutls_hash_deinit(o.sum, digest);
	hex_encode(digest, sizeof(digest), a.sha256);
	a.size = o.size;
	if (o.h != NULL && sink->end != NULL)
		sink->end(o.h, a.sha256, o.ok);
	report_add_attachment(c->r, &a);
	free(a.filename);
	free(a.content_type);
}

/* ---- the walk ---- */

static bool
mime_type_is(GMimeObject *obj, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);

	return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

static bool
mime_is_attachment_disposition(GMimeObject *obj)
{
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
	const char *d = cd ? g_mime_content_disposition_get_disposition(cd)
			   : NULL;

	return d != NULL && g_ascii_strcasecmp(d, "attachment") == 0;
}

/* What the walk carries down the tree. */
struct mime_pos {
	unsigned depth;
	bool top;		/* in the top-level message, not an attached one */
	bool hrefs_only;	/* an HTML alternative of a plain part */
	bool in_dsn;		/* inside multipart/report delivery-status */
};

static void mime_walk(struct mime_ctx *c, GMimeObject *obj,
		      struct mime_pos pos);

static void
mime_report_part(struct mime_ctx *c, GMimePart *part, bool headers)
{
	size_t len;
	char *s = mime_read_raw(c, part, MIME_REPORT_PART_MAX, &len);

	if (headers) {
		char *id = dsn_header_message_id(s, len);

		if (id != NULL && c->r->bounced_message_id == NULL)
			c->r->bounced_message_id = id;
		else
			free(id);
	} else {
		dsn_read_status(c->r, s, len);
	}
	free(s);
}

static void
mime_leaf(struct mime_ctx *c, GMimePart *part, struct mime_pos pos)
{
	GMimeObject *obj = GMIME_OBJECT(part);
	bool attach = mime_is_attachment_disposition(obj);
	bool is_text = mime_type_is(obj, "text", "*");

	if (mime_type_is(obj, "message", "delivery-status") ||
	    mime_type_is(obj, "message", "global-delivery-status")) {
		mime_report_part(c, part, false);
		return;
	}
	if (mime_type_is(obj, "text", "rfc822-headers") ||
	    mime_type_is(obj, "message", "global-headers")) {
		if (pos.in_dsn)
			mime_report_part(c, part, true);
		return;
	}
	if (mime_type_is(obj, "message", "feedback-report")) {
		c->has_feedback_report = true;
		return;
	}
	if (mime_type_is(obj, "message", "disposition-notification") ||
	    mime_type_is(obj, "application", "pgp-signature") ||
	    mime_type_is(obj, "application", "pkcs7-signature") ||
	    mime_type_is(obj, "application", "x-pkcs7-signature"))
		return;
	if (!attach && (mime_type_is(obj, "text", "plain") ||
			mime_type_is(obj, "text", "html"))) {
		mime_text_part(c, part, mime_type_is(obj, "text", "html"),
			       pos.top, pos.hrefs_only);
		return;
	}
	if (!is_text || attach || g_mime_part_get_filename(part) != NULL)
		mime_attachment(c, part);
}

static void
mime_alternative(struct mime_ctx *c, GMimeMultipart *mp, struct mime_pos pos)
{
	int n = g_mime_multipart_get_count(mp), plain = -1;
	size_t before = c->text.len;
	struct mime_pos sub = pos;

	sub.depth++;
	for (int i = 0; i < n && plain < 0; i++) {
		GMimeObject *o = g_mime_multipart_get_part(mp, i);

		if (o != NULL && GMIME_IS_PART(o) &&
		    mime_type_is(o, "text", "plain") &&
		    !mime_is_attachment_disposition(o))
			plain = i;
	}
	if (plain >= 0) {
		mime_walk(c, g_mime_multipart_get_part(mp, plain), sub);
		/* an empty plain alternative does not hide the HTML one */
		sub.hrefs_only = pos.hrefs_only || c->text.len > before;
	}
	for (int i = 0; i < n; i++) {
		GMimeObject *o = g_mime_multipart_get_part(mp, i);

		if (i == plain || o == NULL)
			continue;
		if (plain >= 0 && GMIME_IS_PART(o) &&
		    mime_type_is(o, "text", "plain"))
			continue;
		mime_walk(c, o, sub);
	}
}

static void
mime_attached_message(struct mime_ctx *c, GMimeMessagePart *mpart,
		      struct mime_pos pos)
{
	GMimeMessage *m = g_mime_message_part_get_message(mpart);
	GMimeObject *body;
	struct mime_pos sub = pos;
	const char *subject;
	struct buf hdr;

	if (m == NULL)
		return;
	if (pos.in_dsn && c->r->bounced_message_id == NULL)
		c->r->bounced_message_id =
			mime_clean(g_mime_message_get_message_id(m));
	/* the forwarded mail's own subject and sender are text of it */
	subject = g_mime_message_get_subject(m);
	buf_init(&hdr, 0);
	if (subject != NULL) {
		char *s = mime_clean(subject);

		buf_printf(&hdr, "Subject: %s\n", s ? s : "");
		free(s);
	}
	{
		char *name = NULL, *addr = NULL;

		mime_first_mailbox(g_mime_message_get_from(m), &name, &addr);
		if (addr != NULL)
			buf_printf(&hdr, "From: %s%s<%s>\n", name ? name : "",
				   name ? " " : "", addr);
		free(name);
		free(addr);
	}
	if (hdr.len > 0 && !pos.hrefs_only)
		mime_add_text(c, hdr.data, hdr.len, false);
	buf_free(&hdr);
	body = g_mime_message_get_mime_part(m);
	if (body == NULL)
		return;
	sub.depth++;
	sub.top = false;
	sub.in_dsn = false;
	mime_walk(c, body, sub);
}

static void
mime_walk(struct mime_ctx *c, GMimeObject *obj, struct mime_pos pos)
{
	if (obj == NULL)
		return;
	if (++c->parts > c->cfg->max_parts) {
		if (!c->warned_parts) {
			c->warned_parts = true;
			report_warn(c->r, "too_many_parts", "only the first "
				    "%u MIME parts are read", c->cfg->max_parts);
		}
		return;
	}
	if (pos.depth > c->cfg->max_depth) {
		if (!c->warned_depth) {
			c->warned_depth = true;
			report_warn(c->r, "too_deep", "parts nested deeper "
				    "than %u levels are not read",
				    c->cfg->max_depth);
		}
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		struct mime_pos sub = pos;
		int n;

		if (mime_type_is(obj, "multipart", "alternative")) {
			mime_alternative(c, mp, pos);
			return;
		}
		if (mime_type_is(obj, "multipart", "report")) {
			const char *rt = g_mime_object_get_content_type_parameter(
				obj, "report-type");

			sub.in_dsn = rt != NULL &&
				     g_ascii_strcasecmp(rt, "delivery-status") == 0;
		}
		sub.depth++;
		n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			mime_walk(c, g_mime_multipart_get_part(mp, i), sub);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		mime_attached_message(c, GMIME_MESSAGE_PART(obj), pos);
	} else if (GMIME_IS_PART(obj)) {
		mime_leaf(c, GMIME_PART(obj), pos);
	}
}

/* ---- the top ---- */

/* Scans the header block at the start of s. Returns its length (through
   the blank line, or the whole stream when it has none), or -1 when it is
   longer than limit; then *cut_r is the end of the last whole line within
   limit. */
static gint64
mime_scan_headers(GMimeStream *s, struct mime_ctx *c, size_t limit,
		  gint64 *cut_r)
{
	gint64 off = 0, last_nl = 0;
	bool at_line_start = true;
	ssize_t n;

	*cut_r = 0;
	while ((n = g_mime_stream_read(s, c->chunk, MIME_CHUNK)) > 0) {
		for (ssize_t i = 0; i < n; i++, off++) {
			char ch = c->chunk[i];

			if (ch == '\n') {
				if (at_line_start)
					return off + 1;
				at_line_start = true;
				last_nl = off + 1;
			} else if (ch != '\r' || !at_line_start) {
				at_line_start = false;
			}
			if ((uint64_t)off >= limit) {
				*cut_r = last_nl;
				return -1;
			}
		}
	}
	return off;
}

/* GMime parses address fields (of the message and of every attached
   message, all at construct time) recursing once per group: a From or Cc
   of some 30,000 nested groups ("g:g:g:...") overflowed the stack in a
   40 KB mail (hostile.sh, fuzz-1.eml). No real address field holds many
   colons, so past this many in one field the rest are blanked before
   GMime sees them. */
#define MIME_MAX_ADDR_COLONS 64
#define MIME_FIELD_NAME_MAX 40

/* Where mime_addr_scan() is in the text: at a line start, in a field
   name, in a field value, or in a line that is no field. */
enum mime_addr_where { ADDR_BOL, ADDR_NAME, ADDR_VALUE, ADDR_OTHER };

struct mime_addr_scan {
	enum mime_addr_where where;
	bool addr;		/* the current field holds addresses */
	unsigned colons;	/* in the current field's value */
	size_t name_len;
	char name[MIME_FIELD_NAME_MAX + 1];
};

/* Whether a field name (lower case) names an address field: From, To,
   Cc, Bcc, Sender and their Resent-, Reply-To, ...-To variants. */
static bool
mime_is_addr_field(const char *name, size_t len)
{
	static const char *const ends[] = { "from", "to", "cc", "bcc",
					    "sender", NULL };

	for (int i = 0; ends[i] != NULL; i++) {
		size_t n = strlen(ends[i]);

		if (len >= n && memcmp(name + len - n, ends[i], n) == 0 &&
		    (len == n || name[len - n - 1] == '-'))
			return true;
	}
	return false;
}

/* Scans buf[0..n) (one chunk of a stream; st carries over) for address
   fields, in header blocks or anywhere else. Returns true if one has
   more than MIME_MAX_ADDR_COLONS colons; with fix, blanks those colons
   in buf instead. */
static bool
mime_addr_scan(struct mime_addr_scan *st, char *buf, size_t n, bool fix)
{
	bool over = false;

	for (size_t i = 0; i < n; i++) {
		char ch;

		if (st->where == ADDR_OTHER ||
		    (st->where == ADDR_VALUE && !st->addr)) {
			/* nothing to count on this line: jump to its end
			   (most bytes of a mail are body lines) */
			const char *nl = memchr(buf + i, '\n', n - i);

			if (nl == NULL)
				break;
			i = (size_t)(nl - buf);
		}
		ch = buf[i];
		if (st->where == ADDR_BOL) {
			if (ch == ' ' || ch == '\t') {
				/* a continuation line stays in its field */
				st->where = st->addr ? ADDR_VALUE : ADDR_OTHER;
				continue;
			}
			st->addr = false;
			st->where = ADDR_NAME;
			st->name_len = 0;
			if (ch != '\n') {
				/* a whole line without a colon is no field
				   (base64 and most body lines): skip it at
				   memchr speed */
				const char *nl = memchr(buf + i, '\n', n - i);

				if (nl != NULL && memchr(buf + i, ':',
					(size_t)(nl - (buf + i))) == NULL) {
					st->where = ADDR_BOL;
					i = (size_t)(nl - buf);
					continue;
				}
			}
		}
		if (ch == '\n') {
			st->where = ADDR_BOL;
			continue;
		}
		if (st->where == ADDR_NAME) {
			if (ch == ':') {
				st->addr = mime_is_addr_field(st->name,
							      st->name_len);
				st->colons = 0;
				st->where = ADDR_VALUE;
			} else if (ch == ' ' || ch == '\t') {
				continue;	/* "From :" */
			} else if (!g_ascii_isalpha(ch) && ch != '-') {
				/* no address field's name: a body line */
				st->where = ADDR_OTHER;
			} else if (st->name_len < MIME_FIELD_NAME_MAX) {
				st->name[st->name_len++] =
					(char)g_ascii_tolower(ch);
			} else {
				st->where = ADDR_OTHER;
			}
		} else if (st->where == ADDR_VALUE && st->addr && ch == ':' &&
			   ++st->colons > MIME_MAX_ADDR_COLONS) {
			over = true;
			if (!fix)
				return true;
			buf[i] = ' ';
		}
	}
	return over;
}

/* Returns s's bytes from offset from up to to (-1: to its end) as a new
   memory stream (owned by the caller) with the colons of over-nested
   address fields blanked, or NULL when no field needs it: then the cost
   is one more read of the message and no copy. */
static GMimeStream *
mime_defuse_addresses(struct mime_ctx *c, GMimeStream *s, gint64 from,
		      gint64 to)
{
	struct mime_addr_scan st;
	GByteArray *ba = NULL;
	bool found = false;

	for (int pass = 0; pass < 2; pass++) {
		gint64 pos = from;
		ssize_t n;

		memset(&st, 0, sizeof(st));
		if (g_mime_stream_seek(s, from, GMIME_STREAM_SEEK_SET) < 0)
			break;
		while (to < 0 || pos < to) {
			size_t want = to < 0 || to - pos > MIME_CHUNK
				      ? MIME_CHUNK : (size_t)(to - pos);

			n = g_mime_stream_read(s, c->chunk, want);
			if (n <= 0)
				break;
			pos += n;
			if (pass == 0 &&
			    mime_addr_scan(&st, c->chunk, (size_t)n, false)) {
				found = true;
				break;
			}
			if (pass == 1) {
				mime_addr_scan(&st, c->chunk, (size_t)n, true);
				g_byte_array_append(ba, (guint8 *)c->chunk,
						    (guint)n);
			}
		}
		if (!found)
			break;
		if (pass == 0)
			ba = g_byte_array_new();
	}
	g_mime_stream_reset(s);
	if (ba == NULL)
		return NULL;
	report_warn(c->r, "address_too_nested", "an address field has more "
		    "than %d colons: the rest were blanked",
		    MIME_MAX_ADDR_COLONS);
	return g_mime_stream_mem_new_with_byte_array(ba);
}

static GMimeMessage *
mime_construct(GMimeStream *s, GMimeParserOptions *opts)
{
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m;

	g_mime_parser_set_format(p, GMIME_FORMAT_MESSAGE);
	m = g_mime_parser_construct_message(p, opts);
	g_object_unref(p);
	return m;
}

/* A bounce with no DSN part (qmail, Exim text bounces) often quotes the
   returned message's header in its text: takes the first Message-ID
   line found there. Returns true if one was found. */
static bool
mime_text_message_id(struct mime_ctx *c)
{
	const char *t = buf_str(&c->text), *p;

	for (p = t; *p; p++) {
		const char *nl;

		if ((p != t && p[-1] != '\n') ||
		    g_ascii_strncasecmp(p, "Message-ID:", 11) != 0)
			continue;
		nl = strchr(p, '\n');
		c->r->bounced_message_id = dsn_header_message_id(p,
			nl ? (size_t)(nl - p) : strlen(p));
		return c->r->bounced_message_id != NULL;
	}
	return false;
}

static void
mime_analyze(struct mime_ctx *c, GMimeMessage *m, bool body)
{
	struct report *r = c->r;
	GMimeObject *obj = m ? GMIME_OBJECT(m) : NULL;
	GMimeObject *top = m ? g_mime_message_get_mime_part(m) : NULL;
	struct kind_input in;
	const char *xa;

	memset(&in, 0, sizeof(in));
	if (m != NULL)
		mime_headers(c, m);
	if (body && top != NULL) {
		struct mime_pos pos = { 0, true, false, false };

		mime_walk(c, top, pos);
	}
	if (top != NULL && mime_type_is(top, "multipart", "report"))
		in.report_type = g_mime_object_get_content_type_parameter(
			top, "report-type");
	in.subject = r->subject;
	in.own_text = buf_str(&c->own);
	in.text = buf_str(&c->text);
	in.from_address = r->from_address;
	if (obj != NULL) {
		in.return_path = g_mime_object_get_header(obj, "Return-Path");
		in.auto_submitted = g_mime_object_get_header(obj,
							     "Auto-Submitted");
		xa = g_mime_object_get_header(obj, "X-Autoreply");
		in.x_autoreply = xa ? xa : g_mime_object_get_header(obj,
							"X-Autorespond");
		in.precedence = g_mime_object_get_header(obj, "Precedence");
		in.list_id = g_mime_object_get_header(obj, "List-Id");
	}
	in.has_feedback_report = c->has_feedback_report;
	kind_decide(r, &in, c->cfg);
	if (r->kind == KIND_BOUNCE && r->bounced_message_id == NULL &&
	    mime_text_message_id(c)) {
		kind_decide(r, &in, c->cfg);	/* the id may name a case */
	}
	r->body_text = xstrdup(buf_str(&c->text));
	links_scan(r, buf_str(&c->text), &c->hrefs, c->cfg);
	analyze_report(r, buf_str(&c->text), c->cfg);
}

/* Skips what may precede the header block: a UTF-8 byte order mark,
   lines of white space (but not an empty line, which would end the
   header) and an mbox "From " line. Returns the offset where the message
   starts. */
static gint64
mime_skip_preamble(GMimeStream *s, struct mime_ctx *c)
{
	ssize_t n;
	size_t pos = 0;
	const char *p;

	g_mime_stream_reset(s);
	n = g_mime_stream_read(s, c->chunk, 4096);
	g_mime_stream_reset(s);
	if (n <= 0)
		return 0;
	p = c->chunk;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (;;) {
		const char *nl = memchr(p + pos, '\n', (size_t)n - pos);
		size_t i = pos;
		bool space = false;

		if (nl == NULL)
			break;
		while (p + i < nl && (p[i] == ' ' || p[i] == '\t' ||
				      p[i] == '\r')) {
			space |= p[i] != '\r';
			i++;
		}
		if (p + i != nl || !space)
			break;
		pos = (size_t)(nl - p) + 1;
	}
	if ((size_t)n - pos >= 5 && strncmp(p + pos, "From ", 5) == 0) {
		const char *nl = memchr(p + pos, '\n', (size_t)n - pos);

		if (nl != NULL)
			pos = (size_t)(nl - p) + 1;
	}
	return (gint64)pos;
}

static void
mime_parse_stream(struct mime_ctx *c, GMimeStream *s, uint64_t size)
{
	const struct parser_cfg *cfg = c->cfg;
	GMimeParserOptions *opts = g_mime_parser_options_new();
	GMimeStream *sub = NULL;
	GMimeMessage *m;
	gint64 start, hlen, cut, base = s->bound_start;
	bool body = true;

	c->body_opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(c->body_opts,
						    mime_body_charsets);
	g_mime_parser_options_set_fallback_charsets(opts,
						    mime_header_charsets);
#ifdef HAVE_GMIME_WARNING_CB_NOTIFY
	g_mime_parser_options_set_warning_callback(opts, mime_on_warning, c,
						   NULL);
#else
	g_mime_parser_options_set_warning_callback(opts, mime_on_warning, c);
#endif
	start = mime_skip_preamble(s, c);
	g_mime_stream_seek(s, base + start, GMIME_STREAM_SEEK_SET);
	hlen = mime_scan_headers(s, c, cfg->max_header_bytes, &cut);
	if (hlen < 0) {
		report_warn(c->r, "header_too_large", "the header is larger "
			    "than %zu bytes: only its start and no body is "
			    "read", cfg->max_header_bytes);
		hlen = cut;
		body = false;
	} else if (size > cfg->max_message_bytes) {
		report_warn(c->r, "message_too_large", "%llu bytes is more "
			    "than %llu: only the header is read",
			    (unsigned long long)size,
			    (unsigned long long)cfg->max_message_bytes);
		body = false;
	}
	if (size == 0)
		report_warn(c->r, "empty_message", NULL);
	g_mime_stream_reset(s);
	sub = mime_defuse_addresses(c, s, base + start,
				    body ? -1 : base + start + hlen);
	if (sub != NULL) {
		/* a copy of the part below that GMime can parse safely */
	} else if (!body) {
		sub = g_mime_stream_substream(s, base + start,
					      base + start + hlen);
	} else if (start > 0) {
		sub = g_mime_stream_substream(s, base + start, s->bound_end);
	}
	m = mime_construct(sub ? sub : s, opts);
	if (m == NULL && size > 0)
		report_warn(c->r, "not_a_message", "no message could be read");
	mime_analyze(c, m, body);
	if (m != NULL)
		g_object_unref(m);
	if (sub != NULL)
		g_object_unref(sub);
	g_mime_parser_options_free(opts);
	g_mime_parser_options_free(c->body_opts);
	c->body_opts = NULL;
}

void
mime_parse(int fd, const void *data, uint64_t size,
	   const struct parser_cfg *cfg, struct report *r)
{
	struct mime_ctx c;
	GMimeStream *s;
	GByteArray *ba = NULL;

	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.r = r;
	c.chunk = xmalloc(MIME_CHUNK);
	c.dec = xmalloc(MIME_DEC);
	buf_init(&c.text, cfg->max_text_bytes);
	buf_init(&c.own, MIME_OWN_MAX);
	r->size = size;
	if (fd >= 0) {
		s = g_mime_stream_fs_new(fd);
		g_mime_stream_fs_set_owner(GMIME_STREAM_FS(s), FALSE);
	} else {
		/* borrow the caller's bytes: the array is never written to
		   and is released without freeing its data */
		ba = size > 0 ? g_byte_array_new_take(
				(guint8 *)(uintptr_t)data, (gsize)size)
			      : g_byte_array_new();
		s = g_mime_stream_mem_new_with_byte_array(ba);
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
	}
	mime_parse_stream(&c, s, size);
	g_object_unref(s);
	if (ba != NULL)
		g_byte_array_free(ba, size == 0);
	buf_free(&c.text);
	buf_free(&c.own);
	strv_free(&c.hrefs);
	free(c.chunk);
	free(c.dec);
}

void
mime_global_init(void)
{
	/* GObject classes are made on first use; make those of a parse
	   here, before poll's parse workers share them (they are kept for
	   the life of the process). */
	GType types[] = {
		internet_address_list_get_type(), INTERNET_ADDRESS_TYPE_GROUP,
		INTERNET_ADDRESS_TYPE_MAILBOX, GMIME_TYPE_MESSAGE,
		GMIME_TYPE_MULTIPART, GMIME_TYPE_PART, GMIME_TYPE_TEXT_PART,
		GMIME_TYPE_MESSAGE_PART, GMIME_TYPE_MESSAGE_PARTIAL,
		GMIME_TYPE_MULTIPART_SIGNED, GMIME_TYPE_MULTIPART_ENCRYPTED,
		GMIME_TYPE_PARSER, GMIME_TYPE_DATA_WRAPPER,
		GMIME_TYPE_STREAM_MEM, GMIME_TYPE_STREAM_FS,
		GMIME_TYPE_STREAM_FILTER, GMIME_TYPE_STREAM_NULL,
		GMIME_TYPE_FILTER_BASIC, GMIME_TYPE_FILTER_CHARSET,
		GMIME_TYPE_FILTER_DOS2UNIX, GMIME_TYPE_CONTENT_TYPE,
		GMIME_TYPE_CONTENT_DISPOSITION, GMIME_TYPE_PARAM_LIST,
		GMIME_TYPE_HEADER_LIST
	};

	g_mime_init();
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		(void)g_type_class_ref(types[i]);
	for (int i = 0; mime_body_charsets[i] != NULL; i++)
		mime_pin_charset(mime_body_charsets[i]);
}

void
mime_global_shutdown(void)
{
	pthread_mutex_lock(&mime_pin_lock);
	for (size_t i = 0; i < mime_n_pins; i++) {
		if (mime_pins[i].cd != (iconv_t)-1)
			iconv_close(mime_pins[i].cd);
		free(mime_pins[i].name);
	}
	mime_n_pins = 0;
	pthread_mutex_unlock(&mime_pin_lock);
	g_mime_shutdown();
}
