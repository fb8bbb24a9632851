#!/bin/bash
# tests/integration/poll-poison.sh - a mail that kills the poller every
# time it is parsed (here: a mail of 100,000 parts of 40 header fields
# each, which limits raised to their maximum let GMime build, ~2 GB)
# between two reports in a real Dovecot, polled with `poll --once` under
# a memory cap of 800 MB (ulimit -v): the runs that die record their
# attempts, the poison is moved to the quarantine folder unparsed after
# [intake] max_attempts, and both reports are filed. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
PY=/usr/bin/python3
CAP_KB=800000

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_dovecot
# ASan reserves terabytes of address space: no ulimit -v under it
if grep -q -e '--enable-sanitizers' "$(dirname "$REPORTGATE")/config.log" 2>/dev/null; then
	skip_all "a memory cap does not work under ASan"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-poison-XXXXXX")
chmod o+x "$T"
DC=$T/dovecot
cleanup() {
	if [ -f "$DC/run/test-master.pid" ]; then
		bash "$DOVECOT_SH" stop "$DC" >/dev/null 2>&1
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
start_dovecot "$DC"
printf 'testpass\n' > "$T/pass"
chmod 600 "$T/pass"
count() {	# count FOLDER: messages in it, from the Maildir
	local d=$MD
	[ "$1" = INBOX ] || d=$MD/.$1
	find "$d/cur" "$d/new" -type f 2>/dev/null | wc -l
}
report() {	# report I: a small IP report
	printf 'From: Rights Holder %s <rh%s@brand%s.example>\nTo: ip-reports@gw.example.net\nSubject: Report %s\nMessage-ID: <poison-%s@brand.example>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nOur trademark is infringed: https://marketplace.alibabacloud.com/products/1/p%s.html\n' \
		"$1" "$1" "$1" "$1" "$1" "$1"
}
report 1 > "$T/1.eml"
"$PY" -c 'import sys
h = b"From: x@poison.example\nSubject: poison\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
part = b"--b\n" + b"A: b\n" * 40 + b"\n"
sys.stdout.buffer.write(h + part * 100000 + b"--b--\n")' > "$T/poison.eml"
report 2 > "$T/2.eml"
for f in 1 poison 2; do
	dovecot deliver "$DC" "$T/$f.eml" >/dev/null
done
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[imap]
host = localhost
port = $PORT
security = none
allow_plaintext = true
user = testuser
password_file = $T/pass
timeout = 30

[mailbox ip]
folder = INBOX
stream = ip

[intake]
max_attempts = 3

[limits]
max_message_bytes = 64m
max_mime_parts = 100000
max_header_bytes = 64m
CONF
died=0
runs=0
while [ "$runs" -lt 6 ] && [ "$(count INBOX)" -gt 0 ]; do
	runs=$((runs + 1))
	( ulimit -v "$CAP_KB"; MALLOC_ARENA_MAX=2 exec "$REPORTGATE" \
		--config "$T/rg.conf" poll --once ) >/dev/null 2>>"$T/poll.log"
	rc=$?
	[ $rc -ne 0 ] && died=$((died + 1))
	diag "run $runs: exit $rc, INBOX $(count INBOX)"
done
check "the poller died in the poison exactly max_attempts (3) times ($died)" [ "$died" -eq 3 ]
check "INBOX emptied" [ "$(count INBOX)" -eq 0 ]
check "the poison is in the quarantine folder" [ "$(count Quarantine)" -eq 1 ]
check "both reports filed and moved" [ "$(count Processed)" -eq 2 ] &&
	[ "$("$REPORTGATE" --config "$T/rg.conf" cases list --json | wc -l)" -eq 2 ]
check "the quarantine entry says why" sh -c "\"$REPORTGATE\" --config \"$T/rg.conf\" \
	cases list --quarantine --json | grep -q 'never finished'"
check "each retry logged as parsed alone" [ "$(grep -c 'event=message.retry' "$T/poll.log")" -ge 2 ]
check "no attempt left on record" [ "$("$PY" -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM intake_attempts").fetchone()[0])' "$T/rg.db")" -eq 0 ]
echo "1..$n"
[ "$fails" -eq 0 ]
