#!/bin/sh
# tests/integration/send-crash.sh - `reportgate send` killed with SIGKILL
# at random moments: 40 answers are queued (40 reports ingested), then 30
# runs of `send` are each killed after a random 0-300 ms, then one
# `send --once` finishes. Every outbox mail must be delivered, and each
# copy beyond the first must be explained by a "mail.in_doubt" recovery of
# that very mail (a kill between the server's 250 and the commit): a mail
# caught twice in that window is rightly sent three times. The receiver
# answers each RCPT after 50 ms so that the kills land inside SMTP
# transactions too. Prints "# duplicates: N" and writes the counts to
# $builddir/send-crash.counts for the record. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
SRV="$srcdir/tests/integration/smtp-server.sh"
MC="$srcdir/tests/integration/mailcheck.py"
MAILS=40
RUNS=30
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-crash-XXXXXX")
cleanup() {
	"$SRV" stop "$T/srv" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }

if [ ! -x "$PY" ] || ! "$SRV" check; then
	echo "1..0 # SKIP python3-aiosmtpd not installed"
	exit 0
fi
if ! "$REPORTGATE" parse --json "$srcdir/tests/fixtures/mail/ip-report-basic.eml" >/dev/null 2>&1; then
	echo "1..0 # SKIP reportgate parse does not work"
	exit 0
fi
P=$("$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
SMTP_SLOW_SECONDS=0.05 "$SRV" start "$P" "$T/srv" >/dev/null || {
	echo "1..0 # SKIP smtp server did not start"
	exit 0
}
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[smtp]
url = smtp://127.0.0.1:$P
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
timeout = 5

[intake]
ack_limit_hour = 1000
ack_limit_day = 1000
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
sql() { "$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute(sys.argv[2]).fetchone()[0])' "$T/rg.db" "$1"; }

mkdir "$T/in"
i=1
while [ $i -le $MAILS ]; do
	# slow-*: the receiver answers RCPT after SMTP_SLOW_SECONDS
	printf 'From: Reporter %d <slow-%d@crash%d.example>\nTo: ip-reports@gw.example.net\nSubject: Report %d\nMessage-ID: <crash%d@crash.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nInfringing: https://marketplace.alibabacloud.com/products/1/crash%d.html\n' \
		$i $i $i $i $i $i > "$T/in/$i.eml"
	i=$((i + 1))
done
"$REPORTGATE" ingest "$T"/in/*.eml >/dev/null 2>>"$T/log"
check "$MAILS answers queued" [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'queued'")" -eq $MAILS ]

run=1
while [ $run -le $RUNS ]; do
	ms=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	ms=$((ms % 301))
	"$REPORTGATE" send >/dev/null 2>>"$T/log" &
	pid=$!
	sleep "$(printf '0.%03d' "$ms")"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	run=$((run + 1))
done
ok "$RUNS runs of send killed with SIGKILL"
out=$("$REPORTGATE" send --once 2>>"$T/log")
check "final send --once succeeds ($out)" [ $? -eq 0 ]

check "every outbox mail sent" [ "$(sql "SELECT count(*) FROM outbox WHERE status <> 'sent'")" -eq 0 ]
check "no claim left" [ "$(sql "SELECT count(*) FROM outbox_recipients WHERE claimed IS NOT NULL")" -eq 0 ]
set -- $("$PY" "$MC" dups "$T/srv")
total=$1 distinct=$2 dups=$3 maxc=$4
doubt=$(sql "SELECT count(*) FROM events WHERE type = 'mail.in_doubt'")
# Per mail: copies delivered <= 1 + its own in-doubt recoveries.
unexplained=$("$PY" - "$T/srv/Maildir/new" "$T/rg.db" <<'PYEOF'
import email, email.policy, os, sqlite3, sys
copies = {}
for name in os.listdir(sys.argv[1]):
    with open(os.path.join(sys.argv[1], name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    mid = str(m["Message-ID"]).strip().strip("<>")
    copies[mid] = copies.get(mid, 0) + 1
db = sqlite3.connect(sys.argv[2])
doubts = {}
for (mid,) in db.execute("SELECT json_extract(detail, '$.message_id') "
                         "FROM events WHERE type = 'mail.in_doubt'"):
    mid = (mid or "").strip().strip("<>")
    doubts[mid] = doubts.get(mid, 0) + 1
bad = [m for m, c in copies.items() if c > 1 + doubts.get(m, 0)]
print(len(bad))
PYEOF
)
extra=$((total - distinct))
check "every mail delivered ($distinct distinct of $MAILS)" [ "$distinct" -eq $MAILS ]
check "each extra copy follows an in-doubt recovery of that mail ($unexplained unexplained, max $maxc copies)" \
	[ "$unexplained" = 0 ]
check "extra copies <= in-doubt recoveries ($extra <= $doubt)" [ "$extra" -le "$doubt" ]
echo "# duplicates: $dups mails, $extra extra copies (in-doubt recoveries: $doubt, deliveries: $total, mails: $MAILS, runs: $RUNS)"
echo "runs=$RUNS mails=$MAILS deliveries=$total duplicates=$dups extra_copies=$extra in_doubt=$doubt max_copies=$maxc" \
	> "${builddir:-.}/send-crash.counts" 2>/dev/null || true
echo "1..$n"
