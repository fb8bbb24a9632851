/* bench/doc-extract.c - the documents benchmark's product side: reads
   each PDF named on the command line through documents_extract (the
   sandboxed reportgate-extract, $REPORTGATE_EXTRACT), one after another,
   as the parser does, and prints the pages read; DOC_EXTRACT_OCR=1 turns
   OCR on (with 60 seconds a document). Built by
   bench/documents.sh against a build tree's libdocuments.a. */
#include <stdio.h>
#include <stdlib.h>

#include "common/err.h"
#include "common/file.h"
#include "documents/documents.h"

int
main(int argc, char **argv)
{
	struct documents_cfg cfg;
	unsigned long pages = 0;
	int failed = 0;

	documents_cfg_init(&cfg);
	cfg.enabled = true;
	if (getenv("DOC_EXTRACT_OCR") != NULL) {
		cfg.ocr = true;
		cfg.seconds = 60;
	}
	for (int i = 1; i < argc; i++) {
		struct doc_result r;
		struct err err;
		size_t len = 0;
		char *d = NULL;

		if (file_read_all(argv[i], (size_t)cfg.max_bytes, &d, &len,
				  &err) != 1)
			return 2;
		if (documents_extract(d, len, documents_sniff(d, len, argv[i],
				      NULL), &cfg, &r) < 0)
			failed++;
		pages += r.pages;
		documents_result_free(&r);
		free(d);
	}
	printf("%lu\n", pages);
	documents_cfg_clear(&cfg);
	return failed ? 1 : 0;
}
