bin_PROGRAMS += reportgate
reportgate_SOURCES = intake/main.c intake/commands.h intake/config.h \
	intake/cmd_parse.c
reportgate_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
reportgate_LDADD = common/libcommon.a $(GLIB_LIBS)
