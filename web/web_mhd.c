/* web/web_mhd.c - libmicrohttpd's messages, the security headers and
   the cleaning of posted text (web_mhd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "web/web_mhd.h"

void
web_mhd_log(void *cls, const char *fmt, va_list ap)
{
	const char *comp = cls != NULL ? cls : "web";
	char q[512], event[32];
	char *msg;
	size_t n;

	msg = xvasprintf(fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	snprintf(event, sizeof(event), "%s.http", comp);
	log_warn(comp, event, "error=%s", log_q(q, sizeof(q), msg));
	free(msg);
}

bool
web_mhd_headers(struct MHD_Response *resp, const char *csp)
{
	return MHD_add_response_header(resp, "Content-Security-Policy",
				       csp != NULL ? csp : WEB_MHD_CSP) ==
	       MHD_YES &&
	       MHD_add_response_header(resp, "X-Frame-Options", "DENY") ==
	       MHD_YES &&
	       MHD_add_response_header(resp, "Referrer-Policy",
				       "same-origin") == MHD_YES &&
	       MHD_add_response_header(resp, "X-Content-Type-Options",
				       "nosniff") == MHD_YES &&
	       MHD_add_response_header(resp, "Cache-Control", "no-store") ==
	       MHD_YES;
}

bool
web_mhd_clean_text(struct buf *b)
{
	size_t i, j;

	for (i = j = 0; i < b->len; i++) {
		if (b->data[i] == '\r') {
			b->data[j++] = '\n';
			if (i + 1 < b->len && b->data[i + 1] == '\n')
				i++;
		} else {
			b->data[j++] = b->data[i];
		}
	}
	if (b->data != NULL) {
		b->len = j;
		b->data[j] = '\0';
	}
	for (i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return false;
	}
	return utf8_valid(b->data != NULL ? b->data : "", b->len);
}
