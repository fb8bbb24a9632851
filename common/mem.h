/* common/mem.h - allocation wrappers that never return NULL.
   On exhaustion they log one line and abort (the policy of GLib, Dovecot,
   isync and OpenSMTPD): callers never test for NULL. */
#ifndef RG_MEM_H
#define RG_MEM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

/* Each returns memory owned by the caller, released with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* Copies at most n bytes of s and NUL-terminates; s may lack a NUL. */
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
/* Returns ptr, or a larger block (the old one freed), with room for at
   least n + 1 elements of size bytes; *cap (elements, 0 at first) is
   doubled when it must grow. The idiom of every "read rows into a
   growable array" loop. */
void *xgrow(void *ptr, size_t n, size_t *cap, size_t size);
/* Returns a newly formatted string owned by the caller. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
/* NULL-safe free that also sets *p to NULL. */
void xfree(char **p);

#endif
