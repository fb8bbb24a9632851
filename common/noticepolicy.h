/* common/noticepolicy.h - the Digital Services Act's rules of notice
   handling as plain values (docs/WORKFLOW.md "Notice sources, misuse and
   repeat infringers"): who is a trusted flagger, when a reporter of
   manifestly unfounded notices is warned and suspended, when a vendor is
   a repeat infringer. Filled from the [dsa] group of the configuration
   (docs/SPEC.md §9). */
#ifndef RG_NOTICEPOLICY_H
#define RG_NOTICEPOLICY_H

#include <stdbool.h>
#include <time.h>

#include "common/config.h"
#include "common/strv.h"

struct notice_policy {
	struct strv trusted_flaggers;	/* lower-case addresses and
					   "@domain"s; owned */
	int unfounded_warn;		/* unfounded notices in the window
					   that bring a warning; 0: never */
	int unfounded_suspend;		/* ... that suspend; 0: never */
	int unfounded_window_days;
	int suspend_days;
	int repeat_threshold;		/* removals in the window that make a
					   vendor a repeat infringer; 0:
					   never */
	int repeat_window_days;
};

/* Fills p from cfg's [dsa] group (trusted_flaggers, unfounded_warn,
   unfounded_suspend, unfounded_window_days, suspend_days,
   repeat_threshold, repeat_window_days; cfg NULL: everything off). p
   owns what it holds: notice_policy_free. */
void notice_policy_init(struct notice_policy *p, const struct config *cfg);
void notice_policy_free(struct notice_policy *p);
/* Replaces p's trusted flaggers by the entries of list (separated by
   commas or blanks; an address, or "@domain" for every address of
   the domain), lower-cased. */
void notice_policy_set_trusted(struct notice_policy *p, const char *list);
/* Returns true when address (compared case-insensitively) is one of p's
   trusted flaggers or in one of their @domains. */
bool notice_policy_trusted(const struct notice_policy *p,
			   const char *address);
/* The start of a window of days ending at now. */
time_t notice_policy_since(time_t now, int days);

#endif
