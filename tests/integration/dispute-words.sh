#!/bin/bash
# tests/integration/dispute-words.sh - the two-vendor dispute told in
# people's own words (docs/PARSING.md, SPEC §4 and §12), through a
# throwaway Dovecot (imaps), a real SMTP receiver and a background
# `reportgate run`; staff steps use the CLI. A law firm reports for its
# client in prose (no form): the vendor notices name the client, never the
# firm, as the rights holder. Vendor B answers that it removed the listing
# and asks for time (not a counter-notice); vendor A disputes in Chinese
# and English prose without the word "counter-notice" (its counter-notice);
# the firm answers in prose, after a greeting, "We do not accept their
# claim" (a REJECT). Each listing ends in its own track, and every mail
# each party receives is read back: each is told only what concerns it.
# TAP output. Needs root, dovecot-imapd and python3-aiosmtpd, else skips.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
WAIT=30		# bound for anything asynchronous, seconds

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_gateway

start_gateway words
MIA='Mia Laine <mia@laine-law.example>'

# 1. The firm's report, in prose: its client is the rights holder.
mk "$T/r.eml" --from "$MIA" --subject "Infringement of the KESTREL trade mark" \
	--message-id w-report@laine-law.example --attach passport-scan.pdf \
	--attach power-of-attorney.pdf --body "Dear Sir or Madam,

I act on behalf of Kestrel Games Oy, the registered owner of European
Union trade mark No. 018234567 (KESTREL), and I am authorised to submit
this notice on its behalf (power of attorney attached).

The registration: https://euipo.europa.eu/eSearch/#details/trademarks/018234567

The following listings offer counterfeit KESTREL game controllers:
$URLA
$URLB

A copy of my passport is attached.

Kind regards,
Mia Laine
Laine & Partners Attorneys Ltd"
put "$T/r.eml"
hascase() { [ "$(rg cases list --json | wc -l)" -ge 1 ]; }
check "run files the report" wait_for "$WAIT" hascase
REF=$(rg cases list --json | js 'L[0]["ref"]')
check "complete, the client as rights holder, the EU mark read from the prose ($REF)" \
	[ "$(rg cases show "$REF" --json | js 'L[0]["status"], L[0]["rights_holder"], [(r["type"], r["jurisdiction"], r["registration_number"]) for r in L[0]["ip_rights"]]')" = \
	"('ready_for_review', 'Kestrel Games Oy', [('trademark', 'EU', '018234567')])" ]
step 1
check "1 mail: the answer to the firm" step_is 1 mia@laine-law.example

# 2. Accept: each vendor's notice names the client, not the firm.
rgq cases accept "$REF" --as alice --reason "mark and mandate checked"
step 2
check "2 mails: a notice to each vendor" step_is 2 a@shop-a.example b@shop-b.example
va=$(last_to a@shop-a.example)
vb=$(last_to b@shop-b.example)
for v in "$va" "$vb"; do
	check "notice $v: rights holder Kestrel Games Oy, the EU mark, the firm as contact" all 'has "$v" "Kestrel Games Oy" &&
		has "$v" "018234567" &&
		has "$v" "mia@laine-law.example" &&
		! has "$v" "Rights holder: not stated"'
	check "notice $v: the firm is never named the rights holder" \
		sh -c '! grep -i "rights holder.*Laine" "$1"' _ "$T/got/$v.body"
done
check "vendor A's notice names its listing only" all 'has "$va" "$URLA" && ! has "$va" "$URLB"'

# 3. Vendor B removed its listing and asks for time: not a counter-notice.
mk "$T/b.eml" --from "$SHOPB" --subject "Re: $(g "$vb" subject)" \
	--in-reply-to "$(g "$vb" id | tr -d '<>')" --message-id w-b@shop-b.example \
	--body "Hello,

We removed the listing this morning. Can we have more time to check our
other products?

Thanks, Shop B"
put "$T/b.eml"
step 1
check "1 mail: the answer to vendor B only" step_is 1 b@shop-b.example
check "vendor B is not asked for a counter-notice" all '! has "$(last_to b@shop-b.example)" "counter-notice"'  &&
check "B's listing still notified, A's too" [ "$(tracks)" = "lsta0001:notified lstb0002:notified" ]

# 4. Vendor A disputes in Chinese and English prose, its agreement attached.
mk "$T/a.eml" --from "$SHOPA" --subject "Re: $(g "$va" subject)" \
	--in-reply-to "$(g "$va" id | tr -d '<>')" --message-id w-a@shop-a.example \
	--attach distribution-agreement.pdf --body "您好，

我们对该投诉提出异议。我们是 Kestrel 产品的授权经销商，所售商品均为正品，
经销协议和采购发票见附件。

Hello, we dispute this complaint. This claim is false: we are an
authorised reseller of Kestrel Games products and everything we sell is
genuine. Our distribution agreement is attached.

Best regards,
Zhang Wei, Shop A"
put "$T/a.eml"
step 1
check "1 mail: the forward, to the firm only" step_is 1 mia@laine-law.example
f=$(last_to mia@laine-law.example)
check "the forward carries both languages of the vendor's text" all 'has "$f" "我们对该投诉提出异议" &&
	has "$f" "authorised reseller of Kestrel Games"'
check "the forward names vendor A's listing only" all 'has "$f" "$URLA" && ! has "$f" "$URLB"'
check "the forward passes on the agreement" [ "$(g "$f" att)" = "distribution-agreement.pdf" ]
check "only A's listing counter_noticed" [ "$(tracks)" = "lsta0001:counter_noticed lstb0002:notified" ]
check "filed as a counter-notice, with the phrases it was decided on" [ "$(rg cases show "$REF" --json | \
	js '[m["kind"] for m in L[0]["messages"]]')" = "['ip_report', 'follow_up', 'counter_notice']" ]

# 5. The firm rejects it in its own words, after a greeting.
mk "$T/j.eml" --from "$MIA" --subject "Re: $(g "$f" subject)" \
	--in-reply-to "$(g "$f" id | tr -d '<>')" --message-id w-reject@laine-law.example \
	--body "Dear team,

We do not accept their claim. Shop A has never been an authorised
reseller of our client, and the agreement they attach expired in 2024.

Kind regards,
Mia Laine"
put "$T/j.eml"
step 2
check "2 mails: to the firm and vendor A only" step_is 2 mia@laine-law.example a@shop-a.example
check "vendor A is told the rights holder rejected its counter-notice" \
	has "$(last_to a@shop-a.example)" "The rights holder has rejected your counter-notice"
check "the firm is told it rejected Shop A's" \
	has "$(last_to mia@laine-law.example)" "We recorded that you rejected the counter-notice of Shop A"
check "A's listing counter_rejected, B's still notified" [ "$(tracks)" = "lsta0001:counter_rejected lstb0002:notified" ]
check "the answer is a reject, not flagged for staff" [ "$(rg cases show "$REF" --json | \
	js '[m["kind"] for m in L[0]["messages"]][-1], [c["answer"] for c in L[0]["counter_notices"]], L[0]["needs_staff"]')" = \
	"('counter_notice_response', ['reject'], False)" ]

# 6. Removal of A's listing: vendor A and the firm only.
rgq cases act "$REF" removal --listing lsta0001 --reason "The agreement had expired." --as alice
step 2
check "2 mails: the removal to vendor A and the firm" step_is 2 a@shop-a.example mia@laine-law.example
check "A removed, B still notified" [ "$(tracks)" = "lsta0001:removed lstb0002:notified" ]

# Every mail each party received, in order.
check "the firm: ack, forward, answer, decision" [ "$(kinds mia@laine-law.example)" = "ack forward answer decision " ]
check "vendor A: notice, answer, decision" [ "$(kinds a@shop-a.example)" = "notice answer decision " ]
check "vendor B: notice, the answer to its mail" [ "$(kinds b@shop-b.example)" = "notice followup " ]
check "nobody else received mail" [ "$(cat "$T/got/"*.to | sort -u | tr '\n' ' ')" = \
	"a@shop-a.example b@shop-b.example mia@laine-law.example " ]
check "no error logged" sh -c '! grep -Eq "level=error" "$@"' _ "$T/run.log" "$T/rg.log"
echo "1..$n"
[ "$fails" -eq 0 ]
