/* portal/portal_upload.c - the body of a portal form (portal_upload.h):
   libmicrohttpd's post processor hands each field and file in pieces;
   text goes into capped buffers, files into anonymous files with a
   running SHA-256, and the first bytes of each file decide its type. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "common/buf.h"
#include "common/hex.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "portal/portal_upload.h"
#include "web/web_mhd.h"

#define UPLOAD_PP_BUFFER (16 * 1024)
#define UPLOAD_SHORT 512		/* bytes of a one-line field */
#define UPLOAD_LONG (64 * 1024)		/* listings, description */
#define UPLOAD_HEAD 512			/* bytes kept to sniff the type */

static const char *const upload_names[PF_N] = {
	"name", "email", "organisation", "acting_as", "rights_holder",
	"right_type", "right_number", "right_jurisdiction", "listings",
	"description", "category", "good_faith", "accuracy", "csrf", "lang",
	"statement", "contact", "v"
};
static const char *const upload_file_names[PFF_N] = {
	"identity", "authorization", "ownership", "evidence"
};

struct upload_cur {		/* the file being received */
	struct portal_upload_file *f;	/* in u->files */
	gnutls_hash_hd_t hash;
	unsigned char head[UPLOAD_HEAD];
	size_t head_len;
};

struct portal_upload {
	struct MHD_PostProcessor *pp;	/* owned; NULL once finished */
	struct store *store;		/* foreign */
	struct buf value[PF_N];
	bool seen[PF_N];
	int last;			/* text field of the last piece, -1 */
	struct portal_upload_file *files;	/* owned, fds too */
	size_t n_files;
	struct upload_cur cur;		/* cur.f NULL: none open */
	uint64_t max, total;
	unsigned max_files;
	bool too_large, too_many, twice, io_error;
};

const char *
portal_upload_field_name(enum portal_field f)
{
	return upload_names[f];
}

const char *
portal_upload_file_field_name(enum portal_file_field f)
{
	return upload_file_names[f];
}

void
portal_upload_sniff(const unsigned char *h, size_t n, const char **type_r,
		    const char **ext_r)
{
	static const struct {
		const char *magic;
		size_t len, at;
		const char *type, *ext;
	} t[] = {
		{ "%PDF-", 5, 0, "application/pdf", "pdf" },
		{ "\x89PNG\r\n\x1a\n", 8, 0, "image/png", "png" },
		{ "\xff\xd8\xff", 3, 0, "image/jpeg", "jpg" },
		{ "GIF87a", 6, 0, "image/gif", "gif" },
		{ "GIF89a", 6, 0, "image/gif", "gif" },
		{ "WEBP", 4, 8, "image/webp", "webp" },
		{ "II*\0", 4, 0, "image/tiff", "tif" },
		{ "MM\0*", 4, 0, "image/tiff", "tif" },
		{ "PK\x03\x04", 4, 0, "application/zip", "zip" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, 0,
		  "application/x-ole-storage", "doc" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (n >= t[i].at + t[i].len &&
		    memcmp(h + t[i].at, t[i].magic, t[i].len) == 0 &&
		    (t[i].at == 0 || memcmp(h, "RIFF", 4) == 0)) {
			*type_r = t[i].type;
			*ext_r = t[i].ext;
			return;
		}
	/* Text when the head is UTF-8 without NUL (a cut last character
	   at the end of the head is allowed). */
	size_t k = n;

	if (n == UPLOAD_HEAD) {
		while (k > 0 && (h[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && h[k - 1] >= 0xc0)
			k--;
	}
	if (n > 0 && memchr(h, 0, n) == NULL &&
	    utf8_valid((const char *)h, k)) {
		*type_r = "text/plain";
		*ext_r = "txt";
		return;
	}
	*type_r = "application/octet-stream";
	*ext_r = "bin";
}

/* Ends the open file: its hash and its type. */
static void
upload_close_cur(struct portal_upload *u)
{
	unsigned char d[32];

	if (u->cur.f == NULL)
		return;
	gnutls_hash_deinit(u->cur.hash, d);
	hex_encode(d, sizeof(d), u->cur.f->sha256);
	portal_upload_sniff(u->cur.head, u->cur.head_len,
			    &u->cur.f->content_type, &u->cur.f->ext);
	u->cur.f = NULL;
}

/* Closes every file: after a limit nothing is kept. */
static void
upload_drop_files(struct portal_upload *u)
{
	if (u->cur.f != NULL) {
		unsigned char d[32];

		gnutls_hash_deinit(u->cur.hash, d);
		u->cur.f = NULL;
	}
	for (size_t i = 0; i < u->n_files; i++)
		if (u->files[i].fd >= 0)
			close(u->files[i].fd);
	free(u->files);
	u->files = NULL;
	u->n_files = 0;
}

/* Opens a new file for field. Returns false on a limit or an error. */
static bool
upload_open(struct portal_upload *u, enum portal_file_field field)
{
	struct portal_upload_file *f;
	int fd;

	upload_close_cur(u);
	/* an empty file input (no file chosen) is left out at the end */
	if (u->n_files > 0 && u->files[u->n_files - 1].size == 0) {
		close(u->files[u->n_files - 1].fd);
		u->n_files--;
	}
	if (u->n_files >= u->max_files) {
		u->too_many = true;
		return false;
	}
	if ((fd = store_att_anon(u->store)) < 0) {
		u->io_error = true;
		return false;
	}
	u->files = xreallocarray(u->files, u->n_files + 1, sizeof(*u->files));
	f = &u->files[u->n_files++];
	memset(f, 0, sizeof(*f));
	f->field = field;
	f->fd = fd;
	u->cur.f = f;
	u->cur.head_len = 0;
	if (gnutls_hash_init(&u->cur.hash, GNUTLS_DIG_SHA256) < 0) {
		u->cur.f = NULL;
		u->io_error = true;
		return false;
	}
	return true;
}

static bool
upload_write(struct portal_upload *u, const char *data, size_t size)
{
	struct portal_upload_file *f = u->cur.f;
	size_t off = 0;

	if (u->cur.head_len < UPLOAD_HEAD) {
		size_t n = UPLOAD_HEAD - u->cur.head_len;

		n = n < size ? n : size;
		memcpy(u->cur.head + u->cur.head_len, data, n);
		u->cur.head_len += n;
	}
	gnutls_hash(u->cur.hash, data, size);
	while (off < size) {
		ssize_t w = pwrite(f->fd, data + off, size - off,
				   (off_t)(f->size + off));

		if (w <= 0) {
			u->io_error = true;
			return false;
		}
		off += (size_t)w;
	}
	f->size += size;
	return true;
}

static enum MHD_Result
upload_iter(void *cls, enum MHD_ValueKind kind, const char *key,
	    const char *filename, const char *content_type,
	    const char *transfer_encoding, const char *data, uint64_t off,
	    size_t size)
{
	struct portal_upload *u = cls;
	int i;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (key == NULL)
		return MHD_YES;
	for (i = 0; i < PFF_N && filename != NULL; i++)
		if (strcmp(key, upload_file_names[i]) == 0)
			break;
	if (filename != NULL && i < PFF_N) {
		u->last = -1;
		/* a new part starts at offset 0 (an empty piece may come
		   first, then the data again from 0) */
		if (u->cur.f == NULL || u->cur.f->field != (enum
		    portal_file_field)i || (off == 0 && u->cur.f->size > 0)) {
			if (!upload_open(u, (enum portal_file_field)i))
				return MHD_NO;
		}
		if (size > 0 && !upload_write(u, data, size))
			return MHD_NO;
		return MHD_YES;
	}
	upload_close_cur(u);
	for (i = 0; i < PF_N; i++)
		if (strcmp(key, upload_names[i]) == 0)
			break;
	if (i == PF_N || filename != NULL) {
		u->last = -1;
		return MHD_YES;		/* unknown fields are ignored */
	}
	if (u->seen[i] && (u->last != i || (off == 0 && u->value[i].len > 0)))
		u->twice = true;
	u->seen[i] = true;
	u->last = i;
	if (size > 0 && buf_append(&u->value[i], data, size) < 0)
		u->too_large = true;
	return u->twice || u->too_large ? MHD_NO : MHD_YES;
}

struct portal_upload *
portal_upload_new(struct MHD_Connection *c, struct store *store,
		  uint64_t max_bytes, unsigned max_files)
{
	struct portal_upload *u = xcalloc(1, sizeof(*u));
	int i;

	for (i = 0; i < PF_N; i++)
		buf_init(&u->value[i], i == PF_LISTINGS || i == PF_DESCRIPTION ||
			 i == PF_STATEMENT ?
			 UPLOAD_LONG : UPLOAD_SHORT);
	u->store = store;
	u->max = max_bytes;
	u->max_files = max_files;
	u->last = -1;
	u->pp = MHD_create_post_processor(c, UPLOAD_PP_BUFFER, upload_iter, u);
	if (u->pp == NULL)
		portal_upload_free(&u);
	return u;
}

static bool
upload_failed(const struct portal_upload *u)
{
	return u->too_large || u->too_many || u->twice || u->io_error;
}

bool
portal_upload_over(const struct portal_upload *u)
{
	return u->too_large || u->too_many || u->io_error;
}

void
portal_upload_feed(struct portal_upload *u, const char *data, size_t n)
{
	if (upload_failed(u) || u->pp == NULL)
		return;
	if (n > u->max - u->total) {
		u->too_large = true;
		upload_drop_files(u);
		return;
	}
	u->total += n;
	(void)MHD_post_process(u->pp, data, n);
	if (upload_failed(u))
		upload_drop_files(u);
}

int
portal_upload_finish(struct portal_upload *u,
		     struct portal_upload_result *res, unsigned *status_r,
		     const char **why_r)
{
	memset(res, 0, sizeof(*res));
	if (u->pp != NULL) {
		(void)MHD_destroy_post_processor(u->pp);
		u->pp = NULL;
	}
	upload_close_cur(u);
	if (u->n_files > 0 && u->files[u->n_files - 1].size == 0) {
		close(u->files[u->n_files - 1].fd);
		u->n_files--;
	}
	*status_r = 400;
	if (u->too_large || u->too_many) {
		upload_drop_files(u);
		*status_r = 413;
		*why_r = u->too_many ? "Too many files were sent." :
				       "The form is too large.";
		return -1;
	}
	if (u->io_error) {
		upload_drop_files(u);
		*status_r = 500;
		*why_r = "A file could not be received.";
		return -1;
	}
	if (u->twice) {
		upload_drop_files(u);
		*why_r = "A field of the form was sent twice.";
		return -1;
	}
	for (int i = 0; i < PF_N; i++) {
		if (!u->seen[i])
			continue;
		if (!web_mhd_clean_text(&u->value[i])) {
			upload_drop_files(u);
			*why_r = "The form holds text that is not UTF-8 or has "
				 "control characters.";
			return -1;
		}
		res->value[i] = buf_str(&u->value[i]);
	}
	res->files = u->files;
	res->n_files = u->n_files;
	return 0;
}

void
portal_upload_free(struct portal_upload **up)
{
	struct portal_upload *u;

	if (up == NULL || (u = *up) == NULL)
		return;
	if (u->pp != NULL)
		(void)MHD_destroy_post_processor(u->pp);
	upload_drop_files(u);
	for (int i = 0; i < PF_N; i++)
		buf_free(&u->value[i]);
	free(u);
	*up = NULL;
}
