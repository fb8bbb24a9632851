#!/bin/sh
# tests/integration/story.sh - the policy's whole story end to end,
# through `ingest` (each party's mail, replying to what it received),
# the staff commands and `send --once` to a real SMTP receiver
# (smtp-server.sh, aiosmtpd on loopback): report -> incomplete answer ->
# follow-up -> complete -> accept -> vendor notice -> counter-notice ->
# forwarded -> the rights holder rejects -> evidence request -> reply ->
# removal -> decision mails. Every mail that reaches each party is read
# back with Python's email package and checked. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
SRV="$srcdir/tests/integration/smtp-server.sh"
MK="$srcdir/tests/integration/mkmail.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-story-XXXXXX")
cleanup() {
	"$SRV" stop "$T/srv" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }

if [ ! -x "$PY" ] || ! "$SRV" check; then
	echo "1..0 # SKIP python3-aiosmtpd not installed"
	exit 0
fi
PORT=$("$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
"$SRV" start "$PORT" "$T/srv" >/dev/null || { echo "1..0 # SKIP smtp server did not start"; exit 0; }
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[smtp]
url = smtp://127.0.0.1:$PORT
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
timeout = 5

[mailbox abuse]
folder = Abuse
stream = abuse
from = Abuse Reports <abuse-reports@gw.example.net>

[intake]
gateway_addresses = ip-reports@gw.example.net, abuse-reports@gw.example.net
message_id_host = gw.example.net
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
RG_NOW=1790000000	# Monday 2026-09-21
export RG_NOW
rg() { "$REPORTGATE" "$@" 2>>"$T/log" >>"$T/out"; }
rgo() { "$REPORTGATE" "$@" 2>>"$T/log"; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
status() { rgo cases show "$REF" --json | js 'L[0]["status"]'; }

# deliver: send --once, then read the mails that arrived since the last
# call into $T/got/<n>.{to,from,subject,id,body,...} (collect.py) and print
# "n to subject" lines.
echo 0 > "$T/seen"
mkdir -p "$T/got"
deliver() {
	rg send --once > /dev/null
	"$PY" "$srcdir/tests/integration/collect.py" "$T/srv" "$T/got" "$T/seen"
}
# the last delivered mail to an address: its number
last_to() { grep -l "^$1\$" "$T/got/"*.to | sed 's|.*/||; s|\.to$||' | sort -n | tail -n 1; }
subj() { cat "$T/got/$1.subject"; }
has() { grep -qF -- "$2" "$T/got/$1.body"; }
# reply FROM NUM BODY [--attach F]: answers mail NUM (In-Reply-To).
reply() {
	from=$1 num=$2 body=$3
	shift 3
	"$PY" "$MK" --from "$from" --subject "Re: $(subj "$num")" \
		--in-reply-to "$(tr -d '<>' < "$T/got/$num.id")" --body "$body" "$@" > "$T/m.eml"
	rg ingest "$T/m.eml" > /dev/null
}
JANE='Jane Roe <jane@brand.example>'
SHOP='Shady Shop <sales@shady-shop.example>'
URL=https://marketplace.alibabacloud.com/products/56700001/cmjj00012345.html
printf 'listing_id,vendor_name,vendor_email,title\ncmjj00012345,Shady Shop,sales@shady-shop.example,AcmeSoft Pro 2026\n' > "$T/dir.csv"
check "listing directory imported" [ "$(rgo listings import "$T/dir.csv")" = \
	"imported 1 new, 0 updated, 0 bad rows skipped" ]

# 1. The report: no identity proof yet.
"$PY" "$MK" --from "$JANE" --subject "Trademark infringement: AcmeSoft" --body "Relationship: rights holder
Rights holder: Acme Software Ltd
Submitter organization: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Jurisdiction: US
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
$URL" > "$T/r.eml"
rg ingest "$T/r.eml" > /dev/null
REF=$(rgo cases list --json | js 'L[0]["ref"]')
check "report filed incomplete" [ "$(status)" = incomplete ]
deliver > "$T/d1"
m=$(last_to jane@brand.example)
check "1 mail: the incomplete answer to the reporter" [ "$(wc -l < "$T/d1")" -eq 1 -a -n "$m" ]
check "answer names the case" sh -c "grep -qF '[$REF]' '$T/got/$m.subject'"
check "answer says identity proof is missing" has "$m" "Proof of identity"
check "answer includes the report form" has "$m" "Identity proof:"

# 2. The follow-up completes it.
reply "$JANE" "$m" "Identity proof: passport.pdf

Please find my passport attached." --attach passport.pdf
check "follow-up completes the case: ready_for_review" [ "$(status)" = ready_for_review ]
deliver > "$T/d2"
m=$(last_to jane@brand.example)
check "1 mail: the follow-up answer to the reporter" [ "$(wc -l < "$T/d2")" -eq 1 ] && grep -q jane@ "$T/d2"
check "follow-up answer threads under the report" sh -c "grep -qF '[$REF]' '$T/got/$m.subject'"

# 3. Staff correct what the parser read, then accept: the vendor notice.
check "staff correct the rights holder and the right" rg cases set "$REF" \
	--rights-holder "Acme Software Limited" --right "trademark:EU:018000001" --as alice
check "the correction is an event with old and new" [ "$(rgo cases show "$REF" --json | \
	js '[json.loads(e["detail"])["old"]+" -> "+json.loads(e["detail"])["new"] for e in L[0]["events"] if e["type"]=="case.set"]')" = \
	"['Acme Software Ltd -> Acme Software Limited', 'trademark:US:US 5551234 -> trademark:EU:018000001']" ]
rgo cases set "$REF" --right "trademark" --as alice 2>/dev/null
check "a malformed --right: exit 1" [ $? -eq 1 ]
check "staff accept" rg cases accept "$REF" --as alice --reason "registration checked"
check "vendor notified" [ "$(status)" = vendor_notified ]
deliver > "$T/d3"
v=$(last_to sales@shady-shop.example)
check "1 mail: the vendor notice to the vendor" [ "$(wc -l < "$T/d3")" -eq 1 -a -n "$v" ]
check "notice names the listing" has "$v" "$URL"
check "notice names the corrected right" has "$v" "registration number 018000001, EU" && ! has "$v" "US 5551234"
check "notice gives the corrected rights holder" has "$v" "Rights holder:  Acme Software Limited"
check "notice gives the submitter's email" has "$v" "jane@brand.example"
check "notice addresses the vendor by name" has "$v" "Dear Shady Shop"

# 4. The vendor's counter-notice is forwarded to the rights holder.
reply "$SHOP" "$v" "Counter-notice

We sell under licence L-42 from Acme Software Ltd."
check "counter-notice: counter_noticed" [ "$(status)" = counter_noticed ]
deliver > "$T/d4"
m=$(last_to jane@brand.example)
check "1 mail: the counter-notice forwarded to the rights holder" [ "$(wc -l < "$T/d4")" -eq 1 ] && grep -q jane@ "$T/d4"
check "forwarded text included" has "$m" "licence L-42"
check "forward names the vendor" has "$m" "Shady Shop"
check "forward asks for ACCEPT or REJECT" has "$m" "ACCEPT or REJECT"
check "forward gives the answer deadline (10 business days)" has "$m" "Please answer by 2026-10-05."

# 5. The rights holder rejects it.
reply "$JANE" "$m" "REJECT

We never granted a licence."
check "REJECT: counter_rejected" [ "$(status)" = counter_rejected ]
deliver > "$T/d5"
check "2 mails: the answer recorded, to both sides" [ "$(wc -l < "$T/d5")" -eq 2 ] && \
	grep -q jane@ "$T/d5" && grep -q sales@shady-shop "$T/d5"
check "vendor told the rights holder rejected its counter-notice" has "$(last_to sales@shady-shop.example)" "The rights holder has rejected your counter-notice"
check "the rights holder told in its own words" has "$(last_to jane@brand.example)" "We recorded that you rejected the counter-notice of Shady Shop" && \
	! has "$(last_to jane@brand.example)" "The rights holder has rejected"

# 6. Evidence request to the vendor, with a deadline.
check "staff request evidence" rg cases request-evidence "$REF" --party vendor --days 5 \
	--text "A copy of licence L-42, signed by Acme." --as bob
deliver > "$T/d6"
v=$(last_to sales@shady-shop.example)
check "1 mail: the evidence request to the vendor" [ "$(wc -l < "$T/d6")" -eq 1 ] && grep -q sales@shady-shop "$T/d6"
check "request text and deadline" has "$v" "signed by Acme" && \
	grep -qF "due by 2026-09-26" "$T/got/$v.subject"

# 7. The vendor's reply satisfies it.
reply "$SHOP" "$v" "Here is the licence." --attach licence-L42.pdf
check "the reply satisfies the request" [ "$(rgo cases show "$REF" --json | \
	js '[q["satisfied"] is not None for q in L[0]["evidence_requests"]]')" = "[True]" ]
deliver > "$T/d7"
check "the vendor's documents: one answer, to the vendor" \
	[ "$(wc -l < "$T/d7")" -eq 1 ] && grep -q sales@shady-shop "$T/d7"
v=$(last_to sales@shady-shop.example)
check "the vendor's answer is worded for the vendor, not the reporter" \
	has "$v" "Our team will take it into account" && ! has "$v" "everything we need"
RG_NOW=1790900000 rg cases list --overdue > /dev/null
deliver > "$T/d7b"
check "no reminder for an answered request" [ ! -s "$T/d7b" ]

# 8. Removal: the decision to both sides.
check "staff act removal" rg cases act "$REF" removal --reason "No valid licence was shown." --as alice
check "action_taken, removal kept" [ "$(rgo cases show "$REF" --json | \
	js 'L[0]["status"]+" "+L[0]["enforcement"]')" = "action_taken removal" ]
deliver > "$T/d8"
check "2 mails: the decision to both sides" [ "$(wc -l < "$T/d8")" -eq 2 ] && \
	grep -q jane@ "$T/d8" && grep -q sales@shady-shop "$T/d8"
check "the reporter's decision has no vendor wording" sh -c "! grep -qF 'If you are the vendor' '$T/got/$(last_to jane@brand.example).body'"
for who in jane@brand.example sales@shady-shop.example; do
	d=$(last_to $who)
	check "decision to $who names the removal and the reason" \
		sh -c "grep -qi 'removal' '$T/got/$d.subject' && grep -qF 'No valid licence was shown.' '$T/got/$d.body'"
done

# The whole story, per party, in order (kind from the subject).
kinds() {	# kinds ADDRESS
	for f in $(grep -l "^$1\$" "$T/got/"*.to | sed 's|.*/||; s|\.to$||' | sort -n); do
		s=$(subj "$f")
		case $s in
		*"Your report is incomplete"*) echo ack_incomplete ;;
		*"We added your information"*) echo followup_received ;;
		*"Notice of an intellectual property complaint"*) echo vendor_notice ;;
		*"Counter-notice from the vendor"*) echo counter_notice_forwarded ;;
		*"the counter-notice"*|*"your counter-notice"*) echo counter_response_recorded ;;
		*"Documents requested"*) echo evidence_request ;;
		*"Decision:"*) echo decision ;;
		*) echo "other:$s" ;;
		esac
	done | tr '\n' ' '
}
check "the reporter's mails: incomplete answer, follow-up answer, forward, response, decision" \
	[ "$(kinds jane@brand.example)" = \
	  "ack_incomplete followup_received counter_notice_forwarded counter_response_recorded decision " ]
check "the vendor's mails: notice, response, request, answer to its documents, decision" \
	[ "$(kinds sales@shady-shop.example)" = \
	  "vendor_notice counter_response_recorded evidence_request followup_received decision " ]
check "nobody else received mail" [ "$(cat "$T/got/"*.to | sort -u | tr '\n' ' ')" = \
	"jane@brand.example sales@shady-shop.example " ]
check "every mail names the case" [ "$(grep -LF "[$REF]" "$T/got/"*.subject | wc -l)" -eq 0 ]
check "every mail of the IP case comes from the IP address" [ "$(cat "$T/got/"*.from | sort -u)" = "ip-reports@gw.example.net" ]

# An abuse report: its answer comes from the abuse stream's address.
"$PY" "$MK" --from 'Sec <sec@cert.example>' --subject 'Malware in a listing' \
	--body "This listing ships a trojan: https://marketplace.alibabacloud.com/products/1/mal1.html" > "$T/a.eml"
rg ingest --stream abuse "$T/a.eml" > /dev/null
deliver > "$T/da"
a=$(last_to sec@cert.example)
check "the abuse reporter's answer comes from [mailbox abuse] from" [ -n "$a" ] && \
	[ "$(cat "$T/got/$a.from")" = "abuse-reports@gw.example.net" ]
check "timeline records who: alice, bob, the parties" [ "$(rgo cases show "$REF" --json | \
	js 'sorted(set(e["actor"] for e in L[0]["events"] if e["type"]=="case.status"))')" = \
	"['alice', 'bob', 'intake', 'jane@brand.example', 'sales@shady-shop.example', 'system']" ]
echo "1..$n"
[ $fails -eq 0 ]
