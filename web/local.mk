# web: what every web process needs (the staff console, the public
# portal): the escaping HTML writer, the guards of posted forms and the
# listening address. Depends on common only; unit-tested alone.
noinst_LIBRARIES += web/libweb.a
web_libweb_a_SOURCES = web/web_html.c web/web_html.h web/web_guard.c \
	web/web_guard.h web/web_listen.c web/web_listen.h
web_libweb_a_CFLAGS = $(AM_CFLAGS)
