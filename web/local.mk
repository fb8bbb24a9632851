# web: what every web process needs (the staff console, the public
# portal): the escaping HTML writer, the guards of posted forms and the
# listening address (common only; unit-tested alone), and what both do
# alike with libmicrohttpd (web_mhd.c) and the deadline of each request
# head (web_deadline.c).
noinst_LIBRARIES += web/libweb.a
web_libweb_a_SOURCES = web/web_html.c web/web_html.h web/web_guard.c \
	web/web_guard.h web/web_listen.c web/web_listen.h \
	web/web_mhd.c web/web_mhd.h web/web_deadline.c web/web_deadline.h
web_libweb_a_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS)
