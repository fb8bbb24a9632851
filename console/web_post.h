/* console/web_post.h - reading the body of a decision form with
   libmicrohttpd's post processor, capped in size. Internal to the web
   console: only web.c and web_post.c see libmicrohttpd types. */
#ifndef RG_WEB_POST_H
#define RG_WEB_POST_H

#include <stddef.h>

#include <microhttpd.h>

#include "console/web.h"

struct web_post;	/* opaque: one form body being read */

/* Starts reading the application/x-www-form-urlencoded body of the
   request on c, at most max bytes in all. Returns a new reader owned by
   the caller (web_post_free), or NULL when libmicrohttpd has no post
   processor for the request's Content-Type. */
struct web_post *web_post_new(struct MHD_Connection *c, size_t max);
/* Feeds the next n bytes of the body. Past max bytes nothing more is
   parsed and web_post_finish answers 413. */
void web_post_feed(struct web_post *p, const char *data, size_t n);
/* Ends the body and fills *f with the known fields (web_form), borrowed
   from p: each value is UTF-8 without control characters other than tab
   and newline (CRLF and CR become LF). Returns 0, or -1 with *status_r
   (413 too large, 400 a field twice or a bad value) and *why_r (a
   static sentence). */
int web_post_finish(struct web_post *p, struct web_form *f,
		    unsigned *status_r, const char **why_r);
/* Frees p; NULL-safe; sets *p = NULL. */
void web_post_free(struct web_post **p);

#endif
