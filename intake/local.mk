# intake: the program. Each part keeps its own fragment.
bin_PROGRAMS += reportgate
reportgate_SOURCES = intake/main.c intake/commands.h intake/config.h \
	intake/cmd_parse.c
reportgate_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(GMIME_CFLAGS) $(CURL_CFLAGS) \
	$(ETPAN_CFLAGS) $(GNUTLS_CFLAGS) $(SQLITE_CFLAGS)
reportgate_LDADD =
include intake/config.mk
include intake/pipeline.mk
include intake/imap.mk
include intake/smtp.mk
include intake/poll.mk
include intake/acks.mk
include intake/web.mk
include intake/staff.mk
# libraries last, lowest module last
reportgate_LDADD += parsers/libparsers.a documents/libdocuments.a templates/libtemplates.a \
	store/libstore.a common/libcommon.a \
	$(ETPAN_LIBS) $(GNUTLS_LIBS) $(GMIME_LIBS) $(XML_LIBS) $(CURL_LIBS) \
	$(SQLITE_LIBS) $(GLIB_LIBS)
