/* outbox/caselink.c - making and checking the tokens of the links to a
   case's page (caselink.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>

#include "common/buf.h"
#include "common/hex.h"
#include "common/mem.h"
#include "common/secret.h"
#include "outbox/caselink.h"

#define CASELINK_KEY_MIN 32

int
caselink_token(const unsigned char *key, size_t key_len, const char *page,
	       const char *ref, char *out)
{
	unsigned char d[32];
	char *msg = xasprintf("%s|%s", page, ref);
	int rc;

	rc = gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, key_len, msg,
			      strlen(msg), d);
	free(msg);
	if (rc < 0)
		return -1;
	hex_encode(d, sizeof(d), out);
	explicit_bzero(d, sizeof(d));
	return 0;
}

bool
caselink_check(const unsigned char *key, size_t key_len, const char *page,
	       const char *ref, const char *token)
{
	char want[CASELINK_TOKEN_HEX + 1];
	unsigned char diff = 0;
	size_t i;

	if (token == NULL || strlen(token) != CASELINK_TOKEN_HEX ||
	    caselink_token(key, key_len, page, ref, want) < 0)
		return false;
	/* every byte is looked at: no early exit on a mismatch */
	for (i = 0; i < CASELINK_TOKEN_HEX; i++)
		diff |= (unsigned char)(want[i] ^ token[i]);
	explicit_bzero(want, sizeof(want));
	return diff == 0;
}

int
caselink_key(const struct config *cfg, unsigned char **key_r, size_t *len_r,
	     struct err *err)
{
	char *s;
	size_t n;

	*key_r = NULL;
	*len_r = 0;
	if (cfg->portal_secret_file == NULL)
		return 0;
	if ((s = secret_read(cfg->portal_secret_file, err)) == NULL)
		return -1;
	n = strlen(s);
	if (n < CASELINK_KEY_MIN) {
		secret_free(&s);
		err_set(err, ERR_FATAL, "portal.secret_file: the key must be "
			"at least %d bytes", CASELINK_KEY_MIN);
		return -1;
	}
	*key_r = (unsigned char *)s;
	*len_r = n;
	return 1;
}

char *
caselink_status_url(const char *base_url, const unsigned char *key,
		    size_t key_len, const char *ref)
{
	char token[CASELINK_TOKEN_HEX + 1];
	char *url;

	if (base_url == NULL || key == NULL ||
	    caselink_token(key, key_len, "status", ref, token) < 0)
		return NULL;
	url = xasprintf("%s/status/%s?t=%s", base_url, ref, token);
	explicit_bzero(token, sizeof(token));
	return url;
}

/* ref + "|" + vendor in lower case, owned by the caller. */
static char *
caselink_vendor_key(const char *ref, const char *vendor)
{
	char *s = xasprintf("%s|%s", ref, vendor);

	for (char *p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

char *
caselink_counter_url(const char *base_url, const unsigned char *key,
		     size_t key_len, const char *ref, const char *vendor)
{
	static const char hexd[] = "0123456789ABCDEF";
	char token[CASELINK_TOKEN_HEX + 1];
	char *k, *url;
	struct buf b;

	if (base_url == NULL || key == NULL || vendor == NULL)
		return NULL;
	k = caselink_vendor_key(ref, vendor);
	if (caselink_token(key, key_len, "counter", k, token) < 0) {
		free(k);
		return NULL;
	}
	free(k);
	buf_init(&b, 0);
	buf_printf(&b, "%s/counter/%s?v=", base_url, ref);
	for (const unsigned char *p = (const unsigned char *)vendor; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%c%c", hexd[*p >> 4], hexd[*p & 15]);
	}
	buf_printf(&b, "&t=%s", token);
	explicit_bzero(token, sizeof(token));
	url = buf_take(&b);
	return url;
}

bool
caselink_counter_check(const unsigned char *key, size_t key_len,
		       const char *ref, const char *vendor, const char *token)
{
	char *k;
	bool ok;

	if (vendor == NULL)
		return false;
	k = caselink_vendor_key(ref, vendor);
	ok = caselink_check(key, key_len, "counter", k, token);
	free(k);
	return ok;
}
