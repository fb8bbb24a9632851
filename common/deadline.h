/* common/deadline.h - deadlines for evidence requests and counter-notice
   answers (SPEC §1, §7;
   docs/WORKFLOW.md, "Deadlines"): N calendar or business days after a moment,
   due at the end of the resulting day, UTC. Pure: the caller passes the
   clock in. */
#ifndef RG_DEADLINE_H
#define RG_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returns the deadline `days` days after the UTC day of start_unix, as the
   last second of that day (23:59:59 UTC).
   Calendar days (business_days false): the day `days` days later; 0 is
   the end of the start day itself.
   Business days (true): Saturdays and Sundays are not counted (no
   holidays). The start day itself never counts; each of the next `days`
   weekdays does, and the deadline is the end of the last one: Friday + 1
   is Monday, Saturday or Sunday + 1 is Monday. With days 0 the deadline is
   the end of the start day, or of the next Monday when it is a weekend.
   A result beyond the int64_t range saturates at INT64_MAX (INT64_MIN on
   the other side). */
int64_t deadline_add_days(int64_t start_unix, unsigned days,
			  bool business_days);

/* Returns start_unix moved months calendar months on, at the same time
   of day, the day of the month clamped to the last day of the month
   reached (31 August + 6 months = 28 or 29 February): the six months in
   which a decision can be complained of (DSA Art. 20). */
int64_t deadline_add_months(int64_t start_unix, unsigned months);

/* Writes the UTC date of t as "YYYY-MM-DD" into out (always terminated,
   truncated to size - 1 bytes; nothing when size is 0). Years before 0 or
   after 9999 are written as "invalid". */
void deadline_format(int64_t t, char *out, size_t size);

/* Returns true when now is after deadline (the deadline second itself is
   still in time). */
bool deadline_passed(int64_t deadline, int64_t now);

#endif
