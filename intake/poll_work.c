/* intake/poll_work.c - worker threads that prepare the messages of a
   batch ahead of the poller filing them (poll_work.h), from the moment
   each message is fetched. One mutex and one condition variable: the
   poller publishes fetched jobs, workers take the next one within the
   window, the filer waits for the job it needs. Signals stay with the
   polling and filing threads (workers block them). */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "common/mem.h"
#include "intake/poll_work.h"

struct poll_work {
	struct pipeline *pipeline;	/* foreign */
	enum report_stream stream;
	struct poll_job *jobs;		/* foreign */
	size_t n;		/* jobs[0..n) are fetched (published) */
	bool closed;		/* no more jobs come */
	size_t next;		/* the next job a worker takes */
	size_t filed;		/* jobs[0..filed) are done */
	size_t ahead;		/* jobs a worker may be ahead of filed */
	uint64_t bytes;		/* mail taken by workers, not yet filed */
	bool stop;
	size_t n_threads;
	pthread_t threads[POLL_WORK_MAX_THREADS];
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

/* Prepares job j: all of it, or only its spool when an earlier parse of
   it never finished (the filing thread parses it alone). */
static void
poll_work_prepare(struct poll_work *w, struct poll_job *j)
{
	if (j->earlier > 0)
		pipeline_prep_spool(w->pipeline, j->fd, &j->prep);
	else
		pipeline_prepare(w->pipeline, j->fd, w->stream, &j->prep);
}

static void *
poll_work_main(void *arg)
{
	struct poll_work *w = arg;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&w->lock);
	for (;;) {
		size_t i;

		while (!w->stop &&
		       (w->next >= w->n ? !w->closed :
			w->next > w->filed &&
			(w->next >= w->filed + w->ahead ||
			 w->bytes >= POLL_WORK_AHEAD_BYTES)))
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->stop || w->next >= w->n)
			break;
		i = w->next++;
		w->bytes += w->jobs[i].size;
		pthread_mutex_unlock(&w->lock);
		poll_work_prepare(w, &w->jobs[i]);
		pthread_mutex_lock(&w->lock);
		w->jobs[i].ready = true;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct poll_work *
poll_work_start(struct pipeline *pipeline, enum report_stream stream,
		struct poll_job *jobs, size_t cap)
{
	struct poll_work *w = xcalloc(1, sizeof(*w));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want;

	w->pipeline = pipeline;
	w->stream = stream;
	w->jobs = jobs;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	want = cpus > 1 && cap > 1 ? (size_t)cpus : 0;
	if (want > POLL_WORK_MAX_THREADS)
		want = POLL_WORK_MAX_THREADS;
	w->ahead = want * POLL_WORK_AHEAD;
	for (size_t t = 0; t < want; t++) {
		if (pthread_create(&w->threads[t], NULL, poll_work_main, w) != 0)
			break;	/* fewer workers; the filer does the rest */
		w->n_threads++;
	}
	return w;
}

void
poll_work_add(struct poll_work *w, size_t n)
{
	pthread_mutex_lock(&w->lock);
	if (n > w->n)
		w->n = n;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void
poll_work_close(struct poll_work *w)
{
	pthread_mutex_lock(&w->lock);
	w->closed = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

struct pipeline_prep *
poll_work_wait(struct poll_work *w, size_t i)
{
	struct poll_job *j = &w->jobs[i];
	bool mine = false;

	pthread_mutex_lock(&w->lock);
	if (w->n_threads == 0 && w->next <= i) {
		w->next = i + 1;	/* no workers: prepare it here */
		w->bytes += j->size;
		mine = true;
	}
	while (!mine && !j->ready)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
	if (mine) {
		poll_work_prepare(w, j);
		j->ready = true;
	}
	return &j->prep;
}

void
poll_work_done(struct poll_work *w, size_t i)
{
	pipeline_prep_clear(&w->jobs[i].prep);
	pthread_mutex_lock(&w->lock);
	for (; w->filed < i + 1; w->filed++)
		if (w->filed < w->next)
			w->bytes -= w->jobs[w->filed].size;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void
poll_work_finish(struct poll_work **wp)
{
	struct poll_work *w;

	if (wp == NULL || *wp == NULL)
		return;
	w = *wp;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	for (size_t t = 0; t < w->n_threads; t++)
		pthread_join(w->threads[t], NULL);
	for (size_t i = w->filed; i < w->n; i++)
		if (w->jobs[i].ready)
			pipeline_prep_clear(&w->jobs[i].prep);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
	*wp = NULL;
}
