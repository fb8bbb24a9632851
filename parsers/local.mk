# parsers: a mail's bytes -> struct report. No I/O beyond the fd it is given.
noinst_LIBRARIES += parsers/libparsers.a
parsers_libparsers_a_SOURCES = parsers/parser.h parsers/parser-int.h \
	parsers/setup.c parsers/setup.h parsers/docs.c parsers/docs-int.h
parsers_libparsers_a_CFLAGS = $(AM_CFLAGS) $(GMIME_CFLAGS) $(XML_CFLAGS) $(CURL_CFLAGS) $(GNUTLS_CFLAGS)
PARSERS_LIBS = parsers/libparsers.a documents/libdocuments.a common/libcommon.a $(GMIME_LIBS) $(XML_LIBS) $(CURL_LIBS) $(GNUTLS_LIBS)
# MIME side (mime.c, html.c, quote.c, kind.c, parser.c) and text side
# (links, unwrap, rules, classify, form, analyze) keep their own lists.
include parsers/mime.mk
include parsers/text.mk
