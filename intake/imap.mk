# intake: imap part - the IMAP client library (libetpan + GnuTLS)
noinst_LIBRARIES += intake/libimap.a
intake_libimap_a_SOURCES = intake/imap.c intake/imap.h \
	intake/imap_auth.c intake/imap_spool.c intake/imap_spool.h \
	intake/tlsverify.c intake/tlsverify.h
intake_libimap_a_CFLAGS = $(AM_CFLAGS) $(ETPAN_CFLAGS) $(GNUTLS_CFLAGS)
reportgate_LDADD += intake/libimap.a

check_PROGRAMS += tests/unit/test-imap
TESTS += tests/unit/test-imap
tests_unit_test_imap_SOURCES = tests/unit/test-imap.c
tests_unit_test_imap_CFLAGS = $(AM_CFLAGS) $(ETPAN_CFLAGS) $(GNUTLS_CFLAGS)
tests_unit_test_imap_LDADD = intake/libimap.a common/libcommon.a \
	$(ETPAN_LIBS) $(GNUTLS_LIBS) tests/lib/libtest.a
EXTRA_DIST += tests/integration/dovecot.sh tests/integration/lib.sh
