/* tests/unit/test-common.c - xgrow, buf, strv, utf8, json, log_q, report
   JSON. */
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/json.h"
#include "../../common/log.h"
#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../common/strv.h"
#include "../../common/utf8.h"
#include "../lib/testlib.h"

static void
t_buf(void)
{
	struct buf b;

	test_begin("buf");
	buf_init(&b, 8);
	test_ok(buf_puts(&b, "12345678") == 0, "fills up to the cap");
	test_ok(buf_putc(&b, 'x') < 0, "refuses past the cap");
	test_streq(buf_str(&b), "12345678", "content kept after refusal");
	buf_free(&b);
	buf_init(&b, 0);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	test_ok(b.len == 3890, "grows without cap (len %zu)", b.len);
	buf_free(&b);
}

static void
t_utf8(void)
{
	char *s;

	test_begin("utf8");
	test_ok(utf8_valid("caf\xc3\xa9", 5), "valid 2-byte");
	test_ok(!utf8_valid("\xc0\xaf", 2), "overlong refused");
	test_ok(!utf8_valid("\xed\xa0\x80", 3), "surrogate refused");
	test_ok(!utf8_valid("a\0b", 3), "NUL refused");
	s = utf8_sanitize("a\xffz", 3);
	test_streq(s, "a\xEF\xBF\xBDz", "invalid byte becomes U+FFFD");
	free(s);
	test_ok(utf8_prefix("\xe4\xb8\xad\xe6\x96\x87", 4) == 3,
		"prefix does not cut a sequence");
}

static void
t_json(void)
{
	struct buf b;
	struct json j;

	test_begin("json");
	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "a", "q\"\\\n\x01\xff");
	json_key(&j, "l");
	json_begin_array(&j);
	json_int(&j, 1);
	json_null(&j);
	json_bool(&j, true);
	json_end_array(&j);
	json_kv_string(&j, "n", NULL);
	json_end_object(&j);
	test_streq(buf_str(&b),
		   "{\"a\":\"q\\\"\\\\\\n\\u0001\xEF\xBF\xBD\",\"l\":[1,null,true],"
		   "\"n\":null}", "escapes and commas");
	buf_free(&b);
}

static void
t_log_q(void)
{
	char out[32];

	test_begin("log_q");
	test_streq(log_q(out, sizeof(out), "INBOX"), "INBOX", "safe is bare");
	test_streq(log_q(out, sizeof(out), "a b\nlevel=error"),
		   "\"a b\\nlevel=error\"", "newline cannot start a line");
	test_streq(log_q(out, sizeof(out), NULL), "-", "NULL is -");
	log_q(out, sizeof(out), "0123456789012345678901234567890123456789 x");
	test_ok(strlen(out) < sizeof(out) && strstr(out, "...\"") != NULL,
		"long value truncated: %s", out);
}

static void
t_report(void)
{
	struct report *r = report_new();
	struct buf b;

	test_begin("report");
	r->kind = KIND_IP_REPORT;
	r->acting_as = ACTING_AGENT;
	r->evidence = REQ_IDENTITY_PROOF | REQ_LISTING_LINKS;
	report_compute_missing(r);
	test_ok(r->missing == (REQ_AUTHORIZATION | REQ_OWNERSHIP_PROOF),
		"agent needs authorization and ownership");
	r->acting_as = ACTING_UNKNOWN;
	report_compute_missing(r);
	test_ok(r->missing == REQ_OWNERSHIP_PROOF,
		"unknown role needs no authorization");
	test_ok(report_add_listing(r, "https://x/1.html", "1", "x/1.html"),
		"listing added");
	test_ok(!report_add_listing(r, "https://x/1.html?a", "1", "x"),
		"same listing id deduped");
	for (int i = 0; i < 100; i++)
		report_warn(r, "w", "%d", i);
	test_ok(r->warnings.n == REPORT_MAX_WARNINGS + 1, "warnings capped");
	buf_init(&b, 0);
	report_to_json(r, &b);
	test_ok(strstr(buf_str(&b), "\"missing\":[\"ownership_proof\"]") != NULL,
		"missing in JSON");
	buf_free(&b);
	report_free(&r);
	test_ok(r == NULL, "report_free clears the pointer");
}

static void
t_grow(void)
{
	int *v = NULL;
	size_t n, cap = 0, grew = 0, last = 0;
	bool ok = true;

	test_begin("xgrow");
	for (n = 0; n < 1000; n++) {
		v = xgrow(v, n, &cap, sizeof(*v));
		ok = ok && cap > n;
		if (cap != last)
			grew++;
		last = cap;
		v[n] = (int)n;
	}
	for (n = 0; n < 1000; n++)
		ok = ok && v[n] == (int)n;
	test_ok(ok, "room for every element, contents kept");
	test_ok(grew <= 8, "capacity doubles (%zu growths for 1000)", grew);
	free(v);
}

int
main(void)
{
	t_grow();
	t_buf();
	t_utf8();
	t_json();
	t_log_q();
	t_report();
	return test_done();
}
