/* intake/mbox.c - the mboxrd splitter: streams lines in pieces of at most
   MBOX_PIECE bytes, so neither a huge mbox nor a huge line is ever held
   in memory. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/file.h"
#include "common/mem.h"
#include "intake/mbox.h"

#define MBOX_PIECE 65536

struct mbox {
	FILE *f;		/* foreign */
	FILE *out;		/* current message, or NULL */
	uint32_t index;
	char pending[2];	/* an empty line held back: "\n" or "\r\n" */
	size_t n_pending;
	mbox_fn *fn;
	void *ctx;
};

/* Reads up to cap bytes, stopping after '\n'. *eol_r tells whether the
   piece ends a line. Returns its length (0 at end of file). */
static size_t
mbox_piece(FILE *f, char *buf, size_t cap, bool *eol_r)
{
	size_t n = 0;
	int c;

	*eol_r = false;
	while (n < cap && (c = getc_unlocked(f)) != EOF) {
		buf[n++] = (char)c;
		if (c == '\n') {
			*eol_r = true;
			break;
		}
	}
	return n;
}

static int
mbox_start(struct mbox *m, struct err *err)
{
	int fd = file_anon(NULL, false);

	if (fd < 0 || (m->out = fdopen(fd, "w+")) == NULL) {
		err_set(err, ERR_FATAL, "temporary file: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	m->index++;
	m->n_pending = 0;
	return 0;
}

/* Hands the current message (without a held-back empty line) to fn. */
static int
mbox_finish(struct mbox *m, struct err *err)
{
	int ret;

	if (m->out == NULL)
		return 0;
	m->n_pending = 0;
	if (fflush(m->out) != 0 || ferror(m->out)) {
		err_set(err, ERR_FATAL, "temporary file: %s", strerror(errno));
		ret = -1;
	} else {
		ret = m->fn(m->ctx, fileno(m->out), m->index, err);
	}
	fclose(m->out);
	m->out = NULL;
	return ret;
}

static void
mbox_put(struct mbox *m, const char *p, size_t n)
{
	if (m->n_pending) {
		fwrite(m->pending, 1, m->n_pending, m->out);
		m->n_pending = 0;
	}
	fwrite(p, 1, n, m->out);
}

/* Returns true if the line starting with p (n bytes available) is
   ">"+ "From ": mboxrd quoting. */
static bool
mbox_quoted_from(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] == '>')
		i++;
	return i > 0 && n - i >= 5 && memcmp(p + i, "From ", 5) == 0;
}

int
mbox_split(FILE *f, mbox_fn *fn, void *ctx, struct err *err)
{
	struct mbox m = { f, NULL, 0, { 0, 0 }, 0, fn, ctx };
	char *buf = xmalloc(MBOX_PIECE);
	bool bol = true, eol, prev_empty = true, skip = false;
	int ret = -1;
	size_t n;

	while ((n = mbox_piece(f, buf, MBOX_PIECE, &eol)) > 0) {
		if (!bol) {		/* the rest of a long line */
			if (!skip && m.out != NULL)
				mbox_put(&m, buf, n);
			bol = eol;
			continue;
		}
		bol = eol;
		skip = false;
		if (prev_empty && n >= 5 && memcmp(buf, "From ", 5) == 0) {
			if (mbox_finish(&m, err) < 0 || mbox_start(&m, err) < 0)
				goto out;
			skip = true;	/* the separator line itself */
			prev_empty = false;
			continue;
		}
		if (m.out == NULL) {	/* text before the first From_ */
			prev_empty = false;
			skip = true;
			continue;
		}
		if (eol && (n == 1 || (n == 2 && buf[0] == '\r'))) {
			/* Held back: it may precede the next From_ line. */
			if (m.n_pending)
				mbox_put(&m, "", 0);
			memcpy(m.pending, buf, n);
			m.n_pending = n;
			prev_empty = true;
			continue;
		}
		prev_empty = false;
		if (mbox_quoted_from(buf, n))
			mbox_put(&m, buf + 1, n - 1);
		else
			mbox_put(&m, buf, n);
	}
	if (ferror(f)) {
		err_set(err, ERR_FATAL, "read: %s", strerror(errno));
		goto out;
	}
	if (mbox_finish(&m, err) < 0)
		goto out;
	ret = 0;
out:
	if (m.out != NULL)
		fclose(m.out);
	free(buf);
	return ret;
}
