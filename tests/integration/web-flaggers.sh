#!/bin/sh
# tests/integration/web-flaggers.sh - misuse handled from the staff
# console (docs/WORKFLOW.md "Notice sources, misuse and repeat
# infringers"), through curl against `reportgate serve` on a store filled
# by `reportgate ingest`: a decider rejects a reporter's notice as
# manifestly unfounded (a reviewer may not; a reason is required), the
# reporter is warned, then suspended; its next report is filed held, its
# page says so and offers only release, close and note; a decision is
# refused until a decider releases it; the events read as sentences; the
# facts panel shows the reporter's standing and a vendor that is a repeat
# infringer. A report after `suspend_days` is no longer held. TAP; needs
# curl and sqlite3.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
PY=/usr/bin/python3
. "$srcdir/tests/integration/web-lib.sh"
web_need curl sqlite3
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-webflag-XXXXXX")
trap web_cleanup EXIT
trap 'exit 1' INT TERM
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
[smtp]
url = smtp://127.0.0.1:9
from = IP Reports <ip-reports@gw.example.net>
[web]
decisions = true
[dsa]
unfounded_warn = 1
unfounded_suspend = 2
unfounded_window_days = 30
suspend_days = 2
repeat_threshold = 2
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
q() { sqlite3 "$T/rg.db" "$1"; }
NOW=$(date -u +%s)
DAY=86400
# file N [SECONDS [FROM [LISTING]]]: ingests complete report N from FROM
# (default noisy@spam.example) on LISTING (default nz00000N) at now +
# SECONDS by the test clock, and prints its reference.
file() {
	nrep=$1
	"$PY" "$srcdir/tests/integration/mkmail.py" \
		--from "${3:-Noisy Person <noisy@spam.example>}" \
		--subject "Trademark infringement $nrep" --attach passport.pdf \
		--message-id "n$nrep@spam.example" --body "Relationship: rights holder
Rights holder: Noisy Ltd
IP type: trademark
Registration number: US 1234567
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=1234567
Infringing listings:
https://marketplace.alibabacloud.com/products/1/${4:-nz00000$nrep}.html" > "$T/n$nrep.eml"
	RG_NOW=$((NOW + ${2:-0})) "$REPORTGATE" ingest "$T/n$nrep.eml" \
		>/dev/null 2>>"$T/log"
	q "SELECT ref FROM cases ORDER BY id DESC LIMIT 1"
}
held() { q "SELECT held FROM cases WHERE ref = '$1'"; }
N1=$(file 1)
printf 'decider-pass\n' | "$REPORTGATE" users add dana --role decider >/dev/null 2>>"$T/log"
printf 'reviewer-pass\n' | "$REPORTGATE" users add rita --role reviewer >/dev/null 2>>"$T/log"

start_serve "$T/serve.log"
has() { grep -qF -- "$1" "$T/body"; }
hasnt() { ! grep -qF -- "$1" "$T/body"; }
signin "$T/dana" dana decider-pass
signin "$T/rita" rita reviewer-pass
# post JAR REF ACTION [curl args]: a decision from the case page
post() {
	jar=$1 ref=$2 act=$3
	shift 3
	get "$jar" "/case/$ref" >/dev/null
	tok=$(form_token)
	get "$jar" "/case/$ref/action" -H "Origin: $U" -d "token=$tok" \
		-d "action=$act" "$@"
}

# 1. Reject as manifestly unfounded: a decider's form, a reason needed.
get "$T/rita" "/case/$N1" >/dev/null
check "a reviewer is offered no unfounded rejection" hasnt 'value="reject-unfounded"'
code=$(post "$T/rita" "$N1" reject-unfounded --data-urlencode "reason=x")
check "a reviewer's unfounded rejection: 403" [ "$code" = 403 ]
get "$T/dana" "/case/$N1" >/dev/null
check "a decider is offered it" has '<legend>Reject as manifestly unfounded</legend>'
st() { q "SELECT coalesce(unfounded_at, '-') || '|' || status || '|' || held FROM cases WHERE ref = '$1'"; }
before=$(st "$N1")
code=$(post "$T/dana" "$N1" reject-unfounded)
check "without a reason: 400, nothing changed" sh -c '[ "$1" = 400 ] && grep -qF "A reason is required." "$2" && [ "$3" = "$4" ]' \
	_ "$code" "$T/body" "$(st "$N1")" "$before"
code=$(post "$T/dana" "$N1" reject-unfounded --data-urlencode "reason=No right of the reporter is named.")
check "a decider's unfounded rejection: 303" [ "$code" = 303 ]
check "the case is rejected and marked unfounded" [ "$(q "SELECT status, unfounded_at IS NOT NULL FROM cases WHERE ref = '$N1'")" = "rejected|1" ]
check "the events: case.unfounded by web:dana, the reporter warned" \
	[ "$(q "SELECT group_concat(type || ':' || coalesce(actor, ''), ' ') FROM (SELECT e.type, e.actor FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref = '$N1' AND e.type IN ('case.unfounded', 'reporter.warned') ORDER BY e.id)")" = \
	"case.unfounded:web:dana reporter.warned:web:dana" ]
check "the warning mail is queued to the reporter" \
	[ "$(q "SELECT count(*) FROM outbox o JOIN outbox_recipients r ON r.outbox_id = o.id WHERE o.kind = 'reporter_warning' AND r.address = 'noisy@spam.example'")" = 1 ]
get "$T/dana" "/case/$N1" >/dev/null
check "the page reads: dana found the notice manifestly unfounded" has '<strong>dana</strong> found the notice manifestly unfounded'
check "the page reads: the reporter was warned" has 'The reporter was warned by mail: 1 unfounded notices in 30 days'
check "the facts: the reporter's standing, warned" sh -c 'grep -q "<dt>Reporter.s standing</dt><dd class=\"miss\">1 manifestly unfounded notice in the last 30 days; warned 20[0-9-]* [0-9:]*Z</dd>" "$1"' _ "$T/body"

# 2. The second suspends the reporter; the third report is held.
N2=$(file 2 60)
code=$(post "$T/dana" "$N2" reject-unfounded --data-urlencode "reason=Again no right is named.")
check "the second unfounded rejection: 303, the reporter suspended" sh -c '[ "$1" = 303 ] && [ "$2" = 1 ]' \
	_ "$code" "$(q "SELECT count(*) FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref = '$N2' AND e.type = 'reporter.suspended'")"
get "$T/dana" "/case/$N2" >/dev/null
check "the page reads: suspended until, new reports held" sh -c 'grep -q "The reporter was suspended until 20[0-9-]*T[0-9:]*Z: 2 unfounded notices in 30 days; their new reports are held" "$1"' _ "$T/body"
N3=$(file 3 120)
check "the third report is filed held" [ "$(held "$N3")" = 1 ]
get "$T/dana" "/case/$N3" >/dev/null
check "its page: the held badge and why" sh -c 'grep -qF "<span class=\"tag warn\">held</span>" "$1" && grep -qF "<strong>Held:</strong> its reporter is suspended" "$1"' _ "$T/body"
check "its page: the filing held, as a sentence" has 'The report was filed held: <q>'
check "the facts: 2 unfounded notices, suspended until" sh -c 'grep -q "2 manifestly unfounded notices in the last 30 days; warned [^;]*; suspended until 20[0-9-]* [0-9:]*Z: new reports are held</dd>" "$1"' _ "$T/body"
check "its page offers release, close and note only" sh -c 'grep -qF "value=\"release\"" "$1" && grep -qF "value=\"note\"" "$1" &&
	! grep -qE "value=\"(accept|reject|reject-unfounded|act|request-info|request-evidence)\"" "$1"' _ "$T/body"
get "$T/rita" "/case/$N3" >/dev/null
check "a reviewer sees why, but no release form" sh -c 'grep -qF "<strong>Held:</strong>" "$1" && ! grep -qF "value=\"release\"" "$1"' _ "$T/body"
before=$(st "$N3")
code=$(post "$T/dana" "$N3" reject --data-urlencode "reason=looks wrong")
check "a decision on the held case: 409, says release it first, nothing changed" sh -c '[ "$1" = 409 ] && grep -qF "release it first" "$2" && [ "$3" = "$4" ]' \
	_ "$code" "$T/body" "$(st "$N3")" "$before"

# 3. Release: a decider's, with a reason; then decided as any other.
code=$(post "$T/rita" "$N3" release --data-urlencode "reason=x")
check "a reviewer's release: 403, still held" sh -c '[ "$1" = 403 ] && [ "$2" = 1 ]' _ "$code" "$(held "$N3")"
code=$(post "$T/dana" "$N3" release)
check "a release without a reason: 400, still held" sh -c '[ "$1" = 400 ] && [ "$2" = 1 ]' _ "$code" "$(held "$N3")"
code=$(post "$T/dana" "$N3" release --data-urlencode "reason=Reviewed: a real notice.")
check "the decider's release: 303, no longer held" sh -c '[ "$1" = 303 ] && [ "$2" = 0 ]' _ "$code" "$(held "$N3")"
check "event case.released by web:dana" [ "$(q "SELECT e.actor FROM events e JOIN cases c ON c.id = e.case_id WHERE c.ref = '$N3' AND e.type = 'case.released'")" = web:dana ]
get "$T/dana" "/case/$N3" >/dev/null
check "the page reads: dana released the held report, and offers the decisions again" sh -c \
	'grep -qF "<strong>dana</strong> released the held report: <q>Reviewed: a real notice.</q>" "$1" && grep -qF "value=\"reject\"" "$1" && ! grep -qF "<strong>Held:</strong>" "$1"' _ "$T/body"
code=$(post "$T/dana" "$N3" release --data-urlencode "reason=again")
check "releasing it again: 409" [ "$code" = 409 ]
code=$(post "$T/dana" "$N3" reject --data-urlencode "reason=The identity proof is missing.")
check "the released case is decided as any other: rejected, 303" sh -c '[ "$1" = 303 ] && [ "$2" = rejected ]' _ "$code" "$(q "SELECT status FROM cases WHERE ref = '$N3'")"

# 4. A vendor whose removals reached repeat_threshold (2) carries the
#    badge in the facts of its cases; another vendor, and a reporter
#    with no unfounded notice, nothing.
printf 'listing_id,vendor_name,vendor_email,title\nrp000001,Repeat Shop,rep@shop.example,A\nrp000002,Repeat Shop,rep@shop.example,B\nrp000003,Repeat Shop,rep@shop.example,C\not000001,Other Shop,other@shop.example,D\n' > "$T/dir.csv"
"$REPORTGATE" listings import "$T/dir.csv" >/dev/null 2>>"$T/log"
JANE='Jane Roe <jane@brand.example>'
P1=$(file 11 0 "$JANE" rp000001)
P2=$(file 12 0 "$JANE" rp000002)
"$REPORTGATE" cases act "$P1" removal --reason "Counterfeit." --as alice >/dev/null 2>>"$T/log"
get "$T/dana" "/case/$P2" >/dev/null
check "one removal: no repeat infringer badge yet" hasnt 'repeat infringer</span>'
"$REPORTGATE" cases act "$P2" removal --reason "Counterfeit again." --as alice >/dev/null 2>>"$T/log"
P3=$(file 13 0 "$JANE" rp000003)
O1=$(file 14 0 "$JANE" ot000001)
get "$T/dana" "/case/$P3" >/dev/null
check "after two: the vendor's badge beside it in the facts" \
	has '<span class="muted">rep@shop.example</span> <span class="tag warn">repeat infringer</span></h4>'
check "a reporter without unfounded notices: no standing line" hasnt "Reporter's standing"
get "$T/dana" "/case/$O1" >/dev/null
check "another vendor's case: no badge" hasnt 'repeat infringer</span>'
stop_serve

# 5. The suspension lasts suspend_days (2): held a day later, not after.
N4=$(file 4 $((DAY + 200)))
N5=$(file 5 $((2 * DAY + 300)))
check "a report a day later is held, one after suspend_days is not" [ "$(held "$N4") $(held "$N5")" = "1 0" ]

echo "1..$n"
[ $fails -eq 0 ]
