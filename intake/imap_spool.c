/* intake/imap_spool.c - unlinked temp files holding fetched message bodies,
   so that memory stays bounded whatever the size of the mail. Small bodies
   go to memory files (memfd, tmpfs: no inode to create on the disk's file
   system, no writeback) within a fixed budget per spool; a body that
   outgrows its share, or any body once the budget is spent, goes to an
   unlinked file in dir. Writes are buffered (libetpan hands out chunks of
   a few KiB). */
#define _GNU_SOURCE	/* pipe2, mkostemp, memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/file.h"
#include "common/mem.h"
#include "intake/imap_spool.h"

/* Memory files: at most this much per spool, and per body. A batch of
   typical reports (attachments of a few MiB) then never touches the
   disk's file system: creating and deleting a file per message there
   cost more than parsing it. The pages are not mapped, so they are not
   in the process's RSS, but they are memory: 64 MiB per poller. */
#define IMAP_SPOOL_MEM_BUDGET (64u * 1024 * 1024)
#define IMAP_SPOOL_MEM_FILE_MAX (8u * 1024 * 1024)
#define IMAP_SPOOL_WBUF 65536

struct imap_spool_file {
	uint32_t uid;
	int fd;
	uint64_t size;		/* bytes received */
	bool truncated;
	bool in_mem;		/* fd is a memfd */
};

struct imap_spool {
	char *dir;
	bool linkable;		/* anonymous files in dir (imap_spool_new) */
	int (*anon)(void *ctx);	/* makes them; NULL: O_TMPFILE in dir */
	void *anon_ctx;
	uint64_t max_bytes;
	uint32_t *want;		/* sorted */
	size_t n_want;
	struct imap_spool_file cur;	/* being received; fd -1 = none */
	const void *cur_part;
	struct imap_spool_file *files;	/* filed, at most n_want */
	size_t n_files;
	size_t next;		/* imap_spool_next position */
	bool sorted;
	uint64_t mem_used;	/* bytes in filed memory files */
	char *wbuf;		/* buffered bytes of the current file */
	size_t wlen;
	bool write_failed;	/* a flush in imap_spool_finish failed */
	struct err werr;
};

static int
imap_spool_cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
imap_spool_cmp_file(const void *a, const void *b)
{
	return imap_spool_cmp_uid(&((const struct imap_spool_file *)a)->uid,
				  &((const struct imap_spool_file *)b)->uid);
}

struct imap_spool *
imap_spool_new(const char *dir, bool linkable, uint64_t max_bytes,
	       const uint32_t *want, size_t n)
{
	struct imap_spool *sp = xcalloc(1, sizeof(*sp));
	const char *tmp = getenv("TMPDIR");

	if (dir == NULL || *dir == '\0')
		dir = tmp && *tmp ? tmp : "/tmp";
	sp->dir = xstrdup(dir);
	sp->linkable = linkable;
	sp->max_bytes = max_bytes;
	sp->want = xmemdup(want, (n ? n : 1) * sizeof(*want));
	sp->n_want = n;
	qsort(sp->want, n, sizeof(*want), imap_spool_cmp_uid);
	sp->files = xcalloc(n ? n : 1, sizeof(*sp->files));
	sp->cur.fd = -1;
	sp->wbuf = xmalloc(IMAP_SPOOL_WBUF);
	return sp;
}

/* Writes all of data to fd. Returns 0 or -1 with err set. */
static int
imap_spool_put(struct imap_spool *sp, int fd, const char *data, size_t len,
	       struct err *err)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err_set(err, ERR_FATAL, "cannot write a spool file in "
				"%s: %s", sp->dir, strerror(errno));
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Writes the buffered bytes to the current file. Returns 0 or -1. */
static int
imap_spool_flush(struct imap_spool *sp, struct err *err)
{
	int r = 0;

	if (sp->wlen > 0 && sp->cur.fd >= 0)
		r = imap_spool_put(sp, sp->cur.fd, sp->wbuf, sp->wlen, err);
	sp->wlen = 0;
	return r;
}

/* Opens a new unlinked file in dir. Returns the fd or -1 with err set. */
static int
imap_spool_disk_file(struct imap_spool *sp, struct err *err)
{
	int fd = file_anon(sp->dir, false);

	if (fd < 0)
		err_set(err, ERR_FATAL, "cannot create a spool file in %s: %s",
			sp->dir, strerror(errno));
	return fd;
}

void
imap_spool_set_anon(struct imap_spool *sp, int (*anon)(void *ctx), void *ctx)
{
	sp->anon = anon;
	sp->anon_ctx = ctx;
}

/* Opens the current file: in memory while the budget allows. Returns 0
   or -1. */
static int
imap_spool_open(struct imap_spool *sp, struct err *err)
{
	int fd = -1;

	sp->cur.in_mem = false;
	if (sp->linkable &&
	    (fd = sp->anon ? sp->anon(sp->anon_ctx) :
	     file_anon(sp->dir, true)) >= 0)
		;	/* the store may link it: no copy of the raw bytes */
	else if (sp->mem_used + IMAP_SPOOL_MEM_FILE_MAX <=
		 IMAP_SPOOL_MEM_BUDGET &&
		 (fd = memfd_create("reportgate-imap", MFD_CLOEXEC)) >= 0)
		sp->cur.in_mem = true;
	else if ((fd = imap_spool_disk_file(sp, err)) < 0)
		return -1;
	sp->cur.fd = fd;
	sp->cur.size = 0;
	sp->cur.truncated = false;
	sp->wlen = 0;
	return 0;
}

/* Moves the current memory file to a disk file (it outgrew its share).
   Returns 0 or -1 with err set. */
static int
imap_spool_to_disk(struct imap_spool *sp, struct err *err)
{
	char chunk[65536];
	int fd;
	ssize_t n;

	if (imap_spool_flush(sp, err) < 0 ||
	    (fd = imap_spool_disk_file(sp, err)) < 0)
		return -1;
	if (lseek(sp->cur.fd, 0, SEEK_SET) < 0)
		goto fail;
	for (;;) {
		n = read(sp->cur.fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		if (imap_spool_put(sp, fd, chunk, (size_t)n, err) < 0) {
			close(fd);
			return -1;
		}
	}
	close(sp->cur.fd);
	sp->cur.fd = fd;
	sp->cur.in_mem = false;
	return 0;
fail:
	err_set(err, ERR_FATAL, "spool file: %s", strerror(errno));
	close(fd);
	return -1;
}

/* Empties the current file for reuse. */
static void
imap_spool_reset(struct imap_spool *sp)
{
	sp->wlen = 0;
	if (sp->cur.fd >= 0 && sp->cur.size > 0 &&
	    (ftruncate(sp->cur.fd, 0) < 0 ||
	     lseek(sp->cur.fd, 0, SEEK_SET) < 0)) {
		close(sp->cur.fd);
		sp->cur.fd = -1;
	}
	sp->cur.size = 0;
	sp->cur.truncated = false;
	sp->cur_part = NULL;
}

int
imap_spool_write(struct imap_spool *sp, const void *part, const char *bytes,
		 size_t len, struct err *err)
{
	size_t keep = len;

	if (sp->cur_part != NULL && part != sp->cur_part)
		imap_spool_reset(sp);
	sp->cur_part = part;
	if (sp->cur.fd < 0 && imap_spool_open(sp, err) < 0)
		return -1;
	if (sp->max_bytes != 0 && sp->cur.size + len > sp->max_bytes) {
		keep = sp->cur.size >= sp->max_bytes ? 0 :
		       (size_t)(sp->max_bytes - sp->cur.size);
		sp->cur.truncated = true;
	}
	if (sp->cur.in_mem && sp->cur.size + keep > IMAP_SPOOL_MEM_FILE_MAX &&
	    imap_spool_to_disk(sp, err) < 0)
		return -1;
	/* the file holds min(size, max_bytes) bytes: write at that end */
	if (sp->wlen + keep > IMAP_SPOOL_WBUF && imap_spool_flush(sp, err) < 0)
		return -1;
	if (keep >= IMAP_SPOOL_WBUF) {
		if (imap_spool_put(sp, sp->cur.fd, bytes, keep, err) < 0)
			return -1;
	} else {
		memcpy(sp->wbuf + sp->wlen, bytes, keep);
		sp->wlen += keep;
	}
	sp->cur.size += len;
	return 0;
}

void
imap_spool_finish(struct imap_spool *sp, uint32_t uid)
{
	bool dup = false;

	for (size_t i = 0; i < sp->n_files && !dup; i++)
		dup = sp->files[i].uid == uid;
	if (dup || sp->n_files >= sp->n_want ||
	    bsearch(&uid, sp->want, sp->n_want, sizeof(uid),
		    imap_spool_cmp_uid) == NULL) {
		imap_spool_reset(sp);
		return;
	}
	if (sp->cur.fd < 0) {	/* empty body: no chunk came */
		struct err ignore;

		if (imap_spool_open(sp, &ignore) < 0)
			return;
	}
	if (imap_spool_flush(sp, &sp->werr) < 0) {
		sp->write_failed = true;	/* reported by imap_spool_next */
		imap_spool_reset(sp);
		return;
	}
	if (sp->cur.in_mem)
		sp->mem_used += sp->cur.size;
	sp->cur.uid = uid;
	sp->files[sp->n_files++] = sp->cur;
	sp->cur.fd = -1;
	sp->cur.size = 0;
	sp->cur.truncated = false;
	sp->cur_part = NULL;
	sp->sorted = false;
}

void
imap_spool_discard_current(struct imap_spool *sp)
{
	imap_spool_reset(sp);
}

int
imap_spool_next(struct imap_spool *sp, uint32_t *uid_r, int *fd_r,
		uint64_t *size_r, bool *truncated_r, struct err *err)
{
	struct imap_spool_file *f;

	if (sp->write_failed) {
		*err = sp->werr;
		return -1;
	}
	if (!sp->sorted) {
		qsort(sp->files, sp->n_files, sizeof(*sp->files),
		      imap_spool_cmp_file);
		sp->sorted = true;
	}
	if (sp->next >= sp->n_files)
		return 0;
	f = &sp->files[sp->next++];
	if (lseek(f->fd, 0, SEEK_SET) < 0) {
		err_set(err, ERR_FATAL, "spool file: %s", strerror(errno));
		return -1;
	}
	*uid_r = f->uid;
	*fd_r = f->fd;
	*size_r = f->size;
	*truncated_r = f->truncated;
	return 1;
}

void
imap_spool_free(struct imap_spool **spp)
{
	struct imap_spool *sp = *spp;

	if (sp == NULL)
		return;
	for (size_t i = 0; i < sp->n_files; i++)
		close(sp->files[i].fd);
	if (sp->cur.fd >= 0)
		close(sp->cur.fd);
	free(sp->files);
	free(sp->wbuf);
	free(sp->want);
	free(sp->dir);
	free(sp);
	*spp = NULL;
}
