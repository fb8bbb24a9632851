/* cli/cmd_poll.c - reportgate poll [--once]: IMAP intake of every
   configured mailbox (poll.h). --once: one pass, retried a few times
   after network errors, then exit. Without it: a pass, then wait for news
   and repeat until SIGTERM/SIGINT. The wait uses IDLE when the server
   offers it and exactly one mailbox is configured (re-IDLE every
   imap.idle_seconds); with several mailboxes, or without IDLE, every
   mailbox is synced every imap.poll_seconds (still waking early when the
   folder synced last reports news). A stop signal lets the message at
   hand finish, moves what was committed, and exits 0. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "intake/pipeline.h"
#include "intake/poll.h"
#include "cli/service.h"
#include "common/signals.h"

/* --once gives up after this many failed passes in a row. */
#define POLL_ONCE_TRIES 5

static void
poll_usage(FILE *f)
{
	fprintf(f, "usage: reportgate poll [--config FILE] [--once]\n"
		"Files new mail of every [mailbox] over IMAP; --once processes "
		"what is there\nand exits, else it waits for more (IDLE) until "
		"SIGTERM.\n");
}

/* Seconds to wait between passes (see the file comment). */
static unsigned
poll_wait_seconds(const struct config *cfg, const struct poller *p)
{
	unsigned idle = cfg->imap_idle_seconds ? cfg->imap_idle_seconds : 1740;

	if (idle > 1740)
		idle = 1740;
	if (cfg->n_mailboxes == 1 && poll_has_idle(p))
		return idle;
	return cfg->imap_poll_seconds ? cfg->imap_poll_seconds : 60;
}

int
cmd_poll(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct service *svc = NULL;
	struct poller *p;
	const struct poll_stats *stats;
	struct err err;
	int c, once = 0, ret = 1;
	unsigned tries;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			once = 1;
			break;
		case 'h':
			poll_usage(stdout);
			return 0;
		default:
			poll_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		poll_usage(stderr);
		return 2;
	}
	signals_init();
	err_clear(&err);
	if ((svc = service_open(g, &err)) == NULL) {
		fprintf(stderr, "reportgate poll: %s\n", err.msg);
		return 1;
	}
	p = service_poller(svc);
	log_info("intake", "poll.start", "once=%s mailboxes=%zu",
		 once ? "yes" : "no", service_config(svc)->n_mailboxes);
	for (;;) {
		if (signals_stop_requested())
			break;
		if (poll_pass(p, &err) < 0) {
			if (err.class != ERR_TEMP)
				goto fail;
			tries = poll_backoff(p);
			if (tries == 0)
				break;		/* stop signal */
			if (once && tries >= POLL_ONCE_TRIES) {
				err_set(&err, ERR_TEMP, "gave up after %u "
					"attempts: %s", tries, err.msg);
				goto fail;
			}
			continue;
		}
		poll_backoff_reset(p);
		if (once || signals_stop_requested())
			break;
		if (poll_wait(p, poll_wait_seconds(service_config(svc), p),
			      &err) < 0 && err.class != ERR_TEMP)
			goto fail;
	}
	stats = poll_stats(p);
	if (once)
		printf("filed %u, duplicates %u, quarantined %u, failed %u\n",
		       stats->filed, stats->duplicates, stats->quarantined,
		       stats->failed);
	log_info("intake", "poll.stop", "filed=%u duplicates=%u "
		 "quarantined=%u failed=%u signal=%s", stats->filed,
		 stats->duplicates, stats->quarantined, stats->failed,
		 signals_stop_requested() ? "yes" : "no");
	ret = stats->failed && once ? 1 : 0;
	goto out;
fail:
	fprintf(stderr, "reportgate poll: %s\n", err.msg);
	ret = 1;
out:
	service_close(&svc);
	return ret;
}
