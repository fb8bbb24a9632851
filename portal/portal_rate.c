/* portal/portal_rate.c - submissions per client address per hour (from
   its first one), in memory: a fixed table hashed by address; when a slot holds another
   address from the same hour, the older count is replaced (an attacker
   spreading over many addresses gains nothing a table of any size would
   stop). */
#include <stdio.h>
#include <string.h>

#include "portal/portal-int.h"

static unsigned
rate_hash(const char *s)
{
	unsigned h = 2166136261u;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

bool
portal_rate_take(struct portal_rate_slot *slots, const char *key,
		 time_t now, unsigned limit)
{
	struct portal_rate_slot *s = &slots[rate_hash(key) % PORTAL_RATE_SLOTS];
	if (strcmp(s->key, key) != 0 || now - s->hour >= 3600) {
		snprintf(s->key, sizeof(s->key), "%s", key);
		s->hour = now;
		s->n = 0;
	}
	if (s->n >= limit)
		return false;
	s->n++;
	return true;
}
