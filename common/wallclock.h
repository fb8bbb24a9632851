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

#endif
