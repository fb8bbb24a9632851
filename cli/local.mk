# cli: the program - main, one file per command, the configuration file
# reader and printer (GKeyFile), the service loop of poll and run, and
# GLib's log handler.
bin_PROGRAMS += reportgate
reportgate_SOURCES += cli/main.c cli/commands.h \
	cli/config.c cli/config_check.c cli/config.h cli/config-int.h cli/config_print.c \
	cli/glib_log.c cli/glib_log.h cli/service.c cli/service.h \
	cli/cmd_parse.c cli/cmd_check_config.c cli/cmd_ingest.c \
	cli/cmd_poll.c cli/cmd_run.c cli/cmd_send.c cli/cmd_serve.c \
	cli/cmd_portal.c cli/cmd_refile.c cli/filing.c cli/filing.h \
	cli/cmd_listings.c cli/cmd_cases.c cli/cmd_cases.h \
	cli/cmd_cases_act.c cli/cmd_cases_export.c cli/open.c cli/open.h \
	cli/cmd_users.c cli/cmd_cases_assign.c cli/cmd_cases_complaint.c \
	cli/cmd_sor.c cli/cmd_sor.h \
	cli/cmd_report.c cli/cmd_vendors.c

check_PROGRAMS += tests/unit/test-config
TESTS += tests/unit/test-config tests/integration/check-config.sh \
	tests/integration/first-run.sh tests/integration/refile.sh
tests_unit_test_config_SOURCES = tests/unit/test-config.c \
	cli/config.c cli/config_check.c cli/config_print.c cli/glib_log.c
tests_unit_test_config_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
tests_unit_test_config_LDADD = tests/lib/libtest.a parsers/libparsers.a \
	documents/libdocuments.a \
	common/libcommon.a $(GMIME_LIBS) $(XML_LIBS) $(CURL_LIBS) $(GNUTLS_LIBS) $(GLIB_LIBS)
EXTRA_DIST += tests/integration/check-config.sh tests/fixtures/config \
	tests/integration/first-run.sh tests/integration/refile.sh \
	deploy/reportgate.conf.sample deploy/reportgate.service deploy/demo.sh \
	deploy/reportgate-sor.service deploy/reportgate-sor.timer
