#!/bin/bash
# tests/integration/e2e-imap.sh - end to end through a throwaway Dovecot
# (dovecot.sh, imaps with its test CA) and a real SMTP receiver
# (smtp-server.sh, aiosmtpd, STARTTLS with its test CA). Mail reaches the
# gateway only by `dovecot.sh deliver` and is taken in only by
# `reportgate poll --once` (part A) or a background `reportgate run`
# (part B); staff steps use the CLI. Every mail that reaches a party is
# read back with Python's email package.
#   A (issue 4): incomplete report -> answer naming what is missing ->
#     reply with the attachments -> complete -> second answer; an
#     auto-responder answering every answer gets none; a sender over the
#     rate limit gets no more answers.
#   B (issue 5): the policy's whole story under `run`: report ->
#     incomplete answer -> follow-up -> complete -> accept -> vendor
#     notice -> counter-notice -> forwarded -> rights holder rejects ->
#     evidence request -> reply -> removal -> decision mails.
# TAP output. Needs root, dovecot-imapd and python3-aiosmtpd, else skips.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
SRV=$srcdir/tests/integration/smtp-server.sh
MK=$srcdir/tests/integration/mkmail.py
PY=/usr/bin/python3
WAIT=30		# bound for anything asynchronous, seconds

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_dovecot
"$SRV" check || skip_all "python3-aiosmtpd not installed"

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-e2e-XXXXXX")
chmod o+x "$T"
DC=$T/dovecot
RUNNER=
cleanup() {
	if [ -n "$RUNNER" ]; then kill -KILL "$RUNNER" 2>/dev/null; fi
	stop_servers "$DC"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
start_dovecot "$DC" smtp
SMTP=$EXTRA_PORT
export SMTP_TLS=1
start_receiver "$SMTP"
printf 'testpass\n' > "$T/pass"
chmod 600 "$T/pass"
diag "Dovecot imaps 127.0.0.1:$IMAPS, SMTP (STARTTLS) 127.0.0.1:$SMTP"

# conf NAME EXTRA-INTAKE-LINE...: $T/NAME.conf with its own store
conf() {
	local name=$1
	shift
	cat > "$T/$name.conf" <<CONF
[store]
path = $T/$name.db
attachments_dir = $T/$name-att

[imap]
host = localhost
port = $IMAPS
security = imaps
ca_file = $DC/tls/ca.pem
user = testuser
password_file = $T/pass
timeout = 10
poll_seconds = 1
idle_seconds = 60

[mailbox ip]
folder = INBOX
stream = ip
processed_folder = Processed

[smtp]
url = smtp://localhost:$SMTP
ca_file = $T/srv/tls/ca.pem
from = IP Reports <ip-reports@gw.example.net>
timeout = 10

[intake]
gateway_addresses = ip-reports@gw.example.net
message_id_host = gw.example.net
CONF
	printf '%s\n' "$@" >> "$T/$name.conf"
}
count() {	# count FOLDER: messages in INBOX or .FOLDER
	local d=$MD
	[ "$1" = INBOX ] || d=$MD/.$1
	find "$d/cur" "$d/new" -type f 2>/dev/null | wc -l
}
LISTING_ID=cmjj00012345
URL=https://marketplace.alibabacloud.com/products/56700001/$LISTING_ID.html

#######################################################################
# A (issue 4): poll --once and send --once
conf a 'ack_limit_hour = 2' 'ack_limit_day = 10'
rga() { "$REPORTGATE" --config "$T/a.conf" "$@" 2>>"$T/a.log"; }
showa() { rga cases show "$1" --json; }
JANE='Jane Doe <jane@brand.example>'

mk "$T/a1.eml" --from "$JANE" --subject "Infringing listing" \
	--message-id a-report@brand.example \
	--body "Our trademark is infringed: $URL"
put "$T/a1.eml"
out=$(rga poll --once)
check "A: poll --once files the delivered report" \
	[ "$out" = "filed 1, duplicates 0, quarantined 0, failed 0" ]
check "A: INBOX empty, the report moved to Processed" \
	[ "$(count INBOX)/$(count Processed)" = 0/1 ]
REFA=$(rga cases list --json | js 'L[0]["ref"]')
check "A: case filed incomplete ($REFA)" \
	[ "$(showa "$REFA" | js 'L[0]["status"]')" = incomplete ]
out=$(rga send --once)
check "A: send --once sends the answer ($out)" \
	[ "$out" = "sent 1, retried 0, failed 0, in doubt 0" ]
collect > "$T/da1"
check "A: one mail delivered" [ "$(wc -l < "$T/da1")" -eq 1 ]
m=1
check "A: to the reporter, envelope and header" \
	[ "$(g $m to) $(g $m rcpt)" = "jane@brand.example jane@brand.example" ]
check "A: over STARTTLS" [ "$(g $m tls)" = True ]
check "A: subject carries [$REFA] and says incomplete" \
	sh -c 'case "$0" in "['"$REFA"'] "*incomplete*) exit 0;; esac; exit 1' "$(g $m subject)"
check "A: In-Reply-To the report's Message-ID" [ "$(g $m irt)" = "<a-report@brand.example>" ]
check "A: Message-ID <REF.1.RANDOM@gw.example.net>" \
	grep -Eqx "<$REFA\\.1\\.[0-9a-f]+@gw\\.example\\.net>" "$T/got/$m.id"
check "A: Auto-Submitted: auto-replied" [ "$(g $m auto)" = auto-replied ]
check "A: names identity proof as missing" has $m "Proof of identity"
check "A: names ownership proof as missing" has $m "Proof of ownership"
check "A: includes the report form" has $m "----- Report form -----"
ANS1=$(g $m id)

# The reporter's auto-responder answers the answer: no answer back.
mk "$T/a-ooo1.eml" --from "$JANE" --subject "Automatic reply: $(g $m subject)" \
	--in-reply-to "$(echo "$ANS1" | tr -d '<>')" --message-id a-ooo1@brand.example \
	--body "I am out of the office until Monday."
sed -i '1i Auto-Submitted: auto-replied' "$T/a-ooo1.eml"
put "$T/a-ooo1.eml"
out=$(rga poll --once)
check "A: the auto-reply is taken in" [ "$out" = "filed 1, duplicates 0, quarantined 0, failed 0" ]
check "A: the auto-reply joins the case" [ "$(showa "$REFA" | js 'len(L[0]["messages"])')" = 2 ]
check "A: it is filed as an auto-reply and no answer is queued for it" \
	[ "$(showa "$REFA" | js '(L[0]["messages"][-1]["kind"], len(L[0]["outbox"]))')" = "('auto_reply', 1)" ]
rga send --once >/dev/null
check "A: nothing more reaches the reporter" [ "$(ndelivered)" -eq 1 ]

# The reporter replies with the missing documents.
mk "$T/a2.eml" --from "$JANE" --subject "Re: $(g $m subject)" \
	--in-reply-to "$(echo "$ANS1" | tr -d '<>')" --message-id a-reply@brand.example \
	--body "Identity proof: passport.pdf
Ownership proof: trademark_certificate.pdf" \
	--attach passport.pdf --attach trademark_certificate.pdf
put "$T/a2.eml"
out=$(rga poll --once)
check "A: the reply is taken in" [ "$out" = "filed 1, duplicates 0, quarantined 0, failed 0" ]
check "A: still one case" [ "$(rga cases list --json | wc -l)" -eq 1 ]
check "A: the case is complete" \
	[ "$(showa "$REFA" | js '(L[0]["missing"], L[0]["status"])')" = "([], 'ready_for_review')" ]
rga send --once >/dev/null
collect > "$T/da2"
m=$(last_to jane@brand.example)
cp "$T/da2" "$T/step"
check "A: one more mail, to the reporter" step_is 1 jane@brand.example
check "A: the second answer says the case is complete" has $m "The case now has everything we need"
check "A: it lists the new documents" has $m "passport.pdf"
check "A: it no longer lists anything missing" sh -c '! grep -q "Proof of identity" "$0"' "$T/got/$m.body"
check "A: subject carries [$REFA]" grep -qF "[$REFA]" "$T/got/$m.subject"
check "A: In-Reply-To the reply's Message-ID" [ "$(g $m irt)" = "<a-reply@brand.example>" ]
check "A: Message-ID has SEQ 2" grep -Eq "^<$REFA\\.2\\." "$T/got/$m.id"

# The auto-responder answers that one too: still no loop.
mk "$T/a-ooo2.eml" --from "$JANE" --subject "Out of office: $(g $m subject)" \
	--in-reply-to "$(g $m id | tr -d '<>')" --message-id a-ooo2@brand.example \
	--body "I am out of the office until Monday."
sed -i '1i Auto-Submitted: auto-replied' "$T/a-ooo2.eml"
put "$T/a-ooo2.eml"
rga poll --once >/dev/null
rga send --once >/dev/null
check "A: auto-reply to the second answer: no answer (outbox still 2)" \
	[ "$(showa "$REFA" | js 'len(L[0]["outbox"])')" = 2 ]
check "A: the reporter got exactly 2 mails in all" [ "$(ndelivered)" -eq 2 ]

# A second sender over the rate limit (2 an hour): 3 reports, 2 answers.
for i in 1 2 3; do
	mk "$T/fl$i.eml" --from 'Flo <flood@brand2.example>' --subject "Report $i" \
		--message-id "a-flood$i@brand2.example" \
		--body "Infringing: https://marketplace.alibabacloud.com/products/5670000$i/fl$i.html"
	put "$T/fl$i.eml"
done
out=$(rga poll --once)
check "A: 3 reports from the second sender filed" \
	[ "$out" = "filed 3, duplicates 0, quarantined 0, failed 0" ]
rga send --once >/dev/null
collect > "$T/da3"
cp "$T/da3" "$T/step"
check "A: exactly 2 answers, both to the second sender" step_is 2 flood@brand2.example
check "A: none to anyone else" [ "$(grep -c ' flood@brand2.example ' "$T/da3")" -eq 2 ]
FLOOD=$(rga cases list --json | js "' '.join(c['ref'] for c in L if 'flood@' in str(c['submitter']))")
reasons=$(for r in $FLOOD; do showa "$r" | js "[json.loads(e['detail'])['reason'] for e in L[0]['events'] if e['type'] == 'ack.suppressed']"; done | tr -d "[]'" | grep -v '^$' | tr '\n' ' ')
check "A: the third answer suppressed by the hourly limit ($reasons)" [ "$reasons" = "rate_limit_hour " ]
for f in $(grep -lx flood@brand2.example "$T/got/"*.to); do
	cat "${f%.to}.irt"
done > "$T/da3.irts"
check "A: the 2 answers thread under 2 different reports" \
	[ "$(sort -u "$T/da3.irts" | grep -c '^<a-flood[123]@brand2.example>$')" -eq 2 ]

#######################################################################
# B (issue 5): the whole story under a background `run`
conf b
rgb() { "$REPORTGATE" --config "$T/b.conf" "$@" 2>>"$T/b.log"; }
rgq() { rgb "$@" >/dev/null; }	# a staff step: its output is not TAP
status() { rgb cases show "$REFB" --json | js 'L[0]["status"]'; }
status_is() { [ "$(status)" = "$1" ]; }
ncases_b() { rgb cases list --json | wc -l; }
JANEB='Jane Roe <jane@brand3.example>'
SHOP='Shady Shop <sales@shady-shop.example>'
printf 'listing_id,vendor_name,vendor_email,title\n%s,Shady Shop,sales@shady-shop.example,AcmeSoft Pro 2026\n' "$LISTING_ID" > "$T/dir.csv"
check "B: listing directory imported" [ "$(rgb listings import "$T/dir.csv")" = \
	"imported 1 new, 0 updated, 0 bad rows skipped" ]
base=$(ndelivered)
bstart=$(cat "$T/seen")
"$REPORTGATE" --config "$T/b.conf" run 2>>"$T/b-run.log" &
RUNNER=$!

# 1. The report: no identity proof yet.
mk "$T/b1.eml" --from "$JANEB" --subject "Trademark infringement: AcmeSoft" \
	--message-id b-report@brand3.example --body "Relationship: rights holder
Rights holder: Acme Software Ltd
Submitter organization: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Jurisdiction: US
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
$URL"
put "$T/b1.eml"
has_case_b() { [ "$(ncases_b)" -ge 1 ]; }
check "B: run files the delivered report within ${WAIT}s" wait_for "$WAIT" has_case_b
REFB=$(rgb cases list --json | js 'L[0]["ref"]')
check "B: the case is incomplete ($REFB)" status_is incomplete
step 1
m=$(last_to jane@brand3.example)
check "B: 1 mail, the incomplete answer to the reporter" step_is 1 jane@brand3.example
check "B: answer: [$REFB], In-Reply-To the report" \
	sh -c 'grep -qF "[$1]" "$2.subject" && [ "$(cat "$2.irt")" = "<b-report@brand3.example>" ]' _ "$REFB" "$T/got/$m"
check "B: answer says identity proof is missing" has "$m" "Proof of identity"
check "B: answer includes the report form" has "$m" "Identity proof:"

# 2. The follow-up completes it.
mk "$T/b2.eml" --from "$JANEB" --subject "Re: $(g "$m" subject)" \
	--in-reply-to "$(g "$m" id | tr -d '<>')" --message-id b-followup@brand3.example \
	--body "Identity proof: passport.pdf

Please find my passport attached." --attach passport.pdf
put "$T/b2.eml"
check "B: the follow-up completes the case: ready_for_review" \
	wait_for "$WAIT" status_is ready_for_review
step 1
m=$(last_to jane@brand3.example)
check "B: 1 mail, the follow-up answer to the reporter" step_is 1 jane@brand3.example
check "B: follow-up answer: complete, [$REFB], In-Reply-To the follow-up" \
	sh -c 'grep -qF "[$1]" "$2.subject" && [ "$(cat "$2.irt")" = "<b-followup@brand3.example>" ] &&
		grep -q "The case now has everything we need" "$2.body"' _ "$REFB" "$T/got/$m"

# 3. Accept (staff CLI while run is running): the vendor notice.
check "B: staff accept" rgq cases accept "$REFB" --as alice --reason "registration checked"
check "B: vendor notified" status_is vendor_notified
step 1
v=$(last_to sales@shady-shop.example)
check "B: 1 mail, the vendor notice to the vendor" step_is 1 sales@shady-shop.example
check "B: notice subject carries [$REFB]" grep -qF "[$REFB]" "$T/got/$v.subject"
check "B: notice names the listing id and URL" sh -c 'grep -qF "$1" "$3" && grep -qF "$2" "$3"' _ "$LISTING_ID" "$URL" "$T/got/$v.body"
check "B: notice names the right claimed" has "$v" "registration number US 5551234"
check "B: notice gives the rights holder" has "$v" "Acme Software Ltd"
check "B: notice gives the rights holder's contact" has "$v" "jane@brand3.example"
check "B: notice addresses the vendor by name" has "$v" "Dear Shady Shop"

# 4. The vendor's counter-notice is forwarded to the rights holder.
mk "$T/b4.eml" --from "$SHOP" --subject "Re: $(g "$v" subject)" \
	--in-reply-to "$(g "$v" id | tr -d '<>')" --message-id b-counter@shady-shop.example \
	--body "Counter-notice

We sell under licence L-42 from Acme Software Ltd."
put "$T/b4.eml"
check "B: counter-notice: counter_noticed" wait_for "$WAIT" status_is counter_noticed
step 1
m=$(last_to jane@brand3.example)
check "B: 1 mail, the counter-notice forwarded to the rights holder" step_is 1 jane@brand3.example
check "B: forward carries [$REFB]" grep -qF "[$REFB]" "$T/got/$m.subject"
check "B: forwarded counter-notice text included" has "$m" "licence L-42"
check "B: forward names the vendor" has "$m" "Shady Shop"
check "B: forward asks for ACCEPT or REJECT" has "$m" "ACCEPT or REJECT"

# 5. The rights holder rejects it.
mk "$T/b5.eml" --from "$JANEB" --subject "Re: $(g "$m" subject)" \
	--in-reply-to "$(g "$m" id | tr -d '<>')" --message-id b-reject@brand3.example \
	--body "REJECT

We never granted a licence."
put "$T/b5.eml"
check "B: REJECT: counter_rejected" wait_for "$WAIT" status_is counter_rejected
step 2
check "B: 2 mails, the answer recorded, to both sides" step_is 2 jane@brand3.example sales@shady-shop.example
check "B: vendor told the rights holder rejected its counter-notice" has "$(last_to sales@shady-shop.example)" "rejected your counter-notice"

# 6. Evidence request to the vendor, with a deadline.
d1=$(date -u -d "@$(($(date +%s) + 5 * 86400))" +%F)
check "B: staff request evidence" rgq cases request-evidence "$REFB" --party vendor --days 5 \
	--text "A copy of licence L-42, signed by Acme." --as bob
d2=$(date -u -d "@$(($(date +%s) + 5 * 86400))" +%F)
step 1
v=$(last_to sales@shady-shop.example)
check "B: 1 mail, the evidence request to the vendor" step_is 1 sales@shady-shop.example
check "B: request text, [$REFB] and the deadline ($d1)" eval 'has "$v" "signed by Acme" &&
	grep -qF "[$REFB]" "$T/got/$v.subject" &&
	grep -qE "due by ($d1|$d2)" "$T/got/$v.subject"'

# 7. The vendor's reply satisfies it.
mk "$T/b7.eml" --from "$SHOP" --subject "Re: $(g "$v" subject)" \
	--in-reply-to "$(g "$v" id | tr -d '<>')" --message-id b-licence@shady-shop.example \
	--body "Here is the licence." --attach licence-L42.pdf
put "$T/b7.eml"
satisfied() { [ "$(rgb cases show "$REFB" --json | \
	js '[q["satisfied"] is not None for q in L[0]["evidence_requests"]]')" = "[True]" ]; }
check "B: the vendor's reply satisfies the request" wait_for "$WAIT" satisfied
step 1
v=$(last_to sales@shady-shop.example)
check "B: 1 mail, the answer to the vendor's documents" step_is 1 sales@shady-shop.example
check "B: it threads under the vendor's reply" [ "$(g "$v" irt)" = "<b-licence@shady-shop.example>" ]

# 8. Removal: the decision to both sides.
check "B: staff act removal" rgq cases act "$REFB" removal --reason "No valid licence was shown." --as alice
check "B: action_taken, removal kept" [ "$(rgb cases show "$REFB" --json | \
	js 'L[0]["status"]+" "+L[0]["enforcement"]')" = "action_taken removal" ]
step 2
check "B: 2 mails, the decision to both sides" step_is 2 jane@brand3.example sales@shady-shop.example
for who in jane@brand3.example sales@shady-shop.example; do
	d=$(last_to $who)
	check "B: decision to $who names the removal and the reason" \
		sh -c "grep -qi 'removal' '$T/got/$d.subject' && grep -qF 'No valid licence was shown.' '$T/got/$d.body'"
done

# Stop the service.
kill -TERM "$RUNNER"
st=1
for _ in $(seq 1 $((WAIT * 5))); do
	if ! kill -0 "$RUNNER" 2>/dev/null; then wait "$RUNNER"; st=$?; break; fi
	sleep 0.2
done
RUNNER=
check "B: run exits 0 on SIGTERM" [ "$st" -eq 0 ]
collect > "$T/step"
check "B: nothing else was sent" [ ! -s "$T/step" ]
check "B: INBOX empty, every mail in Processed" [ "$(count INBOX)" -eq 0 ]
check "B: one case for the whole story" [ "$(ncases_b)" -eq 1 ]

# The whole story, per party, in order (kind from the subject).
kinds() {	# kinds ADDRESS: from mail 1 of part B on
	for f in $(grep -lx "$1" "$T/got/"*.to | sed 's|.*/||; s|\.to$||' | sort -n); do
		case $(g "$f" subject) in
		*"Your report is incomplete"*) echo ack_incomplete ;;
		*"We added your information"*) echo followup_received ;;
		*"Notice of an intellectual property complaint"*) echo vendor_notice ;;
		*"Counter-notice from the vendor"*) echo counter_notice_forwarded ;;
		*"the counter-notice"*|*"your counter-notice"*) echo counter_response_recorded ;;
		*"Documents requested"*) echo evidence_request ;;
		*"Decision:"*) echo decision ;;
		*) echo "other:$(g "$f" subject)" ;;
		esac
	done | tr '\n' ' '
}
check "B: the reporter's mails: incomplete, follow-up, forward, response, decision" \
	[ "$(kinds jane@brand3.example)" = \
	  "ack_incomplete followup_received counter_notice_forwarded counter_response_recorded decision " ]
check "B: the vendor's mails: notice, response, request, documents answer, decision" \
	[ "$(kinds sales@shady-shop.example)" = \
	  "vendor_notice counter_response_recorded evidence_request followup_received decision " ]
allB=$(for k in $(seq $((bstart + 1)) "$(cat "$T/seen")"); do grep -qF "[$REFB]" "$T/got/$k.subject" && echo "$k"; done | wc -l)
check "B: 10 mails, every one names the case" [ "$allB/$(($(cat "$T/seen") - bstart))" = 10/10 ]
# answers to a mail are auto-replied, the staff's mails auto-generated
check "A+B: every mail Auto-Submitted, sent over STARTTLS, envelope = To" \
	sh -c 'for f in "$1"/*.to; do k=${f%.to}; grep -Eqx "auto-(replied|generated)" "$k.auto" &&
		[ "$(cat "$k.tls")" = True ] && [ "$(cat "$k.rcpt")" = "$(cat "$k.to")" ] || exit 1; done' _ "$T/got"
check "B: no error or warning logged" sh -c '! grep -Eq "level=(error|warn)" "$@"' _ "$T/b-run.log" "$T/b.log"
check "B: timeline records who: alice, bob, the parties" [ "$(rgb cases show "$REFB" --json | \
	js 'sorted(set(e["actor"] for e in L[0]["events"] if e["type"]=="case.status"))')" = \
	"['alice', 'bob', 'intake', 'jane@brand3.example', 'sales@shady-shop.example', 'system']" ]
check "no sanitizer report from any reportgate run" \
	sh -c '! grep -Eq "ERROR: (Address|Leak)Sanitizer|runtime error:" "$@"' _ "$T"/*.log

if [ "$fails" -ne 0 ]; then
	for f in "$T"/*.log; do
		diag "--- $(basename "$f")"
		tail -n 8 "$f" | sed 's/^/# /'
	done
fi
echo "1..$n"
