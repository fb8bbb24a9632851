# portal: the public web process (reportgate portal) on libmicrohttpd:
# the report forms, their uploads, confirmation by mail and the pages of
# reporters. It shares web/ with the console but nothing of console/.
reportgate_SOURCES += portal/portal.c portal/portal.h \
	portal/portal_upload.c portal/portal_upload.h \
	portal/portal_form.c portal/portal_form.h \
	portal/portal_mime.c portal/portal_mime.h \
	portal/portal_pages.c portal/portal-int.h \
	portal/portal_hold.c portal/portal_status.c \
	portal/portal_counter.c

TESTS += tests/integration/portal.sh tests/integration/portal-browser.sh
EXTRA_DIST += tests/integration/portal.sh tests/integration/portal-browser.sh \
	tests/browser/portal.py

# the pieces below the server, unit-tested with the real parser
check_PROGRAMS += tests/unit/test-portal
TESTS += tests/unit/test-portal
tests_unit_test_portal_SOURCES = tests/unit/test-portal.c \
	portal/portal_mime.c portal/portal_upload.c
tests_unit_test_portal_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS)
tests_unit_test_portal_LDADD = tests/lib/libtest.a web/libweb.a store/libstore.a \
	$(PARSERS_LIBS) $(SQLITE_LIBS) $(MHD_LIBS) $(GNUTLS_LIBS)
