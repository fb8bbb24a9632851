/* intake/tlsverify.h - checks a TLS server's certificate chain with GnuTLS,
   since libetpan 1.9.4 as Debian builds it (with GnuTLS) completes the
   handshake without checking the peer at all, not even a self-signed
   certificate: the chain must lead to a trusted CA and the leaf must name
   the host we connected to. */
#ifndef RG_TLSVERIFY_H
#define RG_TLSVERIFY_H

#include <stddef.h>

#include "common/err.h"

/* One certificate in DER form, borrowed from the caller. */
struct tlsverify_cert {
	const unsigned char *der;
	size_t len;
};

/* Verifies chain[0..n) (leaf first, as the server sent it) against the CAs
   in ca_file (PEM; NULL or "" = the system's trust store), checks that the
   leaf is valid for host (a DNS name, or an IP literal matched against IP
   SANs) and for TLS server use. Returns 0 if it is trusted, or -1 with err
   set to ERR_FATAL naming the reason (a configuration problem: nothing
   gets better by retrying). Nothing is kept. */
int tlsverify_chain(const struct tlsverify_cert *chain, size_t n,
		    const char *host, const char *ca_file, struct err *err);

#endif
