/* common/sender.c - names of sender roles and the DMARC test. */
#include <string.h>
#include <strings.h>

#include "common/sender.h"

const char *
sender_role_name(enum sender_role role)
{
	switch (role) {
	case SENDER_REPORTER:
		return "reporter";
	case SENDER_VENDOR:
		return "vendor";
	case SENDER_STRANGER:
		break;
	}
	return "stranger";
}

const char *
sender_auth_name(enum sender_auth auth)
{
	switch (auth) {
	case SENDER_AUTH_REPLY:
		return "reply";
	case SENDER_AUTH_DMARC:
		return "dmarc";
	case SENDER_AUTH_NONE:
		break;
	}
	return "none";
}

const char *
sender_domain(const char *address)
{
	const char *at = address ? strrchr(address, '@') : NULL;

	return at != NULL && at[1] != '\0' ? at + 1 : NULL;
}

bool
sender_dmarc_pass(const struct report *r)
{
	const char *dom = sender_domain(r->from_address);

	return r->dmarc != NULL && strcmp(r->dmarc, "pass") == 0 &&
	       r->dmarc_from != NULL && dom != NULL &&
	       strcasecmp(r->dmarc_from, dom) == 0;
}
