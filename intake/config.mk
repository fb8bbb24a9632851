# intake: config part (configuration, check-config, module setup, GLib log)
reportgate_SOURCES += intake/config.c intake/config.h intake/config-int.h \
	intake/config_print.c intake/cmd_check_config.c \
	intake/setup.c intake/setup.h intake/glib_log.c intake/glib_log.h

check_PROGRAMS += tests/unit/test-config
TESTS += tests/unit/test-config tests/integration/check-config.sh
tests_unit_test_config_SOURCES = tests/unit/test-config.c \
	intake/config.c intake/config_print.c intake/setup.c intake/glib_log.c
tests_unit_test_config_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
tests_unit_test_config_LDADD = tests/lib/libtest.a parsers/libparsers.a documents/libdocuments.a \
	common/libcommon.a $(GMIME_LIBS) $(XML_LIBS) $(CURL_LIBS) $(GNUTLS_LIBS) $(GLIB_LIBS)
EXTRA_DIST += tests/integration/check-config.sh tests/fixtures/config \
	deploy/reportgate.conf.sample deploy/reportgate.service
