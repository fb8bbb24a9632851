"""Throwaway SMTP receiver for reportgate's tests (python3-aiosmtpd 1.4.x).

Run by smtp-server.sh, never directly:  smtp_server.py PORT DIR
Reads its options from the environment (see smtp-server.sh) and writes:
  DIR/Maildir/new/<n>.eml   each accepted message, byte for byte as received
                            after DATA (dot-unstuffed, nothing added)
  DIR/envelopes.jsonl       one JSON line per accepted message
  DIR/auth.jsonl            one JSON line per AUTH attempt (any outcome)
  DIR/smtp.log              server log (the whole dialogue with SMTP_DEBUG=1)
  DIR/ready                 written once every listener accepts connections
Stops on SIGTERM/SIGINT, when the process SMTP_WATCH_PID is gone, or after
SMTP_MAX_LIFETIME seconds (default 600), so a crashed test leaves nothing
running.
"""
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# Block the stop signals before any thread starts: every thread inherits
# the mask, so only the sigwait() below receives them.
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}
signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)

PORT, D = int(sys.argv[1]), sys.argv[2]
ENV = os.environ.get
TLS = ENV("SMTP_TLS", "0") == "1"
REQUIRE_TLS = ENV("SMTP_REQUIRE_TLS", "0") == "1"
SMTPS_PORT = ENV("SMTPS_PORT")
USER, PASSWORD = ENV("SMTP_USER"), ENV("SMTP_PASS")
AUTH_REQUIRED = ENV("SMTP_AUTH_REQUIRED", "0") == "1"
AUTH_REQUIRE_TLS = ENV("SMTP_AUTH_REQUIRE_TLS", "1") == "1"
SLOW_SECONDS = float(ENV("SMTP_SLOW_SECONDS", "10"))
WATCH_PID = int(ENV("SMTP_WATCH_PID", "0") or 0)
MAX_LIFETIME = float(ENV("SMTP_MAX_LIFETIME", "600"))

logging.basicConfig(filename=os.path.join(D, "smtp.log"),
                    level=logging.DEBUG if ENV("SMTP_DEBUG") == "1" else logging.INFO,
                    format="%(asctime)s %(name)s %(message)s")
LOCK = threading.Lock()     # one Controller thread per listener
COUNTER = [0]


def local_part(address):
    return address.strip("<>").split("@")[0].lower()


def append_json(name, record):
    with LOCK, open(os.path.join(D, name), "a") as f:
        f.write(json.dumps(record) + "\n")


def is_tls(server, session):
    """STARTTLS sets session.ssl; implicit TLS shows only on the transport."""
    if session.ssl is not None:
        return True
    transport = getattr(server, "transport", None)
    return transport is not None and transport.get_extra_info("ssl_object") is not None


def first_time(address):
    """True the first time address is seen (state kept in a file)."""
    path = os.path.join(D, "tempfail-once.state")
    with LOCK:
        seen = set()
        if os.path.exists(path):
            with open(path) as f:
                seen = set(line.rstrip("\n") for line in f)
        if address.lower() in seen:
            return False
        with open(path, "a") as f:
            f.write(address.lower() + "\n")
        return True


class Handler:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if local_part(address).startswith("reject"):
            return "550 5.7.1 sender rejected"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        lp = local_part(address)
        if lp.startswith("reject"):
            return "550 5.1.1 no such user"
        if lp.startswith("tempfail-once"):
            if first_time(address):
                return "451 4.3.0 try again later (once)"
        elif lp.startswith("tempfail"):
            return "451 4.3.0 try again later"
        if lp.startswith("slow"):
            await asyncio.sleep(SLOW_SECONDS)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(local_part(r).startswith("datafail") for r in envelope.rcpt_tos):
            return "554 5.6.0 message refused"
        with LOCK:
            COUNTER[0] += 1
            n = COUNTER[0]
        name = "%d.eml" % n
        tmp = os.path.join(D, "Maildir", "tmp", name)
        with open(tmp, "wb") as f:
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(D, "Maildir", "new", name))
        auth = session.auth_data
        append_json("envelopes.jsonl", {
            "file": "Maildir/new/" + name,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "size": len(envelope.original_content),
            "tls": is_tls(server, session),
            "auth_user": auth.login.decode("utf-8", "replace")
            if isinstance(auth, LoginPassword) else None,
        })
        return "250 2.0.0 OK queued as " + name


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login.decode("utf-8", "replace") == USER
          and auth_data.password.decode("utf-8", "replace") == PASSWORD)
    append_json("auth.jsonl", {
        "mechanism": mechanism,
        "login": auth_data.login.decode("utf-8", "replace")
        if isinstance(auth_data, LoginPassword) else None,
        "success": ok,
        "tls": is_tls(server, session),
    })
    if ok:
        return AuthResult(success=True, auth_data=auth_data)
    # handled=False: aiosmtpd then answers "535 5.7.8 ...". With the default
    # handled=True it sends nothing and the client waits for its timeout.
    return AuthResult(success=False, handled=False)


def main():
    ctx = None
    if TLS or SMTPS_PORT:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(os.path.join(D, "tls", "server.pem"),
                            os.path.join(D, "tls", "server.key"))
    kw = dict(hostname="127.0.0.1", server_hostname="smtp-test.localhost",
              data_size_limit=64 * 1024 * 1024)
    if USER:
        kw.update(authenticator=authenticator, auth_required=AUTH_REQUIRED,
                  auth_require_tls=AUTH_REQUIRE_TLS)
    controllers = [Controller(Handler(), port=PORT,
                              tls_context=ctx if TLS else None,
                              require_starttls=REQUIRE_TLS, **kw)]
    if SMTPS_PORT:
        controllers.append(Controller(Handler(), port=int(SMTPS_PORT),
                                      ssl_context=ctx, **kw))
    for c in controllers:
        c.start()
    with open(os.path.join(D, "ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    logging.info("listening on 127.0.0.1:%d%s", PORT,
                 " + smtps %s" % SMTPS_PORT if SMTPS_PORT else "")
    deadline = time.monotonic() + MAX_LIFETIME
    while time.monotonic() < deadline:
        if signal.sigtimedwait(STOP_SIGNALS, 0.5) is not None:
            break
        if WATCH_PID:
            try:
                os.kill(WATCH_PID, 0)
            except ProcessLookupError:
                logging.info("watched pid %d gone", WATCH_PID)
                break
    for c in controllers:
        c.stop()


main()
