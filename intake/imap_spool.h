/* intake/imap_spool.h - temp files for the bodies of one UID FETCH (used
   by imap.c only): each body is written to its own unlinked file while
   the response streams in, then handed out in UID order. */
#ifndef RG_IMAP_SPOOL_H
#define RG_IMAP_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

struct imap_spool;

/* Returns a new, empty spool for the UIDs want[0..n) (copied), writing into
   dir (NULL: $TMPDIR, else /tmp) at most max_bytes per body (0 = no cap).
   With linkable, every body goes to an anonymous file (O_TMPFILE) in dir,
   which the store can link under its hash instead of copying it (dir on
   the store's file system); else small bodies go to memory files. Owned
   by the caller: imap_spool_free. */
struct imap_spool *imap_spool_new(const char *dir, bool linkable,
				  uint64_t max_bytes, const uint32_t *want,
				  size_t n);
/* With linkable: anon(ctx) makes each anonymous file instead of an
   O_TMPFILE open of dir (an fd owned by the spool, or -1: the spool falls
   back to memory and temporary files). NULL restores the default. */
void imap_spool_set_anon(struct imap_spool *sp, int (*anon)(void *ctx),
			 void *ctx);
/* Appends a chunk of the body being received to the current file. part
   identifies the body part being parsed: a different part before the
   message is finished restarts the file (a re-parse). Returns 0, or -1
   with err set (ERR_FATAL: the spool cannot be written). */
int imap_spool_write(struct imap_spool *sp, const void *part,
		     const char *bytes, size_t len, struct err *err);
/* Files the current body under uid (a zero-length body too). A UID that
   was not asked for, or came already, is discarded. */
void imap_spool_finish(struct imap_spool *sp, uint32_t uid);
/* Drops whatever the current file holds (an unsolicited response). */
void imap_spool_discard_current(struct imap_spool *sp);
/* Hands out the next filed body in ascending UID order: *fd_r stays owned
   by the spool (rewound to offset 0, closed by imap_spool_free). Returns 1,
   0 when all were handed out, -1 with err set. */
int imap_spool_next(struct imap_spool *sp, uint32_t *uid_r, int *fd_r,
		    uint64_t *size_r, bool *truncated_r, struct err *err);
/* Closes every file, frees *sp, sets it to NULL. NULL-safe. */
void imap_spool_free(struct imap_spool **sp);

#endif
