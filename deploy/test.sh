#!/bin/sh
# deploy/test.sh - installs what is needed, builds reportgate and runs the
# whole test suite (unit and integration), ending with "N passed, N failed".
#   sh deploy/test.sh              build with the warning set, run every test
#   sh deploy/test.sh --sanitize   the same under AddressSanitizer + UBSan
#   sh deploy/test.sh --ci         both, with -Werror, make distcheck of
#                                  the release tarball, then every fuzz
#                                  target (about 4 min) (what .ci/run does)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-plain}
case $mode in plain | --sanitize | --ci) ;; *)
	echo "usage: $0 [--sanitize|--ci]" >&2
	exit 2
	;;
esac

sh "$top/deploy/install-deps.sh"
(cd "$top" && ./autogen.sh >/dev/null 2>&1) || (cd "$top" && ./autogen.sh)

passed=0
failed=0
run_suite() { # run_suite NAME CONFIGURE-ARGS...
	name=$1
	shift
	b="$top/build-$name"
	mkdir -p "$b"
	(cd "$b" && "$top/configure" --quiet "$@" >configure.out 2>&1) || {
		cat "$b/configure.out"
		exit 1
	}
	make -C "$b" -j"$(nproc)" >"$b/make.out" 2>&1 || {
		cat "$b/make.out"
		exit 1
	}
	set +e
	make -C "$b" -j"$(nproc)" check >"$b/check.out" 2>&1
	set -e
	grep -E '^(FAIL|ERROR|XPASS):' "$b/check.out" || true
	p=$(awk '/^# PASS:/{print $3}' "$b/check.out")
	s=$(awk '/^# SKIP:/{print $3}' "$b/check.out")
	f=$(awk '/^# FAIL:/{f=$3} /^# ERROR:/{e=$3} /^# XPASS:/{x=$3} END{print f+e+x}' "$b/check.out")
	if [ -z "$p" ]; then
		echo "test run '$name' produced no summary:"
		tail -50 "$b/check.out"
		f=$((f + 1))
		p=0
	fi
	echo "suite $name: ${p} passed, ${f} failed, ${s:-0} skipped"
	if [ "$f" -ne 0 ]; then
		for log in $(grep -lE '^(not ok|ERROR)' "$b"/tests/*.log "$b"/tests/*/*.log 2>/dev/null); do
			echo "--- $log"
			grep -E -B2 -A8 '^not ok' "$log" | head -60
		done
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

# make distcheck-quick in the plain build (Makefile.am): the release
# tarball must build out of tree and pass the tests that need no daemon.
# One test point.
run_distcheck() {
	b="$top/build-plain"
	if make -C "$b" distcheck-quick >"$b/distcheck.out" 2>&1; then
		echo "distcheck: 1 passed, 0 failed"
		passed=$((passed + 1))
	else
		grep -E '^(FAIL|ERROR):' "$b/distcheck.out" || true
		tail -n 40 "$b/distcheck.out"
		echo "distcheck: 0 passed, 1 failed (see $b/distcheck.out)"
		failed=$((failed + 1))
	fi
}

# --ci also fuzzes, with the fixtures as the corpus, so that a regression
# in the parser's bounds is caught: fuzz-parser and fuzz-bound (the MIME
# structure count and Authentication-Results) for $FUZZ_SECONDS (60)
# each, the other four targets for $FUZZ_SECONDS_OTHER (60) each: 360 s
# of fuzzing, a minute a target, plus the clang build
# (tests/fuzz/README.md). Counts as one test.
run_fuzz() {
	fb="$top/build-fuzz"
	if sh "$top/tests/fuzz/build.sh" "$fb" >"$fb.out" 2>&1 &&
		BUILDDIR=$fb FUZZ_ARTIFACTS=$fb-artifacts sh "$top/tests/fuzz/run.sh" \
			"${FUZZ_SECONDS:-60}" fuzz-parser fuzz-bound >>"$fb.out" 2>&1 &&
		BUILDDIR=$fb FUZZ_ARTIFACTS=$fb-artifacts sh "$top/tests/fuzz/run.sh" \
			"${FUZZ_SECONDS_OTHER:-60}" fuzz-links fuzz-unwrap \
			fuzz-documents fuzz-wire >>"$fb.out" 2>&1; then
		echo "fuzz: no crash, leak, timeout or memory blow-up"
		passed=$((passed + 1))
	else
		echo "fuzz: FAILED"
		grep -E '^== .* FAILED' "$fb.out" || tail -20 "$fb.out"
		failed=$((failed + 1))
	fi
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1
export G_SLICE=always-malloc G_DEBUG=gc-friendly
case $mode in
plain) run_suite plain ;;
--sanitize) run_suite asan --enable-sanitizers CC=clang ;;
--ci)
	run_suite plain --enable-werror
	run_suite asan --enable-werror --enable-sanitizers CC=clang
	run_distcheck
	run_fuzz
	;;
esac
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
