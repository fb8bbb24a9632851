/* parsers/recache.c - compiled regular expressions, kept for the life of
   the process: the patterns come from configuration and never change
   between messages, and compiling them per message cost a tenth of the
   parse time. */
#include <locale.h>
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

/* Compiles pattern byte-wise (the C locale): glibc's matcher compiled in
   a UTF-8 locale took some 370,000 instructions for one 192-byte window.
   The patterns are ASCII classes plus literal UTF-8 words, which match
   the same bytes either way; a bounded "[^\n]{0,30}" then counts bytes.
   Returns 1 if it compiled. */
static int
recache_compile(regex_t *re, const char *pattern, int cflags)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0), old;
	int ok;

	if (c == (locale_t)0)
		return regcomp(re, pattern, cflags) == 0;
	old = uselocale(c);
	ok = regcomp(re, pattern, cflags) == 0;
	uselocale(old);
	freelocale(c);
	return ok;
}

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
	recache[i].ok = recache_compile(&recache[i].re, pattern, cflags);
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
