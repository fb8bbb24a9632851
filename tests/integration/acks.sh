#!/bin/sh
# tests/integration/acks.sh - acknowledgements end to end: ingest queues
# the answer in the filing transaction, `send --once` delivers it to a real
# SMTP receiver (tests/integration/smtp-server.sh, aiosmtpd on loopback),
# and the delivered mail is read back (mailcheck.py, Python's email
# package): headers, threading, language, the missing list, the form; the
# reporter's reply completes the case and gets a second answer; no answer
# to auto-replies, noreply, DMARC fail (trusted authserv-id only) or over
# the rate limit; STARTTLS required against a server without it; 451
# retried, 550 final, a slow server timed out and retried, give-up; a DSN
# bounce of a sent answer marks it failed. RG_NOW (test-only clock shift)
# makes retries due without waiting. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
SRV="$srcdir/tests/integration/smtp-server.sh"
MC="$srcdir/tests/integration/mailcheck.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-acks-XXXXXX")
cleanup() {
	"$SRV" stop "$T/srv" 2>/dev/null
	"$SRV" stop "$T/slow" 2>/dev/null
	"$SRV" stop "$T/tls" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM; [ -n "${KEEP:-}" ] && trap - EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }

if [ ! -x "$PY" ] || ! "$SRV" check; then
	echo "1..0 # SKIP python3-aiosmtpd not installed"
	exit 0
fi
if ! "$REPORTGATE" parse --json "$srcdir/tests/fixtures/mail/ip-report-basic.eml" >/dev/null 2>&1; then
	echo "1..0 # SKIP reportgate parse does not work"
	exit 0
fi

freeport() { "$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
P1=$(freeport)
P2=$(freeport)
P3=$(freeport)
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=300
SMTP_SLOW_SECONDS=0 "$SRV" start "$P1" "$T/srv" >/dev/null || { echo "1..0 # SKIP smtp server did not start"; exit 0; }
SMTP_SLOW_SECONDS=5 "$SRV" start "$P3" "$T/slow" >/dev/null || { echo "1..0 # SKIP smtp server did not start"; exit 0; }

conf() {	# conf FILE URL TIMEOUT PLAINTEXT
	cat > "$1" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[smtp]
url = $2
from = IP Reports <ip-reports@gw.example.net>
allow_plaintext = $4
timeout = $3
retry_base = 60
give_up_after = 86400

[intake]
gateway_addresses = ip-reports@gw.example.net, abuse@gw.example.net
message_id_host = gw.example.net
trusted_authserv_id = mx.gw.example.net
ack_limit_hour = 2
ack_limit_day = 3
CONF
}
conf "$T/a.conf" "smtp://127.0.0.1:$P1" 2 true		# the receiver
conf "$T/b.conf" "smtp://127.0.0.1:$P1" 2 false		# STARTTLS required
conf "$T/c.conf" "smtp://127.0.0.1:$P3" 1 true		# slow receiver
export REPORTGATE_CONFIG="$T/a.conf"
rg() { "$REPORTGATE" "$@" 2>>"$T/log"; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
show() { rg cases show --json "$1"; }
ndelivered() { ls "$T/srv/Maildir/new" | wc -l; }
lastmail() { ls "$T/srv/Maildir/new" | sort -n | tail -n 1 | sed "s|^|$T/srv/Maildir/new/|"; }
hdr() { "$PY" "$MC" header "$1" "$2"; }
body() { "$PY" "$MC" body "$1"; }
events() { show "$1" | js '[e["type"] for e in L[0]["events"]]'; }
# the detail of the last event of a type: events_detail REF TYPE KEY
detail() { show "$1" | js "[json.loads(e['detail']).get('$3') for e in L[0]['events'] if e['type'] == '$2'][-1:]"; }
outbox_status() { show "$1" | js '[o["status"] for o in L[0]["outbox"]]'; }
B=rgboundary42
mail() {	# mail FROM SUBJECT BODY MESSAGE-ID [EXTRA-HEADER]
	printf 'From: %s\nTo: ip-reports@gw.example.net\nSubject: %s\nMessage-ID: <%s>\n%sDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
		"$1" "$2" "$4" "${5:+$5
}" "$3"
}
LISTING=https://marketplace.alibabacloud.com/products/56700001/cmjj00012345.html

# 1. An incomplete report: one answer queued in the filing transaction.
printf 'From: Jane Doe <jane@brand.example>\nTo: ip-reports@gw.example.net\nSubject: Infringing listing\nMessage-ID: <first@brand.example>\nIn-Reply-To: <older2@brand.example>\nReferences: <older1@brand.example> <older2@brand.example>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nOur trademark is infringed: %s\n' "$LISTING" > "$T/r1.eml"
rg ingest "$T/r1.eml" >/dev/null
REF=$(rg cases list --json | js 'L[0]["ref"]')
check "report filed" [ -n "$REF" ]
check "outbox holds 1 queued mail" [ "$(outbox_status "$REF")" = "['queued']" ]
check "mail.queued event on the case" sh -c "echo \"\$0\" | grep -q mail.queued" "$(events "$REF")"
out=$(rg send --once)
check "send --once exit 0, sent 1" [ "$out" = "sent 1, retried 0, failed 0, in doubt 0" ]
check "receiver got one mail" [ "$(ndelivered)" -eq 1 ]
M=$(lastmail)
check "outbox mail sent" [ "$(outbox_status "$REF")" = "['sent']" ]
check "mail.sent event" sh -c "echo \"\$0\" | grep -q mail.sent" "$(events "$REF")"
check "envelope: MAIL FROM ours, RCPT the reporter" [ "$(js '(L[0]["mail_from"], L[0]["rcpt_tos"])' < "$T/srv/envelopes.jsonl")" = "('ip-reports@gw.example.net', ['jane@brand.example'])" ]
check "From" [ "$(hdr "$M" From)" = "IP Reports <ip-reports@gw.example.net>" ]
check "To: the From address, no display name" [ "$(hdr "$M" To)" = "jane@brand.example" ]
check "Subject carries [REF]" sh -c "hdr=\"\$0\"; case \"\$hdr\" in \"[$REF] \"*incomplete*) exit 0;; esac; exit 1" "$(hdr "$M" Subject)"
MID=$(hdr "$M" Message-ID)
check "Message-ID <REF.1.RANDOM@HOST>: $MID" sh -c "echo \"\$0\" | grep -Eq '^<$REF\\.1\\.[0-9a-f]{12}@gw\\.example\\.net>\$'" "$MID"
check "Message-ID recorded in the outbox" [ "$(show "$REF" | js 'L[0]["outbox"][0]["message_id"]')" = "$(echo "$MID" | tr -d '<>')" ]
check "In-Reply-To the report" [ "$(hdr "$M" In-Reply-To)" = "<first@brand.example>" ]
check "References: sender's, then the report" [ "$(hdr "$M" References | tr -s '[:space:]' ' ' | sed 's/ $//')" = "<older1@brand.example> <older2@brand.example> <first@brand.example>" ]
check "Auto-Submitted: auto-replied" [ "$(hdr "$M" Auto-Submitted)" = "auto-replied" ]
check "Date parses" "$PY" "$MC" date "$M"
check "CRLF line ends" "$PY" "$MC" crlf "$M"
check "Content-Language en" [ "$(hdr "$M" Content-Language)" = "en" ]
body "$M" > "$T/b1"
check "names identity proof missing" grep -q "Proof of identity" "$T/b1"
check "names ownership proof missing" grep -q "Proof of ownership" "$T/b1"
check "includes the report form" grep -q -- "----- Report form -----" "$T/b1"
check "unauthenticated sender: short answer, the listing URL not echoed" \
	sh -c "! grep -q '$LISTING' '$T/b1'"

# 2. The reporter replies with the missing documents: complete, answered.
{
	printf 'From: Jane Doe <jane@brand.example>\nTo: ip-reports@gw.example.net\nSubject: Re: [%s] documents\nMessage-ID: <reply1@brand.example>\nIn-Reply-To: %s\nReferences: <first@brand.example> %s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=%s\n\n' "$REF" "$MID" "$MID" $B
	printf -- '--%s\nContent-Type: text/plain; charset=utf-8\n\nIdentity proof: passport.pdf\nOwnership proof: trademark_certificate.pdf\n\n' $B
	printf -- '--%s\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="passport.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKcGFzc3BvcnQK\n' $B
	printf -- '--%s\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="trademark_certificate.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcOkw7zDtsOfCg==\n--%s--\n' $B $B
} > "$T/r2.eml"
rg ingest "$T/r2.eml" >/dev/null
check "case complete after the reply" [ "$(show "$REF" | js 'L[0]["missing"]')" = "[]" ]
rg send --once >/dev/null
check "second answer delivered" [ "$(ndelivered)" -eq 2 ]
M2=$(lastmail)
body "$M2" > "$T/b2"
check "second answer says complete" grep -q "The case now has everything we need" "$T/b2"
check "second answer lists the new documents" grep -q "passport.pdf" "$T/b2"
check "second answer: follow-up subject with [REF]" sh -c "echo \"\$0\" | grep -qF '[$REF] We added your information'" "$(hdr "$M2" Subject)"
check "second answer In-Reply-To the reply" [ "$(hdr "$M2" In-Reply-To)" = "<reply1@brand.example>" ]
check "second Message-ID has SEQ 2" sh -c "echo \"\$0\" | grep -Eq '^<$REF\\.2\\.'" "$(hdr "$M2" Message-ID)"

# 3. Auto-responders answering our answer: no answer back (no loop).
mail 'Jane Doe <jane@brand.example>' "Automatic reply: [$REF] We added your information" 'I am out of office.' ooo1@brand.example 'Auto-Submitted: auto-replied' > "$T/ooo1.eml"
mail 'Jane Doe <jane@brand.example>' "Out of office: [$REF] We added your information" 'Back on Monday.' ooo2@brand.example > "$T/ooo2.eml"
rg ingest "$T/ooo1.eml" "$T/ooo2.eml" >/dev/null
check "auto-replies recorded on the case" [ "$(show "$REF" | js 'len(L[0]["messages"])')" = 4 ]
check "no answer to auto-replies (outbox still 2)" [ "$(show "$REF" | js 'len(L[0]["outbox"])')" = 2 ]
rg send --once >/dev/null
check "nothing more delivered" [ "$(ndelivered)" -eq 2 ]

# 4. A Chinese report gets a Chinese answer, RFC 2047 subject.
printf 'From: =?UTF-8?B?5p2O5piO?= <li@brand-zh.example>\nTo: ip-reports@gw.example.net\nSubject: =?UTF-8?B?5L615p2D5oqV6K+J?=\nMessage-ID: <zh1@brand-zh.example>\nDate: Mon, 23 Nov 2026 10:00:00 +0800\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n您好，我们是商标权利人。以下商品侵犯了我们的注册商标，请尽快处理：\n%s\n谢谢。\n' "$LISTING" > "$T/zh.eml"
rg ingest "$T/zh.eml" >/dev/null
REFZ=$(rg cases list --json | js 'L[-1]["ref"]')
rg send --once >/dev/null
MZ=$(lastmail)
check "zh: answer delivered" [ "$(ndelivered)" -eq 3 ]
check "zh: Content-Language zh" [ "$(hdr "$MZ" Content-Language)" = "zh" ]
check "zh: Chinese subject with [REF]" sh -c "echo \"\$0\" | grep -qF '[$REFZ] 您的投诉材料不完整'" "$(hdr "$MZ" Subject)"
check "zh: subject RFC 2047 encoded on the wire" sh -c "sed -n '/^Subject:/,/^[^ 	]/p' \"\$0\" | grep -qi '=?utf-8?'" "$MZ"
check "zh: To without the display name" [ "$(hdr "$MZ" To)" = "li@brand-zh.example" ]
body "$MZ" > "$T/bz"
check "zh: missing items in Chinese" grep -q "身份证明" "$T/bz"

# 5. No answer to noreply senders or DMARC fail from our trusted MX; an
# untrusted authserv-id's verdict is ignored.
mail 'Alerts <noreply@brand3.example>' 'Report' "Infringing: $LISTING" nr1@brand3.example > "$T/nr.eml"
rg ingest "$T/nr.eml" >/dev/null
REFN=$(rg cases list --json | js 'L[-1]["ref"]')
check "noreply: no outbox mail" [ "$(show "$REFN" | js 'len(L[0]["outbox"])')" = 0 ]
check "noreply: ack.suppressed noreply_address" [ "$(detail "$REFN" ack.suppressed reason)" = "['noreply_address']" ]
mail 'Forger <boss@brand4.example>' 'Report' "Infringing: $LISTING" dm1@brand4.example 'Authentication-Results: mx.gw.example.net; spf=fail smtp.mailfrom=brand4.example; dmarc=fail (p=reject) header.from=brand4.example' > "$T/dm1.eml"
rg ingest "$T/dm1.eml" >/dev/null
REFD=$(rg cases list --json | js 'L[-1]["ref"]')
check "dmarc fail (trusted): no outbox mail" [ "$(show "$REFD" | js 'len(L[0]["outbox"])')" = 0 ]
check "dmarc fail (trusted): recorded on the case" [ "$(detail "$REFD" ack.suppressed reason)" = "['dmarc_fail']" ]
mail 'Someone <ceo@brand5.example>' 'Report' "Infringing: $LISTING" dm2@brand5.example 'Authentication-Results: mx.evil.example; dmarc=fail header.from=brand5.example' > "$T/dm2.eml"
rg ingest "$T/dm2.eml" >/dev/null
REFD2=$(rg cases list --json | js 'L[-1]["ref"]')
check "dmarc fail from an untrusted authserv-id ignored: answer queued" [ "$(outbox_status "$REFD2")" = "['queued']" ]
# A forged From (trusted DMARC fail) naming that case cannot join it,
# even though the address is the reporter's.
nmsg=$(show "$REFD2" | js 'len(L[0]["messages"])')
mail 'Someone <ceo@brand5.example>' "Re: [$REFD2] more" "Withdrawn." dm3@brand5.example 'Authentication-Results: mx.gw.example.net; dmarc=fail header.from=brand5.example' > "$T/dm3.eml"
rg ingest "$T/dm3.eml" >/dev/null
check "forged follow-up: the named case is untouched" [ "$(show "$REFD2" | js 'len(L[0]["messages"])')" = "$nmsg" ]
REFD3=$(rg cases list --json | js 'L[-1]["ref"]')
check "forged follow-up: a new case" [ "$REFD3" != "$REFD2" ]
check "forged follow-up: flagged, linked to the named case" [ "$(detail "$REFD3" case.flagged linked)" = "['$REFD2']" ]
rg send --once >/dev/null

# 6. A CR/LF smuggled in by the sender never makes a header.
mail '=?utf-8?q?Evil=0D=0ABcc=3A_victim=40x=2Eexample?= <evil@inject.example>' '=?utf-8?q?hi=0D=0ABcc=3A_victim=40x=2Eexample?=' "Infringing: $LISTING" inj@inject.example > "$T/inj.eml"
rg ingest "$T/inj.eml" >/dev/null
rg send --once >/dev/null
MI=$(lastmail)
check "injection: answer delivered to the sender only" [ "$(js 'L[-1]["rcpt_tos"]' < "$T/srv/envelopes.jsonl")" = "['evil@inject.example']" ]
check "injection: no Bcc header" sh -c '! "$0" "$1" headers "$2" | grep -qi "^bcc$"' "$PY" "$MC" "$MI"
check "injection: one To header" [ "$(hdr "$MI" To | wc -l)" -eq 1 ]

# 7. STARTTLS required against a server without it: exit 1, still queued.
mail 'Tess <tls@brand6.example>' 'Report' "Infringing: $LISTING" tls1@brand6.example > "$T/tls.eml"
rg ingest "$T/tls.eml" >/dev/null
REFT=$(rg cases list --json | js 'L[-1]["ref"]')
before=$(ndelivered)
"$REPORTGATE" --config "$T/b.conf" send --once > "$T/out.b" 2> "$T/err.b"
check "STARTTLS missing: send exits 1" [ $? -eq 1 ]
check "STARTTLS missing: error says so" grep -qi "starttls" "$T/err.b"
check "STARTTLS missing: nothing delivered" [ "$(ndelivered)" -eq "$before" ]
check "STARTTLS missing: mail still queued" [ "$(outbox_status "$REFT")" = "['queued']" ]
check "STARTTLS missing: attempt recorded as setup error" [ "$(detail "$REFT" mail.retry setup_error)" = "[True]" ]

# 8. 451 once: retried later, then delivered.
mail 'Temp <tempfail-once@brand7.example>' 'Report' "Infringing: $LISTING" tf1@brand7.example > "$T/tf.eml"
rg ingest "$T/tf.eml" >/dev/null
REF451=$(rg cases list --json | js 'L[-1]["ref"]')
out=$(rg send --once)
check "451: send --once reports a retry" [ "$out" = "sent 0, retried 1, failed 0, in doubt 0" ]
check "451: mail.retry with code 451" [ "$(detail "$REF451" mail.retry code)" = "[451]" ]
check "451: still queued" [ "$(outbox_status "$REF451")" = "['queued']" ]
out=$(rg send --once)
check "451: not due again at once" [ "$out" = "sent 0, retried 0, failed 0, in doubt 0" ]
out=$(RG_NOW=+7200 rg send --once)
check "451 + STARTTLS mail: both sent when due ($out)" [ "$out" = "sent 2, retried 0, failed 0, in doubt 0" ]
check "451: delivered on attempt 2" [ "$(detail "$REF451" mail.sent attempt)" = "[2]" ]
check "STARTTLS mail: delivered later" [ "$(outbox_status "$REFT")" = "['sent']" ]

# 9. 550: final at once.
mail 'Rex <reject-me@brand8.example>' 'Report' "Infringing: $LISTING" rj1@brand8.example > "$T/rj.eml"
rg ingest "$T/rj.eml" >/dev/null
REF550=$(rg cases list --json | js 'L[-1]["ref"]')
out=$(rg send --once)
check "550: final failure" [ "$out" = "sent 0, retried 0, failed 1, in doubt 0" ]
check "550: outbox failed" [ "$(outbox_status "$REF550")" = "['failed']" ]
check "550: mail.failed permanent, code 550" [ "$(detail "$REF550" mail.failed code) $(detail "$REF550" mail.failed reason)" = "[550] ['permanent']" ]

# 10. A slow server times out: temporary, retried and delivered.
mail 'Sly <slow-one@brand9.example>' 'Report' "Infringing: $LISTING" sl1@brand9.example > "$T/sl.eml"
rg ingest "$T/sl.eml" >/dev/null
REFS=$(rg cases list --json | js 'L[-1]["ref"]')
out=$("$REPORTGATE" --config "$T/c.conf" send --once 2>>"$T/log")
check "slow: timed out, retry scheduled" [ "$out" = "sent 0, retried 1, failed 0, in doubt 0" ]
check "slow: still queued" [ "$(outbox_status "$REFS")" = "['queued']" ]
out=$(RG_NOW=+14400 rg send --once)
check "slow: retried and delivered" [ "$(outbox_status "$REFS")" = "['sent']" ]

# 11. Give up after smtp.give_up_after.
mail 'Tim <tempfail-always@brand10.example>' 'Report' "Infringing: $LISTING" ta1@brand10.example > "$T/ta.eml"
rg ingest "$T/ta.eml" >/dev/null
REFG=$(rg cases list --json | js 'L[-1]["ref"]')
rg send --once >/dev/null
out=$(RG_NOW=+90000 rg send --once)
check "give up: final failure after give_up_after" [ "$(outbox_status "$REFG") $(detail "$REFG" mail.failed reason)" = "['failed'] ['give_up']" ]

# 12. A DSN for the first answer marks it failed and is recorded.
ID1=$(echo "$MID" | tr -d '<>')
{
	printf 'Return-Path: <>\nFrom: Mail Delivery System <MAILER-DAEMON@mx.brand.example>\nTo: ip-reports@gw.example.net\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn1@mx.brand.example>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="dsn"\n\n'
	printf -- '--dsn\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n'
	printf -- '--dsn\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.brand.example\n\nFinal-Recipient: rfc822; jane@brand.example\nAction: failed\nStatus: 5.1.1\n\n'
	printf -- '--dsn\nContent-Type: text/rfc822-headers\n\nFrom: IP Reports <ip-reports@gw.example.net>\nTo: jane@brand.example\nSubject: [%s] Your report is incomplete\nMessage-ID: <%s>\n\n--dsn--\n' "$REF" "$ID1"
} > "$T/dsn.eml"
outbox_before=$(show "$REF" | js 'len(L[0]["outbox"])')
rg ingest "$T/dsn.eml" >/dev/null
check "bounce: the answer is marked failed" [ "$(show "$REF" | js '[o["status"] for o in L[0]["outbox"]][0]')" = "failed" ]
check "bounce: mail.bounced on the case" [ "$(detail "$REF" mail.bounced marked_failed)" = "[1]" ]
check "bounce: no answer to the bounce" [ "$(show "$REF" | js 'len(L[0]["outbox"])')" = "$outbox_before" ]

# 13. Rate limit (2 an hour, 3 a day): extra answers suppressed.
for i in 1 2 3 4; do
	mail 'Flo <flood@brand11.example>' "Report $i" "Infringing: $LISTING" "fl$i@brand11.example" > "$T/fl$i.eml"
done
rg ingest "$T/fl1.eml" "$T/fl2.eml" "$T/fl3.eml" "$T/fl4.eml" >/dev/null
nq=$(rg cases list --json | js "sum(1 for c in L if 'flood@' in str(c['submitter']))")
check "rate: 4 cases filed" [ "$nq" = 4 ]
all_ev() { for r in $(rg cases list --json | js "' '.join(c['ref'] for c in L if 'flood@' in str(c['submitter']))"); do show "$r" | js "[json.loads(e['detail'])['reason'] for e in L[0]['events'] if e['type'] == 'ack.suppressed']"; done | tr -d "[]'" | grep -v '^$' | sort | tr '\n' ' '; }
nout() { for r in $(rg cases list --json | js "' '.join(c['ref'] for c in L if 'flood@' in str(c['submitter']))"); do show "$r" | js 'len(L[0]["outbox"])'; done | awk '{s += $1} END {print s + 0}'; }
check "rate: 2 answers queued in the hour" [ "$(nout)" = 2 ]
check "rate: 2 suppressed by the hourly limit" [ "$(all_ev)" = "rate_limit_hour rate_limit_hour " ]
mail 'Flo <flood@brand11.example>' 'Report 5' "Infringing: $LISTING" fl5@brand11.example > "$T/fl5.eml"
mail 'Flo <flood@brand11.example>' 'Report 6' "Infringing: $LISTING" fl6@brand11.example > "$T/fl6.eml"
RG_NOW=+7200 rg ingest "$T/fl5.eml" "$T/fl6.eml" >/dev/null
check "rate: next hour one more answer (3 a day)" [ "$(nout)" = 3 ]
check "rate: then the daily limit" [ "$(all_ev)" = "rate_limit_day rate_limit_hour rate_limit_hour " ]
before=$(ndelivered)
RG_NOW=+7300 rg send --once >/dev/null
check "rate: only the 3 queued answers are delivered" [ "$(ndelivered)" -eq $((before + 3)) ]

# 14. Without --once, send runs until SIGTERM and stops cleanly.
mail 'Sam <late@brand12.example>' 'Report' "Infringing: $LISTING" lt1@brand12.example > "$T/lt.eml"
rg ingest "$T/lt.eml" >/dev/null
REFL=$(rg cases list --json | js 'L[-1]["ref"]')
"$REPORTGATE" send 2>"$T/err.loop" &
spid=$!
i=0
while [ $i -lt 100 ] && [ "$(outbox_status "$REFL")" != "['sent']" ]; do
	sleep 0.1
	i=$((i + 1))
done
check "send (service mode) delivers a new mail" [ "$(outbox_status "$REFL")" = "['sent']" ]
kill -TERM $spid
wait $spid
check "SIGTERM: exit 0" [ $? -eq 0 ]
check "SIGTERM: stop logged" grep -q "event=send.stopped" "$T/err.loop"

# 15. Usage.
rg send --bogus >/dev/null 2>&1
check "send with a bad option: exit 2" [ $? -eq 2 ]
printf '[store]\npath = %s/x.db\nattachments_dir = %s/att\n' "$T" "$T" > "$T/nosmtp.conf"
"$REPORTGATE" --config "$T/nosmtp.conf" send --once >/dev/null 2>"$T/err.n"
check "send without smtp.url: exit 1 naming smtp.url" sh -c '[ $0 -eq 1 ] && grep -q smtp.url "$1"' $? "$T/err.n"

echo "1..$n"
