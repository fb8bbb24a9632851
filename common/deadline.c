/* common/deadline.c - calendar and business-day deadlines in UTC, and their
   ISO date. Plain day arithmetic on the Unix day number; no time zone, no
   libc time functions. */
#include <stdio.h>

#include "deadline.h"

#define DAY 86400

/* The Unix day numbers that still fit when multiplied by DAY. */
#define DAY_MAX (INT64_MAX / DAY - 1)
#define DAY_MIN (INT64_MIN / DAY + 1)

/* Returns the day number of t (floor division: t < 0 rounds down). */
static int64_t
deadline_day(int64_t t)
{
	int64_t d = t / DAY;

	if (t % DAY < 0)
		d--;
	return d;
}

/* Returns the weekday of day number d: 0 Sunday .. 6 Saturday
   (1970-01-01, day 0, was a Thursday). */
static int
deadline_weekday(int64_t d)
{
	return (int)(((d % 7) + 7 + 4) % 7);
}

static bool
deadline_weekend(int64_t d)
{
	int w = deadline_weekday(d);

	return w == 0 || w == 6;
}

int64_t
deadline_add_days(int64_t start_unix, unsigned days, bool business_days)
{
	int64_t d = deadline_day(start_unix);
	unsigned rem;

	if (!business_days) {
		d += days;
	} else if (days == 0) {
		while (deadline_weekend(d))
			d++;
	} else {
		/* Count from the last weekday at or before the start: the
		   weekend days before Monday add nothing. */
		while (deadline_weekend(d))
			d--;
		d += (int64_t)(days / 5) * 7;	/* whole weeks */
		for (rem = days % 5; rem > 0; rem--) {
			d++;
			while (deadline_weekend(d))
				d++;
		}
	}
	if (d > DAY_MAX)
		return INT64_MAX;
	if (d < DAY_MIN)
		return INT64_MIN;
	return d * DAY + (DAY - 1);
}

/* Converts day number z to a proleptic Gregorian date: shift the epoch to
   0000-03-01 so the leap day ends each 4/100/400-year cycle (an "era" is
   400 years, 146097 days), then read the year, the day of the year counted
   from March, and the month from it. */
static void
deadline_civil(int64_t z, int64_t *y_r, unsigned *m_r, unsigned *d_r)
{
	int64_t era, yoe, doe, doy, mp;

	z += 719468;	/* days from 0000-03-01 to 1970-01-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;				/* 0 .. 146096 */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* 0 .. 365 */
	mp = (5 * doy + 2) / 153;			/* 0 = March */
	*d_r = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m_r = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y_r = yoe + era * 400 + (*m_r <= 2 ? 1 : 0);
}

void
deadline_format(int64_t t, char *out, size_t size)
{
	int64_t y;
	unsigned m, d;

	if (size == 0)
		return;
	deadline_civil(deadline_day(t), &y, &m, &d);
	if (y < 0 || y > 9999)
		snprintf(out, size, "invalid");
	else
		snprintf(out, size, "%04d-%02u-%02u", (int)y, m, d);
}

bool
deadline_passed(int64_t deadline, int64_t now)
{
	return now > deadline;
}

/* The day number of a proleptic Gregorian date: the inverse of
   deadline_civil. */
static int64_t
deadline_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t
deadline_add_months(int64_t start_unix, unsigned months)
{
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
					    30, 31, 30, 31 };
	int64_t d = deadline_day(start_unix), y, secs = start_unix - d * DAY;
	unsigned m, day, last;

	if (d > DAY_MAX / 2 || d < DAY_MIN / 2)
		return start_unix;
	deadline_civil(d, &y, &m, &day);
	y += (int64_t)((m - 1 + months) / 12);
	m = (m - 1 + months) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
					  y % 400 == 0));
	if (day > last)
		day = last;
	return deadline_days_from_civil(y, m, day) * DAY + secs;
}
