#!/bin/sh
# tests/integration/portal.sh - reportgate portal with curl and a real
# SMTP receiver (smtp-server.sh): a complete IP report with three files
# is 303 and stores a held form, its confirmation mail is delivered by
# `send --once`, the link files exactly one case whose listings and
# evidence equal, field by field, those of the same report sent by mail,
# and the acknowledgement is delivered; the link works once; a wrong
# token is 404 like an unknown form; an incomplete form is 422 naming
# each missing item next to its field, keeps the values and stores
# nothing; an upload over the limit is 413 and stores nothing; CSRF and
# same-origin refusals (403); the 21st submission from one address in
# an hour is 429, and behind a proxy the held forms per email address
# too; more files than max_files is 413; unconfirmed forms and their
# files are deleted after 48 hours; pages in Chinese from Accept-Language; the security headers on
# every answer; no token in the log. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
SRV="$srcdir/tests/integration/smtp-server.sh"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }

if ! command -v curl >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP curl or sqlite3 is not installed"
	exit 0
fi
if [ ! -x "$PY" ] || ! "$SRV" check; then
	echo "1..0 # SKIP python3-aiosmtpd not installed"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-portal-XXXXXX")
PPID_=
cleanup() {
	[ -n "$PPID_" ] && kill -TERM "$PPID_" 2>/dev/null && wait "$PPID_" 2>/dev/null
	"$SRV" stop "$T/srv" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
freeport() { "$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
SP=$(freeport)
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
"$SRV" start "$SP" "$T/srv" >/dev/null || { echo "1..0 # SKIP smtp server did not start"; exit 0; }
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
[smtp]
url = smtp://127.0.0.1:$SP
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
[intake]
gateway_addresses = ip-reports@gw.example.net
message_id_host = gw.example.net
[portal]
base_url = https://report.example.net
max_upload_mb = 1
secret_file = $T/portal.key
header_timeout_seconds = 3
CONF
head -c 48 /dev/urandom | base64 -w0 > "$T/portal.key"
chmod 600 "$T/portal.key"
export REPORTGATE_CONFIG="$T/rg.conf"
rg() { "$REPORTGATE" "$@" 2>>"$T/log"; }
db() { sqlite3 "$T/rg.db" "$1"; }
nfiles() { find "$T/att" -type f | wc -l; }
ndelivered() { ls "$T/srv/Maildir/new" | wc -l; }
lastmail() { ls "$T/srv/Maildir/new" | sort -n | tail -n 1 | sed "s|^|$T/srv/Maildir/new/|"; }

check "portal refuses to start without [portal] base_url" sh -c \
	'printf "[store]\npath = %s/x.db\nattachments_dir = %s/xatt\n" "$1" "$1" > "$1/x.conf";
	 REPORTGATE_CONFIG="$1/x.conf" timeout 10 "$REPORTGATE" portal --listen 127.0.0.1:0 2>&1 </dev/null |
	 grep -q "base_url is not set"' _ "$T"

start_portal() {	# start_portal LOG
	"$REPORTGATE" portal --listen 127.0.0.1:0 2>"$1" </dev/null &
	PPID_=$!
	i=0
	PORT=
	while [ $i -lt 100 ] && [ -z "$PORT" ] && kill -0 "$PPID_" 2>/dev/null; do
		PORT=$(sed -n 's/.*event=portal.listening .*port=\([0-9]*\).*/\1/p' "$1")
		[ -z "$PORT" ] && sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$PORT" ]; then
		notok "portal started"
		sed 's/^/# /' "$1"
		echo "1..$n"
		exit 1
	fi
	U=http://127.0.0.1:$PORT
}
stop_portal() {
	kill -TERM "$PPID_"
	wait "$PPID_"
	rc=$?
	PPID_=
}
start_portal "$T/portal.log"
ok "portal started on 127.0.0.1:$PORT"

# A head dribbled one byte a second is cut at header_timeout_seconds (3),
# though every byte restarts the idle timeout; others are served.
SH="$srcdir/tests/integration/slowhead.py"
"$PY" "$SH" dribble "$PORT" 127.0.0.1 15 > "$T/dribble" &
DPID=$!
sleep 1
check "while a head dribbles, the form is served" \
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$U/report/ip")" = 200 ]
check "a head sent in pieces within the deadline is served" \
	[ "$("$PY" "$SH" slow "$PORT" 127.0.0.1 /report/abuse)" = 200 ]
wait "$DPID"
d=$(cat "$T/dribble")
check "the dribbled head is cut at the deadline (3 s; after $d s)" \
	awk -v d="$d" 'BEGIN { exit !(d != "open" && d >= 2.5 && d < 7) }'
check "the cut is logged" grep -q 'event=portal.head_deadline' "$T/portal.log"

get() {		# get PATH [curl args]: body into $T/body, headers into $T/head
	p=$1
	shift
	curl -sS -o "$T/body" -D "$T/head" -w '%{http_code}' "$@" "$U$p" 2>>"$T/log"
}
post() {	# post PATH [curl args]: a form from a page of the portal
	p=$1
	shift
	curl -sS -o "$T/body" -D "$T/head" -w '%{http_code}' -H "Origin: $U" "$@" "$U$p" 2>>"$T/log"
}
has() { grep -q -- "$1" "$T/body"; }
hdr() { tr -d '\r' < "$T/head" | grep -qix -- "$1"; }
sechdrs() {
	hdr "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" &&
	hdr 'X-Frame-Options: DENY' && hdr 'X-Content-Type-Options: nosniff' &&
	! grep -qi '<script\|https://[a-z.]*/[a-z]*\.\(js\|css\)' "$T/body"
}
csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -n 1; }

# ---- the form ----
check "GET /report/ip is 200" [ "$(get /report/ip)" = 200 ]
check "the form has every field of the contract" sh -c '
	for f in name email organisation acting_as rights_holder right_type right_number \
		right_jurisdiction listings description identity authorization ownership \
		good_faith accuracy csrf; do grep -q "name=\"$f\"" "$1" || exit 1; done' _ "$T/body"
check "security headers on the form, no third-party asset" sechdrs
CS=$(csrf)
check "the form carries a CSRF token" [ -n "$CS" ]
check "Accept-Language: zh gives the Chinese page" sh -c \
	'[ "$(curl -s -H "Accept-Language: zh-CN,zh;q=0.9" "$1/report/ip" | grep -c "知识产权侵权投诉")" -ge 1 ]' _ "$U"
check "the switch links the other language" sh -c \
	'curl -s "$1/report/ip?lang=zh" | grep -q "href=\"/report/ip?lang=en\""' _ "$U"
check "GET /report/abuse is 200 with its fields" sh -c '
	curl -s "$1/report/abuse" > "$2/abuse.html" &&
	for f in name email category listings description evidence good_faith csrf; do
		grep -q "name=\"$f\"" "$2/abuse.html" || exit 1; done' _ "$U" "$T"

# the files: a PDF, a PDF and a PNG (types come from their bytes)
printf '%%PDF-1.4 passport of Jane Doe\n' > "$T/passport.pdf"
printf '%%PDF-1.4 power of attorney from Acme\n' > "$T/poa.pdf"
printf '\211PNG\r\n\032\nregistration certificate US 5551234' > "$T/cert.txt"
L1=https://marketplace.alibabacloud.com/products/56700001/cmjj00012345.html
L2=https://marketplace.alibabacloud.com/products/56700002/cmjj00067890.html
ipform() {	# ipform [curl args]: posts the IP form's text fields and more
	post /report/ip -F "name=Jane Doe" -F "email=Jane@Brand.example" \
		-F "organisation=Brand Protection Ltd" -F acting_as=agent \
		-F "rights_holder=Acme Software Ltd" -F right_type=trademark \
		-F "right_number=US 5551234" -F "right_jurisdiction=US" "$@"
}

# ---- incomplete: 422, values kept, items named, nothing stored ----
F0=$(nfiles)
code=$(post /report/ip -F "csrf=$CS" -F "name=Jane <b>Doe" -F "email=jane@brand.example" \
	-F acting_as=agent -F "rights_holder=Acme Software Ltd" -F right_type=trademark \
	-F "listings=https://marketplace-alibabacloud.com/products/1/x2.html
$L1
https://marketplace.alibabacloud.com/help" \
	-F "ownership=@$T/cert.txt" -F good_faith=yes)
check "incomplete IP report is 422" [ "$code" = 422 ]
check "422 names the missing identity proof next to its field" has 'id="bad-identity">Missing: proof of identity'
check "422 names the agent's missing authorization" has 'id="bad-authorization">Missing: an agent must attach'
check "422 names the unconfirmed accuracy statement" has 'id="bad-accuracy"'
check "422 names the look-alike host" has 'imitates the marketplace; it is not one of its listings: <code>https://marketplace-alibabacloud.com/products/1/x2.html</code>'
check "422 names the link that is no listing" has 'not a listing of the marketplace: <code>https://marketplace.alibabacloud.com/help</code>'
check "422 keeps the values (escaped)" has 'value="Jane &lt;b&gt;Doe"'
check "422 keeps the listings" has "$L1"
check "422 keeps the choices" has '<option value="agent" selected>'
check "422 carries the security headers" sechdrs
check "422 stored nothing (no held form, no file, no mail)" \
	[ "$(db 'SELECT count(*) FROM portal_pending')" = 0 -a "$(nfiles)" = "$F0" \
	  -a "$(db 'SELECT count(*) FROM outbox')" = 0 ]
get /report/abuse >/dev/null
CS=$(csrf)
code=$(post /report/abuse -F "csrf=$CS" -F "name=Al" -F "email=al@x.example" -F category=fraud -F "listings=$L1")
check "incomplete abuse report (no description, no statement) is 422" [ "$code" = 422 ]
check "abuse 422 names the description and the statement" sh -c \
	'grep -q "id=\"bad-description\"" "$1" && grep -q "id=\"bad-good_faith\"" "$1"' _ "$T/body"

# ---- guards ----
get /report/ip >/dev/null
CS=$(csrf)
code=$(ipform -F "csrf=0.$(printf '%064d' 0)" -F "listings=$L1")
check "a forged CSRF token is 403" [ "$code" = 403 ]
code=$(curl -sS -o "$T/body" -w '%{http_code}' -H "Origin: http://evil.example" \
	-F "csrf=$CS" -F "name=x" "$U/report/ip")
check "a post from another origin is 403" [ "$code" = 403 ]
head -c 1200000 /dev/urandom > "$T/big.bin"
F0=$(nfiles)
code=$(ipform -F "csrf=$CS" -F "listings=$L1" -F "identity=@$T/big.bin")
check "an upload over max_upload_mb is 413" [ "$code" = 413 ]
check "413 stored nothing" [ "$(db 'SELECT count(*) FROM portal_pending')" = 0 -a "$(nfiles)" = "$F0" ]
code=$(ipform -H "Transfer-Encoding: chunked" -F "csrf=$CS" -F "listings=$L1" -F "identity=@$T/big.bin")
check "the same without Content-Length (chunked) is 413 too" [ "$code" = 413 ]
check "and stored nothing" [ "$(db 'SELECT count(*) FROM portal_pending')" = 0 -a "$(nfiles)" = "$F0" ]

# ---- complete: 303, held, mailed ----
code=$(ipform -F "csrf=$CS" -F "listings=$L1
$L2" -F "description=The seller uses our registered mark on counterfeit goods." \
	-F "identity=@$T/passport.pdf" -F "authorization=@$T/poa.pdf" \
	-F "ownership=@$T/cert.txt;filename=../../etc/passwd" -F good_faith=yes -F accuracy=yes)
check "a complete IP report with three files is 303" [ "$code" = 303 ]
check "303 to the link-mailed page" hdr "Location: /report/mailed?lang=en"
check "one held form, email lower-cased" [ "$(db 'SELECT email FROM portal_pending')" = "jane@brand.example" ]
check "three held files under their SHA-256, types from the bytes" [ \
	"$(db 'SELECT field, content_type FROM portal_files ORDER BY seq' | tr '\n' ' ')" = \
	"identity|application/pdf authorization|application/pdf ownership|image/png " ]
check "the sender's file names are never used" [ "$(db "SELECT count(*) FROM portal_files WHERE name LIKE '%passwd%' OR name LIKE '%passport%'")" = 0 ]
SHA_ID=$(sha256sum "$T/passport.pdf" | cut -d' ' -f1)
check "the held file is stored under its SHA-256" [ -f "$T/att/$(echo "$SHA_ID" | cut -c1-2)/$SHA_ID" ]
USED=$CS
code=$(ipform -F "csrf=$USED" -F "listings=$L1" -F "description=Again." \
	-F "identity=@$T/passport.pdf" -F "authorization=@$T/poa.pdf" \
	-F "ownership=@$T/cert.txt" -F good_faith=yes -F accuracy=yes)
check "the same form sent twice: 403 (a form token is used once)" [ "$code" = 403 ]
check "and nothing held twice" [ "$(db 'SELECT count(*) FROM portal_pending')" = 1 ]
check "the token itself is not stored" [ "$(db 'SELECT length(token_sha256) FROM portal_pending')" = 64 ]
check "no case yet" [ "$(db 'SELECT count(*) FROM cases')" = 0 ]
out=$(rg send --once)
check "send --once delivers the confirmation mail" [ "$out" = "sent 1, retried 0, failed 0, in doubt 0" ]
M=$(lastmail)
LINK=$("$PY" -c 'import email,re,sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(re.search(r"https://report\.example\.net/confirm/\S+", m.get_payload(decode=True).decode()).group(0))' "$M")
check "the mail goes to the form's address with the link" sh -c \
	'grep -qi "^To: .*jane@brand.example" "$1" && [ -n "$2" ]' _ "$M" "$LINK"
P=${LINK#https://report.example.net}
TOK=${P#*t=}
ID=$(echo "$P" | sed 's|/confirm/\([0-9]*\)?.*|\1|')
check "GET of the link shows the button (200)" [ "$(get "$P")" = 200 ]
check "GET filed nothing" [ "$(db 'SELECT count(*) FROM cases')" = 0 ]
BAD=$(echo "$TOK" | cut -c1-63)0
[ "$BAD" = "$TOK" ] && BAD=$(echo "$TOK" | cut -c1-63)1
check "a wrong token is 404" [ "$(get "/confirm/$ID?t=$BAD")" = 404 ]
check "a missing token is 404" [ "$(get "/confirm/$ID")" = 404 ]
check "an unknown form is 404 alike" [ "$(get "/confirm/99?t=$TOK")" = 404 ]
check "a wrong token posted is 404" [ "$(post "/confirm/$ID" -d "csrf=$BAD")" = 404 ]
code=$(post "/confirm/$ID" -d "csrf=$TOK&lang=en")
check "opening the link files the report (200)" [ "$code" = 200 ]
REF=$(sed -n 's/.*<strong id="ref">\([^<]*\)<.*/\1/p' "$T/body")
check "the page names the case" [ -n "$REF" ]
check "exactly one case" [ "$(db 'SELECT count(*) FROM cases')" = 1 ]
check "the channel is recorded as web" [ "$(db 'SELECT channel FROM messages')" = web ]
check "the held form is marked used" [ "$(db "SELECT case_ref FROM portal_pending WHERE id = $ID")" = "$REF" ]
check "the link works once (410)" [ "$(post "/confirm/$ID" -d "csrf=$TOK")" = 410 ]
check "and GET says so too (410)" [ "$(get "$P")" = 410 ]
check "still one case" [ "$(db 'SELECT count(*) FROM cases')" = 1 ]

# the same report sent by mail, with the same files under the reporter's
# own names
"$PY" - "$T" "$L1" "$L2" > "$T/same.eml" <<'PYEOF'
import email.message, email.policy, sys
t, l1, l2 = sys.argv[1:4]
m = email.message.EmailMessage(policy=email.policy.SMTP)
m["From"] = "Jane Doe <jane@brand.example>"
m["To"] = "IP Reports <ip-reports@gw.example.net>"
m["Subject"] = "Trademark infringement report"
m["Date"] = "Mon, 07 Dec 2026 10:00:00 +0000"
m["Message-ID"] = "<same-by-mail@brand.example>"
m.set_content("""Submitter name: Jane Doe
Submitter email: jane@brand.example
Submitter organization: Brand Protection Ltd
Relationship: agent
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Jurisdiction: US
Identity proof: jane-passport.pdf
Authorization: acme-poa.pdf
Ownership proof: certificate.png
Infringing listings:
%s
%s

The seller uses our registered mark on counterfeit goods.
""" % (l1, l2))
for path, name, typ in (("passport.pdf", "jane-passport.pdf", "application/pdf"),
                        ("poa.pdf", "acme-poa.pdf", "application/pdf"),
                        ("cert.txt", "certificate.png", "image/png")):
    mt, st = typ.split("/")
    m.add_attachment(open(t + "/" + path, "rb").read(), maintype=mt,
                     subtype=st, filename=name)
sys.stdout.buffer.write(m.as_bytes())
PYEOF
rg ingest "$T/same.eml" >/dev/null
MREF=$(db "SELECT ref FROM cases WHERE ref != '$REF'")
rg cases show --json "$REF" > "$T/web.json"
rg cases show --json "$MREF" > "$T/mail.json"
"$PY" - "$T/web.json" "$T/mail.json" > "$T/cmp" <<'PYEOF'
import json, sys
w, m = (json.load(open(p)) for p in sys.argv[1:3])
def ev(d):
    return sorted((a["sha256"], a["content_type"], a["size"], a["evidence"])
                  for a in d["messages"][0]["attachments"])
def li(d):
    return [(x["listing_id"], x["url"]) for x in d["listing_details"]]
fields = ["stream", "kind", "status", "submitter", "submitter_name",
          "submitter_organization", "rights_holder", "acting_as", "reporter",
          "listings", "missing", "category"]
for f in fields:
    print("%s %s" % (f, "same" if w[f] == m[f] else "DIFFERS %r %r" % (w[f], m[f])))
print("evidence %s" % ("same" if ev(w) == ev(m) else "DIFFERS %r %r" % (ev(w), ev(m))))
print("listing_details %s" % ("same" if li(w) == li(m) else "DIFFERS"))
print("evidence classes %s" % ",".join(sorted(e[3] for e in ev(w))))
PYEOF
while read -r f verdict rest; do
	[ "$f" = evidence ] && [ "$verdict" = classes ] && continue
	check "form and mail agree on $f" [ "$verdict" = same ]
done < "$T/cmp"
check "the form's files are identity, authorization and ownership" \
	grep -q '^evidence classes authorization,identity,ownership$' "$T/cmp"
check "the form's case is complete (ack_complete queued)" [ \
	"$(db "SELECT o.kind FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.ref = '$REF'")" = ack ]
out=$(rg send --once)
M=$(ls "$T/srv/Maildir/new" | sort -n | sed "s|^|$T/srv/Maildir/new/|" | xargs grep -l "$REF" | head -n 1)
check "the acknowledgement reaches the reporter" sh -c \
	'[ -n "$1" ] && grep -qi "^To: .*jane@brand.example" "$1"' _ "$M"
STATUS=$("$PY" -c 'import email,re,sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(re.search(r"https://report\.example\.net/status/\S+", m.get_payload(decode=True).decode()).group(0))' "$M")
check "the acknowledgement links the case's status page" [ "${STATUS%%\?*}" = "https://report.example.net/status/$REF" ]
check "the log holds no token" sh -c '! grep -q "$1" "$2"' _ "$TOK" "$T/portal.log"

# ---- the reporter's status page ----
# an incomplete report by mail: its acknowledgement links the page
"$PY" "$srcdir/tests/integration/mkmail.py" --from 'Bob Ray <bob@brand.example>' \
	--subject 'Counterfeit listing' --message-id bob1@brand.example --body "Relationship: rights holder
Rights holder: Ray Tools Inc
IP type: trademark
Ownership proof: https://tsdr.uspto.gov/#caseNumber=7771234
Infringing listings:
https://marketplace.alibabacloud.com/products/56700003/cmjj00011111.html" > "$T/bob.eml"
rg ingest "$T/bob.eml" >/dev/null
BREF=$(db "SELECT ref FROM cases WHERE reporter = 'bob@brand.example'")
rg send --once >/dev/null
M=$(ls "$T/srv/Maildir/new" | sort -n | sed "s|^|$T/srv/Maildir/new/|" | xargs grep -l "$BREF" | head -n 1)
BLINK=$("$PY" -c 'import email,re,sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(re.search(r"https://report\.example\.net/status/\S+", m.get_payload(decode=True).decode()).group(0))' "$M")
BP=${BLINK#https://report.example.net}
BT=${BP#*t=}
check "the incomplete report's acknowledgement links its page" [ "${BP%%\?*}" = "/status/$BREF" ]
check "GET /status/REF?t=TOKEN is 200" [ "$(get "$BP")" = 200 ]
check "the page says the status in plain words" has 'data-status="incomplete">We are waiting for the information'
check "the page names what is missing" has 'data-missing="identity_proof">Proof of identity'
check "the page lists the listings with their outcome" has 'cmjj00011111.html</td><td>pending'
check "the page carries the security headers" sechdrs
check "Chinese page from Accept-Language" sh -c \
	'curl -s -H "Accept-Language: zh" "$1" | grep -q "身份证明（护照"' _ "$U$BP"
check "a wrong token is 404" [ "$(get "/status/$BREF?t=$(echo "$BT" | tr 0-9a-f 1-9a0-f)")" = 404 ]
cp "$T/body" "$T/wrong.html"
check "a missing token is 404" [ "$(get "/status/$BREF")" = 404 ]
check "an unknown reference is 404, the same page" sh -c \
	'[ "$(curl -s -o "$2/unknown.html" -w "%{http_code}" "$1/status/IPR-2026-999999?t=$3")" = 404 ] &&
	 cmp -s "$2/unknown.html" "$2/wrong.html"' _ "$U" "$T" "$BT"
check "another case's token opens nothing" [ "$(get "/status/$REF?t=$BT")" = 404 ]
check "an empty post is 422" [ "$(post "/status/$BREF" -F "csrf=$BT")" = 422 ]
check "a post with a wrong token is 404" [ "$(post "/status/$BREF" -F "csrf=$TOK" -F "identity=@$T/passport.pdf")" = 404 ]
NM=$(db "SELECT count(*) FROM messages")
code=$(post "/status/$BREF" -F "csrf=$BT" -F "identity=@$T/passport.pdf" -F "description=Here is my passport.")
check "sending the missing proof from the page is 200" [ "$code" = 200 ]
check "it was filed as a follow-up of the case, by the web" [ \
	"$(db "SELECT m.kind, m.channel FROM messages m JOIN cases c ON c.id = m.case_id WHERE c.ref = '$BREF' ORDER BY m.id DESC LIMIT 1")" = "follow_up|web" ]
check "one message more" [ "$(db "SELECT count(*) FROM messages")" = $((NM + 1)) ]
check "the case is complete now" has 'data-status="ready_for_review"'
check "nothing is missing any more" sh -c '! grep -q "data-missing=" "$1"' _ "$T/body"

# ---- a vendor's counter-notice through the link of its vendor notice ----
# two vendors: the counter-notice of one moves its own listing's track
# only (docs/WORKFLOW.md "Per-listing tracks")
printf 'listing_id,vendor_name,vendor_email,title\ncmjj00012345,Shop One,vendor@shop.example,Item\ncmjj00067890,Shop Two,two@two.example,Item 2\n' > "$T/dir.csv"
rg listings import "$T/dir.csv" >/dev/null
rg cases accept "$REF" --as carol >/dev/null
check "staff accepted the form's case: vendors notified" [ "$(db "SELECT status FROM cases WHERE ref = '$REF'")" = vendor_notified ]
tracks() { db "SELECT l.listing_id || ':' || l.track FROM case_listings l JOIN cases c ON c.id = l.case_id WHERE c.ref = '$REF' ORDER BY l.listing_id" | tr '\n' ' '; }
check "both listings' tracks notified" [ "$(tracks)" = "cmjj00012345:notified cmjj00067890:notified " ]
rg send --once >/dev/null
M=$(grep -li '^To: .*vendor@shop.example' "$T"/srv/Maildir/new/* | head -n 1)
CLINK=$("$PY" -c 'import email,re,sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(re.search(r"https://report\.example\.net/counter/\S+", m.get_payload(decode=True).decode()).group(0))' "$M")
CP=${CLINK#https://report.example.net}
CT=${CP##*t=}
check "the vendor notice links the vendor's counter-notice form" [ "${CP%%\?*}" = "/counter/$REF" ]
check "GET of the form is 200, with the vendor's listing only" sh -c \
	'[ "$(curl -s -o "$2/body" -w "%{http_code}" "$1")" = 200 ] && grep -q cmjj00012345 "$2/body" &&
	 ! grep -q cmjj00067890 "$2/body"' _ "$U$CP" "$T"
check "another address with that token is 404" [ "$(get "/counter/$REF?v=other%40shop.example&t=$CT")" = 404 ]
check "a wrong token is 404" [ "$(get "/counter/$REF?v=vendor%40shop.example&t=$BT")" = 404 ]
check "a counter-notice without a statement is 422" [ \
	"$(post "/counter/$REF" -F "csrf=$CT" -F "v=vendor@shop.example" -F "name=Shop One")" = 422 ]
check "a posted counter-notice with a wrong token is 404" [ \
	"$(post "/counter/$REF" -F "csrf=$BT" -F "v=vendor@shop.example" -F "statement=We are licensed.")" = 404 ]
printf '%%PDF-1.4 licence agreement\n' > "$T/licence.pdf"
code=$(post "/counter/$REF" -F "csrf=$CT" -F "v=vendor@shop.example" -F "name=Shop One" \
	-F "contact=1 Market St, +1 555 0100" -F "statement=We hold a licence from Acme Software Ltd for this mark." \
	-F "evidence=@$T/licence.pdf")
check "the counter-notice form is sent (200)" [ "$code" = 200 ]
check "filed as the vendor's counter-notice, by the web" [ \
	"$(db "SELECT m.kind, m.channel, m.from_address FROM messages m JOIN cases c ON c.id = m.case_id WHERE c.ref = '$REF' ORDER BY m.id DESC LIMIT 1")" = "counter_notice|web|vendor@shop.example" ]
check "the case moved to counter_noticed" [ "$(db "SELECT status FROM cases WHERE ref = '$REF'")" = counter_noticed ]
check "that vendor's listing is counter_noticed, the other vendor's still notified" \
	[ "$(tracks)" = "cmjj00012345:counter_noticed cmjj00067890:notified " ]
check "one counter-notice recorded, for that vendor" [ \
	"$(db "SELECT n.vendor_email FROM counter_notices n JOIN cases c ON c.id = n.case_id WHERE c.ref = '$REF'")" = vendor@shop.example ]
rg send --once >/dev/null
check "the counter-notice reaches the reporter" sh -c \
	'grep -l "We hold a licence" "$1"/srv/Maildir/new/* 2>/dev/null | xargs grep -li "^To: .*jane@brand.example" | grep -q .' _ "$T"
FWD=$(grep -l "We hold a licence" "$T"/srv/Maildir/new/* 2>/dev/null | xargs grep -li "^To: .*jane@brand.example" | head -n 1)
check "the forward names that vendor's listing, not the other vendor's" sh -c \
	'grep -q cmjj00012345 "$1" && ! grep -q cmjj00067890 "$1"' _ "$FWD"

# ---- rates, expiry, restarts: the store keeps the rates and tokens ----
get /report/abuse >/dev/null
OPEN=$(csrf)	# a form opened before the restart, not sent
stop_portal
check "portal stops on SIGTERM (exit 0)" [ "$rc" = 0 ]
# a held form from two days ago, whose file no other row names
held_old() {
	db "INSERT INTO portal_pending (token_sha256, stream, email, from_name, subject, body,
		message_id, headers, lang, created, expires) VALUES ('$(printf '%064d' 0)', 'ip',
		'old@x.example', 'Old', 's', 'b', 'portal.00@gw.example.net', '', 'en',
		strftime('%s','now') - 200000, strftime('%s','now') - 27200)"
}
held_old
OLD=$(db "SELECT max(id) FROM portal_pending")
mkdir -p "$T/att/ab"
printf 'old file' > "$T/att/ab/$(printf 'ab%062d' 0)"
db "INSERT INTO portal_files VALUES ($OLD, 0, 'identity', 'identity-1.txt', 'text/plain', '$(printf 'ab%062d' 0)', 8)"
db "INSERT INTO portal_files VALUES ($OLD, 1, 'ownership', 'ownership-1.pdf', 'application/pdf', '$SHA_ID', 30)"
start_portal "$T/portal2.log"
get /report/abuse >/dev/null
check "an unconfirmed form is deleted after 48 hours" [ "$(db "SELECT count(*) FROM portal_pending WHERE id = $OLD")" = 0 ]
check "with its file that no other row names" [ ! -f "$T/att/ab/$(printf 'ab%062d' 0)" ]
check "but not a file an attachment holds" [ -f "$T/att/$(echo "$SHA_ID" | cut -c1-2)/$SHA_ID" ]
check "a form token used before the restart is still used" [ \
	"$(ipform -F "csrf=$USED" -F "listings=$L1" -F "description=Again.")" = 403 ]
check "a form opened before the restart can be sent after it (422: incomplete)" [ \
	"$(post /report/abuse -F "csrf=$OPEN" -F "name=R" -F "email=r@x.example")" = 422 ]
# posts from this address so far: the two just above and the ones before
# the restart - counted in the store, not in the process
before=$(db "SELECT n FROM portal_rates WHERE client = '127.0.0.1'")
check "the address's posts of this hour survived the restart ($before)" [ "$before" -gt 2 ]
# up to 20 in the hour, split by one more restart
rest=$((20 - before))
half=$((rest / 2))
codes=
post_n() {	# post_n N: N incomplete abuse reports, each with the token
		# of the page before (a form is sent once)
	j=0
	CS=$(csrf)
	while [ $j -lt "$1" ]; do
		codes="$codes$(post /report/abuse -F "csrf=$CS" -F "name=R$j" -F "email=r$j@x.example")"
		CS=$(csrf)
		j=$((j + 1))
	done
}
get /report/abuse >/dev/null
post_n "$half"
stop_portal
start_portal "$T/portal3.log"
get /report/abuse >/dev/null
post_n $((rest - half))
check "$rest more, across one more restart, are answered (422: $codes)" \
	[ "$codes" = "$(printf '422%.0s' $(seq "$rest"))" ]
check "the 21st of the hour is 429, restarts or not" [ "$(post /report/abuse -F "csrf=$CS" -F "name=R" -F "email=r@x.example")" = 429 ]
check "429 carries the security headers" sechdrs
check "the form itself can still be read" [ "$(get /report/abuse)" = 200 ]
check "an unknown page is 404 with the security headers" sh -c \
	'[ "$(curl -s -o "$2/body" -D "$2/head" -w "%{http_code}" "$1/nothing")" = 404 ]' _ "$U" "$T"
check "404 carries the security headers" sechdrs
check "DELETE is 405" [ "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$U/report/ip")" = 405 ]
stop_portal

# ---- behind a proxy: held forms per email address, files per form ----
# rate_per_hour = 3 and the client named by X-Forwarded-For, so that each
# post comes from an address of its own and only the email's count
# (held forms, portal_pending) can refuse; max_files = 2.
sed 's/^\[portal\]$/[portal]\nrate_per_hour = 3\nmax_files = 2\nclient_header = X-Forwarded-For/' \
	"$T/rg.conf" > "$T/rg-proxy.conf"
export REPORTGATE_CONFIG="$T/rg-proxy.conf"
start_portal "$T/portal4.log"
abuse_from() {	# abuse_from CLIENT EMAIL: a complete abuse report
	get /report/abuse -H "X-Forwarded-For: $1" >/dev/null
	post /report/abuse -H "X-Forwarded-For: $1" -F "csrf=$(csrf)" -F "name=Mo" \
		-F "email=$2" -F category=fraud -F "listings=$L1" \
		-F "description=The listing sells stolen accounts." -F good_faith=yes
}
H0=$(db "SELECT count(*) FROM portal_pending WHERE email = 'mo@x.example'")
codes=
for a in 198.51.100.1 198.51.100.2 198.51.100.3; do
	codes="$codes$(abuse_from "$a" Mo@x.example)"
done
check "three complete reports for one email, each from its own address: held (303: $codes)" \
	[ "$codes" = 303303303 -a "$H0" = 0 ]
check "the fourth for that email, from a fourth address, is 429" \
	[ "$(abuse_from 198.51.100.4 mo@x.example)" = 429 ]
check "its page names the email address's limit" has "for this email address"
check "and carries the security headers" sechdrs
check "three held forms for that email, not four" \
	[ "$(db "SELECT count(*) FROM portal_pending WHERE email = 'mo@x.example'")" = 3 ]
check "the fourth address may still report for another email (303)" \
	[ "$(abuse_from 198.51.100.4 other@x.example)" = 303 ]
P0=$(db 'SELECT count(*) FROM portal_pending')
F0=$(nfiles)
get /report/ip -H "X-Forwarded-For: 198.51.100.9" >/dev/null
code=$(ipform -H "X-Forwarded-For: 198.51.100.9" -F "csrf=$(csrf)" -F "listings=$L1" \
	-F "description=Counterfeits." -F "identity=@$T/passport.pdf" \
	-F "authorization=@$T/poa.pdf" -F "ownership=@$T/cert.txt" \
	-F good_faith=yes -F accuracy=yes)
check "three files over max_files = 2: 413" [ "$code" = 413 ]
check "413 names too many files and stored nothing" sh -c \
	'grep -q "Too many files" "$1" && [ "$2" = "$3" ] && [ "$4" = "$5" ]' _ "$T/body" \
	"$(db 'SELECT count(*) FROM portal_pending')" "$P0" "$(nfiles)" "$F0"
stop_portal

echo "1..$n"
[ "$fails" -eq 0 ]
