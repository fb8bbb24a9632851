/* web/web_html.h - hygiene of the web pages (staff console and public
   portal): an HTML writer
   that escapes every value, URL and Content-Disposition encoders, and
   the checks applied to path and query input before any store query.
   Depends on common/ only, so it is unit-tested on its own. */
#ifndef RG_WEB_HTML_H
#define RG_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

/* A page being written. Plain data: b holds the markup so far. When the
   cap is reached, overflow is set and nothing more is appended; the page
   must then not be sent (it is incomplete). */
struct web_html {
	struct buf b;
	bool overflow;
};

/* Starts an empty page of at most max bytes (0: no cap). */
void web_html_init(struct web_html *h, size_t max);
/* Frees the page (reusable afterwards with the same cap). */
void web_html_free(struct web_html *h);

/* Appends markup as is. Only for constant markup written in this
   program: never pass a value that came from mail, the store or the
   request. */
void web_html_raw(struct web_html *h, const char *markup);
/* Appends s as HTML text or attribute value: & < > " ' become entities;
   invalid UTF-8, control characters other than tab/newline and the
   Unicode bidirectional controls (U+202A..U+202E, U+2066..U+2069) become
   U+FFFD, so a value can neither open markup nor disguise itself.
   NULL appends "-". */
void web_html_text(struct web_html *h, const char *s);
/* Appends fmt, which is constant markup, with its conversions filled in:
   every %s argument goes through web_html_text (a NULL one gives "-");
   %d %i %u %ld %lu %lld %llu %zu and %% are formatted as by printf. No
   flags, widths or precisions (an assertion fails). */
void web_html_printf(struct web_html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s percent-encoded for a URL path segment or query value: every
   byte but A-Z a-z 0-9 - . _ ~ becomes %XX, so the result is also safe
   inside a quoted HTML attribute. */
void web_html_url(struct web_html *h, const char *s);

/* Appends to b a Content-Disposition value for downloading a file named
   name (from mail; may be NULL): attachment; filename="ASCII" with every
   byte outside [A-Za-z0-9._-] (space kept inside) as '_', and, when name
   holds anything else, filename*=UTF-8''<RFC 5987 percent-encoding>.
   Any directory part (after the last / or \) is dropped, both forms are
   capped in length, and an empty or dot-only name becomes
   fallback (which must be plain ASCII). Returns 0, or -1 if b's cap was
   reached. */
int web_html_disposition(struct buf *b, const char *name,
			 const char *fallback);

/* Returns true if s is a case reference as SPEC §3 forms it: a prefix of
   2-16 upper-case letters or digits starting with a letter, '-', four
   digits, '-', six digits. Checked before any query. */
bool web_html_is_ref(const char *s);
/* Returns true if s is exactly 64 lower-case hex digits (the form the
   store names attachment files by). */
bool web_html_is_sha256(const char *s);

#endif
