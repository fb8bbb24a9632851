/* common/backoff.c - exponential backoff with equal jitter. */
#include <sys/random.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "common/backoff.h"

unsigned
backoff_delay_rnd(unsigned attempt, unsigned base, unsigned max,
		  uint32_t rnd)
{
	uint64_t d = base;

	if (attempt == 0)
		attempt = 1;
	for (unsigned i = 1; i < attempt && d < max; i++)
		d *= 2;
	if (d > max)
		d = max;
	if (d == 0)
		return 0;
	/* equal jitter: keep at least half, so retries never bunch at 0 */
	return (unsigned)(d - rnd % (d / 2 + 1));
}

unsigned
backoff_delay(unsigned attempt, unsigned base, unsigned max)
{
	uint32_t rnd;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
		rnd = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16);
	return backoff_delay_rnd(attempt, base, max, rnd);
}
