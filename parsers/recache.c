/* parsers/recache.c - compiled regular expressions, kept for the life of
   the process: the patterns come from configuration and never change
   between messages, and compiling them per message cost a tenth of the
   parse time. */
#include <string.h>

#include "common/mem.h"
#include "parsers/text-int.h"

#define RECACHE_MAX 16

static struct {
	char *pattern;
	int cflags;
	int ok;		/* 1 compiled, 0 failed to compile */
	regex_t re;
} recache[RECACHE_MAX];
static size_t recache_n;

const regex_t *
recache_get(const char *pattern, int cflags)
{
	size_t i;

	for (i = 0; i < recache_n; i++)
		if (recache[i].cflags == cflags &&
		    strcmp(recache[i].pattern, pattern) == 0)
			return recache[i].ok ? &recache[i].re : NULL;
	if (recache_n == RECACHE_MAX)
		recache_clear();
	i = recache_n++;
	recache[i].pattern = xstrdup(pattern);
	recache[i].cflags = cflags;
	recache[i].ok = regcomp(&recache[i].re, pattern, cflags) == 0;
	return recache[i].ok ? &recache[i].re : NULL;
}

void
recache_clear(void)
{
	for (size_t i = 0; i < recache_n; i++) {
		if (recache[i].ok)
			regfree(&recache[i].re);
		free(recache[i].pattern);
	}
	recache_n = 0;
}
