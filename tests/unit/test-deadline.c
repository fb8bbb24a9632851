/* tests/unit/test-deadline.c - calendar and business-day deadlines across
   weekends, month and year ends and leap days; ISO dates. Inputs are built
   with libc's timegm()/gmtime_r(), independent of common/deadline.c. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../common/deadline.h"
#include "../lib/testlib.h"

/* Returns the Unix time of "YYYY-MM-DD HH:MM:SS" UTC. */
static int64_t
at(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

/* Checks that start + days is the end of the day `want` (YYYY-MM-DD). */
static void
check(const char *start, unsigned days, bool business, const char *want)
{
	char wanted[32], got[16];
	int64_t t;

	snprintf(wanted, sizeof(wanted), "%s 23:59:59", want);
	t = deadline_add_days(at(start), days, business);
	deadline_format(t, got, sizeof(got));
	test_ok(t == at(wanted), "%s + %u %s days = %s (got %s)", start, days,
		business ? "business" : "calendar", want, got);
}

static void
t_calendar(void)
{
	test_begin("calendar days");
	check("2026-09-04 10:00:00", 0, false, "2026-09-04");
	check("2026-09-04 00:00:00", 1, false, "2026-09-05");
	check("2026-09-04 23:59:59", 1, false, "2026-09-05");
	check("2026-09-04 10:00:00", 14, false, "2026-09-18");
	check("2026-01-30 10:00:00", 2, false, "2026-02-01");
	check("2025-12-31 12:00:00", 1, false, "2026-01-01");
	check("2025-12-20 12:00:00", 30, false, "2026-01-19");
	check("2024-02-28 08:00:00", 1, false, "2024-02-29");
	check("2024-02-29 08:00:00", 1, false, "2024-03-01");
	check("2023-02-28 08:00:00", 1, false, "2023-03-01");
	check("2000-02-28 08:00:00", 1, false, "2000-02-29");
	check("2100-02-28 08:00:00", 1, false, "2100-03-01");
	check("2024-01-01 00:00:00", 366, false, "2025-01-01");
	test_ok(deadline_add_days(-1, 0, false) == -1,
		"1969-12-31 23:59:59 + 0 is itself");
	test_ok(deadline_add_days(-86400, 1, false) == 86399,
		"negative start rounds down to its day");
	test_ok(deadline_add_days(INT64_MAX - 5, 1, false) == INT64_MAX,
		"saturates at INT64_MAX");
	test_ok(deadline_add_days(INT64_MAX, 4000000000u, true) == INT64_MAX,
		"business days saturate too");
	test_ok(deadline_add_days(INT64_MIN, 0, false) == INT64_MIN,
		"saturates at INT64_MIN");
}

static void
t_business(void)
{
	test_begin("business days");
	check("2026-09-02 09:00:00", 0, true, "2026-09-02");	/* Wed */
	check("2026-09-05 09:00:00", 0, true, "2026-09-07");	/* Sat */
	check("2026-09-06 09:00:00", 0, true, "2026-09-07");	/* Sun */
	check("2026-09-04 09:00:00", 1, true, "2026-09-07");	/* Fri */
	check("2026-09-05 09:00:00", 1, true, "2026-09-07");	/* Sat */
	check("2026-09-06 23:59:59", 1, true, "2026-09-07");	/* Sun */
	check("2026-09-03 09:00:00", 2, true, "2026-09-07");	/* Thu */
	check("2026-08-31 09:00:00", 4, true, "2026-09-04");	/* Mon */
	check("2026-08-31 09:00:00", 5, true, "2026-09-07");
	check("2026-08-31 09:00:00", 10, true, "2026-09-14");
	check("2026-09-04 09:00:00", 5, true, "2026-09-11");	/* Fri */
	check("2026-09-05 09:00:00", 5, true, "2026-09-11");	/* Sat */
	check("2025-12-26 09:00:00", 3, true, "2025-12-31");	/* Fri */
	check("2025-12-31 09:00:00", 2, true, "2026-01-02");	/* Wed */
	check("2025-12-31 09:00:00", 3, true, "2026-01-05");
	check("2024-02-28 09:00:00", 1, true, "2024-02-29");	/* Wed */
	check("2024-02-29 09:00:00", 1, true, "2024-03-01");	/* Thu */
	check("2024-02-29 09:00:00", 2, true, "2024-03-04");
	check("2026-01-30 09:00:00", 1, true, "2026-02-02");	/* Fri */
}

/* A naive count, one day at a time with gmtime_r's weekday. */
static int64_t
naive_business(int64_t start, unsigned days)
{
	int64_t t = start - start % 86400 + 86399;
	struct tm tm;
	time_t tt;

	for (;;) {
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		if (tm.tm_wday != 0 && tm.tm_wday != 6)
			break;
		if (days > 0)
			break;	/* a weekend start counts from Monday */
		t += 86400;
	}
	while (days > 0) {
		t += 86400;
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		if (tm.tm_wday != 0 && tm.tm_wday != 6)
			days--;
	}
	return t;
}

static void
t_brute(void)
{
	int64_t base = at("2023-12-01 13:30:00"), start;
	unsigned bad = 0, n = 0, days, i;
	char got[16], want[16];
	struct tm tm;
	time_t tt;

	test_begin("against a naive count");
	for (i = 0; i < 800; i++) {	/* covers 2024's leap day */
		start = base + (int64_t)i * 86400;
		for (days = 0; days <= 23; days++) {
			n += 2;
			if (deadline_add_days(start, days, true) !=
			    naive_business(start, days))
				bad++;
			if (deadline_add_days(start, days, false) !=
			    start - start % 86400 + 86399 +
			    (int64_t)days * 86400)
				bad++;
		}
		tt = (time_t)start;
		gmtime_r(&tt, &tm);
		strftime(want, sizeof(want), "%Y-%m-%d", &tm);
		deadline_format(start, got, sizeof(got));
		n++;
		if (strcmp(got, want) != 0)
			bad++;
	}
	test_ok(bad == 0, "%u checks, %u differ", n, bad);
}

static void
t_format(void)
{
	char out[16];

	test_begin("format");
	deadline_format(0, out, sizeof(out));
	test_streq(out, "1970-01-01", "epoch");
	deadline_format(-1, out, sizeof(out));
	test_streq(out, "1969-12-31", "one second before");
	deadline_format(at("2024-02-29 23:59:59"), out, sizeof(out));
	test_streq(out, "2024-02-29", "leap day");
	deadline_format(at("9999-12-31 23:59:59"), out, sizeof(out));
	test_streq(out, "9999-12-31", "last year written");
	deadline_format(at("9999-12-31 23:59:59") + 1, out, sizeof(out));
	test_streq(out, "invalid", "year 10000");
	deadline_format(INT64_MAX, out, sizeof(out));
	test_streq(out, "invalid", "INT64_MAX");
	deadline_format(INT64_MIN, out, sizeof(out));
	test_streq(out, "invalid", "INT64_MIN");
	deadline_format(0, out, 5);
	test_streq(out, "1970", "truncated to size");
	memcpy(out, "keep", 5);
	deadline_format(0, out, 0);
	test_streq(out, "keep", "size 0 writes nothing");
	test_ok(!deadline_passed(100, 100), "the deadline second is in time");
	test_ok(deadline_passed(100, 101), "one second later is overdue");
}

/* Six months on (the complaint period of DSA Art. 20): same time of
   day, the day clamped to the month's end; checked against libc's
   timegm over every day of 2024-2031. */
static void
t_months(void)
{
	static const struct { const char *from, *to; unsigned n; } cases[] = {
		{ "2026-03-15 10:20:30", "2026-09-15 10:20:30", 6 },
		{ "2026-08-31 00:00:00", "2027-02-28 00:00:00", 6 },
		{ "2027-08-31 23:59:59", "2028-02-29 23:59:59", 6 },
		{ "2026-12-31 12:00:00", "2027-06-30 12:00:00", 6 },
		{ "2026-07-01 00:00:01", "2027-01-01 00:00:01", 6 },
		{ "2026-01-31 08:00:00", "2026-01-31 08:00:00", 0 },
		{ "2026-01-31 08:00:00", "2027-01-31 08:00:00", 12 },
	};
	unsigned bad = 0;

	test_begin("calendar months");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_ok(deadline_add_months(at(cases[i].from), cases[i].n) ==
			at(cases[i].to), "%s + %u months = %s", cases[i].from,
			cases[i].n, cases[i].to);
	for (int64_t t = at("2024-01-01 06:00:00");
	     t < at("2032-01-01 00:00:00"); t += 86400) {
		time_t tt = (time_t)t, back;
		struct tm tm, want;
		int64_t got = deadline_add_months(t, 6);

		gmtime_r(&tt, &tm);
		want = tm;
		want.tm_mon += 6;
		want.tm_mday = 1;
		back = timegm(&want);	/* the first of the month reached */
		gmtime_r(&back, &want);
		{
			static const int md[] = { 31, 28, 31, 30, 31, 30, 31,
						  31, 30, 31, 30, 31 };
			int y = want.tm_year + 1900;
			int last = md[want.tm_mon] + (want.tm_mon == 1 &&
				((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));

			want.tm_mday = tm.tm_mday < last ? tm.tm_mday : last;
		}
		if (got != (int64_t)timegm(&want))
			bad++;
	}
	test_ok(bad == 0, "every day of 2024-2031 + 6 months (%u wrong)", bad);
}

int
main(void)
{
	t_months();
	t_calendar();
	t_business();
	t_brute();
	t_format();
	return test_done();
}
