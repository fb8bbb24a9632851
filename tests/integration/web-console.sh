#!/bin/sh
# tests/integration/web-console.sh - the case page and the queues of
# reportgate serve, through curl against a store filled by `reportgate
# ingest`: a message's text with its language and the quoted history
# folded, attachments shown in place by their bytes (PNG as an image,
# an SVG never as one, a PDF in a sandbox, text as text, nosniff), the
# events as sentences, the decision forms after the conversation; the
# stylesheet; the queues (open by default, tabs with counts, filters,
# 50 a page, bulk assign and close with the form token and the role),
# assignment from the case page and `reportgate cases assign`; the
# Reports page (sign-in, CSP, escaped labels, bad dates). TAP;
# needs curl, python3 and sqlite3.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
for tool in curl sqlite3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed"
		exit 0
	fi
done
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-console-XXXXXX")
. "$srcdir/tests/integration/web-lib.sh"
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
q() { sqlite3 "$T/rg.db" "$1"; }

# A report with quoted history, a PNG, an SVG claiming to be an image,
# a text file and a PDF.
"$PY" "$srcdir/tests/integration/mkpng.py" 24 > "$T/shot.png"
"$PY" - "$T/shot.png" > "$T/rich.eml" <<'PYEOF'
import sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "Jane Doe <jane@brand.example>"
m["To"] = "ip@gw.example.net"
m["Subject"] = "Trademark infringement"
m["Message-ID"] = "<rich1@brand.example>"
m["Date"] = "Mon, 23 Nov 2026 10:00:00 +0000"
m.set_content("""Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Please remove the listing below, it copies our logo.
Infringing listings:
https://marketplace.alibabacloud.com/products/7/cmjj0777.html

On Sun, 22 Nov 2026 Bob <bob@other.example> wrote:
> an old line that must be folded
> QUOTEDMARKER
""")
m.add_attachment(open(sys.argv[1], "rb").read(), maintype="image",
                 subtype="png", filename="screenshot.png")
m.add_attachment(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                 maintype="image", subtype="svg+xml", filename="logo.svg")
m.add_attachment(b"Order 4711 shipped\n", maintype="text", subtype="plain",
                 filename="notes.txt")
m.add_attachment(b"%PDF-1.4 passport\n", maintype="application",
                 subtype="pdf", filename="passport.pdf")
sys.stdout.buffer.write(bytes(m))
PYEOF
"$PY" "$srcdir/tests/integration/mkmail.py" --from 'Li Wei <li@brand.example>' \
	--subject '商标侵权投诉' --body "该卖家未经授权使用我们的注册商标，请删除。
https://marketplace.alibabacloud.com/products/8/zh0888.html" > "$T/zh.eml"
"$REPORTGATE" ingest "$T/rich.eml" "$T/zh.eml" >/dev/null 2>>"$T/log"
REF=IPR-$Y-000001
REFZ=IPR-$Y-000002
printf 'decider-pass\n' | "$REPORTGATE" users add dana --role decider >/dev/null 2>>"$T/log"
printf 'reviewer-pass\n' | "$REPORTGATE" users add rita --role reviewer >/dev/null 2>>"$T/log"
printf 'viewer-pass\n' | "$REPORTGATE" users add vic --role viewer >/dev/null 2>>"$T/log"
sha() {	# sha NAME: the SHA-256 of the attachment named NAME
	q "SELECT a.sha256 FROM attachments a WHERE a.filename = '$1'"
}

start_serve "$T/serve.log"
hdr() { tr -d '\r' < "$T/head" | grep -qix -- "$1"; }
signin "$T/dana" dana decider-pass
signin "$T/rita" rita reviewer-pass
signin "$T/vic" vic viewer-pass

# ---- the case page ----
code=$(get "$T/dana" "/case/$REF")
check "case page: 200" [ "$code" = 200 ]
check "the message's text is shown" has 'Please remove the listing below, it copies our logo.'
check "the text says its language" has '<div class="text" lang="en">'
check "the quoted history is not in the text" sh -c '! grep -q "QUOTEDMARKER" "$1"' _ "$T/body"
MID=$(q "SELECT id FROM messages WHERE message_id = 'rich1@brand.example'")
check "the whole mail is one click away" has "<a href=\"/case/$REF/message/$MID\">The whole mail as received</a>"
check "the sender's role" has '<span class="tag">reporter</span>'
PNG=$(sha screenshot.png)
SVG=$(sha logo.svg)
TXT=$(sha notes.txt)
PDF=$(sha passport.pdf)
check "the PNG is shown in place" has "<img class=\"att\" src=\"/case/$REF/attachment/$PNG?view=1\" alt=\"screenshot.png\">"
check "the SVG is never an image" sh -c '! grep -q "<img[^>]*$1" "$2"' _ "$SVG" "$T/body"
check "the evidence class of each attachment" has '<strong>passport.pdf</strong> <span class="tag">identity</span>'

check "the PDF can be viewed" has "href=\"/case/$REF/attachment/$PDF?view=1\">View PDF</a>"
check "the text file can be viewed" has "href=\"/case/$REF/attachment/$TXT?view=1\">View text</a>"
check "the events are sentences" has 'The case was filed from the first message'
check "the stylesheet is linked, no inline style" sh -c 'grep -q "<link rel=\"stylesheet\" href=\"/style.css\">" "$1" && ! grep -q "<style" "$1"' _ "$T/body"
pos() { grep -bo -- "$1" "$T/body" | head -1 | cut -d: -f1; }
check "the decision forms come after the facts and the conversation" sh -c '[ "$1" -lt "$3" ] && [ "$2" -lt "$3" ]' _ "$(pos 'aria-label="Facts"')" "$(pos 'id="conv-h"')" "$(pos 'id="decide-h"')"
code=$(get "$T/dana" "/case/$REFZ")
check "a Chinese message has lang=zh" has '<div class="text" lang="zh">该卖家未经授权使用我们的注册商标'

code=$(get "$T/dana" "/case/$REF/message/$MID")
check "the whole mail: text/plain in a sandbox, with the quoted history" sh -c '[ "$1" = 200 ] && tr -d "\r" < "$2" | grep -qi "^Content-Type: text/plain" && tr -d "\r" < "$2" | grep -qi "^Content-Security-Policy: sandbox;" && grep -q "^> QUOTEDMARKER" "$3"' _ "$code" "$T/head" "$T/body"
code=$(get "$T/dana" "/case/$REFZ/message/$MID")
check "another case's message: 404" [ "$code" = 404 ]
code=$(get "$T/dana" "/case/$REF/attachment/$PNG?view=1")
check "PNG in place: 200 image/png" sh -c '[ "$1" = 200 ] && tr -d "\r" < "$2" | grep -qix "Content-Type: image/png"' _ "$code" "$T/head"
check "PNG in place: the bytes" cmp -s "$T/body" "$T/shot.png"
check "PNG in place: inline, nosniff, sandboxed" sh -c 'tr -d "\r" < "$1" | grep -qi "^Content-Disposition: inline; filename=\"screenshot.png\"" && tr -d "\r" < "$1" | grep -qix "X-Content-Type-Options: nosniff" && tr -d "\r" < "$1" | grep -qi "^Content-Security-Policy: sandbox;"' _ "$T/head"
code=$(get "$T/dana" "/case/$REF/attachment/$SVG?view=1")
check "SVG in place: text/plain, never image/svg+xml" sh -c '[ "$1" = 200 ] && tr -d "\r" < "$2" | grep -qix "Content-Type: text/plain; charset=utf-8"' _ "$code" "$T/head"
code=$(get "$T/dana" "/case/$REF/attachment/$PDF?view=1")
check "PDF in place: application/pdf with CSP sandbox" sh -c '[ "$1" = 200 ] && tr -d "\r" < "$2" | grep -qix "Content-Type: application/pdf" && tr -d "\r" < "$2" | grep -qi "^Content-Security-Policy: sandbox;"' _ "$code" "$T/head"
code=$(get "$T/dana" "/case/$REF/attachment/$PDF")
check "without view: still a download" sh -c '[ "$1" = 200 ] && tr -d "\r" < "$2" | grep -qix "Content-Type: application/octet-stream" && tr -d "\r" < "$2" | grep -qi "^Content-Disposition: attachment;"' _ "$code" "$T/head"
code=$(get "$T/none" /style.css)
check "the stylesheet: 200 text/css, also signed out" sh -c '[ "$1" = 200 ] && tr -d "\r" < "$2" | grep -qix "Content-Type: text/css; charset=utf-8" && grep -q "@media (max-width: 1000px)" "$3"' _ "$code" "$T/head" "$T/body"

# decide; the event as a sentence with the account
get "$T/dana" "/case/$REF" >/dev/null
TD=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
code=$(get "$T/dana" "/case/$REF/action" -H "Origin: $U" -d "token=$TD" -d action=accept --data-urlencode "reason=registration checked")
check "accept: 303" [ "$code" = 303 ]
get "$T/dana" "/case/$REF" >/dev/null
check "the event reads: dana accepted the report: registration checked" has '<strong>dana</strong> accepted the report: <q>registration checked</q>'

# assignment on the case page and in the CLI
code=$(get "$T/vic" "/case/$REF")
check "a viewer gets no assign form" sh -c '! grep -q "value=\"assign\"" "$1"' _ "$T/body"
code=$(get "$T/rita" "/case/$REF")
TR=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
check "a reviewer gets the assign form" has 'name="action" value="assign"'
code=$(get "$T/rita" "/case/$REF/action" -H "Origin: $U" -d "token=$TR" -d action=assign -d assignee=nobody9)
check "assign to no such account: 400" [ "$code" = 400 ]
code=$(get "$T/rita" "/case/$REF/action" -H "Origin: $U" -d "token=$TR" -d action=assign -d assignee=rita)
check "reviewer assigns to rita: 303" [ "$code" = 303 ]
check "the case is rita's" [ "$(q "SELECT assignee FROM cases WHERE ref = '$REF'")" = rita ]
get "$T/rita" "/case/$REF" >/dev/null
check "the header names the assignee, the event says who assigned" sh -c 'grep -q "assigned to <strong>rita</strong>" "$1" && grep -q "<strong>rita</strong> assigned the case to <strong>rita</strong>" "$1"' _ "$T/body"
"$REPORTGATE" cases assign "$REFZ" dana --as admin1 > "$T/out" 2>>"$T/log"
check "cases assign REF NAME: exit 0" [ $? -eq 0 ]
check "cases assign: event by --as" [ "$(q "SELECT e.actor || ' ' || json_extract(e.detail, '\$.assignee') FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref = '$REFZ' AND e.type = 'case.assigned'")" = "admin1 dana" ]
"$REPORTGATE" cases assign "$REFZ" nobody9 >/dev/null 2>&1
check "cases assign to no such account: exit 1" [ $? -eq 1 ]
"$REPORTGATE" cases assign "$REFZ" '<x>' >/dev/null 2>&1
check "cases assign with a bad name: exit 2" [ $? -eq 2 ]
stop_serve

# ---- queues: a vendor in the directory, 120 more cases, some closed ----
printf 'listing_id,vendor_name,vendor_email,title\ncmjj0777,Shop,Vendor7@Shop.example,Logo shirt\n' > "$T/dir.csv"
"$REPORTGATE" listings import "$T/dir.csv" >/dev/null 2>>"$T/log"
"$PY" - "$T/rg.db" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for i in range(120):
    ref = "IPR-2025-%06d" % (i + 1)
    status = "closed" if i % 10 == 0 else ("incomplete" if i % 3 else "ready_for_review")
    db.execute("INSERT INTO cases (ref, stream, kind, status, created, updated, "
               "submitter_email, needs_staff) VALUES (?, 'ip', 'ip_report', ?, ?, ?, ?, ?)",
               (ref, status, 1700000000 + i * 3600, 1700000000 + i * 7200,
                "r%d@x.example" % i, 1 if i % 7 == 0 else 0))
# one trusted flagger's notice and one held case (docs/WORKFLOW.md
# "Notice sources, misuse and repeat infringers")
db.execute("UPDATE cases SET source_type = 'trusted_flagger' WHERE ref = 'IPR-2025-000050'")
db.execute("UPDATE cases SET held = 1 WHERE ref = 'IPR-2025-000052'")
db.commit()
PYEOF
start_serve "$T/serve2.log"
code=$(get "$T/dana" /)
rows() { grep -c '<td><a href="/case/' "$T/body"; }
check "the list: 200, first page of 50" sh -c '[ "$1" = 200 ] && [ "$2" = 50 ]' _ "$code" "$(rows)"
open=$(q "SELECT count(*) FROM cases WHERE status <> 'closed'")
check "open by default: the count says $open" has "<p class=\"pager\"><span>$open cases, page 1 of 3</span>"
check "tab counts: Open $open" has "Open <strong>$open</strong>"
check "tab counts: Needs staff" has "Needs staff <strong>$(q "SELECT count(*) FROM cases WHERE status <> 'closed' AND needs_staff = 1")</strong>"
check "tab counts: Unassigned" has "Unassigned <strong>$(q "SELECT count(*) FROM cases WHERE status <> 'closed' AND assignee IS NULL")</strong>"
check "tab counts: Mine (dana)" has "Mine <strong>1</strong>"
check "tab counts: Incomplete" has "Incomplete <strong>$(q "SELECT count(*) FROM cases WHERE status = 'incomplete'")</strong>"
check "tab counts: All" has "All <strong>$(q "SELECT count(*) FROM cases")</strong>"
check "the open tab is marked current" has '<a href="/?tab=open" aria-current="page">Open'
check "flagged cases carry a needs-staff tag, not escaped markup" sh -c 'grep -q "<span class=\"tag warn\">needs staff</span>" "$1" && ! grep -q "&lt;span" "$1"' _ "$T/body"
check "no closed case on the open tab" sh -c '! grep -q "<td>closed" "$1"' _ "$T/body"
first_row() { grep '<td><a href="/case/' "$T/body" | head -1; }
last_row() { grep '<td><a href="/case/' "$T/body" | tail -1; }
check "the trusted flagger's notice heads the queue, with its badge" sh -c \
	'case "$1" in *IPR-2025-000050*"<span class=\"tag tf\">trusted flagger</span>"*) exit 0;; esac; exit 1' _ "$(first_row)"
code=$(get "$T/dana" "/?page=3")
check "page 3: the rest" [ "$(rows)" = $((open - 100)) ]
check "the held case ends the queue, with its badge" sh -c \
	'case "$1" in *IPR-2025-000052*"<span class=\"tag warn\">held</span>"*) exit 0;; esac; exit 1' _ "$(last_row)"
check "page 3 links back" has 'rel="prev" href="/?tab=open&amp;page=2"'
code=$(get "$T/dana" "/?tab=all&page=3")
check "all, page 3: closed ones too" sh -c '[ "$1" = $(( $2 - 100 )) ] && grep -q "<td>closed" "$3"' _ "$(rows)" "$(q 'SELECT count(*) FROM cases')" "$T/body"
code=$(get "$T/dana" "/?tab=needs-staff")
check "needs staff: only flagged" [ "$(rows)" = "$(q "SELECT count(*) FROM cases WHERE status <> 'closed' AND needs_staff = 1")" ]
code=$(get "$T/dana" "/?tab=mine")
check "mine: the case assigned to dana" sh -c '[ "$1" = 1 ] && grep -q "$2" "$3"' _ "$(rows)" "$REFZ" "$T/body"
code=$(get "$T/dana" "/?tab=ready&sort=activity")
first=$(grep -o 'href="/case/[A-Z0-9-]*"' "$T/body" | head -1 | sed 's/.*case\///;s/"//')
check "sort by activity: the latest first" [ "$first" = "$(q "SELECT ref FROM cases WHERE status = 'ready_for_review' ORDER BY updated DESC LIMIT 1")" ]
code=$(get "$T/dana" "/?tab=incomplete&age=1000")
check "age filter: older than 1000 days" has "<span>$(q "SELECT count(*) FROM cases WHERE status = 'incomplete' AND created <= strftime('%s','now') - 1000 * 86400") cases"
code=$(get "$T/dana" "/?assignee=-&tab=all")
check "assignee - : the unassigned" has "$(q "SELECT count(*) FROM cases WHERE assignee IS NULL") cases"
code=$(get "$T/dana" "/?tab=all&vendor=vendor7%40shop.example")
check "vendor filter: the case with that vendor's listing only" sh -c '[ "$1" = 200 ] && [ "$2" = 1 ] && grep -q "$3" "$4"' _ "$code" "$(rows)" "$REF" "$T/body"
for bad in "tab=nonsense" "page=0" "page=x" "sort=size" "age=-1" "assignee=%3Cx%3E" "category=nope" "vendor=no-at-sign"; do
	code=$(get "$T/dana" "/?$bad")
	check "bad query $bad: 400" [ "$code" = 400 ]
done

# bulk
get "$T/rita" / >/dev/null
TR=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
check "the list has the bulk form for a reviewer" sh -c 'grep -q "<form method=\"post\" action=\"/bulk\">" "$1" && grep -q "name=\"case\" value=\"IPR-2025-000002\"" "$1"' _ "$T/body"
check "a reviewer is not offered bulk close" sh -c '! grep -q "<option value=\"close\">" "$1"' _ "$T/body"
get "$T/vic" / >/dev/null
check "a viewer gets no bulk form" sh -c '! grep -q "action=\"/bulk\"" "$1"' _ "$T/body"
code=$(get "$T/rita" /bulk -H "Origin: $U" -d action=assign -d assignee=rita -d case=IPR-2025-000002)
check "bulk without the token: 403" [ "$code" = 403 ]
TV=$(get "$T/vic" "/case/$REF" >/dev/null; sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
code=$(get "$T/vic" /bulk -H "Origin: $U" -d "token=$TV" -d action=assign -d assignee=vic -d case=IPR-2025-000002)
check "a viewer's bulk assign: 403" [ "$code" = 403 ]
code=$(get "$T/rita" /bulk -H "Origin: $U" -d "token=$TR" -d action=close -d case=IPR-2025-000002)
check "a reviewer's bulk close: 403" [ "$code" = 403 ]
code=$(get "$T/rita" /bulk -H "Origin: $U" -d "token=$TR" -d action=assign -d assignee=rita \
	-d case=IPR-2025-000002 -d case=IPR-2025-000003 -d case=IPR-2025-000005)
check "a reviewer's bulk assign of three: 303" [ "$code" = 303 ]
check "the three are rita's" [ "$(q "SELECT group_concat(ref) FROM (SELECT ref FROM cases WHERE assignee = 'rita' AND ref LIKE 'IPR-2025-%' ORDER BY ref)")" = "IPR-2025-000002,IPR-2025-000003,IPR-2025-000005" ]
check "three assign events by web:rita" [ "$(q "SELECT count(*) FROM events WHERE type = 'case.assigned' AND actor = 'web:rita'")" = 4 ]
TD=$(get "$T/dana" / >/dev/null; sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
code=$(get "$T/dana" /bulk -H "Origin: $U" -d "token=$TD" -d action=close -d case=IPR-2025-000002 -d case=IPR-2025-000003)
check "a decider's bulk close: 303" [ "$code" = 303 ]
check "the two are closed" [ "$(q "SELECT group_concat(status) FROM cases WHERE ref IN ('IPR-2025-000002','IPR-2025-000003')")" = "closed,closed" ]
check "closing is an event by web:dana" [ "$(q "SELECT count(*) FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref IN ('IPR-2025-000002','IPR-2025-000003') AND e.type = 'case.status' AND e.actor = 'web:dana'")" = 2 ]
code=$(get "$T/dana" /bulk -H "Origin: $U" -d "token=$TD" -d action=assign -d assignee=dana -d 'case=../etc')
check "bulk with a bad reference: 400" [ "$code" = 400 ]

# ---- the Reports page ----
code=$(get "$T/nobody" "/reports")
check "Reports signed out: 303 to the sign-in page" sh -c '[ "$1" = 303 ] && tr -d "\r" < "$2" | grep -qi "^Location: .*/login$"' _ "$code" "$T/head"
q "UPDATE cases SET stream = 'abuse', category = '<b x=\"1\">&amp;' WHERE ref = '$REFZ'"
D=$(date -u +%Y-%m-%d)
code=$(get "$T/vic" "/reports?from=$D&to=$D")
check "Reports for a viewer: 200 with the console's CSP" sh -c '[ "$1" = 200 ] && tr -d "\r" < "$2" | grep -qix "Content-Security-Policy: default-src .none.; style-src .self.; img-src .self.; form-action .self.; frame-ancestors .none.; base-uri .none."' _ "$code" "$T/head"
check "a category from the store is escaped in the chart and the table" sh -c '[ "$(grep -o "&lt;b x=&quot;1&quot;&gt;&amp;amp;" "$1" | wc -l)" = 2 ] && ! grep -q "<b x=" "$1"' _ "$T/body"
check "the SVG chart of the streams: no script, a bar per stream" sh -c '! grep -qi "<script" "$1" && grep -o "<section class=\"report\" id=\"notices_by_stream\">.*</section>" "$1" | head -1 | grep -o "<rect " | wc -l | grep -qx 2' _ "$T/body"
code=$(get "$T/vic" "/reports?from=$D&to=2000-01-01")
check "Reports with --to before --from: 400" [ "$code" = 400 ]
code=$(get "$T/vic" "/reports?from=2026-02-30")
check "Reports with a date that is none: 400" [ "$code" = 400 ]
stop_serve

echo "1..$n"
[ $fails -eq 0 ]
