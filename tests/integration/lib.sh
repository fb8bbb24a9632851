# tests/integration/lib.sh - sourced by the integration tests that run a
# throwaway Dovecot: TAP helpers, the skips, free ports, the start-up, and
# the SMTP receiver with the mails it took (collect, step). The caller
# sets DOVECOT_SH, PY and T (its temporary directory), SRV, MK and DC where
# it uses them, and keeps its own cleanup trap.

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
