# portal: the public web process (reportgate portal) on libmicrohttpd:
# the report forms, their uploads, confirmation by mail and the pages of
# reporters. It shares web/ with the console but nothing of console/.
reportgate_SOURCES += portal/portal.c portal/portal.h \
	portal/portal_upload.c portal/portal_upload.h \
	portal/portal_form.c portal/portal_form.h \
	portal/portal_mime.c portal/portal_mime.h \
	portal/portal_pages.c portal/portal_pages.h \
	portal/portal_hold.c portal/portal_rate.c portal/portal_status.c \
	portal/portal_counter.c

TESTS += tests/integration/portal.sh tests/integration/portal-browser.sh
EXTRA_DIST += tests/integration/portal.sh tests/integration/portal-browser.sh \
	tests/browser/portal.py
