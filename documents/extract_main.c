/* documents/extract_main.c - reportgate-extract, the sandboxed document
   reader that documents_extract() runs (documents/child.c). Not meant to
   be run by hand: it reads a document from fd 0 and writes binary
   records to fd 1. */
#include "common/sanitizer.h"
#include "documents/documents.h"

#if RG_ASAN
const char *__asan_default_options(void);

/* In sanitizer builds: LeakSanitizer's exit check needs ptrace and a
   thread, which the seccomp filter forbids (leaks of the readers are
   found by tests/fuzz/fuzz-documents.c instead); a crash is left to the
   kernel, so the parent sees the signal as in a plain build. */
const char *
__asan_default_options(void)
{
	return "detect_leaks=0:handle_segv=0";
}
#endif

int
main(int argc, char **argv)
{
	return documents_child_main(argc, argv);
}
