# outbox: mail out. Building mails (GMime), deciding who may get an
# acknowledgement (ackpolicy), sending over SMTP (libcurl) - the three
# of libsmtp.a, unit-tested alone - and on top of them the queue (mailq:
# template -> queued mail), the pipeline's acknowledgement hook (ack) and
# the drain of the queue with retries (drain).
noinst_LIBRARIES += outbox/libsmtp.a
outbox_libsmtp_a_SOURCES = \
	outbox/ackpolicy.c outbox/ackpolicy.h \
	outbox/mailbuild.c outbox/mailbuild.h \
	outbox/smtp.c outbox/smtp.h \
	outbox/tdb.c outbox/tdb.h
outbox_libsmtp_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(GMIME_CFLAGS)

reportgate_SOURCES += outbox/mailq.c outbox/mailq.h outbox/ack.c \
	outbox/ack.h outbox/drain.c outbox/drain.h outbox/caselink.c \
	outbox/caselink.h

SMTP_TEST_LIBS = outbox/libsmtp.a tests/lib/libtest.a common/libcommon.a \
	$(GMIME_LIBS) $(CURL_LIBS) $(GLIB_LIBS)

check_PROGRAMS += tests/unit/test-mailbuild tests/unit/test-ackpolicy \
	tests/unit/test-smtp
TESTS += tests/unit/test-mailbuild tests/unit/test-ackpolicy \
	tests/unit/test-smtp
tests_unit_test_mailbuild_SOURCES = tests/unit/test-mailbuild.c
tests_unit_test_mailbuild_CFLAGS = $(AM_CFLAGS) $(GMIME_CFLAGS)
tests_unit_test_mailbuild_LDADD = $(SMTP_TEST_LIBS)
tests_unit_test_ackpolicy_SOURCES = tests/unit/test-ackpolicy.c
tests_unit_test_ackpolicy_LDADD = $(SMTP_TEST_LIBS)
tests_unit_test_smtp_SOURCES = tests/unit/test-smtp.c
tests_unit_test_smtp_CFLAGS = $(AM_CFLAGS) $(GMIME_CFLAGS)
tests_unit_test_smtp_LDADD = $(SMTP_TEST_LIBS)

TESTS += tests/integration/acks.sh tests/integration/send-crash.sh
EXTRA_DIST += tests/integration/smtp-server.sh tests/integration/smtp_server.py \
	tests/integration/acks.sh tests/integration/send-crash.sh \
	tests/integration/mailcheck.py
CLEANFILES += send-crash.counts
