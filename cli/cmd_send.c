/* cli/cmd_send.c - reportgate send [--once] (SPEC §8): drains the
   outbox over SMTP. With --once: one pass over what is due, a summary
   line, exit 0, or 1 when the SMTP setup is wrong or the store fails.
   Without: passes every few seconds until SIGTERM/SIGINT, which ends the
   run after the mail being sent (nothing half-done). The test-only
   environment variable RG_NOW shifts the clock (common/wallclock.h). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/backoff.h"
#include "common/log.h"
#include "common/signals.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open.h"
#include "outbox/drain.h"
#include "outbox/smtp.h"
#include "common/wallclock.h"

/* Seconds between two passes when all went well, and the longest pause
   after an SMTP setup error. */
#define SEND_POLL_S 2
#define SEND_FATAL_PAUSE_MAX 3600

static void
send_usage(FILE *f)
{
	fprintf(f, "usage: reportgate [--config FILE] send [--once]\n"
		"Sends the queued mails (acknowledgements, notices) over SMTP "
		"with retries.\n"
		"  --once   send what is due now and exit (1 when the SMTP setup "
		"fails)\n"
		"Without --once, runs until SIGTERM.\n");
}

static int
send_loop(struct outbox *ob, const struct config *cfg, bool once)
{
	struct outbox_stats st = { 0 };
	unsigned fatal_n = 0;
	struct err err;
	int rc;

	for (;;) {
		err_clear(&err);
		rc = outbox_drain(ob, signals_stop_requested, &st, &err);
		if (once) {
			printf("sent %u, retried %u, failed %u, in doubt %u\n",
			       st.sent, st.retried, st.failed, st.in_doubt);
			if (rc < 0)
				fprintf(stderr, "reportgate send: %s\n",
					err.msg);
			return rc < 0 ? 1 : 0;
		}
		if (signals_stop_requested())
			break;
		if (rc < 0 && err.class == ERR_FATAL) {
			unsigned pause = backoff_delay(++fatal_n,
						       cfg->smtp_retry_base,
						       SEND_FATAL_PAUSE_MAX);

			log_error("outbox", "send.paused", "error=\"%s\" "
				  "pause_s=%u", err.msg, pause);
			signals_sleep(pause * 1000UL);
		} else if (rc < 0) {
			log_warn("outbox", "send.busy", "error=\"%s\"",
				 err.msg);
			signals_sleep(SEND_POLL_S * 2000UL);
		} else {
			fatal_n = 0;
			signals_sleep(SEND_POLL_S * 1000UL);
		}
		if (signals_stop_requested())
			break;
	}
	log_info("outbox", "send.stopped", "sent=%u retried=%u failed=%u "
		 "in_doubt=%u", st.sent, st.retried, st.failed, st.in_doubt);
	return 0;
}

int
cmd_send(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct config *cfg = NULL;
	struct store *store = NULL;
	struct outbox *ob = NULL;
	struct err err;
	bool once = false;
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			once = true;
			break;
		case 'h':
			send_usage(stdout);
			return 0;
		default:
			send_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		send_usage(stderr);
		return 2;
	}
	err_clear(&err);
	if (cli_open(g, &cfg, &store, &err) < 0 ||
	    (ob = outbox_new(cfg, store, wallclock_now, &err)) == NULL) {
		fprintf(stderr, "reportgate send: %s\n", err.msg);
		goto out;
	}
	signals_init();
	ret = send_loop(ob, cfg, once);
out:
	outbox_free(&ob);
	store_close(&store);
	config_free(&cfg);
	return ret;
}
