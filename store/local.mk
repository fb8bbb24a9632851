# store: SQLite schema, migrations, queries.
noinst_LIBRARIES += store/libstore.a
STORE_SQL = store/sql/0001-init.sql store/sql/0002-workflow.sql \
	store/sql/0003-outbox-claim.sql \
	store/sql/0004-staff.sql store/sql/0005-raw-files.sql \
	store/sql/0006-search-pending.sql store/sql/0007-search-merge.sql \
	store/sql/0008-intake-attempts.sql store/sql/0009-listing-groups.sql \
	store/sql/0010-portal.sql store/sql/0011-listing-tracks.sql \
	store/sql/0012-accounts.sql store/sql/0013-statements.sql \
	store/sql/0014-notice-sources.sql store/sql/0015-counter-forward.sql \
	store/sql/0016-portal-state.sql store/sql/0017-complaints.sql
store_libstore_a_SOURCES = store/store.h store/store-staff.h store/store-standing.h store/store-complaints.h store/store-int.h store/migrate.h \
	store/db.c store/migrate.c store/refs.c store/cases.c \
	store/evidence.c store/messages.c store/attachments.c \
	store/events.c store/outbox.c store/sync.c store/quarantine.c \
	store/transition.c store/portal.c store/portal_state.c \
	store/directory.c store/evreq.c \
	store/related.c store/search.c store/view.c store/senders.c \
	store/attempts.c store/tracks.c store/counter.c \
	store/accounts.c store/staffview.c store/queues.c \
	store/complaints.c store/initiative.c \
	store/statements.c store/store-sor.h store/standing.c \
	store/store-report.h store/report.c
nodist_store_libstore_a_SOURCES = store/sql-embed.c
store_libstore_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
BUILT_SOURCES += store/sql-embed.c
CLEANFILES += store/sql-embed.c
EXTRA_DIST += $(STORE_SQL) store/sql-embed.sh
# The migrations are compiled in, so a program never runs with SQL files
# that do not match it.
store/sql-embed.c: $(STORE_SQL:%=$(srcdir)/%) $(srcdir)/store/sql-embed.sh
	$(AM_V_GEN)$(MKDIR_P) store && \
	$(SHELL) $(srcdir)/store/sql-embed.sh $(STORE_SQL:%=$(srcdir)/%) \
		> $@.tmp && mv -f $@.tmp $@

check_PROGRAMS += tests/unit/test-store
TESTS += tests/unit/test-store
tests_unit_test_store_SOURCES = tests/unit/test-store.c
tests_unit_test_store_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)
EXTRA_DIST += tests/fixtures/store/v1.sql tests/fixtures/store/v7.sql \
	tests/fixtures/store/v7-tracks.sql tests/fixtures/store/v7-tracks.sh \
	tests/fixtures/store/v12.sql tests/fixtures/store/v12.sh \
	tests/fixtures/store/v12-counters.sql \
	tests/fixtures/store/v12-counters.sh \
	tests/fixtures/store/v15.sql tests/fixtures/store/v15.sh

check_PROGRAMS += tests/unit/test-store-workflow
TESTS += tests/unit/test-store-workflow
tests_unit_test_store_workflow_SOURCES = tests/unit/test-store-workflow.c
tests_unit_test_store_workflow_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_workflow_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)

check_PROGRAMS += tests/unit/test-store-complaints
TESTS += tests/unit/test-store-complaints
tests_unit_test_store_complaints_SOURCES = tests/unit/test-store-complaints.c \
	tests/lib/teststore.c tests/lib/teststore.h
tests_unit_test_store_complaints_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_complaints_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)
EXTRA_DIST += tests/fixtures/store/v16-decisions.sql \
	tests/fixtures/store/v16-decisions.sh

check_PROGRAMS += tests/unit/test-store-accounts
TESTS += tests/unit/test-store-accounts
tests_unit_test_store_accounts_SOURCES = tests/unit/test-store-accounts.c \
	tests/lib/teststore.c tests/lib/teststore.h
tests_unit_test_store_accounts_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_accounts_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)

check_PROGRAMS += tests/unit/test-store-portal
TESTS += tests/unit/test-store-portal
tests_unit_test_store_portal_SOURCES = tests/unit/test-store-portal.c \
	tests/lib/teststore.c tests/lib/teststore.h
tests_unit_test_store_portal_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_portal_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)

check_PROGRAMS += tests/unit/test-store-files
TESTS += tests/unit/test-store-files
tests_unit_test_store_files_SOURCES = tests/unit/test-store-files.c
tests_unit_test_store_files_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_files_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)

check_PROGRAMS += tests/unit/test-store-standing
TESTS += tests/unit/test-store-standing
tests_unit_test_store_standing_SOURCES = tests/unit/test-store-standing.c \
	tests/lib/teststore.c tests/lib/teststore.h
tests_unit_test_store_standing_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_standing_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)

check_PROGRAMS += tests/unit/test-store-sor
TESTS += tests/unit/test-store-sor
tests_unit_test_store_sor_SOURCES = tests/unit/test-store-sor.c
tests_unit_test_store_sor_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_sor_LDADD = tests/lib/libtest.a store/libstore.a \
	common/libcommon.a $(SQLITE_LIBS)
