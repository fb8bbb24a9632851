/* parsers/quote.c - tells a mail's own text from quoted earlier mails
   (SPEC §4.1: quoted text never counts) and recognises inline forwards,
   whose text does count. Plain text in, plain text out; no GLib. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "parsers/mime-int.h"

/* How many lines an attribution ("On ... wrote:") may be wrapped over,
   and how far below "From:" the "Sent:" line of a header block may be. */
#define QUOTE_ATTR_LINES 3
#define QUOTE_BLOCK_LINES 5

struct quote_line {
	const char *s;	/* start of the line */
	size_t len;	/* without the newline and a trailing \r */
	size_t next;	/* offset of the next line in the text */
};

static void
quote_line_at(const char *text, size_t len, size_t pos, struct quote_line *l)
{
	const char *nl = memchr(text + pos, '\n', len - pos);
	size_t eol = nl ? (size_t)(nl - text) : len;

	l->s = text + pos;
	l->len = eol - pos;
	l->next = nl ? eol + 1 : len;
	if (l->len > 0 && l->s[l->len - 1] == '\r')
		l->len--;
}

/* Trims ASCII white space and U+00A0 / U+3000 at both ends of s[0..*len). */
static const char *
quote_trim(const char *s, size_t *len)
{
	size_t n = *len;

	for (;;) {
		if (n > 0 && (*s == ' ' || *s == '\t')) {
			s++, n--;
		} else if (n >= 2 && (unsigned char)s[0] == 0xc2 &&
			   (unsigned char)s[1] == 0xa0) {
			s += 2, n -= 2;
		} else if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
			s += 3, n -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			      s[n - 1] == '\r')) {
			n--;
		} else if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 &&
			   (unsigned char)s[n - 1] == 0xa0) {
			n -= 2;
		} else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0) {
			n -= 3;
		} else {
			break;
		}
	}
	*len = n;
	return s;
}

static bool
quote_blank(const char *s, size_t len)
{
	quote_trim(s, &len);
	return len == 0;
}

/* Returns true if s[0..len) equals word case-insensitively (ASCII). */
static bool
quote_eq(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

static bool
quote_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(s, prefix, n) == 0;
}

static bool
quote_ends(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

/* For a separator line such as "-----Original Message-----" or
   "---------- Forwarded message ---------": returns the words between
   the runs of dashes or underscores in *len, or NULL if the line is not
   such a separator (it needs at least two dashes before the words). */
static const char *
quote_separator_words(const char *s, size_t *len)
{
	size_t n = *len, lead = 0;

	s = quote_trim(s, &n);
	while (n > 0 && (*s == '-' || *s == '_' || *s == '=')) {
		s++, n--, lead++;
	}
	if (lead < 2)
		return NULL;
	while (n > 0 && (s[n - 1] == '-' || s[n - 1] == '_' ||
			 s[n - 1] == '='))
		n--;
	s = quote_trim(s, &n);
	if (n == 0)
		return NULL;
	*len = n;
	return s;
}

bool
quote_is_forward_marker(const char *line, size_t len)
{
	size_t n = len;
	const char *s = quote_trim(line, &n);
	const char *w;

	if (quote_eq(s, n, "Begin forwarded message:") ||
	    quote_eq(s, n, "Begin forwarded message :") ||
	    quote_eq(s, n, "开始转发的邮件：") ||
	    quote_eq(s, n, "开始转发的邮件:"))
		return true;
	n = len;
	w = quote_separator_words(line, &n);
	if (w == NULL)
		return false;
	return quote_eq(w, n, "Forwarded message") ||
	       quote_eq(w, n, "Forwarded message:") ||
	       quote_eq(w, n, "Forward message") ||
	       quote_eq(w, n, "Forwarded e-mail") ||
	       quote_eq(w, n, "转发的邮件") || quote_eq(w, n, "转发邮件") ||
	       quote_eq(w, n, "转发的消息");
}

/* "-----Original Message-----", "-------- Original Message --------",
   "------------------ 原始邮件 ------------------", "--- Original ---". */
static bool
quote_is_original_separator(const char *line, size_t len)
{
	size_t n = len;
	const char *w = quote_separator_words(line, &n);

	if (w == NULL)
		return false;
	return quote_eq(w, n, "Original Message") ||
	       quote_eq(w, n, "Original") || quote_eq(w, n, "原始邮件") ||
	       quote_eq(w, n, "原始邮件信息") || quote_eq(w, n, "原邮件");
}

/* Strips the "*" or "**" of bold markers that HTML-to-text converters
   put around header names. */
static const char *
quote_unbold(const char *s, size_t *len)
{
	s = quote_trim(s, len);
	while (*len > 0 && *s == '*') {
		s++;
		(*len)--;
	}
	return s;
}

static bool
quote_is_from_field(const char *s, size_t len)
{
	s = quote_unbold(s, &len);
	return quote_starts(s, len, "From:") || quote_starts(s, len, "From :") ||
	       quote_starts(s, len, "发件人:") ||
	       quote_starts(s, len, "发件人：") ||
	       quote_starts(s, len, "寄件者:") ||
	       quote_starts(s, len, "寄件者：");
}

static bool
quote_is_sent_field(const char *s, size_t len)
{
	s = quote_unbold(s, &len);
	return quote_starts(s, len, "Sent:") || quote_starts(s, len, "Date:") ||
	       quote_starts(s, len, "Sent :") ||
	       quote_starts(s, len, "发送时间:") ||
	       quote_starts(s, len, "发送时间：") ||
	       quote_starts(s, len, "日期:") || quote_starts(s, len, "日期：") ||
	       quote_starts(s, len, "時間:") || quote_starts(s, len, "时间：");
}

/* A header block of a quoted (or, under a Fw: subject, forwarded) mail:
   "From: ..." then, within a few lines and no blank line, "Sent: ...". */
static bool
quote_is_header_block(const char *text, size_t len, size_t pos)
{
	struct quote_line l;

	quote_line_at(text, len, pos, &l);
	if (!quote_is_from_field(l.s, l.len))
		return false;
	for (int i = 0; i < QUOTE_BLOCK_LINES && l.next < len; i++) {
		quote_line_at(text, len, l.next, &l);
		if (quote_blank(l.s, l.len))
			return false;
		if (quote_is_sent_field(l.s, l.len))
			return true;
	}
	return false;
}

static bool
quote_is_quoted_line(const char *s, size_t len)
{
	s = quote_trim(s, &len);
	return len > 0 && *s == '>';
}

/* An attribution line of a reply: "On <date>, <name> wrote:" (possibly
   wrapped over a few lines), or the Chinese forms "在 ... 写道：" and
   "<name> 于 <date> 写道：". Returns the number of lines it takes, or 0. */
static int
quote_attribution_lines(const char *text, size_t len, size_t pos)
{
	struct quote_line l;
	size_t n;
	const char *s;
	bool english;

	quote_line_at(text, len, pos, &l);
	n = l.len;
	s = quote_trim(l.s, &n);
	english = n > 3 && strncmp(s, "On ", 3) == 0;
	for (int i = 0; i < QUOTE_ATTR_LINES; i++) {
		if (i > 0) {
			if (l.next >= len)
				return 0;
			quote_line_at(text, len, l.next, &l);
			n = l.len;
			s = quote_trim(l.s, &n);
			if (n == 0)
				return 0;
		}
		if (english && quote_ends(s, n, "wrote:"))
			return i + 1;
		if (quote_ends(s, n, "写道：") || quote_ends(s, n, "写道:") ||
		    quote_ends(s, n, "寫道：") || quote_ends(s, n, "寫道:"))
			return i + 1;
	}
	return 0;
}

/* Returns true if the first non-blank line at or after pos is a ">"
   line. */
static bool
quote_followed_by_quote(const char *text, size_t len, size_t pos)
{
	struct quote_line l;

	while (pos < len) {
		quote_line_at(text, len, pos, &l);
		if (!quote_blank(l.s, l.len))
			return quote_is_quoted_line(l.s, l.len);
		pos = l.next;
	}
	return false;
}

/* Whether a line may belong to the header block of a forwarded mail
   ("From: x", "Subject: y", "发件人: z"). */
static bool
quote_is_header_like(const char *s, size_t len)
{
	const char *colon;

	s = quote_unbold(s, &len);
	colon = memchr(s, ':', len);
	for (size_t i = 0; colon == NULL && i + 3 <= len; i++)
		if (memcmp(s + i, "：", 3) == 0)
			colon = s + i;
	if (colon == NULL || colon == s || (size_t)(colon - s) > 40 ||
	    (size_t)(colon - s) >= len)
		return false;
	for (const char *p = s; p < colon; p++)
		if (*p == '\t' || (*p == ' ' && p + 1 < colon && p[1] == ' '))
			return false;
	return true;
}

size_t
quote_strip(const char *text, size_t len, bool forward, struct buf *out)
{
	struct quote_line l;
	size_t pos = 0;
	/* after a forward marker: its header block counts as text and must
	   not be taken for an Outlook quote block */
	bool fwd_headers = false, fwd_seen = false;
	int attr;

	while (pos < len) {
		quote_line_at(text, len, pos, &l);
		if (fwd_headers) {
			if (quote_blank(l.s, l.len)) {
				if (fwd_seen)
					fwd_headers = false;
			} else if (quote_is_header_like(l.s, l.len)) {
				fwd_seen = true;
			} else {
				fwd_headers = false;
			}
			if (fwd_headers)
				goto keep;
		}
		if (quote_is_forward_marker(l.s, l.len)) {
			fwd_headers = true;
			fwd_seen = false;
			goto keep;
		}
		if (quote_is_quoted_line(l.s, l.len)) {
			pos = l.next;
			continue;
		}
		attr = quote_attribution_lines(text, len, pos);
		if (attr > 0) {
			size_t after = pos;

			for (int i = 0; i < attr; i++) {
				quote_line_at(text, len, after, &l);
				after = l.next;
			}
			if (!quote_followed_by_quote(text, len, after))
				return pos;
			pos = after;	/* bottom-posted or interleaved reply */
			continue;
		}
		if (quote_is_original_separator(l.s, l.len) ||
		    quote_is_header_block(text, len, pos)) {
			if (!forward)
				return pos;
			fwd_headers = true;
			fwd_seen = quote_is_from_field(l.s, l.len);
		}
keep:
		buf_append(out, l.s, l.len);
		buf_putc(out, '\n');
		pos = l.next;
	}
	return len;
}

bool
quote_subject_is_forward(const char *subject)
{
	static const char *const prefixes[] = {
		"fwd", "fw", "wg", "tr", "转发", "轉寄", "转寄", NULL
	};
	size_t n;

	if (subject == NULL)
		return false;
	while (*subject == ' ' || *subject == '\t' || *subject == '[')
		subject++;
	for (int i = 0; prefixes[i]; i++) {
		n = strlen(prefixes[i]);
		if (strncasecmp(subject, prefixes[i], n) != 0)
			continue;
		if (subject[n] == ':' ||
		    strncmp(subject + n, "：", strlen("：")) == 0 ||
		    (subject[n] == ' ' && subject[n + 1] == ':'))
			return true;
	}
	return false;
}
