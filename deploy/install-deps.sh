#!/bin/sh
# Installs the Debian 12 packages reportgate needs to build, test and run.
# Idempotent and non-interactive; run as root (or it re-runs itself with sudo).
set -eu
if [ "$(id -u)" -ne 0 ]; then
	exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
PKGS="build-essential pkg-config autoconf automake libtool
libetpan-dev libgmime-3.0-dev libcurl4-gnutls-dev libsqlite3-dev
libgnutls28-dev libglib2.0-dev libxml2-dev libmicrohttpd-dev libsodium-dev
dovecot-imapd python3-aiosmtpd python3 sqlite3 openssl ca-certificates
clang libclang-rt-14-dev curl
libpoppler-glib-dev libarchive-dev libseccomp-dev libytnef0-dev poppler-utils
poppler-data libtesseract-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim
chromium chromium-driver python3-selenium fonts-wqy-microhei"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
echo "install-deps: installing:$missing"
apt-get update
# shellcheck disable=SC2086
apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends $missing
