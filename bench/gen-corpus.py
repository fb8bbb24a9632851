#!/usr/bin/python3
"""bench/gen-corpus.py - writes a deterministic corpus of report mails for
the parser benchmark (bench/run.sh). Standard library only.

  gen-corpus.py [--seed S] [-n N] [--max-attachment BYTES] OUTDIR
                                                N mixed mails, msg-NNNNN.eml
  gen-corpus.py [--seed S] --one-big MB OUTDIR  one mail with one MB MiB
                                                attachment, big-MBmb.eml

The same seed and N give byte-identical files on every run and machine:
each message draws from its own random.Random seeded with "seed-index".
"""

import argparse
import base64
import binascii
import datetime
import os
import random
import sys
import urllib.parse

MARKET = "marketplace.alibabacloud.com"
GATEWAY = "gw.marketplace.example"
IP_BOX = "ip-reports@marketplace.example"
ABUSE_BOX = "abuse@marketplace.example"

# (display name, local part, domain, organisation, language)
PEOPLE = (
    ("Jane Doe", "jane.doe", "doe-partners.example", "Doe & Partners LLP", "en"),
    ("John Smith", "jsmith", "acme-software.example", "Acme Software Ltd", "en"),
    ("Priya Raman", "priya", "brandshield.example", "BrandShield Legal", "en"),
    ("Maria Müller", "m.mueller", "kanzlei-mueller.example",
     "Kanzlei Müller & Söhne", "de"),
    ("François Dupont", "fdupont", "cabinet-dupont.example",
     "Cabinet Dupont Avocats", "fr"),
    ("José García", "jgarcia", "garcia-ip.example", "García Propiedad Industrial",
     "es"),
    ("李伟", "liwei", "yunfan-tech.example.cn", "杭州云帆科技有限公司", "zh"),
    ("王芳", "wangfang", "xinghe-soft.example.cn", "北京星河软件有限公司", "zh"),
    ("张敏", "zhangmin", "zhongxin-law.example.cn", "上海中信律师事务所", "zh"),
    ("陈静", "chenjing", "tianyu-data.example.cn", "深圳天宇数据有限公司", "zh"),
)

BRANDS_EN = ("Acme Software Ltd", "Globex Cloud GmbH", "Initech Systems Inc.",
             "Umbrella Analytics Corp.", "Hooli Data Services")
BRANDS_ZH = ("杭州云帆科技有限公司", "北京星河软件有限公司", "深圳天宇数据有限公司",
             "广州明月网络科技有限公司")

REGISTRY_LINKS = (
    "https://tsdr.uspto.gov/#caseNumber={n}&caseType=SERIAL_NO&searchType=statusSearch",
    "https://euipo.europa.eu/eSearch/#details/trademarks/0{n}",
    "https://branddb.wipo.int/en/quicksearch/brand/US50{n}",
    "https://patents.google.com/patent/US{n}B2/en",
    "http://sbj.cnipa.gov.cn/sbcx/detail?regNum={n}",
)

OTHER_LINKS = ("https://www.acme-software.example/brand",
               "https://docs.globex.example/licensing/terms",
               "https://www.yunfan-tech.example.cn/about",
               "https://github.com/example-org/example-tool")

# file names by evidence family and language
FILES = {
    "identity": {
        "en": ("passport_scan.pdf", "ID_card_front.jpg", "business_license.pdf",
               "certificate_of_incorporation.pdf", "driver_license.jpg"),
        "latin": ("Personalausweis_Müller.jpg", "pièce_d'identité.pdf",
                  "carné_de_identidad.pdf"),
        "zh": ("护照.pdf", "身份证正面.jpg", "营业执照.pdf", "营业执照副本扫描件.pdf"),
    },
    "authorization": {
        "en": ("power_of_attorney.pdf", "letter_of_authorization.pdf",
               "LOA_signed.pdf"),
        "latin": ("Vollmacht_unterschrieben.pdf", "procuração.pdf",
                  "lettre_d'autorisation.pdf"),
        "zh": ("授权书.pdf", "委托书.pdf", "知识产权维权授权委托书（盖章版）.pdf"),
    },
    "ownership": {
        "en": ("trademark_certificate_US5551234.pdf", "copyright_registration.pdf",
               "patent_certificate.pdf", "TM registration certificate.pdf"),
        "latin": ("Markenurkunde_DE30201234.pdf", "certificat_d'enregistrement.pdf"),
        "zh": ("商标注册证.pdf", "著作权登记证书.pdf", "专利证书.pdf",
               "北京星河软件有限公司商标注册证第12345678号.pdf"),
    },
    "other": {
        "en": ("screenshot_01.jpg", "evidence_listing.jpg", "test_purchase_receipt.pdf",
               "comparison.png", "IMG_20260301_101512.jpg", "listing_export.zip",
               "infringement_analysis.docx"),
        "latin": ("Screenshot_Angebot_über_Marke.jpg", "capture_d'écran.png"),
        "zh": ("侵权截图1.jpg", "商品页面截图.png", "侵权对比分析.docx", "证据材料.zip"),
    },
}

MIME_BY_EXT = {
    "pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
    "zip": "application/zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

SENTENCES = {
    "en": (
        "The listed products reproduce our registered mark in the title, the logo and the screenshots.",
        "The seller offers an unlicensed copy of our software under a confusingly similar name.",
        "We have not authorised this vendor to use our trademark in any form.",
        "A test purchase on 2 March 2026 confirmed that the delivered image contains our proprietary code.",
        "Please remove these listings and prevent the vendor from posting them again.",
        "We request that you forward our contact details to the vendor as required by your policy.",
        "Our client’s rights are registered in the United States, the European Union and China.",
        "The product description copies our documentation word for word, including the “Quick Start” section.",
        "We reserve all rights and remedies available to our client under applicable law.",
        "Kindly confirm receipt of this notice and let us know the reference number of the case.",
    ),
    "de": (
        "Die gelisteten Produkte verwenden unsere eingetragene Marke ohne Zustimmung.",
        "Der Anbieter vertreibt eine unlizenzierte Kopie unserer Software unter ähnlichem Namen.",
        "Wir bitten um Entfernung der Angebote und um Bestätigung des Eingangs dieser Meldung.",
        "Die Markenrechte unserer Mandantin sind in Deutschland und der EU geschützt.",
        "Mit freundlichen Grüßen aus Köln – bitte behandeln Sie diese Mitteilung vertraulich.",
    ),
    "fr": (
        "Les produits listés reproduisent notre marque enregistrée sans autorisation.",
        "Le vendeur propose une copie non autorisée de notre logiciel sous un nom très proche.",
        "Nous vous prions de retirer ces annonces et de nous confirmer la réception de ce signalement.",
        "Les droits de notre cliente sont enregistrés en France et dans l’Union européenne.",
        "Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.",
    ),
    "es": (
        "Los productos listados reproducen nuestra marca registrada sin autorización.",
        "El vendedor ofrece una copia no autorizada de nuestro software con un nombre muy parecido.",
        "Les rogamos que retiren estos anuncios y nos confirmen la recepción de esta notificación.",
        "Los derechos de nuestro cliente están registrados en España y en la Unión Europea.",
    ),
    "zh": (
        "上述商品在标题、图标和截图中使用了我方注册商标。",
        "该卖家以相似名称销售我方软件的未授权副本。",
        "我方从未授权该商家以任何形式使用我方商标。",
        "我方于2026年3月2日进行了测试购买，确认交付的镜像包含我方源代码。",
        "请删除上述商品链接，并防止该商家再次发布。",
        "请按照贵平台规则将我方联系方式转交给该商家。",
        "我方权利已在中国、美国及欧盟注册。",
        "商品描述逐字抄袭了我方的产品文档。",
        "请确认收到本投诉，并告知案件编号。",
    ),
}

ABUSE_SENTENCES = {
    "en": (
        ("malware", "The image contains a trojan that opens a backdoor on port 4444."),
        ("malware", "Our scanner flagged a web shell in /var/www/html/upload.php of this image."),
        ("privacy", "The listing collects personal data of end users without any privacy notice."),
        ("fraud", "This is a scam: buyers pay for a license key that never arrives."),
        ("platform_abuse", "The vendor posts fake reviews and spam listings every day."),
        ("illegal_content", "The product distributes prohibited content and illegal gambling software."),
        (None, "Please investigate the vendor and take appropriate action."),
        (None, "Logs and hashes are attached for your analysis."),
    ),
    "zh": (
        ("malware", "该镜像包含木马程序，会在系统中植入后门。"),
        ("malware", "我们检测到该商品中存在恶意软件。"),
        ("privacy", "该商品未经同意收集用户个人信息，侵犯隐私。"),
        ("fraud", "该商家存在诈骗行为，买家付款后无法获得许可证。"),
        ("platform_abuse", "该商家长期刷单并发布虚假评价。"),
        ("illegal_content", "该商品包含违法违禁内容。"),
        (None, "请尽快核实并处理。"),
    ),
}

DISCLAIMER = {
    "en": ("CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential "
           "and may be legally privileged. If you are not the intended recipient, "
           "please notify the sender immediately and delete this message. Any "
           "unauthorised use, disclosure or copying is strictly prohibited. "),
    "de": ("Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte "
           "Informationen. Wenn Sie nicht der richtige Adressat sind, informieren "
           "Sie bitte sofort den Absender und vernichten Sie diese Mail. "),
    "fr": ("Ce message et ses pièces jointes sont confidentiels et destinés "
           "exclusivement à leurs destinataires. Si vous l’avez reçu par erreur, "
           "merci d’en avertir l’expéditeur et de le détruire. "),
    "es": ("Este mensaje y sus anexos son confidenciales. Si usted no es el "
           "destinatario, le rogamos que lo comunique al remitente y lo elimine. "),
    "zh": ("保密声明：本邮件及其附件含有保密信息，仅限于发送给上述收件人。"
           "如果您错收了本邮件，请立即通知发件人并删除本邮件。"),
}


class Msg:
    """Per-message choices; everything comes from self.rng."""

    def __init__(self, rng, index, depth=0, small=False, att_cap=None):
        self.rng = rng
        self.index = index
        self.depth = depth
        self.small = small
        self.att_cap = att_cap      # largest attachment, bytes (None: no cap)


# ---------------------------------------------------------------- encoders

def b64_lines(data):
    """Base64 in 76-character lines, LF line ends."""
    return base64.encodebytes(data)


def qp(data):
    return binascii.b2a_qp(data, quotetabs=False, istext=True, header=False)


def ew_b(text, charset):
    """RFC 2047 B-encoded words, split on character boundaries."""
    words, chunk = [], ""
    for ch in text:
        if len((chunk + ch).encode(charset)) > 45:
            words.append(chunk)
            chunk = ""
        chunk += ch
    if chunk:
        words.append(chunk)
    return ["=?%s?B?%s?=" % (charset, base64.b64encode(w.encode(charset)).decode())
            for w in words]


def ew_q(text, charset):
    """RFC 2047 Q-encoded words (for latin text)."""
    out, cur = [], ""
    for ch in text:
        b = ch.encode(charset)
        if ch == " ":
            piece = "_"
        elif ch.isascii() and (ch.isalnum() or ch in "!*+-/"):
            piece = ch
        else:
            piece = "".join("=%02X" % x for x in b)
        if len(cur) + len(piece) > 45:
            out.append(cur)
            cur = ""
        cur += piece
    if cur:
        out.append(cur)
    return ["=?%s?Q?%s?=" % (charset, w) for w in out]


def header_text(text, charset, rng):
    """A header value: raw when ASCII, else RFC 2047 folded over lines."""
    if text.isascii():
        return text
    cs = charset if can_encode(text, charset) else "UTF-8"
    if cs.lower() in ("iso-8859-1", "windows-1252") and rng.random() < 0.7:
        words = ew_q(text, cs)
    else:
        words = ew_b(text, cs)
    return "\n ".join(words)


def can_encode(text, charset):
    try:
        text.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def rfc2231(name, charset="UTF-8"):
    return charset + "''" + urllib.parse.quote(name.encode(charset), safe="")


def rfc2231_pieces(value, size=40):
    """Splits a percent-encoded value without breaking %XX triples."""
    pieces, i = [], 0
    while i < len(value):
        j = min(i + size, len(value))
        while j < len(value) and "%" in value[j - 2:j]:
            j -= 1
        pieces.append(value[i:j])
        i = j
    return pieces


def fmt_date(rng):
    base = datetime.datetime(2026, 1, 5, tzinfo=datetime.timezone.utc)
    t = base + datetime.timedelta(seconds=rng.randrange(90 * 86400))
    tz = datetime.timezone(datetime.timedelta(
        hours=rng.choice((0, 8, 8, 8, 1, 2, -5, -8))))
    t = t.astimezone(tz)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
              "Oct", "Nov", "Dec")
    off = int(t.utcoffset().total_seconds() // 60)
    sign = "+" if off >= 0 else "-"
    off = abs(off)
    return "%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
        days[t.weekday()], t.day, months[t.month - 1], t.year, t.hour, t.minute,
        t.second, sign, off // 60, off % 60)


def hexid(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


# ------------------------------------------------------------------- links

def listing_url(rng):
    cat = rng.choice(("56700001", "56700001", "56700001", "56700002", "56700015"))
    return "https://%s/products/%s/cmjj%08d.html" % (MARKET, cat,
                                                    rng.randrange(10 ** 8))


def safelink(rng, url):
    return ("https://nam%02d.safelinks.protection.outlook.com/?url=%s"
            "&data=05%%7C02%%7C%%7C%s%%7C84df9e7fe9f640afb435aaaaaaaaaaaa"
            "%%7C1%%7C0%%7C638%015d%%7CUnknown&sdata=%s%%3D&reserved=0") % (
        rng.randint(2, 12), urllib.parse.quote(url, safe=""), hexid(rng, 32),
        rng.randrange(10 ** 15),
        base64.b64encode(rng.randbytes(30)).decode().rstrip("=")
        .replace("+", "%2B").replace("/", "%2F"))


def google_redirect(rng, url):
    return ("https://www.google.com/url?q=%s&sa=D&source=editors&ust=%d"
            "&usg=AOvVaw%s") % (urllib.parse.quote(url, safe=""),
                                1772000000000000 + rng.randrange(10 ** 13),
                                base64.urlsafe_b64encode(rng.randbytes(18))
                                .decode())


# -------------------------------------------------------------- body model
# A body is a list of blocks: ("p", text), ("links", [(url, wrapper)]),
# ("quote", intro, [lines]), ("fwd", [header lines], [blocks]).

def pick_lang(rng, charset):
    cs = charset.lower()
    if cs in ("gb2312", "gbk"):
        return "zh"
    if cs in ("iso-8859-1", "windows-1252"):
        return rng.choice(("en", "en", "de", "fr", "es"))
    return rng.choice(("en", "en", "en", "zh", "zh", "de", "fr"))


def person_for(rng, lang):
    pool = [p for p in PEOPLE if (p[4] == "zh") == (lang == "zh")]
    return rng.choice(pool)


def sentences(rng, lang, target):
    pool = SENTENCES[lang]
    out, n = [], 0
    while n < target:
        s = rng.choice(pool)
        out.append(s)
        n += len(s.encode("utf-8"))
    return out


def links_block(rng, urls, wrap_rate):
    out = []
    for u in urls:
        r = rng.random()
        if r < wrap_rate * 0.7:
            out.append((u, safelink(rng, u)))
        elif r < wrap_rate:
            out.append((u, google_redirect(rng, u)))
        elif r < wrap_rate + 0.08:
            out.append((u, "bare"))
        else:
            out.append((u, None))
    return ("links", out)


def ip_body(m, lang, person, files):
    rng = m.rng
    brand = rng.choice(BRANDS_ZH if lang == "zh" else BRANDS_EN)
    nlinks = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))
    if rng.random() < 0.03:
        nlinks = rng.randint(20, 40)
    urls = [listing_url(rng) for _ in range(nlinks)]
    wrap_rate = rng.choice((0.0, 0.0, 0.0, 0.5, 0.9))
    agent = rng.random() < 0.6
    blocks = []
    if lang == "zh":
        blocks.append(("p", "尊敬的云市场知识产权团队："))
        if agent:
            blocks.append(("p", "我所代理%s，就以下商品侵犯我方商标权提出投诉：" % brand))
        else:
            blocks.append(("p", "我公司是%s的权利人，就以下商品侵权提出投诉：" % brand))
    else:
        blocks.append(("p", "Dear Marketplace IP team,"))
        if agent:
            blocks.append(("p", "We represent %s as counsel for the rights holder and "
                                "write on behalf of our client about the listings below."
                           % brand))
        else:
            blocks.append(("p", "I am the owner of the trademark of %s. Our company owns "
                                "the rights infringed by the listings below." % brand))
    blocks.append(links_block(rng, urls, wrap_rate))
    target = int(min(rng.lognormvariate(7.0, 0.9), 20000))
    body = sentences(rng, lang, target)
    for i in range(0, len(body), 4):
        blocks.append(("p", " ".join(body[i:i + 4])))
    if rng.random() < 0.35:
        blocks.append(("p", REGISTRY_LINKS[rng.randrange(len(REGISTRY_LINKS))]
                       .format(n=rng.randrange(10 ** 7, 10 ** 8))))
    if rng.random() < 0.2:
        blocks.append(("p", rng.choice(OTHER_LINKS)))
    if files and rng.random() < 0.7:
        lines = []
        for fam, name in files:
            label = {"identity": "Identity proof", "authorization": "Authorization",
                     "ownership": "Ownership proof", "other": "Evidence"}[fam]
            lines.append("%s: %s" % (label, name))
        blocks.append(("p", "\n".join(lines)))
    if rng.random() < 0.3:
        form = ["Rights holder: %s" % brand,
                "Submitter name: %s" % person[0],
                "Submitter organization: %s" % person[3],
                "Relationship: %s" % ("agent" if agent else "rights holder"),
                "IP type: %s" % rng.choice(("trademark", "copyright", "patent")),
                "Registration number: %s %d" % (rng.choice(("US", "EU", "CN")),
                                                rng.randrange(10 ** 6, 10 ** 8)),
                "Jurisdiction: %s" % rng.choice(("US", "EU", "CN", "DE")),
                "Infringing listings:"]
        form += urls[:3]
        blocks.append(("p", "\n".join(form)))
    return blocks, brand


def abuse_body(m, lang):
    rng = m.rng
    pool = ABUSE_SENTENCES["zh" if lang == "zh" else "en"]
    urls = [listing_url(rng) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    blocks = [("p", "您好：" if lang == "zh" else "Hello abuse team,")]
    blocks.append(links_block(rng, urls, rng.choice((0.0, 0.0, 0.6))))
    text = [rng.choice(pool)[1] for _ in range(rng.randint(2, 8))]
    blocks.append(("p", " ".join(text)))
    if rng.random() < 0.3:
        blocks.append(("p", "SHA256: %s\nObserved: %s" % (hexid(rng, 64), fmt_date(rng))))
    return blocks


def quote_block(m, lang):
    rng = m.rng
    ref = "IPR-2026-%06d" % rng.randrange(1, 1000)
    old = ["Thank you for your report. Your case reference is [%s]." % ref,
           "We are missing the following items: authorization, ownership_proof.",
           "Please reply to this message and attach the missing documents.",
           "",
           listing_url(rng),
           "",
           "Marketplace IP Team"]
    if rng.random() < 0.5:
        intro = "On %s, Marketplace IP Team <%s> wrote:" % (fmt_date(rng), IP_BOX)
        if lang == "zh":
            intro = "在 2026年3月%d日 09:12，Marketplace IP Team <%s> 写道：" % (
                rng.randint(1, 28), IP_BOX)
        return ("quote", intro, old)
    hdr = ["-----Original Message-----",
           "From: Marketplace IP Team <%s>" % IP_BOX,
           "Sent: %s" % fmt_date(rng),
           "To: reporter",
           "Subject: [%s] Your IP infringement report" % ref]
    return ("outlook", hdr, old)


def render_text(blocks):
    out = []
    for b in blocks:
        if b[0] == "p":
            out.append(b[1])
        elif b[0] == "links":
            lines = []
            for n, (u, w) in enumerate(b[1], 1):
                if w == "bare":
                    lines.append("%d. %s" % (n, u.split("://", 1)[1]))
                elif w and w.startswith("https://www.google"):
                    lines.append("%d. %s" % (n, u))   # Gmail keeps plain text
                elif w:
                    lines.append("%d. %s<%s>" % (n, u, w))
                else:
                    lines.append("%d. %s" % (n, u))
            out.append("\n".join(lines))
        elif b[0] == "quote":
            out.append(b[1] + "\n" + "\n".join(("> " + x).rstrip() for x in b[2]))
        elif b[0] == "outlook":
            out.append("\n".join(b[1]) + "\n\n" + "\n".join(b[2]))
        elif b[0] == "fwd":
            out.append("---------- Forwarded message ---------\n" +
                       "\n".join(b[1]) + "\n\n" + render_text(b[2]))
        elif b[0] == "sig":
            out.append("-- \n" + b[1])
    return "\n\n".join(out) + "\n"


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


SPAN = "<span style='font-size:11.0pt;font-family:\"Calibri\",sans-serif;color:#1F497D'>"


def render_html(blocks, outlook, charset="utf-8"):
    out = []
    for b in blocks:
        if b[0] == "p":
            text = "<br>\n".join(esc(x) for x in b[1].split("\n"))
            if outlook:
                out.append("<p class=MsoNormal>%s%s<o:p></o:p></span></p>" % (SPAN, text))
            else:
                out.append("<div dir=\"ltr\">%s</div>" % text)
        elif b[0] == "links":
            items = []
            for u, w in b[1]:
                href = w if w and w != "bare" else u
                shown = u.split("://", 1)[1] if w == "bare" else u
                items.append("<li><a href=\"%s\" target=\"_blank\">%s</a></li>"
                             % (esc(href), esc(shown)))
            out.append("<ol>\n%s\n</ol>" % "\n".join(items))
        elif b[0] in ("quote", "outlook"):
            head = b[1] if b[0] == "quote" else "<br>".join(esc(x) for x in b[1])
            body = "<br>\n".join(
                "<a href=\"%s\">%s</a>" % (esc(x), esc(x)) if x.startswith("https://")
                else esc(x) for x in b[2])
            out.append("<div class=\"gmail_quote\"><div class=\"gmail_attr\">%s</div>"
                       "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px "
                       "0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
                       "\n%s\n</blockquote></div>" % (esc(b[1]) if b[0] == "quote"
                                                      else head, body))
        elif b[0] == "fwd":
            out.append("<div>---------- Forwarded message ---------<br>%s</div><br>%s"
                       % ("<br>".join(esc(x) for x in b[1]),
                          render_html(b[2], outlook, charset)))
        elif b[0] == "sig":
            out.append("<div class=\"signature\" style=\"color:#888;font-size:8pt\">%s"
                       "</div>" % esc(b[1]).replace("\n", "<br>"))
    style = ""
    if outlook:
        style = ("<head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                 "charset=%s\"><style><!--\n@font-face {font-family:\"Cambria Math\";"
                 "panose-1:2 4 5 3 5 4 6 3 2 4;}\np.MsoNormal, li.MsoNormal, "
                 "div.MsoNormal {margin:0cm;font-size:11.0pt;font-family:\"Calibri\","
                 "sans-serif;}\na:link, span.MsoHyperlink {mso-style-priority:99;"
                 "color:#0563C1;text-decoration:underline;}\n--></style></head>\n" % charset)
    return ("<html>%s<body lang=EN-US link=\"#0563C1\" vlink=\"#954F72\">\n"
            "<div class=WordSection1>\n%s\n</div>\n</body></html>\n"
            % (style, "\n".join(out)))


# ------------------------------------------------------------------- parts

def text_part(rng, subtype, text, charset):
    cs_label = rng.choice((charset, charset.upper())) if charset.islower() else charset
    try:
        data = text.encode(charset)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
        cs_label = "utf-8"
    lc = cs_label.lower()
    r = rng.random()
    if lc in ("gb2312", "gbk"):
        cte = "base64" if r < 0.8 else "8bit"
    elif lc == "utf-8":
        cte = "quoted-printable" if r < 0.4 else "base64" if r < 0.8 else "8bit"
    else:
        cte = "quoted-printable" if r < 0.75 else "8bit"
    if data.isascii() and cte == "8bit":
        cte = "7bit"
    if cte == "base64":
        payload = b64_lines(data)
    elif cte == "quoted-printable":
        payload = qp(data)
    else:
        payload = data
    hdr = "Content-Type: text/%s; charset=\"%s\"\nContent-Transfer-Encoding: %s\n" % (
        subtype, cs_label, cte)
    return hdr.encode(), payload


def attachment_bytes(rng, ext, size):
    if ext == "pdf":
        head, tail = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", b"\n%%EOF\n"
    elif ext == "jpg":
        head, tail = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", b"\xff\xd9"
    elif ext == "png":
        head, tail = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"IEND\xaeB`\x82"
    else:
        head, tail = b"PK\x03\x04\x14\x00\x06\x00", b"PK\x05\x06" + bytes(18)
    n = max(size - len(head) - len(tail), 16)
    return head + rng.randbytes(n) + tail


def attachment_part(rng, name, size, charset):
    ext = name.rsplit(".", 1)[1].lower()
    ctype = MIME_BY_EXT.get(ext, "application/octet-stream")
    if rng.random() < 0.1:
        ctype = "application/octet-stream"
    data = attachment_bytes(rng, ext, size)
    if name.isascii():
        ct_name = "name=\"%s\"" % name
        cd_name = "filename=\"%s\"" % name
    else:
        cs = charset if can_encode(name, charset) else "UTF-8"
        r = rng.random()
        if r < 0.35:            # Outlook/Gmail: 2047 name, 2231 filename
            ct_name = "name=\"%s\"" % " ".join(ew_b(name, "UTF-8"))
            cd_name = "filename*=%s" % rfc2231(name)
        elif r < 0.55:          # RFC 2231 continuations on both
            val = rfc2231(name, "UTF-8" if not can_encode(name, "iso-8859-1")
                          or rng.random() < 0.5 else "iso-8859-1")
            pieces = rfc2231_pieces(val)
            ct_name = ";\n\t".join("name*%d*=%s" % (i, p) for i, p in enumerate(pieces))
            cd_name = ";\n\t".join("filename*%d*=%s" % (i, p)
                                   for i, p in enumerate(pieces))
        elif r < 0.9:           # Foxmail/Coremail: RFC 2047 in both parameters
            words = " ".join(ew_b(name, cs))
            ct_name = "name=\"%s\"" % words
            cd_name = "filename=\"%s\"" % words
        else:                   # raw UTF-8 (RFC 6532 style, or sloppy mailers)
            ct_name = "name=\"%s\"" % name
            cd_name = "filename=\"%s\"" % name
    disp = rng.random()
    hdr = "Content-Type: %s;\n\t%s\n" % (ctype, ct_name)
    if rng.random() < 0.2:
        hdr += "Content-Description: %s\n" % (name if name.isascii() else "attachment")
    if disp < 0.85:
        hdr += ("Content-Disposition: attachment;\n\t%s;\n\tsize=%d;\n\t"
                "creation-date=\"%s\";\n\tmodification-date=\"%s\"\n"
                % (cd_name, len(data), fmt_date(rng), fmt_date(rng)))
    elif disp < 0.93:
        hdr += "Content-Disposition: inline;\n\t%s\n" % cd_name
    # else: no disposition at all, only the name= parameter
    hdr += "Content-Transfer-Encoding: base64\n"
    return hdr.encode("utf-8"), b64_lines(data)


def multipart(rng, subtype, parts, extra=""):
    boundary = "----=_Part_%s_%d.%d" % (hexid(rng, 8), rng.randrange(10 ** 9),
                                        rng.randrange(10 ** 13))
    hdr = "Content-Type: multipart/%s;%s\n\tboundary=\"%s\"\n" % (subtype, extra,
                                                                  boundary)
    chunks = [b"This is a multi-part message in MIME format.\n"]
    for phdr, pbody in parts:
        chunks.append(b"\n--" + boundary.encode() + b"\n" + phdr + b"\n" + pbody)
        if not pbody.endswith(b"\n"):
            chunks.append(b"\n")
    chunks.append(b"\n--" + boundary.encode() + b"--\n")
    return hdr.encode(), b"".join(chunks)


def attachment_sizes(rng, small):
    r = rng.random()
    if small:
        r *= 0.85
    if r < 0.42:
        return []
    if r < 0.88:
        return [int(min(max(rng.lognormvariate(10.2, 0.9), 3000), 500000))
                for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
    if r < 0.975:
        return [rng.randint(300000, 1000000)] + \
               [rng.randint(5000, 80000) for _ in range(rng.randint(0, 2))]
    return [rng.randint(1000000, 3000000)]


def choose_files(rng, lang, sizes, stream):
    out = []
    fams = ("identity", "authorization", "ownership", "other")
    for i, size in enumerate(sizes):
        fam = fams[i % 4] if stream == "ip" else "other"
        if rng.random() < 0.3:
            fam = rng.choice(fams)
        if lang == "zh":
            key = "zh" if rng.random() < 0.85 else "en"
        elif lang in ("de", "fr", "es"):
            key = "latin" if rng.random() < 0.5 else "en"
        else:
            key = "en" if rng.random() < 0.85 else "zh"
        out.append((fam, rng.choice(FILES[fam][key]), size))
    return out


# ----------------------------------------------------------------- message

def build(m, force_sizes=None):
    """Returns (header str, body bytes) of one message, LF line ends."""
    rng = m.rng
    charset = rng.choice(("utf-8", "utf-8", "utf-8", "utf-8", "gb2312", "gbk",
                          "iso-8859-1", "iso-8859-1", "windows-1252",
                          "windows-1252"))
    lang = pick_lang(rng, charset)
    if lang != "zh" and charset in ("gb2312", "gbk"):
        charset = "utf-8"
    stream = "ip" if rng.random() < 0.7 else "abuse"
    person = person_for(rng, lang)
    sizes = force_sizes if force_sizes is not None else attachment_sizes(rng, m.small)
    if m.att_cap is not None:
        sizes = [min(s, m.att_cap) for s in sizes]
    files = choose_files(rng, lang, sizes, stream)
    follow_up = m.depth == 0 and rng.random() < 0.06
    if stream == "ip":
        blocks, brand = ip_body(m, lang, person, [(f, n) for f, n, _ in files])
    else:
        blocks, brand = abuse_body(m, lang), None
    if follow_up:
        blocks = [("p", "请见附件中补充的授权书。" if lang == "zh" else
                   "Please find the missing documents attached.")] + blocks[-2:]
    if (follow_up or rng.random() < 0.06) and m.depth == 0:
        blocks.append(quote_block(m, lang))
    if m.depth == 0 and rng.random() < 0.03:
        inner = Msg(rng, m.index, depth=1, small=True, att_cap=m.att_cap)
        ib, _ = ip_body(inner, lang, person_for(rng, lang), [])
        blocks.append(("fwd", ["From: %s <%s@%s>" % (person[0], person[1], person[2]),
                               "Date: %s" % fmt_date(rng),
                               "Subject: Infringement report",
                               "To: %s" % IP_BOX], ib))
    sig = "%s\n%s\n+%d %d" % (person[0], person[3], rng.choice((1, 44, 49, 86)),
                              rng.randrange(10 ** 9, 10 ** 10))
    if rng.random() < 0.4:
        sig += "\n\n" + DISCLAIMER[lang] * rng.randint(1, 3)
    blocks.append(("sig", sig))

    outlook = rng.random() < 0.5
    text = render_text(blocks)
    body_part = text_part(rng, "plain", text, charset)
    has_html = rng.random() < 0.55
    if has_html:
        html = text_part(rng, "html", render_html(blocks, outlook, charset), charset)
        body_part = multipart(rng, "alternative", [body_part, html])
        if outlook and rng.random() < 0.3:
            logo = attachment_bytes(rng, "png", rng.randint(2000, 9000))
            cid = "image001.png@01DC%s.%s" % (hexid(rng, 4).upper(), hexid(rng, 8).upper())
            img = (("Content-Type: image/png;\n\tname=\"image001.png\"\n"
                    "Content-Description: image001.png\n"
                    "Content-Disposition: inline;\n\tfilename=\"image001.png\"\n"
                    "Content-ID: <%s>\nContent-Transfer-Encoding: base64\n" % cid)
                   .encode(), b64_lines(logo))
            body_part = multipart(rng, "related", [body_part, img],
                                  "\n\ttype=\"multipart/alternative\";")
    parts = [body_part]
    for fam, name, size in files:
        parts.append(attachment_part(rng, name, size, charset))
    if m.depth == 0 and rng.random() < 0.07:
        inner = Msg(random.Random("%d-inner" % rng.randrange(10 ** 9)), m.index,
                    depth=1, small=True, att_cap=m.att_cap)
        ih, ibody = build(inner)
        fname = "original report.eml" if rng.random() < 0.5 else "转发：侵权投诉.eml"
        cd = "filename=\"%s\"" % fname if fname.isascii() else \
            "filename*=%s" % rfc2231(fname)
        phdr = "Content-Type: message/rfc822\nContent-Disposition: %s;\n\t%s\n" % (
            rng.choice(("attachment", "inline")), cd)
        parts.append((phdr.encode("utf-8"), ih.encode("utf-8") + b"\n" + ibody))
    if len(parts) == 1:
        top_hdr, top_body = body_part
    else:
        top_hdr, top_body = multipart(rng, "mixed", parts)

    # headers
    dom = person[2]
    addr = "%s@%s" % (person[1], dom)
    to = IP_BOX if stream == "ip" else ABUSE_BOX
    if stream == "ip":
        subj = ("商标侵权投诉 - %s" % brand) if lang == "zh" else \
            rng.choice(("IP infringement report - %s" % brand,
                        "Trademark infringement notice: %s" % brand,
                        "Copyright complaint regarding listings"))
    else:
        subj = "滥用举报：恶意商品" if lang == "zh" else \
            rng.choice(("Abuse report: malicious listing", "Report of fraud",
                        "Malware found in marketplace image"))
    if lang in ("de", "fr", "es") and rng.random() < 0.5:
        subj = {"de": "Markenrechtsverletzung – Beschwerde über Angebote",
                "fr": "Signalement de contrefaçon – marque déposée",
                "es": "Notificación de infracción de marca – anuncios"}[lang]
    h = []
    if m.depth == 0:
        h.append("Return-Path: <%s>" % addr)
        for _ in range(rng.randint(1, 3)):
            h.append("Received: from mail-%s.%s (mail-%s.%s [203.0.113.%d])\n\tby "
                     "mx.marketplace.example (Postfix) with ESMTPS id %s\n\tfor <%s>; %s"
                     % (hexid(rng, 4), dom, hexid(rng, 4), dom, rng.randrange(1, 255),
                        hexid(rng, 10).upper(), to, fmt_date(rng)))
        if rng.random() < 0.6:
            sig64 = base64.b64encode(rng.randbytes(256)).decode()
            h.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s; s=s1;\n"
                     "\th=from:to:subject:date:message-id:mime-version;\n\tbh=%s;\n\tb=%s"
                     % (dom, base64.b64encode(rng.randbytes(32)).decode(),
                        "\n\t ".join(sig64[i:i + 70] for i in range(0, len(sig64), 70))))
    h.append("From: %s <%s>" % (
        '"%s"' % person[0] if person[0].isascii() else
        header_text(person[0], charset, rng), addr))
    h.append("To: %s" % to)
    if rng.random() < 0.2:
        h.append("Cc: legal@%s" % dom)
    ref = None
    if follow_up:
        ref = "IPR-2026-%06d" % rng.randrange(1, 1000)
        subj = "Re: [%s] %s" % (ref, "Your IP infringement report" if lang != "zh"
                                else "您的知识产权投诉")
    elif any(b[0] == "fwd" for b in blocks) or len(parts) > 1 and m.depth == 0 \
            and parts[-1][0].startswith(b"Content-Type: message/rfc822"):
        subj = "Fwd: " + subj
    h.append("Subject: %s" % header_text(subj, charset, rng))
    h.append("Date: %s" % fmt_date(rng))
    h.append("Message-ID: <%s.%s@%s>" % (hexid(rng, 16), hexid(rng, 8), dom))
    if ref:
        gw = "<%s.%d.%s@%s>" % (ref, rng.randint(1, 3), hexid(rng, 6), GATEWAY)
        h.append("In-Reply-To: %s" % gw)
        h.append("References: %s" % gw)
    h.append("MIME-Version: 1.0")
    if outlook:
        h.append("X-Mailer: Microsoft Outlook 16.0")
        h.append("Thread-Index: %s" % base64.b64encode(rng.randbytes(22)).decode())
        h.append("Content-Language: %s" % ("zh-cn" if lang == "zh" else "en-us"))
    else:
        h.append("User-Agent: %s" % rng.choice(("Mozilla Thunderbird", "Foxmail 7.2",
                                                "Coremail Webmail Server",
                                                "Roundcube Webmail/1.6")))
    head = "\n".join(h) + "\n" + top_hdr.decode("utf-8")
    return head, top_body


def message_bytes(m, force_sizes=None):
    head, body = build(m, force_sizes)
    raw = head.encode("utf-8") + b"\n" + body
    if m.rng.random() < 0.75:   # most mail comes from IMAP with CRLF
        raw = raw.replace(b"\n", b"\r\n")
    return raw


def write_big(outdir, seed, mib):
    """One IP report whose only attachment holds mib MiB, written in chunks."""
    rng = random.Random("%d-big-%d" % (seed, mib))
    path = os.path.join(outdir, "big-%dmb.eml" % mib)
    text = ("Dear Marketplace IP team,\n\nWe represent Acme Software Ltd. The "
            "listing below copies our product; the attached archive holds the "
            "full evidence.\n\n%s\n\nEvidence: evidence_archive.pdf\n\nJane Doe\n"
            % listing_url(rng))
    boundary = "----=_Part_big_%s" % hexid(rng, 12)
    total = mib * 1024 * 1024
    with open(path + ".tmp", "wb") as f:
        f.write(("From: \"Jane Doe\" <jane.doe@doe-partners.example>\n"
                 "To: %s\nSubject: IP infringement report with large evidence\n"
                 "Date: %s\nMessage-ID: <big.%s@doe-partners.example>\n"
                 "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"%s\"\n"
                 "\n--%s\nContent-Type: text/plain; charset=utf-8\n"
                 "Content-Transfer-Encoding: 7bit\n\n%s\n--%s\n"
                 "Content-Type: application/pdf; name=\"evidence_archive.pdf\"\n"
                 "Content-Disposition: attachment; filename=\"evidence_archive.pdf\"\n"
                 "Content-Transfer-Encoding: base64\n\n"
                 % (IP_BOX, fmt_date(rng), hexid(rng, 16), boundary, boundary, text,
                    boundary)).replace("\n", "\r\n").encode())
        chunk = 57 * 18396              # whole 76-column base64 lines, ~1 MiB
        done = 0
        while done < total:
            n = min(chunk, total - done)
            data = rng.randbytes(n)
            if done == 0:
                data = b"%PDF-1.7\n" + data[9:]
            f.write(base64.encodebytes(data).replace(b"\n", b"\r\n"))
            done += n
        f.write(("\r\n--%s--\r\n" % boundary).encode())
    os.replace(path + ".tmp", path)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-n", type=int, default=2000, help="number of messages")
    ap.add_argument("--one-big", type=int, nargs="?", const=50, metavar="MB",
                    help="write one message with one attachment of MB MiB "
                         "(default 50) instead of the corpus")
    ap.add_argument("--max-attachment", type=int, metavar="BYTES",
                    help="cap every attachment at BYTES (same messages, "
                         "smaller; for runs of many messages)")
    ap.add_argument("--report-shaped", action="store_true",
                    help="report-shaped mail: attachments of at most "
                         "200 KB (median message ~30 KB, at most three "
                         "attachments); the same as --max-attachment 204800")
    args = ap.parse_args()
    if args.report_shaped and args.max_attachment is None:
        args.max_attachment = 204800
    os.makedirs(args.outdir, exist_ok=True)
    if args.one_big is not None:
        print(write_big(args.outdir, args.seed, args.one_big))
        return 0
    total, sizes = 0, []
    for i in range(1, args.n + 1):
        m = Msg(random.Random("%d-%d" % (args.seed, i)), i, att_cap=args.max_attachment)
        raw = message_bytes(m)
        path = os.path.join(args.outdir, "msg-%05d.eml" % i)
        with open(path, "wb") as f:
            f.write(raw)
        total += len(raw)
        sizes.append(len(raw))
    sizes.sort()
    print("gen-corpus: %d messages, %.1f MB, min %d, median %d, p90 %d, max %d bytes"
          % (args.n, total / 1e6, sizes[0], sizes[len(sizes) // 2],
             sizes[len(sizes) * 9 // 10], sizes[-1]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
