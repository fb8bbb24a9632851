/* store/store-report.h - the transparency report of docs/SPEC.md §8
   (`reportgate report`, the console's Reports page): counts and times
   over a period, computed by SQL over the cases, their events, the
   outbox, account actions and counter-notices. Memory is bounded: every
   figure is an aggregate or one row picked by ORDER BY ... OFFSET, never
   a list of cases. */
#ifndef RG_STORE_REPORT_H
#define RG_STORE_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "store/store.h"

/* Keys a group holds at most (a category past that is left out). */
#define STORE_REPORT_KEYS 24
#define STORE_REPORT_KEY_MAX 48

/* One counted key of a group: a fixed name or a value of the store
   (abuse categories). */
struct store_report_count {
	char key[STORE_REPORT_KEY_MAX];
	int64_t n;
};

/* The groups of a report, in the order they are shown. */
enum store_report_group_id {
	REPORT_BY_STREAM,	/* notices_by_stream: ip, abuse */
	REPORT_BY_CATEGORY,	/* notices_by_category */
	REPORT_BY_SOURCE,	/* notices_by_source */
	REPORT_OUTCOMES,	/* outcomes of the notices */
	REPORT_RESTRICTIONS,	/* restrictions taken in the period */
	REPORT_COUNTER,		/* counter_notices */
	REPORT_COMPLAINTS,	/* complaints */
	REPORT_N_GROUPS
};

struct store_report_group {
	const char *name;	/* its JSON key, e.g. "notices_by_stream" */
	const char *title;	/* a heading, e.g. "Notices by stream" */
	struct store_report_count v[STORE_REPORT_KEYS];
	size_t n;
};

/* A distribution of durations in seconds. median and p90 are nearest-
   rank: the value at 1-based rank ceil(count / 2) and ceil(0.9 count)
   of the durations in ascending order; -1 when count is 0. */
struct store_report_time {
	const char *name;	/* "time_to_acknowledgement", ... */
	const char *title;
	int64_t count;
	int64_t median;
	int64_t p90;
};

/* The report over [from, to). Plain data, no pointers to free. */
struct store_report {
	time_t from, to;
	int64_t notices;		/* cases filed in the period */
	int64_t held;			/* of them, held notices */
	int64_t repeat_infringers;	/* vendors flagged so at the end */
	struct store_report_group groups[REPORT_N_GROUPS];
	struct store_report_time ack;		/* filing to the ack sent */
	struct store_report_time decision;	/* filing to the decision */
};

/* Computes the report of the period [from, to) into r (docs/SPEC.md §8
   says what each figure counts), in one read transaction unless the
   caller holds one. Returns 0, or -1 with err set. */
int store_report(struct store *store, time_t from, time_t to,
		 struct store_report *r, struct err *err);

#endif
