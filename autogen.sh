#!/bin/sh
# Generates configure and Makefile.in (not kept in git).
set -eu
cd "$(dirname "$0")"
mkdir -p m4 build-aux
autoreconf -fi
# automake does not install the TAP driver by itself
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
