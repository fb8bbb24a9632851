#!/bin/sh
# bench/documents.sh [-n FILES] [--pages P] [--runs R] [--mails M]
# [--docmails D] [--ocr S] - three comparisons, each in one run, R times
# taking turns, medians and their ratio by wall-clock time and by CPU
# time (user + system of the processes measured, readers included):
# 1. document reading against pdftotext (poppler-utils) on the same
#    generated PDFs: pages per second of bench/doc-extract.c
#    (documents_extract: the sandboxed reportgate-extract, one process per
#    document, as the parser runs it) and of `pdftotext FILE /dev/null`
#    (one process per document too); goal >= 0.8;
# 2. `reportgate parse --jobs 1` on M mails without documents with
#    [documents] enabled and disabled; goal: unchanged.
# 3. `reportgate parse --jobs 1` on D mails with 4 documents each (CSV,
#    PDF, DOCX, XLSX) with one reader process per mail (reused for its
#    documents) against one per document
#    (REPORTGATE_BENCH_READER_PER_DOCUMENT=1, as before readers were
#    reused): messages per second of each and the ratio.
# --ocr S: instead, OCR's cost: S scanned A4 pages (image-only PDFs of
#    one page, 40 lines of 11-point text scanned at 200 ppi) read with
#    [documents] ocr = true, against poppler-utils and tesseract's own
#    programs doing the same (`pdftoppm -r 200 -gray` then `tesseract
#    PAGE -`, processes per page); pages/s of each and the ratio.
# Needs a build tree (BUILDDIR, default ./ or build-plain).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cc=${CC:-cc}
say() { echo "documents.sh: $*" >&2; }
. "$root/bench/lib.sh"
files=40
pages=25
runs=5
mails=300
docmails=60
ocr=0
while [ $# -gt 0 ]; do
	case $1 in
	--ocr) ocr=$2; shift 2 ;;
	-n) files=$2; shift 2 ;;
	--pages) pages=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--mails) mails=$2; shift 2 ;;
	--docmails) docmails=$2; shift 2 ;;
	*) echo "usage: $0 [-n FILES] [--pages P] [--runs R] [--mails M] [--docmails D] [--ocr S]" >&2; exit 2 ;;
	esac
done
b=${BUILDDIR:-}
for c in "$b" . "$root/build-plain" "$root"; do
	[ -n "$c" ] && [ -f "$c/documents/libdocuments.a" ] && [ -x "$c/reportgate-extract" ] &&
		{ b=$(cd "$c" && pwd); break; }
done
[ -n "$b" ] && [ -f "$b/documents/libdocuments.a" ] || { say "no build tree (BUILDDIR)"; exit 2; }
command -v pdftotext >/dev/null || { say "pdftotext missing (poppler-utils)"; exit 2; }
export REPORTGATE_EXTRACT="$b/reportgate-extract"
w=$(mktemp -d "${TMPDIR:-/tmp}/rg-docbench.XXXXXX")
trap 'rm -rf "$w"' EXIT INT TERM
bench_build "$w/doc-extract" "$root/bench/doc-extract.c" -I"$root" \
	"$b/documents/libdocuments.a" "$b/common/libcommon.a"
now() { date +%s.%N; }
med() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# cpu: CPU seconds (user + system) of this shell's finished children,
# which include every process they waited for (the sandboxed readers);
# called as `cpu; c=$cpu_s` (times in a command substitution would be
# the subshell's).
cpu() {
	times > "$w/times"
	cpu_s=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m");
		sub("s", "", a[2]); t += a[1] * 60 + a[2] } printf "%.3f", t }' "$w/times")
}
# turns N A B: runs the shell functions A (which prints the pages it read,
# N, or nothing) and B $runs times taking turns; sets $ours and $theirs
# to N per wall-clock second of each, run by run, $ourscpu and
# $theirscpu to N per CPU second (of A's and B's processes; a busy
# machine moves these far less than wall-clock time).
turns() {
	ours=""
	theirs=""
	ourscpu=""
	theirscpu=""
	_i=0
	while [ $_i -lt "$runs" ]; do
		_i=$((_i + 1))
		cpu; c0=$cpu_s
		t0=$(now)
		got=$($2)
		t1=$(now)
		cpu; c1=$cpu_s
		$3
		t2=$(now)
		cpu; c2=$cpu_s
		[ -z "$got" ] || [ "$got" -eq "$1" ] || { say "read $got pages, not $1"; exit 1; }
		ours="$ours $(echo "$1 $t0 $t1" | awk '{printf "%.2f", $1/($3-$2)}')"
		theirs="$theirs $(echo "$1 $t1 $t2" | awk '{printf "%.2f", $1/($3-$2)}')"
		ourscpu="$ourscpu $(echo "$1 $c0 $c1" | awk '{printf "%.2f", $1/($3-$2)}')"
		theirscpu="$theirscpu $(echo "$1 $c1 $c2" | awk '{printf "%.2f", $1/($3-$2)}')"
	done
}
# report WHAT: the medians of both ways and their ratio, by wall-clock
# and by CPU time; WHAT names the unit.
report() {
	echo "  ratio by wall-clock time: $(echo "$(med $ours) $(med $theirs)" | awk '{printf "%.2f", $1/$2}')"
	echo "  by CPU time ($1 per CPU second, median): $(med $ourscpu) against $(med $theirscpu) [runs:$ourscpu ] [runs:$theirscpu ]"
	echo "  ratio by CPU time: $(echo "$(med $ourscpu) $(med $theirscpu)" | awk '{printf "%.2f", $1/$2}')"
}
if [ "$ocr" -gt 0 ]; then
	command -v tesseract >/dev/null || { say "tesseract missing (tesseract-ocr)"; exit 2; }
	/usr/bin/python3 - "$root/tests/documents" "$w" "$ocr" <<'PYEOF'
import sys, random
sys.path.insert(0, sys.argv[1])
import mkdocs
w, n = sys.argv[2], int(sys.argv[3])
rnd = random.Random(5)
words = "trademark listing seller counterfeit product registration brand authorized agent notice".split()
for f in range(n):
    lines = [" ".join(rnd.choice(words) for _ in range(9)) for _ in range(39)] + [mkdocs.L1[:60]]
    open("%s/scan%03d.pdf" % (w, f), "wb").write(mkdocs.scan_pdf([lines], 200, (11, 595, 842)))
PYEOF
	ocr_ours() { DOC_EXTRACT_OCR=1 "$w/doc-extract" "$w"/scan*.pdf; }
	ocr_theirs() {
		for f in "$w"/scan*.pdf; do
			pdftoppm -r 200 -gray -singlefile "$f" "$w/page"
			OMP_THREAD_LIMIT=1 tesseract "$w/page.pgm" - -l eng+chi_sim >/dev/null 2>&1
		done
	}
	turns "$ocr" ocr_ours ocr_theirs
	mo=$(med $ours)
	mt=$(med $theirs)
	echo "ocr: $ocr scanned A4 pages (one-page PDFs, 200 ppi), $runs runs taking turns (pages/s, median)"
	echo "  documents_extract, ocr = true (sandboxed, a process per document): $mo   [runs:$ours ]"
	echo "  pdftoppm + tesseract -l eng+chi_sim, OMP_THREAD_LIMIT=1:          $mt   [runs:$theirs ]"
	report pages
	echo "  $(echo "$(med $ourscpu)" | awk '{printf "%.0f", 1000/$1}') ms of CPU a page"
	exit 0
fi
/usr/bin/python3 - "$root/tests/documents" "$w" "$files" "$pages" <<'PYEOF'
import sys, random
sys.path.insert(0, sys.argv[1])
import mkdocs
w, files, pages = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(7)
words = "trademark listing seller counterfeit product registration brand authorized agent notice".split()
for f in range(files):
    ps = []
    for p in range(pages):
        lines = [" ".join(rnd.choice(words) for _ in range(12)) for _ in range(45)]
        lines.append(mkdocs.L1)
        ps.append(lines)
    open("%s/doc%03d.pdf" % (w, f), "wb").write(mkdocs.pdf(ps, links=[(0, mkdocs.L2)]))
PYEOF
pdf_ours() { "$w/doc-extract" "$w"/doc*.pdf; }
pdf_theirs() { for f in "$w"/doc*.pdf; do pdftotext -q "$f" /dev/null; done; }
turns $((files * pages)) pdf_ours pdf_theirs
mo=$(med $ours)
mt=$(med $theirs)
echo "documents: $files PDFs x $pages pages, $runs runs taking turns (pages/s, median)"
echo "  documents_extract (sandboxed reportgate-extract): $mo   [runs:$ours ]"
echo "  pdftotext FILE /dev/null:                         $mt   [runs:$theirs ]"
report pages
echo "  (goal >= 0.8)"

# 2. The mail parser on mails without documents, [documents] enabled
# against disabled, in the same run: messages per second of
# `reportgate parse --json --jobs 1`.
rg=$(bench_find_reportgate)
[ -n "$rg" ] || rg="$b/reportgate"
printf '[documents]\nenabled = true\n' > "$w/on.conf"
printf '[documents]\nenabled = false\n' > "$w/off.conf"
/usr/bin/python3 - "$w/mails" "$mails" <<'PYEOF'
import os, random, sys
from email.message import EmailMessage
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
rnd = random.Random(11)
words = "trademark listing seller counterfeit product brand notice please remove".split()
for i in range(n):
    m = EmailMessage()
    m["From"] = "Jane <jane%d@brand.example>" % i
    m["To"] = "ip-reports@gw.example.net"
    m["Subject"] = "Report %d" % i
    m["Message-ID"] = "<b%d@brand.example>" % i
    text = "\n".join(" ".join(rnd.choice(words) for _ in range(12)) for _ in range(30))
    text += "\nhttps://marketplace.alibabacloud.com/products/1/cmjj%08d.html\n" % i
    m.set_content(text)
    m.add_alternative("<html><body><p>%s</p></body></html>" % text.replace("\n", "<br>"), subtype="html")
    if i % 2:
        m.add_attachment(bytes(rnd.getrandbits(8) for _ in range(20000)),
                         maintype="image", subtype="jpeg", filename="shot%d.jpg" % i)
    open(os.path.join(out, "m%04d.eml" % i), "wb").write(bytes(m))
PYEOF
parse_on() { REPORTGATE_CONFIG="$w/on.conf" "$rg" parse --json --jobs 1 "$w"/mails/*.eml > /dev/null; }
parse_off() { REPORTGATE_CONFIG="$w/off.conf" "$rg" parse --json --jobs 1 "$w"/mails/*.eml > /dev/null; }
turns "$mails" parse_on parse_off
on=$ours
off=$theirs
mon=$(med $on)
moff=$(med $off)
echo "parser: $mails mails without documents (half with a JPEG), --jobs 1 (messages/s, median)"
echo "  documents.enabled = true:  $mon   [runs:$on ]"
echo "  documents.enabled = false: $moff   [runs:$off ]"
report messages
echo "  (goal: 1.00, unchanged)"

# 3. Mails with documents: a reader per mail against a reader per document.
/usr/bin/python3 - "$root/tests/documents" "$w/dmails" "$docmails" <<'PYEOF'
import os, sys
sys.path.insert(0, sys.argv[1])
import mkdocs
from email.message import EmailMessage
out, n = sys.argv[2], int(sys.argv[3])
os.makedirs(out)
docs = [(k, mkdocs.DOCS[k]()) for k in ("links.csv", "links.pdf", "links.docx", "links.xlsx")]
for i in range(n):
    m = EmailMessage()
    m["From"] = "Jane <jane%d@brand.example>" % i
    m["To"] = "ip-reports@gw.example.net"
    m["Subject"] = "Report %d" % i
    m["Message-ID"] = "<d%d@brand.example>" % i
    m.set_content("Please see the attached list of infringing listings.")
    for name, data in docs:
        m.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    open(os.path.join(out, "d%04d.eml" % i), "wb").write(bytes(m))
PYEOF
parse_reuse() { REPORTGATE_CONFIG="$w/on.conf" "$rg" parse --json --jobs 1 "$w"/dmails/*.eml > "$w/reuse.json"; }
parse_each() {
	REPORTGATE_BENCH_READER_PER_DOCUMENT=1 REPORTGATE_CONFIG="$w/on.conf" \
		"$rg" parse --json --jobs 1 "$w"/dmails/*.eml > "$w/each.json"
}
turns "$docmails" parse_reuse parse_each
reuse=$ours
each=$theirs
[ "$(grep -o sgcmgj0000 "$w/reuse.json" | wc -l)" -eq "$(grep -o sgcmgj0000 "$w/each.json" | wc -l)" ] ||
	{ say "the two ways read different listings"; exit 1; }
mr=$(med $reuse)
me=$(med $each)
echo "parser: $docmails mails with 4 documents each (CSV, PDF, DOCX, XLSX), --jobs 1 (messages/s, median)"
echo "  a reader process per mail (reused):  $mr   [runs:$reuse ]"
echo "  a reader process per document:       $me   [runs:$each ]"
report messages
