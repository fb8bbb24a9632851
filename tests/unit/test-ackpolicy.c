/* tests/unit/test-ackpolicy.c - who may get an answer, and which address
   it goes to. Table-driven. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/report.h"
#include "common/strv.h"
#include "outbox/ackpolicy.h"
#include "tests/lib/testlib.h"

/* Returns a plain new ip_report from jane@example.org. */
static struct report *
t_report(void)
{
	struct report *r = report_new();

	r->kind = KIND_IP_REPORT;
	r->from_address = xstrdup("jane@example.org");
	r->return_path = xstrdup("jane@example.org");
	return r;
}

enum t_change {
	T_NONE = 0,
	T_AUTO_REPLY,
	T_BOUNCE,
	T_AUTO_SUBMITTED,
	T_LIST,
	T_DMARC_FAIL,
	T_DMARC_FAIL_CASE,
	T_DMARC_PASS,
	T_NULL_RETURN_PATH,
	T_FOLLOW_UP,
	T_COUNTER_NOTICE
};

static void
t_apply(struct report *r, enum t_change c)
{
	switch (c) {
	case T_AUTO_REPLY:
		r->kind = KIND_AUTO_REPLY;
		break;
	case T_BOUNCE:
		r->kind = KIND_BOUNCE;
		break;
	case T_AUTO_SUBMITTED:
		r->auto_submitted = true;
		break;
	case T_LIST:
		r->is_list = true;
		break;
	case T_DMARC_FAIL:
		r->dmarc = xstrdup("fail");
		break;
	case T_DMARC_FAIL_CASE:
		r->dmarc = xstrdup("FAIL");
		break;
	case T_DMARC_PASS:
		r->dmarc = xstrdup("pass");
		break;
	case T_NULL_RETURN_PATH:
		free(r->return_path);
		r->return_path = xstrdup("");
		break;
	case T_FOLLOW_UP:
		r->kind = KIND_FOLLOW_UP;
		break;
	case T_COUNTER_NOTICE:
		r->kind = KIND_COUNTER_NOTICE;
		break;
	case T_NONE:
		break;
	}
}

static void
t_may_answer(void)
{
	static const struct {
		enum t_change change;
		const char *address;	/* NULL: the report's From */
		bool want;
		const char *why;
	} cases[] = {
		{ T_NONE, NULL, true, "ok" },
		{ T_FOLLOW_UP, NULL, true, "ok" },
		{ T_COUNTER_NOTICE, NULL, true, "ok" },
		{ T_DMARC_PASS, NULL, true, "ok" },
		{ T_AUTO_REPLY, NULL, false, "auto_reply" },
		{ T_BOUNCE, NULL, false, "bounce" },
		{ T_AUTO_SUBMITTED, NULL, false, "auto_submitted" },
		{ T_LIST, NULL, false, "list_mail" },
		{ T_DMARC_FAIL, NULL, false, "dmarc_fail" },
		{ T_DMARC_FAIL_CASE, NULL, false, "dmarc_fail" },
		{ T_NULL_RETURN_PATH, NULL, false, "null_sender" },
		{ T_NONE, "", false, "null_sender" },
		{ T_NONE, "jane@example.org\r\nBcc: x@evil.example", false,
		  "bad_address" },
		{ T_NONE, "jane doe@example.org", false, "bad_address" },
		{ T_NONE, "<jane@example.org>", false, "bad_address" },
		{ T_NONE, "no-at-sign", false, "bad_address" },
		{ T_NONE, "MAILER-DAEMON@mx.example.org", false,
		  "system_address" },
		{ T_NONE, "mailer-daemon@mx.example.org", false,
		  "system_address" },
		{ T_NONE, "Postmaster@example.org", false, "system_address" },
		{ T_NONE, "postmaster+x@example.org", false, "system_address" },
		{ T_NONE, "noreply@example.org", false, "noreply_address" },
		{ T_NONE, "No-Reply@example.org", false, "noreply_address" },
		{ T_NONE, "DoNotReply@example.org", false, "noreply_address" },
		{ T_NONE, "do-not-reply@example.org", false,
		  "noreply_address" },
		{ T_NONE, "do_not_reply@example.org", false,
		  "noreply_address" },
		{ T_NONE, "noreply-alerts@example.org", false,
		  "noreply_address" },
		{ T_NONE, "owner-legal@lists.example.org", false,
		  "list_address" },
		{ T_NONE, "legal-request@lists.example.org", false,
		  "list_address" },
		{ T_NONE, "legal-bounces@lists.example.org", false,
		  "list_address" },
		{ T_NONE, "IP-Reports@Example.NET", false, "own_address" },
		{ T_NONE, "abuse@example.net", false, "own_address" },
		{ T_NONE, "replyto@example.org", true, "ok" },
		{ T_NONE, "reply@example.org", true, "ok" },
		{ T_NONE, "jane+noreply@example.org", true, "ok" },
		{ T_NONE, "\xe5\xb1\xb1\xe7\x94\xb0@example.jp", true, "ok" },
	};
	struct strv own = { 0 };

	test_begin("ackpolicy_may_answer");
	strv_push(&own, "ip-reports@example.net");
	strv_push(&own, "abuse@example.net");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report *r = t_report();
		const char *why = NULL;
		const char *addr;
		bool got;

		t_apply(r, cases[i].change);
		addr = cases[i].address ? cases[i].address : r->from_address;
		got = ackpolicy_may_answer(r, addr, &own, &why);
		test_ok(got == cases[i].want && why != NULL &&
			strcmp(why, cases[i].why) == 0,
			"case %zu -> %s (got %s)", i, cases[i].why,
			why ? why : "NULL");
		report_free(&r);
	}
	{
		struct report *r = t_report();

		test_ok(ackpolicy_may_answer(r, r->from_address, NULL, NULL),
			"no gateway list and no why_r are fine");
		test_ok(!ackpolicy_may_answer(r, NULL, &own, NULL),
			"NULL address refused");
		report_free(&r);
	}
	strv_free(&own);
}

static void
t_address(void)
{
	struct report *r = t_report();

	test_begin("ackpolicy_address");
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "From without Reply-To");
	r->reply_to_address = xstrdup("victim@elsewhere.example");
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "a Reply-To to a third party is never answered");
	r->dmarc = xstrdup("pass");
	r->dmarc_from = xstrdup("example.org");
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "not even with DMARC pass");
	free(r->reply_to_address);
	r->reply_to_address = xstrdup("legal@EXAMPLE.org");
	test_streq(ackpolicy_address(r), "legal@EXAMPLE.org",
		   "same domain and DMARC pass: the Reply-To");
	free(r->dmarc_from);
	r->dmarc_from = xstrdup("other.example");
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "DMARC pass for another domain does not count");
	free(r->dmarc);
	r->dmarc = NULL;
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "same domain without DMARC: From");
	free(r->reply_to_address);
	r->reply_to_address = xstrdup("noreply@agent.example");
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "a no-reply Reply-To falls back to From");
	free(r->reply_to_address);
	r->reply_to_address = xstrdup("x@y\r\nBcc: z@evil.example");
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "a malformed Reply-To falls back to From");
	free(r->reply_to_address);
	r->reply_to_address = xstrdup("");
	test_streq(ackpolicy_address(r), "jane@example.org",
		   "an empty Reply-To falls back to From");
	free(r->from_address);
	r->from_address = NULL;
	test_ok(ackpolicy_address(r) == NULL, "neither: NULL");
	report_free(&r);
}

int
main(void)
{
	t_may_answer();
	t_address();
	return test_done();
}
