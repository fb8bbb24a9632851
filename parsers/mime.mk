# parsers, MIME side: owned by the parse-mime work
parsers_libparsers_a_SOURCES += parsers/mime-int.h parsers/parser.c \
	parsers/mime-gm.h parsers/mime.c parsers/mime-charset.c \
	parsers/mime-head.c parsers/mime-part.c parsers/mime-walk.c \
	parsers/mime-defuse.c parsers/mime-repair.c parsers/b64.c parsers/html.c parsers/quote.c parsers/kind.c \
	parsers/dsn.c parsers/authres.c parsers/mimebound.c

check_PROGRAMS += tests/unit/test-mime
TESTS += tests/unit/test-mime tests/unit/golden.sh tests/unit/corpus.sh
tests_unit_test_mime_SOURCES = tests/unit/test-mime.c
tests_unit_test_mime_CFLAGS = $(AM_CFLAGS)
tests_unit_test_mime_LDADD = tests/lib/libtest.a $(PARSERS_LIBS)
EXTRA_DIST += tests/unit/golden.sh tests/unit/corpus.sh \
	tests/fixtures/mail

check_PROGRAMS += tests/unit/test-b64
TESTS += tests/unit/test-b64
tests_unit_test_b64_SOURCES = tests/unit/test-b64.c
tests_unit_test_b64_CFLAGS = $(AM_CFLAGS) $(GMIME_CFLAGS)
tests_unit_test_b64_LDADD = tests/lib/libtest.a $(PARSERS_LIBS)

check_PROGRAMS += tests/unit/test-authres
TESTS += tests/unit/test-authres
tests_unit_test_authres_SOURCES = tests/unit/test-authres.c
tests_unit_test_authres_LDADD = tests/lib/libtest.a $(PARSERS_LIBS)

check_PROGRAMS += tests/unit/test-mimebound
TESTS += tests/unit/test-mimebound
tests_unit_test_mimebound_SOURCES = tests/unit/test-mimebound.c
tests_unit_test_mimebound_LDADD = tests/lib/libtest.a $(PARSERS_LIBS)
