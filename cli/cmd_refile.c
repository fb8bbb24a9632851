/* cli/cmd_refile.c - reportgate refile ID [--stream ip|abuse] [--as NAME]:
   files a quarantined message again, from the raw bytes the store kept,
   through the same pipeline as intake (acknowledgement and workflow
   hooks included). For a message quarantined in error (a parse that
   was stopped max_attempts times by something else, a fixed parser
   bug): staff look at it (`cases list --quarantine`), then refile it.
   The quarantine entry is removed, with the event "message.refiled", in
   the transaction that files it; a message that fails again stays
   quarantined. A parse that stops the process changes nothing. */
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "cli/cmd_cases.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "cli/filing.h"
#include "intake/pipeline.h"

static void
refile_usage(FILE *f)
{
	fprintf(f, "usage: reportgate refile ID [--stream ip|abuse] "
		"[--as NAME]\n"
		"Files the quarantined message ID (cases list --quarantine) "
		"again from its stored bytes.\n"
		"Its stream is its mailbox's unless --stream is given.\n");
}

/* The stream of the configured mailbox whose folder is folder, else
   the IP stream. */
static enum report_stream
refile_stream(const struct config *cfg, const char *folder)
{
	size_t i;

	for (i = 0; i < cfg->n_mailboxes; i++)
		if (strcmp(cfg->mailboxes[i].folder, folder) == 0)
			return cfg->mailboxes[i].stream;
	return STREAM_IP;
}

/* Files entry q (its raw bytes opened from the store) with pipeline p.
   Returns the exit status, having printed the outcome. */
static int
refile_run(struct pipeline *p, struct store *s,
	   const struct store_quarantine *q, enum report_stream stream,
	   const char *actor)
{
	struct msg_key key = { q->mailbox, q->uidvalidity, q->uid };
	struct pipeline_prep prep;
	struct pipeline_result res;
	struct err err;
	char *path;
	int fd, rc;

	err_clear(&err);
	if (q->message_id == 0 || (path = store_att_path(s, q->sha256)) ==
	    NULL) {
		fprintf(stderr, "reportgate refile: %" PRId64 ": its bytes "
			"were not kept (%s)\n", q->id, q->reason);
		return 1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0) {
		fprintf(stderr, "reportgate refile: %" PRId64 ": its bytes "
			"are not in the store (%s)\n", q->id, q->reason);
		return 1;
	}
	pipeline_prep_spool(p, fd, &prep);
	prep.refile = q->id;
	prep.actor = actor;
	rc = pipeline_file(p, &prep, &key, stream, &res, &err);
	pipeline_prep_clear(&prep);
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "reportgate refile: %s\n", err.msg);
		return 1;
	}
	if (res.outcome != PIPELINE_FILED) {
		fprintf(stderr, "reportgate refile: %" PRId64 ": %s\n", q->id,
			res.outcome == PIPELINE_DUPLICATE ? "filed before" :
			"quarantined again (see the log)");
		return 1;
	}
	if (store_flush(s, &err) < 0) {
		fprintf(stderr, "reportgate refile: %s\n", err.msg);
		return 1;
	}
	printf("refiled %" PRId64 ": %s\n", q->id, res.ref[0] ? res.ref :
	       "recorded (no case)");
	return 0;
}

int
cmd_refile(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "stream", required_argument, NULL, 's' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_quarantine *q = NULL;
	struct filing fl = { 0 };
	struct config *cfg = NULL;
	struct store *store = NULL;
	enum report_stream stream = STREAM_IP;
	const char *actor = NULL;
	int c, have_stream = 0, ret = 1, rc;
	struct err err;
	char *end;
	long long id;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (report_stream_parse(optarg, &stream) < 0) {
				fprintf(stderr, "reportgate refile: --stream "
					"ip|abuse\n");
				return 2;
			}
			have_stream = 1;
			break;
		case 'a':
			actor = optarg;
			break;
		case 'h':
			refile_usage(stdout);
			return 0;
		default:
			refile_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		refile_usage(stderr);
		return 2;
	}
	id = strtoll(argv[optind], &end, 10);
	if (*argv[optind] == '\0' || *end != '\0' || id <= 0) {
		fprintf(stderr, "reportgate refile: not a quarantine id\n");
		return 2;
	}
	err_clear(&err);
	if (cli_open(g, &cfg, &store, &err) < 0) {
		fprintf(stderr, "reportgate refile: %s\n", err.msg);
		goto out;
	}
	if ((rc = store_quarantine_get(store, id, &q, &err)) <= 0) {
		fprintf(stderr, "reportgate refile: %s\n", rc < 0 ? err.msg :
			"no such quarantine entry");
		goto out;
	}
	if (!have_stream)
		stream = refile_stream(cfg, q->mailbox);
	if (filing_open(&fl, cfg, store, &err) < 0) {
		fprintf(stderr, "reportgate refile: %s\n", err.msg);
		goto out;
	}
	ret = refile_run(fl.pipeline, store, q, stream, actor ? actor :
			 cases_act_login());
out:
	if (q != NULL)
		store_quarantine_free(q, 1);
	filing_close(&fl);
	store_close(&store);
	config_free(&cfg);
	return ret;
}
