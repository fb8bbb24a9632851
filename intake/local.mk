# intake: mail in. The IMAP client library (libetpan + GnuTLS: connection,
# authentication, certificate checks, spool), the poller with its parse
# workers and IDLE, the pipeline that files one message in one
# transaction, and mbox/Maildir reading for ingest.
noinst_LIBRARIES += intake/libimap.a
intake_libimap_a_SOURCES = intake/imap.c intake/imap.h \
	intake/imap_auth.c intake/imap_spool.c intake/imap_spool.h \
	intake/tlsverify.c intake/tlsverify.h
intake_libimap_a_CFLAGS = $(AM_CFLAGS) $(ETPAN_CFLAGS) $(GNUTLS_CFLAGS) \
	$(GLIB_CFLAGS)

reportgate_SOURCES += intake/pipeline.c intake/pipeline.h \
	intake/pipeline_route.c intake/pipeline_notice.c intake/sender.c intake/sender.h \
	intake/mbox.c intake/mbox.h \
	intake/poll.c intake/poll.h intake/poll-int.h intake/poll_batch.c \
	intake/poll_work.c intake/poll_work.h \
	intake/poll_poison.c intake/poll_poison.h

check_PROGRAMS += tests/unit/test-imap
TESTS += tests/unit/test-imap
tests_unit_test_imap_SOURCES = tests/unit/test-imap.c
tests_unit_test_imap_CFLAGS = $(AM_CFLAGS) $(ETPAN_CFLAGS) $(GNUTLS_CFLAGS) \
	$(GLIB_CFLAGS)
tests_unit_test_imap_LDADD = intake/libimap.a common/libcommon.a \
	$(ETPAN_LIBS) $(GNUTLS_LIBS) $(GLIB_LIBS) tests/lib/libtest.a

TESTS += tests/integration/ingest.sh tests/integration/poll.sh \
	tests/integration/poll-crash.sh tests/integration/poll-poison.sh
EXTRA_DIST += tests/integration/dovecot.sh tests/integration/lib.sh \
	tests/integration/collect.py \
	tests/integration/ingest.sh tests/integration/poll.sh \
	tests/integration/poll-crash.sh tests/integration/poll-poison.sh
