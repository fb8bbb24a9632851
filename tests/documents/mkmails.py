#!/usr/bin/python3
"""tests/documents/mkmails.py - writes the mails with attached documents
among the parser's golden fixtures (tests/fixtures/mail/doc-*.eml, each
beside the .json that `reportgate parse --json` must print for it; see
tests/unit/golden.sh). The documents are mkdocs.py's, attached under the
names reporters give them (scan001.pdf, IMG_2041.pdf, 附件1.pdf) to a
body that says nothing of what they are: one mail per format, one of
evidence told by content, one of hard negatives, one of legacy Chinese
and Japanese charsets, one of bombs. The .eml files are committed; run
this only to change them, then UPDATE_GOLDEN=1 golden.sh.

usage: mkmails.py DIR"""
import os
import sys
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkdocs  # noqa: E402

BODY = ("Dear team,\n\nWe represent Acme Ltd, the owner of the ACME "
        "trademark. Please see the attached list of infringing listings "
        "and our documents.\n\nJane Doe\nExample Law LLP\n")
NEUTRAL = "Dear team,\n\nPlease find the attached files.\n\nJane Doe\n"


def bomb(name):
    # past the default max_bytes (20 MiB) when unpacked, small packed
    if name == "zipbomb":
        return mkdocs.zbytes([("zeros.csv", b"0" * (24 << 20))])
    return mkdocs.xlsx([("S", [["x"]], [])], shared_bomb=24 << 20)


# name -> (body, [(document, attached as, MIME type)])
MAILS = {
    "doc-pdf": (BODY, [("links.pdf", "附件1.pdf", "application/pdf")]),
    "doc-docx": (BODY, [("links.docx", "letter.docx",
                         "application/octet-stream")]),
    "doc-xlsx": (BODY, [("links.xlsx", "scan001.xlsx",
                         "application/octet-stream")]),
    "doc-ods": (BODY, [("links.ods", "list.ods",
                        "application/octet-stream")]),
    "doc-csv": (BODY, [("links.csv", "list.csv", "text/csv")]),
    "doc-txt": (BODY, [("links.txt", "list.txt", "text/plain")]),
    "doc-html": (BODY, [("links.html", "list.html", "text/html")]),
    "doc-zip": (BODY, [("links.zip", "evidence.zip", "application/zip")]),
    "doc-tnef": ("See the attachment.\n",
                 [("winmail.dat", "winmail.dat", "application/ms-tnef")]),
    "doc-evidence": (BODY, [("links.csv", "list.csv", "text/csv"),
                            ("passport.pdf", "scan001.pdf", "application/pdf"),
                            ("poa.pdf", "scan002.pdf", "application/pdf"),
                            ("poa-zh.docx", "附件2.docx",
                             "application/octet-stream"),
                            ("cert.pdf", "IMG_2041.pdf", "application/pdf"),
                            ("license-zh.pdf", "scan003.pdf",
                             "application/pdf")]),
    "doc-negatives": (NEUTRAL, [("invoice.pdf", "doc1.pdf", "application/pdf"),
                                ("cease.docx", "doc2.docx",
                                 "application/octet-stream"),
                                ("brochure.pdf", "doc3.pdf", "application/pdf"),
                                ("notarial.pdf", "doc4.pdf", "application/pdf"),
                                ("passport-bad.pdf", "doc5.pdf",
                                 "application/pdf")]),
    "doc-charsets": (NEUTRAL, [("gbk.csv", "清单.csv", "text/csv"),
                               ("big5.txt", "清單.txt", "text/plain"),
                               ("sjis.csv", "リスト.csv", "text/csv"),
                               ("gbk-poa.txt", "委托.txt", "text/plain")]),
    "doc-bombs": (BODY, [("links.csv", "list.csv", "text/csv"),
                         ("zipbomb", "big.zip", "application/zip"),
                         ("xlsxbomb", "big.xlsx",
                          "application/octet-stream"),
                         ("nested.zip", "nested.zip", "application/zip")]),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    date = format_datetime(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc))
    for name, (body, files) in sorted(MAILS.items()):
        m = EmailMessage()
        m["From"] = "Jane Doe <jane@lawfirm.example>"
        m["To"] = "ip-reports@gw.example.net"
        m["Subject"] = "Trademark infringement report"
        m["Message-ID"] = "<%s@lawfirm.example>" % name
        m["Date"] = date
        m.set_content(body)
        for doc, as_name, ctype in files:
            data = (bomb(doc) if doc.endswith("bomb")
                    else mkdocs.DOCS[doc]())
            if isinstance(data, str):
                data = data.encode()
            main_t, sub_t = ctype.split("/")
            m.add_attachment(data, maintype=main_t, subtype=sub_t,
                             filename=as_name)
        with open(os.path.join(out, name + ".eml"), "wb") as f:
            f.write(bytes(m))


if __name__ == "__main__":
    main()
