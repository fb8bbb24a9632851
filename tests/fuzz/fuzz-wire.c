/* tests/fuzz/fuzz-wire.c - libFuzzer target for the parent's reading of
   reportgate-extract's records (wire_read): a reader taken over by a
   hostile document may write anything, so the parent must survive any
   bytes. The input is read whole, then again in two pieces split at its
   first byte's value, as the pipe may deliver it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/mem.h"
#include "documents/doc-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_result r;
	size_t cut, used;
	char *rest;

	memset(&r, 0, sizeof(r));
	(void)wire_read((const char *)data, size, &r, NULL);
	documents_result_free(&r);
	cut = size > 0 ? data[0] % (size + 1) : 0;
	used = wire_read((const char *)data, cut, &r, NULL);
	rest = xmalloc(size - used + 1);
	memcpy(rest, data + used, size - used);
	(void)wire_read(rest, size - used, &r, NULL);
	free(rest);
	documents_result_free(&r);
	return 0;
}
