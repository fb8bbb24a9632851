#!/bin/sh
# tests/integration/web.sh - reportgate serve against a temporary store
# filled by `reportgate ingest`: pages, escaping of a hostile subject and
# file name, attachment downloads (bytes, headers, only the case's own
# hashes), input checks (400/404/405/414/421), security headers, the
# loopback-only rule, search (listing id, Chinese text), and decisions:
# off by default (405), CSRF token and same-origin checks (403), the
# actor recorded (the signed-in account, the proxy's user header mapped
# to an account), refused moves (409,
# nothing changed), bad input (400), escaping on the timeline; a clean
# stop on SIGTERM. TAP output; needs curl and python3.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
. "$srcdir/tests/integration/web-lib.sh"

if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP curl is not installed"
	exit 0
fi
if [ ! -x "$PY" ]; then
	echo "1..0 # SKIP no $PY"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-web-XXXXXX")
trap web_cleanup EXIT
trap 'exit 1' INT TERM
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
Y=$(date -u +%Y)

# A report whose subject and attachment name are markup, with a PDF.
B=b0undary
{
	printf 'From: Eve <eve@brand.example>\nTo: ip@gw.example.net\n'
	printf 'Subject: <script>alert(1)</script>\nMessage-ID: <xss1@brand.example>\n'
	printf 'Date: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary=%s\n\n' $B
	printf -- '--%s\nContent-Type: text/plain; charset=utf-8\n\n' $B
	printf 'Our trademark is infringed: https://marketplace.alibabacloud.com/products/56700001/cmjj00012345.html\n\n'
	printf -- '--%s\nContent-Type: application/pdf\n' $B
	printf 'Content-Disposition: attachment; filename="<img src=x onerror=alert(2)>.pdf"\n'
	printf 'Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKZXZpZGVuY2UgZm9yIHRoZSB3ZWIgdGVzdAo=\n--%s--\n' $B
} > "$T/xss.eml"
# A second case with an attachment of its own.
{
	printf 'From: Bob <bob@other.example>\nTo: ip@gw.example.net\n'
	printf 'Subject: Another listing\nMessage-ID: <other1@other.example>\n'
	printf 'Date: Mon, 23 Nov 2026 10:05:00 +0000\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary=%s\n\n' $B
	printf -- '--%s\nContent-Type: text/plain; charset=utf-8\n\nSee https://marketplace.alibabacloud.com/products/2/bbb.html\n\n' $B
	printf -- '--%s\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="other.pdf"\n' $B
	printf 'Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKb3RoZXIgY2FzZQo=\n--%s--\n' $B
} > "$T/other.eml"
: > "$T/empty.eml"	# quarantined
# A complete report (staff can accept it) written in Chinese.
"$PY" "$srcdir/tests/integration/mkmail.py" --from 'Li Wei <li@brand.example>' \
	--subject '商标侵权投诉' --attach passport.pdf --body "Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
该卖家未经授权使用我们的注册商标。
Infringing listings:
https://marketplace.alibabacloud.com/products/3/zh0003.html" > "$T/zh.eml"
"$REPORTGATE" ingest "$T/xss.eml" "$T/other.eml" "$T/empty.eml" "$T/zh.eml" \
	>"$T/ingest.out" 2>>"$T/log"
check "fixtures ingested (3 filed, 1 quarantined)" \
	[ "$(cat "$T/ingest.out")" = "filed 3, duplicates 0, quarantined 1, failed 0" ]
REF1=IPR-$Y-000001
REF2=IPR-$Y-000002
REF3=IPR-$Y-000003
# Hashes from cases show --json (python only parses the JSON).
sha_of() {	# sha_of REF: the first attachment's SHA-256
	"$REPORTGATE" cases show --json "$1" 2>>"$T/log" | "$PY" -c \
		'import json,sys; print(json.load(sys.stdin)["messages"][0]["attachments"][0]["sha256"])'
}
# Accounts: pages need a session (tests/integration/web-login.sh tests
# the sign-in itself).
printf 'alice-password\n' | "$REPORTGATE" users add alice --role decider >/dev/null 2>>"$T/log"
printf 'bob-password\n' | "$REPORTGATE" users add bob --role reviewer >/dev/null 2>>"$T/log"
SHA1=$(sha_of "$REF1")
SHA2=$(sha_of "$REF2")
check "attachments were stored" [ ${#SHA1} -eq 64 -a ${#SHA2} -eq 64 ]

# A public address is refused unless [web] listen names it.
out=$(timeout 10 "$REPORTGATE" serve --listen 0.0.0.0:0 2>&1 </dev/null)
rc=$?
check "non-loopback --listen refused (exit 1)" [ $rc -eq 1 ]
check "refusal names [web] listen" sh -c 'echo "$1" | grep -q "listen = 0.0.0.0:0"' _ "$out"
out=$(timeout 10 "$REPORTGATE" serve --listen nohost 2>&1 </dev/null)
check "malformed --listen refused (exit 1)" [ $? -eq 1 ]

# signin USER PASSWORD: signs in, the session cookie into $T/jar.
signin() {
	curl -sS -c "$T/jar" -o "$T/login.html" "$U/login" 2>>"$T/log"
	ltok=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/login.html")
	[ "$(curl -sS -b "$T/jar" -c "$T/jar" -o /dev/null -w '%{http_code}' \
		-H "Origin: $U" --data-urlencode "token=$ltok" \
		--data-urlencode "user=$1" --data-urlencode "password=$2" \
		"$U/login" 2>>"$T/log")" = 303 ]
}
start_serve "$T/serve.log"
check "signed in as alice" signin alice alice-password
get() {		# get PATH [curl args]: body into $T/body, headers into $T/head
	p=$1
	shift
	curl -sS --path-as-is -b "$T/jar" -o "$T/body" -D "$T/head" -w '%{http_code}' "$@" "$U$p" 2>>"$T/log"
}
has() { grep -q -- "$1" "$T/body"; }
hdr() { tr -d '\r' < "$T/head" | grep -qix -- "$1"; }
sechdrs() {
	hdr "Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" &&
	hdr "X-Frame-Options: DENY" && hdr "Referrer-Policy: same-origin" &&
	hdr "X-Content-Type-Options: nosniff"
}

code=$(get /)
check "case list: 200" [ "$code" = 200 ]
check "case list names both cases" sh -c 'grep -q "$1" "$3" && grep -q "$2" "$3"' _ "$REF1" "$REF2" "$T/body"
check "case list links the case" has "href=\"/case/$REF1\""
check "security headers on a page" sechdrs
check "HTML content type" hdr "Content-Type: text/html; charset=utf-8"
check "no script tag in the list" sh -c '! grep -qi "<script" "$1"' _ "$T/body"
code=$(get "/?status=ready_for_review&stream=abuse")
check "filters: 200" [ "$code" = 200 ]
check "filters: ip cases not shown for stream abuse" sh -c '! grep -q "$1" "$2"' _ "$REF1" "$T/body"
check "filters: chosen status is selected" has 'value="ready_for_review" selected'
code=$(get "/?status=nonsense")
check "unknown status filter: 400" [ "$code" = 400 ]
code=$(get "/?stream=%3Cscript%3E")
check "unknown stream filter: 400" [ "$code" = 400 ]

# Search (store_case_search): by listing id, by Chinese text.
listed() {	# listed REF...: the body links exactly these cases
	want=$(printf '%s\n' "$@" | sort)
	got=$(grep -o 'href="/case/[A-Z0-9-]*"' "$T/body" | sed 's/.*case\///;s/"//' | sort -u)
	[ "$got" = "$want" ]
}
code=$(get "/?q=cmjj00012345")
check "search by listing id: 200" [ "$code" = 200 ]
check "search by listing id finds that case only" listed "$REF1"
check "search box keeps the text" has 'name="q" size="30" maxlength="200" value="cmjj00012345"'
code=$(get "/?q=%E6%B3%A8%E5%86%8C%E5%95%86%E6%A0%87")	# 注册商标
check "search by Chinese text finds that case only" listed "$REF3"
code=$(get "/?q=%E5%95%86%E6%A0%87&stream=abuse")	# 商标, abuse only
check "search with a filter: none" sh -c '[ "$1" = 200 ] && ! grep -q "href=\"/case/" "$2"' _ "$code" "$T/body"
code=$(get "/?q=%3Cscript%3Ealert(5)%3C/script%3E%22")
check "search text echoed escaped" sh -c '[ "$1" = 200 ] && grep -q "value=\"&lt;script&gt;alert(5)&lt;/script&gt;&quot;\"" "$2" && ! grep -qi "<script" "$2"' _ "$code" "$T/body"
code=$(get "/?q=%FF%FE")
check "search text not UTF-8: 400" [ "$code" = 400 ]
long=$(head -c 201 /dev/zero | tr '\0' a)
code=$(get "/?q=$long")
check "search text over 200 bytes: 400" [ "$code" = 400 ]

code=$(get "/case/$REF1")
check "case page: 200" [ "$code" = 200 ]
check "case page: subject shown escaped" has '&lt;script&gt;alert(1)&lt;/script&gt;'
check "case page: no <script tag at all" sh -c '! grep -qi "<script" "$1"' _ "$T/body"
check "case page: attachment name escaped" has '&lt;img src=x onerror=alert(2)&gt;.pdf'
check "case page: no <img tag" sh -c '! grep -qi "<img" "$1"' _ "$T/body"
check "case page: attachment hash shown" has "<span class=\"h\">$SHA1</span>"
check "case page: download link" has "href=\"/case/$REF1/attachment/$SHA1\""
check "case page: listing URL is text, not a link" sh -c 'grep -q "products/56700001/cmjj00012345.html" "$1" && ! grep -q "href=\"http" "$1"' _ "$T/body"
check "case page: event timeline" has 'case.filed'
check "security headers on the case page" sechdrs

code=$(get "/case/$REF1/attachment/$SHA1")
check "attachment: 200" [ "$code" = 200 ]
check "attachment: bytes hash to its SHA-256" [ "$(sha256sum < "$T/body" | cut -c1-64)" = "$SHA1" ]
check "attachment: application/octet-stream" hdr "Content-Type: application/octet-stream"
check "attachment: nosniff" hdr "X-Content-Type-Options: nosniff"
check "attachment: sanitized ASCII name and RFC 5987 name" hdr \
	"Content-Disposition: attachment; filename=\"_img src_x onerror_alert_2__.pdf\"; filename\*=UTF-8''%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E.pdf"
code=$(get "/case/$REF1/attachment/$SHA2")
check "another case's attachment: 404" [ "$code" = 404 ]
code=$(get "/case/$REF1/attachment/$(echo "$SHA1" | tr a-f A-F)")
check "upper-case hash: 400" [ "$code" = 400 ]
code=$(get "/case/$REF1/attachment/../../rg.db")
check "path in the hash: 400" [ "$code" = 400 ]
code=$(get "/case/IPR-$Y-999999")
check "unknown case: 404" [ "$code" = 404 ]
check "security headers on a 404" sechdrs
code=$(get "/case/../etc/passwd")
check "/case/../etc: 400" [ "$code" = 400 ]
code=$(get "/case/%2e%2e%2fetc")
check "/case/%2e%2e%2fetc: 400" [ "$code" = 400 ]
code=$(get "/case/$REF1/nothing")
check "unknown case subpage: 404" [ "$code" = 404 ]
code=$(get /nothing)
check "unknown page: 404" [ "$code" = 404 ]

code=$(get /quarantine)
check "quarantine: 200" [ "$code" = 200 ]
check "quarantine lists the empty message" has e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

code=$(get / -X POST -d x=y)
check "POST: 405" [ "$code" = 405 ]
check "405 says Allow: GET, HEAD" hdr "Allow: GET, HEAD"
code=$(get "/case/$REF3")
check "read-only: the case page has no decision forms" sh -c '[ "$1" = 200 ] && ! grep -q "name=\"action\"" "$2"' _ "$code" "$T/body"
code=$(get "/case/$REF3/action" -H "Origin: $U" -d action=note -d text=x)
check "read-only: a decision is refused (405)" [ "$code" = 405 ]
code=$(get "/case/$REF1" -I)
check "HEAD: 200, no body" sh -c '[ "$1" = 200 ] && ! grep -q "<html" "$2"' _ "$code" "$T/body"
code=$(get / -H "Host: rebind.attacker.example")
check "foreign Host header (DNS rebinding): 421" [ "$code" = 421 ]
# curl keeps the jar's cookie for 127.0.0.1 only: named by hand.
code=$(get / -H "Host: localhost:$PORT" -H "Cookie: rg_session=$(awk '$6 == "rg_session" { print $7 }' "$T/jar")")
check "Host localhost: 200" [ "$code" = 200 ]
long=$(head -c 3000 /dev/zero | tr '\0' a)
code=$(get "/?q=$long")
check "over-long request target: 414" [ "$code" = 414 ]

timeout 10 "$REPORTGATE" serve --listen "127.0.0.1:$PORT" >/dev/null 2>"$T/second.log" </dev/null
check "port in use: second serve exits 1" [ $? -eq 1 ]
check "port in use: the log says why" grep -q 'Address already in use' "$T/second.log"

stop_serve
check "SIGTERM: exit 0" [ $rc -eq 0 ]
check "SIGTERM: logged web.stop" grep -q 'event=web.stop signal=TERM' "$T/serve.log"
check "stopped: port closed" sh -c '! curl -s -o /dev/null "$1" 2>/dev/null' _ "$U/"
check "read-only: nothing was recorded" sh -c '! grep -q "event=web.decision" "$1"' _ "$T/serve.log"

# ---- decisions ----
js() {	# js REF EXPR: EXPR over the case's JSON d
	"$REPORTGATE" cases show --json "$1" 2>>"$T/log" | "$PY" -c \
		'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}
status() { js "$1" 'd["status"]'; }
nevents() { js "$1" 'len(d["events"])'; }
last_event() { js "$1" 'd["events"][-1]["actor"]+" "+d["events"][-1]["type"]'; }
token() {	# token REF [curl args]: the token in the case page's forms
	r=$1
	shift
	get "/case/$r" "$@" >/dev/null
	sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1
}
post() {	# post REF [curl args]: POST /case/REF/action
	r=$1
	shift
	get "/case/$r/action" "$@"
}

start_serve "$T/serve2.log" --allow-decisions
check "decisions on: logged" grep -q 'decisions=on user_header=-' "$T/serve2.log"
TOK=$(token "$REF3")
check "the case page carries a 64-digit token" [ ${#TOK} -eq 64 ]
check "the case page offers accept" has 'name="action" value="accept"'
check "the case page offers a note" has 'name="action" value="note"'
st0=$(status "$REF3")
ev0=$(nevents "$REF3")
check "complete case is ready_for_review" [ "$st0" = ready_for_review ]
code=$(post "$REF3" -H "Origin: $U" -d action=accept)
check "POST without token: 403" [ "$code" = 403 ]
code=$(post "$REF3" -H "Origin: $U" -d "token=$(echo "$TOK" | tr 0-9a-f a-f0-9)" -d action=accept)
check "POST with a wrong token: 403" [ "$code" = 403 ]
code=$(post "$REF3" -H "Origin: http://evil.example" -d "token=$TOK" -d action=accept)
check "POST with token, foreign Origin: 403" [ "$code" = 403 ]
code=$(post "$REF3" -H "Origin: null" -d "token=$TOK" -d action=accept)
check "POST with token, Origin null: 403" [ "$code" = 403 ]
code=$(post "$REF3" -H "Referer: http://evil.example/case/$REF3" -d "token=$TOK" -d action=accept)
check "POST with token, foreign Referer: 403" [ "$code" = 403 ]
code=$(post "$REF3" -d "token=$TOK" -d action=accept)
check "POST with token, neither Origin nor Referer: 403" [ "$code" = 403 ]
code=$(post "$REF3" -H "Origin: $U" -H "Content-Type: application/json" -d "{\"token\":\"$TOK\"}")
check "POST as JSON: 415" [ "$code" = 415 ]
big=$(head -c 17000 /dev/zero | tr '\0' a)
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=note -d "text=$big")
check "POST over 16 KiB: 413" [ "$code" = 413 ]
check "refused POSTs changed nothing" [ "$(status "$REF3")/$(nevents "$REF3")" = "$st0/$ev0" ]

code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=reject)
check "reject without a reason: 400" [ "$code" = 400 ]
check "400 shows why on the case page" has 'A reason is required.'
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=request-evidence -d party=vendor -d days=x -d text=t)
check "days not a number: 400" [ "$code" = 400 ]
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=act -d what=nuke -d reason=r)
check "unknown act: 400" [ "$code" = 400 ]
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=note -d text=a -d text=b)
check "a field twice: 400" [ "$code" = 400 ]
check "bad input changed nothing" [ "$(status "$REF3")/$(nevents "$REF3")" = "$st0/$ev0" ]

code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=accept --data-urlencode "reason=trademark shown")
check "accept with token and same Origin: 303" [ "$code" = 303 ]
check "303 goes back to the case page" hdr "Location: /case/$REF3"
check "the case is accepted" [ "$(status "$REF3")" = accepted ]
acc='[(e["actor"], json.loads(e["detail"])["reason"]) for e in d["events"] if e["type"] == "case.status" and json.loads(e["detail"])["action"] == "accept"]'
check "the accept event: actor web:alice (signed in), the reason" [ "$(js "$REF3" "$acc")" = "[('web:alice', 'trademark shown')]" ]
check "decision logged" grep -q "event=web.decision ref=$REF3 action=accept actor=web:alice" "$T/serve2.log"
ev1=$(nevents "$REF3")
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=accept)
check "accept again (refused transition): 409" [ "$code" = 409 ]
check "409 shows the refusal on the case page" has "$REF3: cannot accept"
check "refused transition changed nothing" [ "$(status "$REF3")/$(nevents "$REF3")" = "accepted/$ev1" ]
code=$(post "$REF1" -H "Origin: $U" -d "token=$TOK" -d action=accept)
check "accept an incomplete case: 409" [ "$code" = 409 ]
code=$(post "IPR-$Y-999999" -H "Origin: $U" -d "token=$TOK" -d action=note -d text=x)
check "decision on an unknown case: 404" [ "$code" = 404 ]

code=$(post "$REF3" -H "Referer: $U/case/$REF3" -d "token=$TOK" -d action=note \
	--data-urlencode "text=<script>alert(4)</script> & <b>bold</b>" -d "x=ignored")
check "note with token and same Referer (no Origin): 303" [ "$code" = 303 ]
check "note recorded by web:alice" [ "$(last_event "$REF3")" = "web:alice case.note" ]
code=$(get "/case/$REF3")
check "note shown escaped on the timeline" has '&lt;script&gt;alert(4)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'
check "no <script or <b tag on the case page" sh -c '! grep -qi "<script\|<b>" "$1"' _ "$T/body"
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=note -d "text=one+two%0D%0Athree")
check "form encoding: + is a space, CRLF is LF" [ "$(js "$REF3" 'd["events"][-1]["detail"]')" = '{"text":"one two\nthree"}' ]
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=act -d what=removal -d "reason=listing removed")
check "act removal: 303, action_taken" sh -c '[ "$1" = 303 ] && [ "$2" = action_taken ]' _ "$code" "$(status "$REF3")"
code=$(post "$REF3" -H "Origin: $U" -d "token=$TOK" -d action=close)
check "close: 303, closed" sh -c '[ "$1" = 303 ] && [ "$2" = closed ]' _ "$code" "$(status "$REF3")"
stop_serve

# Behind a proxy: [web] user_header names the staff member; decisions on
# from the configuration. A new process has a new token.
cp "$T/rg.conf" "$T/proxy.conf"
printf '\n[web]\nuser_header = X-Remote-User\ndecisions = true\n' >> "$T/proxy.conf"
REPORTGATE_CONFIG="$T/proxy.conf"
start_serve "$T/serve3.log"
check "stale token of the previous process refused: 403" sh -c '[ "$("$@")" = 403 ]' _ \
	curl -sS -o /dev/null -w '%{http_code}' -H "X-Remote-User: bob" -H "Origin: $U" \
	-d "token=$TOK" -d action=note -d text=x "$U/case/$REF2/action"
code=$(get "/case/$REF2")
check "proxy mode: a request without the user header: 403" [ "$code" = 403 ]
code=$(get "/case/$REF2" -H "X-Remote-User: $(head -c 65 /dev/zero | tr '\0' b)")
check "proxy mode: a 65-character user: 403" [ "$code" = 403 ]
code=$(get "/case/$REF2" -H "X-Remote-User: bob" -H "X-Remote-User: mallory")
check "proxy mode: the user header twice: 403" [ "$code" = 403 ]
code=$(get "/case/$REF2" -H "X-Remote-User: mallory")
check "proxy mode: a name that is no account: 403" [ "$code" = 403 ]
TOK2=$(token "$REF2" -H "X-Remote-User: bob")
check "proxy mode: a new token" sh -c '[ ${#1} -eq 64 ] && [ "$1" != "$2" ]' _ "$TOK2" "$TOK"
code=$(post "$REF2" -H "X-Remote-User: bob" -H "Origin: $U" -d "token=$TOK2" -d action=note -d text=seen)
check "proxy mode: note as bob: 303" [ "$code" = 303 ]
check "proxy mode: the event's actor is web:bob" [ "$(last_event "$REF2")" = "web:bob case.note" ]
code=$(post "$REF2" -H "X-Remote-User: bob" -H "Origin: https://console.example" \
	-H "X-Forwarded-Host: console.example" -d "token=$TOK2" -d action=note -d text=via-proxy)
check "proxy mode: Origin = X-Forwarded-Host: 303" [ "$code" = 303 ]
code=$(post "$REF2" -H "X-Remote-User: bob" -H "Origin: https://evil.example" \
	-H "X-Forwarded-Host: console.example" -d "token=$TOK2" -d action=note -d text=x)
check "proxy mode: foreign Origin: 403" [ "$code" = 403 ]
check "proxy mode: two notes recorded" [ "$(js "$REF2" 'sum(e["type"]=="case.note" for e in d["events"])')" = 2 ]
stop_serve
check "proxy mode: SIGTERM exit 0" [ $rc -eq 0 ]

echo "1..$n"
[ $fails -eq 0 ]
