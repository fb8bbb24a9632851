/* parsers/dsn.c - the fields of a delivery status notification (RFC 3464)
   and the Message-ID of a returned header block, for bounces (SPEC §2, §3). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/mime-int.h"

/* At most this many failed recipients are kept from one DSN. */
#define DSN_MAX_RECIPIENTS 100

/* Calls fn for each unfolded "Name: value" field of text[0..len); blank
   lines only separate field groups. */
typedef void dsn_field_fn(const char *name, size_t name_len,
			  const char *value, size_t value_len, void *ctx);

static void
dsn_fields(const char *text, size_t len, dsn_field_fn *fn, void *ctx)
{
	struct buf line;
	size_t pos = 0;

	buf_init(&line, 4096);
	while (pos <= len) {
		const char *nl = pos < len ? memchr(text + pos, '\n', len - pos)
					   : NULL;
		size_t eol = nl ? (size_t)(nl - text) : len;
		size_t n = eol - pos;
		bool cont = n > 0 && (text[pos] == ' ' || text[pos] == '\t');

		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (!cont || pos >= len) {
			const char *colon = line.len ? memchr(line.data, ':',
							      line.len) : NULL;

			if (colon != NULL && colon > line.data) {
				const char *v = colon + 1;
				size_t vl = line.len - (size_t)(v - line.data);

				while (vl > 0 && (*v == ' ' || *v == '\t'))
					v++, vl--;
				while (vl > 0 && (v[vl - 1] == ' ' ||
						  v[vl - 1] == '\t'))
					vl--;
				fn(line.data, (size_t)(colon - line.data), v,
				   vl, ctx);
			}
			buf_reset(&line);
		}
		if (pos >= len)
			break;
		if (cont)
			buf_putc(&line, ' ');
		buf_append(&line, text + pos, n);
		pos = nl ? eol + 1 : len;
	}
	buf_free(&line);
}

static bool
dsn_name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* "rfc822; user@example.net" -> "user@example.net"; "<id>" -> "id". */
static char *
dsn_value_copy(const char *v, size_t len, bool after_semicolon)
{
	const char *semi = after_semicolon ? memchr(v, ';', len) : NULL;

	const char *lt = after_semicolon ? NULL : memchr(v, '<', len);

	if (semi != NULL) {
		len -= (size_t)(semi + 1 - v);
		v = semi + 1;
	}
	if (lt != NULL) {
		const char *gt = memchr(lt, '>', len - (size_t)(lt - v));

		if (gt != NULL) {
			v = lt + 1;
			len = (size_t)(gt - v);
		}
	}
	while (len > 0 && (*v == ' ' || *v == '\t' || *v == '<'))
		v++, len--;
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t' ||
			   v[len - 1] == '>'))
		len--;
	if (len == 0)
		return NULL;
	return utf8_sanitize(v, len);
}

struct dsn_status {
	struct report *r;
	struct strv original;	/* Original-Recipient values */
	bool final;		/* a Final-Recipient was seen */
};

static void
dsn_status_field(const char *name, size_t nl, const char *v, size_t vl,
		 void *ctx)
{
	struct dsn_status *st = ctx;
	struct report *r = st->r;
	char *s;

	if (dsn_name_is(name, nl, "Final-Recipient") ||
	    dsn_name_is(name, nl, "Original-Recipient")) {
		bool final = dsn_name_is(name, nl, "Final-Recipient");

		s = dsn_value_copy(v, vl, true);
		if (s == NULL)
			return;
		if (final && r->bounced_recipients.n < DSN_MAX_RECIPIENTS) {
			st->final = true;
			strv_push_unique(&r->bounced_recipients, s);
		} else if (!final) {
			strv_push_unique(&st->original, s);
		}
		free(s);
	} else if (dsn_name_is(name, nl, "Status") && r->bounce_status == NULL) {
		size_t n = 0;

		while (n < vl && (isdigit((unsigned char)v[n]) || v[n] == '.'))
			n++;
		if (n > 0)
			r->bounce_status = xstrndup(v, n);
	} else if ((dsn_name_is(name, nl, "X-Original-Message-ID") ||
		    dsn_name_is(name, nl, "Original-Message-ID")) &&
		   r->bounced_message_id == NULL) {
		r->bounced_message_id = dsn_value_copy(v, vl, false);
	}
}

void
dsn_read_status(struct report *r, const char *text, size_t len)
{
	struct dsn_status st = { r, { NULL, 0, 0 }, false };

	dsn_fields(text, len, dsn_status_field, &st);
	if (!st.final)
		for (size_t i = 0; i < st.original.n &&
		     r->bounced_recipients.n < DSN_MAX_RECIPIENTS; i++)
			strv_push_unique(&r->bounced_recipients,
					 st.original.v[i]);
	strv_free(&st.original);
}

struct dsn_id {
	char *id;
	char *fallback;
};

static void
dsn_id_field(const char *name, size_t nl, const char *v, size_t vl, void *ctx)
{
	struct dsn_id *d = ctx;

	if (dsn_name_is(name, nl, "Message-ID") && d->id == NULL)
		d->id = dsn_value_copy(v, vl, false);
	else if ((dsn_name_is(name, nl, "X-Original-Message-ID") ||
		  dsn_name_is(name, nl, "Original-Message-ID")) &&
		 d->fallback == NULL)
		d->fallback = dsn_value_copy(v, vl, false);
}

char *
dsn_header_message_id(const char *text, size_t len)
{
	struct dsn_id d = { NULL, NULL };
	const char *end;

	/* only the header block: stop at the first blank line */
	for (end = text; end < text + len; ) {
		const char *nl = memchr(end, '\n', (size_t)(text + len - end));

		if (nl == NULL) {
			end = text + len;
			break;
		}
		if (nl == end || (nl == end + 1 && *end == '\r'))
			break;
		end = nl + 1;
	}
	dsn_fields(text, (size_t)(end - text), dsn_id_field, &d);
	if (d.id == NULL) {
		d.id = d.fallback;
		d.fallback = NULL;
	}
	free(d.fallback);
	return d.id;
}
