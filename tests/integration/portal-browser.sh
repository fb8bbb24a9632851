#!/bin/sh
# tests/integration/portal-browser.sh - the public portal in a real
# browser: a real `reportgate portal`, the SMTP receiver, and
# tests/browser/portal.py driving headless Chromium through Selenium
# (the IP form with three uploads, the mailed link, the status page).
# Skips only where Chromium, its driver, python3-selenium or
# python3-aiosmtpd is missing. TAP from portal.py.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
SRV="$srcdir/tests/integration/smtp-server.sh"
if ! command -v chromium >/dev/null 2>&1 || [ ! -x /usr/bin/chromedriver ]; then
	echo "1..0 # SKIP Chromium is not installed (apt-get install chromium chromium-driver)"
	exit 0
fi
if ! "$PY" -c 'import selenium' 2>/dev/null || ! "$SRV" check; then
	echo "1..0 # SKIP python3-selenium or python3-aiosmtpd is not installed"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-pbrowser-XXXXXX")
PPID_=
cleanup() {
	[ -n "$PPID_" ] && kill -TERM "$PPID_" 2>/dev/null && wait "$PPID_" 2>/dev/null
	"$SRV" stop "$T/srv" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
setup_failed() { echo "not ok 1 - $1"; sed 's/^/# /' "$T/log" 2>/dev/null | tail -20; echo "1..1"; exit 1; }
freeport() { "$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
SP=$(freeport)
PP=$(freeport)
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
"$SRV" start "$SP" "$T/srv" >/dev/null || setup_failed "the SMTP receiver starts"
head -c 48 /dev/urandom | base64 -w0 > "$T/portal.key"
chmod 600 "$T/portal.key"
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
[smtp]
url = smtp://127.0.0.1:$SP
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
[intake]
message_id_host = gw.example.net
[portal]
base_url = http://127.0.0.1:$PP
secret_file = $T/portal.key
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
mkdir -p "$T/files"
printf '%%PDF-1.4 passport of Jane Doe\n' > "$T/files/passport.pdf"
printf '%%PDF-1.4 power of attorney\n' > "$T/files/poa.pdf"
printf '\211PNG\r\n\032\nregistration certificate' > "$T/files/cert.png"
"$REPORTGATE" portal --listen "127.0.0.1:$PP" 2>"$T/log" </dev/null &
PPID_=$!
i=0
while [ $i -lt 100 ] && ! grep -q 'event=portal.listening' "$T/log" && kill -0 "$PPID_" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
grep -q 'event=portal.listening' "$T/log" || setup_failed "portal starts"
U=http://127.0.0.1:$PP MAILDIR=$T/srv/Maildir/new FILES=$T/files \
	PROFILE=$T/profile REPORTGATE=$REPORTGATE "$PY" "$srcdir/tests/browser/portal.py"
