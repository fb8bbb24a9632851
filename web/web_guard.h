/* web/web_guard.h - the checks in front of a form posted to the staff
   console or the public portal: the CSRF token, the same-origin rule
   (Origin, else Referer, against the request's Host) and the staff name
   a trusted proxy sends. Pure,
   depends on common/ only, so it is unit-tested on its own. */
#ifndef RG_WEB_GUARD_H
#define RG_WEB_GUARD_H

#include <stdbool.h>
#include <stddef.h>

/* The token is 32 random bytes in lower-case hex. */
#define WEB_GUARD_TOKEN_BYTES 32
#define WEB_GUARD_TOKEN_HEX (2 * WEB_GUARD_TOKEN_BYTES)
/* The longest staff name taken from a header. */
#define WEB_GUARD_USER_MAX 64

/* Writes the hex form of raw (WEB_GUARD_TOKEN_BYTES bytes) and a NUL to
   out (WEB_GUARD_TOKEN_HEX + 1 bytes). */
void web_guard_token_hex(const unsigned char *raw, char *out);
/* Returns true if given (NULL: absent) equals want. The time taken does
   not depend on where they differ, only on want's length, which is not
   secret. */
bool web_guard_token_equal(const char *want, const char *given);

/* Returns true if a POST comes from a page of this server: origin (the
   Origin header, NULL when absent) or, when there is none, the Referer
   (NULL when absent) must name scheme http or https and an authority
   equal, ignoring case, to host (the Host header) or to fwd_host (the
   X-Forwarded-Host of a trusted proxy; NULL when not trusted). No
   Origin and no Referer, an Origin "null", or no host is false. */
bool web_guard_same_origin(const char *origin, const char *referer,
			   const char *host, const char *fwd_host);

/* Returns true if the host of a Host header value (without its port;
   "[v6]" brackets removed) equals, ignoring case, one of the names in
   allowed (separated by commas or blanks). NULL or empty: false. */
bool web_guard_host_allowed(const char *host, const char *allowed);

/* Returns true if v is a usable staff name from a proxy header: 1 to
   WEB_GUARD_USER_MAX printable ASCII characters (space to ~), not
   starting or ending with a space. */
bool web_guard_user_ok(const char *v);

#endif
