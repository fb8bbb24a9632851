# intake: web part (reportgate serve, the staff web console on
# libmicrohttpd). web_html.c and web_guard.c depend on common only and
# are unit-tested alone.
reportgate_SOURCES += intake/web.c intake/web.h intake/web_pages.c \
	intake/web_html.c intake/web_html.h intake/web_guard.c \
	intake/web_guard.h intake/web_post.c intake/web_post.h \
	intake/web_forms.c intake/web_decide.c intake/cmd_serve.c
reportgate_CFLAGS += $(MHD_CFLAGS)
reportgate_LDADD += $(MHD_LIBS)

check_PROGRAMS += tests/unit/test-web-html
TESTS += tests/unit/test-web-html tests/integration/web.sh
tests_unit_test_web_html_SOURCES = tests/unit/test-web-html.c \
	intake/web_html.c intake/web_guard.c
tests_unit_test_web_html_LDADD = tests/lib/libtest.a common/libcommon.a
EXTRA_DIST += tests/integration/web.sh
