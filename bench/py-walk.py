#!/usr/bin/python3
"""bench/py-walk.py - the bench/gmime-walk.c walk with Python's email
package: parse each file with policy.default, walk() every part (walk()
descends into message/rfc822), get_content() for text parts, and
get_payload(decode=True) for every other leaf. Prints
"msgs=N bytes=B decoded=D text=T seconds=S errors=E" on stdout.

Usage: py-walk.py FILE...
"""

import email
import email.policy
import os
import sys
import time


def walk_file(path, st):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    st["bytes"] += os.path.getsize(path)
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_maintype() == "text":
            try:
                st["text"] += len(part.get_content().encode("utf-8", "replace"))
            except (LookupError, UnicodeError) as e:
                print("py-walk: %s: %s" % (path, e), file=sys.stderr)
        else:
            data = part.get_payload(decode=True)
            if data is not None:
                st["decoded"] += len(data)
    st["msgs"] += 1


def main(argv):
    if len(argv) < 2:
        print("usage: py-walk.py FILE...", file=sys.stderr)
        return 2
    st = {"msgs": 0, "bytes": 0, "decoded": 0, "text": 0, "errors": 0}
    t0 = time.monotonic()
    for path in argv[1:]:
        try:
            walk_file(path, st)
        except OSError as e:
            print("py-walk: %s: %s" % (path, e), file=sys.stderr)
            st["errors"] += 1
    t1 = time.monotonic()
    print("msgs=%d bytes=%d decoded=%d text=%d seconds=%.3f errors=%d" % (
        st["msgs"], st["bytes"], st["decoded"], st["text"], t1 - t0,
        st["errors"]))
    return 1 if st["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
