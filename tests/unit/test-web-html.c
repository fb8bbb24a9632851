/* tests/unit/test-web-html.c - the web console's escaper, URL and
   Content-Disposition encoders and input checks (console/web_html.c),
   and the guards of its decisions (console/web_guard.c): linked alone
   with common. */
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../web/web_guard.h"
#include "../../web/web_html.h"
#include "../lib/testlib.h"

/* Escapes s through web_html_text and compares with want. */
static void
t_text_one(const char *s, const char *want, const char *what)
{
	struct web_html h;

	web_html_init(&h, 0);
	web_html_text(&h, s);
	test_streq(buf_str(&h.b), want, what);
	web_html_free(&h);
}

static void
t_text(void)
{
	static const struct {
		const char *in, *want, *what;
	} cases[] = {
		{ "plain text", "plain text", "plain text unchanged" },
		{ "<script>alert(1)</script>",
		  "&lt;script&gt;alert(1)&lt;/script&gt;", "script tag" },
		{ "a & b", "a &amp; b", "ampersand" },
		{ "\"x\" 'y'", "&quot;x&quot; &#39;y&#39;", "both quotes" },
		{ "&amp;", "&amp;amp;", "an entity is escaped again" },
		{ "\" onmouseover=\"alert(1)",
		  "&quot; onmouseover=&quot;alert(1)", "attribute break-out" },
		{ "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87",
		  "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87", "UTF-8 kept" },
		{ "a\xffz", "a\xef\xbf\xbdz", "invalid byte -> U+FFFD" },
		{ "a\xc0\xafz", "a\xef\xbf\xbd\xef\xbf\xbdz",
		  "overlong '/' -> U+FFFD each byte" },
		{ "a\x01\x1b\x7f" "b", "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		  "b", "control characters -> U+FFFD" },
		{ "l1\nl2\tx", "l1\nl2\tx", "newline and tab kept" },
		{ "evil\xe2\x80\xaegpj.exe", "evil\xef\xbf\xbdgpj.exe",
		  "RIGHT-TO-LEFT OVERRIDE replaced" },
		{ "x\xe2\x81\xa6y", "x\xef\xbf\xbdy", "LRI isolate replaced" },
		{ "\xe2\x80\x94", "\xe2\x80\x94", "em dash (E2 80 94) kept" },
		{ "", "", "empty string" },
	};

	test_begin("web_html_text");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		t_text_one(cases[i].in, cases[i].want, cases[i].what);
	t_text_one(NULL, "-", "NULL shows as -");
}

static void
t_printf(void)
{
	struct web_html h;

	test_begin("web_html_printf");
	web_html_init(&h, 0);
	web_html_printf(&h, "<td title=\"%s\">%s</td>%d %u %ld %lld %llu %zu"
			" 100%%", "\"><img>", "<b>", -1, 2u, -3L, -4LL,
			5ULL, (size_t)6);
	test_streq(buf_str(&h.b), "<td title=\"&quot;&gt;&lt;img&gt;\">"
		   "&lt;b&gt;</td>-1 2 -3 -4 5 6 100%",
		   "markup kept, %s escaped, numbers formatted");
	web_html_free(&h);
	web_html_init(&h, 0);
	/* A NULL the compiler cannot see (it warns on a literal one). */
	web_html_printf(&h, "[%s]", getenv("RG_TEST_WEB_HTML_UNSET_VAR"));
	test_streq(buf_str(&h.b), "[-]", "NULL %s shows as -");
	web_html_free(&h);

	web_html_init(&h, 16);
	web_html_raw(&h, "0123456789");
	test_ok(!h.overflow, "under the cap");
	web_html_text(&h, "<<<<");
	test_ok(h.overflow, "cap reached sets overflow");
	web_html_raw(&h, "x");
	test_ok(h.b.len <= 16, "nothing appended past the cap (%zu)",
		h.b.len);
	web_html_free(&h);
}

static void
t_url(void)
{
	struct web_html h;

	test_begin("web_html_url");
	web_html_init(&h, 0);
	web_html_url(&h, "IPR-2026-000001");
	web_html_raw(&h, "|");
	web_html_url(&h, "a b/\"<>&?#%\xc3\xa9~._-");
	test_streq(buf_str(&h.b), "IPR-2026-000001|"
		   "a%20b%2F%22%3C%3E%26%3F%23%25%C3%A9~._-",
		   "unreserved kept, the rest percent-encoded");
	web_html_free(&h);
}

static void
t_disp_one(const char *name, const char *want, const char *what)
{
	struct buf b;

	buf_init(&b, 0);
	test_ok(web_html_disposition(&b, name, "attachment.bin") == 0,
		"%s: returns 0", what);
	test_streq(buf_str(&b), want, what);
	buf_free(&b);
}

static void
t_disposition(void)
{
	char longname[400];
	struct buf b;

	test_begin("web_html_disposition");
	t_disp_one("report.pdf", "attachment; filename=\"report.pdf\"",
		   "plain name");
	t_disp_one("my file.pdf", "attachment; filename=\"my file.pdf\"",
		   "space kept");
	t_disp_one("\xe5\x95\x86\xe6\xa0\x87.pdf",
		   "attachment; filename=\"__.pdf\"; "
		   "filename*=UTF-8''%E5%95%86%E6%A0%87.pdf",
		   "Chinese name: ASCII fallback and RFC 5987 form");
	t_disp_one("a\"b\\c;d.txt",
		   "attachment; filename=\"c_d.txt\"; filename*=UTF-8''c%3Bd.txt",
		   "quote and backslash cannot break the header");
	t_disp_one("../../etc/passwd",
		   "attachment; filename=\"passwd\"", "directories dropped");
	t_disp_one("C:\\Users\\x\\evil.exe",
		   "attachment; filename=\"evil.exe\"", "Windows path dropped");
	t_disp_one(".bashrc", "attachment; filename=\"_bashrc\"; "
		   "filename*=UTF-8''.bashrc", "leading dot not kept");
	t_disp_one("..", "attachment; filename=\"attachment.bin\"",
		   "dots only -> fallback");
	t_disp_one(NULL, "attachment; filename=\"attachment.bin\"",
		   "no name -> fallback");
	t_disp_one("x\r\nSet-Cookie: a=b",
		   "attachment; filename=\"x__Set-Cookie_ a_b\"; "
		   "filename*=UTF-8''xSet-Cookie%3A%20a%3Db",
		   "CR LF cannot start a header, nor stay in filename*");
	t_disp_one("invoice\xe2\x80\xae" "fdp.exe",
		   "attachment; filename=\"invoice_fdp.exe\"; "
		   "filename*=UTF-8''invoicefdp.exe",
		   "U+202E (right-to-left override) removed from filename*");
	t_disp_one("a\xe2\x81\xa6" "b\xe2\x80\x8f" "c\xc2\x85" "d\x7f.txt",
		   "attachment; filename=\"a_b_c_d_.txt\"; "
		   "filename*=UTF-8''abcd.txt",
		   "isolates, RLM, C1 and DEL removed from filename*");
	t_disp_one("a\xff.txt", "attachment; filename=\"a_.txt\"; "
		   "filename*=UTF-8''a%EF%BF%BD.txt",
		   "invalid UTF-8 replaced in filename*");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	buf_init(&b, 0);
	web_html_disposition(&b, longname, "attachment.bin");
	test_ok(b.len < 400, "a long name is capped (%zu bytes)", b.len);
	buf_free(&b);
	buf_init(&b, 10);
	test_ok(web_html_disposition(&b, "report.pdf", "f") < 0,
		"a full buffer gives -1");
	buf_free(&b);
}

static void
t_checks(void)
{
	test_begin("web_html_is_ref / is_sha256");
	test_ok(web_html_is_ref("IPR-2026-000123"), "IPR ref");
	test_ok(web_html_is_ref("AB-2026-000001"), "2-letter prefix");
	test_ok(web_html_is_ref("ABCDEFGHIJKLMNO9-2026-000001"),
		"16-character prefix");
	test_ok(!web_html_is_ref("ABCDEFGHIJKLMNOPQ-2026-000001"),
		"17-character prefix refused");
	test_ok(!web_html_is_ref("A-2026-000001"), "1-letter prefix refused");
	test_ok(!web_html_is_ref("ipr-2026-000001"), "lower case refused");
	test_ok(!web_html_is_ref("1PR-2026-000001"), "digit first refused");
	test_ok(!web_html_is_ref("IPR-2026-00001"), "5 digits refused");
	test_ok(!web_html_is_ref("IPR-2026-0000001"), "7 digits refused");
	test_ok(!web_html_is_ref("IPR-2026-000001/x"), "trailing part refused");
	test_ok(!web_html_is_ref("../etc"), "../etc refused");
	test_ok(!web_html_is_ref("IPR_2026-000001"), "bad separator refused");
	test_ok(!web_html_is_ref(""), "empty refused");
	test_ok(!web_html_is_ref(NULL), "NULL refused");
	test_ok(web_html_is_sha256("e3b0c44298fc1c149afbf4c8996fb924"
				   "27ae41e4649b934ca495991b7852b855"),
		"sha256 of nothing");
	test_ok(!web_html_is_sha256("E3B0C44298FC1C149AFBF4C8996FB924"
				    "27AE41E4649B934CA495991B7852B855"),
		"upper case refused");
	test_ok(!web_html_is_sha256("e3b0c44298fc1c149afbf4c8996fb924"
				    "27ae41e4649b934ca495991b7852b85"),
		"63 digits refused");
	test_ok(!web_html_is_sha256("e3b0c44298fc1c149afbf4c8996fb924"
				    "27ae41e4649b934ca495991b7852b8555"),
		"65 digits refused");
	test_ok(!web_html_is_sha256("../../../../etc/passwd"),
		"a path refused");
	test_ok(!web_html_is_sha256(NULL), "NULL refused");
}

static void
t_guard_token(void)
{
	unsigned char raw[WEB_GUARD_TOKEN_BYTES];
	char want[WEB_GUARD_TOKEN_HEX + 1], other[WEB_GUARD_TOKEN_HEX + 1];
	size_t i;

	test_begin("guard: CSRF token");
	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)(i * 37 + 1);
	web_guard_token_hex(raw, want);
	test_ok(strlen(want) == WEB_GUARD_TOKEN_HEX, "64 hex digits");
	test_ok(strspn(want, "0123456789abcdef") == WEB_GUARD_TOKEN_HEX,
		"lower-case hex");
	test_ok(web_guard_token_equal(want, want), "same token accepted");
	memcpy(other, want, sizeof(other));
	other[WEB_GUARD_TOKEN_HEX - 1] ^= 1;
	test_ok(!web_guard_token_equal(want, other), "last digit differs");
	memcpy(other, want, sizeof(other));
	other[0] ^= 1;
	test_ok(!web_guard_token_equal(want, other), "first digit differs");
	other[WEB_GUARD_TOKEN_HEX - 1] = '\0';
	memcpy(other, want, WEB_GUARD_TOKEN_HEX - 1);
	test_ok(!web_guard_token_equal(want, other), "a prefix refused");
	test_ok(!web_guard_token_equal(want, ""), "empty refused");
	test_ok(!web_guard_token_equal(want, NULL), "absent refused");
	test_ok(!web_guard_token_equal("", ""), "no token configured: refused");
}

static void
t_guard_origin(void)
{
	static const struct {
		const char *origin, *referer, *host, *fwd;
		bool want;
		const char *what;
	} cases[] = {
		{ "http://127.0.0.1:8080", NULL, "127.0.0.1:8080", NULL, true,
		  "same Origin" },
		{ "HTTP://LOCALHOST:8080", NULL, "localhost:8080", NULL, true,
		  "Origin compared ignoring case" },
		{ "https://console.example", NULL, "127.0.0.1:8080",
		  "console.example", true, "Origin = proxy's X-Forwarded-Host" },
		{ "https://evil.example", NULL, "127.0.0.1:8080",
		  "console.example", false, "foreign Origin behind a proxy" },
		{ "http://evil.example", NULL, "127.0.0.1:8080", NULL, false,
		  "foreign Origin" },
		{ "http://127.0.0.1:8081", NULL, "127.0.0.1:8080", NULL, false,
		  "other port" },
		{ "http://127.0.0.1:8080.evil.example", NULL, "127.0.0.1:8080",
		  NULL, false, "host as a prefix" },
		{ "http://127.0.0.1:8080/", NULL, "127.0.0.1:8080", NULL, false,
		  "Origin with a path" },
		{ "null", "http://127.0.0.1:8080/case/X", "127.0.0.1:8080", NULL,
		  false, "Origin null wins over a good Referer" },
		{ "ftp://127.0.0.1:8080", NULL, "127.0.0.1:8080", NULL, false,
		  "other scheme" },
		{ "http://evil.example", "http://127.0.0.1:8080/", "127.0.0.1:8080",
		  NULL, false, "a foreign Origin is not saved by the Referer" },
		{ NULL, "http://127.0.0.1:8080/case/IPR-2026-000001",
		  "127.0.0.1:8080", NULL, true, "same Referer" },
		{ NULL, "http://127.0.0.1:8080?x", "127.0.0.1:8080", NULL, true,
		  "Referer with a query" },
		{ NULL, "http://evil.example/127.0.0.1:8080", "127.0.0.1:8080",
		  NULL, false, "foreign Referer" },
		{ NULL, "http://127.0.0.1:8080@evil.example/", "127.0.0.1:8080",
		  NULL, false, "user-info in the Referer" },
		{ NULL, NULL, "127.0.0.1:8080", NULL, false,
		  "neither Origin nor Referer" },
		{ "http://127.0.0.1:8080", NULL, NULL, NULL, false, "no Host" },
		{ "http://", NULL, "", NULL, false, "empty Host" },
	};
	size_t i;

	test_begin("guard: same origin");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_ok(web_guard_same_origin(cases[i].origin, cases[i].referer,
					      cases[i].host, cases[i].fwd) ==
			cases[i].want, "%s", cases[i].what);
}

static void
t_guard_user(void)
{
	char long_name[WEB_GUARD_USER_MAX + 2];

	test_begin("guard: staff name from a header");
	test_ok(web_guard_user_ok("alice"), "plain name");
	test_ok(web_guard_user_ok("Alice Example <a@x.example>"),
		"printable ASCII with spaces");
	test_ok(!web_guard_user_ok(""), "empty refused");
	test_ok(!web_guard_user_ok(NULL), "absent refused");
	test_ok(!web_guard_user_ok(" alice"), "leading space refused");
	test_ok(!web_guard_user_ok("alice\nsystem"), "newline refused");
	test_ok(!web_guard_user_ok("al\x7f"), "DEL refused");
	test_ok(!web_guard_user_ok("\xe5\xbc\xa0\xe4\xb8\x89"),
		"non-ASCII refused");
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[WEB_GUARD_USER_MAX] = '\0';
	test_ok(web_guard_user_ok(long_name), "64 characters");
	long_name[WEB_GUARD_USER_MAX] = 'a';
	long_name[WEB_GUARD_USER_MAX + 1] = '\0';
	test_ok(!web_guard_user_ok(long_name), "65 characters refused");
}

static void
t_host_allowed(void)
{
	const char *list = "console.example, Staff.Example\t[::1]";

	test_begin("web_guard_host_allowed");
	test_ok(web_guard_host_allowed("console.example", list), "listed");
	test_ok(web_guard_host_allowed("CONSOLE.example:8443", list),
		"case and port ignored");
	test_ok(web_guard_host_allowed("staff.example", list), "second name");
	test_ok(!web_guard_host_allowed("evil.example", list), "not listed");
	test_ok(!web_guard_host_allowed("console.example.evil.example", list),
		"suffix of another name");
	test_ok(!web_guard_host_allowed("console", list), "prefix of a name");
	test_ok(!web_guard_host_allowed("", list), "empty Host");
	test_ok(!web_guard_host_allowed("console.example", ""), "empty list");
	test_ok(!web_guard_host_allowed("[::1", "::1"), "broken brackets");
	test_ok(web_guard_host_allowed("[::1]:80", "::1"), "IPv6 in brackets");
}

int
main(void)
{
	t_host_allowed();
	t_text();
	t_printf();
	t_url();
	t_disposition();
	t_checks();
	t_guard_token();
	t_guard_origin();
	t_guard_user();
	return test_done();
}
