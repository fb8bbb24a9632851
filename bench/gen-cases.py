#!/usr/bin/python3
"""bench/gen-cases.py - fills a reportgate store (already created by the
program, so its schema is the current one) with N generated cases for
the console benchmark: a mix of statuses and streams, a third flagged
for staff, some assigned, one to three listings each (half of them with
a vendor in the listing directory), an evidence request on one case in
twenty (half of them overdue), and an acknowledgement plus, for every
other case, a staff mail (the first response). Deterministic (seed).

Usage: gen-cases.py DB N [SEED]"""
import random
import sqlite3
import sys

db_path, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
statuses = (["incomplete"] * 30 + ["ready_for_review"] * 20 +
            ["info_requested"] * 8 + ["accepted"] * 6 +
            ["vendor_notified"] * 8 + ["counter_noticed"] * 3 +
            ["action_taken"] * 5 + ["rejected"] * 5 + ["closed"] * 15)
categories = ["malware", "illegal_content", "privacy", "fraud",
              "platform_abuse", "other"]
staff = ["alice", "bob", "carol", "dave", "erin"]
now = 1796600000
db = sqlite3.connect(db_path)
db.execute("PRAGMA synchronous = OFF")
cur = db.cursor()
cur.execute("BEGIN")
for v in range(2000):
    cur.execute("INSERT OR IGNORE INTO listing_directory (listing_id, "
                "vendor_name, vendor_email, title, imported) VALUES "
                "(?, ?, ?, ?, ?)", ("cmjj%07d" % v, "Vendor %d" % v,
                                    "vendor%d@shop.example" % (v % 400),
                                    "Listing %d" % v, now))
msg = 0
for i in range(n):
    abuse = rng.random() < 0.2
    ref = "%s-2026-%06d" % ("ABR" if abuse else "IPR", i + 1)
    created = now - rng.randint(0, 400 * 86400)
    updated = created + rng.randint(0, 30 * 86400)
    status = rng.choice(statuses)
    cur.execute(
        "INSERT INTO cases (ref, stream, kind, status, created, updated, "
        "submitter_name, submitter_email, rights_holder, acting_as, "
        "reporter, category, missing, needs_staff, assignee) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ref, "abuse" if abuse else "ip",
         "abuse_report" if abuse else "ip_report", status, created,
         min(updated, now), "Reporter %d" % i, "r%d@brand%d.example" % (i, i % 900),
         None if abuse else "Brand %d Ltd" % (i % 900),
         "agent" if i % 2 else "rights_holder", "r%d@brand%d.example" % (i, i % 900),
         rng.choice(categories) if abuse else None,
         '["identity_proof"]' if status == "incomplete" else "[]",
         1 if rng.random() < 0.3 else 0,
         rng.choice(staff) if rng.random() < 0.4 else None))
    cid = cur.lastrowid
    for k in range(rng.randint(1, 3)):
        lid = ("cmjj%07d" % rng.randint(0, 3999))
        cur.execute("INSERT OR IGNORE INTO case_listings (case_id, "
                    "listing_id, url) VALUES (?, ?, ?)",
                    (cid, lid, "https://marketplace.alibabacloud.com/"
                     "products/%d/%s.html" % (k, lid)))
    if i % 20 == 0:
        cur.execute("INSERT INTO evidence_requests (case_id, party, "
                    "deadline, text, created) VALUES (?, ?, ?, ?, ?)",
                    (cid, "vendor%d@shop.example" % (i % 400),
                     now + (-86400 if i % 40 == 0 else 86400 * 7),
                     "Send the licence", created))
    for kind, when in (("ack", created + 60),
                       ("decision", created + rng.randint(3600, 9 * 86400))):
        if kind == "decision" and i % 2:
            continue
        msg += 1
        cur.execute("INSERT INTO outbox (case_id, kind, message_id, "
                    "subject, raw, status, created, next_attempt) VALUES "
                    "(?, ?, ?, ?, ?, 'sent', ?, ?)",
                    (cid, kind, "bench%d@gw.example" % msg, "[%s]" % ref,
                     b"x", when, when))
cur.execute("COMMIT")

db.close()
