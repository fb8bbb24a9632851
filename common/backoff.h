/* common/backoff.h - the one exponential backoff with jitter: the SMTP
   sender's retries and pauses (seconds) and the poller's reconnects
   (milliseconds) use the same curve. */
#ifndef RG_BACKOFF_H
#define RG_BACKOFF_H

#include <stdint.h>

/* Returns the delay before retry number attempt (1 = the first retry; 0
   counts as 1), in the unit of base and max: base * 2^(attempt-1) capped
   at max, minus a random jitter of up to half of it ("equal jitter"), so
   the result lies in [ceil(d/2), d] and retries never bunch at 0. The
   random number comes from getrandom(2) (the time and pid when that
   fails). Never fails. */
unsigned backoff_delay(unsigned attempt, unsigned base, unsigned max);
/* The same with the random number rnd injected (tests): equal inputs give
   equal results. */
unsigned backoff_delay_rnd(unsigned attempt, unsigned base, unsigned max,
			   uint32_t rnd);

#endif
