/* console/web_text.c - the quoted history of a mail's text and the
   kind of an attachment from its bytes. */
#include <stdbool.h>
#include <string.h>

#include "common/utf8.h"
#include "console/web_text.h"

/* Returns true if the line [p, p+n) starts with prefix. */
static bool
web_text_starts(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

/* Returns true if the line [p, p+n) ends with suffix, ignoring trailing
   spaces and CR. */
static bool
web_text_ends(const char *p, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r' ||
			 p[n - 1] == '\t'))
		n--;
	return n >= k && memcmp(p + n - k, suffix, k) == 0;
}

/* Returns true if the line is blank (spaces, tabs, CR). */
static bool
web_text_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

/* Returns true if line [p, p+n), preceded by a blank line when
   after_blank, opens the quoted history. */
static bool
web_text_is_quote(const char *p, size_t n, bool after_blank)
{
	size_t i;

	if (n > 0 && p[0] == '>')
		return true;
	if ((web_text_starts(p, n, "On ") || web_text_starts(p, n, "Le ") ||
	     web_text_starts(p, n, "Am ")) &&
	    (web_text_ends(p, n, "wrote:") || web_text_ends(p, n, "a écrit :") ||
	     web_text_ends(p, n, "schrieb:")))
		return true;
	if (web_text_ends(p, n, "写道：") || web_text_ends(p, n, "写道:"))
		return true;
	if (web_text_starts(p, n, "-----Original Message-----") ||
	    web_text_starts(p, n, "----- Original Message -----") ||
	    web_text_starts(p, n, "-------- Forwarded Message") ||
	    web_text_starts(p, n, "---------- Forwarded message") ||
	    web_text_starts(p, n, "------------------ 原始邮件"))
		return true;
	if (n >= 10) {
		for (i = 0; i < n && (p[i] == '_' || p[i] == '\r'); i++)
			;
		if (i == n)
			return true;
	}
	return after_blank && (web_text_starts(p, n, "From: ") ||
			       web_text_starts(p, n, "发件人：") ||
			       web_text_starts(p, n, "发件人:"));
}

size_t
web_text_quote_start(const char *text, size_t len)
{
	size_t off = 0, end, n, body_end = 0;
	bool after_blank = false;

	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);

		end = nl != NULL ? (size_t)(nl - text) : len;
		n = end - off;
		if (web_text_is_quote(text + off, n, after_blank))
			return body_end;
		after_blank = web_text_blank(text + off, n);
		if (!after_blank)
			body_end = end;
		off = nl != NULL ? end + 1 : len;
	}
	return len;
}

enum web_sniff
web_text_sniff(const unsigned char *p, size_t n)
{
	size_t i, cut;

	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return SNIFF_PNG;
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return SNIFF_JPEG;
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 ||
		       memcmp(p, "GIF89a", 6) == 0))
		return SNIFF_GIF;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		return SNIFF_WEBP;
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return SNIFF_PDF;
	for (i = 0; i < n; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		     p[i] != '\r' && p[i] != '\f') || p[i] == 0x7f)
			return SNIFF_OTHER;
	/* A character cut by the end of the sample is allowed. */
	cut = n;
	for (i = 0; i < 3 && cut > 0 && (p[cut - 1] & 0xc0) == 0x80; i++)
		cut--;
	if (cut > 0 && (p[cut - 1] & 0xc0) == 0xc0)
		cut--;
	return utf8_valid((const char *)p, cut) ? SNIFF_TEXT : SNIFF_OTHER;
}

const char *
web_text_sniff_type(enum web_sniff k)
{
	switch (k) {
	case SNIFF_PNG: return "image/png";
	case SNIFF_JPEG: return "image/jpeg";
	case SNIFF_GIF: return "image/gif";
	case SNIFF_WEBP: return "image/webp";
	case SNIFF_PDF: return "application/pdf";
	case SNIFF_TEXT: return "text/plain; charset=utf-8";
	default: return NULL;
	}
}
