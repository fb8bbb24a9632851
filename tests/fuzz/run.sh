#!/bin/sh
# tests/fuzz/run.sh SECONDS [TARGET...] - runs each libFuzzer target built
# by build.sh (all six by default) for SECONDS, with a fresh corpus in a
# temporary directory seeded from tests/fixtures/mail/*.eml (and the links
# in them for fuzz-unwrap; the documents of tests/documents/mkdocs.py,
# each behind its type byte, for fuzz-documents and fuzz-wire). Exits non-zero when a target crashes, leaks,
# times out (-timeout=10) or runs out of memory (-rss_limit_mb=512).
# Crash inputs and each target's log are kept in $FUZZ_ARTIFACTS (default
# /tmp/fuzz-artifacts); the corpus is deleted afterwards (never commit
# generated corpora). $BUILDDIR as for build.sh.
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${BUILDDIR:-${TMPDIR:-/tmp}/build-fuzz-lf}
secs=${1:?usage: run.sh SECONDS [TARGET...]}
shift
targets=${*:-fuzz-parser fuzz-bound fuzz-links fuzz-unwrap fuzz-documents fuzz-wire}
artifacts=${FUZZ_ARTIFACTS:-${TMPDIR:-/tmp}/fuzz-artifacts}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/fuzz/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export G_SLICE=always-malloc G_DEBUG=gc-friendly
fail=0

mkdir -p "$artifacts"
for t in $targets; do
	if [ ! -x "$out/$t" ]; then
		echo "run.sh: no $out/$t (run tests/fuzz/build.sh)" >&2
		exit 2
	fi
	corpus=$(mktemp -d "${TMPDIR:-/tmp}/$t-corpus.XXXXXX") || exit 2
	if [ "$t" = fuzz-unwrap ]; then
		i=0
		grep -ohE 'https?://[^] <>"]+' "$src"/tests/fixtures/mail/*.eml |
		sort -u | while read -r url; do
			i=$((i + 1))
			printf '%s' "$url" >"$corpus/url-$i"
		done
	elif [ "$t" = fuzz-documents ] || [ "$t" = fuzz-wire ]; then
		# small documents only (the bombs are too big for -max_len)
		/usr/bin/python3 - "$src/tests/documents/mkdocs.py" "$corpus" <<'PYEOF'
import os, subprocess, sys, tempfile
gen, corpus = sys.argv[1:3]
kinds = {".pdf": 0, ".docx": 1, ".xlsx": 2, ".ods": 3, ".csv": 4,
         ".txt": 5, ".html": 6, ".zip": 7, ".dat": 8}
d = tempfile.mkdtemp()
names = subprocess.check_output([sys.executable, gen, "list"]).split()
small = [n.decode() for n in names if b"bomb" not in n and b"10k" not in n]
subprocess.check_call([sys.executable, gen, d] + small)
for n in small:
    k = kinds.get(os.path.splitext(n)[1])
    if k is not None:
        data = open(os.path.join(d, n), "rb").read()
        open(os.path.join(corpus, n), "wb").write(bytes([k]) + data)
PYEOF
	else
		cp "$src"/tests/fixtures/mail/*.eml "$corpus/"
	fi
	echo "== $t for $secs s"
	"$out/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=512 -print_final_stats=1 \
		-artifact_prefix="$artifacts/$t-" "$corpus" \
		>"$artifacts/$t.log" 2>&1
	status=$?
	tail -n 30 "$artifacts/$t.log"
	rm -rf "$corpus"
	if [ "$status" -ne 0 ]; then
		echo "== $t FAILED (status $status): see $artifacts/$t.log"
		fail=1
	fi
done
exit $fail
