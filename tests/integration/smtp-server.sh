#!/bin/bash
# Throwaway SMTP receiver for reportgate's tests: smtp_server.py (Debian's
# python3-aiosmtpd) on 127.0.0.1.
#
#   smtp-server.sh start PORT DIR   start; prints the server pid; exit 0 once
#                                   every listener accepts connections
#   smtp-server.sh stop DIR         stop the server started in DIR
#   smtp-server.sh check            exit 0 if python3-aiosmtpd is usable
#
# Files in DIR:
#   Maildir/new/<n>.eml    each accepted message, byte for byte (after
#                          dot-unstuffing; nothing added)
#   envelopes.jsonl        {"file","mail_from","rcpt_tos","size","tls","auth_user"}
#   auth.jsonl             {"mechanism","login","success","tls"} per AUTH try
#   tls/ca.pem             test CA that signed tls/server.pem (CN localhost,
#                          SAN localhost + 127.0.0.1): give it to the client
#   smtp.log, smtp.stdout  server log and output
#
# Environment (all optional):
#   SMTP_TLS=1               offer STARTTLS
#   SMTP_REQUIRE_TLS=1       refuse everything but EHLO/STARTTLS/QUIT before
#                            STARTTLS (implies SMTP_TLS=1)
#   SMTPS_PORT=N             also listen with implicit TLS on port N
#   SMTP_USER, SMTP_PASS     offer AUTH PLAIN/LOGIN with these credentials
#   SMTP_AUTH_REQUIRED=1     refuse MAIL without AUTH
#   SMTP_AUTH_REQUIRE_TLS=0  offer AUTH before TLS too (default 1: not)
#   SMTP_SLOW_SECONDS=S      delay of slow* recipients (default 10)
#   SMTP_WATCH_PID=P         stop when process P is gone
#   SMTP_MAX_LIFETIME=S      stop after S seconds (default 600)
#   SMTP_DEBUG=1             log the whole dialogue to smtp.log
#   READY_TIMEOUT=S          seconds to wait for readiness (default 20)
# Failure injection by the local part of the address:
#   RCPT reject*         -> 550 5.1.1      RCPT tempfail*  -> 451 4.3.0
#   RCPT tempfail-once*  -> 451 the first time for that address, then OK
#                           (state in DIR/tempfail-once.state)
#   RCPT slow*           -> answered after SMTP_SLOW_SECONDS
#   RCPT datafail*       -> accepted, but DATA answers 554 5.6.0
#   MAIL FROM reject*    -> 550 5.7.1
# Uses /usr/bin/python3 on purpose: a pyenv/venv python3 earlier on PATH
# does not see Debian's dist-packages.
set -eu

PY=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	echo "usage: $0 start PORT DIR | stop DIR | check" >&2
	exit 2
}

have_aiosmtpd() {
	[ -x "$PY" ] && "$PY" -c 'import aiosmtpd.controller' 2>/dev/null
}

do_stop() {
	local pidf="$1/smtp.pid" pid
	[ -f "$pidf" ] || return 0
	pid=$(cat "$pidf")
	if kill -TERM "$pid" 2>/dev/null; then
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$pidf"
}

make_certs() {
	local t=$1/tls
	[ -s "$t/server.pem" ] && return 0
	mkdir -p "$t"
	openssl req -x509 -new -nodes -days 2 -subj "/CN=reportgate test CA" \
		-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-keyout "$t/ca.key" -out "$t/ca.pem" >/dev/null 2>&1
	openssl req -new -nodes -subj "/CN=localhost" \
		-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-keyout "$t/server.key" -out "$t/server.csr" >/dev/null 2>&1
	printf '%s\n' "basicConstraints=CA:FALSE" \
		"keyUsage=critical,digitalSignature" \
		"extendedKeyUsage=serverAuth" \
		"subjectAltName=DNS:localhost,IP:127.0.0.1" >"$t/server.ext"
	openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" \
		-CAkey "$t/ca.key" -CAcreateserial -days 2 \
		-extfile "$t/server.ext" -out "$t/server.pem" >/dev/null 2>&1
}

case "${1:-}" in
check)
	have_aiosmtpd
	exit $?
	;;
stop)
	[ $# -eq 2 ] || usage
	do_stop "$2"
	exit 0
	;;
start)
	[ $# -eq 3 ] || usage
	;;
*)
	usage
	;;
esac

port=$2
dir=$3
have_aiosmtpd || {
	echo "python3-aiosmtpd missing (apt-get install python3-aiosmtpd)" >&2
	exit 1
}
mkdir -p "$dir/Maildir/new" "$dir/Maildir/cur" "$dir/Maildir/tmp"
dir=$(cd "$dir" && pwd)
if [ -f "$dir/smtp.pid" ] && kill -0 "$(cat "$dir/smtp.pid")" 2>/dev/null; then
	echo "already running in $dir" >&2
	exit 1
fi
[ "${SMTP_REQUIRE_TLS:-0}" = 1 ] && export SMTP_TLS=1
if [ "${SMTP_TLS:-0}" = 1 ] || [ -n "${SMTPS_PORT:-}" ]; then
	make_certs "$dir" || {
		echo "openssl could not make the test certificates" >&2
		exit 1
	}
fi
rm -f "$dir/ready"
"$PY" "$here/smtp_server.py" "$port" "$dir" </dev/null \
	>>"$dir/smtp.stdout" 2>&1 &
pid=$!
echo "$pid" >"$dir/smtp.pid"

# smtp_server.py writes DIR/ready after every listener is up; a port in use
# makes it exit, which we see here instead of a false "ready".
tries=$(( ${READY_TIMEOUT:-20} * 20 ))
while [ ! -s "$dir/ready" ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "smtp server exited during startup:" >&2
		tail -n 20 "$dir/smtp.stdout" >&2 || true
		rm -f "$dir/smtp.pid"
		exit 1
	fi
	tries=$((tries - 1))
	if [ "$tries" -le 0 ]; then
		echo "smtp server not ready in time" >&2
		do_stop "$dir"
		exit 1
	fi
	sleep 0.05
done
echo "$pid"
