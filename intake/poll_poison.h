/* intake/poll_poison.h - a message that stops poll each time it is parsed
   (a parser fault, memory) must not stall its mailbox: poll records each
   message it takes up before any parse begins, parses a message that was
   taken up before without being filed on its own (after the messages
   before it are filed, counting each attempt), and quarantines it unparsed
   once [intake] max_attempts parses began and none finished. */
#ifndef RG_POLL_POISON_H
#define RG_POLL_POISON_H

#include <stdbool.h>
#include <stdint.h>

#include "common/config.h"
#include "common/err.h"
#include "intake/pipeline.h"
#include "store/store.h"

struct poll_poison;	/* opaque: a second store connection for the
			   polling thread (the filing thread holds the
			   first while a batch is filed) */

/* Returns a new state owned by the caller (poll_poison_free). cfg is
   borrowed. */
struct poll_poison *poll_poison_new(const struct config *cfg);
void poll_poison_free(struct poll_poison **pp);

/* In the polling thread, before the batch uids[0..n) of mailbox is
   fetched (and parsed as it comes): records the take-up of each UID
   (store_attempts_take on the state's own connection, opened on first
   use) and sets earlier_r[i], the parses of uids[i] that began before and
   never finished. Returns 0, or -1 with err set (ERR_TEMP: the store). */
int poll_poison_take(struct poll_poison *pp, const char *mailbox,
		     uint32_t uidvalidity, const uint32_t *uids, size_t n,
		     unsigned *earlier_r, struct err *err);

/* In the filing thread, for a message parsed alone (earlier > 0) whose
   prep holds only its spool: when earlier reached [intake] max_attempts,
   marks prep to be quarantined unparsed; else records one more attempt
   on store (the filing thread's), parses it (pipeline_prep_parse) and,
   the parse over, forgets its attempts: only a parse that never ends
   counts, not a process stopped while filing. Returns 0, or -1 with err
   set. */
int poll_poison_parse(const struct config *cfg, struct store *store,
		      struct pipeline *pipeline, enum report_stream stream,
		      const struct msg_key *key, unsigned earlier,
		      struct pipeline_prep *prep, struct err *err);

#endif
