/* intake/poll_poison.c - attempts counted around the parse of poll, so that
   a message that stops the process is quarantined after max_attempts. */
#include <time.h>

#include "common/log.h"
#include "common/mem.h"
#include "intake/poll_poison.h"

struct poll_poison {
	const struct config *cfg;	/* foreign */
	struct store *store;		/* owned; NULL until first use */
};

struct poll_poison *
poll_poison_new(const struct config *cfg)
{
	struct poll_poison *pp = xcalloc(1, sizeof(*pp));

	pp->cfg = cfg;
	return pp;
}

void
poll_poison_free(struct poll_poison **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	store_close(&(*pp)->store);
	free(*pp);
	*pp = NULL;
}

int
poll_poison_take(struct poll_poison *pp, const char *mailbox,
		 uint32_t uidvalidity, const uint32_t *uids, size_t n,
		 unsigned *earlier_r, struct err *err)
{
	if (pp->store == NULL &&
	    (pp->store = store_open_group(pp->cfg->store_path,
					  pp->cfg->attachments_dir,
					  pp->cfg->store_group, err)) == NULL)
		return -1;
	if (store_attempts_take(pp->store, mailbox, uidvalidity, uids, n,
				time(NULL), earlier_r, err) < 0) {
		if (err->class == ERR_MSG)
			err->class = ERR_TEMP;
		return -1;
	}
	return 0;
}

int
poll_poison_parse(const struct config *cfg, struct store *store,
		  struct pipeline *pipeline, enum report_stream stream,
		  const struct msg_key *key, unsigned earlier,
		  struct pipeline_prep *prep, struct err *err)
{
	unsigned max = cfg->max_attempts ? cfg->max_attempts : 3, n;
	char q[256];

	if (earlier >= max) {
		prep->poison = earlier;
		return 0;
	}
	if (store_attempts_bump(store, key, time(NULL), &n, err) < 0)
		return -1;
	log_warn("intake", "message.retry", "msg=%s:%u:%u attempt=%u of=%u "
		 "reason=\"an earlier parse never finished: parsed alone\"",
		 log_q(q, sizeof(q), key->mailbox), key->uidvalidity, key->uid,
		 n, max);
	pipeline_prep_parse(pipeline, stream, prep);
	return store_attempts_clear(store, key->mailbox, key->uidvalidity,
				    &key->uid, 1, err);
}
