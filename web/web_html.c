/* web/web_html.c - escaping for every output context of the web
   pages (HTML text and attributes, URL components, the download
   header) and the shape checks of path input. Values from mail reach a
   page only through web_html_text. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "web/web_html.h"

/* U+FFFD, the replacement character, in UTF-8. */
#define WEB_HTML_FFFD "\xef\xbf\xbd"
/* Longest ASCII filename and longest UTF-8 name (bytes, before
   percent-encoding) in Content-Disposition. */
#define WEB_HTML_NAME_ASCII_MAX 100
#define WEB_HTML_NAME_UTF8_MAX 200

void
web_html_init(struct web_html *h, size_t max)
{
	buf_init(&h->b, max);
	h->overflow = false;
}

void
web_html_free(struct web_html *h)
{
	buf_free(&h->b);
	h->overflow = false;
}

static void
web_html_put(struct web_html *h, const char *s, size_t n)
{
	if (h->overflow)
		return;
	if (buf_append(&h->b, s, n) < 0)
		h->overflow = true;
}

void
web_html_raw(struct web_html *h, const char *markup)
{
	web_html_put(h, markup, strlen(markup));
}

/* Returns true for the UTF-8 sequence at s (n bytes) when it is one of
   the bidirectional controls that reorder what follows them on screen:
   U+202A..U+202E (E2 80 AA..AE) and U+2066..U+2069 (E2 81 A6..A9). */
static bool
web_html_is_bidi(const unsigned char *s, size_t n)
{
	if (n != 3 || s[0] != 0xe2)
		return false;
	return (s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) ||
	       (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9);
}

void
web_html_text(struct web_html *h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i, run, n;

	if (s == NULL) {
		web_html_raw(h, "-");
		return;
	}
	len = strlen(s);
	i = 0;
	while (i < len && !h->overflow) {
		/* A run of bytes that need nothing is copied in one go. */
		for (run = i; run < len; run++) {
			unsigned char c = p[run];

			if (c == '&' || c == '<' || c == '>' || c == '"' ||
			    c == '\'' || c == 0x7f || c >= 0x80 ||
			    (c < 0x20 && c != '\t' && c != '\n'))
				break;
		}
		if (run > i)
			web_html_put(h, s + i, run - i);
		i = run;
		if (i >= len)
			break;
		switch (p[i]) {
		case '&': web_html_raw(h, "&amp;"); i++; continue;
		case '<': web_html_raw(h, "&lt;"); i++; continue;
		case '>': web_html_raw(h, "&gt;"); i++; continue;
		case '"': web_html_raw(h, "&quot;"); i++; continue;
		case '\'': web_html_raw(h, "&#39;"); i++; continue;
		default: break;
		}
		if (p[i] < 0x80) {		/* a control character */
			web_html_raw(h, WEB_HTML_FFFD);
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (n == 0) {
			web_html_raw(h, WEB_HTML_FFFD);
			i++;
		} else if (web_html_is_bidi(p + i, n)) {
			web_html_raw(h, WEB_HTML_FFFD);
			i += n;
		} else {
			web_html_put(h, s + i, n);
			i += n;
		}
	}
}

void
web_html_printf(struct web_html *h, const char *fmt, ...)
{
	char num[32];
	const char *p, *start;
	va_list ap;

	va_start(ap, fmt);
	for (p = fmt; *p != '\0' && !h->overflow;) {
		for (start = p; *p != '\0' && *p != '%'; p++)
			;
		if (p > start)
			web_html_put(h, start, (size_t)(p - start));
		if (*p == '\0')
			break;
		p++;		/* the '%' */
		num[0] = '\0';
		if (*p == '%') {
			web_html_raw(h, "%");
		} else if (*p == 's') {
			web_html_text(h, va_arg(ap, const char *));
		} else if (*p == 'd' || *p == 'i') {
			snprintf(num, sizeof(num), "%d", va_arg(ap, int));
		} else if (*p == 'u') {
			snprintf(num, sizeof(num), "%u", va_arg(ap, unsigned));
		} else if (p[0] == 'z' && p[1] == 'u') {
			snprintf(num, sizeof(num), "%zu", va_arg(ap, size_t));
			p++;
		} else if (p[0] == 'l' && (p[1] == 'd' || p[1] == 'i')) {
			snprintf(num, sizeof(num), "%ld", va_arg(ap, long));
			p++;
		} else if (p[0] == 'l' && p[1] == 'u') {
			snprintf(num, sizeof(num), "%lu",
				 va_arg(ap, unsigned long));
			p++;
		} else if (p[0] == 'l' && p[1] == 'l' &&
			   (p[2] == 'd' || p[2] == 'i')) {
			snprintf(num, sizeof(num), "%lld", va_arg(ap, long long));
			p += 2;
		} else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'u') {
			snprintf(num, sizeof(num), "%llu",
				 va_arg(ap, unsigned long long));
			p += 2;
		} else {
			assert(!"web_html_printf: unsupported conversion");
		}
		if (num[0] != '\0')
			web_html_raw(h, num);
		p++;
	}
	va_end(ap);
}

/* Returns true for the bytes RFC 3986 leaves unreserved. */
static bool
web_html_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

static int
web_html_pct(struct buf *b, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[3] = { '%', 0, 0 };

	for (size_t i = 0; i < n; i++) {
		if (web_html_unreserved(s[i])) {
			if (buf_putc(b, (char)s[i]) < 0)
				return -1;
			continue;
		}
		enc[1] = hex[s[i] >> 4];
		enc[2] = hex[s[i] & 0xf];
		if (buf_append(b, enc, 3) < 0)
			return -1;
	}
	return 0;
}

void
web_html_url(struct web_html *h, const char *s)
{
	if (h->overflow || s == NULL)
		return;
	if (web_html_pct(&h->b, (const unsigned char *)s, strlen(s)) < 0)
		h->overflow = true;
}

/* Returns true for the bytes the ASCII filename keeps. */
static bool
web_html_name_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	       c == ' ';
}

/* Removes from s (valid UTF-8, NUL-ended, changed in place) the
   characters a file name must not carry: C0 and C1 controls, DEL, the
   bidirectional controls (web_html_is_bidi) and the marks U+200E,
   U+200F (E2 80 8E/8F) and U+061C (D8 9C). */
static void
web_html_name_clean(char *s)
{
	unsigned char *p = (unsigned char *)s, *out = p;
	size_t len = strlen(s), i, n;

	for (i = 0; i < len; i += n) {
		n = p[i] >= 0x80 ? utf8_seq_len(p + i, len - i) : 1;
		if (n == 0)
			n = 1;
		if ((n == 1 && (p[i] < 0x20 || p[i] == 0x7f)) ||
		    (n == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f) ||
		    (n == 2 && p[i] == 0xd8 && p[i + 1] == 0x9c) ||
		    (n == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		     (p[i + 2] == 0x8e || p[i + 2] == 0x8f)) ||
		    web_html_is_bidi(p + i, n))
			continue;
		memmove(out, p + i, n);
		out += n;
	}
	*out = '\0';
}

int
web_html_disposition(struct buf *b, const char *name, const char *fallback)
{
	const unsigned char *p;
	struct buf ascii;
	char *utf8 = NULL;
	const char *base, *slash;
	size_t len, i, n;
	bool exact = true, meaningful = false;
	int ret = -1;

	buf_init(&ascii, 0);
	base = name != NULL ? name : "";
	if ((slash = strrchr(base, '/')) != NULL)
		base = slash + 1;
	if ((slash = strrchr(base, '\\')) != NULL)
		base = slash + 1;
	len = strlen(base);
	p = (const unsigned char *)base;
	for (i = 0; i < len && ascii.len < WEB_HTML_NAME_ASCII_MAX; i += n) {
		n = p[i] >= 0x80 ? utf8_seq_len(p + i, len - i) : 1;
		if (n == 0)
			n = 1;
		if (p[i] != '.' && p[i] != ' ')
			meaningful = true;
		/* A leading dot would hide the file on Unix. */
		if (n == 1 && web_html_name_char(p[i]) &&
		    !(i == 0 && p[i] == '.')) {
			buf_putc(&ascii, (char)p[i]);
			continue;
		}
		buf_putc(&ascii, '_');
		exact = false;
	}
	if (i < len)
		exact = false;
	/* Trailing dots and spaces are dropped by some systems: cut them. */
	while (ascii.len > 0 && (ascii.data[ascii.len - 1] == '.' ||
				 ascii.data[ascii.len - 1] == ' '))
		ascii.data[--ascii.len] = '\0';
	if (!meaningful || ascii.len == 0) {
		buf_reset(&ascii);
		buf_puts(&ascii, fallback);
		exact = true;	/* nothing worth a filename* */
	}
	if (buf_printf(b, "attachment; filename=\"%s\"", buf_str(&ascii)) < 0)
		goto out;
	if (!exact) {
		utf8 = utf8_sanitize(base, len);
		web_html_name_clean(utf8);
		n = utf8_prefix(utf8, WEB_HTML_NAME_UTF8_MAX);
		if (buf_puts(b, "; filename*=UTF-8''") < 0 ||
		    web_html_pct(b, (const unsigned char *)utf8, n) < 0)
			goto out;
	}
	ret = 0;
out:
	free(utf8);
	buf_free(&ascii);
	return ret;
}

static bool
web_html_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
web_html_is_ref(const char *s)
{
	size_t len, plen, i;

	if (s == NULL)
		return false;
	len = strlen(s);
	/* PREFIX "-" YYYY "-" NNNNNN: 12 bytes after the prefix. */
	if (len < 2 + 12 || len > 16 + 12)
		return false;
	plen = len - 12;
	if (s[plen] != '-' || !web_html_digits(s + plen + 1, 4) ||
	    s[plen + 5] != '-' || !web_html_digits(s + plen + 6, 6))
		return false;
	if (!(s[0] >= 'A' && s[0] <= 'Z'))
		return false;
	for (i = 1; i < plen; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

bool
web_html_is_sha256(const char *s)
{
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}
