#!/bin/bash
# tests/integration/poll.sh - reportgate poll and run against a throwaway
# Dovecot (tests/integration/dovecot.sh) on free loopback ports: plain,
# STARTTLS and imaps with the test CA, wrong password, missing folder,
# quarantine folder, several mailboxes with their streams, UIDVALIDITY
# change, COPY/EXPUNGE fallback without MOVE, flag-only mailboxes, IDLE
# wake-up, server restart mid-run, SIGTERM and `run`. TAP output. Needs
# root and dovecot-imapd, else every point is skipped.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
PY=/usr/bin/python3
WAIT=${POLL_TEST_WAIT:-20}	# bound for anything asynchronous, seconds

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_dovecot

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-poll-XXXXXX")
chmod o+x "$T"
DC=$T/dovecot
POLLER=
cleanup() {
	if [ -n "$POLLER" ]; then kill -KILL "$POLLER" 2>/dev/null; fi
	if [ -f "$DC/run/test-master.pid" ]; then
		bash "$DOVECOT_SH" stop "$DC" >/dev/null 2>&1
	fi
	[ -n "${POLL_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
start_dovecot "$DC"
printf 'testpass\n' > "$T/pass"
printf 'wrongpass\n' > "$T/badpass"
chmod 600 "$T/pass" "$T/badpass"
diag "Dovecot on 127.0.0.1:$PORT, imaps $IMAPS"

# count FOLDER: messages in a folder, from the Maildir (INBOX or .NAME)
count() {
	local d=$MD
	[ "$1" = INBOX ] || d=$MD/.$(echo "$1" | tr / .)	# Maildir++
	find "$d/cur" "$d/new" -type f 2>/dev/null | wc -l
}
# mail I [SUBJECT]: a distinct small IP report
seq_mail=0
mail() {
	seq_mail=$((seq_mail + 1))
	printf 'From: Rights Holder %s <rh%s@brand%s.example>\nTo: ip-reports@gw.example.net\nSubject: %s\nMessage-ID: <poll-%s-%s@brand.example>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nOur trademark is infringed by this listing:\nhttps://marketplace.alibabacloud.com/products/5670%04d/item%s.html\n' \
		"$1" "$1" "$1" "${2:-Infringing listing $1}" "$1" "$seq_mail" "$seq_mail" "$1"
}
deliver() {	# deliver I [FOLDER]
	mail "$1" > "$T/m.eml"
	dovecot deliver "$DC" "$T/m.eml" ${2:+"$2"} >/dev/null
}
# conf NAME SECURITY PORT [PASSFILE] [EXTRA...]: writes $T/NAME.conf
# with its own store; EXTRA lines follow (mailbox groups), else one
# [mailbox ip] on INBOX.
conf() {
	local name=$1 sec=$2 port=$3 pass=${4:-$T/pass}
	shift 4 2>/dev/null || shift $#
	{
		printf '[store]\npath = %s/%s.db\nattachments_dir = %s/%s-att\n\n' \
			"$T" "$name" "$T" "$name"
		printf '[imap]\nhost = localhost\nport = %s\nsecurity = %s\n' "$port" "$sec"
		printf 'ca_file = %s\nuser = testuser\npassword_file = %s\n' "$CA" "$pass"
		[ "$sec" = none ] && printf 'allow_plaintext = true\n'
		printf 'timeout = 10\npoll_seconds = %s\nidle_seconds = 60\n\n' "${POLL_SECONDS:-600}"
		if [ $# -gt 0 ]; then
			printf '%s\n' "$@"
		else
			printf '[mailbox ip]\nfolder = INBOX\nstream = ip\n'
		fi
	} > "$T/$name.conf"
}
rg() {	# rg NAME ARGS...: reportgate with $T/NAME.conf, stderr to NAME.log
	local name=$1
	shift
	"$REPORTGATE" --config "$T/$name.conf" "$@" 2>>"$T/$name.log"
}
ncases() { rg "$1" cases list --json | wc -l; }
cases_are() { [ "$(ncases "$1")" -eq "$2" ]; }

# 1. Plain IMAP (allowed explicitly), 2 messages.
deliver 1
deliver 2
conf plain none "$PORT"
out=$(rg plain poll --once)
check "plain: poll --once exits 0" [ $? -eq 0 ]
check "plain: summary filed 2" [ "$out" = "filed 2, duplicates 0, quarantined 0, failed 0" ]
check "plain: 2 cases" cases_are plain 2
check "plain: INBOX empty, 2 in Processed" [ "$(count INBOX)/$(count Processed)" = 0/2 ]
check "plain: one log line per message with msg=INBOX:V:U" \
	[ "$(grep -c 'event=message.filed msg=INBOX:[0-9]*:[12] ' "$T/plain.log")" -eq 2 ]
check "plain: the password never appears in the log" \
	[ "$(grep -c testpass "$T/plain.log")" -eq 0 ]
conf plain-refused none "$PORT"
sed -i '/allow_plaintext/d' "$T/plain-refused.conf"
rg plain-refused poll --once >/dev/null
check "plain without allow_plaintext: exit 1" [ $? -eq 1 ]

# 2. STARTTLS with the test CA.
deliver 3
conf starttls starttls "$PORT"
out=$(rg starttls poll --once)
check "starttls: filed 1" [ "$out" = "filed 1, duplicates 0, quarantined 0, failed 0" ]
check "starttls: INBOX empty, 3 in Processed" [ "$(count INBOX)/$(count Processed)" = 0/3 ]

# 3. imaps with the test CA; then a second run finds nothing new.
deliver 4
deliver 5
conf imaps imaps "$IMAPS"
out=$(rg imaps poll --once)
check "imaps: filed 2" [ "$out" = "filed 2, duplicates 0, quarantined 0, failed 0" ]
out=$(rg imaps poll --once)
check "imaps: second run files nothing" [ "$out" = "filed 0, duplicates 0, quarantined 0, failed 0" ]
check "imaps: 2 cases" cases_are imaps 2
# every stored file (raw messages, spooled and linked without a copy,
# and attachments) holds exactly the bytes its SHA-256 name says, and
# no spool file is left behind under a name
blobs_ok() {
	_n=0
	for _f in "$T/$1-att"/??/*; do
		[ -f "$_f" ] || continue
		[ "$(sha256sum < "$_f" | cut -c1-64)" = "$(basename "$_f")" ] ||
			return 1
		_n=$((_n + 1))
	done
	[ "$_n" -ge "$2" ] && [ -z "$(find "$T/$1-att" -name '.tmp*')" ]
}
check "imaps: raw messages and attachments stored under their SHA-256" \
	blobs_ok imaps 2
conf badcert imaps "$IMAPS"
sed -i 's/^host = localhost/host = 127.0.0.2/' "$T/badcert.conf"
rg badcert poll --once >/dev/null
check "imaps, certificate for another name: exit 1" [ $? -eq 1 ]

# 4. Wrong password: exit 1, a clear message, nothing filed.
deliver 6
conf badpass imaps "$IMAPS" "$T/badpass"
rg badpass poll --once >/dev/null
check "wrong password: exit 1" [ $? -eq 1 ]
check "wrong password: message says authentication failed" \
	grep -qi 'authentication failed' "$T/badpass.log"
check "wrong password: nothing filed, message still in INBOX" \
	[ "$(ncases badpass)/$(count INBOX)" = 0/1 ]
rg imaps poll --once >/dev/null	# drains message 6

# 5. A watched folder that does not exist.
conf missing imaps "$IMAPS" "" '[mailbox lost]' 'folder = NoSuchFolder' 'stream = ip'
rg missing poll --once >/dev/null
check "missing folder: exit 1" [ $? -eq 1 ]
check "missing folder: names the mailbox and the folder" \
	grep -q 'mailbox.lost: .*NoSuchFolder.* does not exist' "$T/missing.log"

# 6. Quarantine: a message over limits.max_message_bytes.
conf quar imaps "$IMAPS"
printf '\n[limits]\nmax_message_bytes = 20000\nmax_header_bytes = 16384\n' >> "$T/quar.conf"
{ mail 7; head -c 30000 /dev/zero | tr '\0' a; echo; } > "$T/big.eml"
dovecot deliver "$DC" "$T/big.eml" >/dev/null
deliver 8
: > "$T/empty.eml"
dovecot deliver "$DC" "$T/empty.eml" >/dev/null
q_before=$(count Quarantine)
out=$(rg quar poll --once)
check "quarantine: summary filed 1, quarantined 2" [ "$out" = "filed 1, duplicates 0, quarantined 2, failed 0" ]
check "quarantine: the big and the empty message are in the Quarantine folder" \
	[ "$(count Quarantine)" -eq $((q_before + 2)) ]
check "quarantine: listed in the store" \
	[ "$(rg quar cases list --quarantine --json | wc -l)" -eq 2 ]
check "quarantine: INBOX empty" [ "$(count INBOX)" -eq 0 ]

# 7. Several mailboxes with their streams; created folders.
mkdir -p "$MD/.Abuse/cur" "$MD/.Abuse/new" "$MD/.Abuse/tmp"
chown -R 65534:65534 "$MD/.Abuse"
deliver 9
dovecot deliver "$DC" "$srcdir/deploy/sample-mail/03-abuse-malware.eml" Abuse >/dev/null
conf multi imaps "$IMAPS" "" '[mailbox ip]' 'folder = INBOX' 'stream = ip' \
	'[mailbox abuse]' 'folder = Abuse' 'stream = abuse' \
	'processed_folder = Abuse/Done' 'quarantine_folder = Abuse/Quarantine'
out=$(rg multi poll --once)
check "two mailboxes: filed 2" [ "$out" = "filed 2, duplicates 0, quarantined 0, failed 0" ]
refs=$(rg multi cases list --json | "$PY" -c 'import json,sys
print(" ".join(sorted(json.loads(l)["ref"].split("-")[0] + ":" + json.loads(l)["stream"] for l in sys.stdin)))')
check "two mailboxes: an ABR- abuse case and an IPR- ip case ($refs)" [ "$refs" = "ABR:abuse IPR:ip" ]
check "two mailboxes: Abuse/Done created and holds the abuse report" [ "$(count Abuse/Done)" -eq 1 ]
check "two mailboxes: folder creation logged" grep -q 'event=imap.folder_created' "$T/multi.log"

# 8. UIDVALIDITY change: filed mail is delivered again after renumbering.
conf uidv imaps "$IMAPS"
for i in 10 11; do mail "$i" > "$T/u$i.eml"; dovecot deliver "$DC" "$T/u$i.eml" >/dev/null; done
out=$(rg uidv poll --once)
check "uidvalidity: first run filed 2" [ "$out" = "filed 2, duplicates 0, quarantined 0, failed 0" ]
sleep 1.1	# Dovecot's UIDVALIDITY is a time in seconds
dovecot restart "$DC" renumber >/dev/null
for i in 10 11; do dovecot deliver "$DC" "$T/u$i.eml" >/dev/null; done
deliver 12
out=$(rg uidv poll --once)
check "uidvalidity: after renumbering, 2 duplicates and 1 new" [ "$out" = "filed 1, duplicates 2, quarantined 0, failed 0" ]
check "uidvalidity: change logged" grep -q 'event=imap.uidvalidity_changed' "$T/uidv.log"
check "uidvalidity: 3 cases, no duplicate" cases_are uidv 3
check "uidvalidity: INBOX empty" [ "$(count INBOX)" -eq 0 ]

# 9. No MOVE capability: COPY + \Deleted + UID EXPUNGE.
DOVECOT_IMAP_CAPABILITY="IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE UIDPLUS" \
	dovecot restart "$DC" >/dev/null
deliver 13
p_before=$(count Processed)
conf nomove imaps "$IMAPS"
out=$(rg nomove poll --once)
check "without MOVE: filed 1" [ "$out" = "filed 1, duplicates 0, quarantined 0, failed 0" ]
check "without MOVE: logged move=no" grep -q 'event=imap.connected.* move=no' "$T/nomove.log"
check "without MOVE: copied to Processed and expunged from INBOX" \
	[ "$(count INBOX)/$(count Processed)" = "0/$((p_before + 1))" ]
dovecot restart "$DC" >/dev/null

# 10. processed_folder empty: messages stay, flagged \Seen, not refetched.
conf flag imaps "$IMAPS" "" '[mailbox ip]' 'folder = INBOX' 'stream = ip' \
	'processed_folder =' 'quarantine_folder ='
deliver 14
out=$(rg flag poll --once)
check "flag only: filed 1" [ "$out" = "filed 1, duplicates 0, quarantined 0, failed 0" ]
check "flag only: still in INBOX, flagged \\Seen" \
	[ "$(find "$MD/cur" -name '*:2,*S*' | wc -l)/$(count INBOX)" = 1/1 ]
out=$(rg flag poll --once)
check "flag only: a second run fetches nothing" [ "$out" = "filed 0, duplicates 0, quarantined 0, failed 0" ]
rg imaps poll --once >/dev/null	# moves it away (a duplicate for that store)

# 11. poll without --once: IDLE wake-up, server restart, SIGTERM.
conf live imaps "$IMAPS"
"$REPORTGATE" --config "$T/live.conf" poll 2>>"$T/live.log" &
POLLER=$!
wait_for "$WAIT" grep -q 'event=imap.synced\|event=imap.connected' "$T/live.log"
sleep 0.5	# let the first (empty) pass end and IDLE begin
deliver 20
check "IDLE: a delivered message is filed within ${WAIT}s" wait_for "$WAIT" cases_are live 1
check "IDLE: the server offered IDLE" grep -q 'event=imap.connected.* idle=yes' "$T/live.log"
dovecot restart "$DC" >/dev/null
deliver 21
check "restart: the poller reconnects and files new mail within ${WAIT}s" \
	wait_for "$WAIT" cases_are live 2
check "restart: the lost connection was logged" grep -q 'event=imap.error' "$T/live.log"
check "restart: still alive" kill -0 "$POLLER"
kill -TERM "$POLLER"
st=1
for _ in $(seq 1 $((WAIT * 5))); do
	if ! kill -0 "$POLLER" 2>/dev/null; then wait "$POLLER"; st=$?; break; fi
	sleep 0.2
done
POLLER=
check "SIGTERM: poll exits 0 within ${WAIT}s" [ "$st" -eq 0 ]
check "SIGTERM: logged poll.stop signal=yes" grep -q 'event=poll.stop.*signal=yes' "$T/live.log"
check "live: INBOX empty" [ "$(count INBOX)" -eq 0 ]

# 12. run: the service loop files mail and stops on SIGTERM.
conf svc imaps "$IMAPS"
"$REPORTGATE" --config "$T/svc.conf" run 2>>"$T/svc.log" &
POLLER=$!
deliver 30
check "run: files a delivered message within ${WAIT}s" wait_for "$WAIT" cases_are svc 1
kill -TERM "$POLLER"
st=1
for _ in $(seq 1 $((WAIT * 5))); do
	if ! kill -0 "$POLLER" 2>/dev/null; then wait "$POLLER"; st=$?; break; fi
	sleep 0.2
done
POLLER=
check "run: SIGTERM exits 0" [ "$st" -eq 0 ]

# 13. Usage.
"$REPORTGATE" poll --bogus >/dev/null 2>&1
check "poll --bogus: exit 2" [ $? -eq 2 ]
"$REPORTGATE" --config "$srcdir/tests/fixtures/config/empty.conf" poll --once >/dev/null 2>"$T/noimap.err"
st=$?
check "poll without imap.host: exit 1 naming imap.host" \
	[ "$st" -eq 1 ] && grep -q 'imap.host' "$T/noimap.err"

if [ "$fails" -ne 0 ]; then
	for f in "$T"/*.log; do
		diag "--- $(basename "$f")"
		tail -n 5 "$f" | sed 's/^/# /'
	done
fi
echo "1..$n"
