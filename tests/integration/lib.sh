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
