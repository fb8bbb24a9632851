# tests: robustness. hostile.sh runs in make check; the libFuzzer targets
# under tests/fuzz/ are built and run by hand (tests/fuzz/README.md).
TESTS += tests/unit/hostile.sh
EXTRA_DIST += tests/unit/hostile.sh tests/fuzz/README.md \
	tests/fuzz/build.sh tests/fuzz/run.sh tests/fuzz/fuzz-parser.c \
	tests/fuzz/fuzz-links.c tests/fuzz/fuzz-unwrap.c \
	tests/fuzz/fuzz-documents.c tests/fuzz/fuzz-wire.c tests/fuzz/fuzz-bound.c \
	tests/fuzz/lsan.supp
