#!/bin/sh
# tests/integration/web-public.sh - the console's address rules (README,
# "Security"): a listen address that is not loopback needs [web]
# allowed_hosts or serve refuses to start (staff sign in, or
# user_header names them); a request
# without Host gets 400, one naming another host 421; one client address
# holds at most 8 connections; a request head dribbled a byte a second is
# cut at [web] header_timeout_seconds while other clients are served. TAP
# output; needs curl and python3.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }

if ! command -v curl >/dev/null 2>&1 || [ ! -x "$PY" ]; then
	echo "1..0 # SKIP needs curl and python3"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-webpub-XXXXXX")
SPID=
HPID=
cleanup() {
	[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	[ -n "$HPID" ] && kill "$HPID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
P=$("$PY" -c 'import socket
s = socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1]); s.close()')
conf() {	# conf [allowed_hosts] [user_header]
	cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[web]
listen = 0.0.0.0:$P
header_timeout_seconds = 3
CONF
	[ -n "${1:-}" ] && echo "allowed_hosts = $1" >> "$T/rg.conf"
	[ -n "${2:-}" ] && echo "user_header = $2" >> "$T/rg.conf"
	return 0
}
export REPORTGATE_CONFIG="$T/rg.conf"

conf
printf 'alice-password\n' | "$REPORTGATE" users add alice --role viewer >/dev/null 2>&1
out=$(timeout 10 "$REPORTGATE" serve 2>&1 </dev/null)
rc=$?
check "public listen without allowed_hosts: refused (exit 1)" [ $rc -eq 1 ]
check "the refusal names allowed_hosts" sh -c 'echo "$1" | grep -q "allowed_hosts"' _ "$out"
conf console.example
timeout 3 "$REPORTGATE" serve >/dev/null 2>"$T/signin.log" </dev/null
check "public listen with allowed_hosts, staff signing in: serves" \
	grep -q 'event=web.listening' "$T/signin.log"

conf "console.example, staff.example" X-Remote-User
"$REPORTGATE" serve 2>"$T/serve.log" </dev/null &
SPID=$!
i=0
PORT=
while [ $i -lt 100 ] && [ -z "$PORT" ] && kill -0 "$SPID" 2>/dev/null; do
	PORT=$(sed -n 's/.*event=web.listening .*port=\([0-9]*\).*/\1/p' "$T/serve.log")
	[ -z "$PORT" ] && sleep 0.1
	i=$((i + 1))
done
[ -n "$PORT" ] || sed 's/^/# /' "$T/serve.log"
check "public listen with allowed_hosts and user_header: serves" [ -n "$PORT" ]
[ -n "$PORT" ] || { echo "1..$n"; exit 1; }
U=http://127.0.0.1:$PORT/
code() { curl -s -o /dev/null -w '%{http_code}' -H 'X-Remote-User: alice' "$@"; }
check "Host console.example: 200" [ "$(code -H 'Host: console.example' "$U")" = 200 ]
check "Host Staff.Example:8080: 200" [ "$(code -H 'Host: Staff.Example:8080' "$U")" = 200 ]
check "Host evil.example: 421" [ "$(code -H 'Host: evil.example' "$U")" = 421 ]
check "Host console.example.evil.example: 421" \
	[ "$(code -H 'Host: console.example.evil.example' "$U")" = 421 ]
check "HTTP/1.0 without Host: 400" [ "$(code -0 -H 'Host:' "$U")" = 400 ]
check "without the user header: 403" \
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: console.example' "$U")" = 403 ]

# 8 idle connections from one address: the 9th is not served.
"$PY" - "$PORT" "$T/held" <<'PYEOF' &
import socket, sys, time
port, flag = int(sys.argv[1]), sys.argv[2]
socks = []
for _ in range(8):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"G")
    socks.append(s)
open(flag, "w").close()
time.sleep(20)
PYEOF
HPID=$!
i=0
while [ ! -f "$T/held" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
check "9th connection from the same address: not served" \
	[ "$(code -m 5 -H 'Host: console.example' "$U")" = 000 ]
kill "$HPID" 2>/dev/null
wait "$HPID" 2>/dev/null
HPID=
sleep 0.5
check "served again once they are gone" [ "$(code -H 'Host: console.example' "$U")" = 200 ]

# A head dribbled one byte a second: cut at header_timeout_seconds (3),
# though the idle timeout (30 s) never fires; others are served meanwhile.
SH="${srcdir:-.}/tests/integration/slowhead.py"
"$PY" "$SH" dribble "$PORT" console.example 15 > "$T/dribble" &
DPID=$!
sleep 1
check "while a head dribbles, a normal request is served" \
	[ "$(code -H 'Host: console.example' "$U")" = 200 ]
check "a head sent in pieces within the deadline is served" \
	[ "$("$PY" "$SH" slow "$PORT" console.example /)" = 200 ]
wait "$DPID"
d=$(cat "$T/dribble")
check "the dribbled head is cut at the deadline (3 s; after $d s)" \
	awk -v d="$d" 'BEGIN { exit !(d != "open" && d >= 2.5 && d < 7) }'
check "the cut is logged" grep -q 'event=web.head_deadline' "$T/serve.log"
echo "1..$n"
[ $fails -eq 0 ]
