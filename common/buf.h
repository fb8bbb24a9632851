/* common/buf.h - a growable byte buffer with a hard cap (curl's "toobig").
   Every buffer fed from the network or from mail has a cap. */
#ifndef RG_BUF_H
#define RG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* owned; always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t max;	/* 0 = no cap (only for data we generate ourselves) */
};

/* Initialises b empty with cap max (0 = none). Allocates nothing. */
void buf_init(struct buf *b, size_t max);
/* Frees b's data and leaves it empty (reusable with the same cap). */
void buf_free(struct buf *b);
/* Appends n bytes. Returns 0, or -1 (b unchanged) when the cap would be
   passed. */
int buf_append(struct buf *b, const void *data, size_t n);
/* Appends a C string. Returns 0 or -1 as buf_append. */
int buf_puts(struct buf *b, const char *s);
/* Appends one byte. Returns 0 or -1 as buf_append. */
int buf_putc(struct buf *b, char c);
/* Appends formatted text. Returns 0 or -1 as buf_append (nothing added). */
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns b's contents as a NUL-terminated string owned by the caller
   (never NULL: "" when empty) and leaves b empty. */
char *buf_take(struct buf *b);
/* Returns b's contents as a NUL-terminated string, borrowed from b. */
const char *buf_str(struct buf *b);
/* Empties b without freeing its storage. */
void buf_reset(struct buf *b);

#endif
