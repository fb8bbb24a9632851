/* tests/unit/test-common.c - xgrow, buf, strv, utf8, json, log_q, report
   JSON, the notice policy's trusted flaggers. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/backoff.h"
#include "../../common/buf.h"
#include "../../common/file.h"
#include "../../common/hostport.h"
#include "../../common/json.h"
#include "../../common/log.h"
#include "../../common/mem.h"
#include "../../common/noticepolicy.h"
#include "../../common/report.h"
#include "../../common/strv.h"
#include "../../common/utf8.h"
#include "../../common/wallclock.h"
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

/* The helpers that exist once (common/): host:port, backoff, anonymous
   files, UTC time. */
static void
t_helpers(void)
{
	char host[64], t[32];
	unsigned long port;
	struct timespec d;
	bool in_range = true;
	time_t tt;
	int fd;

	test_begin("helpers");
	test_ok(hostport_split("127.0.0.1:8080", false, host, sizeof(host),
			       &port) == 0 && strcmp(host, "127.0.0.1") == 0 &&
		port == 8080, "host:port");
	test_ok(hostport_split("[::1]:0", false, host, sizeof(host),
			       &port) == 0 && strcmp(host, "::1") == 0 &&
		port == 0, "[ipv6]:port");
	test_ok(hostport_split("localhost", true, host, sizeof(host),
			       &port) == 0 && port == 0 &&
		strcmp(host, "localhost") == 0, "port optional");
	test_ok(hostport_split("localhost", false, host, sizeof(host),
			       &port) < 0 &&
		hostport_split("::1:80", false, host, sizeof(host),
			       &port) < 0 &&
		hostport_split(":80", false, host, sizeof(host), &port) < 0 &&
		hostport_split("h:8x", false, host, sizeof(host), &port) < 0 &&
		hostport_split("[::1]x", true, host, sizeof(host), &port) < 0,
		"bad shapes refused");
	test_ok(hostport_split("a-very-long-host-name:1", false, host, 8,
			       &port) < 0, "a host that does not fit refused");
	test_ok(backoff_delay_rnd(1, 1000, 300000, 0) == 1000 &&
		backoff_delay_rnd(4, 1000, 300000, 0) == 8000 &&
		backoff_delay_rnd(30, 1000, 300000, 0) == 300000 &&
		backoff_delay_rnd(1, 1000, 300000, 500) == 500,
		"backoff doubles up to the cap, jitter takes up to half");
	for (unsigned a = 1; a < 12; a++) {
		unsigned v = backoff_delay(a, 60, 3600);
		unsigned full = 60u << (a - 1) < 3600 ? 60u << (a - 1) : 3600;

		in_range = in_range && v <= full && v >= (full + 1) / 2;
	}
	test_ok(in_range, "random backoff stays within [d/2, d]");
	fd = file_anon(NULL, false);
	test_ok(fd >= 0 && write(fd, "abc", 3) == 3 &&
		lseek(fd, 0, SEEK_SET) == 0 && read(fd, t, 3) == 3 &&
		memcmp(t, "abc", 3) == 0, "anonymous file reads back");
	if (fd >= 0)
		close(fd);
	fd = file_anon("/nonexistent-dir", false);
	test_ok(fd < 0, "anonymous file in a missing directory fails");
	test_streq(wallclock_utc(1790000000, WALLCLOCK_ISO, t, sizeof(t)),
		   "2026-09-21T14:13:20Z", "UTC ISO time");
	test_streq(wallclock_utc(1790000000, WALLCLOCK_MAIL, t, sizeof(t)),
		   "2026-09-21 14:13 UTC", "UTC mail time");
	test_streq(wallclock_utc(0, WALLCLOCK_ISO, t, 4), "-",
		   "too small a buffer gives -");
	clock_gettime(CLOCK_MONOTONIC, &d);
	d.tv_sec += 10;
	test_ok(wallclock_ms_left(&d) > 9000 &&
		wallclock_ms_left(&d) <= 10000, "ms left until a deadline");
	d.tv_sec -= 20;
	test_ok(wallclock_ms_left(&d) == 0, "a past deadline: 0");
	test_ok(wallclock_parse_date("2026-09-21", &tt) == 0 &&
		tt == 1789948800, "a date is its first second UTC");
	test_ok(wallclock_parse_date("2028-02-29", &tt) == 0,
		"a leap day is a date");
	tt = 7;
	test_ok(wallclock_parse_date("2026-02-29", &tt) < 0 &&
		wallclock_parse_date("2026-9-21", &tt) < 0 &&
		wallclock_parse_date("2026-09-21T00:00", &tt) < 0 &&
		wallclock_parse_date("+026-09-21", &tt) < 0 &&
		wallclock_parse_date("1969-12-31", &tt) < 0 &&
		wallclock_parse_date("2026-13-01", &tt) < 0 &&
		wallclock_parse_date("", &tt) < 0 && tt == 7,
		"not dates: refused, nothing stored");
	test_streq(wallclock_duration(400, t, sizeof(t)), "6 min 40 s",
		   "a duration in minutes");
	test_streq(wallclock_duration(7100, t, sizeof(t)),
		   "1 h 58 min (7100 s)", "a duration in hours");
	test_streq(wallclock_duration(-1, t, sizeof(t)), "-", "no duration");
}

/* Trusted flaggers: addresses and @domains, case-insensitive, nothing
   else (docs/WORKFLOW.md "Notice sources, misuse and repeat
   infringers"). */
static void
t_trusted(void)
{
	struct notice_policy p = { 0 };

	test_begin("notice policy: trusted flaggers");
	test_ok(!notice_policy_trusted(&p, "a@b.example"), "none configured");
	notice_policy_set_trusted(&p, " Watch@Flagger.example,@Hotline.example "
				  "watch@flagger.example,, desk@x.example");
	test_ok(p.trusted_flaggers.n == 3, "three entries, lower-cased, once "
		"each");
	test_ok(notice_policy_trusted(&p, "watch@flagger.example") &&
		notice_policy_trusted(&p, "WATCH@flagger.EXAMPLE"),
		"an address, any case");
	test_ok(!notice_policy_trusted(&p, "other@flagger.example") &&
		!notice_policy_trusted(&p, "xwatch@flagger.example"),
		"not another address of its domain");
	test_ok(notice_policy_trusted(&p, "anyone@hotline.example") &&
		notice_policy_trusted(&p, "Desk@HOTLINE.example"),
		"every address of an @domain");
	test_ok(!notice_policy_trusted(&p, "a@sub.hotline.example") &&
		!notice_policy_trusted(&p, "a@hotline.example.evil") &&
		!notice_policy_trusted(&p, "hotline.example") &&
		!notice_policy_trusted(&p, "@hotline.example") &&
		!notice_policy_trusted(&p, NULL) &&
		!notice_policy_trusted(NULL, "desk@x.example"),
		"not a subdomain, a longer domain, a bare domain, nothing");
	notice_policy_set_trusted(&p, "");
	test_ok(p.trusted_flaggers.n == 0 &&
		!notice_policy_trusted(&p, "desk@x.example"), "replaced");
	test_ok(notice_policy_since(1000000, 2) == 1000000 - 172800 &&
		notice_policy_since(1000000, 0) == 1000000, "window start");
	notice_policy_free(&p);
}

int
main(void)
{
	t_trusted();
	t_grow();
	t_helpers();
	t_buf();
	t_utf8();
	t_json();
	t_log_q();
	t_report();
	return test_done();
}
