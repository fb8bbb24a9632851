/* common/wallclock.h - the time every command works with. Normally
   time(2); the environment variable RG_NOW (TEST ONLY) fixes or shifts
   it so that integration tests can make retries due without waiting:
   RG_NOW=1790000000 (Unix seconds) or RG_NOW=+7200 / -60 (seconds added
   to the real time). Never set RG_NOW in production. */
#ifndef RG_WALLCLOCK_H
#define RG_WALLCLOCK_H

#include <time.h>

/* Returns the current time, honouring RG_NOW (read on every call; an
   unparsable value is ignored). Fits pipeline_settings.clock. */
time_t wallclock_now(void);

/* Returns the milliseconds from now until deadline, both on
   CLOCK_MONOTONIC; 0 once it has passed. */
long long wallclock_ms_left(const struct timespec *deadline);

/* strftime(3) formats for wallclock_utc: ISO 8601 ("2026-12-07T02:34:00Z",
   logs and JSON) and the one read by people in mails ("2026-12-07 02:34
   UTC"). */
#define WALLCLOCK_ISO "%Y-%m-%dT%H:%M:%SZ"
#define WALLCLOCK_MAIL "%Y-%m-%d %H:%M UTC"

/* The one UTC time formatter: writes t in UTC with the strftime format
   fmt into out (size bytes; "-" when t cannot be shown or out is too
   small). Returns out. */
const char *wallclock_utc(time_t t, const char *fmt, char *out, size_t size)
	__attribute__((format(strftime, 2, 0)));

/* Writes a duration of s seconds for people into out: "-" when s < 0,
   "6 min 40 s", "1 h 58 min (7100 s)", "2.0 d (172800 s)". Returns
   out. */
const char *wallclock_duration(long long s, char *out, size_t size);

/* Reads a calendar date "YYYY-MM-DD" (exactly that form, a real date,
   years 1970-9999) into *t_r: its first second, 00:00:00 UTC. Returns
   0, or -1 (nothing stored) when s is not one. */
int wallclock_parse_date(const char *s, time_t *t_r);

#endif
