/* web/web_guard.c - token comparison, the same-origin rule and the
   staff-name check in front of posted forms (web_guard.h). */
#include <string.h>
#include <strings.h>

#include "common/hex.h"
#include "web/web_guard.h"

void
web_guard_token_hex(const unsigned char *raw, char *out)
{
	hex_encode(raw, WEB_GUARD_TOKEN_BYTES, out);
}

bool
web_guard_token_equal(const char *want, const char *given)
{
	size_t n = strlen(want), i;
	unsigned char diff = 0;

	if (given == NULL || strlen(given) != n || n == 0)
		return false;
	/* Every byte is looked at: no early exit on the first mismatch. */
	for (i = 0; i < n; i++)
		diff |= (unsigned char)(want[i] ^ given[i]);
	return diff == 0;
}

/* Returns true if url starts with http:// or https:// followed by an
   authority that equals host (case-insensitively) and then ends (exact)
   or continues with a path, query or fragment (!exact). */
static bool
web_guard_url_is(const char *url, const char *host, bool exact)
{
	const char *a;
	size_t n;

	if (host == NULL || *host == '\0')
		return false;
	if (strncasecmp(url, "http://", 7) == 0)
		a = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		a = url + 8;
	else
		return false;
	n = strcspn(a, "/?#");
	if (exact && a[n] != '\0')
		return false;
	/* No user-info: "http://host@evil.example" names evil.example. */
	if (memchr(a, '@', n) != NULL)
		return false;
	return n == strlen(host) && strncasecmp(a, host, n) == 0;
}

bool
web_guard_same_origin(const char *origin, const char *referer,
		      const char *host, const char *fwd_host)
{
	const char *url = origin != NULL ? origin : referer;
	bool exact = origin != NULL;

	if (url == NULL)
		return false;
	return web_guard_url_is(url, host, exact) ||
	       (fwd_host != NULL && web_guard_url_is(url, fwd_host, exact));
}

bool
web_guard_host_allowed(const char *host, const char *allowed)
{
	const char *h, *end, *p, *e;
	size_t n;

	if (host == NULL || allowed == NULL)
		return false;
	if (host[0] == '[') {
		h = host + 1;
		if ((end = strchr(h, ']')) == NULL ||
		    (end[1] != '\0' && end[1] != ':'))
			return false;
	} else {
		h = host;
		end = strchr(h, ':');
		if (end == NULL)
			end = h + strlen(h);
	}
	n = (size_t)(end - h);
	if (n == 0)
		return false;
	for (p = allowed; *p != '\0'; p = e) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ',' && *e != ' ' && *e != '\t';
		     e++)
			;
		if ((size_t)(e - p) == n && strncasecmp(p, h, n) == 0)
			return true;
	}
	return false;
}

bool
web_guard_user_ok(const char *v)
{
	size_t n, i;

	if (v == NULL || (n = strlen(v)) == 0 || n > WEB_GUARD_USER_MAX ||
	    v[0] == ' ' || v[n - 1] == ' ')
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			return false;
	return true;
}
