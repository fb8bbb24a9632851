/* web/web_deadline.c - the deadline of each request's head
   (web_deadline.h): a list of open connections under one lock, watched
   by one thread that sleeps until the earliest deadline. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "common/log.h"
#include "common/mem.h"
#include "web/web_deadline.h"

/* One open connection. */
struct wd_conn {
	struct wd_conn *prev, *next;
	MHD_socket fd;		/* libmicrohttpd's; never closed here */
	uint64_t due_ms;	/* monotonic time the head is due by */
	bool armed;		/* a head is awaited (not yet complete) */
	bool cut;		/* shut down already */
};

struct web_deadline {
	pthread_mutex_t lock;
	pthread_cond_t wake;	/* on CLOCK_MONOTONIC */
	pthread_t thread;
	struct wd_conn *head;	/* open connections, under lock */
	uint64_t limit_ms;
	const char *comp;	/* static */
	char event[32];
	bool stop;
};

static uint64_t
wd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Cuts every armed connection past its deadline; returns the earliest
   deadline still ahead, or UINT64_MAX. Called with d->lock held. */
static uint64_t
wd_sweep(struct web_deadline *d, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	for (struct wd_conn *e = d->head; e != NULL; e = e->next) {
		if (!e->armed || e->cut)
			continue;
		if (e->due_ms <= now) {
			/* the socket is still libmicrohttpd's (the "closed"
			   notification takes this lock before it closes) */
			(void)shutdown(e->fd, SHUT_RDWR);
			e->cut = true;
			log_info(d->comp, d->event, "seconds=%llu result=cut",
				 (unsigned long long)(d->limit_ms / 1000));
		} else if (e->due_ms < next) {
			next = e->due_ms;
		}
	}
	return next;
}

static void *
wd_thread(void *arg)
{
	struct web_deadline *d = arg;
	struct timespec ts;
	uint64_t next;

	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		next = wd_sweep(d, wd_now_ms());
		if (next == UINT64_MAX) {
			pthread_cond_wait(&d->wake, &d->lock);
			continue;
		}
		ts.tv_sec = (time_t)(next / 1000);
		ts.tv_nsec = (long)(next % 1000) * 1000000;
		(void)pthread_cond_timedwait(&d->wake, &d->lock, &ts);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

struct web_deadline *
web_deadline_new(unsigned seconds, const char *comp, struct err *err)
{
	struct web_deadline *d = xcalloc(1, sizeof(*d));
	pthread_condattr_t ca;
	int rc;

	d->limit_ms = (uint64_t)seconds * 1000;
	d->comp = comp;
	snprintf(d->event, sizeof(d->event), "%s.head_deadline", comp);
	pthread_mutex_init(&d->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->wake, &ca);
	pthread_condattr_destroy(&ca);
	rc = pthread_create(&d->thread, NULL, wd_thread, d);
	if (rc != 0) {
		err_set(err, ERR_FATAL, "%s: cannot start the watch of request "
			"heads: %s", comp, strerror(rc));
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return NULL;
	}
	return d;
}

void
web_deadline_free(struct web_deadline **dp)
{
	struct web_deadline *d;
	struct wd_conn *e, *next;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	for (e = d->head; e != NULL; e = next) {	/* none after the stop */
		next = e->next;
		free(e);
	}
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
	*dp = NULL;
}

/* Arms e: its next head is due within the limit from now. Called with
   d->lock held. */
static void
wd_arm(struct web_deadline *d, struct wd_conn *e)
{
	e->armed = true;
	e->due_ms = wd_now_ms() + d->limit_ms;
	pthread_cond_signal(&d->wake);
}

void
web_deadline_notify(void *cls, struct MHD_Connection *c,
		    void **socket_context,
		    enum MHD_ConnectionNotificationCode toe)
{
	struct web_deadline *d = cls;
	const union MHD_ConnectionInfo *ci;
	struct wd_conn *e;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(c,
					     MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL)
			return;	/* unwatched: the idle timeout still holds */
		e = xcalloc(1, sizeof(*e));
		e->fd = ci->connect_fd;
		pthread_mutex_lock(&d->lock);
		e->next = d->head;
		if (d->head != NULL)
			d->head->prev = e;
		d->head = e;
		wd_arm(d, e);
		pthread_mutex_unlock(&d->lock);
		*socket_context = e;
		return;
	}
	if (toe != MHD_CONNECTION_NOTIFY_CLOSED || *socket_context == NULL)
		return;
	e = *socket_context;
	pthread_mutex_lock(&d->lock);
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		d->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	pthread_mutex_unlock(&d->lock);
	free(e);
	*socket_context = NULL;
}

/* Returns c's entry, or NULL (unwatched). */
static struct wd_conn *
wd_entry(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

void
web_deadline_head_done(struct web_deadline *d, struct MHD_Connection *c)
{
	struct wd_conn *e;

	if (d == NULL || (e = wd_entry(c)) == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	e->armed = false;
	pthread_mutex_unlock(&d->lock);
}

void
web_deadline_request_done(struct web_deadline *d, struct MHD_Connection *c)
{
	struct wd_conn *e;

	if (d == NULL || (e = wd_entry(c)) == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	wd_arm(d, e);
	pthread_mutex_unlock(&d->lock);
}
