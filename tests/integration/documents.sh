#!/bin/sh
# tests/integration/documents.sh - attached documents end to end: mails
# built around the documents of tests/documents/mkdocs.py go through
# `reportgate parse --json` (listings only in a spreadsheet and a PDF,
# with the attachment and place they came from; a look-alike host in a
# PDF annotation refused; evidence decided by content; hard negatives;
# winmail.dat; bombs), the test fault switch crashes the reader and the
# message is still filed by `reportgate ingest`; [documents] enabled =
# false reads nothing. TAP output.
set -u
: "${REPORTGATE:?}"
srcdir=${srcdir:-.}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/rg-documents-XXXXXX")
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
"$PY" "$srcdir/tests/documents/mkdocs.py" "$T/d" || exit 1
cat > "$T/rg.conf" <<CONF
[store]
path = $T/rg.db
attachments_dir = $T/att
CONF
printf '[documents]\nenabled = false\n' > "$T/off.conf"
export REPORTGATE_CONFIG="$T/rg.conf"

# mail NAME BODY FILE=AS... : writes $T/NAME.eml
mail() {
	"$PY" - "$T" "$@" <<'PYEOF'
import sys, os
from email.message import EmailMessage
t, name, body = sys.argv[1:4]
m = EmailMessage()
m["From"] = "Jane Doe <jane@lawfirm.example>"
m["To"] = "ip-reports@gw.example.net"
m["Subject"] = "Trademark infringement report"
m["Message-ID"] = "<%s@lawfirm.example>" % name
m["Date"] = "Mon, 23 Nov 2026 10:00:00 +0000"
m.set_content(body)
for spec in sys.argv[4:]:
    src, _, as_name = spec.partition("=")
    data = open(os.path.join(t, "d", src), "rb").read()
    m.add_attachment(data, maintype="application", subtype="octet-stream",
                     filename=as_name or src)
open(os.path.join(t, name + ".eml"), "wb").write(bytes(m))
PYEOF
}
# js FILE EXPR: evaluates EXPR over the report R in the JSON file FILE
js() { "$PY" -c 'import json,sys
R=json.load(open(sys.argv[1]))
L={l["listing_id"]: l for l in R["listings"]}
A={a["filename"]: a for a in R["attachments"]}
W=R["warnings"]
print(eval(sys.argv[2]))' "$1" "$2"; }
is() { [ "$(js "$1" "$2")" = True ]; }

BODY="We represent Acme Ltd, the owner of the ACME trademark. Please see the attached list of infringing listings and our documents."
mail full "$BODY" links.xlsx=scan001.xlsx links.pdf=附件1.pdf \
	passport.pdf=scan002.pdf poa.pdf=scan003.pdf cert.pdf=IMG_2041.pdf
"$REPORTGATE" parse --json "$T/full.eml" > "$T/full.json" 2>"$T/err"
check "parse exits 0" [ $? -eq 0 ]
check "listings from the spreadsheet: 3, each naming scan001.xlsx, sheet Links" \
	is "$T/full.json" 'all(L[i]["document"] == {"attachment": "scan001.xlsx", "where": "sheet Links"} for i in ("sgcmgj00001", "sgcmgj00002", "sgcmgj00003")) and len(L) == 3'
check "the look-alike host in the PDF annotation is no listing" \
	is "$T/full.json" '"sgcmgj00666" not in L and any("evil.example" in u for u in R["other_links"])'
check "passport data page by its MRZ: identity, by content" \
	is "$T/full.json" 'A["scan002.pdf"]["evidence"] == "identity" and A["scan002.pdf"]["evidence_by"] == "content" and A["scan002.pdf"]["document"]["why"].startswith("passport")'
check "power of attorney: authorization, by content" \
	is "$T/full.json" 'A["scan003.pdf"]["evidence"] == "authorization" and A["scan003.pdf"]["evidence_by"] == "content"'
check "registration certificate: ownership, by content" \
	is "$T/full.json" 'A["IMG_2041.pdf"]["evidence"] == "ownership" and A["IMG_2041.pdf"]["document"] == {"type": "pdf", "pages": 1, "evidence": "ownership", "why": "registration certificate"}'
check "the report is complete (links only in documents)" \
	is "$T/full.json" 'R["missing"] == [] and R["complete"] is True'
check "the spreadsheet says 2 sheets read; the look-alike is warned of as in a body" \
	is "$T/full.json" 'A["scan001.xlsx"]["document"]["pages"] == 2 and len(W) == 1 and W[0].startswith("lookalike_host: ")'

# OCR: a photographed certificate and a scanner's PDF (images of text
# rendered by poppler at test time) read only with [documents] ocr = true
mail scan "Please see the attached scans." scan-cert.jpg=IMG_2041.jpg \
	scan-cert.pdf=scan001.pdf
# (a page takes 0.5 s of CPU: the time limit is for a machine at load 20)
printf '[store]\npath = %s/rg.db\n[documents]\nocr = true\nseconds = 60\n' "$T" > "$T/ocr.conf"
"$REPORTGATE" parse --json "$T/scan.eml" > "$T/scan-off.json" 2>>"$T/err"
check "ocr = false: the scans are not read" is "$T/scan-off.json" \
	'L == {} and A["IMG_2041.jpg"]["document"] is None and "listing_links" in R["missing"]'
if grep -q '^#define HAVE_TESSERACT 1' "${builddir:-.}/autoconfig.h" 2>/dev/null; then
	REPORTGATE_CONFIG="$T/ocr.conf" "$REPORTGATE" parse --json "$T/scan.eml" \
		> "$T/scan.json" 2>>"$T/err"
	check "ocr = true: the photo's listing link counts, named by its attachment" \
		is "$T/scan.json" 'list(L) == ["sgcmgj00001"] and L["sgcmgj00001"]["document"] == {"attachment": "IMG_2041.jpg", "where": "image"} and "listing_links" not in R["missing"]'
	check "ocr = true: the photographed certificate is ownership proof by content" \
		is "$T/scan.json" 'A["IMG_2041.jpg"]["evidence"] == "ownership" and A["IMG_2041.jpg"]["evidence_by"] == "content" and A["IMG_2041.jpg"]["document"] == {"type": "image", "pages": 1, "evidence": "ownership", "why": "registration certificate"}'
	check "ocr = true: the scanner's PDF is read page by page" \
		is "$T/scan.json" 'A["scan001.pdf"]["document"] == {"type": "pdf", "pages": 2, "evidence": "ownership", "why": "registration certificate"} and not [w for w in W if w.startswith(("document", "ocr"))]'
else
	n=$((n + 1)); echo "ok $n # SKIP this build has no OCR (tesseract)"
fi

mail legacy "Please see the attached list." gbk.csv=清单.csv gbk-poa.txt=附件2.txt
"$REPORTGATE" parse --json "$T/legacy.eml" > "$T/legacy.json" 2>>"$T/err"
check "a GBK CSV's listing counts; a GBK letter of authorization is read by content" \
	is "$T/legacy.json" 'L["sgcmgj00001"]["document"]["attachment"] == "清单.csv" and A["附件2.txt"]["evidence"] == "authorization" and A["附件2.txt"]["evidence_by"] == "content"'

mail neg "$BODY" invoice.pdf=scan1.pdf cease.docx=scan2.docx \
	brochure.pdf=scan3.pdf notarial.pdf=scan4.pdf passport-bad.pdf=scan5.pdf
"$REPORTGATE" parse --json "$T/neg.eml" > "$T/neg.json" 2>>"$T/err"
check "hard negatives (invoice, cease-and-desist, brochure, notarial certificate of a diploma, MRZ with a wrong digit) are no evidence" \
	is "$T/neg.json" 'all(a["evidence"] == "other" and a["evidence_by"] is None for a in R["attachments"]) and R["missing"][:3] == ["identity_proof", "authorization", "ownership_proof"]'
check "what the negatives were taken for is said" \
	is "$T/neg.json" '[A[f]["document"]["why"] for f in ("scan1.pdf", "scan2.docx", "scan3.pdf")] == ["invoice", "cease-and-desist letter", "brochure"]'

mail tnef "See the attachment." winmail.dat
"$REPORTGATE" parse --json "$T/tnef.eml" > "$T/tnef.json" 2>>"$T/err"
check "winmail.dat: its files become attachments" \
	is "$T/tnef.json" '[a["filename"] for a in R["attachments"]] == ["winmail.dat", "list.csv", "poa.pdf"]'
check "winmail.dat: its CSV's listing names list.csv" \
	is "$T/tnef.json" 'L["sgcmgj00001"]["document"]["attachment"] == "list.csv"'
check "winmail.dat: its body is read as the mail's text" \
	is "$T/tnef.json" 'L["sgcmgj00003"]["document"] is None'
check "winmail.dat: its PDF is read too" \
	is "$T/tnef.json" 'A["poa.pdf"]["document"]["evidence"] == "authorization"'

mail bombs "$BODY" zipbomb.zip nested.zip pages10k.pdf xlsxbomb.xlsx
start=$(date +%s)
"$REPORTGATE" parse --json "$T/bombs.eml" > "$T/bombs.json" 2>>"$T/err"
rc=$?
took=$(( $(date +%s) - start ))
check "bombs: exit 0 within 30 s ($took s)" [ $rc -eq 0 ] && [ "$took" -lt 30 ]
check "bombs end as warnings" is "$T/bombs.json" \
	'sorted(w.split(":")[0] for w in W) == ["document_bomb", "document_bomb", "document_nested_archive", "document_page_limit"]'
check "10,000 pages: the first 200 are read" \
	is "$T/bombs.json" 'A["pages10k.pdf"]["document"]["pages"] == 200 and "sgcmgj00001" in L'

REPORTGATE_TEST_DOCUMENT_FAULT=crash "$REPORTGATE" parse --json "$T/full.eml" \
	> "$T/crash.json" 2>>"$T/err"
check "a crashing reader: parse exits 0" [ $? -eq 0 ]
check "a crashing reader is a warning per document" is "$T/crash.json" \
	'"document_failed: scan001.xlsx: the reader crashed (signal 11)" in W and len([w for w in W if w.startswith("document_failed")]) == 5 and L == {}'
out=$(REPORTGATE_TEST_DOCUMENT_FAULT=crash "$REPORTGATE" ingest "$T/full.eml" 2>>"$T/err")
check "a crashing reader: the message is filed ($out)" [ "$(echo "$out" | head -c 8)" = "filed 1," ]
i=0
set --
while [ $i -lt 25 ]; do i=$((i + 1)); set -- "$@" "links.csv=list$i.csv"; done
mail many "$BODY" "$@"
"$REPORTGATE" parse --json "$T/many.eml" > "$T/many.json" 2>>"$T/err"
check "25 spreadsheets: 20 are read, a warning names the first not read" \
	is "$T/many.json" 'sum(a["document"] is not None for a in R["attachments"]) == 20 and W == ["document_limit: only the first 20 documents of a message are read; list21.csv and those after it are not"]'
printf '[store]\npath = %s/rg.db\n[documents]\nseconds = 1\n' "$T" > "$T/slow.conf"
start=$(date +%s)
REPORTGATE_TEST_DOCUMENT_FAULT=sleep REPORTGATE_CONFIG="$T/slow.conf" \
	"$REPORTGATE" parse --json "$T/full.eml" > "$T/slow.json" 2>>"$T/err"
took=$(( $(date +%s) - start ))
# (3 readers of 1 s each; 2 when starting them took longer than the
# slack of the 3-second budget, seen at load 20)
check "readers that hang: 3 x seconds for all of a message's documents ($took s)" \
	is "$T/slow.json" '[w.split(":")[0] for w in W] in (["document_time_limit"] * k + ["document_limit"] for k in (2, 3))'
check "readers that hang: parse ends within 6 s" [ "$took" -le 6 ]
REPORTGATE_TEST_DOCUMENT_FAULT=hang REPORTGATE_CONFIG="$T/off.conf" \
	"$REPORTGATE" parse --json "$T/full.eml" > "$T/off.json" 2>>"$T/err"
check "enabled = false: nothing is read" is "$T/off.json" \
	'L == {} and all(a["document"] is None for a in R["attachments"]) and W == []'
if [ -s "$T/err" ]; then
	sed 's/^/# /' "$T/err" | head -20
fi
echo "1..$n"
[ "$fails" -eq 0 ]
