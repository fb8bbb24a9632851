/* common/sender.h - who wrote a mail that names a case, and whether the
   gateway believes it (SPEC §12).
   intake/sender.c decides it for each message; the acknowledgement and
   workflow hooks of the pipeline receive it. */
#ifndef RG_SENDER_H
#define RG_SENDER_H

#include <stdbool.h>

#include "common/report.h"

/* The sender's role in the case the mail names (From address). */
enum sender_role {
	SENDER_STRANGER = 0,	/* no party of the case */
	SENDER_REPORTER,	/* the case's reporter or submitter */
	SENDER_VENDOR		/* the vendor of one of the case's listings */
};

/* How the From address was authenticated. */
enum sender_auth {
	SENDER_AUTH_NONE = 0,
	SENDER_AUTH_REPLY,	/* In-Reply-To/References name a mail the
				   gateway sent to that address for this
				   case: its random part is the token */
	SENDER_AUTH_DMARC	/* DMARC pass for the From domain in the
				   trusted MX's Authentication-Results */
};

struct sender {
	enum sender_role role;
	enum sender_auth auth;
	bool authenticated;	/* auth != SENDER_AUTH_NONE */
};

/* Returns the name of each value ("stranger", "reporter", "vendor";
   "none", "reply", "dmarc"): static strings. */
const char *sender_role_name(enum sender_role role);
const char *sender_auth_name(enum sender_auth auth);

/* Returns true when the trusted MX said DMARC "pass" (r->dmarc) for
   exactly the domain of r->from_address (r->dmarc_from, compared
   case-insensitively). */
bool sender_dmarc_pass(const struct report *r);

/* Returns the domain of address (after its last '@'), borrowed, or NULL. */
const char *sender_domain(const char *address);

#endif
