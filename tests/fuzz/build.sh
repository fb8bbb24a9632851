#!/bin/sh
# tests/fuzz/build.sh [BUILDDIR] - builds the libFuzzer targets
# (fuzz-parser, fuzz-bound, fuzz-links, fuzz-unwrap, fuzz-documents,
# fuzz-wire) with clang, ASan and UBSan.
# The tree is configured once with CC=clang in BUILDDIR (default
# /tmp/build-fuzz-lf) so the parser library, its generated rules-builtin.c
# and autoconfig.h are exactly those of a normal build; the library is
# instrumented with -fsanitize=fuzzer-no-link. Needs clang and
# libclang-rt-14-dev (deploy/install-deps.sh). Not part of make check.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-${TMPDIR:-/tmp}/build-fuzz-lf}
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer $san"
pkgs="gmime-3.0 libxml-2.0 libcurl gnutls"

command -v clang >/dev/null || { echo "build.sh: clang is missing" >&2; exit 1; }
[ -x "$src/configure" ] || (cd "$src" && ./autogen.sh)
mkdir -p "$out"
cd "$out"
if [ ! -f Makefile ]; then
	CC=clang CFLAGS="$cflags -fsanitize=fuzzer-no-link" \
		"$src/configure" --disable-werror >configure.log ||
		{ cat configure.log >&2; exit 1; }
fi
make -s parsers/libparsers.a documents/libdocuments.a \
	documents/libextract.a common/libcommon.a
# the parser's targets link the parser; fuzz-documents and fuzz-wire the
# document readers (in-process, no sandbox) and the records' reader
dpkgs="poppler-glib libarchive libxml-2.0 libseccomp libytnef"
# the readers link tesseract and leptonica when configure found them (OCR)
if pkg-config --exists tesseract lept; then
	dpkgs="$dpkgs tesseract lept"
fi
for t in fuzz-parser fuzz-bound fuzz-links fuzz-unwrap fuzz-documents fuzz-wire; do
	case $t in
	fuzz-documents | fuzz-wire) libs=documents/libextract.a p=$dpkgs ;;
	*) libs=parsers/libparsers.a p=$pkgs ;;
	esac
	# shellcheck disable=SC2046,SC2086 # pkg-config output is a word list
	clang $cflags -fsanitize=fuzzer -std=gnu11 -I"$src" -I"$out" \
		$(pkg-config --cflags $p) -o "$out/$t" "$src/tests/fuzz/$t.c" \
		$libs documents/libdocuments.a common/libcommon.a \
		$(pkg-config --libs $p)
	echo "built $out/$t"
done
