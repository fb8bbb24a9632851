/* documents/ex_zip.c - a zip archive of documents: each member that is a
   document is read as such, one level deep (an archive inside is not
   opened, a warning says so), at most ZIP_MEMBERS members, each and all
   together within max_bytes unpacked (zipread.c). Where a member's text
   came from starts with its name. Runs in the sandboxed child. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "documents/doc-int.h"

#define ZIP_MEMBERS 200

int
ex_zip(struct doc_ctx *x, const unsigned char *data, size_t len)
{
	struct zip_set z;
	unsigned read = 0;

	if (x->depth > 0) {
		wire_warn(x, "document_nested_archive", "an archive inside "
			  "an archive is not opened");
		return 0;
	}
	if (zip_read(data, len, (size_t)x->max_bytes, x->max_bytes, NULL,
		     &z) < 0 && z.n == 0) {
		wire_warn(x, "document_unreadable", "not a readable zip "
			  "archive");
		zip_free(&z);
		return -1;
	}
	x->depth++;
	for (size_t i = 0; i < z.n; i++) {
		struct zip_entry *e = &z.v[i];
		enum doc_type t;
		char *prefix;

		if (e->too_big) {
			wire_warn(x, "document_bomb", "%s unpacks to more than "
				  "%llu bytes: not read", e->name,
				  (unsigned long long)x->max_bytes);
			continue;
		}
		t = documents_sniff(e->data, e->len, e->name, NULL);
		if (t == DOC_NONE || t == DOC_TNEF || t == DOC_IMAGE)
			continue;
		if (t == DOC_ZIP) {
			wire_warn(x, "document_nested_archive", "%s: an "
				  "archive inside an archive is not opened",
				  e->name);
			continue;
		}
		if (++read > ZIP_MEMBERS) {
			wire_warn(x, "document_member_limit", "only the first "
				  "%u documents of the archive are read",
				  ZIP_MEMBERS);
			break;
		}
		prefix = xasprintf("%s: ", e->name);
		x->prefix = prefix;
		ex_any(x, e->data, e->len, t);
		x->prefix = "";
		free(prefix);
	}
	x->depth--;
	zip_free(&z);
	return 0;
}
