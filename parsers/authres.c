/* parsers/authres.c - reads an Authentication-Results header field by its
   grammar (RFC 8601 section 2.2), so that text inside a comment or a
   quoted string (an envelope address such as "x dmarc=pass"@evil.example
   copied there by the receiving MX) is never read as a result. Plain C,
   no GLib. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "parsers/mime-int.h"

/* A cursor over the header value. */
struct authres {
	const char *p;
};

/* Skips CFWS: white space and comments, which nest and may hold
   quoted-pairs (RFC 5322 3.2.2). An unclosed comment runs to the end. */
static void
authres_cfws(struct authres *a)
{
	for (;;) {
		while (*a->p == ' ' || *a->p == '\t' || *a->p == '\r' ||
		       *a->p == '\n')
			a->p++;
		if (*a->p != '(')
			return;
		for (int depth = 0; *a->p; a->p++) {
			if (*a->p == '\\' && a->p[1] != '\0')
				a->p++;
			else if (*a->p == '(')
				depth++;
			else if (*a->p == ')' && --depth == 0) {
				a->p++;
				break;
			}
		}
	}
}

static bool
authres_special(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '(' || c == ')' || c == '"' || c == ';' || c == '=';
}

/* Skips a quoted string at a->p (which is '"'); unclosed runs to the
   end. */
static void
authres_skip_quoted(struct authres *a)
{
	for (a->p++; *a->p && *a->p != '"'; a->p++)
		if (*a->p == '\\' && a->p[1] != '\0')
			a->p++;
	if (*a->p == '"')
		a->p++;
}

/* Reads a token (a run of non-special characters) after CFWS. Returns
   its length with its start in *s_r; 0 when there is none. */
static size_t
authres_token(struct authres *a, const char **s_r)
{
	authres_cfws(a);
	*s_r = a->p;
	while (!authres_special(*a->p))
		a->p++;
	return (size_t)(a->p - *s_r);
}

/* Reads a value: quoted strings and tokens that touch each other
   ("local"@domain counts as one). Returns its length with its start in
   *s_r; quoted strings are kept as they are. */
static size_t
authres_value(struct authres *a, const char **s_r)
{
	authres_cfws(a);
	*s_r = a->p;
	for (;;) {
		if (*a->p == '"')
			authres_skip_quoted(a);
		else if (!authres_special(*a->p))
			a->p++;
		else
			break;
	}
	return (size_t)(a->p - *s_r);
}

/* Skips to the next resinfo's ';' (or the end), outside comments and
   quoted strings. */
static void
authres_next(struct authres *a)
{
	for (;;) {
		authres_cfws(a);
		if (*a->p == '\0' || *a->p == ';')
			return;
		if (*a->p == '"')
			authres_skip_quoted(a);
		else
			a->p++;
	}
}

static bool
authres_is(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

static char *
authres_lower(const char *s, size_t n)
{
	char *out = xstrndup(s, n);

	for (char *q = out; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return out;
}

/* Reads one resinfo after its ';': methodspec, reasonspec, propspecs.
   When its method is dmarc and no dmarc result was read yet, sets
   *result_r and *from_r (header.from). Leaves the cursor at the next ';'
   or the end. */
static void
authres_resinfo(struct authres *a, char **result_r, char **from_r)
{
	const char *m, *res, *name, *val;
	size_t mn, rn, nn, vn;
	bool dmarc;

	mn = authres_token(a, &m);
	if (mn == 0)
		goto skip;
	/* method [ "/" version ]: the version is part of the token */
	dmarc = authres_is(m, strcspn(m, "/") < mn ? strcspn(m, "/") : mn,
			   "dmarc") && *result_r == NULL;
	authres_cfws(a);
	if (*a->p != '=')
		goto skip;	/* "none" (no-result) or junk */
	a->p++;
	rn = authres_token(a, &res);
	if (rn == 0)
		goto skip;
	if (dmarc)
		*result_r = authres_lower(res, rn);
	for (;;) {
		authres_cfws(a);
		if (*a->p == '\0' || *a->p == ';')
			return;
		nn = authres_token(a, &name);
		authres_cfws(a);
		if (nn == 0 || *a->p != '=')
			goto skip;
		a->p++;
		vn = authres_value(a, &val);
		if (dmarc && *from_r == NULL && vn > 0 && val[0] != '"' &&
		    authres_is(name, nn, "header.from"))
			*from_r = authres_lower(val, vn);
	}
skip:
	authres_next(a);
}

int
authres_dmarc(const char *value, const char *authserv, char **result_r,
	      char **from_r)
{
	struct authres a = { value };
	const char *id;
	size_t n;

	*result_r = NULL;
	*from_r = NULL;
	if (value == NULL || authserv == NULL || *authserv == '\0')
		return 0;
	n = authres_value(&a, &id);
	if (n == 0 || !authres_is(id, n, authserv))
		return 0;
	/* an optional authres-version, then resinfos each after a ';' */
	authres_next(&a);
	while (*a.p == ';') {
		a.p++;
		authres_resinfo(&a, result_r, from_r);
	}
	return 1;
}
