/* tests/fuzz/fuzz-bound.c - libFuzzer target for the two readers of
   security-relevant structure: the MIME structure count (mimebound_feed,
   the input fed in two chunks split where its first byte says, with small
   limits so that every limit is reached) and Authentication-Results
   (authres_dmarc on the input as one header value). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "parsers/mime-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mimebound *b = mimebound_new(20, 4, 2000);
	size_t split = size > 0 ? data[0] % (size + 1) : 0;
	char *value, *res = NULL, *from = NULL;
	uint64_t cut = 0;

	if (mimebound_feed(b, (const char *)data, split, &cut) ==
	    MIMEBOUND_NONE)
		(void)mimebound_feed(b, (const char *)data + split,
				     size - split, &cut);
	if (cut > size)
		abort();	/* a cut is always inside what was fed */
	mimebound_free(&b);
	value = xstrndup((const char *)data, size);
	(void)authres_dmarc(value, "mx.example.net", &res, &from);
	free(res);
	free(from);
	free(value);
	return 0;
}
