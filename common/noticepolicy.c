/* common/noticepolicy.c - the Digital Services Act's rules of notice
   handling as plain values, and the trusted flaggers' match. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "common/noticepolicy.h"

void
notice_policy_set_trusted(struct notice_policy *p, const char *list)
{
	const char *s = list;
	char *item;
	size_t n;

	strv_free(&p->trusted_flaggers);
	while (s != NULL && *s != '\0') {
		s += strspn(s, ", \t");
		if ((n = strcspn(s, ", \t")) == 0)
			break;
		item = xstrndup(s, n);
		for (char *c = item; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		strv_push_unique(&p->trusted_flaggers, item);	/* copies */
		free(item);
		s += n;
	}
}

void
notice_policy_init(struct notice_policy *p, const struct config *cfg)
{
	*p = (struct notice_policy){ { 0 }, 0, 0, 0, 0, 0, 0 };
	if (cfg == NULL)
		return;
	notice_policy_set_trusted(p, cfg->dsa_trusted_flaggers);
	p->unfounded_warn = (int)cfg->dsa_unfounded_warn;
	p->unfounded_suspend = (int)cfg->dsa_unfounded_suspend;
	p->unfounded_window_days = (int)cfg->dsa_unfounded_window_days;
	p->suspend_days = (int)cfg->dsa_suspend_days;
	p->repeat_threshold = (int)cfg->dsa_repeat_threshold;
	p->repeat_window_days = (int)cfg->dsa_repeat_window_days;
}

void
notice_policy_free(struct notice_policy *p)
{
	strv_free(&p->trusted_flaggers);
}

bool
notice_policy_trusted(const struct notice_policy *p, const char *address)
{
	const char *at;

	if (p == NULL || address == NULL || (at = strrchr(address, '@')) ==
	    NULL || at == address || at[1] == '\0')
		return false;
	for (size_t i = 0; i < p->trusted_flaggers.n; i++) {
		const char *t = p->trusted_flaggers.v[i];

		if (t[0] == '@' ? strcasecmp(t, at) == 0 :
		    strcasecmp(t, address) == 0)
			return true;
	}
	return false;
}

time_t
notice_policy_since(time_t now, int days)
{
	return now - (time_t)(days > 0 ? days : 0) * 86400;
}
