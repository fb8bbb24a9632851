#!/bin/sh
# tests/integration/ingest.sh - reportgate ingest and cases list/show
# against a temporary database: .eml, Maildir, mbox (mboxrd unquoting),
# re-ingest without duplicates, follow-ups from the reporter and from a
# stranger, quarantine (empty and oversized messages), and evidence that
# accumulates over a case's messages (needs the real parser: skipped when
# `reportgate parse` is not built). TAP output.
set -u
: "${REPORTGATE:?}"
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-ingest-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

if [ ! -x "$PY" ]; then
	echo "1..0 # SKIP no $PY"
	exit 0
fi
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[intake]
trusted_authserv_id = mx.gw.example.net

[limits]
max_message_bytes = 20000
max_header_bytes = 16384
CONF
export REPORTGATE_CONFIG="$T/rg.conf"
Y=$(date -u +%Y)
rg() { "$REPORTGATE" "$@" 2>>"$T/log"; }
# jq-like: reads JSON lines on stdin, evaluates a Python expression over
# L (list of objects); prints the result.
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }

mail() {	# mail FROM SUBJECT BODY [MESSAGE-ID]
	printf 'From: %s\nTo: ip-reports@gw.example.net\nSubject: %s\nMessage-ID: <%s>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
		"$1" "$2" "${4:-$(date +%s%N)@x.example}" "$3"
}

# 1. One .eml file.
mail 'Jane Doe <jane@brand.example>' 'Infringing listing' \
	'Our trademark is infringed: https://marketplace.alibabacloud.com/products/56700001/cmjj00012345.html' \
	first@brand.example > "$T/one.eml"
out=$(rg ingest "$T/one.eml")
check ".eml filed (exit 0)" [ $? -eq 0 ]
check ".eml summary says filed 1" [ "$(echo "$out" | head -c 8)" = "filed 1," ]
REF1=$(rg cases list --json | js 'L[0]["ref"]')
check "first case reference IPR-$Y-000001" [ "$REF1" = "IPR-$Y-000001" ]
check "case list has the keys of SPEC §8" [ "$(rg cases list --json | js 'sorted(L[0].keys())')" = \
	"['created', 'held', 'kind', 'listings', 'missing', 'needs_staff', 'overdue', 'ref', 'repeat_infringer', 'rights_holder', 'source_type', 'status', 'stream', 'submitter', 'updated']" ]
check "created is ISO 8601 UTC" sh -c "rg() { \"$REPORTGATE\" \"\$@\"; }; rg cases list --json | grep -q '\"created\":\"$Y-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z\"'"

# 2. A Maildir with new/ and cur/.
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
mail 'a@one.example' 'Report A' 'listing https://marketplace.alibabacloud.com/products/1/aaa.html' > "$T/md/new/1.host"
mail 'b@two.example' 'Report B' 'listing https://marketplace.alibabacloud.com/products/1/bbb.html' > "$T/md/cur/2.host:2,S"
out=$(rg ingest "$T/md")
check "Maildir: both messages filed" [ "$(echo "$out" | head -c 8)" = "filed 2," ]


# 3. An mbox with an mboxrd-quoted line and a From line not after a blank.
{
	printf 'From a@x Mon Nov 23 10:00:00 2026\n'
	mail 'c@three.example' 'Mbox one' 'line
>From here, quoted
>>From twice
From inside a paragraph (no blank line before)'
	printf '\nFrom b@x Mon Nov 23 10:00:01 2026\n'
	mail 'd@four.example' 'Mbox two' 'second'
	printf '\nFrom c@x Mon Nov 23 10:00:02 2026\n'
	mail 'e@five.example' 'Mbox three' 'third'
	printf '\n'
} > "$T/box.mbox"
out=$(rg ingest "$T/box.mbox")
check "mbox: three messages filed" [ "$(echo "$out" | head -c 8)" = "filed 3," ]
# The first message as it must come out of the mbox: the lines after its
# From_ line up to the blank line before the next, one '>' removed.
REF_MB=$(rg cases list --json | js '[c["ref"] for c in L][3]')
sha_db=$(rg cases show --json "$REF_MB" | js 'L[0]["messages"][0]["sha256"]')
sha_want=$(sed -n '2,/^From inside/p' "$T/box.mbox" | sed 's/^>\(>*From \)/\1/' | sha256sum | cut -d' ' -f1)
check "mbox: >From unquoted, message bytes exact" [ "$sha_db" = "$sha_want" ]
REF_MB3=$(rg cases list --json | js '[c["ref"] for c in L][5]')
sha3_db=$(rg cases show --json "$REF_MB3" | js 'L[0]["messages"][0]["sha256"]')
sha3_want=$(sed -n '/^From c@x/,$p' "$T/box.mbox" | sed '1d;$d' | sha256sum | cut -d' ' -f1)
check "mbox: last message without the trailing separator line" [ "$sha3_db" = "$sha3_want" ]

# 4. Re-ingest everything: no new case.
before=$(rg cases list --json | wc -l)
out=$(rg ingest "$T/one.eml" "$T/md" "$T/box.mbox")
check "re-ingest: summary filed 0, duplicates 6" [ "$out" = "filed 0, duplicates 6, quarantined 0, failed 0" ]
check "re-ingest: no new case" [ "$(rg cases list --json | wc -l)" -eq "$before" ]
cp "$T/one.eml" "$T/copy.eml"
out=$(rg ingest "$T/copy.eml")
check "same bytes at another path: duplicate" [ "$out" = "filed 0, duplicates 1, quarantined 0, failed 0" ]

# 5. A follow-up from the reporter joins the case.
mail 'Jane Doe <JANE@brand.example>' "Re: [$REF1] more information" 'See above.' > "$T/fu.eml"
rg ingest "$T/fu.eml" >/dev/null
check "follow-up from reporter: no new case" [ "$(rg cases list --json | wc -l)" -eq "$before" ]
check "follow-up from reporter: case has 2 messages" [ "$(rg cases show --json "$REF1" | js 'len(L[0]["messages"])')" = 2 ]

# 6. A stranger naming the case gets a new linked, flagged case.
mail 'Eve <eve@evil.example>' "Re: [$REF1] hello" 'I object.' > "$T/st.eml"
rg ingest "$T/st.eml" >/dev/null
check "stranger: one new case" [ "$(rg cases list --json | wc -l)" -eq $((before + 1)) ]
REFS=$(rg cases list --json | js 'L[-1]["ref"]')
check "stranger: original case untouched (2 messages)" [ "$(rg cases show --json "$REF1" | js 'len(L[0]["messages"])')" = 2 ]
check "stranger: new case linked to the named one" [ "$(rg cases show --json "$REFS" | js 'L[0]["linked_to"]')" = "$REF1" ]
check "stranger: new case needs staff" [ "$(rg cases show --json "$REFS" | js 'L[0]["needs_staff"]')" = True ]
check "stranger: flagged event" sh -c "\"$REPORTGATE\" cases show --json $REFS | grep -q case.flagged"

# 7. Quarantine: an empty message and one over limits.max_message_bytes.
: > "$T/empty.eml"
out=$(rg ingest "$T/empty.eml")
check "empty message quarantined (exit 0)" [ "$out" = "filed 0, duplicates 0, quarantined 1, failed 0" ]
{ mail 'big@x.example' 'Big' 'x'; head -c 30000 /dev/zero | tr '\0' 'a'; } > "$T/big.eml"
out=$(rg ingest "$T/big.eml")
check "oversized message quarantined" [ "$out" = "filed 0, duplicates 0, quarantined 1, failed 0" ]
check "quarantine listed with reasons" [ "$(rg cases list --quarantine --json | js '[q["reason"].split(" ")[0] for q in L]')" = "['empty', 'message']" ]
out=$(rg ingest "$T/empty.eml")
check "re-ingest of a quarantined message: no second entry" [ "$(rg cases list --quarantine --json | wc -l)" -eq 2 ]
check "no case for quarantined messages" [ "$(rg cases list --json | wc -l)" -eq $((before + 1)) ]

# 8. Usage errors.
rg ingest >/dev/null 2>&1; check "ingest without PATH: exit 2" [ $? -eq 2 ]
rg ingest "$T/nonexistent.eml" >/dev/null 2>&1; check "missing file: exit 1" [ $? -eq 1 ]
rg cases show IPR-1999-000001 >/dev/null 2>&1; check "show unknown case: exit 1" [ $? -eq 1 ]

# 9. Evidence accumulates over messages (real parser only).
if "$REPORTGATE" parse --json "$T/one.eml" >/dev/null 2>&1; then
	B=rgboundary42
	{
		printf 'From: Ann Owner <ann@acme.example>\nTo: ip@gw.example.net\nSubject: Infringement report\nMessage-ID: <ev1@acme.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=%s\n\n' $B
		printf -- '--%s\nContent-Type: text/plain; charset=utf-8\n\nI am the owner of the ACME trademark.\nRelationship: rights holder\nOwnership proof: trademark_certificate.pdf\nInfringing listings:\nhttps://marketplace.alibabacloud.com/products/56700001/cmjj00099999.html\n\n' $B
		printf -- '--%s\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="trademark_certificate.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcOkw7zDtsOfCg==\n--%s--\n' $B $B
	} > "$T/ev1.eml"
	rg ingest "$T/ev1.eml" >/dev/null
	REFE=$(rg cases list --json | js 'L[-1]["ref"]')
	check "evidence: identity missing after the first report" [ "$(rg cases show --json "$REFE" | js 'L[0]["missing"]')" = "['identity_proof']" ]
	{
		# no acknowledgements here (no smtp.from): the follow-up is
		# authenticated by DMARC, as our MX says
		printf 'Authentication-Results: mx.gw.example.net; dmarc=pass header.from=acme.example\n'
		printf 'From: Ann Owner <ann@acme.example>\nTo: ip@gw.example.net\nSubject: Re: [%s] identity\nMessage-ID: <ev2@acme.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=%s\n\n' "$REFE" $B
		printf -- '--%s\nContent-Type: text/plain; charset=utf-8\n\nIdentity proof: passport.pdf\n\n' $B
		printf -- '--%s\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="passport.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKcGFzc3BvcnQK\n--%s--\n' $B $B
	} > "$T/ev2.eml"
	rg ingest "$T/ev2.eml" >/dev/null
	check "evidence: follow-up completes the case" [ "$(rg cases show --json "$REFE" | js 'L[0]["missing"]')" = "[]" ]
	check "evidence: status ready_for_review" [ "$(rg cases list --json --status ready_for_review | js '[c["ref"] for c in L]' | grep -c "$REFE")" -eq 1 ]
	sha=$(rg cases show --json "$REFE" | js 'L[0]["messages"][1]["attachments"][0]["sha256"]')
	ab=$(echo "$sha" | cut -c1-2)
	check "evidence: attachment stored under its hash" [ -f "$T/att/$ab/$sha" ]
	# A power loss after a commit but before the flush can take the
	# files a row names: seeing the message again puts them back.
	msha=$(sha256sum < "$T/ev2.eml" | cut -c1-64)
	mab=$(echo "$msha" | cut -c1-2)
	check "raw message stored as a file under its hash" \
		cmp -s "$T/ev2.eml" "$T/att/$mab/$msha"
	rm -f "$T/att/$ab/$sha" "$T/att/$mab/$msha"
	out=$(rg ingest "$T/ev2.eml")
	check "lost files: the message counts as a duplicate" \
		[ "$out" = "filed 0, duplicates 1, quarantined 0, failed 0" ]
	check "lost files: the attachment is back" [ -f "$T/att/$ab/$sha" ]
	check "lost files: the raw message is back, byte for byte" \
		cmp -s "$T/ev2.eml" "$T/att/$mab/$msha"
	check "lost files: repair logged" grep -q 'event=message.repair ' "$T/log"
	"$REPORTGATE" cases export "$REFE" --json > "$T/export.out" 2>>"$T/log"
	check "cases export gives the raw message back" sh -c "
		$PY -c 'import base64,json,sys
d=json.load(open(sys.argv[1]))
r=[base64.b64decode(m[\"base64\"]) for m in d[\"raw_messages\"] if m[\"sha256\"]==sys.argv[2]]
sys.exit(0 if r and r[0]==open(sys.argv[3],\"rb\").read() else 1)' '$T/export.out' '$msha' '$T/ev2.eml'"
else
	skip "evidence accumulation: reportgate parse not built (parser stub)"
	skip "evidence: follow-up completes the case (parser stub)"
	skip "evidence: status ready_for_review (parser stub)"
	skip "evidence: attachment stored under its hash (parser stub)"
	for w in raw-file duplicate attachment-back raw-back logged export; do
		skip "lost files: $w (parser stub)"
	done
fi

# 9. A plain folder of .eml files (not a Maildir).
mkdir -p "$T/plain"
mail 'f@six.example' 'Report F' 'listing https://marketplace.alibabacloud.com/products/1/fff.html' > "$T/plain/a.eml"
mail 'g@seven.example' 'Report G' 'listing https://marketplace.alibabacloud.com/products/1/ggg.html' > "$T/plain/b.eml"
out=$(rg ingest "$T/plain")
check "folder of .eml files: both filed" [ "$(echo "$out" | head -c 8)" = "filed 2," ]

echo "1..$n"
[ $fails -eq 0 ]
