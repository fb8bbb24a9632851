/* portal/portal_mime.c - writing the message a form becomes
   (portal_mime.h): headers with RFC 2047 encoded words, multipart/mixed,
   base64 bodies in 76-column lines, CRLF everywhere. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/mem.h"
#include "portal/portal_mime.h"

#define MIME_CHUNK (57 * 1024)	/* bytes read at once: 1024 lines */
#define MIME_WORD 45		/* input bytes of one encoded word */

static const char mime_b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Appends the base64 of in[0..n) to b, without line breaks. */
static void
mime_b64_append(struct buf *b, const unsigned char *in, size_t n)
{
	char q[4];

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		q[0] = mime_b64[(v >> 18) & 63];
		q[1] = mime_b64[(v >> 12) & 63];
		q[2] = i + 1 < n ? mime_b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? mime_b64[v & 63] : '=';
		buf_append(b, q, 4);
	}
}

/* Appends in[0..n) as base64 lines of 76 characters, each ending CRLF. */
static void
mime_b64_lines(struct buf *b, const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < n; i += 57) {
		mime_b64_append(b, in + i, n - i < 57 ? n - i : 57);
		buf_append(b, "\r\n", 2);
	}
}

/* Appends s as RFC 2047 encoded words (UTF-8, B), each at most
   MIME_WORD input bytes, cut on character boundaries, separated by
   CRLF SP (folding); plain ASCII without specials is appended as is. */
static void
mime_words(struct buf *b, const char *s)
{
	size_t n = strlen(s), i = 0;
	bool plain = true;

	for (size_t k = 0; k < n; k++)
		if ((unsigned char)s[k] >= 0x7f || strchr("\"(),.:;<>@[\\]=?_",
							  s[k]) != NULL)
			plain = false;
	if (plain && n < 60) {
		buf_append(b, s, n);
		return;
	}
	while (i < n) {
		size_t len = n - i < MIME_WORD ? n - i : MIME_WORD;

		/* do not split a UTF-8 sequence */
		while (i + len < n && len > 0 &&
		       ((unsigned char)s[i + len] & 0xc0) == 0x80)
			len--;
		if (len == 0)
			len = n - i < MIME_WORD ? n - i : MIME_WORD;
		if (i > 0)
			buf_append(b, "\r\n ", 3);
		buf_puts(b, "=?UTF-8?B?");
		mime_b64_append(b, (const unsigned char *)s + i, len);
		buf_puts(b, "?=");
		i += len;
	}
}

/* Appends the date of t as RFC 5322 wants it, in UTC. */
static void
mime_date(struct buf *b, time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
					    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
					      "May", "Jun", "Jul", "Aug",
					      "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		   days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
		   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Writes all of b to fd and empties b. */
static int
mime_flush(struct buf *b, int fd, struct err *err)
{
	size_t off = 0;

	while (off < b->len) {
		ssize_t w = write(fd, b->data + off, b->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err_set(err, ERR_TEMP, "portal: writing the message: %s",
				strerror(errno));
			return -1;
		}
		off += (size_t)w;
	}
	buf_reset(b);
	return 0;
}

/* Appends file f as base64 lines, flushing to out as it goes. */
static int
mime_file(struct buf *b, const struct portal_mime_file *f, int out,
	  struct err *err)
{
	unsigned char *chunk = xmalloc(MIME_CHUNK);
	uint64_t off = 0;
	int ret = -1;

	while (off < f->size) {
		size_t want = f->size - off < MIME_CHUNK ?
			      (size_t)(f->size - off) : MIME_CHUNK;
		ssize_t r = pread(f->fd, chunk, want, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err_set(err, ERR_TEMP, "portal: reading a file: %s",
				r < 0 ? strerror(errno) : "short");
			goto out;
		}
		/* whole lines except at the end of the file */
		if ((size_t)r != want && (size_t)r % 57 != 0)
			r -= r % 57;
		mime_b64_lines(b, chunk, (size_t)r);
		off += (uint64_t)r;
		if (mime_flush(b, out, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(chunk);
	return ret;
}

int
portal_mime_write(const struct portal_mime *m, int out, struct err *err)
{
	const char *at = strchr(m->message_id, '@');
	size_t idlen = at != NULL ? (size_t)(at - m->message_id) :
		       strlen(m->message_id);
	struct buf b;
	int ret = -1;

	buf_init(&b, 0);
	buf_puts(&b, "From: ");
	if (m->from_name != NULL && m->from_name[0] != '\0') {
		mime_words(&b, m->from_name);
		buf_putc(&b, ' ');
	}
	buf_printf(&b, "<%s>\r\nTo: <%s>\r\nSubject: ", m->from_addr,
		   m->to_addr);
	mime_words(&b, m->subject);
	buf_puts(&b, "\r\nDate: ");
	mime_date(&b, m->date);
	buf_printf(&b, "\r\nMessage-ID: <%s>\r\n", m->message_id);
	buf_puts(&b, m->headers != NULL ? m->headers : "");
	/* the boundary: "=_" cannot occur in base64 or in our headers */
	buf_printf(&b, "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
		   "boundary=\"=_%.*s\"\r\n\r\n", (int)idlen, m->message_id);
	buf_printf(&b, "--=_%.*s\r\nContent-Type: text/plain; charset=utf-8"
		   "\r\nContent-Transfer-Encoding: base64\r\n\r\n", (int)idlen,
		   m->message_id);
	mime_b64_lines(&b, (const unsigned char *)m->body, strlen(m->body));
	if (mime_flush(&b, out, err) < 0)
		goto out;
	for (size_t i = 0; i < m->n_files; i++) {
		const struct portal_mime_file *f = &m->files[i];

		buf_printf(&b, "--=_%.*s\r\nContent-Type: %s; name=\"%s\"\r\n"
			   "Content-Disposition: attachment; filename=\"%s\""
			   "\r\nContent-Transfer-Encoding: base64\r\n\r\n",
			   (int)idlen, m->message_id, f->content_type, f->name,
			   f->name);
		if (mime_file(&b, f, out, err) < 0)
			goto out;
	}
	buf_printf(&b, "--=_%.*s--\r\n", (int)idlen, m->message_id);
	if (mime_flush(&b, out, err) < 0)
		goto out;
	ret = 0;
out:
	buf_free(&b);
	return ret;
}
