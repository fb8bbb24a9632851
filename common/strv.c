/* common/strv.c - vector of owned strings. */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "strv.h"

void
strv_push_take(struct strv *sv, char *s)
{
	/* room for s and the NULL after it */
	sv->v = xgrow(sv->v, sv->n + 1, &sv->cap, sizeof(*sv->v));
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strv_push(struct strv *sv, const char *s)
{
	strv_push_take(sv, xstrdup(s));
}

bool
strv_contains(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

bool
strv_push_unique(struct strv *sv, const char *s)
{
	if (strv_contains(sv, s))
		return false;
	strv_push(sv, s);
	return true;
}

void
strv_free(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
	sv->cap = 0;
}
