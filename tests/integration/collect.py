# tests/integration/collect.py - reads the mails the SMTP receiver
# (smtp_server.py) took since the last call and writes each one's fields to
# DST/<n>.{to,from,rcpt,subject,id,irt,refs,auto,tls,body,att}; prints one
# "n to subject" line per mail. SEENF holds how many were read before.
# Usage: collect.py SRV-DIR DST SEENF
import email, email.policy, json, os, sys
srv, dst, seenf = sys.argv[1:4]
seen = int(open(seenf).read())
env = {}
envf = os.path.join(srv, "envelopes.jsonl")
if os.path.exists(envf):
    with open(envf) as fh:
        for line in fh:
            if line.strip():
                e = json.loads(line)
                env[os.path.basename(e["file"])] = e
nd = os.path.join(srv, "Maildir", "new")
names = sorted((f for f in os.listdir(nd) if f.endswith(".eml")),
               key=lambda f: int(f.split(".")[0]))
for f in names[seen:]:
    seen += 1
    with open(os.path.join(nd, f), "rb") as fh:
        m = email.message_from_binary_file(fh, policy=email.policy.default)
    e = env.get(f, {})
    body = m.get_body(("plain",))
    vals = {
        "to": " ".join(a.addr_spec for a in m["To"].addresses),
        "from": " ".join(a.addr_spec for a in m["From"].addresses),
        "rcpt": " ".join(e.get("rcpt_tos", [])),
        "subject": str(m["Subject"]).replace("\n", " "),
        "id": str(m["Message-ID"] or "").strip(),
        "irt": str(m["In-Reply-To"] or "").strip(),
        "refs": " ".join(str(m["References"] or "").split()),
        "auto": str(m["Auto-Submitted"] or ""),
        "tls": str(e.get("tls")),
        "body": body.get_content() if body is not None else "",
        "att": " ".join(p.get_filename() or "" for p in m.iter_attachments()),
    }
    for k, v in vals.items():
        with open(os.path.join(dst, "%d.%s" % (seen, k)), "w") as out:
            out.write(v if k == "body" else v + "\n")
    print(seen, vals["to"], vals["subject"])
open(seenf, "w").write(str(seen))
