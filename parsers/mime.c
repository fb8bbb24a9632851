/* parsers/mime.c - the MIME side of the parser, its top: GMime reads the
   message (GMime is included only by the parsers/mime*.c files), the
   walk (mime-walk.c) reads every part, and the non-quoted text goes to
   kind.c and the text side (links_scan, analyze_report). */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "autoconfig.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/docs-int.h"
#include "parsers/mime-gm.h"
#include "parsers/parser-int.h"

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
	c->declared = mime_declared_charset(top);
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
	r->quoted_lines = c->quoted_lines;
	links_scan(r, buf_str(&c->text), &c->hrefs, c->cfg);
	docs_finish(c->docs, r, c->cfg);
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

/* All part headers of a message together may take this many times
   limits.max_header_bytes. */
#define MIME_ALL_HEADERS 4

/* Counts the MIME structure of s from its start (mimebound.c) and, when
   it passes a limit, warns and returns a substream of s that ends before
   that line (owned by the caller), so that GMime never builds more than
   the limits allow. Returns NULL when s is within them. */
static GMimeStream *
mime_bound(struct mime_ctx *c, GMimeStream *s)
{
	const struct parser_cfg *cfg = c->cfg;
	struct mimebound *b = mimebound_new(cfg->max_parts, cfg->max_depth,
					    (uint64_t)cfg->max_header_bytes *
					    MIME_ALL_HEADERS);
	enum mimebound_hit hit = MIMEBOUND_NONE;
	GMimeStream *cut = NULL;
	uint64_t at = 0;
	ssize_t n;

	g_mime_stream_reset(s);
	while (hit == MIMEBOUND_NONE &&
	       (n = g_mime_stream_read(s, c->chunk, MIME_CHUNK)) > 0)
		hit = mimebound_feed(b, c->chunk, (size_t)n, &at);
	mimebound_free(&b);
	g_mime_stream_reset(s);
	if (hit == MIMEBOUND_NONE)
		return NULL;
	if (hit == MIMEBOUND_PARTS) {
		c->warned_parts = true;
		report_warn(c->r, "too_many_parts", "only the first %u MIME "
			    "parts are read", cfg->max_parts);
	} else if (hit == MIMEBOUND_DEPTH) {
		c->warned_depth = true;
		report_warn(c->r, "too_deep", "parts nested deeper than %u "
			    "levels are not read", cfg->max_depth);
	} else {
		report_warn(c->r, "headers_too_large", "the part headers "
			    "together pass %zu bytes: the parts after are "
			    "not read", cfg->max_header_bytes *
			    MIME_ALL_HEADERS);
	}
	cut = g_mime_stream_substream(s, s->bound_start,
				      s->bound_start + (gint64)at);
	return cut;
}

/* One parse of s from base + start (the header scan, the defused or
   bounded copy GMime reads, GMime's parse). Returns the message or NULL;
   *sub_r is the stream it was read from when not s (unref it after the
   message), *body_r whether the body is read. */
static GMimeMessage *
mime_parse_once(struct mime_ctx *c, GMimeStream *s, uint64_t size,
		gint64 base, gint64 start, GMimeParserOptions *opts,
		GMimeStream **sub_r, bool *body_r)
{
	const struct parser_cfg *cfg = c->cfg;
	GMimeStream *sub;
	gint64 hlen, cut;
	bool body = true;

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
	if (body) {
		GMimeStream *bounded = mime_bound(c, sub ? sub : s);

		if (bounded != NULL) {
			if (sub != NULL)
				g_object_unref(sub);
			sub = bounded;
		}
	}
	*sub_r = sub;
	*body_r = body;
	return mime_construct(sub ? sub : s, opts);
}

/* Drops r's warnings [from, to), keeping those after them. */
static void
mime_drop_warnings(struct report *r, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		free(r->warnings.v[i]);
	memmove(r->warnings.v + from, r->warnings.v + to,
		(r->warnings.n - to + 1) * sizeof(*r->warnings.v));
	r->warnings.n -= to - from;
}

/* GMime's warnings for a part whose header is not ended by an empty
   line: the only ones after which the part repair is tried. */
#define MIME_PART_TROUBLE \
	((1u << GMIME_CRIT_INVALID_HEADER_NAME) | \
	 (1u << GMIME_WARN_PART_WITHOUT_CONTENT))

static void
mime_parse_stream(struct mime_ctx *c, GMimeStream *s, uint64_t size)
{
	const struct parser_cfg *cfg = c->cfg;
	GMimeParserOptions *opts = g_mime_parser_options_new();
	GMimeStream *sub = NULL, *fixed = NULL;
	GMimeMessage *m;
	gint64 start, base = s->bound_start;
	size_t n0, n1;
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
	if (size <= cfg->max_message_bytes &&
	    (fixed = mime_repair(c, s, base + start, false)) != NULL) {
		/* CR-only line ends: the mended copy is the message */
		s = fixed;
		base = 0;
		start = 0;
	}
	n0 = c->r->warnings.n;
	m = mime_parse_once(c, s, size, base, start, opts, &sub, &body);
	n1 = c->r->warnings.n;
	/* only when GMime says a part lost its body: no cost otherwise */
	if (m != NULL && fixed == NULL && body &&
	    (c->warned_gmime & MIME_PART_TROUBLE) != 0 &&
	    (fixed = mime_repair(c, s, base + start, true)) != NULL) {
		mime_drop_warnings(c->r, n0, n1);
		c->warned_gmime = 0;
		g_object_unref(m);
		if (sub != NULL)
			g_object_unref(sub);
		m = mime_parse_once(c, fixed, size, 0, 0, opts, &sub, &body);
	}
	if (m == NULL && size > 0)
		report_warn(c->r, "not_a_message", "no message could be read");
	mime_analyze(c, m, body);
	if (m != NULL)
		g_object_unref(m);
	if (sub != NULL)
		g_object_unref(sub);
	if (fixed != NULL)
		g_object_unref(fixed);
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
	c.docs = docs_new(cfg);
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
	docs_free(&c.docs);
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
	mime_pins_release();
	g_mime_shutdown();
}
