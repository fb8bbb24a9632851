/* tests/unit/test-links.c - links_scan: finding links in text and hrefs,
   unwrapping (SafeLinks, Proofpoint v1 v2 v3, Google, nested, failing),
   normalisation, listings deduped by id, look-alike hosts, registry
   links, max_links. Table-driven; reports are built by hand. */
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../common/strv.h"
#include "../../parsers/parser-int.h"
#include "../lib/testlib.h"

#define MP "https://marketplace.alibabacloud.com"
#define LISTING(id) MP "/products/56700001/" id ".html"

static struct parser_cfg cfg;

static void
cfg_setup(void)
{
	static const char *const registries[] = {
		"tsdr.uspto.gov", "euipo.europa.eu", "branddb.wipo.int",
		"patents.google.com", "sbj.cnipa.gov.cn", NULL
	};

	memset(&cfg, 0, sizeof(cfg));
	cfg.stream = STREAM_IP;
	cfg.max_links = 500;
	strv_push(&cfg.marketplace_hosts, "marketplace.alibabacloud.com");
	strv_push(&cfg.marketplace_hosts, "shop.internal");
	cfg.listing_path = xstrdup("^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$");
	for (size_t i = 0; registries[i] != NULL; i++)
		strv_push(&cfg.registry_hosts, registries[i]);
}

static void
cfg_teardown(void)
{
	strv_free(&cfg.marketplace_hosts);
	strv_free(&cfg.registry_hosts);
	free(cfg.listing_path);
}

/* Joins what r found: "id=url<found_as>" per listing, separated by ' '. */
static char *
join_listings(const struct report *r, bool with_found)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < r->n_listings; i++)
		buf_printf(&b, "%s%s=%s%s%s%s", i ? " " : "",
			   r->listings[i].listing_id, r->listings[i].url,
			   with_found ? "<" : "",
			   with_found ? r->listings[i].found_as : "",
			   with_found ? ">" : "");
	return buf_take(&b);
}

static char *
join_strv(const struct strv *sv)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < sv->n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", sv->v[i]);
	return buf_take(&b);
}

/* The codes of r's warnings ("code: detail" -> "code"), joined by ','. */
static char *
join_warning_codes(const struct report *r)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < r->warnings.n; i++) {
		const char *w = r->warnings.v[i], *colon = strchr(w, ':');

		buf_printf(&b, "%s%.*s", i ? "," : "",
			   (int)(colon ? (size_t)(colon - w) : strlen(w)), w);
	}
	return buf_take(&b);
}

struct link_case {
	const char *name;
	const char *text;
	const char *href;	/* one href, or NULL */
	const char *listings;	/* "id=url ..." */
	const char *others;	/* "url ..." */
	const char *registry;	/* "url ..." */
	const char *warnings;	/* "code,code" */
};

static const struct link_case cases[] = {
	/* finding and normalising */
	{ "https listing, sentence dot trimmed",
	  "See " LISTING("cmjj00012345") ".", NULL,
	  "cmjj00012345=" LISTING("cmjj00012345"), "", "", "" },
	{ "case, default port, query and fragment",
	  "HTTPS://MarketPlace.AlibabaCloud.COM:443/products/56700001/"
	  "cmjj1.html?spm=a.b#reviews", NULL,
	  "cmjj1=" LISTING("cmjj1"), "", "", "" },
	{ "http becomes https, :80 dropped",
	  "http://marketplace.alibabacloud.com:80/products/56700001/a2.html",
	  NULL, "a2=" LISTING("a2"), "", "", "" },
	{ "non-default port kept",
	  "https://acme.example:8443/x", NULL, "",
	  "https://acme.example:8443/x", "", "" },
	{ "bare host/path with CJK comma",
	  "请下架marketplace.alibabacloud.com/products/56700001/bare-1.html，"
	  "谢谢", NULL, "bare-1=" LISTING("bare-1"), "", "", "" },
	{ "CJK text and closing bracket run into the link",
	  "链接：https://marketplace.alibabacloud.com/products/56700001/"
	  "zh_1.html）。", NULL, "zh_1=" LISTING("zh_1"), "", "", "" },
	{ "CJK full stop and bracket",
	  "【https://acme.example/zh】见" MP "/products/1/z2.html。", NULL,
	  "z2=" MP "/products/1/z2.html", "https://acme.example/zh", "", "" },
	{ "www. without scheme",
	  "visit www.Acme.example/brand?x=1, thanks", NULL, "",
	  "https://www.acme.example/brand", "", "" },
	{ "bare host on a configured host with an unknown TLD",
	  "shop.internal/products/9/in1.html", NULL,
	  "in1=https://shop.internal/products/9/in1.html", "", "", "" },
	{ "bare host needs a known TLD",
	  "files at build.output/x and foo.zz9/y", NULL, "", "", "", "" },
	{ "balanced parentheses kept, trailing ones trimmed",
	  "(see https://acme.example/a_(b)). Or https://acme.example/x!?",
	  NULL, "", "https://acme.example/a_(b) https://acme.example/x",
	  "", "" },
	{ "angle brackets keep trailing dots",
	  "<https://acme.example/a.b.> and <URL:https://acme.example/u>",
	  NULL, "", "https://acme.example/a.b. https://acme.example/u",
	  "", "" },
	{ "addresses and file names are no links",
	  "mail jane@brand.example or see scan_01.pdf, v1.2/3", NULL, "",
	  "", "", "" },
	{ "dedupe by listing id, first found_as kept",
	  LISTING("d1") "?a=1\nhttp://MARKETPLACE.alibabacloud.com/products/"
	  "56700001/d1.html#x\nhttps://marketplace.alibabacloud.com/products/"
	  "999/d1.html", NULL, "d1=" LISTING("d1"), "", "", "" },
	{ "marketplace page that is no listing",
	  "https://marketplace.alibabacloud.com/ and " MP "/products/1/x.htm",
	  NULL, "", MP "/ " MP "/products/1/x.htm", "", "" },
	{ "duplicate other links once",
	  "https://acme.example/b https://ACME.example/b#top", NULL, "",
	  "https://acme.example/b", "", "" },
	/* look-alike hosts */
	{ "look-alike: marketplace host as a subdomain of another",
	  "https://marketplace.alibabacloud.com.evil.example/products/1/"
	  "x1.html", NULL, "",
	  "https://marketplace.alibabacloud.com.evil.example/products/1/"
	  "x1.html", "", "lookalike_host" },
	{ "look-alike: dash for dot",
	  "https://marketplace-alibabacloud.com/products/1/x2.html", NULL, "",
	  "https://marketplace-alibabacloud.com/products/1/x2.html", "",
	  "lookalike_host" },
	{ "look-alike: userinfo trick",
	  "https://marketplace.alibabacloud.com@evil.example/products/1/"
	  "x3.html", NULL, "", "https://evil.example/products/1/x3.html", "",
	  "lookalike_host" },
	{ "look-alike: punycode label on the domain",
	  "https://xn--marketplac-abc.alibabacloud.com/products/1/x4.html",
	  NULL, "",
	  "https://xn--marketplac-abc.alibabacloud.com/products/1/x4.html",
	  "", "lookalike_host" },
	{ "look-alike: Cyrillic a",
	  "https://marketplace.\xd0\xb0libabacloud.com/products/1/x5.html",
	  NULL, "",
	  "https://marketplace.\xd0\xb0libabacloud.com/products/1/x5.html",
	  "", "lookalike_host" },
	{ "unrelated host with a listing path is no look-alike",
	  "https://evil.example/products/1/x6.html", NULL, "",
	  "https://evil.example/products/1/x6.html", "", "" },
	{ "subdomain of the marketplace: other link, no warning",
	  "https://www.marketplace.alibabacloud.com/products/1/x7.html", NULL,
	  "", "https://www.marketplace.alibabacloud.com/products/1/x7.html",
	  "", "" },
	/* registries */
	{ "registry links, exact and subdomain",
	  "https://tsdr.uspto.gov/#caseNumber=5551234&caseType=SERIAL_NO\n"
	  "https://www.euipo.europa.eu/eSearch/#details/trademarks/018000000\n"
	  "https://notuspto.gov/x https://tsdr.uspto.gov.evil.example/y",
	  NULL, "",
	  "https://tsdr.uspto.gov/ https://www.euipo.europa.eu/eSearch/ "
	  "https://notuspto.gov/x https://tsdr.uspto.gov.evil.example/y",
	  "https://tsdr.uspto.gov/ https://www.euipo.europa.eu/eSearch/", "" },
	{ "bare registry host",
	  "sbj.cnipa.gov.cn/sbcx/detail?id=1", NULL, "",
	  "https://sbj.cnipa.gov.cn/sbcx/detail",
	  "https://sbj.cnipa.gov.cn/sbcx/detail", "" },
	/* hrefs */
	{ "hrefs: http, protocol-relative; mailto and fragments skipped",
	  "", "//acme.example/p", "", "https://acme.example/p", "", "" },
	{ "hrefs: listing behind SafeLinks",
	  "click here",
	  "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2F"
	  "marketplace.alibabacloud.com%2Fproducts%2F56700001%2Fh1.html"
	  "&data=05%7C01&sdata=abc&reserved=0",
	  "h1=" LISTING("h1"), "", "", "" },
	{ "href mailto ignored", "", "mailto:jane@brand.example", "", "", "",
	  "" },
	/* unwrapping */
	{ "SafeLinks in text",
	  "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2F"
	  "marketplace.alibabacloud.com%2Fproducts%2F56700001%2Fs1.html%3F"
	  "spm%3D1&data=05", NULL, "s1=" LISTING("s1"), "", "", "" },
	{ "Proofpoint v1",
	  "https://urldefense.proofpoint.com/v1/url?u=https://marketplace."
	  "alibabacloud.com/products/56700001/p1.html&k=abc", NULL,
	  "p1=" LISTING("p1"), "", "", "" },
	{ "Proofpoint v2 ('-' = '%', '_' = '/')",
	  "https://urldefense.proofpoint.com/v2/url?u=https-3A__marketplace."
	  "alibabacloud.com_products_56700001_p2-5Fx.html&d=DwMFaQ&c=x&r=y",
	  NULL, "p2_x=" LISTING("p2_x"), "", "", "" },
	{ "Proofpoint v3 single token",
	  "https://urldefense.com/v3/__https://marketplace.alibabacloud.com/"
	  "products/56700001/v3_1.html*spm=x__;Pw!!ABCD!efgh$", NULL,
	  "v3_1=" LISTING("v3_1"), "", "", "" },
	{ "Proofpoint v3 run of two, UTF-8 token",
	  "https://urldefense.com/v3/__https://acme.example/caf**Aq=1__;w6k_"
	  "!!X!y$", NULL, "", "https://acme.example/caf\xc3\xa9", "", "" },
	{ "Proofpoint v3 single slash restored",
	  "https://urldefense.com/v3/__https:/acme.example/s__;!!X!y$", NULL,
	  "", "https://acme.example/s", "", "" },
	{ "Google redirect q=",
	  "https://www.google.com/url?q=https://marketplace.alibabacloud.com/"
	  "products/56700001/g1.html&sa=D&source=editors", NULL,
	  "g1=" LISTING("g1"), "", "", "" },
	{ "Google ccTLD, url= parameter",
	  "https://www.google.co.uk/url?sa=t&url=https%3A%2F%2Facme.example"
	  "%2Fg2&usg=x", NULL, "", "https://acme.example/g2", "", "" },
	{ "nested: SafeLinks around Proofpoint v2",
	  "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2F"
	  "urldefense.proofpoint.com%2Fv2%2Furl%3Fu%3Dhttps-3A__marketplace."
	  "alibabacloud.com_products_56700001_nest-5F1.html%26d%3DDwMFaQ%26c"
	  "%3Dx&data=05", NULL, "nest_1=" LISTING("nest_1"), "", "", "" },
	{ "failing: SafeLinks without url=",
	  "https://eur01.safelinks.protection.outlook.com/?data=05&sdata=x",
	  NULL, "", "https://eur01.safelinks.protection.outlook.com/", "",
	  "unwrap_failed" },
	{ "failing: Proofpoint v3 with too few token characters",
	  "https://urldefense.com/v3/__https://acme.example/a*b*c__;Pw!!X!y$",
	  NULL, "", "https://urldefense.com/v3/__https://acme.example/a*b*c__"
	  ";Pw!!X!y$", "", "unwrap_failed" },
	{ "failing: Proofpoint unknown version",
	  "https://urldefense.com/v9/whatever", NULL, "",
	  "https://urldefense.com/v9/whatever", "", "unwrap_failed" },
	{ "failing: Google redirect to javascript:",
	  "https://www.google.com/url?q=javascript:alert(1)", NULL, "",
	  "https://www.google.com/url", "", "unwrap_failed" },
	{ "google.com without /url is a plain link",
	  "https://www.google.com/search?q=acme", NULL, "",
	  "https://www.google.com/search", "", "" },
};

/* Compares got (freed) with want, naming the case and the aspect. */
static void
check(char *got, const char *want, const char *name, const char *aspect)
{
	char *what = xasprintf("%s: %s", name, aspect);

	test_streq_at(got, want, __FILE__, __LINE__, what);
	free(what);
	free(got);
}

static void
t_cases(void)
{
	test_begin("links_scan cases");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct link_case *c = &cases[i];
		struct report *r = report_new();
		struct strv hrefs = { NULL, 0, 0 };

		if (c->href != NULL)
			strv_push(&hrefs, c->href);
		links_scan(r, c->text, &hrefs, &cfg);
		check(join_listings(r, false), c->listings, c->name, "listings");
		check(join_strv(&r->other_links), c->others, c->name, "others");
		check(join_strv(&r->registry_links), c->registry, c->name,
		      "registry");
		check(join_warning_codes(r), c->warnings, c->name, "warnings");
		strv_free(&hrefs);
		report_free(&r);
	}
}

static void
t_found_as(void)
{
	struct report *r = report_new();
	const char *wrapped =
		"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F"
		"%2Fmarketplace.alibabacloud.com%2Fproducts%2F1%2Ff1.html&data=1";
	char *text = xasprintf("First <%s>, then HTTP://marketplace."
			       "alibabacloud.com/products/2/f1.html.", wrapped);
	char *want = xasprintf("f1=%s/products/1/f1.html<%s>", MP, wrapped);
	char *got;

	test_begin("found_as");
	links_scan(r, text, NULL, &cfg);
	got = join_listings(r, true);
	test_streq(got, want, "found_as is the link as written (the wrapper)");
	free(got);
	free(want);
	free(text);
	report_free(&r);
}

/* Percent-encodes everything but unreserved characters. */
static char *
pct_encode(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	return buf_take(&b);
}

static char *
google_wrap(unsigned levels)
{
	char *url = xstrdup(LISTING("deep1"));

	for (unsigned i = 0; i < levels; i++) {
		char *enc = pct_encode(url);

		free(url);
		url = xasprintf("https://www.google.de/url?q=%s&sa=D", enc);
		free(enc);
	}
	return url;
}

static void
t_depth(void)
{
	struct report *r = report_new();
	char *five = google_wrap(5), *six = google_wrap(6), *got;

	test_begin("nesting depth");
	links_scan(r, five, NULL, &cfg);
	test_ok(r->n_listings == 1 && r->warnings.n == 0,
		"five nested wrappers are unwrapped");
	report_free(&r);
	r = report_new();
	links_scan(r, six, NULL, &cfg);
	got = join_warning_codes(r);
	test_ok(r->n_listings == 0, "six nested wrappers: no listing");
	test_streq(got, "unwrap_failed", "six nested wrappers: warning");
	test_ok(r->other_links.n == 1 &&
		strncmp(r->other_links.v[0], "https://www.google.de/url", 25) ==
		0, "the wrapper that is left is an other link");
	free(got);
	free(five);
	free(six);
	report_free(&r);
}

static void
t_max_links(void)
{
	struct report *r = report_new();
	struct strv hrefs = { NULL, 0, 0 };
	char *got;

	test_begin("max_links");
	cfg.max_links = 3;
	strv_push(&hrefs, "https://e.example/4");
	links_scan(r, LISTING("m1") " https://a.example/1 https://a.example/1 "
		   LISTING("m1") " https://b.example/2 " LISTING("m2"),
		   &hrefs, &cfg);
	test_ok(r->n_listings + r->other_links.n == 3,
		"three links kept (%zu listings, %zu others)", r->n_listings,
		r->other_links.n);
	test_ok(r->n_listings == 1, "duplicates do not count");
	got = join_warning_codes(r);
	test_streq(got, "too_many_links", "one warning when passed");
	free(got);
	cfg.max_links = 500;
	strv_free(&hrefs);
	report_free(&r);
}

static void
t_bad_pattern(void)
{
	struct report *r = report_new();
	static char item[] = "^/item/([0-9]+)$", broken[] = "^/products/[0-9+$";
	char *saved = cfg.listing_path, *got;

	test_begin("listing path");
	cfg.listing_path = item;
	links_scan(r, MP "/item/42 " MP "/products/1/a.html", NULL, &cfg);
	got = join_listings(r, false);
	test_streq(got, "42=" MP "/item/42", "configured pattern, group 1");
	free(got);
	report_free(&r);
	r = report_new();
	cfg.listing_path = broken;
	links_scan(r, LISTING("b1"), NULL, &cfg);
	got = join_warning_codes(r);
	test_ok(r->n_listings == 0, "a bad pattern matches nothing");
	test_streq(got, "bad_listing_path", "and warns");
	free(got);
	cfg.listing_path = saved;
	report_free(&r);
}

/* parser_link_check: one typed line, classified by the same rules. */
static void
t_link_check(void)
{
	static const struct {
		const char *line;
		enum parser_link_class want;
		const char *listing;
	} t[] = {
		{ "https://marketplace.alibabacloud.com/products/12/ab-1.html",
		  PARSER_LINK_LISTING,
		  "https://marketplace.alibabacloud.com/products/12/ab-1.html" },
		{ "  marketplace.alibabacloud.com/products/12/ab-2.html?x=1 ",
		  PARSER_LINK_LISTING,
		  "https://marketplace.alibabacloud.com/products/12/ab-2.html" },
		{ "https://marketplace-alibabacloud.com/products/1/x2.html",
		  PARSER_LINK_LOOKALIKE, NULL },
		{ "https://marketplace.alibabacloud.com@evil.example/products/1/"
		  "x3.html", PARSER_LINK_LOOKALIKE, NULL },
		{ "https://marketplace.alibabacloud.com/help",
		  PARSER_LINK_OTHER, NULL },
		{ "https://evil.example/products/1/x6.html", PARSER_LINK_OTHER,
		  NULL },
		{ "the red shoes", PARSER_LINK_NONE, NULL },
		{ "", PARSER_LINK_NONE, NULL },
	};

	test_begin("parser_link_check");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *listing = NULL;
		enum parser_link_class c = parser_link_check(t[i].line, &cfg,
							     &listing);

		test_ok(c == t[i].want, "%s: class %d, want %d", t[i].line,
			(int)c, (int)t[i].want);
		if (t[i].listing != NULL)
			test_streq(listing, t[i].listing, t[i].line);
		else
			test_ok(listing == NULL, "%s: no listing", t[i].line);
		free(listing);
	}
}

int
main(void)
{
	cfg_setup();
	t_cases();
	t_found_as();
	t_depth();
	t_max_links();
	t_bad_pattern();
	t_link_check();
	cfg_teardown();
	return test_done();
}
