# tests: source policy and integration tests (each prints TAP).
TESTS += tests/check-src.sh
EXTRA_DIST += tests/check-src.sh
include tests/fuzz.mk
