/* tests/fuzz/fuzz-unwrap.c - libFuzzer target for unwrap_one: the input
   is one link; libcurl parses it (as links.c does) and the wrapper
   decoders (SafeLinks, Proofpoint v1-v3, Google) run on its parts. */
#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "parsers/text-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
fuzz_unwrap_part(CURLU *h, CURLUPart part)
{
	char *s = NULL, *copy;

	if (curl_url_get(h, part, &s, 0) != CURLUE_OK || s == NULL)
		return NULL;
	copy = xstrdup(s);
	curl_free(s);
	return copy;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw, *host = NULL, *path = NULL, *query = NULL;
	char *target = NULL;
	const char *why = NULL;
	CURLU *h;

	if (size > 16384 || memchr(data, '\0', size) != NULL)
		return 0;
	raw = xstrndup((const char *)data, size);
	h = curl_url();
	if (h != NULL &&
	    curl_url_set(h, CURLUPART_URL, raw, CURLU_DEFAULT_SCHEME) ==
	    CURLUE_OK) {
		host = fuzz_unwrap_part(h, CURLUPART_HOST);
		path = fuzz_unwrap_part(h, CURLUPART_PATH);
		query = fuzz_unwrap_part(h, CURLUPART_QUERY);
		for (char *p = host; p != NULL && *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (host != NULL && path != NULL &&
		    unwrap_one(raw, host, path, query, &target, &why) > 0 &&
		    target == NULL)
			abort();	/* 1 promises a target */
	}
	free(target);
	free(host);
	free(path);
	free(query);
	curl_url_cleanup(h);
	free(raw);
	return 0;
}
