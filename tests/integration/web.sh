#!/bin/sh
# tests/integration/web.sh - reportgate serve against a temporary store
# filled by `reportgate ingest`: pages, escaping of a hostile subject and
# file name, attachment downloads (bytes, headers, only the case's own
# hashes), input checks (400/404/405/414/421), security headers, the
# loopback-only rule and a clean stop on SIGTERM. TAP output; needs curl.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }

if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP curl is not installed"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-web-XXXXXX")
SPID=
cleanup() {
	[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
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
"$REPORTGATE" ingest "$T/xss.eml" "$T/other.eml" "$T/empty.eml" \
	>"$T/ingest.out" 2>>"$T/log"
check "fixtures ingested (2 filed, 1 quarantined)" \
	[ "$(cat "$T/ingest.out")" = "filed 2, duplicates 0, quarantined 1, failed 0" ]
REF1=IPR-$Y-000001
REF2=IPR-$Y-000002
# Hashes from cases show --json (python only parses the JSON).
sha_of() {	# sha_of REF: the first attachment's SHA-256
	"$REPORTGATE" cases show --json "$1" 2>>"$T/log" | "$PY" -c \
		'import json,sys; print(json.load(sys.stdin)["messages"][0]["attachments"][0]["sha256"])'
}
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

# Start on any free loopback port; the port is read from the log.
"$REPORTGATE" serve --listen 127.0.0.1:0 2>"$T/serve.log" </dev/null &
SPID=$!
i=0
PORT=
while [ $i -lt 100 ] && [ -z "$PORT" ] && kill -0 "$SPID" 2>/dev/null; do
	PORT=$(sed -n 's/.*event=web.listening .*port=\([0-9]*\).*/\1/p' "$T/serve.log")
	[ -z "$PORT" ] && sleep 0.1
	i=$((i + 1))
done
if [ -z "$PORT" ]; then
	notok "serve started and logged its port"
	sed 's/^/# /' "$T/serve.log"
	echo "1..$n"
	exit 1
fi
ok "serve started on 127.0.0.1:$PORT"
U=http://127.0.0.1:$PORT
get() {		# get PATH [curl args]: body into $T/body, headers into $T/head
	p=$1
	shift
	curl -sS --path-as-is -o "$T/body" -D "$T/head" -w '%{http_code}' "$@" "$U$p" 2>>"$T/log"
}
has() { grep -q -- "$1" "$T/body"; }
hdr() { tr -d '\r' < "$T/head" | grep -qix -- "$1"; }
sechdrs() {
	hdr "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'" &&
	hdr "X-Frame-Options: DENY" && hdr "Referrer-Policy: no-referrer" &&
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

code=$(get "/case/$REF1")
check "case page: 200" [ "$code" = 200 ]
check "case page: subject shown escaped" has '&lt;script&gt;alert(1)&lt;/script&gt;'
check "case page: no <script tag at all" sh -c '! grep -qi "<script" "$1"' _ "$T/body"
check "case page: attachment name escaped" has '&lt;img src=x onerror=alert(2)&gt;.pdf'
check "case page: no <img tag" sh -c '! grep -qi "<img" "$1"' _ "$T/body"
check "case page: attachment hash shown" has "<td class=\"h\">$SHA1</td>"
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
code=$(get "/case/$REF1" -I)
check "HEAD: 200, no body" sh -c '[ "$1" = 200 ] && ! grep -q "<html" "$2"' _ "$code" "$T/body"
code=$(get / -H "Host: rebind.attacker.example")
check "foreign Host header (DNS rebinding): 421" [ "$code" = 421 ]
code=$(get / -H "Host: localhost:$PORT")
check "Host localhost: 200" [ "$code" = 200 ]
long=$(head -c 3000 /dev/zero | tr '\0' a)
code=$(get "/?q=$long")
check "over-long request target: 414" [ "$code" = 414 ]

timeout 10 "$REPORTGATE" serve --listen "127.0.0.1:$PORT" >/dev/null 2>"$T/second.log" </dev/null
check "port in use: second serve exits 1" [ $? -eq 1 ]
check "port in use: the log says why" grep -q 'Address already in use' "$T/second.log"

kill -TERM "$SPID"
wait "$SPID"
rc=$?
SPID=
check "SIGTERM: exit 0" [ $rc -eq 0 ]
check "SIGTERM: logged web.stop" grep -q 'event=web.stop signal=TERM' "$T/serve.log"
check "stopped: port closed" sh -c '! curl -s -o /dev/null "$1" 2>/dev/null' _ "$U/"

echo "1..$n"
[ $fails -eq 0 ]
