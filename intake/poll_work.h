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
	unsigned earlier;	/* parses of it that began before and never
				   finished (poll_poison.h): when > 0 the
				   workers only spool it and the filing
				   thread parses it alone */
	struct pipeline_prep prep;	/* filled by the workers */
	bool ready;		/* prep is filled (guarded by the pool) */
};

struct poll_work;	/* opaque: the worker threads of one batch */

/* Starts the workers for a batch of up to cap jobs (jobs[0..cap),
   borrowed until poll_work_finish) of a mailbox of stream: up to
   POLL_WORK_MAX_THREADS threads, one per CPU; with one CPU (or cap < 2)
   nothing runs in the background and poll_work_wait prepares each job
   itself. Jobs are handed over as they are fetched (poll_work_add).
   Returns the pool, owned by the caller; never NULL. */
struct poll_work *poll_work_start(struct pipeline *pipeline,
				  enum report_stream stream,
				  struct poll_job *jobs, size_t cap);
/* Publishes jobs[0..n) (filled by the caller) to the workers. */
void poll_work_add(struct poll_work *w, size_t n);
/* Says that no job follows: idle workers end. */
void poll_work_close(struct poll_work *w);
/* Waits until jobs[i] (published) is prepared (jobs are waited for in
   order) and returns its prep (owned by the job). */
struct pipeline_prep *poll_work_wait(struct poll_work *w, size_t i);
/* Marks jobs[i] filed: releases its prep and lets the workers go on. */
void poll_work_done(struct poll_work *w, size_t i);
/* Stops the workers (those at work finish their message), waits for
   them and releases the preps of jobs not marked done. Frees *w and
   sets it to NULL (NULL-safe). The jobs' fds stay the caller's. */
void poll_work_finish(struct poll_work **w);

#endif
