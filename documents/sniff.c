/* documents/sniff.c - which reader a document needs, from its first
   bytes (and, for plain text, its name and content type). Runs in the
   parent: it only compares bytes, it parses nothing. */
#define _GNU_SOURCE	/* memmem, strcasestr */
#include <string.h>
#include <strings.h>

#include "documents/documents.h"

static const char *const sniff_names[] = {
	[DOC_NONE] = "none", [DOC_PDF] = "pdf", [DOC_DOCX] = "docx",
	[DOC_XLSX] = "xlsx", [DOC_ODF] = "odf", [DOC_CSV] = "csv",
	[DOC_TEXT] = "txt", [DOC_HTML] = "html", [DOC_ZIP] = "zip",
	[DOC_TNEF] = "tnef", [DOC_IMAGE] = "image",
};

const char *
documents_type_name(enum doc_type t)
{
	if ((unsigned)t >= sizeof(sniff_names) / sizeof(sniff_names[0]))
		return "none";
	return sniff_names[t];
}

enum doc_type
documents_type_parse(const char *name)
{
	for (unsigned i = 0; i < sizeof(sniff_names) / sizeof(sniff_names[0]);
	     i++)
		if (strcmp(sniff_names[i], name) == 0)
			return (enum doc_type)i;
	return DOC_NONE;
}

/* Whether name ends in ext (".csv"), case-insensitively. */
static bool
sniff_ext(const char *name, const char *ext)
{
	size_t n = name ? strlen(name) : 0, e = strlen(ext);

	return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* A zip: its entry names (stored uncompressed in every local header and
   in the central directory) say what it holds. */
static enum doc_type
sniff_zip(const char *d, size_t len)
{
	static const char odf[] = "mimetypeapplication/vnd.oasis.opendocument.";

	if (len >= 30 + sizeof(odf) - 1 &&
	    memcmp(d + 30, odf, sizeof(odf) - 1) == 0)
		return DOC_ODF;
	if (memmem(d, len, "word/document.xml", 17) != NULL)
		return DOC_DOCX;
	if (memmem(d, len, "xl/workbook.xml", 15) != NULL)
		return DOC_XLSX;
	return DOC_ZIP;
}

enum doc_type
documents_sniff(const void *data, size_t len, const char *filename,
		const char *content_type)
{
	const char *d = data;
	const unsigned char *u = data;
	size_t head = len < 1024 ? len : 1024;
	const char *ct = content_type ? content_type : "";

	if (len >= 4 && memcmp(d, "PK\003\004", 4) == 0)
		return sniff_zip(d, len);
	if (len >= 4 && u[0] == 0x78 && u[1] == 0x9f && u[2] == 0x3e &&
	    u[3] == 0x22)
		return DOC_TNEF;
	if (len >= 5 && memmem(d, head, "%PDF-", 5) != NULL)
		return DOC_PDF;
	if ((len >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0) ||
	    (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) ||
	    (len >= 4 && (memcmp(d, "II*\0", 4) == 0 ||
			  memcmp(d, "MM\0*", 4) == 0)))
		return DOC_IMAGE;
	if (memchr(d, '\0', head) != NULL &&
	    !(len >= 2 && (memcmp(d, "\xff\xfe", 2) == 0 ||
			   memcmp(d, "\xfe\xff", 2) == 0)))
		return DOC_NONE;	/* binary: nothing we read */
	if (sniff_ext(filename, ".csv") || sniff_ext(filename, ".tsv") ||
	    strcasecmp(ct, "text/csv") == 0 ||
	    strcasecmp(ct, "text/tab-separated-values") == 0)
		return DOC_CSV;
	if (sniff_ext(filename, ".html") || sniff_ext(filename, ".htm") ||
	    strcasecmp(ct, "text/html") == 0)
		return DOC_HTML;
	if (sniff_ext(filename, ".txt") || strcasecmp(ct, "text/plain") == 0)
		return DOC_TEXT;
	return DOC_NONE;
}
