#!/bin/bash
# tests/integration/poll-crash.sh - exactly once under crashes: 200 report
# mails in a throwaway Dovecot, delivered in 50 slices (one before each
# run, so every run has work); `reportgate poll --once` is killed with
# SIGKILL at a random moment (0-400 ms) 50 times, then runs to the end:
# exactly 200 cases, 200 stored messages, INBOX empty, 200 in Processed.
# Then the same with two pollers at once on a fresh mailbox and store.
# TAP output. Needs root and dovecot-imapd, else skipped.
# Env: CRASH_MESSAGES (200), CRASH_RUNS (50).
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
PY=/usr/bin/python3
N=${CRASH_MESSAGES:-200}
RUNS=${CRASH_RUNS:-50}

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_dovecot
command -v sqlite3 >/dev/null 2>&1 || skip_all "needs sqlite3"

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-crash-XXXXXX")
chmod o+x "$T"
DC=$T/dovecot
PIDS=""
cleanup() {
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done
	if [ -f "$DC/run/test-master.pid" ]; then
		bash "$DOVECOT_SH" stop "$DC" >/dev/null 2>&1
	fi
	[ -n "${CRASH_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
start_dovecot "$DC"
printf 'testpass\n' > "$T/pass"
chmod 600 "$T/pass"

# N distinct small reports, each a new case (distinct sender and listing)
mkdir -p "$T/mail"
for i in $(seq 1 "$N"); do
	printf 'From: Rights Holder %d <rh%d@brand%d.example>\nTo: ip-reports@gw.example.net\nSubject: Infringing listing %d\nMessage-ID: <crash-%d@brand%d.example>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nOur trademark is infringed by this listing:\nhttps://marketplace.alibabacloud.com/products/5670%04d/item%d.html\n' \
		"$i" "$i" "$i" "$i" "$i" "$i" "$i" "$i" > "$T/mail/m$(printf %04d "$i").eml"
done

count() {	# count FOLDER: messages in INBOX or .FOLDER (Maildir)
	local d=$MD
	[ "$1" = INBOX ] || d=$MD/.$1
	find "$d/cur" "$d/new" -type f 2>/dev/null | wc -l
}
# fresh: empties INBOX and Processed (Dovecot stopped meanwhile)
fresh() {
	dovecot stop "$DC" >/dev/null
	rm -rf "$MD"
	dovecot start "$PORT" "$DC" "$IMAPS" >/dev/null
	mkdir -p "$MD/tmp" "$MD/new" "$MD/cur"
	chown -R 65534:65534 "$MD"
	NEXT=1
}
# deliver_upto K: delivers messages NEXT..K in bulk (tmp/, owner, rename
# into new/), so that every crashed run finds fresh work
deliver_upto() {
	local i f
	[ "$1" -ge "$NEXT" ] || return 0
	for i in $(seq "$NEXT" "$1"); do
		f=m$(printf %04d "$i").eml
		cp -p "$T/mail/$f" "$MD/tmp/$f"
	done
	chown 65534:65534 "$MD"/tmp/*.eml
	for i in $(seq "$NEXT" "$1"); do
		f=m$(printf %04d "$i").eml
		mv "$MD/tmp/$f" "$MD/new/$f"
	done
	NEXT=$(($1 + 1))
}
# A kill that lands in the parse of one message max_attempts times makes
# it poison by design (poll-poison.sh tests that); here it is set high so
# that only exactly-once under kills is measured (the ASan build, slower
# to parse, once saw an innocent message quarantined with the default 3).
conf() {	# conf NAME: imaps with the test CA, own store
	cat > "$T/$1.conf" <<EOF
[store]
path = $T/$1.db
attachments_dir = $T/$1-att
[imap]
host = localhost
port = $IMAPS
security = imaps
ca_file = $DC/tls/ca.pem
user = testuser
password_file = $T/pass
timeout = 10
fetch_batch = 5
[mailbox ip]
folder = INBOX
stream = ip
[intake]
max_attempts = 100
EOF
}
rnd_ms() { echo $((RANDOM % 401)); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
poller() {	# poller NAME: poll --once in the background; sets PID
	"$REPORTGATE" --config "$T/$1.conf" poll --once >/dev/null 2>>"$T/$1.log" &
	PID=$!
	PIDS="$PIDS $PID"
}
verify() {	# verify NAME LABEL
	local cases msgs inbox processed
	cases=$("$REPORTGATE" --config "$T/$1.conf" cases list --json 2>>"$T/$1.log" | wc -l)
	msgs=$(sqlite3 "$T/$1.db" 'SELECT count(*) FROM messages')
	inbox=$(count INBOX)
	processed=$(count Processed)
	diag "$2: cases=$cases messages=$msgs inbox=$inbox processed=$processed" \
		"killed_runs=$killed quarantined=$(sqlite3 "$T/$1.db" 'SELECT count(*) FROM quarantine')"
	check "$2: exactly $N cases" [ "$cases" -eq "$N" ]
	check "$2: exactly $N stored messages" [ "$msgs" -eq "$N" ]
	check "$2: INBOX empty" [ "$inbox" -eq 0 ]
	check "$2: $N messages in Processed" [ "$processed" -eq "$N" ]
	check "$2: every case from a distinct message" [ "$(sqlite3 "$T/$1.db" \
		'SELECT count(DISTINCT case_id) FROM messages WHERE case_id IS NOT NULL')" -eq "$N" ]
}

# 1. One poller, killed at random 50 times, then to the end.
fresh
conf one
killed=0
for r in $(seq 1 "$RUNS"); do
	deliver_upto $((N * r / RUNS))
	poller one
	sleep_ms "$(rnd_ms)"
	if kill -KILL "$PID" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$PID" 2>/dev/null
done
deliver_upto "$N"
diag "one poller: $killed of $RUNS runs killed before they ended"
"$REPORTGATE" --config "$T/one.conf" poll --once > "$T/one.final" 2>>"$T/one.log"
check "one poller: the final run exits 0" [ $? -eq 0 ]
diag "final run: $(cat "$T/one.final")"
verify one "one poller"

# 2. Two pollers at once on a fresh mailbox and store, both killed at
# random, then both run to the end at the same time.
fresh
conf two
cp "$T/two.conf" "$T/two-b.conf"	# same store, its own log
killed=0
for r in $(seq 1 "$RUNS"); do
	deliver_upto $((N * r / RUNS))
	poller two
	a=$PID
	poller two-b
	b=$PID
	sleep_ms "$(rnd_ms)"
	kill -KILL "$a" 2>/dev/null && killed=$((killed + 1))
	sleep_ms "$(($(rnd_ms) / 4))"
	kill -KILL "$b" 2>/dev/null && killed=$((killed + 1))
	wait "$a" "$b" 2>/dev/null
done
deliver_upto "$N"
diag "two pollers: $killed of $((2 * RUNS)) processes killed before they ended"
poller two
a=$PID
poller two-b
b=$PID
wait "$a"
sa=$?
wait "$b"
sb=$?
PIDS=""
check "two pollers: both final runs exit 0 ($sa, $sb)" [ "$sa$sb" = 00 ]
verify two "two pollers"

echo "1..$n"
