/* parsers/unwrap.c - recognises links rewritten by mail security gateways
   and recovers the link they wrap: Microsoft SafeLinks, Proofpoint URL
   Defense v1, v2 and v3, and Google redirects. One level at a time;
   links.c loops over nested wrappers. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/text-int.h"

#define UNWRAP_MAX_URL 8192	/* bytes of a wrapped link we accept */

static int
unwrap_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Returns true if s[0..len) is UTF-8 without control characters: what a
   link may hold once decoded. */
static bool
unwrap_clean(const char *s, size_t len)
{
	if (len == 0 || len > UNWRAP_MAX_URL || !utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* Percent-decodes s[0..len) ("%zz" that is no escape stays as it is).
   Returns a new string owned by the caller, or NULL when the result is
   no clean link text. */
static char *
unwrap_pct_decode(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < len &&
		    (hi = unwrap_hex((unsigned char)s[i + 1])) >= 0 &&
		    (lo = unwrap_hex((unsigned char)s[i + 2])) >= 0) {
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	if (!unwrap_clean(out, o)) {
		free(out);
		return NULL;
	}
	return out;
}

/* Returns the raw (still encoded) value of parameter name in query, or
   NULL. "&amp;" between parameters (HTML text pasted as plain text) is
   taken as "&". The result is owned by the caller. */
static char *
unwrap_param(const char *query, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = query;

	while (p != NULL && *p != '\0') {
		const char *amp = strchr(p, '&');
		size_t plen = amp ? (size_t)(amp - p) : strlen(p);

		if (plen >= 4 && strncmp(p, "amp;", 4) == 0) {
			p += 4;
			plen -= 4;
		}
		if (plen > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=')
			return xstrndup(p + nlen + 1, plen - nlen - 1);
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

static bool
unwrap_has_suffix(const char *host, const char *suffix)
{
	size_t hl = strlen(host), sl = strlen(suffix);

	return hl > sl && host[hl - sl - 1] == '.' &&
	       strcmp(host + hl - sl, suffix) == 0;
}

/* google.com, www.google.com, google.de, www.google.co.uk, google.com.hk */
static bool
unwrap_is_google(const char *host)
{
	const char *p = host;
	unsigned labels = 0;

	if (strncmp(p, "www.", 4) == 0)
		p += 4;
	if (strncmp(p, "google.", 7) != 0)
		return false;
	p += 7;
	while (*p != '\0') {
		size_t n = 0;

		while (p[n] >= 'a' && p[n] <= 'z')
			n++;
		if (n < 2 || n > 3 || (p[n] != '.' && p[n] != '\0'))
			return false;
		labels++;
		p += n + (p[n] == '.');
	}
	return labels >= 1 && labels <= 2 && host[strlen(host) - 1] != '.';
}

static bool
unwrap_has_scheme(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	       strncasecmp(s, "https://", 8) == 0;
}

/* Value of the first of the parameters names[] as a decoded link. */
static int
unwrap_query_link(const char *query, const char *const *names,
		  char **target_r, const char **why_r)
{
	char *raw = NULL;

	for (size_t i = 0; names[i] != NULL && raw == NULL; i++)
		raw = query ? unwrap_param(query, names[i]) : NULL;
	if (raw == NULL) {
		*why_r = "no target parameter";
		return -1;
	}
	*target_r = unwrap_pct_decode(raw, strlen(raw));
	free(raw);
	if (*target_r == NULL) {
		*why_r = "target is not a clean link";
		return -1;
	}
	return 1;
}

/* Proofpoint v2: in u=, '-' stands for '%' and '_' for '/'. */
static int
unwrap_proofpoint_v2(const char *query, char **target_r, const char **why_r)
{
	char *raw = query ? unwrap_param(query, "u") : NULL;

	if (raw == NULL) {
		*why_r = "no u parameter";
		return -1;
	}
	for (char *p = raw; *p != '\0'; p++) {
		if (*p == '-')
			*p = '%';
		else if (*p == '_')
			*p = '/';
	}
	*target_r = unwrap_pct_decode(raw, strlen(raw));
	free(raw);
	if (*target_r == NULL) {
		*why_r = "u parameter does not decode";
		return -1;
	}
	return 1;
}

static int
unwrap_b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '+')
		return 62;
	if (c == '_' || c == '/')
		return 63;
	return -1;
}

/* Decodes base64url s[0..len) ('=' padding optional) into out. Returns
   0 or -1 on a character outside the alphabet. */
static int
unwrap_b64url(const char *s, size_t len, struct buf *out)
{
	unsigned acc = 0, bits = 0;

	for (size_t i = 0; i < len; i++) {
		int v;

		if (s[i] == '=')
			break;
		v = unwrap_b64_value((unsigned char)s[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (buf_putc(out, (char)((acc >> bits) & 0xff)) < 0)
				return -1;
		}
	}
	return 0;
}

static bool
unwrap_is_scheme_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

/* Run lengths of "**X" in v3: 'A' means 2 characters, 'B' 3, ... '_' 65. */
static int
unwrap_v3_run(int c)
{
	static const char codes[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	const char *p = c ? strchr(codes, c) : NULL;

	return p ? (int)(p - codes) + 2 : -1;
}

/* Proofpoint v3: https://urldefense.com/v3/__URL__;TOKENS!!id!sig$ where
   each '*' of URL stands for one character of base64url(TOKENS) decoded
   as UTF-8 and "**X" for a run of them (see unwrap_v3_run), taken in
   order; URL is percent-decoded before, and "scheme:/x" gets back the
   second slash its encoding dropped. */
static int
unwrap_proofpoint_v3(const char *raw, char **target_r, const char **why_r)
{
	const char *p = strstr(raw, "/v3/__"), *q, *tok, *tok_end;
	char *url = NULL, *fixed = NULL;
	struct buf chars, out;
	size_t ci = 0, n, sl = 0;
	int ret = -1;

	buf_init(&chars, UNWRAP_MAX_URL);
	buf_init(&out, UNWRAP_MAX_URL);
	*why_r = "no __URL__; part";
	if (p == NULL)
		goto out;
	p += 6;
	q = *p ? strstr(p + 1, "__;") : NULL;
	if (q == NULL)
		goto out;
	n = (size_t)(q - p);
	while (sl < n && unwrap_is_scheme_char((unsigned char)p[sl]))
		sl++;
	if (sl > 0 && sl + 2 < n && p[sl] == ':' && p[sl + 1] == '/' &&
	    p[sl + 2] != '/')
		fixed = xasprintf("%.*s/%.*s", (int)(sl + 2), p,
				  (int)(n - sl - 2), p + sl + 2);
	url = fixed ? unwrap_pct_decode(fixed, strlen(fixed))
		    : unwrap_pct_decode(p, n);
	*why_r = "URL part does not decode";
	if (url == NULL)
		goto out;
	tok = q + 3;
	tok_end = strchr(tok, '!');
	if (tok_end == NULL)
		tok_end = tok + strlen(tok);
	*why_r = "bad token bytes";
	if (unwrap_b64url(tok, (size_t)(tok_end - tok), &chars) < 0 ||
	    !utf8_valid(chars.data ? chars.data : "", chars.len))
		goto out;
	for (size_t i = 0; url[i] != '\0'; i++) {
		int count = 1;

		if (url[i] != '*') {
			if (buf_putc(&out, url[i]) < 0)
				goto out;
			continue;
		}
		if (url[i + 1] == '*' && url[i + 2] != '\0') {
			count = unwrap_v3_run((unsigned char)url[i + 2]);
			*why_r = "bad run length";
			if (count < 0)
				goto out;
			i += 2;
		}
		*why_r = "fewer token characters than '*'";
		while (count-- > 0) {
			size_t cl;

			if (ci >= chars.len)
				goto out;
			cl = utf8_seq_len((const unsigned char *)chars.data +
					  ci, chars.len - ci);
			if (buf_append(&out, chars.data + ci, cl) < 0)
				goto out;
			ci += cl;
		}
	}
	*why_r = "target is not a clean link";
	if (out.len == 0 || !unwrap_clean(out.data, out.len))
		goto out;
	*target_r = buf_take(&out);
	ret = 1;
out:
	free(fixed);
	free(url);
	buf_free(&chars);
	buf_free(&out);
	return ret;
}

int
unwrap_one(const char *raw, const char *host, const char *path,
	   const char *query, char **target_r, const char **why_r)
{
	static const char *const safelinks_params[] = { "url", NULL };
	static const char *const v1_params[] = { "u", NULL };
	static const char *const google_params[] = { "q", "url", NULL };
	int ret;

	*target_r = NULL;
	*why_r = NULL;
	if (strcmp(host, "safelinks.protection.outlook.com") == 0 ||
	    unwrap_has_suffix(host, "safelinks.protection.outlook.com"))
		return unwrap_query_link(query, safelinks_params, target_r,
					 why_r);
	if (strcmp(host, "urldefense.proofpoint.com") == 0 ||
	    strcmp(host, "urldefense.com") == 0) {
		if (strcmp(path, "/v1/url") == 0)
			return unwrap_query_link(query, v1_params, target_r,
						 why_r);
		if (strcmp(path, "/v2/url") == 0)
			return unwrap_proofpoint_v2(query, target_r, why_r);
		if (strncmp(path, "/v3/__", 6) == 0)
			return unwrap_proofpoint_v3(raw, target_r, why_r);
		*why_r = "unknown URL Defense version";
		return -1;
	}
	if (unwrap_is_google(host) && strcmp(path, "/url") == 0) {
		ret = unwrap_query_link(query, google_params, target_r, why_r);
		if (ret > 0 && !unwrap_has_scheme(*target_r)) {
			xfree(target_r);
			*why_r = "target has no http(s) scheme";
			return -1;
		}
		return ret;
	}
	return 0;
}
