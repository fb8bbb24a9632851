#!/usr/bin/env python3
"""tests/integration/slowhead.py - clients that send a request head slowly,
for the deadline of a request's whole head (web/web_deadline.h). The
requests carry "X-Remote-User: alice" (the console's proxy header in
web-public.sh; the portal ignores it).

  slowhead.py dribble PORT HOST SECONDS
      sends a request line and then one byte of a header every second, for
      at most SECONDS; prints the seconds until the server ended the
      connection, or "open" if it never did.
  slowhead.py slow PORT HOST PATH
      sends a complete head in four pieces 0.3 s apart; prints the status
      code of the answer (or 000).
"""
import socket
import sys
import time


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    return s


def status(s):
    """Reads one answer (head and Content-Length body); returns its code."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d:
            return "000"
        buf += d
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    code = lines[0].split()[1].decode()
    length = 0
    for ln in lines[1:]:
        k, _, v = ln.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    while len(rest) < length:
        d = s.recv(65536)
        if not d:
            break
        rest += d
    return code


def dribble(port, host, limit):
    s = connect(port)
    t0 = time.monotonic()
    s.sendall(b"GET / HTTP/1.1\r\nHost: " + host.encode() + b"\r\n")
    s.settimeout(1.0)
    payload = b"X-Slow: " + b"a" * 1000
    for i in range(int(limit)):
        try:
            s.sendall(payload[i:i + 1])
        except OSError:
            print("%.1f" % (time.monotonic() - t0))
            return
        try:
            # the end of the stream, or an answer (an error page): either
            # way the server gave up on this head
            s.recv(4096)
            print("%.1f" % (time.monotonic() - t0))
            return
        except socket.timeout:
            pass
        except OSError:
            print("%.1f" % (time.monotonic() - t0))
            return
    print("open")


def slow(port, host, path):
    s = connect(port)
    req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: slowhead\r\n"
           "Accept: */*\r\nX-Remote-User: alice\r\nConnection: close"
           "\r\n\r\n" % (path, host)).encode()
    n = len(req) // 4 + 1
    for i in range(4):
        s.sendall(req[i * n:(i + 1) * n])
        time.sleep(0.3)
    print(status(s))


def main():
    mode, port, host = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == "dribble":
        dribble(port, host, float(sys.argv[4]))
    else:
        slow(port, host, sys.argv[4])


if __name__ == "__main__":
    main()
