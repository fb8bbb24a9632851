#!/bin/bash
# tests/integration/refile.sh - `reportgate refile`: an innocent report
# quarantined as poison (its parse "began" [intake] max_attempts times
# and never finished: what kills from outside landing in its parse look
# like) is filed again from the stored bytes: one case, its
# acknowledgement queued, the quarantine entry gone with a
# "message.refiled" event naming who, the message row kept (same id,
# receipt time and location); a second refile and a later poll change
# nothing. Real Dovecot. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
PY=/usr/bin/python3

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_dovecot

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-refile-XXXXXX")
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
sql() { "$PY" -c 'import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print("" if r is None or r[0] is None else r[0])' "$T/rg.db" "$1"; }
rg() { "$REPORTGATE" --config "$T/rg.conf" "$@"; }

printf 'From: Rights Holder <rh@brand-refile.example>\nTo: ip-reports@gw.example.net\nSubject: Trademark report\nMessage-ID: <refile-1@brand-refile.example>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nOur trademark is infringed: https://marketplace.alibabacloud.com/products/1/refile1.html\n' > "$T/1.eml"
dovecot deliver "$DC" "$T/1.eml" >/dev/null
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

[smtp]
url = smtp://127.0.0.1:9
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
CONF
# An empty store, then three parses of UID 1 "begun and never finished".
rg cases list >/dev/null 2>&1
uidv=$("$PY" -c 'import imaplib, re, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("testuser", "testpass")
t, d = m.status("INBOX", "(UIDVALIDITY)")
print(re.search(rb"UIDVALIDITY (\d+)", d[0]).group(1).decode())
m.logout()' "$PORT")
"$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO intake_attempts VALUES (?, ?, 1, 3, 0)",
          ("INBOX", int(sys.argv[2])))
c.commit()' "$T/rg.db" "$uidv"
check "three parses of UID 1 on record (UIDVALIDITY $uidv)" \
	[ "$(sql 'SELECT attempts FROM intake_attempts')" = 3 ]
rg poll --once >/dev/null 2>"$T/poll.log"
check "the innocent report is quarantined as poison" \
	[ "$(sql "SELECT count(*) FROM quarantine WHERE reason LIKE '%never finished%'")" = 1 ]
check "no case yet" [ "$(sql 'SELECT count(*) FROM cases')" = 0 ]
qid=$(sql 'SELECT id FROM quarantine')
mid=$(sql 'SELECT message_id FROM quarantine')
recv=$(sql "SELECT received FROM messages WHERE id = $mid")

rg refile 999 >/dev/null 2>"$T/err"
check "refile of an unknown entry exits 1" [ $? -eq 1 ]
rg refile x >/dev/null 2>&1
check "refile of a non-number is a usage error (2)" [ $? -eq 2 ]
out=$(rg refile "$qid" --as alice 2>"$T/err")
rc=$?
all() { local c; for c in "$@"; do eval "$c" || return 1; done; }
check "refile files it ($out)" all '[ $rc -eq 0 ]' \
	'echo "$out" | grep -q "^refiled "'
check "one case, from its bytes" all \
	'[ "$(sql "SELECT count(*) FROM cases")" = 1 ]' \
	'[ "$(sql "SELECT count(*) FROM case_listings WHERE url LIKE '"'"'%refile1%'"'"'")" = 1 ]'
check "the same message row, now in the case, its receipt time kept" all \
	'[ "$(sql "SELECT count(*) FROM messages")" = 1 ]' \
	'[ -n "$(sql "SELECT case_id FROM messages WHERE id = $mid")" ]' \
	'[ -n "$recv" ]' \
	'[ "$(sql "SELECT received FROM messages WHERE id = $mid")" = "$recv" ]'
check "the message is parsed now (kind set)" \
	[ -n "$(sql "SELECT kind FROM messages WHERE id = $mid")" ]
check "its acknowledgement is queued" [ "$(sql 'SELECT count(*) FROM outbox')" = 1 ]
check "the quarantine is empty" [ "$(sql 'SELECT count(*) FROM quarantine')" = 0 ]
check "message.refiled names who and why" all \
	'[ "$(sql "SELECT actor FROM events WHERE type = '"'"'message.refiled'"'"'")" = alice ]' \
	'sql "SELECT detail FROM events WHERE type = '"'"'message.refiled'"'"'" | grep -q "never finished"'
rg refile "$qid" >/dev/null 2>&1
rc=$?
check "a second refile exits 1, nothing changes" all '[ $rc -eq 1 ]' \
	'[ "$(sql "SELECT count(*) FROM cases")" = 1 ]'
rg poll --once >/dev/null 2>>"$T/poll.log"
check "a later poll files nothing again" all \
	'[ "$(sql "SELECT count(*) FROM cases")" = 1 ]' \
	'[ "$(sql "SELECT count(*) FROM outbox")" = 1 ]'
echo "1..$n"
[ "$fails" -eq 0 ]
