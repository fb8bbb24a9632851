# console: the staff web console (reportgate serve) on libmicrohttpd.
# The escaping and the guards it shares with the portal are in web/.
reportgate_SOURCES += console/web.c console/web.h console/web_pages.c \
	console/web_post.c console/web_post.h \
	console/web_forms.c console/web_decide.c
reportgate_CFLAGS += $(MHD_CFLAGS)
reportgate_LDADD += $(MHD_LIBS)

check_PROGRAMS += tests/unit/test-web-html
TESTS += tests/unit/test-web-html tests/integration/web.sh \
	tests/integration/web-public.sh
tests_unit_test_web_html_SOURCES = tests/unit/test-web-html.c
tests_unit_test_web_html_LDADD = tests/lib/libtest.a web/libweb.a \
	common/libcommon.a
EXTRA_DIST += tests/integration/web.sh tests/integration/web-public.sh
