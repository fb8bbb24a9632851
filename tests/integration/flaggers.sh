#!/bin/bash
# tests/integration/flaggers.sh - trusted flaggers, misuse and repeat
# infringers (docs/WORKFLOW.md "Notice sources, misuse and repeat
# infringers") through a throwaway Dovecot (dovecot.sh, imaps; `poll
# --once`) and a real SMTP receiver (smtp-server.sh; `send --once`),
# staff steps by the CLI: a trusted flagger's report whose DMARC passed
# at the trusted MX lists first and carries its source type, a forged one
# does not; the first unfounded rejection of one address warns it, the
# second suspends it, its third report is held, its acknowledgement says
# so, decisions are refused until staff release it; a vendor whose
# removals reach the threshold is a repeat infringer, its next case is
# flagged, and `vendors list --json` counts it all; `report --json`
# counts the sources, the held notice and the repeat infringer. Every
# report is filed exactly once. TAP output. Needs root, dovecot-imapd and
# python3-aiosmtpd, else skips.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
SRV=$srcdir/tests/integration/smtp-server.sh
MK=$srcdir/tests/integration/mkmail.py
MC=$srcdir/tests/integration/mailcheck.py
PY=/usr/bin/python3

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_dovecot
"$SRV" check || skip_all "python3-aiosmtpd not installed"

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-flaggers-XXXXXX")
chmod o+x "$T"
DC=$T/dovecot
cleanup() {
	if [ -f "$DC/run/test-master.pid" ]; then
		bash "$DOVECOT_SH" stop "$DC" >/dev/null 2>&1
	fi
	"$SRV" stop "$T/srv" >/dev/null 2>&1
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
start_dovecot "$DC" smtp
SMTP=$EXTRA_PORT
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
if ! "$SRV" start "$SMTP" "$T/srv" >/dev/null 2>"$T/srv.err"; then
	echo "1..0 # SKIP smtp server did not start: $(head -c 200 "$T/srv.err")"
	exit 0
fi
printf 'testpass\n' > "$T/pass"
chmod 600 "$T/pass"
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[imap]
host = localhost
port = $IMAPS
security = imaps
ca_file = $DC/tls/ca.pem
user = testuser
password_file = $T/pass
timeout = 10

[mailbox ip]
folder = INBOX
stream = ip
processed_folder = Processed

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
trusted_flaggers = Watch@Flagger.example, @hotline.example
unfounded_warn = 1
unfounded_suspend = 2
unfounded_window_days = 30
suspend_days = 30
repeat_threshold = 2
repeat_window_days = 365
CONF
rg() { "$REPORTGATE" --config "$T/rg.conf" "$@" 2>>"$T/rg.log"; }
rgq() { rg "$@" >/dev/null; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
nreport=0
# report FROM AUTH LISTING...: a complete report from FROM into the
# Dovecot INBOX, with the trusted MX's DMARC verdict AUTH (pass, fail or
# none: no Authentication-Results field), then one poll.
report() {
	local from=$1 auth=$2 body l
	shift 2
	nreport=$((nreport + 1))
	body="Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:"
	for l; do body="$body
https://marketplace.alibabacloud.com/products/1/$l.html"; done
	{
		if [ "$auth" != none ]; then
			local dom=${from##*@}
			printf 'Authentication-Results: mx.gw.example.net; dmarc=%s header.from=%s\n' \
				"$auth" "${dom%>}"
		fi
		"$PY" "$MK" --from "$from" --subject "Trademark infringement $nreport" \
			--message-id "r$nreport@test.example" --attach passport.pdf --body "$body"
	} > "$T/r.eml"
	dovecot deliver "$DC" "$T/r.eml" >/dev/null
	rgq poll --once
}
# the reference of the case whose first message is report N
ref_of() { rg cases list --all --json | js "[c['ref'] for c in L if c['ref'].endswith('%06d' % $1)][0]"; }
list_refs() { rg cases list --json | js '" ".join(c["ref"] for c in L)'; }
field() { rg cases show "$1" --json | js "L[0]['$2']"; }
events() { rg cases show "$1" --json | js '" ".join(e["type"] for e in L[0]["events"])'; }
sent() { rgq send --once; }
# the mails the receiver got to address whose Subject holds text
mails_to() { "$PY" "$MC" find "$T/srv" To "$1" | while read -r f; do
	case "$("$PY" "$MC" header "$f" Subject)" in *"$2"*) echo "$f" ;; esac; done; }
body_of() { "$PY" "$MC" body "$1" > "$T/body.txt" && cat "$T/body.txt"; }

printf 'listing_id,vendor_name,vendor_email,title\nrp000001,Repeat Shop,rep@shop.example,A\nrp000002,Repeat Shop,rep@shop.example,B\nrp000003,Repeat Shop,rep@shop.example,C\not000001,Other Shop,other@shop.example,D\n' > "$T/dir.csv"
check "listing directory imported" [ "$(rg listings import "$T/dir.csv")" = \
	"imported 4 new, 0 updated, 0 bad rows skipped" ]

# 1. Trusted flaggers: only an authenticated one jumps the queue.
report 'Jane Roe <jane@brand.example>' pass ot000001
report 'Watch Desk <watch@flagger.example>' none ot000001
report 'Watch Desk <watch@flagger.example>' fail ot000001
report 'Hotline <desk@hotline.example>' pass ot000001
R1=$(ref_of 1); R2=$(ref_of 2); R3=$(ref_of 3); R4=$(ref_of 4)
check "four reports, four cases" [ "$(rg cases list --json | wc -l)" -eq 4 ]
check "the authenticated trusted flagger's case lists first, then oldest first" \
	[ "$(list_refs)" = "$R4 $R1 $R2 $R3" ]
check "list --json: its source_type is trusted_flagger, the others article_16" \
	[ "$(rg cases list --json | js '" ".join(c["source_type"] for c in L)')" = \
	"trusted_flagger article_16 article_16 article_16" ]
# has_badge REF BADGE: the cases list table shows BADGE on REF's row
has_badge() { rg cases list | grep "^$1 " | grep -qF "[$2]"; }
badge_once() { [ "$(rg cases list | grep -cF '[trusted flagger]')" = 1 ] && has_badge "$R4" "trusted flagger"; }
check "the table shows the badge on it alone" badge_once
check "show --json: trusted_flagger" [ "$(field "$R4" source_type)" = trusted_flagger ]
# shows_badge REF BADGE: `cases show REF` names BADGE on its first line
shows_badge() { rg cases show "$1" | head -n 1 | grep -qF "[$2]"; }
show_tf() { shows_badge "$R4" "trusted flagger" && ! shows_badge "$R1" "trusted flagger" &&
	rg cases show "$R4" | grep -qx 'source type: trusted_flagger'; }
check "show: the badge and the source type" show_tf
forged_plain() { [ "$(field "$R2" source_type)" = article_16 ] &&
	rg cases show "$R2" --json | grep -q 'not authenticated: an ordinary notice'; }
check "a forged From of a trusted flagger (no DMARC) is an article 16 notice, and says why" forged_plain
check "a trusted flagger's From that DMARC failed is no trusted notice" \
	[ "$(field "$R3" source_type)" = article_16 ]

# 2. Misuse: warned at the first unfounded notice, suspended at the
#    second, the third report is held.
NOISY='Noisy Person <noisy@spam.example>'
report "$NOISY" none ot000001
N1=$(ref_of 5)
rgq cases reject "$N1" --unfounded --reason "No right is named; the listing is the reporter's own." --as alice
check "an unfounded rejection is recorded" \
	sh -c 'case "$0" in *case.unfounded*reporter.warned*) exit 0;; esac; exit 1' "$(events "$N1")"
sent
W=$(mails_to noisy@spam.example "A warning about your reports")
check "the reporter got one warning mail" [ "$(echo "$W" | grep -c .)" = 1 ]
own_only() { local b
	b=$(body_of "$W")
	case "$b" in *"rejected 1 of your"*"This is a warning"*) ;; *) return 1 ;; esac
	case "$b" in *jane@* | *flagger* | *hotline* | *"Shop"*) return 1 ;; esac; }
check "the warning speaks of its own notices only" own_only
report "$NOISY" none ot000001
N2=$(ref_of 6)
check "the second report is not held yet" [ "$(field "$N2" held)" = False ]
rgq cases reject "$N2" --unfounded --reason "Again no right is named." --as alice
sent
S=$(mails_to noisy@spam.example "Your reports are suspended until")
suspend_mail() { [ "$(echo "$S" | grep -c .)" = 1 ] && body_of "$S" | grep -q "We warned you before"; }
check "the second unfounded rejection suspends the reporter, with a mail" suspend_mail
check "the case says so" \
	sh -c 'case "$0" in *reporter.suspended*) exit 0;; esac; exit 1' "$(events "$N2")"
report "$NOISY" none ot000001
N3=$(ref_of 7)
check "the third report of the address is filed, held" [ "$(field "$N3" held)" = True ]
held_last() { [ "$(list_refs | awk '{print $NF}')" = "$N3" ] && has_badge "$N3" held &&
	shows_badge "$N3" held && ! shows_badge "$N2" held; }
check "it lists last, with the badge in list and show" held_last
sent
A=$(mails_to noisy@spam.example "We received your report")
ack_held() { [ "$(echo "$A" | grep -c .)" = 3 ] &&
	body_of "$(echo "$A" | tail -n 1)" | grep -q "Your report is filed but held" &&
	body_of "$(echo "$A" | tail -n 1)" | grep -q "until 20[0-9][0-9]-"; }
check "its acknowledgement says it is held, and until when" ack_held
ack_plain() { ! body_of "$(echo "$A" | head -n 1)" | grep -q "held" &&
	! body_of "$(echo "$A" | sed -n 2p)" | grep -q "held"; }
check "the first two acknowledgements did not" ack_plain
refused() { ! "$REPORTGATE" --config "$T/rg.conf" cases accept "$N3" --as alice \
	2>"$T/acc.err" >/dev/null && grep -q "release it first" "$T/acc.err" &&
	[ "$(field "$N3" status)" = ready_for_review ]; }
check "a decision on a held case is refused and changes nothing" refused
check "staff release it" [ "$(rg cases release "$N3" --reason "Reviewed: a real notice." --as alice)" = "$N3 ready_for_review" ]
released() { [ "$(field "$N3" held)" = False ] &&
	case "$(events "$N3")" in *case.held*case.released*) ;; *) return 1 ;; esac; }
check "released: no longer held, both events on the case" released
check "a released case is decided as any other" rgq cases accept "$N3" --as alice
not_held() { ! rgq cases release "$N1" --reason x; }
check "release of a case that is not held is refused" not_held

# 3. Repeat infringers: two removals of rep@shop.example's listings.
report 'Jane Roe <jane@brand.example>' pass rp000001
report 'Jane Roe <jane@brand.example>' pass rp000002
P1=$(ref_of 8); P2=$(ref_of 9)
rgq cases act "$P1" removal --reason "Counterfeit." --as alice
check "one removal: not yet a repeat infringer" \
	[ "$(rg vendors list --json | js '[v["repeat_infringer"] for v in L if v["vendor_email"] == "rep@shop.example"]')" = "[False]" ]
rgq cases act "$P2" removal --reason "Counterfeit again." --as alice
check "the second removal makes the vendor a repeat infringer" \
	sh -c 'case "$0" in *vendor.repeat_infringer*) exit 0;; esac; exit 1' "$(events "$P2")"
report 'Jane Roe <jane@brand.example>' pass rp000003
P3=$(ref_of 10)
flagged() { [ "$(field "$P3" repeat_infringer)" = True ] && has_badge "$P3" "repeat infringer" &&
	shows_badge "$P3" "repeat infringer"; }
check "its next case is flagged, with the badge in list and show" flagged
report 'Jane Roe <jane@brand.example>' pass ot000001
check "another vendor's new case is not" [ "$(field "$(ref_of 11)" repeat_infringer)" = False ]
check "vendors list --json: counts of the repeat infringer" \
	[ "$(rg vendors list --json | js '[(v["listings"], v["cases"], v["removals"], v["removals_in_window"], v["repeat_infringer"], v["repeat_since"] is not None) for v in L if v["vendor_email"] == "rep@shop.example"]')" = \
	"[(3, 3, 2, 2, True, True)]" ]
check "vendors list --json: the other vendor" \
	[ "$(rg vendors list --json | js '[(v["vendor_name"], v["listings"], v["cases"], v["removals"], v["repeat_infringer"]) for v in L if v["vendor_email"] == "other@shop.example"]')" = \
	"[('Other Shop', 1, 8, 0, False)]" ]
check "vendors list shows the flag" rg vendors list | grep '^rep@shop.example ' | grep -qF '[repeat infringer]'

# 4. The transparency report counts them: sources, held notices, repeat
#    infringers.
D0=$(date -u +%Y-%m-%d)
D1=$(date -u -d tomorrow +%Y-%m-%d)
rg report --from "$D0" --to "$D1" --json > "$T/rep.json"
check "report --json: 1 trusted flagger's notice of $nreport" [ "$(js 'L[0]["notices"], L[0]["notices_by_source"]["trusted_flagger"], L[0]["notices_by_source"]["article_16"]' < "$T/rep.json")" = \
	"($nreport, 1, $((nreport - 1)))" ]
check "report --json: 1 held notice, 1 repeat infringer" [ "$(js 'L[0]["held"], L[0]["repeat_infringers"]' < "$T/rep.json")" = "(1, 1)" ]

# 5. Nothing lost: every report filed exactly once.
once() { [ "$(rg cases list --all --json | wc -l)" = "$nreport" ] &&
	[ "$(rg cases list --all --json | js 'sum(len(c["listings"]) for c in L)')" = "$nreport" ] &&
	[ "$(find "$MD/.Processed/cur" "$MD/.Processed/new" -type f 2>/dev/null | wc -l)" = "$nreport" ]; }
check "$nreport reports: $nreport cases, each filed once and moved to Processed" once
echo "1..$n"
[ "$fails" -eq 0 ]
