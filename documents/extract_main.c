/* documents/extract_main.c - reportgate-extract, the sandboxed document
   reader that documents_extract() runs (documents/child.c). Not meant to
   be run by hand: it reads a document from fd 0 and writes binary
   records to fd 1. */
#include "documents/documents.h"

int
main(int argc, char **argv)
{
	return documents_child_main(argc, argv);
}
