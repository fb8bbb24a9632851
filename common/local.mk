noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_SOURCES = \
	common/buf.c common/buf.h \
	common/hex.c common/hex.h \
	common/err.c common/err.h \
	common/json.c common/json.h \
	common/log.c common/log.h \
	common/mem.c common/mem.h \
	common/report.c common/report.h common/report_json.c \
	common/strv.c common/strv.h \
	common/utf8.c common/utf8.h common/backoff.c common/backoff.h \
	common/sanitizer.h \
	common/hostport.c common/hostport.h \
	common/config.h common/file.c common/file.h \
	common/secret.c common/secret.h common/signals.c common/signals.h \
	common/wallclock.c common/wallclock.h \
	common/sender.c common/sender.h \
	common/noticepolicy.c common/noticepolicy.h \
	common/dsa.c common/dsa.h

noinst_LIBRARIES += tests/lib/libtest.a
tests_lib_libtest_a_SOURCES = tests/lib/testlib.c tests/lib/testlib.h

check_PROGRAMS += tests/unit/test-common
TESTS += tests/unit/test-common
tests_unit_test_common_SOURCES = tests/unit/test-common.c
tests_unit_test_common_LDADD = tests/lib/libtest.a common/libcommon.a

# The case workflow core: state machine, deadlines, CSV reader (pure, libc).
common_libcommon_a_SOURCES += common/casestate.c common/casestate.h
common_libcommon_a_SOURCES += common/listingstate.c common/listingstate.h
common_libcommon_a_SOURCES += common/deadline.c common/deadline.h
common_libcommon_a_SOURCES += common/csv.c common/csv.h

check_PROGRAMS += tests/unit/test-workflow
TESTS += tests/unit/test-workflow
tests_unit_test_workflow_SOURCES = tests/unit/test-workflow.c
tests_unit_test_workflow_LDADD = tests/lib/libtest.a common/libcommon.a

check_PROGRAMS += tests/unit/test-deadline
TESTS += tests/unit/test-deadline
tests_unit_test_deadline_SOURCES = tests/unit/test-deadline.c
tests_unit_test_deadline_LDADD = tests/lib/libtest.a common/libcommon.a

check_PROGRAMS += tests/unit/test-csv
TESTS += tests/unit/test-csv
tests_unit_test_csv_SOURCES = tests/unit/test-csv.c
tests_unit_test_csv_LDADD = tests/lib/libtest.a common/libcommon.a
