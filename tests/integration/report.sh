#!/bin/bash
# tests/integration/report.sh - `reportgate report` (docs/SPEC.md §8) over
# a story whose every time the test sets with the test clock RG_NOW:
# reports filed on both streams, their acknowledgements delivered to a
# real SMTP receiver (smtp-server.sh), a counter-notice rejected, a
# removal, account actions per vendor and on a case without listings, a
# rejection, a case filed before the period and acted on inside it;
# later a reporter's unfounded notices and its held one, and a trusted
# flagger's notice; repeat infringers from [dsa] repeat_threshold. The
# JSON's counts and its median / 90th-percentile times must be the ones
# the test computes from the times it set; the text and CSV forms say
# the same; bad dates are usage errors. TAP output. Needs
# python3-aiosmtpd, else skips.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
SRV=$srcdir/tests/integration/smtp-server.sh
MK=$srcdir/tests/integration/mkmail.py
PY=/usr/bin/python3
T0=1790000000		# 2026-09-21 14:13:20 UTC

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
[ -x "$PY" ] || skip_all "no $PY"
"$SRV" check || skip_all "python3-aiosmtpd not installed"
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-report-XXXXXX")
cleanup() {
	"$SRV" stop "$T/srv" >/dev/null 2>&1
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
read -r SMTP <<<"$(free_ports 1)"
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
"$SRV" start "$SMTP" "$T/srv" >/dev/null 2>"$T/srv.err" ||
	skip_all "smtp server did not start: $(head -c 200 "$T/srv.err")"
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[smtp]
url = smtp://127.0.0.1:$SMTP
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = true
timeout = 10

[intake]
gateway_addresses = ip-reports@gw.example.net
message_id_host = gw.example.net
trusted_authserv_id = mx.gw.example.net

[dsa]
trusted_flaggers = @flagger.example
unfounded_warn = 1
unfounded_suspend = 2
repeat_threshold = 1
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
rg() { "$REPORTGATE" "$@" 2>>"$T/log"; }
at() { local t=$1; shift; RG_NOW=$((T0 + t)) rg "$@"; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
# last_ref: the case filed last (each at its own RG_NOW second).
last_ref() { rg cases list --all --json | js 'max(L, key=lambda c: (c["created"], c["ref"]))["ref"]'; }

printf 'listing_id,vendor_name,vendor_email,title\n' > "$T/dir.csv"
for i in 1 2 3; do
	printf 'rpt%s,Shop %s,vendor%s@shop%s.example,Item %s\n' "$i" "$i" "$i" "$i" "$i" >> "$T/dir.csv"
done
rg listings import "$T/dir.csv" > /dev/null

# file SECONDS STREAM FROM LISTING: a complete IP report (or an abuse
# report) at T0 + SECONDS; prints its REF.
file() {
	if [ "$2" = ip ]; then
		"$PY" "$MK" --from "$3" --subject "Trademark infringement $4" \
			--attach passport.pdf --body "Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
https://marketplace.alibabacloud.com/products/1/$4.html" > "$T/r.eml"
	else
		"$PY" "$MK" --from "$3" --subject "Fraud: a scam seller" \
			--body "This seller runs a scam, phishing buyers for card numbers." > "$T/r.eml"
	fi
	at "$1" ingest --stream "$2" "$T/r.eml" > /dev/null
	last_ref
}
# gwid REF ADDR: the Message-ID of the last mail of REF sent to ADDR.
gwid() { rg cases show "$1" --json | js "([o['message_id'] for o in L[0]['outbox']
	if any(r.split()[0] == '$2' for r in o['recipients'])] or [''])[-1]"; }
# reply SECONDS FROM ADDR REF BODY: a reply to the last mail sent to ADDR.
reply() {
	"$PY" "$MK" --from "$2 <$3>" --subject "Re: [$4] case" --body "$5" \
		--in-reply-to "$(gwid "$4" "$3")" > "$T/m.eml"
	at "$1" ingest "$T/m.eml" > /dev/null
}

# E: filed two days before the period, its listing removed inside it.
E=$(file -172800 ip 'Ed <ed@e.example>' rpt3)
at -172000 cases accept "$E" > /dev/null
# The period's notices: A (IP, vendor), B (IP, no vendor), C (abuse),
# D (IP, never decided).
A=$(file 0 ip 'Ann <ann@a.example>' rpt1)
B=$(file 100 ip 'Bo <bo@b.example>' nolisting9)
C=$(file 200 abuse 'Cy <cy@c.example>' -)
D=$(file 300 ip 'Di <di@d.example>' rpt2)
# Every acknowledgement leaves at T0 + 600 (E's too, at its own time).
at -171000 send --once > /dev/null
at 600 send --once > /dev/null
at 1000 cases accept "$A" > /dev/null
at 1100 send --once > /dev/null
reply 2000 Shop vendor1@shop1.example "$A" "Counter-notice: we hold a licence for this product."
reply 3000 Ann ann@a.example "$A" "REJECT"
at 3600 cases act "$A" removal --reason "trademark infringement" > /dev/null
at 4000 cases act "$A" suspension --vendor vendor1@shop1.example --reason "repeat" > /dev/null
at 500 cases act "$E" removal --reason "trademark infringement" > /dev/null
at 7200 cases reject "$B" --reason "no rights shown" > /dev/null
at 86400 cases act "$C" suspension --reason "fraud" > /dev/null

rg report --from 2026-09-21 --to 2026-09-22 --json > "$T/r.json"
J() { js "$1" < "$T/r.json"; }
diag "$(cat "$T/r.json")"
check "schema and period" [ "$(J 'L[0]["schema"], L[0]["from"], L[0]["to"]')" = "('reportgate.report/1', '2026-09-21', '2026-09-22')" ]
check "four notices filed in the period (not E, filed before)" [ "$(J 'L[0]["notices"]')" = 4 ]
check "by stream: 3 ip, 1 abuse" [ "$(J 'L[0]["notices_by_stream"]')" = "{'ip': 3, 'abuse': 1}" ]
check "by category: 3 intellectual_property, 1 fraud" [ "$(J 'L[0]["notices_by_category"]')" = "{'fraud': 1, 'intellectual_property': 3}" ]
check "by source: 4 Art. 16 notices" [ "$(J 'L[0]["notices_by_source"]["article_16"]')" = 4 ]
check "outcomes: A and C restricted, B rejected, D pending" [ "$(J 'L[0]["outcomes"]')" = "{'restricted': 2, 'unfounded': 0, 'rejected': 1, 'no_action': 0, 'closed': 0, 'pending': 1}" ]
check "restrictions in the period: E's and A's removals, A's vendor and C suspended" [ "$(J 'L[0]["restrictions"]')" = "{'removal': 2, 'posting_restriction': 0, 'suspension': 2, 'termination': 0}" ]
check "counter-notices: one filed, one rejected" [ "$(J 'L[0]["counter_notices"]')" = "{'filed': 1, 'accepted': 0, 'rejected': 1}" ]
# acknowledgements at 600 of notices filed at 0, 100, 200, 300: 300..600;
# nearest rank: median the 2nd of 4, p90 the 4th.
check "time to acknowledgement: 4, median 400 s, p90 600 s" [ "$(J 'L[0]["time_to_acknowledgement"]')" = "{'count': 4, 'median_seconds': 400, 'p90_seconds': 600}" ]
# decisions: A 3600 - 0, B 7200 - 100, C 86400 - 200; D none.
check "time to decision: 3, median 7100 s, p90 86200 s" [ "$(J 'L[0]["time_to_decision"]')" = "{'count': 3, 'median_seconds': 7100, 'p90_seconds': 86200}" ]
# repeat_threshold 1: E's vendor at E's removal, A's at A's
check "no held notices; two vendors became repeat infringers" [ "$(J 'L[0]["held"], L[0]["repeat_infringers"]')" = "(0, 2)" ]

rg report --from 2026-09-19 --to 2026-09-19 --json > "$T/e.json"
# E's decision two days later still counts for the notice of that day.
check "the day E was filed: one notice, acknowledged in 1800 s, decided in 173300 s" \
	[ "$(js 'L[0]["notices"], L[0]["time_to_acknowledgement"]["median_seconds"], L[0]["time_to_decision"]["p90_seconds"]' < "$T/e.json")" = "(1, 1800, 173300)" ]
check "... and no repeat infringer that day" [ "$(js 'L[0]["repeat_infringers"]' < "$T/e.json")" = 0 ]

# Two weeks later: a reporter's two unfounded notices, so its third is
# held; and a trusted flagger's notice (DMARC passed at the trusted MX).
T1=$((14 * 86400))
G1=$(file $T1 ip 'Gus <gus@g.example>' nolisting1)
G2=$(file $((T1 + 100)) ip 'Gus <gus@g.example>' nolisting2)
at $((T1 + 200)) cases reject "$G1" --unfounded --reason "no right named" > /dev/null
at $((T1 + 300)) cases reject "$G2" --unfounded --reason "no right named" > /dev/null
G3=$(file $((T1 + 400)) ip 'Gus <gus@g.example>' nolisting3)
"$PY" "$MK" --from 'Tess <tess@flagger.example>' --subject "Fraud: a scam seller" \
	--body "This seller runs a scam, phishing buyers for card numbers." |
	sed '1i Authentication-Results: mx.gw.example.net; dmarc=pass header.from=flagger.example' > "$T/f.eml"
at $((T1 + 500)) ingest --stream abuse "$T/f.eml" > /dev/null
rg report --from 2026-10-05 --to 2026-10-05 --json > "$T/g.json"
diag "$(cat "$T/g.json")"
check "held: Gus's third notice ($G3); by source: 3 Art. 16, 1 trusted flagger" \
	[ "$(js 'L[0]["held"], L[0]["notices_by_source"]' < "$T/g.json")" = "(1, {'article_16': 3, 'trusted_flagger': 1, 'other_notification': 0, 'voluntary': 0})" ]
check "outcomes: two unfounded, two pending" \
	[ "$(js 'L[0]["outcomes"]' < "$T/g.json")" = "{'restricted': 0, 'unfounded': 2, 'rejected': 0, 'no_action': 0, 'closed': 0, 'pending': 2}" ]
rg report --from 2026-11-01 --to 2026-11-30 --json > "$T/z.json"
check "an empty period: zeros and null times" \
	[ "$(js 'L[0]["notices"], L[0]["time_to_decision"]' < "$T/z.json")" = "(0, {'count': 0, 'median_seconds': None, 'p90_seconds': None})" ]

rg report --from 2026-09-21 --to 2026-09-22 > "$T/r.txt"
check "text: the notices and the median" \
	sh -c "grep -q '^Notices received *4\$' '$T/r.txt' && grep -q 'median *1 h 58 min (7100 s)' '$T/r.txt'"
rg report --from 2026-09-21 --to 2026-09-22 --csv | tr -d '\r' > "$T/r.csv"
check "csv: header and rows section,key,value" \
	sh -c "head -n 1 '$T/r.csv' | grep -qx 'section,key,value' && grep -qx 'notices_by_stream,ip,3' '$T/r.csv' && grep -qx 'time_to_decision,median_seconds,7100' '$T/r.csv'"
rg report --from 2026-02-30 --to 2026-03-01 > /dev/null; rc=$?
check "2026-02-30 is no date: usage, exit 2" [ "$rc" = 2 ]
rg report --from 2026-09-22 --to 2026-09-21 > /dev/null; rc=$?
check "--from after --to: exit 2" [ "$rc" = 2 ]
rg report --from 2026-09-21 --json --csv > /dev/null; rc=$?
check "--to missing, --json with --csv: exit 2" [ "$rc" = 2 ]

echo "1..$n"
[ "$fails" -eq 0 ]
