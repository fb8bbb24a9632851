/* intake/pipeline.h - one inbound message from raw bytes to a committed
   case (docs/SPEC.md §7): spool, SHA-256, dedupe, parse (attachments
   stored by content hash while parsing), then ONE transaction that files,
   attaches, records or quarantines it. Used by ingest (files) and poll (IMAP). */
#ifndef RG_PIPELINE_H
#define RG_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "common/report.h"
#include "common/config.h"
#include "common/noticepolicy.h"
#include "common/sender.h"
#include "store/store.h"

/* The acknowledgement hook: called inside the filing transaction, after
   the case rows are written (message msg_id stored and absorbed into case
   case_id), for every message that creates or joins a case and may be
   answered (report_wants_ack). sender says who wrote it and whether that
   is authenticated (common/sender.h; a new report's sender is its
   reporter). It may queue a mail (mailq_queue). Returns 0, or -1 with
   err set, which rolls the whole message back (ERR_MSG then quarantines
   it). The ack hook of reportgate is ack_hook (outbox/ack.h). */
typedef int pipeline_ack_fn(void *ctx, struct store *store, int64_t case_id,
			    int64_t msg_id, const char *ref,
			    const struct report *report,
			    const struct sender *sender, struct err *err);

/* The workflow hook: called inside the filing transaction for a
   follow-up, counter-notice or counter-notice response that joined the
   case it names from an AUTHENTICATED party (after the acknowledgement
   hook); sender gives its role (reporter or vendor) and how it was
   authenticated. Mail from a party that is not authenticated never
   reaches it: it is recorded on the case and flagged for staff. It may
   move the case and queue mails (workflow/workflow.h:
   workflow_on_message). Returns 0, or -1 with err set, which rolls the
   message back. */
typedef int pipeline_workflow_fn(void *ctx, struct store *store,
				 int64_t case_id, int64_t msg_id,
				 const char *ref, const struct report *report,
				 const struct sender *sender, time_t now,
				 struct err *err);

struct pipeline_settings {
	struct store *store;		/* borrowed */
	const struct config *config;	/* borrowed: prefixes, limits,
					   marketplace, rules file */
	pipeline_ack_fn *ack;		/* NULL: no acknowledgements */
	void *ack_ctx;
	time_t (*clock)(void);		/* NULL: time() */
	pipeline_workflow_fn *workflow;	/* NULL: mail moves no case */
	void *workflow_ctx;
};

struct pipeline;	/* opaque: owns the parser configuration and rules */

enum pipeline_outcome {
	PIPELINE_FILED = 0,	/* stored now: new case, joined a case, or
				   recorded (auto-reply, bounce) */
	PIPELINE_DUPLICATE,	/* the same bytes were stored before */
	PIPELINE_QUARANTINED	/* could not be processed; kept with reason */
};

struct pipeline_result {
	enum pipeline_outcome outcome;
	int64_t message_id;	/* row in messages, 0 if none */
	int64_t case_id;	/* 0: no case (global record, quarantine) */
	char ref[32];		/* "" when no case */
};

/* Builds a pipeline from settings (copied; the store and config stay
   borrowed and must outlive it). Returns NULL with err set (ERR_FATAL:
   a bad rules file). Call parser_global_init() first. */
struct pipeline *pipeline_new(const struct pipeline_settings *set,
			      struct err *err);
void pipeline_free(struct pipeline **p);

/* Processes the message readable from fd (a regular file is read from
   offset 0 in place; anything else is spooled to a temporary file; fd is
   not closed), seen at key, from a mailbox of stream. Files it exactly
   once: a message whose SHA-256 is already stored only gets key recorded
   as a new location. Logs one line. Returns 0 with *res_r filled (filed,
   duplicate or quarantined), or -1: ERR_TEMP / ERR_FATAL for store and
   disk problems (nothing was committed: retry later or exit), ERR_MSG
   only when even quarantining failed. */
int pipeline_process(struct pipeline *p, int fd, const struct msg_key *key,
		     enum report_stream stream, struct pipeline_result *res_r,
		     struct err *err);

/* The two halves of pipeline_process, for callers that prepare messages
   in worker threads and file them in order in one thread (poll).
   pipeline_prepare spools fd (as pipeline_process does), hashes it and
   parses it, storing its attachment files and its raw bytes, without
   touching the database: calls for different messages may run at once
   in different threads. pipeline_file then does the rest in the calling thread
   (dedupe, the transaction or the quarantine, the log line) with the
   same returns as pipeline_process. pipeline_prep_clear releases what
   prep holds (its spool file, the report). prep_spool and prep_parse
   are prepare's two steps. */
enum pipeline_parsed {
	PIPELINE_PARSE_SKIPPED = 0,	/* not parsed (yet) */
	PIPELINE_PARSE_OK,
	PIPELINE_PARSE_FAILED,		/* the reason in perr */
	PIPELINE_PARSE_STORE_ERROR	/* an attachment file: err */
};
struct pipeline_prep {
	int sfd;		/* the spooled message; -1: spooling failed */
	int own;		/* sfd is a temporary file of ours */
	char sha[65];
	uint64_t size;
	enum pipeline_parsed parsed;
	struct report *r;	/* owned; NULL unless PIPELINE_PARSE_OK */
	struct err perr;	/* why the parse failed */
	struct err err;		/* spool or attachment store failure */
	struct timespec t0;	/* when the message was taken up */
	unsigned poison;	/* set by the caller after spooling: parses
				   of it began this often and never
				   finished: quarantined unparsed */
	int64_t refile;		/* set by the caller (reportgate refile):
				   the quarantine entry of these bytes, to
				   be filed now; its unfiled row is filed
				   and the entry removed in the same
				   transaction, or it stays quarantined */
	const char *actor;	/* with refile: who asked (the event) */
};
void pipeline_prepare(struct pipeline *p, int fd, enum report_stream stream,
		      struct pipeline_prep *prep);
int pipeline_file(struct pipeline *p, struct pipeline_prep *prep,
		  const struct msg_key *key, enum report_stream stream,
		  struct pipeline_result *res_r, struct err *err);
void pipeline_prep_clear(struct pipeline_prep *prep);
/* The first step of pipeline_prepare alone: spools fd and hashes it,
   without parsing (pipeline_file parses it then, in its own thread):
   for a message whose earlier parses never finished (poll_poison.h). */
void pipeline_prep_spool(struct pipeline *p, int fd,
			 struct pipeline_prep *prep);
/* The second step: parses what prep spooled (attachments into the
   store), unless it is empty or over limits.max_message_bytes. */
void pipeline_prep_parse(struct pipeline *p, enum report_stream stream,
			 struct pipeline_prep *prep);

/* pipeline_route.c: the filing decisions inside the transaction. */
struct pipeline_msg {
	const struct msg_key *key;
	const char *sha256;
	uint64_t size;
	int fd;				/* the spooled raw bytes */
	enum report_stream stream;	/* of the mailbox */
	const struct report *report;
	time_t now;
	int64_t adopt;			/* 0, or the unfiled row of these
					   bytes to fill (a refile) */
};
/* Files m (already parsed) inside the open transaction: new case; a
   mail naming a case joins it when its sender is a party of it (and
   changes it only when that sender is authenticated, SPEC §12), a
   stranger's opens a linked flagged case; auto-replies and bounces are
   recorded. Fills res_r. */
int pipeline_route(struct pipeline *p, const struct pipeline_msg *m,
		   struct pipeline_result *res_r, struct err *err);
/* Internal to pipeline*.c: the settings and prefixes, and the notice
   policy read from the configuration's [dsa] group (borrowed from p). */
const struct pipeline_settings *pipeline_settings(const struct pipeline *p);
const struct notice_policy *pipeline_policy(const struct pipeline *p);

/* pipeline_notice.c: what the Digital Services Act asks of a case just
   filed from m (docs/WORKFLOW.md "Notice sources, misuse and repeat
   infringers"), inside the filing transaction and before its
   acknowledgement: a trusted flagger's authenticated notice gets its
   source type, a suspended reporter's is held, a case naming a repeat
   infringer's listing is flagged. Returns 0, or -1 with err set. */
int pipeline_notice_filed(struct pipeline *p, const struct pipeline_msg *m,
			  int64_t case_id, struct err *err);

#endif
