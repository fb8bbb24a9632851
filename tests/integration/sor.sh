#!/bin/sh
# tests/integration/sor.sh - statements of reasons (DSA Art. 17) and the
# Transparency Database (Art. 24(5)) through the command line: a removal
# and an account suspension each mail the vendor a statement holding
# every element (checked one by one), stored exactly as mailed; a zh
# vendor mail carries the zh statement; --ground/--explanation/--until;
# `sor export` lines valid against the API's rules; `sor submit` to a
# local API server (tests/integration/tdb_server.py, loopback, free port)
# retries a 503, sends each statement once even when run twice, counts a
# duplicate puid as sent and stores the returned uuid; a refused token
# marks nothing sent. TAP output.
set -u
: "${REPORTGATE:?}"
: "${srcdir:?}"
PY=/usr/bin/python3
MK="$srcdir/tests/integration/mkmail.py"
SRV="$srcdir/tests/integration/tdb_server.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-sor-XXXXXX")
spid=
. "$srcdir/tests/integration/web-lib.sh"
cleanup() { [ -n "$spid" ] && kill "$spid" 2>/dev/null; web_cleanup; }
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ ! -x "$PY" ]; then
	echo "1..0 # SKIP no $PY"
	exit 0
fi

# The local Transparency Database: fails the first POST with 503.
echo 'tdb-token-0123456789' > "$T/token"
chmod 600 "$T/token"
"$PY" "$SRV" --token tdb-token-0123456789 --port-file "$T/port" \
	--fail-first 1 2>"$T/srv.log" &
spid=$!
for i in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port")

conf() { # FILE LANG
	cat > "$1" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att

[smtp]
from = IP Reports <ip-reports@gw.example.net>

[intake]
language = $2

[dsa]
territorial_scope = DE AT FR
terms_clause = Terms of Use, section 4.2
redress_text = the Example ODS Body, https://ods.example
redress_text_zh = 示例争议解决机构
api_url = http://127.0.0.1:$PORT
token_file = $T/token
CONF
}
conf "$T/rg.conf" en
conf "$T/zh.conf" zh
export REPORTGATE_CONFIG="$T/rg.conf"
RG_NOW=1790000000	# 2026-09-21
export RG_NOW
rg() { "$REPORTGATE" "$@" 2>>"$T/log"; }
js() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in sys.stdin if l.strip()]
print(eval(sys.argv[1]))' "$1"; }
# body OUTBOX_ID: the text of a queued mail
body() { "$PY" - "$T/rg.db" "$1" <<'PYEOF'
import email, sqlite3, sys
from email import policy
raw = sqlite3.connect(sys.argv[1]).execute(
    "SELECT raw FROM outbox WHERE id = ?", (int(sys.argv[2]),)).fetchone()[0]
m = email.message_from_bytes(raw, policy=policy.default)
print(m.get_body(("plain",)).get_content())
PYEOF
}
# last_decision ADDR: outbox id of the last decision mail to ADDR
last_decision() { "$PY" - "$T/rg.db" "$1" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = [i for (i, raw) in db.execute(
    "SELECT id, raw FROM outbox WHERE kind = 'decision' ORDER BY id")
    if ("To: " + sys.argv[2]).encode() in raw or
    ("<" + sys.argv[2] + ">").encode() in raw]
print(ids[-1] if ids else 0)
PYEOF
}

printf 'listing_id,vendor_name,vendor_email,title\nsor1,Shop One,one@shop.example,A\nsor2,Shop One,one@shop.example,B\nsor3,Shop Two,two@shop.example,C\n' > "$T/dir.csv"
rg listings import "$T/dir.csv" > /dev/null
"$PY" "$MK" --from 'Jane Roe <jane@brand.example>' \
	--subject "Trademark infringement" --attach passport.pdf \
	--body "Relationship: rights holder
Rights holder: Acme Software Ltd
IP type: trademark
Registration number: US 5551234
Identity proof: passport.pdf
Ownership: https://tsdr.uspto.gov/#caseNumber=5551234
Infringing listings:
https://marketplace.alibabacloud.com/products/1/sor1.html
https://marketplace.alibabacloud.com/products/1/sor2.html
https://marketplace.alibabacloud.com/products/1/sor3.html" > "$T/r.eml"
rg ingest "$T/r.eml" > /dev/null
REF=$(rg cases list --json | js 'L[-1]["ref"]')
rg cases accept "$REF" --as alice > /dev/null

# 1. Options refused before anything changes.
rg cases act "$REF" removal --listing sor1 --reason x --until 2026-12-31 \
	> /dev/null; rc=$?
check "--until on a removal: exit 1" [ $rc = 1 ]
rg cases act "$REF" suspension --vendor one@shop.example --reason x \
	--until 2026-02-30 > /dev/null; rc=$?
check "--until with no such day: exit 2" [ $rc = 2 ]
rg cases act "$REF" suspension --vendor one@shop.example --reason x \
	--until 2026-01-01 > /dev/null; rc=$?
check "--until in the past: exit 1" [ $rc = 1 ]
rg cases act "$REF" removal --listing sor1 --reason x --ground law \
	> /dev/null; rc=$?
check "--ground other than illegal|terms: exit 1" [ $rc = 1 ]
check "nothing stored by the refusals" [ "$(rg sor list | wc -l)" = 0 ]

# 2. A removal: the vendor's decision mail holds every Art. 17 element.
rg cases act "$REF" removal --listing sor1 --reason "The listing copies the Acme mark." \
	--as alice > /dev/null
id=$(last_decision one@shop.example)
body "$id" > "$T/removal.txt"
has() { grep -qF -- "$2" "$T/$1.txt"; }
check "removal: statement of reasons heading" has removal "STATEMENT OF REASONS (Article 17"
check "removal: the restriction" has removal "Restriction:        removal of the listing"
check "removal: the listing concerned" has removal "- https://marketplace.alibabacloud.com/products/1/sor1.html"
check "removal: not the vendor's other listing" sh -c "! grep -q 'sor2.html' '$T/removal.txt'"
check "removal: territorial scope from [dsa]" has removal "Territorial scope:  DE AT FR"
check "removal: duration" has removal "Duration:           permanent, unless reversed"
check "removal: the notice's date" has removal "notice received on 2026-09-21"
check "removal: the source type" has removal "a notice under Article 16 DSA"
check "removal: the rights holder (the notifier, needed to contest an IP claim)" has removal "Rights holder named in the notice: Acme Software Ltd"
check "removal: the right claimed" has removal "trademark, registration number US 5551234"
check "removal: the evidence seen" has removal "passport.pdf (proof of identity)"
check "removal: automated means" has removal "No automated means were used"
check "removal: legal ground (IP stream default)" has removal "Legal ground: the content is illegal - infringement of the intellectual property right claimed in the notice (trademark US 5551234"
check "removal: explanation = reason" has removal "Explanation: The listing copies the Acme mark."
check "removal: internal complaint within six months" has removal "reply to this message within six months (by
     2027-03-21)"
check "removal: out-of-court bodies from redress_text" has removal "the Example ODS Body, https://ods.example"
check "removal: court" has removal "competent court"
body "$(last_decision jane@brand.example)" > "$T/reporter.txt"
check "removal: the reporter's mail has no statement" sh -c "grep -q 'removal of the listing' '$T/reporter.txt' && ! grep -q 'STATEMENT OF REASONS' '$T/reporter.txt'"

# the stored statement is exactly what was mailed
rg sor list "$REF" --json > "$T/list.json"
check "one statement stored for the removal" [ "$(js 'len(L)' < "$T/list.json")" = 1 ]
"$PY" - "$T/list.json" "$T/removal.txt" <<'PYEOF' && ok "stored text = the mailed statement" || notok "stored text = the mailed statement"
import json, sys
st = json.loads(open(sys.argv[1]).readline())
mail = open(sys.argv[2]).read()
sys.exit(0 if st["text"] and st["text"] in mail and st["text"].startswith("STATEMENT OF REASONS") and "competent court" in st["text"] else 1)
PYEOF
check "stored: restriction, listing, vendor, ground, source, decider" [ "$(js '[L[0][k] for k in ("restriction","listing_id","vendor","ground","source_type","decided_by","lang")]' < "$T/list.json")" = "['removal', 'sor1', 'one@shop.example', 'illegal', 'article_16', 'alice', 'en']" ]

# 3. A suspension with --until, on the contractual ground.
rg cases act "$REF" suspension --vendor one@shop.example --until 2026-12-31 \
	--ground terms --explanation "Repeated counterfeit listings." \
	--reason "repeat infringer" --as bob > /dev/null
body "$(last_decision one@shop.example)" > "$T/susp.txt"
check "suspension: the restriction" has susp "Restriction:        suspension of the vendor's account"
check "suspension: the account concerned" has susp "Account concerned:  one@shop.example"
check "suspension: its listings named" has susp "sor2.html"
check "suspension: duration from --until" has susp "Duration:           until 2026-12-31"
check "suspension: contractual ground names terms_clause" has susp "Contractual ground: the content is incompatible with Terms of Use, section 4.2."
check "suspension: --explanation" has susp "Explanation: Repeated counterfeit listings."

# 4. The zh vendor mail: the statement in Chinese.
REPORTGATE_CONFIG="$T/zh.conf" rg cases act "$REF" removal --listing sor3 \
	--reason "仿冒商标" --as alice > /dev/null
body "$(last_decision two@shop.example)" > "$T/zh.txt"
check "zh: statement heading" has zh "处理理由说明（欧盟《数字服务法》"
check "zh: scope, duration" has zh "永久，除非决定被撤销"
check "zh: source" has zh "依据《数字服务法》第16条提交的通知"
check "zh: right claimed" has zh "商标，注册号 US 5551234"
check "zh: legal ground in zh" has zh "侵犯通知中主张的知识产权"
check "zh: automated means" has zh "均未使用自动化手段"
check "zh: six months, redress_text_zh, court" sh -c "grep -qF '请在六个月内' '$T/zh.txt' && grep -qF '示例争议解决机构' '$T/zh.txt' && grep -qF '法院' '$T/zh.txt'"
check "zh: stored in zh" [ "$(rg sor list "$REF" --json | js 'L[-1]["lang"]')" = zh ]

# the case as staff read it holds the same statements (cases show --json)
rg sor list "$REF" --json > "$T/list3.json"
rg cases show "$REF" --json > "$T/show.json"
"$PY" - "$T/show.json" "$T/list3.json" <<'PYEOF' && ok "cases show --json: its statements are those sor list prints" || notok "cases show --json: its statements are those sor list prints"
import json, sys
show = json.load(open(sys.argv[1]))
listed = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
print("# %d shown, %d listed" % (len(show.get("statements", [])), len(listed)))
sys.exit(0 if len(listed) == 3 and show.get("statements") == listed else 1)
PYEOF

# 5. sor export: one line per restriction, in the API's format.
rg sor export > "$T/export.json"; rc=$?
check "sor export: exit 0, 3 lines" [ $rc = 0 -a "$(wc -l < "$T/export.json")" = 3 ]
check "export: removal as decision_visibility, illegal ground fields" [ "$(js '[L[0]["decision_visibility"], L[0]["decision_ground"], L[0]["illegal_content_explanation"], L[0]["source_type"], L[0]["category"]]' < "$T/export.json")" = "[['DECISION_VISIBILITY_CONTENT_REMOVED'], 'DECISION_GROUND_ILLEGAL_CONTENT', 'The listing copies the Acme mark.', 'SOURCE_ARTICLE_16', 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS']" ]
check "export: suspension as decision_account with its end date, terms ground" [ "$(js '[L[1]["decision_account"], L[1]["end_date_account_restriction"], L[1]["decision_ground"], L[1]["incompatible_content_ground"], L[1]["incompatible_content_illegal"]]' < "$T/export.json")" = "['DECISION_ACCOUNT_SUSPENDED', '2026-12-31', 'DECISION_GROUND_INCOMPATIBLE_CONTENT', 'Terms of Use, section 4.2', 'No']" ]
check "export: scope, dates, automation, puids unique" [ "$(js '[L[0]["territorial_scope"], L[0]["content_date"], L[0]["application_date"], L[0]["automated_detection"], L[0]["automated_decision"], len(set(x["puid"] for x in L))]' < "$T/export.json")" = "[['DE', 'AT', 'FR'], '2026-09-21', '2026-09-21', 'No', 'AUTOMATED_DECISION_NOT_AUTOMATED', 3]" ]
"$PY" - "$SRV" "$T/export.json" <<'PYEOF' && ok "every exported line passes the API's rules" || notok "every exported line passes the API's rules"
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("tdb", sys.argv[1])
tdb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tdb)
bad = [tdb.validate(json.loads(l)) for l in open(sys.argv[2])]
print("# %s" % bad)
sys.exit(0 if not any(bad) else 1)
PYEOF
check "export --since after the decisions: nothing" [ "$(rg sor export --since 2026-09-22 | wc -l)" = 0 ]
check "export --until the decision day: all 3" [ "$(rg sor export --since 2026-09-21 --until 2026-09-21 | wc -l)" = 3 ]
rg sor export --since 21-09-2026 > /dev/null; rc=$?
check "export --since with a bad date: exit 2" [ $rc = 2 ]

# 6. sor submit: a refused token marks nothing sent.
echo 'wrong-token' > "$T/bad"
chmod 600 "$T/bad"
sed "s|^token_file = .*|token_file = $T/bad|" "$T/rg.conf" > "$T/bad.conf"
REPORTGATE_CONFIG="$T/bad.conf" rg sor submit > "$T/out"; rc=$?
check "bad token: exit 1, nothing sent" [ $rc = 1 -a "$(rg sor list --json | js 'sum(1 for x in L if x["tdb_uuid"])')" = 0 ]
# the refusal scheduled a later try: the next run may go now
RG_NOW=1790090000
rg sor submit > "$T/out"; rc=$?
check "submit: exit 0, 503 retried, all 3 sent" [ $rc = 0 -a "$(cat "$T/out")" = "sent 3, duplicates 0, failed 0, left 0" ]
stats() { curl -s "http://127.0.0.1:$PORT/_stats" | js "$1"; }
check "the server got each puid once (after one 503)" [ "$(stats '[L[0]["created"], L[0]["failed"], len(set(L[0]["puids"]))]')" = "[3, 1, 3]" ]
check "uuids stored" [ "$(rg sor list --json | js 'sum(1 for x in L if len(x["tdb_uuid"] or "") == 36)')" = 3 ]
rg sor submit > "$T/out"; rc=$?
check "submit twice: nothing sent again" [ $rc = 0 -a "$(cat "$T/out")" = "sent 0, duplicates 0, failed 0, left 0" -a "$(stats 'L[0]["created"]')" = 3 ]
# a statement the database has but we did not record (a crash after the
# POST): the duplicate puid counts as sent, with the existing uuid
u1=$(rg sor list --json | js 'L[0]["tdb_uuid"]')
"$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE statements SET tdb_uuid = NULL WHERE id = 1'); c.commit()" "$T/rg.db"
rg sor submit > "$T/out"; rc=$?
check "duplicate puid: counted as sent" [ $rc = 0 -a "$(cat "$T/out")" = "sent 0, duplicates 1, failed 0, left 0" ]
check "duplicate: the existing uuid stored" [ "$(rg sor list --json | js 'L[0]["tdb_uuid"]')" = "$u1" ]
check "the server still holds 3 statements" [ "$(stats '[L[0]["created"], L[0]["duplicates"]]')" = "[3, 1]" ]

# 7. The console's case page shows each statement as mailed.
printf 'decider-pass\n' | rg users add dana --role decider > /dev/null
start_serve "$T/serve.log"
get() { curl -sS -b "$T/jar" -c "$T/jar" -o "$T/body" -w '%{http_code}' "$@" 2>>"$T/log"; }
get "$U/login" > /dev/null
tok=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
get "$U/login" -H "Origin: $U" --data-urlencode "token=$tok" \
	--data-urlencode user=dana --data-urlencode password=decider-pass > /dev/null
code=$(get "$U/case/$REF")
check "console: the case page lists its statements" sh -c '[ "$1" = 200 ] && grep -q "<h2 id=\"sor-h\">Statements of reasons</h2>" "$2"' _ "$code" "$T/body"
check "console: each with its puid, restriction and Transparency Database state" sh -c 'grep -q "<strong>$1-S1</strong> <span class=\"tag\">removal</span> sor1 to one@shop.example" "$2" && grep -q "Transparency Database: <strong>sent</strong> ($3)" "$2"' _ "$REF" "$T/body" "$u1"
check "console: the statement as mailed, escaped" sh -c 'grep -q "Explanation: Repeated counterfeit listings." "$1" && grep -q "处理理由说明" "$1" && ! grep -q "<https://ods" "$1"' _ "$T/body"
stop_serve

kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
spid=
echo "1..$n"
[ $fails = 0 ]
