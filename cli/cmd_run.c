/* cli/cmd_run.c - reportgate run: the service (SPEC §8). Until SIGTERM
   or SIGINT it repeats run_tick(), which does one round of every job, and
   waits in between: with IDLE on the folder synced last (new mail wakes
   it at once), at most imap.poll_seconds, so that every job gets its turn
   at least that often. A stop signal lets the message at hand finish and
   exits 0 with nothing half-done. */
#include <getopt.h>
#include <stdio.h>

#include "common/log.h"
#include "cli/commands.h"
#include "outbox/drain.h"
#include "intake/poll.h"
#include "cli/service.h"
#include "common/signals.h"
#include "common/wallclock.h"
#include "workflow/workflow.h"

static void
run_usage(FILE *f)
{
	fprintf(f, "usage: reportgate run [--config FILE]\n"
		"The service: IMAP intake (IDLE), the outbox (when smtp.url "
		"is set) and\nevidence-request deadlines, until SIGTERM.\n");
}

/* One round of the service's jobs: intake, then the deadline check (an
   overdue evidence request gets its one reminder queued), then the
   outbox (ob NULL: no smtp.url). Returns 0, or -1 with err set: ERR_TEMP
   (try again after a backoff), anything else ends the service. A broken
   SMTP setup does not stop intake: it is logged and the mail waits. */
static int
run_tick(struct service *svc, struct outbox *ob, struct err *err)
{
	struct outbox_stats st = { 0, 0, 0, 0 };
	struct err oerr = { ERR_NONE, "" };
	char q[256];
	int n;

	if (poll_pass(service_poller(svc), err) < 0)
		return -1;
	n = workflow_deadlines(service_store(svc),
			       service_workflow(svc)->mailq, wallclock_now(),
			       err);
	if (n < 0)
		return -1;
	if (n > 0)
		log_info("intake", "deadlines.reminders", "queued=%d", n);
	if (ob != NULL && outbox_drain(ob, NULL, &st, &oerr) < 0)
		log_error("outbox", "drain.failed", "class=%s error=%s",
			  err_class_name(oerr.class),
			  log_q(q, sizeof(q), oerr.msg));
	return 0;
}

/* Seconds to wait between ticks: IDLE up to imap.poll_seconds. */
static unsigned
run_wait_seconds(const struct config *cfg)
{
	unsigned s = cfg->imap_poll_seconds ? cfg->imap_poll_seconds : 60;
	unsigned idle = cfg->imap_idle_seconds ? cfg->imap_idle_seconds : 1740;

	if (idle > 1740)
		idle = 1740;
	return s < idle ? s : idle;
}

int
cmd_run(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct service *svc = NULL;
	struct poller *p;
	struct outbox *ob = NULL;
	const struct config *cfg;
	struct err err;
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			run_usage(stdout);
			return 0;
		default:
			run_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		run_usage(stderr);
		return 2;
	}
	signals_init();
	err_clear(&err);
	if ((svc = service_open(g, &err)) == NULL) {
		fprintf(stderr, "reportgate run: %s\n", err.msg);
		return 1;
	}
	p = service_poller(svc);
	cfg = service_config(svc);
	if (cfg->smtp_url != NULL && *cfg->smtp_url != '\0' &&
	    (ob = outbox_new(cfg, service_store(svc), wallclock_now,
			     &err)) == NULL)
		goto fail;
	log_info("intake", "run.start", "mailboxes=%zu outbox=%s",
		 cfg->n_mailboxes, ob ? "on" : "off");
	while (!signals_stop_requested()) {
		if (run_tick(svc, ob, &err) < 0) {
			if (err.class != ERR_TEMP)
				goto fail;
			poll_backoff(p);
			continue;
		}
		poll_backoff_reset(p);
		if (signals_stop_requested())
			break;
		if (poll_wait(p, run_wait_seconds(service_config(svc)),
			      &err) < 0 && err.class != ERR_TEMP)
			goto fail;
	}
	log_info("intake", "run.stop", "signal=yes");
	ret = 0;
	goto out;
fail:
	log_error("intake", "run.failed", "class=%s", err_class_name(err.class));
	fprintf(stderr, "reportgate run: %s\n", err.msg);
	ret = 1;
out:
	outbox_free(&ob);
	service_close(&svc);
	return ret;
}
