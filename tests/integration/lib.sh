# tests/integration/lib.sh - sourced by the integration tests that run a
# throwaway Dovecot: TAP helpers, the skips, free ports and the start-up.
# The caller sets DOVECOT_SH, PY and T (its temporary directory) and keeps
# its own cleanup trap.

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
diag() { echo "# $*"; }
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

# gateway_start [IMAP_LINES]: starts Dovecot in $DC (imaps) and the SMTP
# receiver ($SRV) in $T/srv on free ports (SMTP is its port), writes the
# IMAP password to $T/pass and $T/rg.conf: the store in $T, the mailbox
# INBOX on the ip stream, mail out through the receiver, and IMAP_LINES
# added to [imap]. Skips the whole test when a server does not start.
# The caller sets T, DC and SRV, and its EXIT trap calls gateway_stop.
gateway_start() {
	start_dovecot "$DC" smtp
	SMTP=$EXTRA_PORT
	export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
	if ! "$SRV" start "$SMTP" "$T/srv" >/dev/null 2>"$T/srv.err"; then
		echo "1..0 # SKIP smtp server did not start: $(head -c 200 "$T/srv.err")"
		exit 0
	fi
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

# gateway_stop: stops what gateway_start started and removes $T unless
# KEEP is set.
gateway_stop() {
	if [ -f "$DC/run/test-master.pid" ]; then
		dovecot stop "$DC" >/dev/null 2>&1
	fi
	"$SRV" stop "$T/srv" >/dev/null 2>&1
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}

# The gateway and the mails it sends, for the tests that run reportgate
# against Dovecot and the SMTP receiver (smtp-server.sh with its Maildir
# in $T/srv). The caller also sets REPORTGATE, MK, DC and WAIT and writes
# $T/rg.conf; rg logs to $T/rg.log. js EXPR evaluates a Python
# expression over the JSON lines of its input (L).
rg() { "$REPORTGATE" --config "$T/rg.conf" "$@" 2>>"$T/rg.log"; }
rgq() { rg "$@" >/dev/null; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
put() { dovecot deliver "$DC" "$1" >/dev/null; }
mk() { local f=$1; shift; "$PY" "$MK" "$@" > "$f"; }

# mail_collect_init: prepares collect, which reads the mails that
# reached the receiver since the last call into
# $T/got/<n>.{to,subject,id,body,att}; one "n to subject" line each.
mail_collect_init() {
	mkdir -p "$T/got"
	echo 0 > "$T/seen"
	base=0
	cat > "$T/collect.py" <<'PYEOF'
import email, email.policy, os, sys
srv, dst, seenf = sys.argv[1:4]
seen = int(open(seenf).read())
nd = os.path.join(srv, "Maildir", "new")
names = sorted((f for f in os.listdir(nd) if f.endswith(".eml")),
               key=lambda f: int(f.split(".")[0]))
for f in names[seen:]:
    seen += 1
    with open(os.path.join(nd, f), "rb") as fh:
        m = email.message_from_binary_file(fh, policy=email.policy.default)
    body = m.get_body(("plain",))
    vals = {
        "to": " ".join(a.addr_spec for a in m["To"].addresses),
        "subject": str(m["Subject"]).replace("\n", " "),
        "id": str(m["Message-ID"] or "").strip(),
        "body": body.get_content() if body is not None else "",
        "att": " ".join(p.get_filename() or "" for p in m.iter_attachments()),
    }
    for k, v in vals.items():
        with open(os.path.join(dst, "%d.%s" % (seen, k)), "w") as out:
            out.write(v if k == "body" else v + "\n")
    print(seen, vals["to"], vals["subject"])
open(seenf, "w").write(str(seen))
PYEOF
}
collect() { "$PY" "$T/collect.py" "$T/srv" "$T/got" "$T/seen"; }
ndelivered() { find "$T/srv/Maildir/new" -name '*.eml' | wc -l; }
g() { cat "$T/got/$1.$2"; }
has() { grep -qF -- "$2" "$T/got/$1.body"; }
last_to() { grep -lx "$1" "$T/got/"*.to 2>/dev/null | sed 's|.*/||; s|\.to$||' | sort -n | tail -n 1; }
step_is() {	# step_is N ADDRESS...: the step brought N mails, one to each
	local want=$1 a
	shift
	[ "$(wc -l < "$T/step")" -eq "$want" ] || return 1
	for a; do grep -q " $a " "$T/step" || return 1; done
}
wait_for() {
	local end=$(($(date +%s) + $1))
	shift
	while ! "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}
arrived() { [ "$(ndelivered)" -ge $((base + $1)) ]; }
step() {	# step N: waits for N new mails and collects them
	wait_for "$WAIT" arrived "$1"
	collect > "$T/step"
	base=$(ndelivered)
}
