/* parsers/mime-part.c - one part's contents: decoded (transfer encoding
   undone, text turned to UTF-8), its non-quoted text added to the
   message's text, attachments hashed and handed to the sink while they
   are streamed. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "common/hex.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/docs-int.h"
#include "parsers/mime-gm.h"
#include "parsers/parser-int.h"

/* ---- reading part contents ---- */

/* Returns a new memory stream (owned by the caller) of the base64 text
   part read from raw, decoded with b64.c, at most max_text_bytes and a
   chunk: GMime's decoder drops the last bytes of data that lost its '='
   padding. */
static GMimeStream *
mime_b64_text(struct mime_ctx *c, GMimeStream *raw)
{
	GByteArray *ba = g_byte_array_new();
	struct b64_state st = { 0, 0, false };
	ssize_t n;
	size_t got;

	while (ba->len <= c->cfg->max_text_bytes &&
	       (n = g_mime_stream_read(raw, c->chunk, MIME_CHUNK)) > 0) {
		got = b64_decode_step(&st, (const unsigned char *)c->chunk,
				      (size_t)n, c->dec);
		g_byte_array_append(ba, c->dec, (guint)got);
	}
	got = b64_decode_end(&st, c->dec);
	g_byte_array_append(ba, c->dec, (guint)got);
	return g_mime_stream_mem_new_with_byte_array(ba);
}

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
	enc = g_mime_data_wrapper_get_encoding(dw);
	if (enc == GMIME_CONTENT_ENCODING_BASE64 && text) {
		/* decoded here, to the last byte of unpadded data */
		GMimeStream *mem = mime_b64_text(c, raw);

		f = g_mime_stream_filter_new(mem);
		g_object_unref(mem);
	} else {
		f = g_mime_stream_filter_new(raw);
	}
	if ((enc == GMIME_CONTENT_ENCODING_BASE64 && !text) ||
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
			const char *name;

			mime_pin_charset(cs);
			filter = g_mime_filter_charset_new(cs, "UTF-8");
			if (filter == NULL &&
			    (name = mime_charset_name(cs)) != NULL) {
				/* koi8_r, ks_c_5601-1987...: as iconv names it */
				mime_pin_charset(name);
				filter = g_mime_filter_charset_new(name, "UTF-8");
			}
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
char *
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

void
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

void
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

/* Returns the value of parameter name (not name*) in the raw header
   value raw, unquoted, owned by the caller, or NULL. */
static char *
mime_raw_param(const char *raw, const char *name)
{
	size_t n = strlen(name);
	const char *p = raw;
	struct buf b;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (g_ascii_strncasecmp(p, name, n) != 0)
			continue;
		p += n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		buf_init(&b, 0);
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				buf_putc(&b, *p);
			}
		} else {
			for (; *p && *p != ';' && *p != ' ' && *p != '\t' &&
			       *p != '\r' && *p != '\n'; p++)
				buf_putc(&b, *p);
		}
		return buf_take(&b);
	}
	return NULL;
}

/* The part's file name as GMime reads it, except where the raw
   filename (Content-Disposition) or name (Content-Type) parameter is
   written in RFC 2047 encoded words or 8-bit text: that is decoded by
   mime_decode_header (GMime stops a run of encoded words at the first
   '=' padding and reads 8-bit text without the message's charset). The
   result is owned by the caller, or NULL. */
static char *
mime_part_filename(struct mime_ctx *c, GMimePart *part)
{
	static const char *const where[][2] = {
		{ "Content-Disposition", "filename" },
		{ "Content-Type", "name" },
	};
	GMimeObject *obj = GMIME_OBJECT(part);

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		const char *raw = mime_raw_header(obj, where[i][0]);
		char *v = raw ? mime_raw_param(raw, where[i][1]) : NULL;
		bool own = false;

		if (v == NULL)
			continue;
		own = strstr(v, "=?") != NULL;
		for (const char *p = v; *p && !own; p++)
			own = (unsigned char)*p >= 0x80;
		if (own) {
			char *d = mime_decode_header(v, strlen(v),
						     c->declared);

			free(v);
			v = mime_filename(d);
			free(d);
			return v;
		}
		free(v);
		break;
	}
	return mime_filename(g_mime_part_get_filename(part));
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
	struct docs_capture *cap;	/* kept for docs.c, or NULL */
};

static void
mime_att_put(struct mime_att_out *o, const void *data, size_t n)
{
	if (n == 0)
		return;
	gnutls_hash(o->sum, data, n);
	o->size += (uint64_t)n;
	docs_capture_put(o->cap, data, n);
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
		/* data without its '=' padding: its last bytes */
		mime_att_put(o, c->dec, b64_decode_end(&st, c->dec));
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

void
mime_attachment(struct mime_ctx *c, GMimePart *part)
{
	const struct parser_sink *sink = c->cfg->sink;
	struct mime_att_out o = { sink, NULL, NULL, 0, true, NULL };
	struct buf body;
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
	a.filename = mime_part_filename(c, part);
	a.content_type = mime_content_type(GMIME_OBJECT(part));
	/* GnuTLS (nettle) hashes several times faster than GChecksum */
	if (gnutls_hash_init(&o.sum, GNUTLS_DIG_SHA256) < 0)
		abort();
	if (sink != NULL && sink->begin != NULL)
		o.h = sink->begin(sink->ctx);
	o.cap = docs_capture_begin(c->docs, a.content_type);
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
	/* a document is read now: a winmail.dat's body joins the text */
	buf_init(&body, c->cfg->max_text_bytes);
	docs_capture_end(c->docs, o.cap, c->r, c->r->n_attachments - 1,
			 &body);
	mime_add_text(c, buf_str(&body), body.len, true);
	buf_free(&body);
}
