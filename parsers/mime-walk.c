/* parsers/mime-walk.c - the walk over a message's MIME tree: which part
   is text, which an attachment, which a delivery report, and the
   messages attached inside it. */
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/mime-gm.h"
#include "parsers/parser-int.h"

/* ---- the walk ---- */

bool
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
	char *subject;
	struct buf hdr;

	if (m == NULL)
		return;
	if (pos.in_dsn && c->r->bounced_message_id == NULL)
		c->r->bounced_message_id =
			mime_clean(g_mime_message_get_message_id(m));
	/* the forwarded mail's own subject and sender are text of it */
	subject = mime_subject(m, c->declared);
	buf_init(&hdr, 0);
	if (subject != NULL)
		buf_printf(&hdr, "Subject: %s\n", subject);
	free(subject);
	{
		char *name = NULL, *addr = NULL;

		mime_mailbox(m, "From", c->declared, &name, &addr);
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

void
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

const char *
mime_declared_charset(GMimeObject *obj)
{
	if (obj == NULL)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);

		for (int i = 0; i < n && i < 50; i++) {
			const char *cs = mime_declared_charset(
				g_mime_multipart_get_part(mp, i));

			if (cs != NULL)
				return cs;
		}
		return NULL;
	}
	if (GMIME_IS_PART(obj) && mime_type_is(obj, "text", "*"))
		return g_mime_object_get_content_type_parameter(obj,
								"charset");
	return NULL;
}
