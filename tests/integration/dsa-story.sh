#!/bin/bash
# tests/integration/dsa-story.sh - the Digital Services Act story of
# issue 17 end to end: every party's mail goes through a throwaway
# Dovecot (dovecot.sh, imaps) and `reportgate poll --once`, every mail of
# the gateway through `send --once` to a real SMTP receiver
# (smtp-server.sh), staff steps through the command line, and every
# time is set with the test clock RG_NOW, so the test knows when each
# notice was received, acknowledged and decided. The story: a rights
# holder's notice ends in a removal and another in a vendor's account
# suspension; each decision mail is read back and holds every element of
# Art. 17 (checked one by one), each statement is stored as mailed, each
# `sor export` line is accepted by a local Transparency Database API
# server (tdb_server.py) and `sor submit` run twice sends each statement
# once; the removed vendor's reply within six months is a complaint that
# alice, who decided, may not decide and bob reverses, reinstating the
# listing and mailing both parties; the suspended vendor's complaint is
# upheld, and a rejected reporter's reply after six months is none; a
# trusted flagger's notice lists first; of a reporter's
# notices the third after two unfounded ones in [dsa]
# unfounded_window_days is held, of another's whose first unfounded one
# is older than the window it is not; finally `report --json` over the
# story's days must give the counts and the median and 90th-percentile
# times that follow from the times the test set (named below, each step
# at its own second). TAP output. Needs root, dovecot-imapd,
# python3-aiosmtpd and curl, else skips.
set -u
: "${REPORTGATE:?}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
DOVECOT_SH=$srcdir/tests/integration/dovecot.sh
SRV=$srcdir/tests/integration/smtp-server.sh
MK=$srcdir/tests/integration/mkmail.py
PY=/usr/bin/python3
T0=1790000000		# 2026-09-21 14:13:20 UTC, a Monday

# shellcheck source=tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"
need_dovecot
"$SRV" check || skip_all "python3-aiosmtpd not installed"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"

T=$(mktemp -d "${TMPDIR:-/tmp}/rg-dsa-story-XXXXXX")
chmod o+x "$T"
DC=$T/dovecot
cleanup() {
	# shellcheck disable=SC2086
	[ -z "${TDBPIDS:-}" ] || kill $TDBPIDS 2>/dev/null
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
export SMTP_WATCH_PID=$$ SMTP_MAX_LIFETIME=600
"$SRV" start "$SMTP" "$T/srv" >/dev/null 2>"$T/srv.err" ||
	skip_all "smtp server did not start: $(head -c 200 "$T/srv.err")"
# Two local Transparency Databases (tdb_server.py, the API's rules): one
# takes the exported lines as they are, the other `sor submit`'s POSTs.
TDB=$srcdir/tests/integration/tdb_server.py
echo 'story-token-0123456789' > "$T/tdb-token"
chmod 600 "$T/tdb-token"
TDBPIDS=
for db in export submit; do
	"$PY" "$TDB" --token story-token-0123456789 --port-file "$T/$db.port" \
		2>"$T/$db.log" &
	TDBPIDS="$TDBPIDS $!"
done
for i in $(seq 100); do [ -s "$T/export.port" ] && [ -s "$T/submit.port" ] && break; sleep 0.1; done
TDB_PORT=$(cat "$T/submit.port")
XPORT=$(cat "$T/export.port")
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
trusted_flaggers = @flagger.example
unfounded_warn = 1
unfounded_suspend = 2
unfounded_window_days = 30
repeat_threshold = 1
terms_clause = Marketplace Terms of Use, section 7.3
redress_text = the Example Dispute Board, https://odr.example
api_url = http://127.0.0.1:$TDB_PORT
token_file = $T/tdb-token
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
rg() { "$REPORTGATE" "$@" 2>>"$T/rg.log"; }
# at SECONDS CMD...: runs reportgate at T0 + SECONDS.
at() { local t=$1; shift; RG_NOW=$((T0 + t)) rg "$@"; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
mk() { local f=$1; shift; "$PY" "$MK" "$@" > "$f"; }
# arrive SECONDS FILE: the mail reaches the mailbox; poll files it then.
arrive() {
	bash "$DOVECOT_SH" deliver "$DC" "$2" >/dev/null
	at "$1" poll --once >/dev/null
}

# collect: the mails that reached the receiver since the last call, into
# $T/got/<n>.{to,subject,id,body}; one "n to subject" line each.
mkdir -p "$T/got"
echo 0 > "$T/seen"
cat > "$T/collect.py" <<'PYEOF'
import email, email.policy, os, sys
srv, dst, seenf = sys.argv[1:4]
seen = int(open(seenf).read())
nd = os.path.join(srv, "Maildir", "new")
names = sorted((f for f in os.listdir(nd) if f.endswith(".eml")),
               key=lambda f: int(f.split(".")[0]))
for f in names[seen:]:
    seen += 1
    with open(os.path.join(nd, f), "rb") as fh:
        m = email.message_from_binary_file(fh, policy=email.policy.default)
    body = m.get_body(("plain",))
    vals = {
        "to": " ".join(a.addr_spec for a in m["To"].addresses),
        "subject": str(m["Subject"]).replace("\n", " "),
        "id": str(m["Message-ID"] or "").strip(),
        "body": body.get_content() if body is not None else "",
    }
    for k, v in vals.items():
        with open(os.path.join(dst, "%d.%s" % (seen, k)), "w") as out:
            out.write(v if k == "body" else v + "\n")
    print(seen, vals["to"], vals["subject"])
open(seenf, "w").write(str(seen))
PYEOF
# deliver SECONDS: send --once at T0 + SECONDS, then collect into $T/step.
deliver() {
	at "$1" send --once >/dev/null
	"$PY" "$T/collect.py" "$T/srv" "$T/got" "$T/seen" > "$T/step"
}
# step_is N ADDRESS...: the last delivery brought N mails, one to each.
step_is() {
	local want=$1 a
	shift
	[ "$(wc -l < "$T/step")" -eq "$want" ] || return 1
	for a; do grep -q " $a " "$T/step" || return 1; done
}
# mail_to ADDRESS: the number of the last mail collected for ADDRESS.
mail_to() { grep -lx "$1" "$T/got/"*.to 2>/dev/null | sed 's|.*/||; s|\.to$||' | sort -n | tail -n 1; }
has() { grep -qF -- "$2" "$T/got/$1.body"; }
# last_ref: the case filed last (each at its own RG_NOW second).
last_ref() { rg cases list --all --json | js 'max(L, key=lambda c: (c["created"], c["ref"]))["ref"]'; }
tracks() { rg cases show "$1" --json | js '" ".join(l["listing_id"]+":"+l["status"] for l in L[0]["listing_details"])'; }

printf 'listing_id,vendor_name,vendor_email,title\n%s\n%s\n' \
	'dsa00001,Shop One,one@shop1.example,Photo editor' \
	'dsa00002,Shop Two,two@shop2.example,Font pack' > "$T/dir.csv"
rg listings import "$T/dir.csv" >/dev/null
# notice FILE FROM MSGID LISTING: a complete notice of a rights holder.
notice() {
	mk "$1" --from "$2" --subject "Trademark infringement $4" \
		--message-id "$3" --attach passport.pdf --body "Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Jurisdiction: US
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
https://marketplace.alibabacloud.com/products/1/$4.html"
}
ANN='Ann Holder <ann@brand.example>'
BEA='Bea Counsel <bea@law.example>'

# The story's times, seconds after T0: each notice's receipt (R_), its
# acknowledgement's delivery (K_) and its first decision (D_).
R_A=0 R_B=120 K_AB=300 D_A=3600 D_B=7200
# Complaints: filed by the vendors' replies (C_), acknowledged (KC_),
# decided by staff (X_), the decision mailed (KX_).
C_A=20000 KC_A=20060 X_A=22000 KX_A=22100
C_B=30000 KC_B=30060 X_B=200000 KX_B=200100
R_F=100000 K_F=100060
R_N1=110000 K_N1=110030 D_N1=111000
R_N2=112000 K_N2=112050 D_N2=113000
R_N3=114000 K_N3=114100
R_L1=120000 K_L1=120040 D_L1=121000
R_L2=$((D_L1 + 31 * 86400))	# past the 30 days' window of L1's rejection
K_L2=$((R_L2 + 70)) D_L2=$((R_L2 + 600))
R_L3=$((R_L2 + 1000)) K_L3=$((R_L2 + 1020))

day() { date -u -d "@$((T0 + $1))" +%Y-%m-%d; }	# day SECONDS: its UTC date

# ---- 1. two notices arrive and are acknowledged ----
notice "$T/a.eml" "$ANN" story-a@brand.example dsa00001
arrive $R_A "$T/a.eml"
A=$(last_ref)
notice "$T/b.eml" "$BEA" story-b@law.example dsa00002
arrive $R_B "$T/b.eml"
B=$(last_ref)
check "two notices filed through IMAP ($A, $B)" [ "$(rg cases list --json | wc -l) $(tracks "$A") $(tracks "$B")" = "2 dsa00001:reported dsa00002:reported" ]
deliver $K_AB
check "both acknowledged at +$K_AB s" step_is 2 ann@brand.example bea@law.example

# ---- 2. a removal and an account suspension ----
at 3000 cases accept "$A" --as alice --reason "registration checked" >/dev/null
at $D_A cases act "$A" removal --as alice --ground illegal \
	--reason "The listing uses the Acme trademark without a licence." >/dev/null
at 6000 cases accept "$B" --as alice --reason "registration checked" >/dev/null
at $D_B cases act "$B" suspension --vendor two@shop2.example --as alice \
	--until 2027-03-31 --ground terms \
	--explanation "Counterfeit fonts sold under the Acme mark." \
	--reason "Counterfeit fonts sold under the Acme mark." >/dev/null
deliver 7300
check "notices and decisions: to each vendor twice, to each reporter once" \
	step_is 6 one@shop1.example two@shop2.example ann@brand.example bea@law.example
check "the listing is removed, the second vendor suspended" \
	[ "$(tracks "$A") $(rg cases show "$B" --json | js 'L[0]["status"]')" = "dsa00001:removed action_taken" ]
D1=$(mail_to one@shop1.example)
D2=$(mail_to two@shop2.example)
check "the removal's decision mail names the listing and the reason" \
	sh -c 'grep -qF dsa00001 "$1" && grep -qF "without a licence" "$1"' _ "$T/got/$D1.body"
check "the suspension's decision mail names the reason" \
	has "$D2" "Counterfeit fonts sold under the Acme mark."

# ---- 3. each decision mail holds every element of Art. 17 ----
art17() {	# art17 MAIL DESCRIPTION TEXT: one element, checked
	check "$2" has "$1" "$3"
}
art17 "$D1" "removal: a statement of reasons" "STATEMENT OF REASONS (Article 17"
art17 "$D1" "removal: the restriction" "Restriction:        removal of the listing"
art17 "$D1" "removal: the listing concerned" "- https://marketplace.alibabacloud.com/products/1/dsa00001.html"
art17 "$D1" "removal: territorial scope, the EEA by default" "Territorial scope:  the European Economic Area (AT BE BG"
art17 "$D1" "removal: duration" "Duration:           permanent, unless reversed"
art17 "$D1" "removal: the notice it rests on, by date" "notice received on 2026-09-21"
art17 "$D1" "removal: the notice's source type" "a notice under Article 16 DSA"
art17 "$D1" "removal: the right claimed" "trademark, registration number US 5551234"
art17 "$D1" "removal: the evidence seen" "passport.pdf (proof of identity)"
art17 "$D1" "removal: automated means" "No automated means were used"
art17 "$D1" "removal: the legal ground" "Legal ground: the content is illegal"
art17 "$D1" "removal: the explanation" "Explanation: The listing uses the Acme trademark without a licence."
art17 "$D1" "removal: redress, an internal complaint within six months" "reply to this message within six months"
art17 "$D1" "removal: redress, out-of-court bodies" "the Example Dispute Board, https://odr.example"
art17 "$D1" "removal: redress, a court" "competent court"
art17 "$D2" "suspension: a statement of reasons" "STATEMENT OF REASONS (Article 17"
art17 "$D2" "suspension: the restriction" "Restriction:        suspension of the vendor's account"
art17 "$D2" "suspension: the account concerned" "Account concerned:  two@shop2.example"
art17 "$D2" "suspension: territorial scope" "Territorial scope:  the European Economic Area (AT BE BG"
art17 "$D2" "suspension: duration from --until" "Duration:           until 2027-03-31"
art17 "$D2" "suspension: the notice's date and source" "notice received on 2026-09-21"
art17 "$D2" "suspension: the source type" "a notice under Article 16 DSA"
art17 "$D2" "suspension: the right claimed" "trademark, registration number US 5551234"
art17 "$D2" "suspension: automated means" "No automated means were used"
art17 "$D2" "suspension: the contractual ground names the clause" "Contractual ground: the content is incompatible with Marketplace Terms of Use, section 7.3."
art17 "$D2" "suspension: the explanation" "Explanation: Counterfeit fonts sold under the Acme mark."
art17 "$D2" "suspension: redress, complaint, out-of-court, court" "reply to this message within six months"
check "suspension: out-of-court bodies and a court" sh -c 'grep -qF "the Example Dispute Board" "$1" && grep -qF "competent court" "$1"' _ "$T/got/$D2.body"
R1=$(mail_to ann@brand.example)
check "the reporter's decision mail carries no statement of reasons" \
	sh -c 'grep -qF "dsa00001" "$1" && ! grep -qF "STATEMENT OF REASONS" "$1"' _ "$T/got/$R1.body"

# ---- 4. the statements are stored as mailed, exported and submitted ----
rg sor list --json > "$T/sor.json"
check "two statements stored: the removal and the suspension" \
	[ "$(js '[x["restriction"] for x in L]' < "$T/sor.json")" = "['removal', 'suspension']" ]
"$PY" - "$T/sor.json" "$T/got/$D1.body" "$T/got/$D2.body" <<'PYEOF' && ok "each stored statement is the text mailed" || notok "each stored statement is the text mailed"
import json, sys
st = [json.loads(l) for l in open(sys.argv[1])]
mails = [open(f).read() for f in sys.argv[2:4]]
sys.exit(0 if all(s["text"].startswith("STATEMENT OF REASONS") and s["text"].strip() in m.replace("\r", "") for s, m in zip(st, mails)) else 1)
PYEOF
rg sor export --since 2026-09-21 --until 2026-09-30 > "$T/export.jsonl"
check "sor export: one line per restriction" [ "$(wc -l < "$T/export.jsonl")" = 2 ]
codes=
while IFS= read -r line; do
	codes="$codes $(printf '%s' "$line" | curl -s -o /dev/null -w '%{http_code}' \
		-H 'Authorization: Bearer story-token-0123456789' \
		-H 'Content-Type: application/json' -H 'Accept: application/json' \
		--data-binary @- \
		"http://127.0.0.1:$XPORT/api/v1/statement")"
done < "$T/export.jsonl"
check "the local API server accepts each exported line (201)" [ "$codes" = " 201 201" ]
at 8000 sor submit > "$T/submit1"
at 8100 sor submit > "$T/submit2"
stats() { curl -s "http://127.0.0.1:$TDB_PORT/_stats" | js "$1"; }
check "submitting twice sends each statement once" \
	[ "$(cat "$T/submit1") / $(cat "$T/submit2") / $(stats '[L[0]["posts"], L[0]["created"]]')" = \
	"sent 2, duplicates 0, failed 0, left 0 / sent 0, duplicates 0, failed 0, left 0 / [2, 2]" ]
check "the puids submitted are the ones exported" \
	[ "$(stats 'sorted(L[0]["puids"])')" = "$(js 'sorted(x["puid"] for x in L)' < "$T/export.jsonl")" ]

# ---- 5. complaints: the vendors reply to their decisions ----
# reply FROM MAIL MSGID BODY: a reply to the collected mail MAIL.
reply() {
	mk "$T/$3.eml" --from "$1" --subject "Re: $(cat "$T/got/$2.subject")" \
		--in-reply-to "$(tr -d '<>\n' < "$T/got/$2.id")" \
		--message-id "$3@story.example" --body "$4"
}
reply 'Shop One <one@shop1.example>' "$D1" complaint-a \
	"We hold licence L-42 from Acme; please review this decision."
arrive $C_A "$T/complaint-a.eml"
deliver $KC_A
check "the removed vendor's reply within six months: a complaint, acknowledged to it alone" \
	step_is 1 one@shop1.example
K=$(mail_to one@shop1.example)
cdue=$(rg cases show "$A" --json | js 'L[0]["complaints"][0]["answer_by"]')
check "the acknowledgement says to expect the answer by $(day $((C_A + 14 * 86400))), 14 days on" \
	sh -c '[ "$1" = "$2" ] && grep -qF "We received your complaint" "$3" && grep -qF "by $1" "$3"' _ \
	"$cdue" "$(day $((C_A + 14 * 86400)))" "$T/got/$K.body"
check "the listing's track is complaint, the case flagged" \
	[ "$(tracks "$A") $(rg cases show "$A" --json | js 'L[0]["needs_staff"]')" = "dsa00001:complaint True" ]
RG_NOW=$((T0 + X_A - 1000)) "$REPORTGATE" cases complaint "$A" uphold \
	--reason "Still no licence." --as alice > /dev/null 2> "$T/refused"
rc=$?
check "alice, who decided the removal, may not decide the complaint (exit 1, says why)" \
	sh -c '[ "$1" = 1 ] && grep -qF "alice took the decision" "$2"' _ "$rc" "$T/refused"
check "... and nothing changed" [ "$(tracks "$A")" = "dsa00001:complaint" ]
at $X_A cases complaint "$A" reverse --reason "Licence L-42 is genuine." --as bob > /dev/null
check "bob reverses it: the listing is reinstated" [ "$(tracks "$A")" = "dsa00001:reinstated" ]
deliver $KX_A
check "the reversal is mailed to both parties, the vendor and the rights holder" \
	step_is 2 one@shop1.example ann@brand.example
K=$(mail_to one@shop1.example)
check "the vendor: decision reversed, with the reasons" \
	sh -c 'grep -qF "we reversed our decision" "$1" && grep -qF "Licence L-42 is genuine." "$1"' _ "$T/got/$K.body"
K=$(mail_to ann@brand.example)
check "the rights holder: the listing is reinstated" \
	sh -c 'grep -qF "reinstatement" "$1" && grep -qF dsa00001 "$2"' _ "$T/got/$K.subject" "$T/got/$K.body"
# The suspended vendor complains too; bob upholds the suspension.
reply 'Shop Two <two@shop2.example>' "$D2" complaint-b "Our fonts are licensed."
arrive $C_B "$T/complaint-b.eml"
deliver $KC_B
check "the suspended vendor's reply: a complaint on the case, acknowledged" \
	sh -c '[ "$1" = complaint ] && grep -qF "We received your complaint" "$2"' _ \
	"$(rg cases show "$B" --json | js 'L[0]["status"]')" "$T/got/$(mail_to two@shop2.example).body"
at $X_B cases complaint "$B" uphold --reason "The fonts carry the Acme mark." --as bob > /dev/null
deliver $KX_B
check "bob upholds the suspension; the vendor is told, with the reasons" \
	sh -c 'grep -qF "we upheld our decision" "$1" && grep -qF "The fonts carry the Acme mark." "$1"' _ \
	"$T/got/$(mail_to two@shop2.example).body"

# ---- 6. a trusted flagger's notice lists first ----
# authenticated NOTICE-FILE FROM: the trusted MX's DMARC pass on top.
authenticated() {
	{ printf 'Authentication-Results: mx.gw.example.net; dmarc=pass header.from=%s\n' "${2##*@}"
	  cat "$1"; } > "$1.auth"
}
notice "$T/f.eml" 'Watch Desk <watch@flagger.example>' story-f@flagger.example dsa00002
authenticated "$T/f.eml" flagger.example
arrive $R_F "$T/f.eml.auth"
F=$(last_ref)
deliver $K_F
check "the trusted flagger's notice ($F) lists first, as trusted_flagger" \
	[ "$(rg cases list --json | js 'L[0]["ref"], L[0]["source_type"]')" = "('$F', 'trusted_flagger')" ]

# ---- 7. the third report of an address with two unfounded ones is held ----
# filed FROM NAME R K: NAME's notice on dsa00002 arrives at R and is
# acknowledged at K; prints its reference.
filed() {
	notice "$T/$2.eml" "$1" "story-$2@spam.example" dsa00002
	arrive "$3" "$T/$2.eml"
	last_ref
	deliver "$4"
}
unfounded() { at "$2" cases reject "$1" --unfounded --reason "No right is named." --as alice >/dev/null; }
held() { rg cases show "$1" --json | js 'L[0]["held"]'; }
NOISY='Noisy Person <noisy@spam.example>'
N1=$(filed "$NOISY" n1 $R_N1 $K_N1)
unfounded "$N1" $D_N1
N2=$(filed "$NOISY" n2 $R_N2 $K_N2)
unfounded "$N2" $D_N2
N3=$(filed "$NOISY" n3 $R_N3 $K_N3)
check "two unfounded notices, then the third ($N3) is held" \
	[ "$(held "$N1") $(held "$N2") $(held "$N3")" = "False False True" ]
K=$(mail_to noisy@spam.example)
check "its acknowledgement says it is held" has "$K" "held"
# Another reporter: its first unfounded notice is out of the window when
# the second is rejected, so its third notice is not held.
LATE='Late Person <late@spam.example>'
L1=$(filed "$LATE" l1 $R_L1 $K_L1)
unfounded "$L1" $D_L1
L2=$(filed "$LATE" l2 $R_L2 $K_L2)
unfounded "$L2" $D_L2
L3=$(filed "$LATE" l3 $R_L3 $K_L3)
check "two unfounded notices 31 days apart: the third ($L3) is not held" \
	[ "$(rg cases show "$L2" --json | js '"case.unfounded" in [e["type"] for e in L[0]["events"]]') $(held "$L3")" = "True False" ]

# ---- last: the transparency report over the story's days ----
rg report --from "$(day $R_A)" --to "$(day $R_L3)" --json > "$T/report.json"
diag "$(cat "$T/report.json")"
J() { js "$1" < "$T/report.json"; }
# Durations from the story's times: every notice acknowledged; decided
# are A, B (restrictions), N1, N2, L1, L2 (unfounded), not F (pending),
# nor N3 (held) nor L3. Nearest rank over the sorted durations.
ACKS="$((K_AB - R_A)) $((K_AB - R_B)) $((K_F - R_F)) $((K_N1 - R_N1)) $((K_N2 - R_N2)) $((K_N3 - R_N3)) $((K_L1 - R_L1)) $((K_L2 - R_L2)) $((K_L3 - R_L3))"
DECS="$((D_A - R_A)) $((D_B - R_B)) $((D_N1 - R_N1)) $((D_N2 - R_N2)) $((D_L1 - R_L1)) $((D_L2 - R_L2))"
rank() {	# rank P VALUES...: the nearest-rank P-th percentile
	local p=$1
	shift
	printf '%s\n' "$@" | sort -n | awk -v p="$p" '{v[NR] = $1}
		END {r = int((p * NR + 99) / 100); print v[r]}'
}
times() {	# times VALUES...: the report's object for these durations
	echo "{'count': $#, 'median_seconds': $(rank 50 "$@"), 'p90_seconds': $(rank 90 "$@")}"
}
check "report: nine notices, all IP: eight Art. 16, the trusted flagger's" \
	[ "$(J 'L[0]["notices"], L[0]["notices_by_stream"], L[0]["notices_by_category"], L[0]["notices_by_source"]')" = \
	"(9, {'ip': 9, 'abuse': 0}, {'intellectual_property': 9}, {'article_16': 8, 'trusted_flagger': 1, 'other_notification': 0, 'voluntary': 0})" ]
check "report: outcomes - A and B restricted, N1 N2 L1 L2 unfounded, F N3 L3 pending" \
	[ "$(J 'L[0]["outcomes"]')" = "{'restricted': 2, 'unfounded': 4, 'rejected': 0, 'no_action': 0, 'closed': 0, 'pending': 3}" ]
check "report: a removal and a suspension; no counter-notice" \
	[ "$(J 'L[0]["restrictions"], L[0]["counter_notices"]')" = \
	"({'removal': 1, 'posting_restriction': 0, 'suspension': 1, 'termination': 0}, {'filed': 0, 'accepted': 0, 'rejected': 0})" ]
check "report: two complaints, A's reversed, B's upheld" \
	[ "$(J 'L[0]["complaints"]')" = "{'filed': 2, 'upheld': 1, 'reversed': 1, 'pending': 0}" ]
# The first day alone: the complaints filed and decided before its end.
END1=$((86400 - T0 % 86400))	# seconds after T0 of the first midnight
by1() { [ "$1" -lt "$END1" ] && echo 1 || echo 0; }
cf=$(($(by1 $C_A) + $(by1 $C_B))) cr=$(by1 $X_A) cu=$(by1 $X_B)
check "report of $(day 0) alone: $cf filed, $cr reversed, $cu upheld, $((cf - cr - cu)) pending at its end" \
	[ "$(rg report --from "$(day 0)" --to "$(day 0)" --json | js 'L[0]["complaints"]')" = \
	"{'filed': $cf, 'upheld': $cu, 'reversed': $cr, 'pending': $((cf - cr - cu))}" ]
check "report: N3 held; shop one a repeat infringer at its removal (threshold 1)" \
	[ "$(J 'L[0]["held"], L[0]["repeat_infringers"]')" = "(1, 1)" ]
# shellcheck disable=SC2086
check "report: time to acknowledgement as set (median $(rank 50 $ACKS) s, p90 $(rank 90 $ACKS) s)" \
	[ "$(J 'L[0]["time_to_acknowledgement"]')" = "$(times $ACKS)" ]
# shellcheck disable=SC2086
check "report: time to decision as set (median $(rank 50 $DECS) s, p90 $(rank 90 $DECS) s)" \
	[ "$(J 'L[0]["time_to_decision"]')" = "$(times $DECS)" ]

# ---- 8. after six months a reply is no complaint ----
# L1's reporter answers its rejection 184 days on: an ordinary follow-up.
R_LATE=$((D_L1 + 184 * 86400))
J1=$(grep -lF "[$L1] We cannot accept" "$T/got/"*.subject | sed 's|.*/||; s|\.subject$||')
reply "$LATE" "$J1" late-reply "It is our trademark, please look again."
arrive $R_LATE "$T/late-reply.eml"
deliver $((R_LATE + 60))
check "a rejected reporter's reply after six months opens no complaint" \
	sh -c '[ "$1" = "0 rejected" ] && ! grep -qF "complaint" "$2"' _ \
	"$(rg cases show "$L1" --json | js 'len(L[0]["complaints"]), L[0]["status"]' | tr -d '(),'"'")" \
	"$T/got/$(mail_to late@spam.example).subject"

echo "1..$n"
[ "$fails" -eq 0 ]
