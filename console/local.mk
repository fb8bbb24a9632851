# console: the staff web console (reportgate serve) on libmicrohttpd.
# web_html.c and web_guard.c depend on common only and are unit-tested
# alone.
reportgate_SOURCES += console/web.c console/web.h console/web_pages.c \
	console/web_html.c console/web_html.h console/web_guard.c \
	console/web_guard.h console/web_post.c console/web_post.h \
	console/web_forms.c console/web_decide.c
reportgate_CFLAGS += $(MHD_CFLAGS)
reportgate_LDADD += $(MHD_LIBS)

check_PROGRAMS += tests/unit/test-web-html
TESTS += tests/unit/test-web-html tests/integration/web.sh \
	tests/integration/web-public.sh
tests_unit_test_web_html_SOURCES = tests/unit/test-web-html.c \
	console/web_html.c console/web_guard.c
tests_unit_test_web_html_LDADD = tests/lib/libtest.a common/libcommon.a
EXTRA_DIST += tests/integration/web.sh tests/integration/web-public.sh
