/* intake/signals.h - how the long-running commands (poll, run) stop:
   SIGTERM and SIGINT are blocked while work is being done and only
   noticed between messages, so a signal never cuts a network read or a
   transaction in half; they are let through only while waiting. */
#ifndef RG_SIGNALS_H
#define RG_SIGNALS_H

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

/* Lets SIGTERM/SIGINT interrupt the blocking call made between these two
   (an IDLE wait: poll(2) then returns early with EINTR). A signal that
   arrives between signals_unblock's own check and the call is noticed at
   the end of that call's timeout at the latest. signals_unblock returns
   true if stop was already requested (then skip the call). */
bool signals_unblock(void);
void signals_block(void);

#endif
