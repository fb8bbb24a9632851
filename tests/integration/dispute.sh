#!/bin/bash
# tests/integration/dispute.sh - a case is a dispute between people, per
# listing and per vendor (docs/WORKFLOW.md "Per-listing tracks"): one
# report names listings of two vendors, and the whole story runs through
# a throwaway Dovecot (dovecot.sh, imaps), a real SMTP receiver
# (smtp-server.sh) and a background `reportgate run`; staff steps use the
# CLI. Every mail each party receives is read back and checked: each
# vendor is told of its own listing only, a request to one vendor reaches
# only it, one vendor's counter-notice and the reporter's REJECT reach
# only that vendor and the reporter, the removal of one listing and the
# reinstatement of the other reach only the vendor concerned and the
# reporter, no reminder follows a decided listing, and `cases show
# --json` shows the texts and listing statuses. TAP output. Needs root,
# dovecot-imapd and python3-aiosmtpd, else skips.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
WAIT=30		# bound for anything asynchronous, seconds

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_gateway

start_gateway dispute
JANE='Jane Roe <jane@brand.example>'

# 1. One report names a listing of each vendor.
mk "$T/r.eml" --from "$JANE" --subject "Trademark infringement: two shops" \
	--message-id d-report@brand.example --attach passport.pdf --body "Relationship: rights holder
Rights holder: Acme Software Ltd
Submitter organization: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Jurisdiction: US
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
$URLA
$URLB"
put "$T/r.eml"
hascase() { [ "$(rg cases list --json | wc -l)" -ge 1 ]; }
check "run files the report" wait_for "$WAIT" hascase
REF=$(rg cases list --json | js 'L[0]["ref"]')
check "complete, both listings reported ($REF)" [ "$(rg cases show "$REF" --json | js 'L[0]["status"]') $(tracks)" = \
	"ready_for_review lsta0001:reported lstb0002:reported" ]
step 1
check "1 mail: the answer to the reporter" step_is 1 jane@brand.example

# 2. Accept: one notice per vendor, each naming its own listing only.
rgq cases accept "$REF" --as alice --reason "registration checked"
step 2
check "2 mails: a notice to each vendor" step_is 2 a@shop-a.example b@shop-b.example
va=$(last_to a@shop-a.example)
vb=$(last_to b@shop-b.example)
check "vendor A's notice names its listing, not B's" all 'has "$va" "$URLA" && ! has "$va" "$URLB"'
check "vendor B's notice names its listing, not A's" all 'has "$vb" "$URLB" && ! has "$vb" "$URLA"'
for v in "$va" "$vb"; do
	check "notice $v: rights holder, submitter, role and right" all 'has "$v" "Acme Software Ltd" &&
		has "$v" "jane@brand.example" &&
		has "$v" "(rights holder)" &&
		has "$v" "registration number US 5551234"'
done
check "both listings notified: vendor_notified" [ "$(tracks)" = "lsta0001:notified lstb0002:notified" ]

# 3. A request to vendor B reaches only vendor B.
rgq cases request-evidence "$REF" --vendor b@shop-b.example --days 5 \
	--text "A copy of your licence, please." --as bob
step 1
check "1 mail: the request, to vendor B only" step_is 1 b@shop-b.example
check "the request text" has "$(last_to b@shop-b.example)" "A copy of your licence, please."

# 4. Vendor A's counter-notice, with its licence attached.
mk "$T/c.eml" --from "$SHOPA" --subject "Re: $(g "$va" subject)" \
	--in-reply-to "$(g "$va" id | tr -d '<>')" --message-id d-counter@shop-a.example \
	--body "Counter-notice

We sell under licence L-42 from Acme Software Ltd." --attach licence-L42.pdf
put "$T/c.eml"
step 1
check "1 mail: the forward, to the reporter only" step_is 1 jane@brand.example
f=$(last_to jane@brand.example)
check "the forward carries the vendor's text" has "$f" "licence L-42"
check "the forward names vendor A's listing only" all 'has "$f" "$URLA" && ! has "$f" "$URLB"'
check "the forward gives the answer deadline" has "$f" "Please answer by "
check "the forward passes on the vendor's document as an attachment" [ "$(g "$f" att)" = "licence-L42.pdf" ]
check "only vendor A's listing is counter_noticed" [ "$(tracks)" = "lsta0001:counter_noticed lstb0002:notified" ]

# 5. Vendor B's counter-notice too: two are pending.
mk "$T/cb.eml" --from "$SHOPB" --subject "Re: $(g "$vb" subject)" \
	--in-reply-to "$(g "$vb" id | tr -d '<>')" --message-id d-counter-b@shop-b.example \
	--body "Counter-notice

We design and make these ourselves."
put "$T/cb.eml"
step 1
check "1 mail: vendor B's forward, to the reporter only" step_is 1 jane@brand.example
fb=$(last_to jane@brand.example)
check "vendor B's forward names its listing only" all 'has "$fb" "$URLB" && ! has "$fb" "$URLA"'
check "both listings counter_noticed" [ "$(tracks)" = "lsta0001:counter_noticed lstb0002:counter_noticed" ]

# 6. Two pending: the reporter accepts B's (answering B's forward) first,
# then rejects A's (answering A's forward); each answer is matched to its
# vendor by the forward it replies to, and only that vendor is told.
mk "$T/jb.eml" --from "$JANE" --subject "Re: $(g "$fb" subject)" \
	--in-reply-to "$(g "$fb" id | tr -d '<>')" --message-id d-accept-b@brand.example \
	--body "ACCEPT"
put "$T/jb.eml"
step 2
check "2 mails: to the reporter and vendor B only" step_is 2 jane@brand.example b@shop-b.example
check "vendor B is told the rights holder accepted its counter-notice" \
	has "$(last_to b@shop-b.example)" "The rights holder has accepted your counter-notice"
check "the reporter is told it accepted Shop B's" \
	has "$(last_to jane@brand.example)" "We recorded that you accepted the counter-notice of Shop B"
check "vendor B's listing counter_accepted, A's still pending" [ "$(tracks)" = "lsta0001:counter_noticed lstb0002:counter_accepted" ]
check "the answer was not flagged for staff" [ "$(rg cases show "$REF" --json | js 'L[0]["needs_staff"]')" = False ]
# (this one answers its own previous mail: A's forward is in References)
mk "$T/j.eml" --from "$JANE" --subject "Re: $(g "$f" subject)" \
	--in-reply-to d-accept-b@brand.example --message-id d-reject@brand.example \
	--references "$(g "$f" id | tr -d '<>') d-accept-b@brand.example" --body "REJECT

We never granted a licence."
put "$T/j.eml"
step 2
check "2 mails: to the reporter and vendor A only" step_is 2 jane@brand.example a@shop-a.example
check "vendor A is told the rights holder rejected its counter-notice" \
	has "$(last_to a@shop-a.example)" "The rights holder has rejected your counter-notice"
check "the reporter is told in its own words" all 'has "$(last_to jane@brand.example)" "We recorded that you rejected the counter-notice of Shop A" &&
	! has "$(last_to jane@brand.example)" "The rights holder has rejected"'
check "vendor A's listing counter_rejected, B's counter_accepted" [ "$(tracks)" = "lsta0001:counter_rejected lstb0002:counter_accepted" ]
check "each counter-notice has its own answer" [ "$(rg cases show "$REF" --json | \
	js '[(c["vendor_email"], c["answer"]) for c in L[0]["counter_notices"]]')" = \
	"[('a@shop-a.example', 'reject'), ('b@shop-b.example', 'accept')]" ]

# 7. Removal of A's listing: vendor A and the reporter only.
rgq cases act "$REF" removal --listing lsta0001 --reason "No valid licence was shown." --as alice
step 2
check "2 mails: the removal to vendor A and the reporter" step_is 2 a@shop-a.example jane@brand.example
d=$(last_to a@shop-a.example)
check "vendor A's decision names its listing and the reason" all 'has "$d" "$URLA" &&
	has "$d" "No valid licence was shown." &&
	! has "$d" "$URLB"'
check "vendor A is told how to contest (the statement of reasons)" has "$d" "Internal complaint: reply to this message within six months"
d=$(last_to jane@brand.example)
check "the reporter's decision names the listing, without vendor wording" all 'has "$d" "$URLA" &&
	! has "$d" "If you are the vendor" &&
	! has "$d" "If you believe this decision is wrong"'
check "A removed, B still open" [ "$(tracks)" = "lsta0001:removed lstb0002:counter_accepted" ]

# 8. Reinstatement of B's listing: vendor B and the reporter only.
rgq cases act "$REF" reinstate --listing lstb0002 --reason "Vendor B is licensed." --as alice
step 2
check "2 mails: the reinstatement to vendor B and the reporter" step_is 2 b@shop-b.example jane@brand.example
check "vendor B's decision names its listing" all 'has "$(last_to b@shop-b.example)" "$URLB" &&
	! has "$(last_to b@shop-b.example)" "$URLA"'
check "both decided: action_taken" [ "$(rg cases show "$REF" --json | js 'L[0]["status"]') $(tracks)" = \
	"action_taken lsta0001:removed lstb0002:reinstated" ]
check "vendor B's request answered by its counter-notice" [ "$(rg cases show "$REF" --json | \
	js '[q["state"] for q in L[0]["evidence_requests"]]')" = "['answered']" ]

# 9. Ten days later: no reminder follows the decided listing.
RG_NOW=+864000 rgq cases list --overdue
sleep 3
collect > "$T/step"
check "no reminder after the decision" [ ! -s "$T/step" ]

# 10. Staff read what each party wrote.
check "show --json: every message's text" [ "$(rg cases show "$REF" --json | \
	js '[m["text"].split("\n")[0] for m in L[0]["messages"]]')" = \
	"['Relationship: rights holder', 'Counter-notice', 'Counter-notice', 'ACCEPT', 'REJECT']" ]
check "show --json: vendor emails per listing" [ "$(rg cases show "$REF" --json | \
	js '[(l["listing_id"], l["vendor_email"]) for l in L[0]["listing_details"]]')" = \
	"[('lsta0001', 'a@shop-a.example'), ('lstb0002', 'b@shop-b.example')]" ]

check "show --json: the rights the report claims" [ "$(rg cases show "$REF" --json | \
	js '[(r["type"], r["registration_number"], r["jurisdiction"]) for r in L[0]["ip_rights"]], L[0]["ip_rights_from"]')" = \
	"([('trademark', 'US 5551234', 'US')], 'reports')" ]
rgq cases set "$REF" --right trademark:EU:018000001 --as alice
check "show --json: the rights staff corrected" [ "$(rg cases show "$REF" --json | \
	js '[(r["type"], r["registration_number"], r["jurisdiction"]) for r in L[0]["ip_rights"]], L[0]["ip_rights_from"]')" = \
	"([('trademark', '018000001', 'EU')], 'staff')" ]
check "show: the corrected right" sh -c '"$@" | grep -qx "right: trademark EU 018000001 (set by staff)"' _ \
	"$REPORTGATE" --config "$T/rg.conf" cases show "$REF"

# Every mail each party received, in order (kinds, from the subject).
check "the reporter: ack, two forwards, two answers, two decisions" [ "$(kinds jane@brand.example)" = \
	"ack forward forward answer answer decision decision " ]
check "vendor A: notice, answer, decision" [ "$(kinds a@shop-a.example)" = "notice answer decision " ]
check "vendor B: notice, request, answer, decision" [ "$(kinds b@shop-b.example)" = "notice request answer decision " ]
check "nobody else received mail" [ "$(cat "$T/got/"*.to | sort -u | tr '\n' ' ')" = \
	"a@shop-a.example b@shop-b.example jane@brand.example " ]
check "every mail names the case" [ "$(grep -LF "[$REF]" "$T/got/"*.subject | wc -l)" -eq 0 ]
echo "1..$n"
[ "$fails" -eq 0 ]
