/* intake/sender.h - who wrote a mail that names a case, and whether that
   is authenticated (SPEC §12). */
#ifndef RG_INTAKE_SENDER_H
#define RG_INTAKE_SENDER_H

#include <stdint.h>

#include "common/err.h"
#include "common/report.h"
#include "common/sender.h"
#include "store/store.h"

/* Fills *s for report r (its From address) and case case_id, inside the
   caller's transaction: the role (store_case_sender_role; a From that
   the trusted MX found forged, DMARC "fail", is a stranger's), and the
   authentication: SENDER_AUTH_DMARC when sender_dmarc_pass(r), else
   SENDER_AUTH_REPLY when one of r->references (In-Reply-To first) is
   the Message-ID of a mail of this case that the gateway sent to the
   From address (store_outbox_sent_to), else none. Returns 0, or -1 with
   err set. */
int sender_identify(struct store *store, int64_t case_id,
		    const struct report *r, struct sender *s,
		    struct err *err);

/* Returns the sender of a new report: the reporter, authenticated only
   by DMARC (it cannot answer a mail of ours yet). */
struct sender sender_of_report(const struct report *r);

#endif
