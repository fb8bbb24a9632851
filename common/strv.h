/* common/strv.h - a growable vector of owned C strings. */
#ifndef RG_STRV_H
#define RG_STRV_H

#include <stdbool.h>
#include <stddef.h>

struct strv {
	char **v;	/* owned strings; v[n] is NULL when n > 0 */
	size_t n;
	size_t cap;
};

/* Appends a copy of s. */
void strv_push(struct strv *sv, const char *s);
/* Appends s, taking ownership of it. */
void strv_push_take(struct strv *sv, char *s);
/* Appends a copy of s unless an equal string is already there. Returns
   true if it was added. */
bool strv_push_unique(struct strv *sv, const char *s);
/* Returns true if sv holds a string equal to s. */
bool strv_contains(const struct strv *sv, const char *s);
/* Frees every string and the vector; sv is left empty and reusable. */
void strv_free(struct strv *sv);

#endif
