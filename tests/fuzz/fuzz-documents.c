/* tests/fuzz/fuzz-documents.c - libFuzzer target for the document readers
   that run in reportgate-extract, called in-process (no sandbox): the
   first input byte picks the entry point (modulo 9: PDF, DOCX, XLSX,
   ODF, CSV, TXT, HTML, ZIP, TNEF), the rest is the document. Records go
   to /dev/null; limits are small so a bomb ends quickly. Each input is
   also sniffed (documents_sniff) and its text classified (docclass_of). */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "documents/docclass.h"
#include "documents/doc-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum doc_type types[] = { DOC_PDF, DOC_DOCX, DOC_XLSX,
		DOC_ODF, DOC_CSV, DOC_TEXT, DOC_HTML, DOC_ZIP, DOC_TNEF };
	static int null_fd = -1;
	struct doc_ctx x;
	const char *why;

	if (size < 1)
		return 0;
	if (null_fd < 0)
		null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	memset(&x, 0, sizeof(x));
	x.fd = null_fd;
	x.max_pages = 20;
	x.max_bytes = 4u << 20;
	x.prefix = "";
	(void)documents_sniff(data + 1, size - 1, "a.csv", "text/plain");
	(void)docclass_of((const char *)data + 1, size - 1, &why);
	(void)ex_any(&x, data + 1, size - 1,
		     types[data[0] % (sizeof(types) / sizeof(types[0]))]);
	return 0;
}
