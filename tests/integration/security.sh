#!/bin/sh
# tests/integration/security.sh - who may change a case by mail, and whom
# the gateway answers (docs/SPEC.md §12;
# README, "Security"): forged ACCEPT, a dmarc=pass hidden in a quoted
# string and a comment, a forged counter-notice and evidence from a party's
# address change nothing and flag the case; a reply quoting a Message-ID
# the gateway sent to that address, or DMARC pass for the From domain,
# counts; a vendor cannot add listings; Reply-To to a third party, +detail
# variants, one domain and everyone get answers within their limits. TAP.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
MK="$srcdir/tests/integration/mkmail.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-security-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }

if [ ! -x "$PY" ]; then
	echo "1..0 # SKIP no $PY"
	exit 0
fi
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[smtp]
from = IP Reports <ip-reports@gw.example.net>

[intake]
trusted_authserv_id = mx.gw.example.net
ack_limit_hour = 5
ack_limit_domain_hour = 8
ack_limit_global_hour = 26

[portal]
base_url = https://report.example.net
secret_file = $T/portal.key
CONF
head -c 48 /dev/urandom | base64 -w0 > "$T/portal.key"
chmod 600 "$T/portal.key"
export REPORTGATE_CONFIG="$T/rg.conf"
RG_NOW=1790000000
export RG_NOW
rg() { "$REPORTGATE" "$@" 2>>"$T/log"; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
show() { rg cases show "$1" --json; }
status() { show "$1" | js 'L[0]["status"]'; }
flagged() { show "$1" | js 'L[0]["needs_staff"]'; }
last_ref() { rg cases list --json | js 'L[-1]["ref"]'; }
ncases() { rg cases list --json | wc -l; }
listings() { show "$1" | js 'sorted(L[0]["listings"])'; }
# gwid REF ADDR: Message-ID of the last mail of REF sent to ADDR, or "".
gwid() { show "$1" | js "([o['message_id'] for o in L[0]['outbox']
	if any(r.split()[0] == '$2' for r in o['recipients'])] or [''])[-1]"; }
# send FROM REF BODY [IN-REPLY-TO [AUTH-RESULTS]]: a mail naming REF.
send() {
	"$PY" "$MK" --from "$1" --subject "Re: [$2] case" --body "$3" \
		${4:+--in-reply-to "$4"} > "$T/m.eml"
	if [ -n "${5:-}" ]; then
		{ printf 'Authentication-Results: %s\n' "$5"; cat "$T/m.eml"; } > "$T/m2.eml"
		mv "$T/m2.eml" "$T/m.eml"
	fi
	rg ingest "$T/m.eml" > /dev/null
}
JANE='Jane Roe <jane@brand.example>'
SHOP='Shop <vendor@shop.example>'
printf 'listing_id,vendor_name,vendor_email,title\n' > "$T/dir.csv"
for i in $(seq 1 20); do
	printf 'vnd%s,Shop,vendor@shop.example,Item %s\n' "$i" "$i" >> "$T/dir.csv"
done
printf 'rival1,Rival,rival@rival.example,Rival item\n' >> "$T/dir.csv"
rg listings import "$T/dir.csv" > /dev/null
echo 0 > "$T/seq"
# notified: a complete report of a new vnd listing, accepted (vendor_notice
# to the vendor); prints REF.
notified() {
	i=$(($(cat "$T/seq") + 1))
	echo $i > "$T/seq"
	"$PY" "$MK" --from "$JANE" --subject "Trademark infringement $i" \
		--attach passport.pdf --body "Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
https://marketplace.alibabacloud.com/products/1/vnd$i.html" > "$T/r.eml"
	rg ingest "$T/r.eml" > /dev/null
	r=$(last_ref)
	rg cases accept "$r" > /dev/null
	echo "$r"
}
# countered: notified, then the vendor's authenticated counter-notice.
countered() {
	r=$(notified)
	send "$SHOP" "$r" 'Counter-notice: we are licensed.' \
		"$(gwid "$r" vendor@shop.example)"
	echo "$r"
}
unauth_events() { show "$1" | js 'sum(1 for e in L[0]["events"] if e["type"]=="message.unauthenticated")'; }

# 1. A forged ACCEPT (From the rights holder, nothing authenticating it).
r=$(countered)
check "setup: counter_noticed by the vendor's authenticated reply" [ "$(status "$r")" = counter_noticed ]
nc0=$(ncases)
send "$JANE" "$r" 'ACCEPT'
check "forged ACCEPT: case unchanged" [ "$(status "$r")" = counter_noticed ]
check "forged ACCEPT: flagged for staff, recorded on the case" \
	[ "$(flagged "$r") $(unauth_events "$r")" = "True 1" ]
check "forged ACCEPT: nobody told" \
	[ "$(show "$r" | js 'len([o for o in L[0]["outbox"] if o["kind"]=="counter_response_recorded"])')" = 0 ]
check "forged ACCEPT: no new case" [ "$(ncases)" -eq "$nc0" ]

# 2. dmarc=pass hidden in a quoted envelope address and a comment.
send "$JANE" "$r" 'ACCEPT' '' 'mx.gw.example.net; spf=pass smtp.mailfrom="x dmarc=pass"@evil.example (sender "x dmarc=pass"@evil.example) ; dmarc=none header.from=brand.example'
check "quoted/commented dmarc=pass: case unchanged and flagged" \
	[ "$(status "$r") $(unauth_events "$r")" = "counter_noticed 2" ]
# DMARC pass for another domain does not authenticate brand.example.
send "$JANE" "$r" 'ACCEPT' '' 'mx.gw.example.net; dmarc=pass header.from=evil.example'
check "DMARC pass for another domain: unchanged" [ "$(status "$r")" = counter_noticed ]
# An untrusted authserv-id's pass does not count.
send "$JANE" "$r" 'ACCEPT' '' 'mx.evil.example; dmarc=pass header.from=brand.example'
check "untrusted authserv-id: unchanged" [ "$(status "$r")" = counter_noticed ]
# The gateway's Message-ID of a mail sent to the vendor, used from
# Jane's address, is no token for Jane.
send "$JANE" "$r" 'ACCEPT' "$(gwid "$r" vendor@shop.example)"
check "a token sent to another address: unchanged" [ "$(status "$r")" = counter_noticed ]

# 3. The real reply: quotes the Message-ID the gateway sent to Jane.
send "$JANE" "$r" 'ACCEPT' "$(gwid "$r" jane@brand.example)"
check "reply quoting the gateway's Message-ID: counter_accepted" [ "$(status "$r")" = counter_accepted ]
check "the reply's event names the sender and how it was authenticated" \
	[ "$(show "$r" | js '[json.loads(e["detail"]).get("auth") for e in L[0]["events"] if e["type"]=="message.counter_notice_response"]')" = "['reply']" ]
# DMARC pass for the From domain from the trusted MX counts too.
r2=$(countered)
send "$JANE" "$r2" 'REJECT' '' 'mx.gw.example.net; spf=pass smtp.mailfrom=brand.example; dmarc=pass (p=reject) header.from=brand.example'
check "DMARC pass for the From domain: counter_rejected" [ "$(status "$r2")" = counter_rejected ]

# 4. A forged counter-notice from the vendor's address.
r=$(notified)
send "$SHOP" "$r" 'Counter-notice: we object.'
check "forged counter-notice: unchanged and flagged" \
	[ "$(status "$r") $(flagged "$r") $(unauth_events "$r")" = "vendor_notified True 1" ]
check "forged counter-notice: nothing forwarded to the rights holder" \
	[ "$(show "$r" | js 'len([o for o in L[0]["outbox"] if o["kind"]=="counter_notice_forwarded"])')" = 0 ]

# 5. Listings and evidence: only the reporter's authenticated mail adds.
before=$(listings "$r")
send "$SHOP" "$r" "Please also look at https://marketplace.alibabacloud.com/products/1/rival1.html" \
	"$(gwid "$r" vendor@shop.example)"
check "the vendor's authenticated follow-up adds no listing" [ "$(listings "$r")" = "$before" ]
# lastraw REF ADDR: the last answer (ack) of REF to ADDR, as queued.
lastraw() { sqlite3 "$T/rg.db" "SELECT o.raw FROM outbox o JOIN cases c ON c.id = o.case_id
	JOIN outbox_recipients t ON t.outbox_id = o.id WHERE c.ref = '$1' AND o.kind = 'ack'
	AND t.address = '$2' ORDER BY o.id DESC LIMIT 1"; }
check "the reporter's answers link the reporter's page" \
	sh -c 'echo "$1" | grep -q "https://report.example.net/status/"' _ "$(lastraw "$r" jane@brand.example)"
check "the vendor's answer has no link to the reporter's page" \
	sh -c '[ -n "$1" ] && ! echo "$1" | grep -q "/status/"' _ "$(lastraw "$r" vendor@shop.example)"
send "$JANE" "$r" "Also infringing: https://marketplace.alibabacloud.com/products/1/vnd20.html"
check "an unauthenticated follow-up from the reporter's address adds no listing" \
	[ "$(listings "$r")" = "$before" ]
check "its answer says it was recorded for staff to review, not added" \
	[ "$(show "$r" | js '[o["subject"] for o in L[0]["outbox"] if o["kind"]=="ack"][-1]')" = "[$r] We recorded your message for our team to review" ]
send "$JANE" "$r" "Also infringing: https://marketplace.alibabacloud.com/products/1/vnd20.html " \
	"$(gwid "$r" jane@brand.example)"
check "the reporter's authenticated follow-up adds it" \
	[ "$(show "$r" | js '"vnd20" in L[0]["listings"]')" = True ]

# 6. A stranger naming a case never joins it.
nc=$(ncases)
send 'Eve <eve@evil.example>' "$r" 'ACCEPT'
check "stranger: a new linked case, flagged" [ "$(ncases)" -eq $((nc + 1)) ] && \
	[ "$(show "$(last_ref)" | js 'str(L[0]["needs_staff"])+" "+L[0]["linked_to"]')" = "True $r" ]

# 6b. A vendor probing references: naming a case it is no party to (the
# rival sells none of its listings) teaches it nothing and changes
# nothing - the answer, the kind and stream of what is filed are those of
# a reference that does not exist.
state() { show "$1" | js '(L[0]["status"], L[0]["needs_staff"], len(L[0]["messages"]), len(L[0]["events"]), len(L[0]["outbox"]), sorted(L[0]["listings"]))'; }
# answer REF: what REF's sender was told and what REF is, the new
# reference and its page's token masked (a new case gets the next
# number either way).
answer() {
	show "$1" | js '(L[0]["kind"], L[0]["stream"], L[0]["ref"][:4], [(o["kind"], o["subject"].replace(L[0]["ref"], "REF")) for o in L[0]["outbox"]])'
	sqlite3 "$T/rg.db" "SELECT raw FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.ref = '$1'" |
		tr -d '\r' | sed '1,/^$/d' | sed -e "s/$1/REF/g" -e 's/t=[0-9a-zA-Z_-]*/t=TOKEN/g'
}
was=$(state "$r")
send 'Rival <rival@rival.example>' "$r" 'Please tell me the status of this case and who reported it.'
known=$(last_ref)
send 'Rival <rival@rival.example>' "IPR-2026-999999" 'Please tell me the status of this case and who reported it.'
unknown=$(last_ref)
check "probing vendor: the named case is unchanged" [ "$(state "$r")" = "$was" ]
check "probing vendor: its mail is linked to the named case for staff" \
	[ "$(show "$known" | js 'str(L[0]["needs_staff"])+" "+L[0]["linked_to"]')" = "True $r" ]
check "probing vendor: answered (an acknowledgement was queued)" \
	[ "$(show "$known" | js 'len(L[0]["outbox"])')" = 1 ]
check "probing vendor: the answer for a real reference is the one for a made-up one" \
	[ "$(answer "$known")" = "$(answer "$unknown")" ]

# 7. Answers go to the From only; Reply-To to a third party gets nothing.
"$PY" "$MK" --from 'Eve <eve@evil.example>' --subject 'Report' \
	--body 'Infringing: https://marketplace.alibabacloud.com/products/1/x1.html' > "$T/e.eml"
{ printf 'Reply-To: Victim <victim@third.example>\n'; cat "$T/e.eml"; } > "$T/e2.eml"
rg ingest "$T/e2.eml" > /dev/null
re=$(last_ref)
check "Reply-To a third party: answered at the From" \
	[ "$(show "$re" | js '[r.split()[0] for o in L[0]["outbox"] for r in o["recipients"]]')" = "['eve@evil.example']" ]

# 8. +detail variants count as one sender; one domain and everyone have
# their own hourly limits, each suppression recorded.
for i in $(seq 1 30); do
	"$PY" "$MK" --from "V <victim+$i@target.example>" --subject "Report $i" \
		--body "Infringing: https://marketplace.alibabacloud.com/products/1/t$i.html" > "$T/v.eml"
	rg ingest "$T/v.eml" > /dev/null
done
acks_to() { sqlite3 "$T/rg.db" \
	"SELECT count(*) FROM outbox_recipients WHERE address LIKE '$1'"; }
supp() { sqlite3 "$T/rg.db" "SELECT count(*) FROM events WHERE type = 'ack.suppressed' AND json_extract(detail, '\$.reason') = '$1'"; }
check "30 +detail variants: 5 answers (ack_limit_hour)" [ "$(acks_to 'victim%@target.example')" -eq 5 ]
check "25 suppressions recorded as rate_limit_hour" [ "$(supp rate_limit_hour)" -eq 25 ]
for i in $(seq 1 12); do
	"$PY" "$MK" --from "P <p$i@onedomain.example>" --subject "Report $i" \
		--body "Infringing: https://marketplace.alibabacloud.com/products/1/d$i.html" > "$T/d.eml"
	rg ingest "$T/d.eml" > /dev/null
done
check "12 senders of one domain: 8 answers (ack_limit_domain_hour)" \
	[ "$(acks_to '%@onedomain.example')" -eq 8 ]
check "4 suppressions recorded as rate_limit_domain_hour" [ "$(supp rate_limit_domain_hour)" -eq 4 ]
total=$(sqlite3 "$T/rg.db" "SELECT count(*) FROM outbox WHERE kind = 'ack'")
for i in $(seq 1 10); do
	"$PY" "$MK" --from "G <g@d$i.example>" --subject "Report $i" \
		--body "Infringing: https://marketplace.alibabacloud.com/products/1/g$i.html" > "$T/g.eml"
	rg ingest "$T/g.eml" > /dev/null
done
check "global limit: at most 26 answers an hour (had $total)" \
	[ "$(sqlite3 "$T/rg.db" "SELECT count(*) FROM outbox WHERE kind = 'ack'")" -eq 26 ]
check "suppressions recorded as rate_limit_global_hour" [ "$(supp rate_limit_global_hour)" -gt 0 ]

echo "1..$n"
[ $fails -eq 0 ]
