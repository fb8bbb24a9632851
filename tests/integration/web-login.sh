#!/bin/sh
# tests/integration/web-login.sh - staff accounts and sign-in of
# reportgate serve: `reportgate users` (add from a pipe, list, passwd,
# disable), serve refusing to start without an account, every page
# redirected to /login without a session, the sign-in form (token,
# cookie attributes, __Host- and Secure with [web] https), roles (a
# viewer's decision 403, a decider's 303 with the account in the event),
# the form token, five wrong passwords locking the account for the
# configured period (each an event and a log line), the per-address
# limit, sign-out, the proxy header mapped to accounts. TAP; needs curl,
# python3 and sqlite3.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
. "$srcdir/tests/integration/web-lib.sh"

for tool in curl sqlite3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed"
		exit 0
	fi
done
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-login-XXXXXX")
trap web_cleanup EXIT
trap 'exit 1' INT TERM
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
[web]
decisions = true
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
Y=$(date -u +%Y)
"$PY" "$srcdir/tests/integration/mkmail.py" --from 'Li Wei <li@brand.example>' \
	--subject 'Trademark report' --attach passport.pdf --body "Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
https://marketplace.alibabacloud.com/products/3/zh0003.html" > "$T/a.eml"
"$REPORTGATE" ingest "$T/a.eml" >/dev/null 2>>"$T/log"
REF=IPR-$Y-000001
SHA=$("$REPORTGATE" cases show --json "$REF" 2>>"$T/log" | "$PY" -c \
	'import json,sys; print(json.load(sys.stdin)["messages"][0]["attachments"][0]["sha256"])')
q() { sqlite3 "$T/rg.db" "$1"; }

# ---- serve without accounts; users ----
out=$("$REPORTGATE" serve --listen 127.0.0.1:0 2>&1 </dev/null)
rc=$?
check "no account: serve exits 1" [ $rc -eq 1 ]
check "no account: says how to add one" sh -c 'echo "$1" | grep -q "reportgate users add NAME --role admin"' _ "$out"
printf 'decider-pass\n' | "$REPORTGATE" users add dana --role decider >"$T/out" 2>>"$T/log"
check "users add from a pipe: exit 0" [ $? -eq 0 ]
printf 'viewer-pass\n' | "$REPORTGATE" users add vic --role viewer >/dev/null 2>>"$T/log"
printf 'reviewer-pass\n' | "$REPORTGATE" users add rita --role reviewer >/dev/null 2>>"$T/log"
printf 'short\n' | "$REPORTGATE" users add sam --role viewer >/dev/null 2>&1
check "users add: a password under 8 bytes refused (exit 1)" [ $? -eq 1 ]
printf 'whatever-pass\n' | "$REPORTGATE" users add dana --role admin >/dev/null 2>&1
check "users add: a taken name refused (exit 1)" [ $? -eq 1 ]
printf 'whatever-pass\n' | "$REPORTGATE" users add eve --role root >/dev/null 2>&1
check "users add: an unknown role is usage (exit 2)" [ $? -eq 2 ]
printf 'whatever-pass\n' | "$REPORTGATE" users add '<b>' --role viewer >/dev/null 2>&1
check "users add: a name with markup is usage (exit 2)" [ $? -eq 2 ]
check "users list: three accounts with roles" [ "$("$REPORTGATE" users list 2>>"$T/log")" = "$(printf 'dana\tdecider\nrita\treviewer\nvic\tviewer')" ]
check "users list --json" [ "$("$REPORTGATE" users list --json 2>>"$T/log" | "$PY" -c 'import json,sys; print([(a["name"], a["role"], a["disabled"]) for a in json.load(sys.stdin)])')" = "[('dana', 'decider', False), ('rita', 'reviewer', False), ('vic', 'viewer', False)]" ]
check "the store keeps an argon2id hash, not the password" sh -c '[ "$(sqlite3 "$1" "SELECT substr(password, 1, 10) FROM accounts WHERE name = '"'"'dana'"'"'")" = "\$argon2id\$" ] && ! grep -qa decider-pass "$1"' _ "$T/rg.db"

# ---- serve ----
get() {		# get JAR PATH [curl args]: body into $T/body, headers $T/head
	jar=$1
	p=$2
	shift 2
	curl -sS -b "$jar" -c "$jar" -o "$T/body" -D "$T/head" -w '%{http_code}' "$@" "$U$p" 2>>"$T/log"
}
hdr() { tr -d '\r' < "$T/head" | grep -qi -- "$1"; }
ltoken() {	# ltoken JAR: the sign-in form's token
	get "$1" /login >/dev/null
	sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1
}
signin() {	# signin JAR USER PASSWORD: prints the status
	t=$(ltoken "$1")
	get "$1" /login -H "Origin: $U" --data-urlencode "token=$t" \
		--data-urlencode "user=$2" --data-urlencode "password=$3"
}
ctoken() {	# ctoken JAR: the form token of the case page
	get "$1" "/case/$REF" >/dev/null
	sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1
}
start_serve "$T/serve.log"

: > "$T/none"
for p in / /quarantine "/case/$REF" "/case/$REF/attachment/$SHA" "/?q=x" /nothing; do
	code=$(get "$T/none" "$p")
	check "without a session $p: 303 to /login" sh -c '[ "$1" = 303 ] && tr -d "\r" < "$2" | grep -qx "Location: /login"' _ "$code" "$T/head"
done
code=$(get "$T/none" /login)
check "the sign-in page: 200 with a labelled form" sh -c '[ "$1" = 200 ] && grep -q "<label for=\"password\">" "$2" && grep -q "name=\"token\"" "$2"' _ "$code" "$T/body"
code=$(get "$T/none" "/case/$REF/action" -H "Origin: $U" -d action=note -d text=x)
check "a decision without a session: 403" [ "$code" = 403 ]
t=$(ltoken "$T/none")
code=$(get "$T/none" /login -H "Origin: $U" -d user=dana -d password=decider-pass)
check "sign-in without the form token: 403" [ "$code" = 403 ]
code=$(get "$T/none" /login -H "Origin: http://evil.example" -d "token=$t" -d user=dana -d password=decider-pass)
check "sign-in from a foreign Origin: 403" [ "$code" = 403 ]
check "no session was opened" [ "$(q 'SELECT count(*) FROM sessions')" = 0 ]

code=$(signin "$T/dana" dana decider-pass)
check "decider signs in: 303 to /" sh -c '[ "$1" = 303 ] && tr -d "\r" < "$2" | grep -qx "Location: /"' _ "$code" "$T/head"
check "cookie: HttpOnly; SameSite=Strict; Path=/, no Secure over http" sh -c 'tr -d "\r" < "$1" | grep -Eqx "Set-Cookie: rg_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/"' _ "$T/head"
cookie=$(tr -d '\r' < "$T/head" | sed -n 's/^Set-Cookie: rg_session=\([0-9a-f]*\);.*/\1/p')
check "the store keeps the session's SHA-256, not the cookie" sh -c '[ "$(sqlite3 "$1" "SELECT hash FROM sessions")" = "$(printf "%s" "$2" | xxd -r -p | sha256sum | cut -c1-64)" ]' _ "$T/rg.db" "$cookie"
code=$(get "$T/dana" /)
check "signed in: the list 200, naming the account" sh -c '[ "$1" = 200 ] && grep -q "Signed in as <strong>dana</strong>" "$2"' _ "$code" "$T/body"
check "the sign-in is an event" [ "$(q "SELECT count(*) FROM events WHERE case_id IS NULL AND type = 'login' AND actor = 'web:dana'")" = 1 ]
code=$(get "$T/dana" /login)
check "/login when signed in: 303 to /" [ "$code" = 303 ]
TD=$(ctoken "$T/dana")
check "the case page offers the decider accept" grep -q 'name="action" value="accept"' "$T/body"
check "Days of the evidence request holds 14" grep -q 'name="days" min="0" max="3650" required value="14"' "$T/body"

# viewer and reviewer
code=$(signin "$T/vic" vic viewer-pass)
check "viewer signs in: 303" [ "$code" = 303 ]
TV=$(ctoken "$T/vic")
check "viewer's case page: no decision forms" sh -c '[ ${#1} -eq 64 ] && ! grep -q "name=\"action\"" "$2"' _ "$TV" "$T/body"
code=$(get "$T/vic" "/case/$REF/action" -H "Origin: $U" -d "token=$TV" -d action=note -d text=x)
check "viewer's note: 403" [ "$code" = 403 ]
code=$(get "$T/vic" "/case/$REF/action" -H "Origin: $U" -d "token=$TV" -d action=accept)
check "viewer's accept: 403" [ "$code" = 403 ]
code=$(signin "$T/rita" rita reviewer-pass)
TR=$(ctoken "$T/rita")
check "reviewer's case page: request evidence, no accept" sh -c 'grep -q "value=\"request-evidence\"" "$1" && ! grep -q "value=\"accept\"" "$1"' _ "$T/body"
code=$(get "$T/rita" "/case/$REF/action" -H "Origin: $U" -d "token=$TR" -d action=accept)
check "reviewer's accept: 403" [ "$code" = 403 ]
code=$(get "$T/rita" "/case/$REF/action" -H "Origin: $U" -d "token=$TR" -d action=note -d text=looked)
check "reviewer's note: 303" [ "$code" = 303 ]
check "the status is unchanged by the refusals" [ "$(q "SELECT status FROM cases WHERE ref = '$REF'")" = ready_for_review ]

# the form token
code=$(get "$T/dana" "/case/$REF/action" -H "Origin: $U" -d action=accept)
check "decider's accept without the token: 403" [ "$code" = 403 ]
code=$(get "$T/dana" "/case/$REF/action" -H "Origin: $U" -d "token=$TV" -d action=accept)
check "decider's accept with another session's token: 403" [ "$code" = 403 ]
code=$(get "$T/dana" "/case/$REF/action" -H "Origin: $U" -d "token=$TD" -d action=accept -d "reason=registration checked")
check "decider's accept: 303" [ "$code" = 303 ]
check "the accept event names the account" [ "$(q "SELECT actor FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref = '$REF' AND e.type = 'case.status' AND e.detail LIKE '%\"accept\"%'")" = web:dana ]

# wrong passwords lock
i=0
while [ $i -lt 5 ]; do
	code=$(signin "$T/x" dana wrong-password-$i)
	[ "$code" = 403 ] || break
	i=$((i + 1))
done
check "five wrong passwords: each 403" [ $i -eq 5 ]
check "each failure is an event" [ "$(q "SELECT count(*) FROM events WHERE type = 'login.failed' AND detail LIKE '%\"user\":\"dana\"%'")" = 5 ]
check "each failure is a log line" [ "$(grep -c 'event=web.login_failed user=dana address=127.0.0.1 why=wrong password' "$T/serve.log")" = 5 ]
code=$(signin "$T/x" dana decider-pass)
check "then the right password is refused: 403, locked" sh -c '[ "$1" = 403 ] && grep -q "locked" "$2"' _ "$code" "$T/body"
check "users list shows the lock" sh -c '"$1" users list | grep -qx "dana	decider	locked"' _ "$REPORTGATE"
check "another account still signs in" [ "$(signin "$T/y" rita reviewer-pass)" = 303 ]
check "the signed-in session of the locked account still works" [ "$(get "$T/dana" /)" = 200 ]
stop_serve
# 14 minutes later: still locked; 16 minutes later: open.
RG_NOW=+840 start_serve "$T/serve2.log"
check "14 minutes later: still locked" [ "$(signin "$T/x" dana decider-pass)" = 403 ]
stop_serve
RG_NOW=+960 start_serve "$T/serve3.log"
check "16 minutes later: the lock is over" [ "$(signin "$T/x" dana decider-pass)" = 303 ]
stop_serve

# the per-address limit: 4 x 5 failures in the period (the failures
# above are forgotten first: a fresh count)
q 'DELETE FROM login_failures'
start_serve "$T/serve4.log"
i=0
while [ $i -lt 20 ]; do
	signin "$T/z" "nobody$i" x-password >/dev/null
	i=$((i + 1))
done
code=$(signin "$T/z" rita reviewer-pass)
check "20 failures from one address: a right password refused too" sh -c '[ "$1" = 403 ] && grep -q "this address" "$2"' _ "$code" "$T/body"
check "unknown names are events with why" [ "$(q "SELECT count(*) FROM events WHERE type = 'login.failed' AND detail LIKE '%unknown account%'")" = 20 ]
check "the refused address is an event too" [ "$(q "SELECT count(*) FROM events WHERE type = 'login.failed' AND detail LIKE '%address locked%'")" = 1 ]
q 'DELETE FROM login_failures'

# sign-out, passwd and disable end sessions
TD=$(ctoken "$T/dana")
code=$(get "$T/dana" /logout -H "Origin: $U" -d "token=$TD")
check "sign-out: 303 to /login, cookie cleared" sh -c '[ "$1" = 303 ] && tr -d "\r" < "$2" | grep -qx "Location: /login" && tr -d "\r" < "$2" | grep -q "^Set-Cookie: rg_session=; .*Max-Age=0"' _ "$code" "$T/head"
curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: rg_session=$cookie" "$U/" > "$T/code" 2>>"$T/log"
check "the old cookie no longer opens a page (303)" [ "$(cat "$T/code")" = 303 ]
check "the sign-out is an event" [ "$(q "SELECT count(*) FROM events WHERE type = 'logout' AND actor = 'web:dana'")" = 1 ]
printf 'new-viewer-pass\n' | "$REPORTGATE" users passwd vic >/dev/null 2>>"$T/log"
check "users passwd ends the sessions" [ "$(get "$T/vic" /)" = 303 ]
check "the new password signs in" [ "$(signin "$T/vic" vic new-viewer-pass)" = 303 ]
"$REPORTGATE" users disable rita >/dev/null 2>>"$T/log"
check "users disable ends the sessions" [ "$(get "$T/rita" /)" = 303 ]
stop_serve
check "users list shows disabled" sh -c '"$1" users list | grep -qx "rita	reviewer	disabled"' _ "$REPORTGATE"

# https: the __Host- prefix and Secure; idle expiry
sed '/^\[web\]/,$d' "$T/rg.conf" > "$T/https.conf"
printf '[web]\ndecisions = true\nhttps = true\nsession_idle_minutes = 2\n' >> "$T/https.conf"
REPORTGATE_CONFIG="$T/https.conf" start_serve "$T/serve5.log"
code=$(signin "$T/h" dana decider-pass)
check "[web] https: __Host-rg_session; Secure" sh -c 'tr -d "\r" < "$1" | grep -Eqx "Set-Cookie: __Host-rg_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/; Secure"' _ "$T/head"
hc=$(tr -d '\r' < "$T/head" | sed -n 's/^Set-Cookie: __Host-rg_session=\([0-9a-f]*\);.*/\1/p')
curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: __Host-rg_session=$hc" "$U/" > "$T/code" 2>>"$T/log"
check "the __Host- cookie opens pages" [ "$(cat "$T/code")" = 200 ]
stop_serve
RG_NOW=+180 REPORTGATE_CONFIG="$T/https.conf" start_serve "$T/serve6.log"
curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: __Host-rg_session=$hc" "$U/" > "$T/code" 2>>"$T/log"
check "3 idle minutes past a 2-minute limit: signed out (303)" [ "$(cat "$T/code")" = 303 ]
stop_serve

# the proxy header names an account
sed '/^\[web\]/,$d' "$T/rg.conf" > "$T/proxy.conf"
printf '[web]\ndecisions = true\nuser_header = X-Remote-User\n' >> "$T/proxy.conf"
REPORTGATE_CONFIG="$T/proxy.conf" start_serve "$T/serve7.log"
check "proxy: an account: 200" [ "$(get "$T/none" / -H "X-Remote-User: vic")" = 200 ]
check "proxy: no such account: 403" [ "$(get "$T/none" / -H "X-Remote-User: mallory")" = 403 ]
check "proxy: a disabled account: 403" [ "$(get "$T/none" / -H "X-Remote-User: rita")" = 403 ]
stop_serve

echo "1..$n"
[ $fails -eq 0 ]
