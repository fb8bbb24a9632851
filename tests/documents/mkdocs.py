#!/usr/bin/python3
"""tests/documents/mkdocs.py - writes the test documents of the documents
tests into a folder (nothing of this is committed): small PDFs (text and
link annotations), DOCX, XLSX (shared strings, hyperlinks, a HYPERLINK
formula), ODS, CSV, HTML, ZIP, TNEF (winmail.dat), evidence documents
and hard negatives, and the bombs (a zip of 200 MB of zeros, a PDF of
10,000 pages, a zip inside a zip).

usage: mkdocs.py DIR [NAME]  (NAME: only that document; "list": names)"""
import io
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

L1 = "https://marketplace.alibabacloud.com/products/56838014/sgcmgj00001.html"
L2 = "https://marketplace.alibabacloud.com/products/56838014/sgcmgj00002.html"
L3 = "https://marketplace.alibabacloud.com/products/56838014/sgcmgj00003.html"
EVIL = "https://marketplace.alibabacloud.com.evil.example/products/1/sgcmgj00666.html"


def pdf_escape(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_objs(objs):
    """A PDF of the numbered objects objs (1 the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offs = {}
    for k in sorted(objs):
        offs[k] = out.tell()
        out.write(b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n")
    x = out.tell()
    n = max(objs) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % n)
    for k in range(1, n):
        out.write(b"%010d 00000 n \n" % offs[k])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, x))
    return out.getvalue()


def pdf(pages, links=(), repeat=1):
    """pages: list of lists of text lines; links: (page index, uri)."""
    objs = {}
    n_pages = len(pages) * repeat
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = []
    nxt = 4
    contents = []
    for lines in pages:
        ops = ["BT /F1 11 Tf 14 TL 50 780 Td"]
        for ln in lines:
            ops.append("(%s) Tj T*" % pdf_escape(ln))
        ops.append("ET")
        data = "\n".join(ops).encode("latin-1")
        cid = nxt
        nxt += 1
        objs[cid] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        contents.append(cid)
    for r in range(repeat):
        for i, cid in enumerate(contents):
            annots = []
            if r == 0:
                for (pi, uri) in links:
                    if pi == i:
                        aid = nxt
                        nxt += 1
                        objs[aid] = ("<< /Type /Annot /Subtype /Link /Rect [50 50 300 70] "
                                     "/Border [0 0 0] /A << /S /URI /URI (%s) >> >>"
                                     % pdf_escape(uri)).encode("latin-1")
                        annots.append("%d 0 R" % aid)
            pid = nxt
            nxt += 1
            a = " /Annots [%s]" % " ".join(annots) if annots else ""
            objs[pid] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R%s >>"
                         % (cid, a)).encode()
            kids.append(pid)
    objs[2] = ("<< /Type /Pages /Kids [%s] /Count %d >>"
               % (" ".join("%d 0 R" % k for k in kids), n_pages)).encode()
    return pdf_objs(objs)


def zbytes(files, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in files:
            z.writestr(name, data)
    return out.getvalue()


CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
      'openxmlformats.org/package/2006/content-types"/>')
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(targets):
    x = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
         'schemas.openxmlformats.org/package/2006/relationships">']
    for rid, t in targets:
        x.append('<Relationship Id="%s" Type="%s/hyperlink" Target="%s" '
                 'TargetMode="External"/>' % (rid, R, t.replace("&", "&amp;")))
    x.append("</Relationships>")
    return "".join(x)


def docx(paras, links=()):
    body = []
    for p in paras:
        body.append('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % p)
    for i, (text, uri) in enumerate(links):
        body.append('<w:p><w:hyperlink r:id="rIdL%d"><w:r><w:t>%s</w:t></w:r>'
                    '</w:hyperlink></w:p>' % (i, text))
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
           'schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="%s">'
           '<w:body>%s</w:body></w:document>' % (R, "".join(body)))
    return zbytes([("[Content_Types].xml", CT), ("word/document.xml", doc),
                   ("word/_rels/document.xml.rels",
                    rels([("rIdL%d" % i, u) for i, (t, u) in enumerate(links)]))])


def xlsx(sheets, shared_bomb=0):
    """sheets: list of (name, rows, links); rows: lists of cell strings
    (shared strings; "=F" makes a formula cell); links: (ref, uri)."""
    shared = []
    wb = ['<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
          'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="%s"><sheets>' % R]
    files = [("[Content_Types].xml", CT)]
    wbrels = []
    for i, (name, rows, links) in enumerate(sheets, 1):
        wb.append('<sheet name="%s" sheetId="%d" r:id="rIdS%d"/>' % (name, i, i))
        wbrels.append(("rIdS%d" % i, "worksheets/sheet%d.xml" % i))
        x = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="%s"><sheetData>' % R]
        for rn, row in enumerate(rows, 1):
            x.append('<row r="%d">' % rn)
            for cn, cell in enumerate(row):
                ref = "%s%d" % ("ABCDEFGH"[cn], rn)
                if cell.startswith("="):
                    x.append('<c r="%s" t="str"><f>%s</f><v>link</v></c>'
                             % (ref, cell[1:].replace("&", "&amp;").replace('"', "&quot;")))
                elif cell.isdigit():
                    x.append('<c r="%s"><v>%s</v></c>' % (ref, cell))
                else:
                    shared.append(cell)
                    x.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(shared) - 1))
            x.append("</row>")
        x.append("</sheetData>")
        if links:
            x.append("<hyperlinks>")
            for k, (ref, uri) in enumerate(links):
                x.append('<hyperlink ref="%s" r:id="rIdH%d"/>' % (ref, k))
            x.append("</hyperlinks>")
        x.append("</worksheet>")
        files.append(("xl/worksheets/sheet%d.xml" % i, "".join(x)))
        files.append(("xl/worksheets/_rels/sheet%d.xml.rels" % i,
                      rels([("rIdH%d" % k, u) for k, (ref, u) in enumerate(links)])))
    wb.append("</sheets></workbook>")
    ss = ['<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
          'openxmlformats.org/spreadsheetml/2006/main">']
    for s in shared:
        ss.append("<si><t>%s</t></si>" % s.replace("&", "&amp;"))
    if shared_bomb:
        ss.append("<si><t>" + "A" * shared_bomb + "</t></si>")
    ss.append("</sst>")
    files += [("xl/workbook.xml", "".join(wb)),
              ("xl/_rels/workbook.xml.rels",
               rels(wbrels).replace("/hyperlink", "/worksheet").replace(' TargetMode="External"', "")),
              ("xl/sharedStrings.xml", "".join(ss))]
    return zbytes(files)


def ods(tables):
    body = []
    for name, rows in tables:
        body.append('<table:table table:name="%s">' % name)
        for row in rows:
            body.append("<table:table-row>")
            for c in row:
                if c.startswith("http"):
                    c = '<text:a xlink:href="%s">link</text:a>' % c
                body.append("<table:table-cell><text:p>%s</text:p></table:table-cell>" % c)
            body.append("</table:table-row>")
        body.append("</table:table>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body>'
               '<office:spreadsheet>%s</office:spreadsheet></office:body>'
               '</office:document-content>' % "".join(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"),
                   "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def tnef_attr(level, att, data):
    return (struct.pack("<BII", level, att, len(data)) + data +
            struct.pack("<H", sum(data) & 0xFFFF))


def tnef(body, files):
    out = struct.pack("<IH", 0x223E9F78, 0x0101)
    out += tnef_attr(1, 0x00089006, struct.pack("<I", 0x00010000))
    out += tnef_attr(1, 0x0002800C, body.encode() + b"\0")
    for name, data in files:
        out += tnef_attr(2, 0x00069002, struct.pack("<HIHHI", 1, 0xFFFFFFFF, 0, 0, 0))
        out += tnef_attr(2, 0x00018010, name.encode() + b"\0")
        out += tnef_attr(2, 0x0006800F, data)
    return out


def mrz_check(s):
    v = lambda c: int(c) if c.isdigit() else (0 if c == "<" else ord(c) - 55)
    return str(sum(v(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def mrz_td3(good=True):
    num, nat, dob, sex, exp, opt = "X12345678", "CHN", "850101", "M", "300101", "<" * 14
    l2 = num + mrz_check(num) + nat + dob + mrz_check(dob) + sex + exp + mrz_check(exp) + opt + "0"
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 += mrz_check(comp)
    if not good:
        l2 = l2[:9] + str((int(l2[9]) + 1) % 10) + l2[10:]
    return ["P<CHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", l2]


LISTING_LINES = ["Infringing listings:", L1, "marketplace.alibabacloud.com/products/56838014/sgcmgj00002.html"]

def cjk_pdf(lines):
    """A PDF in a CJK font it does not embed (STSong-Light, Adobe-GB1, the
    UniGB-UCS2-H CMap) and without a ToUnicode map: its text is read only
    with poppler's CMap files (poppler-data)."""
    ops = ["BT /F1 10 Tf 14 TL 50 780 Td"]   # all glyphs 1 em wide: 10 points
    for ln in lines:
        ops.append("<%s> Tj T*" % ln.encode("utf-16-be").hex())
    ops.append("ET")
    data = "\n".join(ops).encode()
    return pdf_objs({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
           b"/DescendantFonts [6 0 R] >>",
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1000 842] /Resources "
           b"<< /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        5: b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
        6: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
           b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>",
        7: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
           b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>"})


# What the scans show: a registration certificate with a listing link.
SCAN = ["United States Patent and Trademark Office", "ACME",
        "Reg. No. 1,234,567  Registered Jan. 2, 2018", "Infringing listing:", L1]


def text_page(lines, size=16, w=1000, h=320):
    """A one-page PDF of lines in Helvetica, wide enough for a link."""
    ops = ["BT /F1 %d Tf %d TL 30 %d Td" % (size, size * 8 // 5, h - 40)]
    for ln in lines:
        ops.append("(%s) Tj T*" % pdf_escape(ln))
    ops.append("ET")
    data = "\n".join(ops).encode("latin-1")
    return pdf_objs({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources "
            "<< /Font << /F1 3 0 R >> >> /Contents 5 0 R >>" % (w, h)).encode(),
        5: b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"})


def scan(lines, fmt, ppi=150, page=(16, 1000, 320)):
    """lines rendered by poppler (pdftoppm, poppler-utils) as a grey image:
    fmt "png", "jpeg" or "pgm" (returned as (width, height, pixels));
    page: font size, width and height in points."""
    with tempfile.TemporaryDirectory() as t:
        src = os.path.join(t, "p.pdf")
        with open(src, "wb") as f:
            f.write(text_page(lines, *page))
        flag = [] if fmt == "pgm" else ["-" + fmt]   # -gray alone: PGM
        subprocess.run(["pdftoppm", "-r", str(ppi), "-gray", "-singlefile"] + flag
                       + [src, os.path.join(t, "p")], check=True)
        ext = {"png": "png", "jpeg": "jpg", "pgm": "pgm"}[fmt]
        data = open(os.path.join(t, "p." + ext), "rb").read()
    if fmt != "pgm":
        return data
    head = data.split(b"\n", 3)   # P5, "W H", 255, pixels
    w, h = (int(v) for v in head[1].split())
    return w, h, head[3]


def scan_pdf(pages, ppi=150, page=(16, 1000, 320)):
    """A PDF whose pages are only images of text (a scanner's PDF)."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    kids = []
    nxt = 3
    for lines in pages:
        w, h, px = scan(lines, "pgm", ppi, page)
        z = zlib.compress(px)
        img, cont, pg = nxt, nxt + 1, nxt + 2
        nxt += 3
        objs[img] = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                     b"/ColorSpace /DeviceGray /BitsPerComponent 8 "
                     b"/Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(z))
                     + z + b"\nendstream")
        pw, ph = w * 72.0 / ppi, h * 72.0 / ppi
        ops = b"q %.2f 0 0 %.2f 0 0 cm /Im1 Do Q" % (pw, ph)
        objs[cont] = b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream"
        objs[pg] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                    b"/Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>"
                    % (pw, ph, img, cont))
        kids.append(pg)
    objs[2] = ("<< /Type /Pages /Kids [%s] /Count %d >>"
               % (" ".join("%d 0 R" % k for k in kids), len(kids))).encode()
    return pdf_objs(objs)


def png_white(w, h):
    """A valid 1-bit PNG of w x h white pixels (tiny once compressed)."""
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    row = b"\0" + b"\xff" * ((w + 7) // 8)
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row) for _ in range(h)) + z.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


DOCS = {
    "links.pdf": lambda: pdf([["Schedule A - infringing listings", L1],
                              ["Page two", "see annotation"]],
                             links=[(1, L2), (1, EVIL)]),
    "links.docx": lambda: docx(["Dear team, the listings are below.", L1],
                               links=[("second listing", L2)]),
    "links.xlsx": lambda: xlsx([("Summary", [["Brand", "Count"], ["Acme", "3"]], []),
                                ("Links", [["No", "URL"], ["1", L1],
                                           ["2", '=HYPERLINK("%s","open")' % L3],
                                           ["3", "click"]],
                                 [("B4", L2)])]),
    "links.ods": lambda: ods([("Listings", [["1", L1], ["2", L2]])]),
    "links.csv": lambda: ("No,URL,Note\n1,%s,\"fake, cheap\"\n2,%s,x\n" % (L1, L2)).encode(),
    "links.txt": lambda: ("\ufeffListings\n%s\n" % L3).encode("utf-16"),
    "links.html": lambda: ("<html><head><title>x</title></head><body><p>List</p>"
                           "<a href=\"%s\">one</a><table><tr><td>%s</td></tr></table>"
                           "</body></html>" % (L1, L2)).encode(),
    "links.zip": lambda: zbytes([("list.csv", "URL\n%s\n" % L1),
                                 ("more/links.xlsx", xlsx([("S", [[L2]], [])])),
                                 ("inner.zip", zbytes([("x.csv", L3)])),
                                 ("photo.bin", b"\0\1\2")]),
    "winmail.dat": lambda: tnef("Please see the attached list of infringing listings and " + L3,
                                [("list.csv", ("URL\n%s\n" % L1).encode()),
                                 ("poa.pdf", pdf([["POWER OF ATTORNEY",
                                                   "Acme Ltd hereby appoints Example Law LLP"]]))]),
    "passport.pdf": lambda: pdf([["PASSPORT", "Surname ZHANG", "", "<< data page >>"] + mrz_td3()]),
    "passport-bad.pdf": lambda: pdf([["PASSPORT copy"] + mrz_td3(False)]),
    "poa.pdf": lambda: pdf([["POWER OF ATTORNEY", "",
                             "Acme Ltd, the owner of trademark Reg. No. 123456,",
                             "hereby appoints Example Law LLP to act on its behalf."]]),
    "poa-zh.docx": lambda: docx(["授权委托书", "兹授权某某律师事务所代表本公司处理侵权投诉。"]),
    "cert.pdf": lambda: pdf([["United States of America",
                              "United States Patent and Trademark Office",
                              "ACME", "Reg. No. 1,234,567  Registered Jan. 2, 2018",
                              "Int. Cl.: 25"]]),
    "license-zh.pdf": lambda: pdf([["Business License", "Unified social credit code 91310000XXXXXXXX"]]),
    "invoice.pdf": lambda: pdf([["INVOICE No. 2026-118", "For: trademark registration certificate",
                                 "renewal services, power of attorney drafting", "Total: USD 900"]]),
    "cease.docx": lambda: docx(["CEASE AND DESIST", "Our client owns Certificate of Registration No. 123456.",
                                "We hereby demand that you stop. This letter is our power of attorney notice."]),
    "brochure.pdf": lambda: pdf([["ACME product brochure 2026", "Our registered trademark ACME",
                                  "Certificate of Registration available on request"]]),
    "notarial.pdf": lambda: pdf([["NOTARIAL CERTIFICATE", "",
                                  "This is to certify that the attached copy of the diploma",
                                  "of Mr. Zhang San conforms to the original."]]),
    "scan-cert.png": lambda: scan(SCAN, "png"),
    "scan-cert.jpg": lambda: scan(SCAN, "jpeg"),
    "scan-cert.pdf": lambda: scan_pdf([["Page one: a cover letter"], SCAN]),
    "cjk-nofont.pdf": lambda: cjk_pdf(["商标注册证", "注册号 第12345678号", "链接 " + L1]),
    "gbk.csv": lambda: ("序号,链接,备注\n1,%s,假冒商品\n" % L1).encode("gbk"),
    "gbk-poa.txt": lambda: ("授权委托书\n兹授权某某律师事务所代表本公司处理侵权投诉。\n").encode("gbk"),
    "big5.txt": lambda: ("侵權商品清單\n%s\n說明：仿冒商標\n" % L2).encode("big5"),
    "sjis.csv": lambda: ("番号,商品URL,登録番号\n1,%s,商標登録第1234567号\n" % L3).encode("shift_jis"),
    "sjis-kana.txt": lambda: ("こちらが侵害品のリストです。\n%s\n" % L3).encode("shift_jis"),
    "huge.png": lambda: png_white(8000, 6000),
    "scan40.pdf": lambda: scan_pdf([SCAN] * 40),
    "pages10k.pdf": lambda: pdf([["page of many", L1]], repeat=10000),
    "zipbomb.zip": lambda: zbytes([("zeros.csv", b"0" * (200 << 20))]),
    "xlsxbomb.xlsx": lambda: xlsx([("S", [["x"]], [])], shared_bomb=64 << 20),
    "nested.zip": lambda: zbytes([("a.zip", zbytes([("b.zip", zbytes([("c.csv", L1)]))]))]),
}


def main():
    d = sys.argv[1]
    if d == "list":
        print("\n".join(sorted(DOCS)))
        return
    os.makedirs(d, exist_ok=True)
    names = sys.argv[2:] or sorted(DOCS)
    for n in names:
        data = DOCS[n]()
        with open(os.path.join(d, n), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())


if __name__ == "__main__":
    main()
