/* tests/unit/test-auth.c - the secrets of staff sign-in
   (console/auth.c): argon2id hashes, session keys and their form
   tokens, the Cookie header, account names and roles. Linked alone with
   libsodium. */
#include <string.h>

#include "../../console/auth.h"
#include "../lib/testlib.h"

static void
t_hash(void)
{
	char h1[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];

	test_begin("hash");
	test_ok(auth_init() == 0, "libsodium initialised");
	test_ok(auth_hash("correct horse", h1) == 0, "hashed");
	test_ok(strncmp(h1, "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0,
		"argon2id, 64 MiB, 2 passes: %s", h1);
	test_ok(strstr(h1, "correct horse") == NULL, "no password inside");
	test_ok(auth_hash("correct horse", h2) == 0 && strcmp(h1, h2) != 0,
		"a new salt each time");
	test_ok(auth_verify(h1, "correct horse"), "right password");
	test_ok(!auth_verify(h1, "correct horsE"), "wrong password");
	test_ok(!auth_verify(h1, ""), "empty password");
	test_ok(!auth_verify(NULL, "correct horse"), "no account: false");
	test_ok(!auth_verify("garbage", "correct horse"), "not a hash: false");
}

static void
t_session(void)
{
	char c1[AUTH_HEX + 1], h1[AUTH_HEX + 1], c2[AUTH_HEX + 1],
	     h2[AUTH_HEX + 1], h[AUTH_HEX + 1], t1[AUTH_HEX + 1],
	     t2[AUTH_HEX + 1];

	test_begin("session");
	auth_session_new(c1, h1);
	auth_session_new(c2, h2);
	test_ok(strlen(c1) == 64 && strspn(c1, "0123456789abcdef") == 64,
		"cookie: 64 hex digits");
	test_ok(strcmp(c1, c2) != 0 && strcmp(h1, h2) != 0, "random");
	test_ok(strcmp(c1, h1) != 0, "the stored hash is not the cookie");
	test_ok(auth_session_keys(c1, h, t1) == 0 && strcmp(h, h1) == 0,
		"the hash is recomputed from the cookie");
	test_ok(strcmp(t1, h1) != 0 && strcmp(t1, c1) != 0,
		"the form token is neither cookie nor hash");
	test_ok(auth_session_keys(c1, h, t2) == 0 && strcmp(t1, t2) == 0,
		"the form token is stable");
	test_ok(auth_session_keys(c2, h, t2) == 0 && strcmp(t1, t2) != 0,
		"each session its own form token");
	/* SHA-256 of 32 zero bytes */
	test_ok(auth_session_keys("0000000000000000000000000000000000000000"
				  "000000000000000000000000", h, t1) == 0,
		"zero key");
	test_streq(h, "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a"
		   "591d0d5f2925", "hash is SHA-256 of the key bytes");
	test_ok(auth_session_keys("00", h, t1) < 0, "short cookie refused");
	test_ok(auth_session_keys("000000000000000000000000000000000000000000"
				  "000000000000000000000A", h, t1) < 0,
		"upper case refused");
}

static void
t_cookie(void)
{
	char v[65];

	test_begin("cookie");
	test_ok(auth_cookie_get("rg_session=abc", "rg_session", v, sizeof(v)) &&
		strcmp(v, "abc") == 0, "alone");
	test_ok(auth_cookie_get("a=1; rg_session=abc ;b=2", "rg_session", v,
				sizeof(v)) && strcmp(v, "abc") == 0,
		"among others, spaces trimmed");
	test_ok(!auth_cookie_get("xrg_session=abc", "rg_session", v,
				 sizeof(v)), "a longer name is not it");
	test_ok(!auth_cookie_get("rg_session=a; rg_session=b", "rg_session", v,
				 sizeof(v)), "twice: refused");
	test_ok(!auth_cookie_get(NULL, "rg_session", v, sizeof(v)), "none");
	test_ok(!auth_cookie_get("rg_session=0123456789012345678901234567890"
				 "12345678901234567890123456789012345",
				 "rg_session", v, sizeof(v)), "too long");
	test_ok(auth_cookie_get("__Host-rg_session=x", "__Host-rg_session", v,
				sizeof(v)) && strcmp(v, "x") == 0, "prefixed");
}

static void
t_names_roles(void)
{
	test_begin("names and roles");
	test_ok(auth_name_ok("alice") && auth_name_ok("a.b-c_d@x") &&
		auth_name_ok("7"), "good names");
	test_ok(!auth_name_ok("") && !auth_name_ok(".x") &&
		!auth_name_ok("a b") && !auth_name_ok("<b>") &&
		!auth_name_ok("a\nb"), "bad names");
	test_ok(auth_role_parse("viewer") == ROLE_VIEWER &&
		auth_role_parse("admin") == ROLE_ADMIN &&
		auth_role_parse("root") == ROLE_NONE &&
		auth_role_parse(NULL) == ROLE_NONE, "parse");
	test_streq(auth_role_name(ROLE_DECIDER), "decider", "name");
	test_ok(auth_role_needed("note") == ROLE_REVIEWER &&
		auth_role_needed("request-evidence") == ROLE_REVIEWER &&
		auth_role_needed("assign") == ROLE_REVIEWER, "reviewer's");
	test_ok(auth_role_needed("accept") == ROLE_DECIDER &&
		auth_role_needed("close") == ROLE_DECIDER &&
		auth_role_needed("reject-unfounded") == ROLE_DECIDER &&
		auth_role_needed("release") == ROLE_DECIDER, "decider's");
	test_ok(auth_role_needed("unflag") == ROLE_REVIEWER &&
		auth_role_needed("close-request") == ROLE_REVIEWER &&
		auth_role_needed("set") == ROLE_REVIEWER,
		"reviewer's: clearing a flag, closing a request, the rights");
	test_ok(auth_role_needed("listing") == ROLE_DECIDER,
		"decider's: a decision on listings");
	test_ok(auth_role_needed("complaint") == ROLE_DECIDER,
		"decider's: deciding a complaint");
	test_ok(auth_role_needed("nuke") == ROLE_ADMIN &&
		auth_role_needed(NULL) == ROLE_ADMIN, "unknown: admin");
}

int
main(void)
{
	t_hash();
	t_session();
	t_cookie();
	t_names_roles();
	return test_done();
}
