# intake: smtp part - building acknowledgements (GMime), deciding who may
# get one, and sending them (libcurl). The outbox queue sits on top.
noinst_LIBRARIES += intake/libsmtp.a
intake_libsmtp_a_SOURCES = \
	intake/ackpolicy.c intake/ackpolicy.h \
	intake/mailbuild.c intake/mailbuild.h \
	intake/smtp.c intake/smtp.h
intake_libsmtp_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(GMIME_CFLAGS)
reportgate_LDADD += intake/libsmtp.a

SMTP_TEST_LIBS = intake/libsmtp.a tests/lib/libtest.a common/libcommon.a \
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

EXTRA_DIST += tests/integration/smtp-server.sh tests/integration/smtp_server.py
