/* common/signals.c - the stop flag of poll, run, send and serve:
   SIGTERM/SIGINT are blocked during work (polled with sigpending between
   messages) and delivered only during waits. SIGPIPE is ignored: a write
   to a server that has gone must fail with EPIPE, not kill the process
   (libetpan writes to a socket the server closed without any guard: the
   second command after an IMAP hang-up killed the process with exit
   141). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "common/signals.h"

static volatile sig_atomic_t signals_stop;

static void
signals_handler(int sig)
{
	(void)sig;
	signals_stop = 1;
}

/* The set of stop signals. */
static void
signals_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
}

void
signals_init(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = signals_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a wait must end early */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signals_set(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

bool
signals_stop_requested(void)
{
	sigset_t pending;

	if (signals_stop)
		return true;
	if (sigpending(&pending) == 0 &&
	    (sigismember(&pending, SIGTERM) == 1 ||
	     sigismember(&pending, SIGINT) == 1))
		signals_stop = 1;
	return signals_stop != 0;
}

bool
signals_sleep(unsigned long ms)
{
	struct timespec ts, end, now;
	sigset_t set;
	int r;

	if (signals_stop_requested())
		return true;
	signals_set(&set);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)(ms / 1000);
	end.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ts.tv_sec = end.tv_sec - now.tv_sec;
		ts.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (ts.tv_nsec < 0) {
			ts.tv_sec--;
			ts.tv_nsec += 1000000000L;
		}
		if (ts.tv_sec < 0)
			return false;
		/* the signals are blocked: sigtimedwait takes them from the
		   pending set, so none is missed between check and wait */
		r = sigtimedwait(&set, NULL, &ts);
		if (r == SIGTERM || r == SIGINT) {
			signals_stop = 1;
			return true;
		}
		if (r < 0 && errno == EAGAIN)
			return false;
		/* EINTR (another signal): go on waiting */
	}
}

void
signals_wait_mask(sigset_t *mask)
{
	sigprocmask(SIG_SETMASK, NULL, mask);
	sigdelset(mask, SIGTERM);
	sigdelset(mask, SIGINT);
}

int
signals_wait(void)
{
	sigset_t set;
	int sig = 0;

	signals_set(&set);
	while (sig != SIGTERM && sig != SIGINT)
		if (sigwait(&set, &sig) != 0)
			sig = 0;
	signals_stop = 1;
	return sig;
}
