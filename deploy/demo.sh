#!/bin/sh
# deploy/demo.sh - the quick start: runs the real gateway against a
# throwaway IMAP server holding the bundled sample reports.
#
#   sh deploy/demo.sh
#
# As root on Debian 12: installs the packages (deploy/install-deps.sh),
# builds reportgate in build-demo/ (unless built), starts a Dovecot on
# loopback (tests/integration/dovecot.sh, imaps with a throwaway test CA),
# delivers deploy/sample-mail/*.eml (the abuse report 03 into a folder
# "Abuse" watched as the abuse stream, the others into INBOX, the ip
# stream), starts an SMTP receiver on loopback (tests/integration/
# smtp-server.sh: python3-aiosmtpd, STARTTLS with its own test CA), runs
# `reportgate poll --once` over imaps and prints the cases it filed, as a
# table and as JSON, then `reportgate send --once` and the subjects and
# recipients of the acknowledgements the receiver got. It ends by saying
# how to open the staff console on the demo store. The store is kept in
# demo-data/ (replaced on every run); Dovecot, the receiver and their
# mail are thrown away at exit.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build-demo
data=$top/demo-data
say() { printf '\n==> %s\n' "$*"; }
die() { echo "demo.sh: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || die "run as root (Dovecot needs it)"
	exec sudo sh "$0" "$@"
fi

say "Debian packages (deploy/install-deps.sh)"
sh "$top/deploy/install-deps.sh"

say "building reportgate in $build"
mkdir -p "$build"
if [ ! -x "$build/reportgate" ] || [ ! -f "$build/Makefile" ]; then
	if [ ! -x "$top/configure" ]; then
		(cd "$top" && ./autogen.sh) >"$build/autogen.out" 2>&1 ||
			{ cat "$build/autogen.out"; die "autogen.sh failed"; }
	fi
	(cd "$build" && "$top/configure" --quiet) >"$build/configure.out" 2>&1 ||
		{ cat "$build/configure.out"; die "configure failed"; }
fi
make -C "$build" -j"$(nproc)" >"$build/make.out" 2>&1 ||
	{ tail -n 30 "$build/make.out"; die "make failed (see $build/make.out)"; }
rg=$build/reportgate
"$rg" --version

# --- a throwaway Dovecot ---------------------------------------------------
# Its directory must be reachable by the mail user (nobody): not under a
# 0700 home such as /root, so it lives in $TMPDIR.
dc=$(mktemp -d "${TMPDIR:-/tmp}/reportgate-demo-XXXXXX")
chmod 0711 "$dc"
dovecot_sh=$top/tests/integration/dovecot.sh
smtp_sh=$top/tests/integration/smtp-server.sh
cleanup() {
	if [ -f "$dc/dovecot/run/test-master.pid" ]; then
		bash "$dovecot_sh" stop "$dc/dovecot" >/dev/null 2>&1 || true
	fi
	bash "$smtp_sh" stop "$dc/smtp" >/dev/null 2>&1 || true
	rm -rf "$dc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_ports() {
	/usr/bin/python3 -c 'import socket
a = socket.socket(); a.bind(("127.0.0.1", 0))
b = socket.socket(); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])'
}
say "starting a throwaway Dovecot on 127.0.0.1 (imaps)"
started=0
for _ in 1 2 3; do
	ports=$(free_ports)
	port=${ports% *}
	imaps=${ports#* }
	if bash "$dovecot_sh" start "$port" "$dc/dovecot" "$imaps" >/dev/null; then
		started=1
		break
	fi
done
[ "$started" -eq 1 ] || die "could not start Dovecot"
echo "Dovecot: 127.0.0.1:$imaps (imaps), test CA $dc/dovecot/tls/ca.pem"

say "starting an SMTP receiver on 127.0.0.1 (aiosmtpd, STARTTLS)"
bash "$smtp_sh" check || die "python3-aiosmtpd is missing (deploy/install-deps.sh installs it)"
started=0
for _ in 1 2 3; do
	ports=$(free_ports)
	sport=${ports% *}
	if SMTP_TLS=1 SMTP_REQUIRE_TLS=1 SMTP_WATCH_PID=$$ \
		bash "$smtp_sh" start "$sport" "$dc/smtp" >/dev/null; then
		started=1
		break
	fi
done
[ "$started" -eq 1 ] || die "could not start the SMTP receiver"
echo "SMTP receiver: localhost:$sport (STARTTLS), test CA $dc/smtp/tls/ca.pem"

say "delivering the sample reports"
for f in "$top"/deploy/sample-mail/*.eml; do
	case $(basename "$f") in
	03-*) folder=Abuse ;;
	*) folder=INBOX ;;
	esac
	bash "$dovecot_sh" deliver "$dc/dovecot" "$f" "$folder" >/dev/null
	printf '  %-28s -> %s\n' "$(basename "$f")" "$folder"
done

# --- the gateway's configuration -------------------------------------------
rm -rf "$data"
mkdir -p "$data"
printf '%s\n' "${DOVECOT_PASS:-testpass}" > "$data/imap.pass"
chmod 600 "$data/imap.pass"
conf=$data/reportgate.conf
cat > "$conf" <<EOF
# written by deploy/demo.sh
[store]
path = $data/reportgate.db
attachments_dir = $data/attachments

[imap]
host = localhost
port = $imaps
security = imaps
ca_file = $dc/dovecot/tls/ca.pem
user = ${DOVECOT_USER:-testuser}
password_file = $data/imap.pass

[smtp]
url = smtp://localhost:$sport
ca_file = $dc/smtp/tls/ca.pem
from = IP Reports <ip-reports@gateway.example.net>

[intake]
gateway_addresses = ip-reports@gateway.example.net, abuse@gateway.example.net

[mailbox ip]
folder = INBOX
stream = ip
processed_folder = Processed
quarantine_folder = Quarantine

[mailbox abuse]
folder = Abuse
stream = abuse
processed_folder = Processed
quarantine_folder = Quarantine
EOF
"$rg" --config "$conf" check-config >/dev/null

say "reportgate poll --once (log lines on stderr)"
"$rg" --config "$conf" poll --once

say "reportgate cases list"
"$rg" --config "$conf" cases list

say "reportgate cases list --json"
"$rg" --config "$conf" cases list --json

say "reportgate send --once (the acknowledgements poll queued)"
"$rg" --config "$conf" send --once

say "what the SMTP receiver got (recipient, subject)"
/usr/bin/python3 - "$dc/smtp/Maildir/new" <<'PY'
import email, email.header, email.policy, os, sys
d = sys.argv[1]
names = sorted(os.listdir(d), key=lambda n: int(n.split(".")[0]))
for n in names:
    with open(os.path.join(d, n), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    print("  to %-44s %s" % (m["To"], m["Subject"]))
print("  (%d mails)" % len(names))
PY

echo
echo "The store is in $data (config: $conf); see a case with:"
echo "  $rg --config $conf cases show REF"
echo
echo "Open the staff console on this store (read-only, loopback only):"
echo "  $rg --config $conf serve --listen 127.0.0.1:8080"
echo "then browse http://127.0.0.1:8080/ (from another machine: ssh -L"
echo "8080:127.0.0.1:8080 THIS-HOST first). Stop it with Ctrl-C."
