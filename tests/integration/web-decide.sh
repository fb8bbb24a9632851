#!/bin/sh
# tests/integration/web-decide.sh - the per-listing and per-vendor
# decisions of the console's case page (docs/WORKFLOW.md "Per-listing
# tracks"), through curl against a real `reportgate serve`: one report
# names a listing of each of two vendors; the page shows the listings
# grouped per vendor with their tracks and offers the forms their tracks
# allow; a notice for one listing, the removal of one listing, an account
# action on one vendor, an evidence request to one vendor, closing it,
# clearing the needs-staff flag and correcting the rights each post with
# the form token and the role, run the workflow the CLI runs (the tracks,
# events and outbox rows say so), and the text of each mail queued is on
# the page, escaped. A removal and an account action carry the statement
# of reasons' ground, explanation and end date as `cases act` --ground,
# --explanation and --until do (docs/WORKFLOW.md "Statements of
# reasons"). Vendor B's reply to its decision is a complaint: its listing
# offers only the complaint's decision, taken by another account than the
# one that decided (docs/WORKFLOW.md "Complaints"). TAP; needs curl,
# python3 and sqlite3.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
for tool in curl sqlite3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed"
		exit 0
	fi
done
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-decide-XXXXXX")
. "$srcdir/tests/integration/web-lib.sh"
trap web_cleanup EXIT
trap 'exit 1' INT TERM
# Mails are queued, never sent: nothing listens on port 9 and only `run`
# would send them.
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
[web]
decisions = true
[smtp]
url = smtp://127.0.0.1:9
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
[intake]
gateway_addresses = ip-reports@gw.example.net
message_id_host = gw.example.net
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
q() { sqlite3 "$T/rg.db" "$1"; }
URLA=https://marketplace.alibabacloud.com/products/1/lsta0001.html
URLB=https://marketplace.alibabacloud.com/products/1/lstb0002.html
printf 'listing_id,vendor_name,vendor_email,title\nlsta0001,Shop A,a@shop-a.example,A\nlstb0002,Shop <B>,b@shop-b.example,B\n' > "$T/dir.csv"
"$REPORTGATE" listings import "$T/dir.csv" >/dev/null 2>>"$T/log"
"$PY" "$srcdir/tests/integration/mkmail.py" --from 'Jane Roe <jane@brand.example>' \
	--subject "Trademark infringement: two shops" --message-id d-report@brand.example \
	--attach passport.pdf --body "Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Jurisdiction: US
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
$URLA
$URLB" > "$T/r.eml"
"$REPORTGATE" ingest "$T/r.eml" >/dev/null 2>>"$T/log"
REF=$(q "SELECT ref FROM cases")
CID=$(q "SELECT id FROM cases")
printf 'decider-pass\n' | "$REPORTGATE" users add dana --role decider >/dev/null 2>>"$T/log"
printf 'reviewer-pass\n' | "$REPORTGATE" users add rita --role reviewer >/dev/null 2>>"$T/log"
printf 'viewer-pass\n' | "$REPORTGATE" users add vic --role viewer >/dev/null 2>>"$T/log"
printf 'decider-pass2\n' | "$REPORTGATE" users add dora --role decider >/dev/null 2>>"$T/log"
track() { q "SELECT track FROM case_listings WHERE case_id = $CID AND listing_id = '$1'"; }
check "filed ready for review, both listings reported" \
	[ "$(q "SELECT status FROM cases") $(track lsta0001) $(track lstb0002)" = "ready_for_review reported reported" ]

start_serve "$T/serve.log"
hasnt() { ! grep -q -- "$1" "$T/body"; }
post() {	# post JAR [curl args]: a decision with the jar's own form token
	jar=$1
	shift
	get "$jar" "/case/$REF" >/dev/null
	t=$(token)
	get "$jar" "/case/$REF/action" -H "Origin: $U" -d "token=$t" "$@"
}
events() { q "SELECT count(*) FROM events WHERE case_id = $CID AND type = '$1' AND actor = '$2'"; }
mails() { q "SELECT count(*) FROM outbox WHERE case_id = $CID AND kind = '$1'"; }
to_of() { q "SELECT group_concat(address, ' ') FROM outbox_recipients r JOIN outbox o ON o.id = r.outbox_id WHERE o.case_id = $CID AND o.kind = '$1' ORDER BY o.id"; }
signin "$T/dana" dana decider-pass
signin "$T/rita" rita reviewer-pass
signin "$T/vic" vic viewer-pass

# ---- the page: listings per vendor, tracks, forms ----
code=$(get "$T/dana" "/case/$REF")
check "case page: 200" [ "$code" = 200 ]
check "vendor A's group names its listing with its track" \
	has '<h4>Shop A <span class="muted">a@shop-a.example</span></h4><ul class="listings"><li id="l-lsta0001"><strong>lsta0001</strong> <span class="tag tr-reported" title="track">reported</span>'
check "a vendor's name from the directory is escaped" has '<h4>Shop &lt;B&gt; <span class="muted">b@shop-b.example</span>'
check "an evidence-request section, empty" has '<h3 id="ev-h">Evidence requests</h3><p class="muted">none asked</p>'
check "per listing: a form for lsta0001" has '<legend>Listing lsta0001 (reported)</legend>'
check "per vendor: the listings of B, checked" has 'name="listing" value="lstb0002" checked'
check "per vendor: an account action form" has '<legend>The account of a@shop-a.example</legend>'
check "the restriction forms ask for the statement of reasons: ground (illegal by default on the IP stream), explanation, end date" \
	sh -c 'grep -q "<select name=\"ground\"><option value=\"illegal\" selected>" "$1" && grep -q "name=\"explanation\"" "$1" && grep -q "<input type=\"date\" name=\"until\">" "$1"' _ "$T/body"
check "per vendor: an evidence request form" has '<legend>Request evidence from b@shop-b.example</legend>'
check "a reported listing can be notified, not reinstated twice" \
	sh -c 'grep -q "<option value=\"notify\">" "$1"' _ "$T/body"
check "the rights form holds the rights claimed" has '<textarea name="rights" rows="4" maxlength="4000">trademark:US:US 5551234'
code=$(get "$T/vic" "/case/$REF")
check "a viewer sees the tracks but no per-listing form" sh -c 'grep -q "tr-reported" "$1" && ! grep -q "value=\"listing\"" "$1" && ! grep -q "name=\"rights\"" "$1"' _ "$T/body"
code=$(get "$T/rita" "/case/$REF")
check "a reviewer gets the evidence request and rights forms, not the listing decisions" sh -c 'grep -q "Request evidence from b@shop-b.example" "$1" && grep -q "name=\"rights\"" "$1" && ! grep -q "value=\"listing\"" "$1"' _ "$T/body"

# ---- guards ----
code=$(get "$T/dana" "/case/$REF/action" -H "Origin: $U" -d action=listing -d what=notify -d listing=lsta0001)
check "a listing decision without the form token: 403" [ "$code" = 403 ]
code=$(post "$T/rita" -d action=listing -d what=notify -d listing=lsta0001)
check "a reviewer's listing decision: 403" [ "$code" = 403 ]
code=$(post "$T/vic" -d action=unflag -d reason=x)
check "a viewer's unflag: 403" [ "$code" = 403 ]
code=$(post "$T/dana" -d action=listing -d what=removal -d listing=lsta0001)
check "removal without a reason: 400" [ "$code" = 400 ]
code=$(post "$T/dana" -d action=listing -d what=notify -d listing=nosuch99)
check "a listing not on the case: 409, refused, nothing moved" sh -c '[ "$1" = 409 ] && grep -q "role=\"alert\"" "$2"' _ "$code" "$T/body"
check "nothing moved" [ "$(q "SELECT status FROM cases") $(track lsta0001)" = "ready_for_review reported" ]

# ---- per listing: notify A's listing only ----
code=$(post "$T/dana" -d action=listing -d what=notify -d listing=lsta0001 --data-urlencode "reason=registration checked")
check "notify lsta0001: 303" [ "$code" = 303 ]
check "lsta0001 notified, lstb0002 still reported" [ "$(track lsta0001) $(track lstb0002)" = "notified reported" ]
check "one vendor notice, to vendor A only" [ "$(mails vendor_notice) $(to_of vendor_notice)" = "1 a@shop-a.example" ]
get "$T/dana" "/case/$REF" >/dev/null
check "the page shows the new track" has '<strong>lsta0001</strong> <span class="tag tr-notified" title="track">notified</span>'
OID=$(q "SELECT id FROM outbox WHERE case_id = $CID AND kind = 'vendor_notice'")
check "the notice's text is on the page" sh -c 'grep -q "<article class=\"msg staff\" id=\"o$1\">" "$2" && grep -q "<summary>The text sent</summary>" "$2" && grep -q "$3" "$2"' _ "$OID" "$T/body" "$URLA"
check "the text of the mail is escaped (the vendor name Shop <B> never raw)" hasnt 'Shop <B>'

# ---- per vendor: the listings of B checked, removal ----
code=$(post "$T/dana" -d action=listing -d what=removal -d listing=lstb0002 -d ground=spam --data-urlencode "reason=counterfeit logo")
check "a ground that is none: 400" [ "$code" = 400 ]
code=$(post "$T/dana" -d action=listing -d what=removal -d listing=lstb0002 -d until=2030-06-30 --data-urlencode "reason=counterfeit logo")
check "a removal with an end date: 400" [ "$code" = 400 ]
check "neither moved the listing nor wrote a statement" [ "$(track lstb0002) $(q "SELECT count(*) FROM statements")" = "reported 0" ]
code=$(post "$T/dana" -d action=listing -d what=removal -d listing=lstb0002 -d ground=terms --data-urlencode "explanation=Listings of copies bearing the <Acme> logo breach clause 4." --data-urlencode "reason=counterfeit logo")
check "remove lstb0002: 303" [ "$code" = 303 ]
check "its statement of reasons: the ground and explanation posted, by web:dana" \
	[ "$(q "SELECT ground || '|' || explanation || '|' || decided_by || '|' || listing_id FROM statements WHERE case_id = $CID AND restriction = 'removal'")" = "terms|Listings of copies bearing the <Acme> logo breach clause 4.|web:dana|lstb0002" ]
check "lstb0002 removed, lsta0001 still notified" [ "$(track lsta0001) $(track lstb0002)" = "notified removed" ]
check "the removal is a listing.track event by web:dana" [ "$(events listing.track web:dana)" -ge 1 ]
check "decision mails: the reporter and vendor B, not A" [ "$(to_of decision)" = "jane@brand.example b@shop-b.example" ]
code=$(post "$T/dana" -d action=listing -d what=removal -d listing=lstb0002 --data-urlencode "reason=again")
check "removing a removed listing: 409 with the workflow's sentence" sh -c '[ "$1" = 409 ] && grep -q "already removed" "$2"' _ "$code" "$T/body"

# ---- per vendor: account action, evidence request ----
code=$(post "$T/dana" -d action=act -d what=termination -d vendor=a@shop-a.example -d until=2030-06-30 --data-urlencode "reason=repeat infringer")
check "a termination with an end date: 400" [ "$code" = 400 ]
code=$(post "$T/dana" -d action=act -d what=suspension -d vendor=a@shop-a.example -d until=2030-02-30 --data-urlencode "reason=repeat infringer")
check "an end date that is no day: 400" [ "$code" = 400 ]
code=$(post "$T/dana" -d action=act -d what=suspension -d vendor=a@shop-a.example -d until=2020-06-30 --data-urlencode "reason=repeat infringer")
check "an end date in the past: 409 with the workflow's sentence" sh -c '[ "$1" = 409 ] && grep -q "in the future" "$2"' _ "$code" "$T/body"
check "no account action recorded" [ "$(q "SELECT count(*) FROM vendor_actions") $(q "SELECT count(*) FROM statements")" = "0 1" ]
code=$(post "$T/dana" -d action=act -d what=suspension -d vendor=a@shop-a.example -d ground= -d until=2030-06-30 --data-urlencode "explanation=" --data-urlencode "reason=repeat infringer")
check "suspend vendor A's account: 303" [ "$code" = 303 ]
check "its statement: the default ground (illegal), the reason as explanation, until the end of 2030-06-30" \
	[ "$(q "SELECT ground || '|' || explanation || '|' || until || '|' || vendor_email FROM statements WHERE case_id = $CID AND restriction = 'suspension'")" = "illegal|repeat infringer|$(date -u -d '2030-06-30 23:59:59' +%s)|a@shop-a.example" ]
"$REPORTGATE" sor export > "$T/sor.jsonl" 2>>"$T/log"
check "sor export: the suspension ends 2030-06-30, the removal is incompatible with the terms, as the CLI's would" \
	sh -c 'grep -q "\"decision_account\":\"DECISION_ACCOUNT_SUSPENDED\".*\"end_date_account_restriction\":\"2030-06-30\"" "$1" && grep -q "\"DECISION_GROUND_INCOMPATIBLE_CONTENT\".*\"incompatible_content_explanation\":\"Listings of copies bearing the <Acme> logo breach clause 4.\"" "$1"' _ "$T/sor.jsonl"
check "recorded on vendor A" [ "$(q "SELECT vendor_email || ' ' || action || ' ' || actor FROM vendor_actions WHERE case_id = $CID")" = "a@shop-a.example suspension web:dana" ]
get "$T/dana" "/case/$REF" >/dev/null
check "the page lists it under vendor A" has 'Account action: <strong>suspension</strong> by web:dana'
check "the account action, the last decision, is a sentence in the events" has '<strong>dana</strong> took action <span class="muted">(vendor_notified &rarr; action_taken)</span>'
check "the vendors' notice is a sentence in the events" has '<strong>reportgate</strong> notified the vendors'
check "the listing's move is a sentence in the events" has 'Listing <strong>lstb0002</strong>: remove &rarr; <strong>removed</strong> (by dana)'
code=$(post "$T/rita" -d action=request-evidence -d party=vendor -d vendor=b@shop-b.example -d days=5 --data-urlencode "text=A copy of your <licence>, please.")
check "a reviewer asks vendor B for evidence: 303" [ "$code" = 303 ]
check "one request, to vendor B only" [ "$(q "SELECT party FROM evidence_requests WHERE case_id = $CID")" = b@shop-b.example ]
get "$T/rita" "/case/$REF" >/dev/null
RID=$(q "SELECT id FROM evidence_requests WHERE case_id = $CID")
check "the section shows it open, with its deadline and escaped text" sh -c 'grep -q "<li class=\"ev-open\"><span class=\"tag ev-open\">open</span> #$1 from <strong>b@shop-b.example</strong> (vendor)" "$2" && grep -q "A copy of your &lt;licence&gt;, please." "$2"' _ "$RID" "$T/body"
check "and offers to close it" has "<option value=\"$RID\">#$RID b@shop-b.example (vendor)"
code=$(post "$T/rita" -d action=close-request -d request=$RID)
check "close-request: 303" [ "$code" = 303 ]
get "$T/rita" "/case/$REF" >/dev/null
check "the request shows closed" has '<span class="tag ev-closed">closed</span>'
code=$(post "$T/rita" -d action=close-request -d request=$RID)
check "closing it again: 409" [ "$code" = 409 ]
q "UPDATE evidence_requests SET closed_at = NULL, closed_why = NULL, deadline = 1000 WHERE id = $RID"
get "$T/rita" "/case/$REF" >/dev/null
check "a request past its deadline shows overdue" has '<span class="tag ev-overdue">overdue</span>'

# ---- the flag ----
q "UPDATE cases SET needs_staff = 1 WHERE id = $CID"
get "$T/rita" "/case/$REF" >/dev/null
check "a flagged case offers to clear the flag" has '<legend>Clear the needs-staff flag</legend>'
code=$(post "$T/rita" -d action=unflag)
check "unflag without a reason: 400" [ "$code" = 400 ]
code=$(post "$T/rita" -d action=unflag --data-urlencode "reason=spoke to the reporter")
check "unflag with a reason: 303, flag cleared" sh -c '[ "$1" = 303 ] && [ "$2" = 0 ]' _ "$code" "$(q "SELECT needs_staff FROM cases")"
check "the event names rita" [ "$(q "SELECT count(*) FROM events WHERE case_id = $CID AND actor = 'web:rita' AND detail LIKE '%spoke to the reporter%'")" = 1 ]

# ---- the rights ----
code=$(post "$T/rita" -d action=set --data-urlencode "rights=trademark:US:US 5551234
copyright:CN:2026-A-1")
check "correct the rights: 303" [ "$code" = 303 ]
check "two rights now" [ "$(q "SELECT count(*) FROM case_rights WHERE case_id = $CID")" = 2 ]
check "one case.set event by web:rita" [ "$(events case.set web:rita)" = 1 ]
get "$T/rita" "/case/$REF" >/dev/null
check "the facts show the new right" has 'copyright 2026-A-1 CN'
check "the events say who corrected the rights and how" has '<strong>rita</strong> corrected rights from <q>trademark:US:US 5551234</q> to <q>trademark:US:US 5551234, copyright:CN:2026-A-1</q>'
check "the events say who cleared the flag and why" has '<strong>rita</strong> cleared the needs-staff flag: <q>spoke to the reporter</q>'
check "the events say who closed the request" has "<strong>rita</strong> closed evidence request #$RID (staff)"
code=$(post "$T/rita" -d action=set --data-urlencode "rights=trademark:US:US 5551234
copyright:CN:2026-A-1")
check "sent back unchanged: 400, no new event" sh -c '[ "$1" = 400 ] && [ "$2" = 1 ]' _ "$code" "$(events case.set web:rita)"
code=$(post "$T/rita" -d action=set --data-urlencode "rights=no colons here")
check "a malformed right: 409 with the workflow's sentence" sh -c '[ "$1" = 409 ] && grep -q "TYPE:JURISDICTION:NUMBER" "$2"' _ "$code" "$T/body"

# ---- a complaint: vendor B replies to its decision mail ----
DID=$(q "SELECT o.message_id FROM outbox o JOIN outbox_recipients r ON r.outbox_id = o.id WHERE o.case_id = $CID AND o.kind = 'decision' AND r.address = 'b@shop-b.example'" | tr -d '<>')
"$PY" "$srcdir/tests/integration/mkmail.py" --from 'Shop B <b@shop-b.example>' \
	--subject "Re: [$REF] Decision" --in-reply-to "$DID" --message-id c-complaint@shop-b.example \
	--body "We hold licence L-42 from Acme; please review this decision." > "$T/c.eml"
"$REPORTGATE" ingest "$T/c.eml" >/dev/null 2>>"$T/log"
check "vendor B's reply puts its listing on complaint" [ "$(track lstb0002)" = complaint ]
get "$T/dana" "/case/$REF" >/dev/null
check "the listing offers the complaint's decision, naming who decided" \
	sh -c 'grep -q "<legend>Listing lstb0002 (complaint): decide the complaint</legend>" "$1" && grep -q "one that decided (web:dana)" "$1" && grep -q "<option value=\"uphold\">" "$1"' _ "$T/body"
check "and no removal or reinstatement of it" hasnt '<legend>Listing lstb0002 (complaint)</legend>'
code=$(post "$T/rita" -d action=complaint -d what=uphold -d listing=lstb0002 --data-urlencode "reason=x")
check "a reviewer's complaint decision: 403" [ "$code" = 403 ]
code=$(post "$T/dana" -d action=complaint -d what=sideways -d listing=lstb0002 --data-urlencode "reason=x")
check "an outcome that is none: 400" [ "$code" = 400 ]
code=$(post "$T/dana" -d action=complaint -d what=uphold -d listing=lstb0002 --data-urlencode "reason=still no licence")
check "dana decided the removal: 409 with the workflow's sentence, nothing moved" \
	sh -c '[ "$1" = 409 ] && grep -q "took the decision complained of" "$2" && [ "$3" = complaint ]' _ "$code" "$T/body" "$(track lstb0002)"
signin "$T/dora" dora decider-pass2
code=$(post "$T/dora" -d action=complaint -d what=reverse -d listing=lstb0002 --data-urlencode "reason=licence L-42 checked")
check "dora reverses it: 303, the listing reinstated" sh -c '[ "$1" = 303 ] && [ "$2" = reinstated ]' _ "$code" "$(track lstb0002)"
check "the complaint's outcome names web:dora" \
	[ "$(q "SELECT outcome || ' ' || outcome_by FROM complaints WHERE case_id = $CID")" = "reverse web:dora" ]
check "the complainant is told: a complaint_decided mail to vendor B" [ "$(to_of complaint_decided)" = b@shop-b.example ]
stop_serve

echo "1..$n"
[ $fails -eq 0 ]
