/* console/web_standing.c - the standing of a case's reporter and vendors
   in the facts panel of the case page (docs/WORKFLOW.md "Notice sources,
   misuse and repeat infringers"): the reporter's notices rejected as
   manifestly unfounded in the window, a warning and a suspension; a
   vendor recorded as a repeat infringer. Counted as `reportgate cases`
   and `vendors list` count them, under the [dsa] keys. */
#include <stdlib.h>

#include "common/noticepolicy.h"
#include "console/web.h"
#include "console/web_int.h"
#include "store/store-standing.h"

void
web_standing_reporter(struct web_html *h, struct store *s,
		      const struct config *cfg, const char *reporter,
		      time_t now)
{
	struct store_reporter_standing rs;
	struct notice_policy p;
	struct err err;
	char t[32];
	time_t since;
	int n = 0;

	if (cfg == NULL || reporter == NULL || *reporter == '\0')
		return;
	notice_policy_init(&p, cfg);
	since = notice_policy_since(now, p.unfounded_window_days);
	err_clear(&err);
	if (store_unfounded_count(s, reporter, since, &n, &err) < 0 ||
	    store_reporter_standing(s, reporter, &rs, &err) < 0)
		goto out;
	if (n == 0 && rs.suspended_until <= now)
		goto out;
	web_html_printf(h, "<dt>Reporter's standing</dt><dd class=\"miss\">"
			"%d manifestly unfounded notice%s in the last %d days",
			n, n == 1 ? "" : "s", p.unfounded_window_days);
	if (rs.warned_at >= since && rs.warned_at != 0)
		web_html_printf(h, "; warned %s",
				web_pages_time(rs.warned_at, t, sizeof(t)));
	if (rs.suspended_until > now)
		web_html_printf(h, "; suspended until %s: new reports are held",
				web_pages_time(rs.suspended_until, t,
					       sizeof(t)));
	web_html_raw(h, "</dd>");
out:
	notice_policy_free(&p);
}

bool
web_standing_repeat(struct store *s, const struct config *cfg,
		    const char *vendor, time_t now)
{
	struct notice_policy p;
	struct err err;
	bool repeat;

	if (cfg == NULL || vendor == NULL || *vendor == '\0')
		return false;
	notice_policy_init(&p, cfg);
	err_clear(&err);
	repeat = p.repeat_threshold > 0 &&
		 store_vendor_is_repeat(s, vendor,
					notice_policy_since(now,
							    p.repeat_window_days),
					p.repeat_threshold, &err) == 1;
	notice_policy_free(&p);
	return repeat;
}
