/* intake/tlsverify.c - verifies a server certificate chain with GnuTLS after
   the handshake and before any credentials are sent. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdint.h>
#include <string.h>

#include "common/mem.h"
#include "intake/tlsverify.h"

/* A chain longer than this is not a real server's. */
#define TLSVERIFY_MAX_CHAIN 16

/* GnuTLS takes read-only data through non-const pointers. */
static unsigned char *
tlsverify_unconst(const void *p)
{
	return (unsigned char *)(uintptr_t)p;
}

/* Loads the trust anchors into tl. Returns 0 or -1 with err set. */
static int
tlsverify_load_trust(gnutls_x509_trust_list_t tl, const char *ca_file,
		     struct err *err)
{
	int r;

	if (ca_file != NULL && *ca_file != '\0') {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL,
				GNUTLS_X509_FMT_PEM, 0, 0);
		if (r <= 0) {
			err_set(err, ERR_FATAL, "TLS: no CA certificate loaded "
				"from ca_file %s%s%s", ca_file,
				r < 0 ? ": " : "",
				r < 0 ? gnutls_strerror(r) : "");
			return -1;
		}
		return 0;
	}
	r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
	if (r <= 0) {
		err_set(err, ERR_FATAL, "TLS: the system trust store has no "
			"CA certificates%s%s", r < 0 ? ": " : "",
			r < 0 ? gnutls_strerror(r) : "");
		return -1;
	}
	return 0;
}

int
tlsverify_chain(const struct tlsverify_cert *chain, size_t n,
		const char *host, const char *ca_file, struct err *err)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t crts[TLSVERIFY_MAX_CHAIN];
	gnutls_typed_vdata_st vd[2];
	gnutls_datum_t text = { NULL, 0 };
	unsigned status = 0, n_crts = 0;
	int r, ret = -1;

	if (n == 0 || n > TLSVERIFY_MAX_CHAIN) {
		err_set(err, ERR_FATAL, "TLS: the server sent %zu "
			"certificates", n);
		return -1;
	}
	if (host == NULL || *host == '\0') {
		err_set(err, ERR_FATAL, "TLS: no host name to verify");
		return -1;
	}
	for (; n_crts < n; n_crts++) {
		gnutls_datum_t d = { tlsverify_unconst(chain[n_crts].der),
				     (unsigned)chain[n_crts].len };

		if (gnutls_x509_crt_init(&crts[n_crts]) < 0) {
			err_set(err, ERR_FATAL, "TLS: out of memory");
			goto out;
		}
		r = gnutls_x509_crt_import(crts[n_crts], &d,
					   GNUTLS_X509_FMT_DER);
		if (r < 0) {
			n_crts++;
			err_set(err, ERR_FATAL, "TLS: server certificate %u "
				"unreadable: %s", n_crts, gnutls_strerror(r));
			goto out;
		}
	}
	if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
		err_set(err, ERR_FATAL, "TLS: out of memory");
		goto out;
	}
	if (tlsverify_load_trust(tl, ca_file, err) < 0)
		goto out;

	memset(vd, 0, sizeof(vd));
	vd[0].type = GNUTLS_DT_DNS_HOSTNAME;
	vd[0].data = tlsverify_unconst(host);
	vd[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
	vd[1].data = tlsverify_unconst(GNUTLS_KP_TLS_WWW_SERVER);
	r = gnutls_x509_trust_list_verify_crt2(tl, crts, n_crts, vd, 2, 0,
					       &status, NULL);
	if (r < 0) {
		err_set(err, ERR_FATAL, "TLS: cannot verify the server "
			"certificate: %s", gnutls_strerror(r));
		goto out;
	}
	if (status != 0) {
		if (gnutls_certificate_verification_status_print(status,
				GNUTLS_CRT_X509, &text, 0) < 0)
			text.data = NULL;
		err_set(err, ERR_FATAL, "TLS: server certificate for %s not "
			"trusted (%s): %s", host,
			ca_file && *ca_file ? ca_file : "system CAs",
			text.data ? (const char *)text.data : "rejected");
		gnutls_free(text.data);
		goto out;
	}
	ret = 0;
out:
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
	for (unsigned i = 0; i < n_crts; i++)
		gnutls_x509_crt_deinit(crts[i]);
	return ret;
}
