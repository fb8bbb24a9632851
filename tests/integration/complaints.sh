#!/bin/bash
# tests/integration/complaints.sh - complaints against decisions (DSA
# Art. 20) and own-initiative cases (docs/WORKFLOW.md "Complaints",
# "Own-initiative cases"), through a throwaway Dovecot (dovecot.sh,
# imaps), the real SMTP receiver (smtp-server.sh), `poll --once` and
# `send --once`; staff steps use the CLI with --as. A vendor's reply to
# its removal decision within six months opens a complaint (track
# complaint, case flagged, the acknowledgement gives the answer date);
# the account that took the decision is refused, another reverses it,
# the listing is reinstated and both parties are told, each only of what
# concerns it; a reply after six months (RG_NOW) is an ordinary
# follow-up; the rejected reporter complains and the rejection is upheld,
# a second rejection is reversed and the report taken up again; a case
# opened on staff's own initiative is acted on (statement of reasons with
# the configured clause, sor export SOURCE_VOLUNTARY) and complained of;
# the transparency report counts the complaints and their outcomes; a
# complaint against an account suspension is upheld (lifting it so is
# refused).
# TAP output. Needs root, dovecot-imapd and python3-aiosmtpd, else skips.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
WAIT=30		# bound for anything asynchronous, seconds

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_gateway

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-complaints-XXXXXX")
chmod o+x "$T"
DC=$T/dovecot
trap 'stop_servers "$DC"' EXIT
trap 'exit 1' INT TERM
start_dovecot "$DC" smtp
SMTP=$EXTRA_PORT
start_receiver "$SMTP"
gateway_conf
printf '\n[dsa]\nclause_malware_en = clause 7.3 (no software that downloads unsigned code)\n' >> "$T/rg.conf"
# deliver FILE [RG_NOW]: into the mailbox, one poll, one send.
deliver() {
	put "$1"
	RG_NOW=${2:-+0} rgq poll --once
	RG_NOW=${2:-+0} rgq send --once
}
sendout() { rgq send --once; }
rge() { "$REPORTGATE" --config "$T/rg.conf" "$@"; }	# stderr kept
JANE='Jane Roe <jane@brand.example>'
SHOPA='Shop A <a@shop-a.example>'
SHOPB='Shop B <b@shop-b.example>'
URLA=https://marketplace.alibabacloud.com/products/1/lsta0001.html
URLB=https://marketplace.alibabacloud.com/products/1/lstb0002.html
printf 'listing_id,vendor_name,vendor_email,title\nlsta0001,Shop A,a@shop-a.example,A\nlstb0002,Shop B,b@shop-b.example,B\nlstc0003,Shop A,a@shop-a.example,C\nlstd0004,Shop B,b@shop-b.example,D\n' > "$T/dir.csv"
check "listing directory imported" [ "$(rg listings import "$T/dir.csv")" = \
	"imported 4 new, 0 updated, 0 bad rows skipped" ]
BODY="Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Jurisdiction: US
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:"

# 1. A report on listings of two vendors; alice removes both.
mk "$T/r.eml" --from "$JANE" --subject "Trademark infringement" \
	--message-id c-report@brand.example --attach passport.pdf --body "$BODY
$URLA
$URLB"
deliver "$T/r.eml"
REF=$(rg cases list --json | js 'L[0]["ref"]')
tracks() { rg cases show "$1" --json | js '" ".join(l["listing_id"]+":"+l["status"] for l in L[0]["listing_details"])'; }
status() { rg cases show "$1" --json | js 'L[0]["status"]'; }
step 1
check "the report is filed and acknowledged ($REF)" step_is 1 jane@brand.example
rgq cases accept "$REF" --as alice --reason "registration checked"
rgq cases act "$REF" removal --reason "No licence was shown." --as alice
sendout
step 5
check "5 mails: 2 notices, the decisions to both vendors and the reporter" \
	step_is 5 a@shop-a.example b@shop-b.example jane@brand.example
da=$(last_to a@shop-a.example)
db=$(last_to b@shop-b.example)
check "both removed by alice" [ "$(status "$REF") $(tracks "$REF")" = \
	"action_taken lsta0001:removed lstb0002:removed" ]

# 2. Vendor A replies to its decision: a complaint.
mk "$T/ca.eml" --from "$SHOPA" --subject "Re: $(g "$da" subject)" \
	--in-reply-to "$(g "$da" id | tr -d '<>')" --message-id c-complaint@shop-a.example \
	--body "We hold licence L-42 from Acme; please review this decision."
deliver "$T/ca.eml"
step 1
check "1 mail: the acknowledgement, to vendor A only" step_is 1 a@shop-a.example
k=$(last_to a@shop-a.example)
due=$(date -u -d '+14 days' +%Y-%m-%d)
check "it acknowledges the complaint and gives the answer date" eval '\
	has "$k" "We received your complaint" && has "$k" "by $due"'
check "it names vendor A's listing, not B's" eval 'has "$k" "$URLA" && ! has "$k" "$URLB"'
check "A's listing is on complaint, B's stays removed: complaint" \
	[ "$(status "$REF") $(tracks "$REF")" = "complaint lsta0001:complaint lstb0002:removed" ]
check "the case is flagged for staff" [ "$(rg cases show "$REF" --json | js 'L[0]["needs_staff"]')" = True ]

# 3. alice took the decision: refused; bob reverses it.
rge cases complaint "$REF" uphold --reason "Still no licence." --as alice > "$T/out" 2> "$T/err"
rc=$?
check "the deciding account is refused (exit 1)" [ "$rc" = 1 ]
check "the refusal says why" grep -q "alice took the decision complained of on listing lsta0001" "$T/err"
check "nothing changed" [ "$(tracks "$REF")" = "lsta0001:complaint lstb0002:removed" ]
rge cases complaint "$REF" --listing lstb0002 reverse --reason x --as bob > /dev/null 2> "$T/err"
rc=$?
check "no complaint on B's listing (exit 1)" eval '[ $rc = 1 ] && grep -q "no complaint is pending on listing lstb0002" "$T/err"'
check "bob reverses it" [ "$(rg cases complaint "$REF" reverse --reason "Licence L-42 is genuine." --as bob)" = \
	"$REF action_taken" ]
check "A's listing reinstated, B's still removed" [ "$(tracks "$REF")" = "lsta0001:reinstated lstb0002:removed" ]
sendout
step 2
check "2 mails: vendor A and the reporter" step_is 2 a@shop-a.example jane@brand.example
k=$(last_to a@shop-a.example)
check "vendor A: its complaint decided, reversed, with the reasons" eval '\
	has "$k" "we reversed our decision" && has "$k" "Licence L-42 is genuine." && has "$k" "$URLA"'
k=$(last_to jane@brand.example)
check "the reporter: the reinstatement of A's listing only" eval '\
	grep -q "Decision: reinstatement" "$T/got/$k.subject" && has "$k" "$URLA" && ! has "$k" "$URLB"'
check "the complaint is unflagged" [ "$(rg cases show "$REF" --json | js 'L[0]["needs_staff"]')" = False ]
check "the new decision is bob's, the complaint's outcome kept" [ "$(rg cases show "$REF" --json | \
	js 'L[0]["listing_details"][0]["decided_by"]+" "+" ".join(c["decided_by"]+">"+c["outcome_by"]+":"+c["outcome"] for c in L[0]["complaints"])')" = \
	"bob alice>bob:reverse" ]

# 4. Vendor B replies seven months later: an ordinary follow-up.
mk "$T/cb.eml" --from "$SHOPB" --subject "Re: $(g "$db" subject)" \
	--in-reply-to "$(g "$db" id | tr -d '<>')" --message-id c-late@shop-b.example \
	--body "We would like our listing back."
deliver "$T/cb.eml" +18662400
step 1
check "1 mail: the follow-up answer to vendor B" step_is 1 b@shop-b.example
check "it is no complaint acknowledgement" eval '! has "$(last_to b@shop-b.example)" "We received your complaint"'
check "B's listing stays removed, no complaint" [ "$(status "$REF") $(tracks "$REF")" = \
	"action_taken lsta0001:reinstated lstb0002:removed" ]
check "still one complaint on the case" [ "$(rg cases show "$REF" --json | js 'len(L[0]["complaints"])')" = 1 ]

# rejected_complaint N LISTING REASON REPLY: Jane reports LISTING (case
# RREF), carol rejects it with REASON, Jane answers the rejection with
# REPLY: three steps of one mail each.
rejected_complaint() {
	mk "$T/r$1.eml" --from "$JANE" --subject "Trademark infringement $1" \
		--message-id "c-report$1@brand.example" --attach passport.pdf --body "$BODY
https://marketplace.alibabacloud.com/products/1/$2.html"
	deliver "$T/r$1.eml"
	step 1
	RREF=$(rg cases list --json | js "[c['ref'] for c in L if '$2' in c['listings']][0]")
	rgq cases reject "$RREF" --reason "$3" --as carol
	sendout
	step 1
	rj=$(last_to jane@brand.example)
	mk "$T/j$1.eml" --from "$JANE" --subject "Re: $(g "$rj" subject)" \
		--in-reply-to "$(g "$rj" id | tr -d '<>')" --message-id "c-jane$1@brand.example" \
		--body "$4"
	deliver "$T/j$1.eml"
	step 1
}

# 5. A rejected reporter complains; carol's rejection is upheld by bob.
rejected_complaint 2 lstc0003 "Not your trademark." "It is our trademark: see the registration."
REF2=$RREF
check "the reporter's complaint is acknowledged" has "$(last_to jane@brand.example)" "We received your complaint"
check "the rejected case is on complaint ($REF2)" [ "$(status "$REF2")" = complaint ]
check "carol may not decide it" eval '! rgq cases complaint "$REF2" reverse --reason x --as carol'
check "bob upholds it" [ "$(rg cases complaint "$REF2" uphold --reason "The registration is another company's." --as bob)" = \
	"$REF2 rejected" ]
sendout
step 1
check "the reporter is told the rejection stands, with reasons" eval '\
	has "$(last_to jane@brand.example)" "we upheld our decision" && \
	has "$(last_to jane@brand.example)" "The registration is another company'\''s."'

# 5b. Another rejected report: the reporter's complaint is reversed, the
# report is taken up again and the listing can then be removed.
rejected_complaint 3 lstd0004 "No registration shown." \
	"The registration is attached to our first report: US 5551234."
REF3=$RREF
k=$(last_to jane@brand.example)
check "the second complaint is acknowledged with its answer date" eval '\
	has "$k" "We received your complaint" && has "$k" "by $due"'
check "the rejected case is on complaint ($REF3)" [ "$(status "$REF3")" = complaint ]
check "carol, who rejected it, may not decide it" eval '! rgq cases complaint "$REF3" reverse --reason x --as carol'
check "bob reverses it: the report is accepted again" [ "$(rg cases complaint "$REF3" reverse \
	--reason "US 5551234 is Acme's registration." --as bob)" = "$REF3 accepted" ]
check "its listing is reported again, the case unflagged" [ "$(tracks "$REF3") $(rg cases show "$REF3" --json | js 'L[0]["needs_staff"]')" = \
	"lstd0004:reported False" ]
sendout
step 1
k=$(last_to jane@brand.example)
check "the reporter is told its report is taken up again, with reasons" eval '\
	has "$k" "we reversed our decision" && has "$k" "Your report is taken up again" && \
	has "$k" "US 5551234 is Acme'\''s registration." && ! has "$k" "out-of-court"'
check "the complaint's outcome is kept" [ "$(rg cases show "$REF3" --json | \
	js '" ".join(c["party"]+":"+c["decision"]+":"+c["decided_by"]+">"+c["outcome_by"]+":"+c["outcome"] for c in L[0]["complaints"])')" = \
	"reporter:rejected:carol>bob:reverse" ]
check "carol may now remove the listing" [ "$(rg cases act "$REF3" removal --reason "Counterfeit." --as carol)" = \
	"$REF3 action_taken" ]
sendout
step 2
check "the removal goes to vendor B and the reporter" step_is 2 b@shop-b.example jane@brand.example

# 6. Own initiative: a case with no reporter on vendor A's listing.
rg cases open --listing lstc0003 --ground terms --clause malware \
	--explanation "The installer downloads an unsigned binary." --as alice > "$T/out" 2>&1
OWN=$(cut -d' ' -f1 "$T/out")
check "cases open files a case ready for review ($OWN)" [ "$(cut -d' ' -f2 "$T/out")" = ready_for_review ]
check "its source is voluntary, its clause malware" [ "$(rg cases show "$OWN" --json | js 'L[0]["source_type"]+" "+L[0]["clause"]')" = \
	"voluntary malware" ]
check "a listing the directory does not know needs --vendor" eval '! rgq cases open --listing lstx0009 --ground terms \
	--clause breach --explanation x --as alice'
check "with --vendor it is filed" rgq cases open --listing lstx0009 --ground terms --clause breach \
	--explanation "Breach of clause 4." --vendor x@shop-x.example --as alice
check "a clause that is not one is refused" eval '! rgq cases open --listing lsta0001 --ground terms \
	--clause whatever --explanation x --as alice'
rgq cases act "$OWN" removal --reason "Malware." --as alice
sendout
step 1
check "the removal goes to vendor A only (no reporter)" step_is 1 a@shop-a.example
do=$(last_to a@shop-a.example)
check "its statement of reasons: own initiative, the configured clause, the explanation" eval '\
	has "$do" "taken on our own initiative, not on a notice" && \
	has "$do" "clause 7.3 (no software that downloads unsigned code)" && \
	has "$do" "The installer downloads an unsigned binary." && ! has "$do" "notice received on"'
check "sor export: the own-initiative removal is SOURCE_VOLUNTARY on the contractual ground" [ "$(rg sor export | \
	js '" ".join(s["decision_ground"]+":"+s["incompatible_content_illegal"]+":"+s["decision_visibility"][0] for s in L if s["source_type"] == "SOURCE_VOLUNTARY")')" = \
	"DECISION_GROUND_INCOMPATIBLE_CONTENT:No:DECISION_VISIBILITY_CONTENT_REMOVED" ]
mk "$T/co.eml" --from "$SHOPA" --subject "Re: $(g "$do" subject)" \
	--in-reply-to "$(g "$do" id | tr -d '<>')" --message-id c-own@shop-a.example \
	--body "The binary is signed; please check again."
deliver "$T/co.eml"
step 1
check "vendor A's complaint on the own-initiative case" [ "$(status "$OWN") $(tracks "$OWN")" = "complaint lstc0003:complaint" ]
# complaints_report: the complaints of the transparency report over
# yesterday..tomorrow (UTC) as "filed upheld reversed pending"
complaints_report() {
	rg report --from "$(date -u -d yesterday +%Y-%m-%d)" --to "$(date -u -d tomorrow +%Y-%m-%d)" --json |
		js '" ".join(str(L[0]["complaints"][k]) for k in ("filed", "upheld", "reversed", "pending"))'
}
check "the report counts 4 complaints: 1 upheld, 2 reversed, 1 pending" [ "$(complaints_report)" = "4 1 2 1" ]
check "dave upholds it" [ "$(rg cases complaint "$OWN" uphold --reason "The binary is unsigned." --as dave)" = \
	"$OWN action_taken" ]
sendout
step 1
check "vendor A is told its complaint was rejected" has "$(last_to a@shop-a.example)" "we upheld our decision"
check "then the report counts 2 upheld, none pending" [ "$(complaints_report)" = "4 2 2 0" ]
check "and the two own-initiative cases as voluntary notices" [ "$(rg report --from "$(date -u -d yesterday +%Y-%m-%d)" \
	--to "$(date -u -d tomorrow +%Y-%m-%d)" --json | js 'L[0]["notices_by_source"]["voluntary"]')" = 2 ]

# 7. A complaint against an account suspension (a decision on no
# listing): the case is on complaint; lifting the suspension this way is
# refused, another account upholds it.
OWNX=$(rg cases list --json | js '[c["ref"] for c in L if "lstx0009" in c["listings"]][0]')
check "alice suspends vendor X's account ($OWNX)" [ "$(rg cases act "$OWNX" suspension --vendor x@shop-x.example \
	--until 2027-06-30 --reason "Breach." --as alice)" = "$OWNX action_taken" ]
sendout
step 1
dx=$(last_to x@shop-x.example)
mk "$T/cx.eml" --from 'Shop X <x@shop-x.example>' --subject "Re: $(g "$dx" subject)" \
	--in-reply-to "$(g "$dx" id | tr -d '<>')" --message-id c-x@shop-x.example \
	--body "We fixed the listing; please lift the suspension."
deliver "$T/cx.eml"
step 1
check "vendor X's complaint is acknowledged, the case on complaint" eval '\
	has "$(last_to x@shop-x.example)" "We received your complaint" && [ "$(status "$OWNX")" = complaint ]'
check "the complaint concerns the whole case, decided by alice" [ "$(rg cases show "$OWNX" --json | \
	js '" ".join(str(c["listing"])+":"+c["party"]+":"+c["decided_by"] for c in L[0]["complaints"])')" = "None:vendor:alice" ]
check "alice may not decide it" eval '! rgq cases complaint "$OWNX" uphold --reason x --as alice'
check "lifting the suspension by a complaint is refused" eval '! rgq cases complaint "$OWNX" reverse --reason x --as bob'
check "bob upholds it" [ "$(rg cases complaint "$OWNX" uphold --reason "The breach stands." --as bob)" = \
	"$OWNX action_taken" ]
sendout
step 1
check "vendor X is told the suspension stands, with reasons" eval '\
	has "$(last_to x@shop-x.example)" "we upheld our decision" && has "$(last_to x@shop-x.example)" "The breach stands."'
echo "1..$n"
[ "$fails" -eq 0 ]
