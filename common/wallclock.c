/* common/wallclock.c - time(2), or the test clock of RG_NOW. */
#include <errno.h>
#include <stdio.h>
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

const char *
wallclock_utc(time_t t, const char *fmt, char *out, size_t size)
{
	struct tm tm;
	size_t n = 0;

	/* fmt is checked at each call (format attribute in wallclock.h) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (gmtime_r(&t, &tm) != NULL)
		n = strftime(out, size, fmt, &tm);
#pragma GCC diagnostic pop
	if (n == 0)
		snprintf(out, size, "-");
	return out;
}
