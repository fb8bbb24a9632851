"""Reads mail delivered to the test SMTP receiver back, for the shell tests.

  mailcheck.py header FILE NAME    the decoded header (RFC 2047), "" if absent;
                                   several of the same name: one per line
  mailcheck.py headers FILE        the header names, one per line, in order
  mailcheck.py body FILE           the decoded text body
  mailcheck.py crlf FILE           exit 0 if every line ends in CRLF
  mailcheck.py date FILE           exit 0 if Date parses as RFC 5322
  mailcheck.py find DIR HDR VALUE  the files in DIR/Maildir/new whose HDR
                                   contains VALUE (sorted by number)
  mailcheck.py dups DIR            Message-ID counts over DIR/Maildir/new:
                                   "<mails> <distinct> <duplicated ids>
                                   <max copies>"
Uses Python's own email package (Debian's /usr/bin/python3).
"""
import email
import email.policy
import email.utils
import os
import sys


def load(path):
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.default)


def files(d):
    nd = os.path.join(d, "Maildir", "new")
    names = [n for n in os.listdir(nd) if n.endswith(".eml")]
    names.sort(key=lambda n: int(n.split(".")[0]))
    return [os.path.join(nd, n) for n in names]


def main():
    cmd = sys.argv[1]
    if cmd == "header":
        vals = load(sys.argv[2]).get_all(sys.argv[3]) or []
        print("\n".join(str(v) for v in vals))
    elif cmd == "headers":
        print("\n".join(load(sys.argv[2]).keys()))
    elif cmd == "body":
        m = load(sys.argv[2])
        part = m.get_body(preferencelist=("plain",))
        print(part.get_content() if part is not None else "")
    elif cmd == "crlf":
        with open(sys.argv[2], "rb") as f:
            data = f.read()
        lines = data.split(b"\n")
        ok = all(line.endswith(b"\r") for line in lines[:-1])
        sys.exit(0 if ok and data else 1)
    elif cmd == "date":
        v = load(sys.argv[2])["Date"]
        sys.exit(0 if v and email.utils.parsedate_to_datetime(str(v)) else 1)
    elif cmd == "find":
        for p in files(sys.argv[2]):
            v = load(p)[sys.argv[3]]
            if v is not None and sys.argv[4] in str(v):
                print(p)
    elif cmd == "dups":
        counts = {}
        for p in files(sys.argv[2]):
            mid = str(load(p)["Message-ID"])
            counts[mid] = counts.get(mid, 0) + 1
        dup = sum(1 for c in counts.values() if c > 1)
        print(sum(counts.values()), len(counts), dup,
              max(counts.values()) if counts else 0)
    else:
        sys.exit(2)


main()
