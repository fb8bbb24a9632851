/* parsers/links.c - finds the links of a mail's text and HTML anchors,
   unwraps them, normalises them with libcurl's URL API (SPEC §5) and sorts
   them into marketplace listings, IP registry links and other links. */
#define _GNU_SOURCE	/* strcasestr */
#include <curl/curl.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/parser-int.h"
#include "parsers/text-int.h"

#define LINKS_MAX_URL 8192	/* longer candidates are not links */
#define LINKS_MAX_DEPTH 5	/* nested wrappers unwrapped */
#define LINKS_MAX_ANGLE 2048	/* bytes between '<' and '>' */
#define LINKS_DEFAULT_MAX 500	/* when cfg->max_links is 0 */
#define LINKS_WARN_BYTES 200	/* of a link quoted in a warning */
#define LINKS_CANDIDATES 20	/* links examined per link kept */
#define LINKS_DEFAULT_PATH "^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$"

/* Parts of one link as libcurl parsed it, and its normalised form. */
struct link_url {
	char *host;	/* lower case, without a trailing dot */
	char *path;
	char *query;	/* NULL when none */
	char *user;	/* NULL when none */
	char *norm;	/* https, host, port unless default, path */
};

struct links_ctx {
	struct report *r;
	const struct parser_cfg *cfg;
	const regex_t *re;	/* borrowed from recache; NULL: unusable */
	unsigned max;
	unsigned long tries;	/* candidates examined */
	bool full;	/* max reached and warned */
};

/* ---- finding links in text ---- */

static bool
links_is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool
links_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Returns the code point at s (its length in *n_r), or UINT32_MAX with
   *n_r = 1 for a byte that starts no valid UTF-8 sequence. */
static uint32_t
links_cp(const char *s, size_t len, size_t *n_r)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = utf8_seq_len(p, len);
	uint32_t cp;

	*n_r = n ? n : 1;
	switch (n) {
	case 1:
		return p[0];
	case 2:
		cp = p[0] & 0x1f;
		break;
	case 3:
		cp = p[0] & 0x0f;
		break;
	case 4:
		cp = p[0] & 0x07;
		break;
	default:
		return UINT32_MAX;
	}
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	return cp;
}

/* Whether code point cp may be part of a link written in text: not
   blanks, not the delimiters of RFC 3986 appendix C, not CJK text or
   punctuation (Chinese text often runs into a link without a space). */
static bool
links_is_url_cp(uint32_t cp)
{
	if (cp <= 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0xa0))
		return false;
	if (cp < 0x80)
		return strchr("<>\"`{}|\\^", (int)cp) == NULL;
	if (cp == UINT32_MAX || cp == 0xfffd)
		return false;
	if ((cp >= 0x2000 && cp <= 0x206f) ||	/* blanks, quotes, dashes */
	    (cp >= 0x3000 && cp <= 0x30ff) ||	/* CJK punctuation, kana */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) ||	/* ideographs */
	    (cp >= 0xac00 && cp <= 0xd7af) ||	/* hangul */
	    (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xffef))	/* full-width forms */
		return false;
	return true;
}

/* End of the run of link characters starting at text[i]. */
static size_t
links_run_end(const char *text, size_t len, size_t i)
{
	size_t n;

	while (i < len && links_is_url_cp(links_cp(text + i, len - i, &n)))
		i += n;
	return i;
}

/* Drops trailing punctuation that ends the sentence, not the link; a
   closing ')' or ']' stays when the link opened one. Linear in the
   link's length. */
static size_t
links_trim(const char *text, size_t start, size_t end)
{
	size_t open = 0, close = 0, sopen = 0, sclose = 0;

	for (size_t i = start; i < end; i++)
		switch (text[i]) {
		case '(':
			open++;
			break;
		case ')':
			close++;
			break;
		case '[':
			sopen++;
			break;
		case ']':
			sclose++;
			break;
		default:
			break;
		}
	while (end > start) {
		char c = text[end - 1];

		if (strchr(".,;:!?'\"*", c) != NULL)
			end--;
		else if (c == ')' && close > open) {
			end--;
			close--;
		} else if (c == ']' && sclose > sopen) {
			end--;
			sclose--;
		} else
			break;
	}
	return end;
}

/* Whether text[i] may start a link without a scheme: the byte before is
   no part of a word, address or link. */
static bool
links_boundary(const char *text, size_t i)
{
	int c;

	if (i == 0)
		return true;
	c = (unsigned char)text[i - 1];
	return !links_is_alnum(c) && strchr("._@/%+=&?#~-\\", c) == NULL;
}

static bool
links_known_tld(const char *tld, size_t n)
{
	static const char *const tlds[] = {
		"com", "net", "org", "edu", "gov", "int", "mil", "info",
		"biz", "app", "dev", "io", "ai", "shop", "store", "online",
		"site", "tech", "cloud", "xyz", "top", "asia", "example",
		NULL
	};

	for (size_t i = 0; i < n; i++)
		if (!links_is_alpha((unsigned char)tld[i]))
			return false;
	if (n == 2)		/* country codes */
		return true;
	for (size_t i = 0; tlds[i] != NULL; i++)
		if (strlen(tlds[i]) == n && strncasecmp(tlds[i], tld, n) == 0)
			return true;
	return false;
}

static bool links_host_in(const char *host, const struct strv *hosts,
			  bool subdomains);

/* Whether host[0..n) is (a subdomain of) a marketplace or registry host. */
static bool
links_cfg_host(const struct parser_cfg *cfg, const char *host, size_t n)
{
	char *h;
	bool found;

	if (cfg == NULL)
		return false;
	h = xstrndup(host, n);
	found = links_host_in(h, &cfg->marketplace_hosts, true) ||
		links_host_in(h, &cfg->registry_hosts, true);
	free(h);
	return found;
}

/* If text[i..len) starts with a bare "host/", returns the offset of the
   '/', else 0. host needs a dot and a known last label, or is one of
   cfg's marketplace or registry hosts (cfg may be NULL). */
static size_t
links_bare_host(const char *text, size_t len, size_t i,
		const struct parser_cfg *cfg)
{
	size_t j = i, last_dot = 0;

	while (j < len && (links_is_alnum((unsigned char)text[j]) ||
			   text[j] == '.' || text[j] == '-')) {
		if (text[j] == '.') {
			if (j == i || text[j - 1] == '.' || text[j - 1] == '-')
				return 0;
			last_dot = j;
		}
		j++;
	}
	if (j >= len || text[j] != '/' || last_dot == 0 ||
	    last_dot + 1 >= j || text[j - 1] == '-')
		return 0;
	if (!links_known_tld(text + last_dot + 1, j - last_dot - 1) &&
	    !links_cfg_host(cfg, text + i, j - i))
		return 0;
	return j;
}

/* Tries a link at text[i]; returns 1 with its span, else 0. */
static int
links_at(const char *text, size_t len, size_t i,
	 const struct parser_cfg *cfg, size_t *start_r, size_t *end_r,
	 size_t *next_r)
{
	size_t plen = 0, end;
	/* the first letter, folded, before any comparison of the rest */
	int c = text[i] | 0x20;

	if (c == 'h' && len - i >= 8 && strncasecmp(text + i, "https://", 8) == 0)
		plen = 8;
	else if (c == 'h' && len - i >= 7 &&
		 strncasecmp(text + i, "http://", 7) == 0)
		plen = 7;
	else if (c == 'w' && len - i >= 4 &&
		 strncasecmp(text + i, "www.", 4) == 0 &&
		 links_boundary(text, i))
		plen = 4;
	else if (links_boundary(text, i) && links_bare_host(text, len, i, cfg))
		plen = 1;
	if (plen == 0)
		return 0;
	end = links_run_end(text, len, i);
	if (end - i <= LINKS_MAX_URL)
		end = links_trim(text, i, end);
	if (end <= i + plen || end - i > LINKS_MAX_URL) {
		*next_r = end > i ? end : i + 1;
		return 0;
	}
	*start_r = i;
	*end_r = end;
	*next_r = end;
	return 1;
}

/* <https://...>, <URL:...>, <www...>, <host/path>: the whole content. */
static int
links_angle(const char *text, size_t len, size_t i,
	    const struct parser_cfg *cfg, size_t *start_r, size_t *end_r,
	    size_t *next_r)
{
	size_t s = i + 1, e, a, b, n;

	for (e = s; e < len && e - s < LINKS_MAX_ANGLE; e++)
		if (text[e] == '>' || text[e] == '<' || text[e] == '\n')
			break;
	if (e >= len || text[e] != '>')
		return 0;
	if (e - s > 4 && strncasecmp(text + s, "URL:", 4) == 0)
		s += 4;
	if (e <= s || e - s > LINKS_MAX_URL)
		return 0;
	if (links_run_end(text, e, s) != e)
		return 0;	/* blanks or text inside: no single link */
	if (links_at(text, e, s, cfg, &a, &b, &n) <= 0 || a != s)
		return 0;
	*start_r = s;
	*end_r = e;
	*next_r = e + 1;
	return 1;
}

int
links_next(const char *text, size_t len, size_t from,
	   const struct parser_cfg *cfg, size_t *start_r, size_t *end_r,
	   size_t *next_r)
{
	size_t i = from;

	while (i < len) {
		int c = (unsigned char)text[i];
		size_t next = i + 1;

		if (c == '<' &&
		    links_angle(text, len, i, cfg, start_r, end_r, next_r) > 0)
			return 1;
		if (links_is_alnum(c)) {
			if (links_at(text, len, i, cfg, start_r, end_r,
				     &next) > 0) {
				*next_r = next;
				return 1;
			}
			/* skip the rest of the word: links start at words */
			while (next < len &&
			       links_is_alnum((unsigned char)text[next]))
				next++;
		}
		i = next;
	}
	return 0;
}

/* ---- parsing and normalising one link ---- */

static void
links_url_clear(struct link_url *u)
{
	free(u->host);
	free(u->path);
	free(u->query);
	free(u->user);
	free(u->norm);
	memset(u, 0, sizeof(*u));
}

static char *
links_curl_part(CURLU *h, CURLUPart part, unsigned flags)
{
	char *s = NULL, *copy;

	if (curl_url_get(h, part, &s, flags) != CURLUE_OK || s == NULL)
		return NULL;
	copy = xstrdup(s);
	curl_free(s);
	return copy;
}

/* Parses s with libcurl (https when it has no scheme) into u. Returns 0,
   or -1 when s is no http(s) link. */
static int
links_parse(const char *s, struct link_url *u)
{
	CURLU *h = curl_url();
	char *scheme = NULL, *port = NULL;
	size_t hl;
	int ret = -1;

	memset(u, 0, sizeof(*u));
	if (h == NULL)
		return -1;
	if (curl_url_set(h, CURLUPART_URL, s, CURLU_DEFAULT_SCHEME) !=
	    CURLUE_OK)
		goto out;
	scheme = links_curl_part(h, CURLUPART_SCHEME, 0);
	if (scheme == NULL || (strcmp(scheme, "http") != 0 &&
			       strcmp(scheme, "https") != 0))
		goto out;
	u->host = links_curl_part(h, CURLUPART_HOST, 0);
	u->path = links_curl_part(h, CURLUPART_PATH, 0);
	if (u->host == NULL || u->path == NULL)
		goto out;
	for (char *p = u->host; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	hl = strlen(u->host);
	if (hl > 1 && u->host[hl - 1] == '.')
		u->host[--hl] = '\0';
	if (hl == 0)
		goto out;
	u->query = links_curl_part(h, CURLUPART_QUERY, 0);
	u->user = links_curl_part(h, CURLUPART_USER, 0);
	/* a port only when it is not the default of the link's own scheme */
	port = links_curl_part(h, CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
	if (curl_url_set(h, CURLUPART_SCHEME, "https", 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_HOST, u->host, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_PORT, port, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_USER, NULL, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_PASSWORD, NULL, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_OPTIONS, NULL, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_QUERY, NULL, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK)
		goto out;
	u->norm = links_curl_part(h, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
	if (u->norm == NULL)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		links_url_clear(u);
	free(scheme);
	free(port);
	curl_url_cleanup(h);
	return ret;
}

/* ---- sorting links ---- */

static bool
links_host_in(const char *host, const struct strv *hosts, bool subdomains)
{
	size_t hl = strlen(host);

	for (size_t i = 0; i < hosts->n; i++) {
		const char *m = hosts->v[i];
		size_t ml = strlen(m);

		if (strcasecmp(host, m) == 0)
			return true;
		if (subdomains && hl > ml && host[hl - ml - 1] == '.' &&
		    strcasecmp(host + hl - ml, m) == 0)
			return true;
	}
	return false;
}

/* Latin look-alikes among Cyrillic and Greek letters, for IDN hosts. */
static int
links_confusable(uint32_t cp)
{
	static const struct { uint32_t cp; char ascii; } map[] = {
		{ 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043e, 'o' },
		{ 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0443, 'y' },
		{ 0x0445, 'x' }, { 0x0456, 'i' }, { 0x0458, 'j' },
		{ 0x0455, 's' }, { 0x0501, 'd' }, { 0x04bb, 'h' },
		{ 0x043a, 'k' }, { 0x043c, 'm' }, { 0x0442, 't' },
		{ 0x03bf, 'o' }, { 0x03b1, 'a' }, { 0x03b9, 'i' },
		{ 0x03bd, 'v' }, { 0x03c1, 'p' }, { 0x03ba, 'k' },
		{ 0x0131, 'i' }, { 0x0261, 'g' }, { 0x217c, 'l' },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].cp == cp)
			return map[i].ascii;
	return -1;
}

/* Lower-case ASCII letters and digits of s, confusables mapped, the rest
   dropped: "Market-place.com" -> "marketplacecom". */
static char *
links_squash(const char *s)
{
	size_t len = strlen(s), n, o = 0;
	char *out = xmalloc(len + 1);

	for (size_t i = 0; i < len; i += n) {
		uint32_t cp = links_cp(s + i, len - i, &n);
		int c = cp < 0x80 ? (int)cp : links_confusable(cp);

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c >= 0 && links_is_alnum(c))
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

static bool
links_is_idn(const char *host)
{
	for (const char *p = host; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			return true;
	return strncmp(host, "xn--", 4) == 0 || strstr(host, ".xn--") != NULL;
}

/* Returns the two last labels of host ("alibabacloud.com"). */
static const char *
links_tail2(const char *host)
{
	const char *last = strrchr(host, '.'), *p;

	if (last == NULL)
		return host;
	for (p = last; p > host && p[-1] != '.'; p--)
		;
	return p;
}

/* Whether a link that is not on a marketplace host imitates one: the
   marketplace host in its user part, inside or squashed into its host,
   or an IDN host with a listing path or the marketplace's domain. */
static bool
links_lookalike(struct links_ctx *ctx, const struct link_url *u,
		bool listing_path)
{
	const struct strv *hosts = &ctx->cfg->marketplace_hosts;
	char *sh = links_squash(u->host);
	bool found = false, idn = links_is_idn(u->host);

	for (size_t i = 0; i < hosts->n && !found; i++) {
		const char *m = hosts->v[i];
		char *sm = links_squash(m);

		if (u->user != NULL && strcasestr(u->user, m) != NULL)
			found = true;
		else if (links_host_in(u->host, hosts, true))
			found = false;	/* a real subdomain */
		else if (sm[0] != '\0' && strstr(sh, sm) != NULL)
			found = true;
		else if (idn && (listing_path ||
				 strcmp(links_tail2(u->host),
					links_tail2(m)) == 0))
			found = true;
		free(sm);
	}
	free(sh);
	return found;
}

static unsigned
links_count(const struct report *r)
{
	return (unsigned)(r->n_listings + r->other_links.n);
}

static bool
links_room(struct links_ctx *ctx)
{
	if (links_count(ctx->r) < ctx->max)
		return true;
	if (!ctx->full)
		report_warn(ctx->r, "too_many_links", "more than %u links; "
			    "the rest were ignored", ctx->max);
	ctx->full = true;
	return false;
}

static void
links_add_other(struct links_ctx *ctx, const char *norm, bool registry)
{
	if (!strv_contains(&ctx->r->other_links, norm)) {
		if (!links_room(ctx))
			return;
		strv_push(&ctx->r->other_links, norm);
	}
	if (registry)
		strv_push_unique(&ctx->r->registry_links, norm);
}

/* Quotes at most LINKS_WARN_BYTES of s in a warning. */
static int
links_warn_len(const char *s)
{
	return (int)utf8_prefix(s, LINKS_WARN_BYTES);
}

/* Matches path against the listing pattern; returns the listing id
   (owned by the caller) or NULL. */
static char *
links_listing_id(struct links_ctx *ctx, const char *path)
{
	regmatch_t m[2];

	if (ctx->re == NULL || regexec(ctx->re, path, 2, m, 0) != 0 ||
	    m[1].rm_so < 0 || m[1].rm_eo <= m[1].rm_so)
		return NULL;
	return xstrndup(path + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
}

static void
links_sort(struct links_ctx *ctx, const struct link_url *u,
	   const char *found_as)
{
	const struct parser_cfg *cfg = ctx->cfg;
	char *id = links_listing_id(ctx, u->path);

	if (links_host_in(u->host, &cfg->marketplace_hosts, false)) {
		bool known = false;

		if (id == NULL) {
			links_add_other(ctx, u->norm, false);
			return;
		}
		for (size_t i = 0; i < ctx->r->n_listings; i++)
			if (strcmp(ctx->r->listings[i].listing_id, id) == 0)
				known = true;
		if (known || links_room(ctx))
			report_add_listing(ctx->r, u->norm, id, found_as);
		free(id);
		return;
	}
	if (links_lookalike(ctx, u, id != NULL)) {
		report_warn(ctx->r, "lookalike_host", "%.*s imitates the "
			    "marketplace; kept as an other link",
			    links_warn_len(found_as), found_as);
		links_add_other(ctx, u->norm, false);
	} else
		links_add_other(ctx, u->norm,
				links_host_in(u->host, &cfg->registry_hosts,
					      true));
	free(id);
}

/* Unwraps, normalises and sorts the link written as found_as. */
static void
links_one(struct links_ctx *ctx, const char *found_as)
{
	char *cur, *wrapper = NULL, *target;
	struct link_url u;
	const char *why;
	int rc;

	/* the same few links written thousands of times: bound the work */
	if (++ctx->tries > (unsigned long)ctx->max * LINKS_CANDIDATES) {
		if (!ctx->full)
			report_warn(ctx->r, "too_many_links", "more than %lu "
				    "links written; the rest were ignored",
				    (unsigned long)ctx->max * LINKS_CANDIDATES);
		ctx->full = true;
		return;
	}
	cur = xstrdup(found_as);

	for (unsigned depth = 0;; depth++) {
		if (links_parse(cur, &u) < 0) {
			if (wrapper != NULL) {
				report_warn(ctx->r, "unwrap_failed",
					    "%.*s: the wrapped link is no "
					    "http(s) link",
					    links_warn_len(found_as), found_as);
				links_add_other(ctx, wrapper, false);
			}
			break;
		}
		rc = unwrap_one(cur, u.host, u.path, u.query, &target, &why);
		if (rc == 0) {
			links_sort(ctx, &u, found_as);
			links_url_clear(&u);
			break;
		}
		if (rc < 0 || depth >= LINKS_MAX_DEPTH) {
			free(target);
			report_warn(ctx->r, "unwrap_failed", "%.*s: %s",
				    links_warn_len(found_as), found_as,
				    rc < 0 ? why : "wrapped too deep");
			links_add_other(ctx, u.norm, false);
			links_url_clear(&u);
			break;
		}
		free(wrapper);
		wrapper = u.norm;
		u.norm = NULL;
		links_url_clear(&u);
		free(cur);
		cur = target;
	}
	free(wrapper);
	free(cur);
}

/* An href worth following: http(s), protocol-relative or www. */
static char *
links_href(const char *href)
{
	size_t len;

	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	len = strlen(href);
	while (len > 0 && (href[len - 1] == ' ' || href[len - 1] == '\t' ||
			   href[len - 1] == '\n' || href[len - 1] == '\r'))
		len--;
	if (len == 0 || len > LINKS_MAX_URL)
		return NULL;
	if (strncasecmp(href, "http://", 7) == 0 ||
	    strncasecmp(href, "https://", 8) == 0 ||
	    strncasecmp(href, "www.", 4) == 0)
		return xstrndup(href, len);
	if (len > 2 && href[0] == '/' && href[1] == '/')
		return xasprintf("https:%.*s", (int)len, href);
	return NULL;
}

void
links_scan(struct report *r, const char *text, const struct strv *hrefs,
	   const struct parser_cfg *cfg)
{
	struct links_ctx ctx;
	const char *pattern = cfg->listing_path ? cfg->listing_path
						: LINKS_DEFAULT_PATH;
	size_t len = text ? strlen(text) : 0, pos = 0, s, e;

	memset(&ctx, 0, sizeof(ctx));
	ctx.r = r;
	ctx.cfg = cfg;
	ctx.max = cfg->max_links ? cfg->max_links : LINKS_DEFAULT_MAX;
	ctx.re = recache_get(pattern, REG_EXTENDED);
	if (ctx.re != NULL && ctx.re->re_nsub < 1)
		ctx.re = NULL;
	if (ctx.re == NULL)
		report_warn(r, "bad_listing_path", "the listing path pattern "
			    "does not compile or has no group");
	while (!ctx.full &&
	       links_next(text, len, pos, cfg, &s, &e, &pos) > 0) {
		char *found = xstrndup(text + s, e - s);

		links_one(&ctx, found);
		free(found);
	}
	for (size_t i = 0; hrefs != NULL && i < hrefs->n && !ctx.full; i++) {
		char *href = links_href(hrefs->v[i]);

		if (href != NULL)
			links_one(&ctx, href);
		free(href);
	}
}

enum parser_link_class
parser_link_check(const char *line, const struct parser_cfg *cfg,
		  char **listing_r)
{
	struct report *r = report_new();
	enum parser_link_class c = PARSER_LINK_NONE;

	if (listing_r != NULL)
		*listing_r = NULL;
	links_scan(r, line, NULL, cfg);
	if (r->n_listings > 0) {
		c = PARSER_LINK_LISTING;
		if (listing_r != NULL)
			*listing_r = xstrdup(r->listings[0].url);
	} else {
		for (size_t i = 0; i < r->warnings.n; i++)
			if (strncmp(r->warnings.v[i], "lookalike_host:",
				    15) == 0)
				c = PARSER_LINK_LOOKALIKE;
		if (c == PARSER_LINK_NONE && r->other_links.n > 0)
			c = PARSER_LINK_OTHER;
	}
	report_free(&r);
	return c;
}
