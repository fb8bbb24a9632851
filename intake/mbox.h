/* intake/mbox.h - splits an mbox file into messages without reading it
   into memory: each message is written to an unlinked temporary file. */
#ifndef RG_MBOX_H
#define RG_MBOX_H

#include <stdint.h>
#include <stdio.h>

#include "common/err.h"

/* Called once per message with a regular file holding its bytes (owned
   by mbox_split, closed after the call) and its 1-based index. Returns 0
   to go on, -1 (err set) to stop. */
typedef int mbox_fn(void *ctx, int fd, uint32_t index, struct err *err);

/* Reads the mbox from f: a message starts at a "From " line at the start
   of the file or after an empty line; the empty line before it and the
   "From " line are not part of any message; ">From ", ">>From " ... lose
   one '>' (mboxrd). Returns 0 when all of f was read, or -1 (err set)
   when f could not be read, a temporary file not written, or fn
   stopped. */
int mbox_split(FILE *f, mbox_fn *fn, void *ctx, struct err *err);

#endif
