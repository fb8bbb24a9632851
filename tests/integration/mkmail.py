#!/usr/bin/python3
"""tests/integration/mkmail.py - writes one test mail (RFC 5322, UTF-8)
to stdout, for the workflow and story tests.

mkmail.py --from 'Name <a@b>' --subject S --body TEXT
          [--attach NAME]... [--in-reply-to ID] [--message-id ID]
          [--references "ID ID..."]
"""
import argparse
import email.message
import email.policy
import email.utils
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--from", dest="frm", required=True)
ap.add_argument("--to", default="IP Reports <ip-reports@gw.example.net>")
ap.add_argument("--subject", required=True)
ap.add_argument("--body", required=True)
ap.add_argument("--attach", action="append", default=[])
ap.add_argument("--in-reply-to")
ap.add_argument("--message-id")
ap.add_argument("--references", help="ids without <>, space-separated "
                "(default: the --in-reply-to id)")
ap.add_argument("--date", default="Mon, 21 Sep 2026 10:00:00 +0000")
a = ap.parse_args()

m = email.message.EmailMessage(policy=email.policy.SMTP)
m["From"] = a.frm
m["To"] = a.to
m["Subject"] = a.subject
m["Date"] = a.date
mid = a.message_id or email.utils.make_msgid(domain="test.example")[1:-1]
m["Message-ID"] = "<%s>" % mid
if a.in_reply_to:
    m["In-Reply-To"] = "<%s>" % a.in_reply_to
    m["References"] = "<%s>" % a.in_reply_to
if a.references:
    del m["References"]
    m["References"] = " ".join("<%s>" % r for r in a.references.split())
m.set_content(a.body)
for name in a.attach:
    m.add_attachment(("%PDF-1.4 test document " + name + "\n").encode(),
                     maintype="application", subtype="pdf", filename=name)
sys.stdout.buffer.write(m.as_bytes())
