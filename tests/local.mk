# tests: source policy and integration tests (each prints TAP).
TESTS += tests/check-src.sh
EXTRA_DIST += tests/check-src.sh
include tests/fuzz.mk
TESTS += tests/integration/e2e-imap.sh
EXTRA_DIST += tests/integration/e2e-imap.sh
