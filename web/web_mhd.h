/* web/web_mhd.h - what both web processes (the staff console, the
   public portal) do alike with libmicrohttpd: its messages into our
   log, the security headers of every response, and the cleaning of a
   posted text value. */
#ifndef RG_WEB_MHD_H
#define RG_WEB_MHD_H

#include <stdarg.h>
#include <stdbool.h>

#include <microhttpd.h>

#include "common/buf.h"

/* The Content-Security-Policy of every page: no scripts, no frames, no
   asset from anywhere (inline style only), forms only to this server. */
#define WEB_MHD_CSP "default-src 'none'; style-src 'unsafe-inline'; " \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* libmicrohttpd's external logger (MHD_OPTION_EXTERNAL_LOGGER): one log
   line per message, event "<comp>.http"; cls is the component name (a
   static string: "web", "portal"). */
void web_mhd_log(void *cls, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Adds the headers every response of both web processes carries:
   Content-Security-Policy csp (NULL: WEB_MHD_CSP; the console passes its
   own, which allows its stylesheet and images, and a sandboxing one for
   attachments shown in place), X-Frame-Options DENY, Referrer-Policy
   same-origin (the origin check of posted forms needs the real Origin),
   nosniff, Cache-Control no-store. csp is borrowed. Returns false if one
   could not be added. */
bool web_mhd_headers(struct MHD_Response *resp, const char *csp);

/* Turns CRLF and CR into LF in b (NUL-terminated after), then returns
   true if it is UTF-8 text without NUL or control characters other
   than tab and newline. */
bool web_mhd_clean_text(struct buf *b);

#endif
