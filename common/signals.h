/* common/signals.h - how the long-running commands (poll, run, send,
   serve) stop:
   SIGTERM and SIGINT are blocked while work is being done and only
   noticed between messages, so a signal never cuts a network read or a
   transaction in half; they are let through only while waiting, with
   sigtimedwait or ppoll, so none is lost between a check and a wait. */
#ifndef RG_SIGNALS_H
#define RG_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

/* Ignores SIGPIPE, installs the SIGTERM/SIGINT handler (it only sets a
   flag) and blocks both signals. Call once, before any work. */
void signals_init(void);

/* Returns true once SIGTERM or SIGINT has arrived (or is pending while
   blocked). Never fails. */
bool signals_stop_requested(void);

/* Sleeps up to ms milliseconds, waking at once for SIGTERM/SIGINT
   (atomically: no signal is missed). Returns true if stop is requested. */
bool signals_sleep(unsigned long ms);

/* Waits, without a time limit, until SIGTERM or SIGINT arrives (or is
   already pending) and returns its number; for a command whose work runs
   in other threads (serve), started after signals_init so that they
   inherit the blocked signals. */
int signals_wait(void);

/* Fills *mask with the signal mask to use while waiting on a socket
   (ppoll(2), see imap_set_wait_mask): the current one without SIGTERM
   and SIGINT, so a stop signal ends the wait. */
void signals_wait_mask(sigset_t *mask);

#endif
