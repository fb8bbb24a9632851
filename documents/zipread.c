/* documents/zipread.c - the entries of a zip archive in memory
   (libarchive), each read only up to a size, all together up to a total:
   a zip bomb stops at the limit, not at the end of memory. Runs in the
   sandboxed child. */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "documents/doc-int.h"

/* Reads the current entry into e, at most max bytes and at most *left in
   all. */
static void
zip_entry_read(struct archive *a, struct zip_entry *e, size_t max,
	       uint64_t *left)
{
	size_t cap = 0;
	char tmp[16384];
	la_ssize_t n;

	e->data = NULL;
	e->len = 0;
	while ((n = archive_read_data(a, tmp, sizeof(tmp))) > 0) {
		if (e->len + (size_t)n > max || (uint64_t)n > *left) {
			e->too_big = true;
			free(e->data);
			e->data = NULL;
			e->len = 0;
			return;
		}
		if (e->len + (size_t)n + 1 > cap) {
			cap = (e->len + (size_t)n + 1) * 2;
			e->data = xrealloc(e->data, cap);
		}
		memcpy(e->data + e->len, tmp, (size_t)n);
		e->len += (size_t)n;
		*left -= (uint64_t)n;
	}
	if (e->data == NULL)
		e->data = xmalloc(1);
	e->data[e->len] = '\0';
}

int
zip_read(const unsigned char *data, size_t len, size_t max, uint64_t total,
	 bool (*want)(const char *name), struct zip_set *set)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	uint64_t left = total;
	int rc = 0, r;

	memset(set, 0, sizeof(*set));
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return -1;
	}
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);
		struct zip_entry *e;

		if (name == NULL || archive_entry_filetype(ent) != AE_IFREG ||
		    (want != NULL && !want(name)))
			continue;
		if (set->n == set->cap)
			set->v = xgrow(set->v, set->n, &set->cap,
				       sizeof(*set->v));
		e = &set->v[set->n++];
		memset(e, 0, sizeof(*e));
		e->name = xstrdup(name);
		zip_entry_read(a, e, max, &left);
	}
	if (r != ARCHIVE_EOF)
		rc = -1;
	archive_read_free(a);
	return rc;
}

struct zip_entry *
zip_find(struct zip_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			return &set->v[i];
	return NULL;
}

void
zip_free(struct zip_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].name);
		free(set->v[i].data);
	}
	free(set->v);
	memset(set, 0, sizeof(*set));
}
