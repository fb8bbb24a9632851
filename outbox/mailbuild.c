/* outbox/mailbuild.c - builds outgoing mail with GMime (the only intake
   file that includes GMime). Sender-controlled text is cleaned here before
   GMime sees it, so no value can start a header of its own. */
#include <stdbool.h>
#include <string.h>
#include <sys/random.h>

#include <gmime/gmime.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "mailbuild.h"
#include "smtp.h"

#define MAILBUILD_MAX_ID 250

void
mailbuild_init(void)
{
	g_mime_init();
}

void
mailbuild_shutdown(void)
{
	g_mime_shutdown();
}

/* Returns a copy of s (owned by the caller) fit for a header: valid UTF-8,
   every control character (C0, DEL, C1, U+2028, U+2029) turned into a
   space, runs of spaces collapsed, "=?" defused, trimmed, and cut to at
   most max bytes on a character boundary. For a display name (phrase)
   every '=' becomes a space too: GMime 3.2.13's Q encoder for phrases
   writes '=' unescaped, so "M\xc3\xbcller=0D=0A" would decode to CR LF.
   NULL gives "". */
static char *
mailbuild_clean(const char *s, size_t max, bool phrase)
{
	char *u, *out;
	size_t len, i = 0;
	struct buf b;

	if (s == NULL)
		return xstrdup("");
	len = strlen(s);
	u = utf8_sanitize(s, len);
	len = strlen(u);
	buf_init(&b, 0);
	while (i < len) {
		const unsigned char *p = (const unsigned char *)u + i;
		size_t n = utf8_seq_len(p, len - i);
		bool space;

		if (n == 0)		/* cannot happen after utf8_sanitize */
			n = 1;
		space = (n == 1 && (p[0] < 0x20 || p[0] == 0x7f)) ||
			(n == 2 && p[0] == 0xc2 && p[1] < 0xa0) ||
			(n == 3 && p[0] == 0xe2 && p[1] == 0x80 &&
			 (p[2] == 0xa8 || p[2] == 0xa9)) ||
			(n == 1 && p[0] == ' ') ||
			(n == 1 && p[0] == '=' && phrase);
		if (space) {
			if (b.len > 0 && b.data[b.len - 1] != ' ')
				buf_putc(&b, ' ');
		} else if (p[0] == '=' && i + 1 < len && p[1] == '?') {
			/* GMime decodes text that looks like an RFC 2047
			   encoded word, in its setters and in readers:
			   "=?utf-8?B?DQo=?=" would come back as CR LF. A
			   zero-width space after '=' keeps the look and
			   breaks the word. */
			buf_puts(&b, "=\xe2\x80\x8b");
		} else {
			buf_append(&b, p, n);
		}
		i += n;
	}
	free(u);
	out = buf_take(&b);
	len = strlen(out);
	if (len > 0 && out[len - 1] == ' ')
		out[--len] = '\0';
	out[utf8_prefix(out, max)] = '\0';
	len = strlen(out);
	if (len > 0 && out[len - 1] == ' ')	/* the cut may end on one */
		out[len - 1] = '\0';
	return out;
}

/* Returns true for a msg-id we are willing to write: 1..250 printable
   ASCII characters without specials or space, local@domain. */
static bool
mailbuild_id_ok(const char *id)
{
	size_t len;
	const char *at;

	if (id == NULL)
		return false;
	len = strlen(id);
	if (len == 0 || len > MAILBUILD_MAX_ID)
		return false;
	for (const char *p = id; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>()[],;:\"\\", *p))
			return false;
	at = strchr(id, '@');
	return at != NULL && at != id && at[1] != '\0' &&
	       strchr(at + 1, '@') == NULL;
}

/* Returns true for a plausible language tag: letters, digits, '-',
   1..35 characters, starting with a letter. */
static bool
mailbuild_lang_ok(const char *lang)
{
	size_t len;

	if (lang == NULL)
		return false;
	len = strlen(lang);
	if (len == 0 || len > 35 || !g_ascii_isalpha(lang[0]))
		return false;
	for (const char *p = lang; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-')
			return false;
	return true;
}

/* Returns the References value "<a> <b> ..." (owned by the caller) from
   the valid ids of m, or NULL when there is none. */
static char *
mailbuild_references(const struct mail_out *m)
{
	const struct strv *refs = m->references;
	struct strv ok = { 0 };
	struct buf b;

	if (refs != NULL)
		for (size_t i = 0; i < refs->n; i++)
			if (mailbuild_id_ok(refs->v[i]))
				strv_push(&ok, refs->v[i]);
	if (ok.n == 0 && mailbuild_id_ok(m->in_reply_to))
		strv_push(&ok, m->in_reply_to);
	if (ok.n == 0)
		return NULL;
	buf_init(&b, 0);
	for (size_t i = 0; i < ok.n; i++) {
		/* keep the first (thread root) and the most recent ones */
		if (ok.n > MAILBUILD_MAX_REFERENCES && i > 0 &&
		    i < ok.n - (MAILBUILD_MAX_REFERENCES - 1))
			continue;
		buf_printf(&b, "%s<%s>", b.len ? " " : "", ok.v[i]);
	}
	strv_free(&ok);
	return buf_take(&b);
}

/* Replaces the content of part with a copy of text[0..len). */
static void
mailbuild_set_content(GMimePart *part, const char *text, size_t len)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text, len);
	GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream,
			GMIME_CONTENT_ENCODING_DEFAULT);

	g_object_unref(stream);
	g_mime_part_set_content(part, content);
	g_object_unref(content);
}

/* Returns multipart/mixed of body (consumed) and each attachment,
   base64, with its (cleaned) file name. */
static GMimeObject *
mailbuild_mixed(GMimeObject *body, const struct mail_attachment *a, size_t n)
{
	GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
	GMimeContentType *ct;
	GMimePart *part;
	char *name;

	g_mime_multipart_add(mp, body);
	g_object_unref(body);
	for (size_t i = 0; i < n; i++) {
		ct = a[i].content_type ?
			g_mime_content_type_parse(NULL, a[i].content_type) :
			NULL;
		if (ct == NULL || g_mime_content_type_is_type(ct, "multipart",
							      "*") ||
		    g_mime_content_type_is_type(ct, "message", "*")) {
			if (ct != NULL)
				g_object_unref(ct);
			ct = g_mime_content_type_new("application",
						     "octet-stream");
		}
		part = g_mime_part_new();
		g_mime_object_set_content_type(GMIME_OBJECT(part), ct);
		g_object_unref(ct);
		mailbuild_set_content(part, (const char *)a[i].data, a[i].len);
		g_mime_part_set_content_encoding(part,
						 GMIME_CONTENT_ENCODING_BASE64);
		name = mailbuild_clean(a[i].filename, MAILBUILD_MAX_NAME, true);
		g_mime_part_set_filename(part, name && *name ? name :
					 "attachment");
		free(name);
		g_mime_multipart_add(mp, GMIME_OBJECT(part));
		g_object_unref(part);
	}
	return GMIME_OBJECT(mp);
}

/* Makes the text/plain part: the UTF-8 body, charset=utf-8 whatever the
   text, and the best transfer encoding for 7-bit transport. 7bit and QP
   content is stored with LF line ends (the DOS newline format writes CRLF);
   base64 content is encoded from CRLF text, the canonical form of text
   (RFC 2045 6.8), since the newline format cannot reach inside it. */
static GMimeObject *
mailbuild_body(const char *body, const char *lang)
{
	GMimeTextPart *tp = g_mime_text_part_new_with_subtype("plain");
	GMimePart *part = GMIME_PART(tp);
	GMimeContentEncoding enc;
	char *text = utf8_sanitize(body ? body : "", body ? strlen(body) : 0);
	size_t len = 0;
	struct buf crlf;

	/* CRLF and lone CR become LF */
	for (size_t i = 0; text[i]; i++) {
		if (text[i] == '\r') {
			if (text[i + 1] == '\n')
				continue;
			text[len++] = '\n';
		} else {
			text[len++] = text[i];
		}
	}
	text[len] = '\0';
	mailbuild_set_content(part, text, len);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset",
						 "utf-8");
	enc = g_mime_part_get_best_content_encoding(part,
			GMIME_ENCODING_CONSTRAINT_7BIT);
	if (enc == GMIME_CONTENT_ENCODING_DEFAULT)
		enc = GMIME_CONTENT_ENCODING_7BIT;	/* say so explicitly */
	if (enc == GMIME_CONTENT_ENCODING_BASE64) {
		buf_init(&crlf, 0);
		for (size_t i = 0; i < len; i++) {
			if (text[i] == '\n')
				buf_putc(&crlf, '\r');
			buf_putc(&crlf, text[i]);
		}
		mailbuild_set_content(part, crlf.data ? crlf.data : "",
				      crlf.len);
		buf_free(&crlf);
	}
	g_mime_part_set_content_encoding(part, enc);
	if (mailbuild_lang_ok(lang))
		g_mime_object_set_header(GMIME_OBJECT(part),
					 "Content-Language", lang, NULL);
	free(text);
	return GMIME_OBJECT(part);
}

/* Serialises msg with CRLF line ends into a new buffer owned by the
   caller. */
static char *
mailbuild_serialise(GMimeMessage *msg, size_t *len_r)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	GByteArray *ba = g_byte_array_new();
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(ba);
	char *data;

	g_mime_format_options_set_newline_format(fo,
		GMIME_NEWLINE_FORMAT_DOS);
	g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, stream);
	g_mime_stream_flush(stream);
	data = xmalloc(ba->len + 1);
	memcpy(data, ba->data, ba->len);
	data[ba->len] = '\0';
	*len_r = ba->len;
	g_object_unref(stream);		/* owns and frees ba */
	g_mime_format_options_free(fo);
	return data;
}

int
mailbuild_render(const struct mail_out *m, char **data_r, size_t *len_r,
		 struct err *err)
{
	GMimeMessage *msg = NULL;
	GMimeObject *body = NULL;
	GDateTime *dt = NULL;
	char *from_name = NULL, *to_name = NULL, *subject = NULL;
	char *refs = NULL, *irt = NULL;
	const char *autosub = m->auto_submitted ? m->auto_submitted :
			      "auto-replied";
	int ret = -1;

	*data_r = NULL;
	*len_r = 0;
	if (!smtp_address_ok(m->from_addr)) {
		err_set(err, ERR_MSG, "invalid From address");
		goto out;
	}
	if (!smtp_address_ok(m->to_addr)) {
		err_set(err, ERR_MSG, "invalid To address");
		goto out;
	}
	if (!mailbuild_id_ok(m->message_id)) {
		err_set(err, ERR_MSG, "invalid Message-ID");
		goto out;
	}
	if (strcmp(autosub, "auto-replied") != 0 &&
	    strcmp(autosub, "auto-generated") != 0) {
		err_set(err, ERR_MSG, "invalid Auto-Submitted value");
		goto out;
	}
	dt = g_date_time_new_from_unix_utc(m->date);
	if (dt == NULL) {
		err_set(err, ERR_MSG, "date out of range");
		goto out;
	}
	from_name = mailbuild_clean(m->from_name, MAILBUILD_MAX_NAME, true);
	to_name = mailbuild_clean(m->to_name, MAILBUILD_MAX_NAME, true);
	subject = mailbuild_clean(m->subject, MAILBUILD_MAX_SUBJECT, false);
	refs = mailbuild_references(m);
	if (mailbuild_id_ok(m->in_reply_to))
		irt = xasprintf("<%s>", m->in_reply_to);

	msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, from_name,
				   m->from_addr);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, to_name,
				   m->to_addr);
	g_mime_message_set_subject(msg, subject, "utf-8");
	g_mime_message_set_date(msg, dt);
	g_mime_message_set_message_id(msg, m->message_id);
	if (irt != NULL)
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", irt,
					 NULL);
	if (refs != NULL)
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", refs,
					 NULL);
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", autosub,
				 NULL);
	body = mailbuild_body(m->body, m->lang);
	if (m->n_attachments > 0)
		body = mailbuild_mixed(body, m->attachments, m->n_attachments);
	g_mime_message_set_mime_part(msg, body);
	*data_r = mailbuild_serialise(msg, len_r);
	ret = 0;
out:
	if (body != NULL)
		g_object_unref(body);
	if (msg != NULL)
		g_object_unref(msg);
	if (dt != NULL)
		g_date_time_unref(dt);
	free(irt);
	free(refs);
	free(subject);
	free(to_name);
	free(from_name);
	return ret;
}

/* Returns true if s is [A-Za-z0-9-]+ (with '.' too when dots). */
static bool
mailbuild_token_ok(const char *s, bool dots)
{
	if (s == NULL || s[0] == '\0' || strlen(s) > 253)
		return false;
	for (const char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && !(dots && *p == '.'))
			return false;
	return true;
}

char *
mailbuild_message_id(const char *ref, unsigned seq, const char *host)
{
	unsigned char rnd[6];
	size_t hlen;

	if (!mailbuild_token_ok(ref, false) || !mailbuild_token_ok(host, true))
		return NULL;
	hlen = strlen(host);
	if (strchr(".-", host[0]) || strchr(".-", host[hlen - 1]) ||
	    strstr(host, "..") != NULL)
		return NULL;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		/* no getrandom (old kernel): GLib's generator, seeded from
		   /dev/urandom, is good enough for uniqueness */
		for (size_t i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)g_random_int_range(0, 256);
	}
	return xasprintf("%s.%u.%02x%02x%02x%02x%02x%02x@%s", ref, seq, rnd[0],
			 rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], host);
}

int
mailbuild_split_mailbox(const char *mailbox, char **name_r, char **addr_r,
			struct err *err)
{
	InternetAddressList *list = NULL;
	InternetAddress *ia;
	const char *name, *addr;
	int ret = -1;

	*name_r = NULL;
	*addr_r = NULL;
	if (mailbox != NULL)
		list = internet_address_list_parse(NULL, mailbox);
	if (list == NULL || internet_address_list_length(list) != 1) {
		err_set(err, ERR_FATAL, "not one mailbox");
		goto out;
	}
	ia = internet_address_list_get_address(list, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) {
		err_set(err, ERR_FATAL, "a group, not a mailbox");
		goto out;
	}
	addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	if (!smtp_address_ok(addr)) {
		err_set(err, ERR_FATAL, "invalid address");
		goto out;
	}
	name = internet_address_get_name(ia);
	if (name != NULL && name[0] != '\0')
		*name_r = mailbuild_clean(name, MAILBUILD_MAX_NAME, true);
	*addr_r = xstrdup(addr);
	ret = 0;
out:
	if (list != NULL)
		g_object_unref(list);
	return ret;
}
