/* tests/unit/test-authres.c - Authentication-Results read by RFC 8601's
   grammar: comments and quoted strings never give a result. */
#include <stdlib.h>
#include <string.h>

#include "../../common/mem.h"
#include "../../parsers/mime-int.h"
#include "../lib/testlib.h"

struct t_case {
	const char *value;
	int rc;
	const char *result;	/* NULL: none */
	const char *from;	/* NULL: none */
	const char *what;
};

static const struct t_case t_cases[] = {
	{ "mx.example.net; dmarc=pass header.from=brand.example", 1, "pass",
	  "brand.example", "plain pass" },
	{ "MX.Example.NET; DMARC=Pass (p=none) header.from=Brand.Example", 1,
	  "pass", "brand.example", "case-insensitive, comment skipped" },
	{ "evil.example; dmarc=pass header.from=brand.example", 0, NULL, NULL,
	  "another authserv-id" },
	{ "mx.example.net; spf=pass smtp.mailfrom=\"x dmarc=pass\"@evil.example"
	  " (sender \"x dmarc=pass\"@evil.example) ; dmarc=none "
	  "header.from=evil.example", 1, "none", "evil.example",
	  "dmarc=pass inside a quoted local part and a comment" },
	{ "mx.example.net; spf=pass smtp.mailfrom=\"x dmarc=pass\"@evil.example",
	  1, NULL, NULL, "only a quoted dmarc=pass: no result" },
	{ "mx.example.net (dmarc=pass header.from=brand.example); spf=none", 1,
	  NULL, NULL, "only a commented dmarc=pass: no result" },
	{ "mx.example.net; spf=pass (x; dmarc=pass) smtp.mailfrom=a@b", 1, NULL,
	  NULL, "a ';' inside a comment starts no resinfo" },
	{ "mx.example.net 1; dkim=pass header.d=a.example; dmarc=fail "
	  "reason=\"policy; dmarc=pass\" header.from=brand.example", 1, "fail",
	  "brand.example", "version, reason with a quoted ';'" },
	{ "mx.example.net; none", 1, NULL, NULL, "no-result" },
	{ "mx.example.net; dmarc = pass header . from = brand.example", 1,
	  "pass", NULL, "spaced property name is not header.from" },
	{ "mx.example.net; dmarc=pass header.from=\"brand.example\"", 1,
	  "pass", NULL, "a quoted header.from is not a domain" },
	{ "mx.example.net; dmarc=pass (((unclosed", 1, "pass", NULL,
	  "an unclosed comment ends the value" },
	{ "mx.example.net; dmarc/1=pass header.from=b.example; dmarc=fail", 1,
	  "pass", "b.example", "method version; the first dmarc counts" },
	{ "", 0, NULL, NULL, "empty" },
};

int
main(void)
{
	test_begin("authres_dmarc");
	for (size_t i = 0; i < sizeof(t_cases) / sizeof(t_cases[0]); i++) {
		const struct t_case *c = &t_cases[i];
		char *res = NULL, *from = NULL;
		int rc = authres_dmarc(c->value, "mx.example.net", &res, &from);
		int ok = rc == c->rc &&
			 (c->result ? res && strcmp(res, c->result) == 0 :
			  res == NULL) &&
			 (c->from ? from && strcmp(from, c->from) == 0 :
			  from == NULL);

		test_ok(ok, "%s (rc %d result %s from %s)", c->what, rc,
			res ? res : "-", from ? from : "-");
		free(res);
		free(from);
	}
	{
		char *res = NULL, *from = NULL;

		test_ok(authres_dmarc("mx.example.net; dmarc=pass", NULL, &res,
				      &from) == 0 && res == NULL,
			"no trusted authserv-id: nothing read");
	}
	return test_done();
}
