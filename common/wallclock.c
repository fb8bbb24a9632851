/* common/wallclock.c - time(2), or the test clock of RG_NOW; UTC dates. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

long long
wallclock_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

int
wallclock_parse_date(const char *s, time_t *t_r)
{
	struct tm tm, back;
	time_t t;
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789-") != 10 ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1970 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	t = timegm(&tm);
	/* 2026-02-30 normalises to March: not a real date */
	if (t == (time_t)-1 || gmtime_r(&t, &back) == NULL ||
	    back.tm_mday != d || back.tm_mon != m - 1)
		return -1;
	*t_r = t;
	return 0;
}

const char *
wallclock_duration(long long s, char *out, size_t size)
{
	if (s < 0)
		snprintf(out, size, "-");
	else if (s >= 2 * 86400)
		snprintf(out, size, "%.1f d (%lld s)", (double)s / 86400, s);
	else if (s >= 3600)
		snprintf(out, size, "%lld h %lld min (%lld s)", s / 3600,
			 s % 3600 / 60, s);
	else
		snprintf(out, size, "%lld min %lld s", s / 60, s % 60);
	return out;
}
