/* parsers/recache.c - compiled regular expressions, kept for the life of
   the process: the patterns come from configuration and never change
   between messages, and compiling them per message cost a tenth of the
   parse time. Safe to call from several threads (poll parses in
   workers): a lock guards the table, and an entry, once made, stays
   where it is until recache_clear. */
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "parsers/text-int.h"

struct recache_entry {
	char *pattern;
	int cflags;
	int ok;		/* 1 compiled, 0 failed to compile */
	regex_t re;
};

/* The patterns come from the configuration (a handful); the table grows,
   entries are never moved or dropped while the process parses. */
static struct recache_entry **recache;
static size_t recache_n, recache_cap;
static pthread_mutex_t recache_lock = PTHREAD_MUTEX_INITIALIZER;

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
	struct recache_entry *e = NULL;
	size_t i;

	pthread_mutex_lock(&recache_lock);
	for (i = 0; i < recache_n; i++)
		if (recache[i]->cflags == cflags &&
		    strcmp(recache[i]->pattern, pattern) == 0) {
			e = recache[i];
			break;
		}
	if (e == NULL) {
		recache = xgrow(recache, recache_n, &recache_cap,
				sizeof(*recache));
		e = xcalloc(1, sizeof(*e));
		e->pattern = xstrdup(pattern);
		e->cflags = cflags;
		e->ok = recache_compile(&e->re, pattern, cflags);
		recache[recache_n++] = e;
	}
	pthread_mutex_unlock(&recache_lock);
	return e->ok ? &e->re : NULL;
}

void
recache_clear(void)
{
	pthread_mutex_lock(&recache_lock);
	for (size_t i = 0; i < recache_n; i++) {
		if (recache[i]->ok)
			regfree(&recache[i]->re);
		free(recache[i]->pattern);
		free(recache[i]);
	}
	free(recache);
	recache = NULL;
	recache_n = recache_cap = 0;
	pthread_mutex_unlock(&recache_lock);
}
