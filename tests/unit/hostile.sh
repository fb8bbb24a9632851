#!/bin/sh
# tests/unit/hostile.sh - hostile mails that are too big for fixtures:
# deep HTML nesting, 4 MB of quote lines, links, form labels and long
# words, 10,000 nested multiparts and attached messages, huge headers,
# many attachments named many times. Each must parse within 30 s (the
# parser's scanners must stay linear), exit 0 and print valid JSON. The
# wall time is printed as a TAP comment, never asserted (TAP).
srcdir=${srcdir:-.}
REPORTGATE=${REPORTGATE:-./reportgate}
py=/usr/bin/python3
if [ ! -x "$REPORTGATE" ]; then
	echo "1..0 # SKIP no reportgate binary at $REPORTGATE"
	exit 0
fi
if [ ! -x "$py" ]; then
	echo "1..0 # SKIP no $py to generate the mails"
	exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/hostile.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM

"$py" - "$dir" <<'PY' || { echo "1..0 # SKIP generator failed"; exit 0; }
import os
import sys

out = sys.argv[1]
MB4 = 4 * 1024 * 1024 - 1024   # just under the 4 MiB of text analysed


def mail(name, body, ctype="text/plain; charset=utf-8", headers=""):
    head = ("From: Hostile <h@example.com>\nTo: ip@example.net\n"
            "Subject: hostile %s\nMessage-ID: <%s@example.com>\n%s"
            "MIME-Version: 1.0\nContent-Type: %s\n\n"
            % (name, name, headers, ctype))
    with open(os.path.join(out, name + ".eml"), "wb") as f:
        f.write(head.encode())
        f.write(body.encode())


def fill(unit, size=MB4):
    return unit * (size // len(unit.encode()))


H = "text/html; charset=utf-8"
mail("html-deep-div", "<html><body>" + "<div>" * 100000 + "x", H)
mail("html-deep-inline", "<b><i>" * 100000 + "x", H)
mail("html-deep-table", "<table><tr><td>" * 50000 + "x", H)
mail("html-misnested-close", "<div>" * 200000 + "</table>" * 200000, H)
mail("html-blockquotes-one-line", fill("x<blockquote>q</blockquote>"), H)
mail("html-many-lt", fill("<"), H)
mail("html-many-anchors", fill('<a href="http://a.example/x">y</a>'), H)
mail("quote-lines", fill("> quoted text line\n"))
mail("quote-attributions", fill("On Mon, 1 Jan 2026, X wrote:\n\n"))
mail("quote-attributions-quoted", fill("On Mon, X wrote:\n\n\n> q\nreply\n"))
mail("quote-forward-markers",
     fill("---------- Forwarded message ---------\nFrom: a\n"))
mail("quote-outlook-blocks", fill("From: a\nSent: b\n"))
mail("urls-100k-one-line", "http://a.example/p " * 100000)
mail("urls-schemes-no-space", fill("http://"))
mail("urls-angle", fill("<http://a.example/>"))
mail("urls-bare-hosts", fill("a.com/"))
mail("urls-www", fill("www."))
mail("long-word", fill("a"))
mail("long-dotted-word", fill("a."))
mail("separators", fill("- "))
mail("form-labels", fill("Rights holder: x\nInfringing listings: y\n"))
mail("form-listing-lines", "Infringing listings:\n" + fill("- item\n"))
mail("rule-keywords", fill("trademark registration no. copyright patent "))
mail("zh-keywords", fill("商标注册号：第"))
mail("cjk-form", fill("侵权链接：权利人"))
mail("multipart-nested-10k",
     "".join("Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n"
             % (i, i) for i in range(10000))
     + "Content-Type: text/plain\n\nx\n", "multipart/mixed; boundary=top")
mail("rfc822-nested-10k",
     "".join("Content-Type: message/rfc822\n\nSubject: n%d\n" % i
             for i in range(10000)) + "\nx\n", "message/rfc822")
mail("parts-20k",
     "".join("--B\nContent-Type: text/plain\n\npart %d\n" % i
             for i in range(20000)) + "--B--\n",
     "multipart/mixed; boundary=B")
names = ["scan%03d.pdf" % i for i in range(200)]
mail("attachments-named-often",
     "--B\nContent-Type: text/plain\n\n"
     + ("see " + " ".join(names) + "\n") * 50 + "\n"
     + "".join("--B\nContent-Type: application/pdf\nContent-Disposition: "
               "attachment; filename=%s\nContent-Transfer-Encoding: "
               "base64\n\nAAAA\n" % n for n in names) + "--B--\n",
     "multipart/mixed; boundary=B")
mail("header-1mb-encoded-words", "x\n",
     headers="X-Long: " + "\n ".join(["=?utf-8?q?a=C3=A9?="] * 100000)
     + "\n")
mail("header-12k-encoded-words", "x\n",
     headers="Subject: " + "\n ".join(["=?utf-8?b?w6k=?="] * 12000) + "\n")
mail("references-20k", "x\n",
     headers="References: " + " ".join("<%d@x>" % i for i in range(20000))
     + "\n")
# GMime recursed once per nested group: 50,000 overflowed the stack
mail("address-groups-50k", "x\n", headers="Cc: " + "g:" * 50000 + "a@b.c\n")
mail("address-groups-attached", "From: " + "g:" * 50000 + "a@b.c\n\nx\n",
     "message/rfc822")
PY

n=0
fail=0
for eml in "$dir"/*.eml; do
	case=$(basename "$eml" .eml)
	n=$((n + 1))
	t0=$(date +%s%N)
	timeout 30 "$REPORTGATE" parse --json "$eml" >"$dir/out" 2>/dev/null
	rc=$?
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	if [ "$rc" -eq 124 ]; then
		echo "not ok $n - $case: no result within 30 s"
		fail=$((fail + 1))
	elif [ "$rc" -ne 0 ]; then
		echo "not ok $n - $case: exit status $rc"
		fail=$((fail + 1))
	elif ! "$py" -c 'import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1 and isinstance(json.loads(lines[0]), dict)' \
		"$dir/out" 2>/dev/null; then
		echo "not ok $n - $case: output is not one JSON object"
		fail=$((fail + 1))
	else
		echo "ok $n - $case"
	fi
	echo "# $case: $ms ms"
done
echo "1..$n"
[ "$fail" -eq 0 ]
