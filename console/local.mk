# console: the staff web console (reportgate serve) on libmicrohttpd.
# The escaping and the guards it shares with the portal are in web/.
reportgate_SOURCES += console/web.c console/web.h console/web_pages.c \
	console/web_post.c console/web_post.h \
	console/web_forms.c console/web_decide.c \
	console/auth.c console/auth.h console/web_login.c \
	console/web_int.h console/web_case.c console/web_events.c \
	console/web_text.c console/web_text.h console/web_query.c \
	console/web_query.h console/web_queues.c console/web_bulk.c \
	console/web_check.c console/web_check.h console/web_forms.h \
	console/web_forms_vendor.c console/web_tracks.c console/web_report.c \
	console/web_sor.c console/web_standing.c
reportgate_CFLAGS += $(MHD_CFLAGS) $(SODIUM_CFLAGS)
reportgate_LDADD += $(MHD_LIBS) $(SODIUM_LIBS)

check_PROGRAMS += tests/unit/test-web-html
TESTS += tests/unit/test-web-html tests/integration/web.sh \
	tests/integration/web-login.sh tests/integration/web-console.sh \
	tests/integration/browser.sh \
	tests/integration/web-public.sh tests/integration/web-decide.sh \
	tests/integration/web-flaggers.sh
tests_unit_test_web_html_SOURCES = tests/unit/test-web-html.c \
	console/web_text.c
tests_unit_test_web_html_LDADD = tests/lib/libtest.a web/libweb.a \
	common/libcommon.a
EXTRA_DIST += tests/integration/web.sh tests/integration/web-login.sh \
	tests/integration/web-decide.sh \
	tests/integration/web-public.sh tests/integration/slowhead.py \
	tests/integration/web-lib.sh tests/integration/web-console.sh \
	tests/integration/mkpng.py tests/integration/browser.sh \
	tests/browser/console.py tests/browser/pagewait.py tests/integration/web-flaggers.sh

check_PROGRAMS += tests/unit/test-web-forms
TESTS += tests/unit/test-web-forms
tests_unit_test_web_forms_SOURCES = tests/unit/test-web-forms.c \
	console/web_check.c console/web_tracks.c console/web_forms.c \
	console/web_forms_vendor.c
tests_unit_test_web_forms_LDADD = tests/lib/libtest.a web/libweb.a \
	common/libcommon.a

check_PROGRAMS += tests/unit/test-auth
TESTS += tests/unit/test-auth
tests_unit_test_auth_SOURCES = tests/unit/test-auth.c console/auth.c
tests_unit_test_auth_CFLAGS = $(AM_CFLAGS) $(SODIUM_CFLAGS)
tests_unit_test_auth_LDADD = tests/lib/libtest.a $(SODIUM_LIBS)

# The stylesheet is compiled in as a C string, so the program never
# serves a file that does not match it.
nodist_reportgate_SOURCES = console/style-embed.c
BUILT_SOURCES += console/style-embed.c
CLEANFILES += console/style-embed.c
EXTRA_DIST += console/style.css
console/style-embed.c: $(srcdir)/console/style.css
	$(AM_V_GEN)$(MKDIR_P) console && { \
	echo "/* Generated from console/style.css: do not edit. */"; \
	echo "const char web_style_css[] ="; \
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$$/\\n"/' \
		$(srcdir)/console/style.css; \
	echo ";"; } > $@.tmp && mv -f $@.tmp $@
CLEANFILES += tests/integration/browser-shots/console-list.png \
	tests/integration/browser-shots/console-case.png \
	tests/integration/browser-shots/console-case-800.png \
	tests/integration/browser-shots/console-reports.png
