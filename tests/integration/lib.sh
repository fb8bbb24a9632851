# tests/integration/lib.sh - sourced by the integration tests that run a
# throwaway Dovecot: TAP helpers, the skips, free ports, the start-up, and
# the SMTP receiver with the mails it took (collect, step). The caller
# sets DOVECOT_SH, PY and T (its temporary directory), SRV, MK and DC where
# it uses them, and keeps its own cleanup trap.

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { local check_desc=$1; shift; if "$@"; then ok "$check_desc"; else notok "$check_desc"; fi; }
diag() { echo "# $*"; }
# all 'CMD && ! CMD ...': the whole condition as one check (check runs a
# single command: "check D a && ! b" would check a alone)
all() { eval "$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }

# Skips the whole test unless it runs as root with Dovecot and $PY.
need_dovecot() {
	[ "$(id -u)" = 0 ] || skip_all "needs root (Dovecot)"
	command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] ||
		skip_all "dovecot not installed (dovecot-imapd)"
	[ -x "$PY" ] || skip_all "no $PY"
}

dovecot() { bash "$DOVECOT_SH" "$@"; }

# Prints COUNT free loopback TCP ports.
free_ports() {
	"$PY" -c 'import socket, sys
s = [socket.socket() for _ in range(int(sys.argv[1]))]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))' "$1"
}

# start_dovecot DIR [EXTRA]: starts Dovecot in DIR on free ports (three
# tries), setting PORT (plain/STARTTLS), IMAPS, EXTRA_PORT (one more free
# port when EXTRA is given), CA and MD (the test user's Maildir); skips
# the whole test when it cannot start.
start_dovecot() {
	local count=2 started=0
	[ -z "${2:-}" ] || count=3
	for _ in 1 2 3; do
		read -r PORT IMAPS EXTRA_PORT <<<"$(free_ports "$count")"
		if dovecot start "$PORT" "$1" "$IMAPS" >/dev/null \
			2>"$T/start.err"; then
			started=1
			break
		fi
	done
	[ "$started" = 1 ] ||
		skip_all "could not start Dovecot: $(head -c 200 "$T/start.err")"
	CA=$1/tls/ca.pem
	MD=$1/home/testuser/Maildir
}

# wait_for SECONDS CMD...: true once CMD succeeds, polling every 0.2 s.
wait_for() {
	local end=$(($(date +%s) + $1))
	shift
	while ! "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# js EXPR: EXPR over L, the JSON lines read from stdin (Python).
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
# put FILE: delivers FILE into the test user's INBOX (needs DC), the only
# way mail reaches the gateway.
put() { dovecot deliver "$DC" "$1" >/dev/null; }
# mk FILE MKMAIL-ARGS...: writes a mail with mkmail.py (needs MK).
mk() { local f=$1; shift; "$PY" "$MK" "$@" > "$f"; }

# The SMTP receiver (smtp-server.sh, needs SRV) and the mails it took.
# start_receiver PORT: starts it on PORT into $T/srv, lets it outlive the
# test by at most 300 s, and makes $T/got ready for collect; skips the
# whole test when it cannot start. SMTP_TLS=1 in the environment gives
# STARTTLS.
start_receiver() {
	export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
	if ! "$SRV" start "$1" "$T/srv" >/dev/null 2>"$T/srv.err"; then
		skip_all "smtp server did not start: $(head -c 200 "$T/srv.err")"
	fi
	mkdir -p "$T/got"
	echo 0 > "$T/seen"
	base=0
}
# stop_servers DOVECOT-DIR: stops Dovecot and the receiver, removes $T
# unless KEEP is set; for the caller's cleanup trap.
stop_servers() {
	if [ -f "$1/run/test-master.pid" ]; then
		bash "$DOVECOT_SH" stop "$1" >/dev/null 2>&1
	fi
	"$SRV" stop "$T/srv" >/dev/null 2>&1
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
# collect: reads the mails that reached the receiver since the last call
# into $T/got/<n>.{to,from,rcpt,subject,id,irt,refs,auto,tls,body,att}; prints
# one "n to subject" line each.
collect() {
	"$PY" "$srcdir/tests/integration/collect.py" "$T/srv" "$T/got" "$T/seen"
}
ndelivered() { find "$T/srv/Maildir/new" -name '*.eml' | wc -l; }
g() { cat "$T/got/$1.$2"; }		# g N FIELD
has() { grep -qF -- "$2" "$T/got/$1.body"; }	# has N TEXT
# last_to ADDRESS: number of the last collected mail to ADDRESS
last_to() { grep -lx "$1" "$T/got/"*.to 2>/dev/null | sed 's|.*/||; s|\.to$||' | sort -n | tail -n 1; }
# step_is N ADDRESS...: $T/step lists N mails, to each ADDRESS
step_is() {
	local want=$1 a
	shift
	[ "$(wc -l < "$T/step")" -eq "$want" ] || return 1
	for a; do grep -q " $a " "$T/step" || return 1; done
}
# arrived N: true once N more mails reached the receiver since $base
arrived() { [ "$(ndelivered)" -ge $((base + $1)) ]; }
# step N: waits up to $WAIT s for N new mails, collects them into
# $T/step; base moves on (a mail too many shows in a later step or in
# the final count)
step() {
	wait_for "$WAIT" arrived "$1"
	collect > "$T/step"
	base=$(ndelivered)
}

# gateway_conf [IMAP_LINES]: writes the IMAP password to $T/pass and
# $T/rg.conf for the servers started above (needs DC, IMAPS, SMTP): the
# store in $T, the mailbox INBOX on the ip stream, mail out through the
# receiver, IMAP_LINES added to [imap].
gateway_conf() {
	printf 'testpass\n' > "$T/pass"
	chmod 600 "$T/pass"
	cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[imap]
host = localhost
port = $IMAPS
security = imaps
ca_file = $DC/tls/ca.pem
user = testuser
password_file = $T/pass
timeout = 10
${1:-}

[mailbox ip]
folder = INBOX
stream = ip
processed_folder = Processed

[smtp]
url = smtp://127.0.0.1:$SMTP
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
timeout = 10

[intake]
gateway_addresses = ip-reports@gw.example.net
message_id_host = gw.example.net
CONF
}

# need_gateway: what the dispute stories need: sets DOVECOT_SH, SRV, MK
# (this tree's scripts) and PY, then skips the whole test without root,
# Dovecot, python3 or aiosmtpd.
need_gateway() {
	DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
	SRV=$srcdir/tests/integration/smtp-server.sh
	MK=$srcdir/tests/integration/mkmail.py
	PY=/usr/bin/python3
	need_dovecot
	"$SRV" check || skip_all "python3-aiosmtpd not installed"
}

# start_gateway NAME: the gateway of the dispute stories (dispute.sh,
# dispute-words.sh), needing REPORTGATE, DOVECOT_SH, SRV, PY: makes $T
# (rg-NAME-XXXXXX), starts Dovecot (imaps) and the receiver (plaintext
# SMTP), writes $T/rg.conf, defines rg/rgq (stderr to $T/rg.log),
# imports a listing directory of two vendors (SHOPA with listing URLA,
# SHOPB with URLB: one check) and starts `reportgate run` (RUNNER,
# stderr to $T/run.log); all stopped and removed on exit.
start_gateway() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/rg-$1-XXXXXX")
	chmod o+x "$T"
	DC=$T/dovecot
	RUNNER=
	trap gateway_cleanup EXIT
	trap 'exit 1' INT TERM
	start_dovecot "$DC" smtp
	SMTP=$EXTRA_PORT
	start_receiver "$SMTP"
	gateway_conf "poll_seconds = 1
idle_seconds = 60"
	SHOPA='Shop A <a@shop-a.example>'
	SHOPB='Shop B <b@shop-b.example>'
	URLA=https://marketplace.alibabacloud.com/products/1/lsta0001.html
	URLB=https://marketplace.alibabacloud.com/products/1/lstb0002.html
	printf 'listing_id,vendor_name,vendor_email,title\nlsta0001,Shop A,a@shop-a.example,A\nlstb0002,Shop B,b@shop-b.example,B\n' > "$T/dir.csv"
	check "listing directory of two vendors imported" [ "$(rg listings import "$T/dir.csv")" = \
		"imported 2 new, 0 updated, 0 bad rows skipped" ]
	"$REPORTGATE" --config "$T/rg.conf" run 2>>"$T/run.log" &
	RUNNER=$!
}
gateway_cleanup() {
	if [ -n "$RUNNER" ]; then kill -TERM "$RUNNER" 2>/dev/null; wait "$RUNNER" 2>/dev/null; fi
	stop_servers "$DC"
}
rg() { "$REPORTGATE" --config "$T/rg.conf" "$@" 2>>"$T/rg.log"; }
# tracks: case $REF's listings as "ID:TRACK ID:TRACK ..."
tracks() { rg cases show "$REF" --json | js '" ".join(l["listing_id"]+":"+l["status"] for l in L[0]["listing_details"])'; }
rgq() { rg "$@" >/dev/null; }

# kinds ADDRESS: every collected mail to ADDRESS, in order, as the kind
# its subject says (notice, forward, answer, request, decision, followup,
# ack), on one line.
kinds() {
	local f
	for f in $(grep -lx "$1" "$T/got/"*.to | sed 's|.*/||; s|\.to$||' | sort -n); do
		case $(g "$f" subject) in
		*"Notice of an intellectual property complaint"*) echo notice ;;
		*"Counter-notice from the vendor"*) echo forward ;;
		*"counter-notice"*) echo answer ;;
		*"Documents requested"*) echo request ;;
		*"Decision:"*) echo decision ;;
		*"We added your information"* | *"We recorded your message"*) echo followup ;;
		*) echo ack ;;
		esac
	done | tr '\n' ' '
}
