/* intake/poll_work.h - the parse workers of poll: while the poller files
   the messages of a fetched batch one by one in UID order (one
   transaction each, in its own thread), worker threads prepare the next
   ones (spool, SHA-256, parse, attachment files: pipeline_prepare), so
   parsing runs on every CPU beside the database work. Workers never
   touch the database. Workers run ahead of the message being filed by
   at most POLL_WORK_AHEAD messages per worker and POLL_WORK_AHEAD_BYTES
   of mail (at least one message), which bounds memory: enough for a
   whole batch of ordinary mail to be parsed while the batch before is
   filed, flushed and moved. */
#ifndef RG_POLL_WORK_H
#define RG_POLL_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/report.h"
#include "intake/pipeline.h"

#define POLL_WORK_AHEAD 64
#define POLL_WORK_AHEAD_BYTES (32u << 20)
#define POLL_WORK_MAX_THREADS 4

/* One fetched message of a batch. */
struct poll_job {
	uint32_t uid;
	int fd;			/* owned: a duplicate of the spool's fd */
	uint64_t size;		/* as the server announced it */
	bool truncated;		/* cut at limits.max_message_bytes */
	struct pipeline_prep prep;	/* filled by the workers */
	bool ready;		/* prep is filled (guarded by the pool) */
};

struct poll_work;	/* opaque: the worker threads of one batch */

/* Starts preparing jobs[0..n) (borrowed until poll_work_finish) for a
   mailbox of stream, in up to POLL_WORK_MAX_THREADS threads, one per
   CPU; with one CPU (or one job) nothing runs in the background and
   poll_work_wait prepares each job itself. Returns the pool, owned by
   the caller; never NULL. */
struct poll_work *poll_work_start(struct pipeline *pipeline,
				  enum report_stream stream,
				  struct poll_job *jobs, size_t n);
/* Waits until jobs[i] is prepared (jobs are waited for in order) and
   returns its prep (owned by the job). */
struct pipeline_prep *poll_work_wait(struct poll_work *w, size_t i);
/* Marks jobs[i] filed: releases its prep and lets the workers go on. */
void poll_work_done(struct poll_work *w, size_t i);
/* Stops the workers (those at work finish their message), waits for
   them and releases the preps of jobs not marked done. Frees *w and
   sets it to NULL (NULL-safe). The jobs' fds stay the caller's. */
void poll_work_finish(struct poll_work **w);

#endif
