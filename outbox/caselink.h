/* outbox/caselink.h - the links to a case's page on the public portal
   that mails carry: /status/REF?t=TOKEN for the reporter. TOKEN is the
   HMAC-SHA256 of the page's name and the reference under the key of
   [portal] secret_file, so the portal checks a link without storing any
   token, and a link names one case only. */
#ifndef RG_CASELINK_H
#define RG_CASELINK_H

#include <stdbool.h>
#include <stddef.h>

#include "common/config.h"
#include "common/err.h"

#define CASELINK_TOKEN_HEX 64

/* Writes the token of page ("status") and ref under key (key_len bytes)
   as lower-case hex and a NUL to out (CASELINK_TOKEN_HEX + 1 bytes).
   Returns 0, or -1 if the HMAC failed. */
int caselink_token(const unsigned char *key, size_t key_len,
		   const char *page, const char *ref, char *out);

/* Returns true if token (NULL: absent) is the token of page and ref;
   compared in constant time. */
bool caselink_check(const unsigned char *key, size_t key_len,
		    const char *page, const char *ref, const char *token);

/* Reads the key of cfg->portal_secret_file into *key_r (owned by the
   caller: explicit_bzero and free) and its length into *len_r. Returns
   1, 0 when no file is configured (*key_r NULL), or -1 with err set
   (ERR_FATAL: unreadable, or shorter than 32 bytes). */
int caselink_key(const struct config *cfg, unsigned char **key_r,
		 size_t *len_r, struct err *err);

/* Returns base_url + "/status/" + ref + "?t=" + token, owned by the
   caller; NULL when base_url or key is NULL. */
char *caselink_status_url(const char *base_url, const unsigned char *key,
			  size_t key_len, const char *ref);

/* Returns base_url + "/counter/" + ref + "?v=" + vendor (percent-
   encoded) + "&t=" + the token of page "counter" and ref + "|" +
   vendor (lower case): the link of one vendor's counter-notice form.
   Owned by the caller; NULL when base_url or key is NULL. */
char *caselink_counter_url(const char *base_url, const unsigned char *key,
			   size_t key_len, const char *ref,
			   const char *vendor);
/* Returns true if token is that of vendor's counter-notice form of ref
   (constant time). */
bool caselink_counter_check(const unsigned char *key, size_t key_len,
			    const char *ref, const char *vendor,
			    const char *token);

#endif
