/* intake/sender.c - the role and authentication of a mail's sender. */
#include <string.h>

#include "intake/sender.h"

struct sender
sender_of_report(const struct report *r)
{
	struct sender s = { SENDER_REPORTER, SENDER_AUTH_NONE, false };

	if (sender_dmarc_pass(r)) {
		s.auth = SENDER_AUTH_DMARC;
		s.authenticated = true;
	}
	return s;
}

int
sender_identify(struct store *st, int64_t case_id, const struct report *r,
		struct sender *s, struct err *err)
{
	int rc;

	*s = (struct sender){ SENDER_STRANGER, SENDER_AUTH_NONE, false };
	if (r->from_address == NULL || r->from_address[0] == '\0' ||
	    (r->dmarc != NULL && strcmp(r->dmarc, "fail") == 0))
		return 0;
	if (store_case_sender_role(st, case_id, r->from_address, &s->role,
				   err) < 0)
		return -1;
	if (sender_dmarc_pass(r)) {
		s->auth = SENDER_AUTH_DMARC;
	} else {
		for (size_t i = 0; i < r->references.n; i++) {
			rc = store_outbox_sent_to(st, case_id,
						  r->references.v[i],
						  r->from_address, err);
			if (rc < 0)
				return -1;
			if (rc == 1) {
				s->auth = SENDER_AUTH_REPLY;
				break;
			}
		}
	}
	s->authenticated = s->auth != SENDER_AUTH_NONE;
	return 0;
}
