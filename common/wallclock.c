/* common/wallclock.c - time(2), or the test clock of RG_NOW. */
#include <errno.h>
#include <stdlib.h>

#include "common/wallclock.h"

time_t
wallclock_now(void)
{
	const char *v = getenv("RG_NOW");
	time_t now = time(NULL);
	char *end;
	long long n;

	if (v == NULL || *v == '\0')
		return now;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v)
		return now;
	if (*v == '+' || *v == '-')
		return now + (time_t)n;
	return (time_t)n;
}
