#!/usr/bin/env python3
"""tests/integration/tdb_server.py - a local stand-in for the DSA
Transparency Database API (POST /api/v1/statement), for the tests of
`reportgate sor submit`: loopback only, a free port, python3 stdlib.

It applies the API's published request rules (the required fields, the
allowed values, the dependent fields of each decision ground, the date
formats and ranges, the maximum lengths, the puid format) and refuses a
second statement with the same puid with 422 naming the existing one,
as the real API does. Only what a statement of this gateway can carry is
checked; the value lists are those of the Transparency Database's
documentation and public repository (digital-services-act/transparency-database).

Usage: tdb_server.py --token TOKEN --port-file FILE [--fail-first N]
  Writes the port it listens on to FILE, then serves until SIGTERM.
  --fail-first N: the first N POSTs get 503 (to test retries).
  GET /_stats: {"posts": N, "created": N, "duplicates": N, "refused": N,
                "puids": [...]} (the puids created, in order).
"""
import argparse
import datetime
import json
import re
import signal
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VISIBILITIES = {"DECISION_VISIBILITY_CONTENT_REMOVED",
                "DECISION_VISIBILITY_CONTENT_DISABLED",
                "DECISION_VISIBILITY_CONTENT_DEMOTED",
                "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
                "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
                "DECISION_VISIBILITY_CONTENT_LABELLED",
                "DECISION_VISIBILITY_OTHER"}
MONETARIES = {"DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION",
              "DECISION_MONETARY_OTHER"}
PROVISIONS = {"DECISION_PROVISION_PARTIAL_SUSPENSION",
              "DECISION_PROVISION_TOTAL_SUSPENSION",
              "DECISION_PROVISION_PARTIAL_TERMINATION",
              "DECISION_PROVISION_TOTAL_TERMINATION"}
ACCOUNTS = {"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"}
ACCOUNT_TYPES = {"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"}
GROUNDS = {"DECISION_GROUND_ILLEGAL_CONTENT",
           "DECISION_GROUND_INCOMPATIBLE_CONTENT"}
CONTENT_TYPES = {"CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE",
                 "CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_SYNTHETIC_MEDIA",
                 "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER"}
CATEGORIES = {"STATEMENT_CATEGORY_" + c for c in (
    "ANIMAL_WELFARE", "CONSUMER_INFORMATION", "CYBER_VIOLENCE",
    "CYBER_VIOLENCE_AGAINST_WOMEN", "DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "ILLEGAL_OR_HARMFUL_SPEECH", "INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    "NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "NOT_SPECIFIED_NOTICE",
    "OTHER_VIOLATION_TC", "PROTECTION_OF_MINORS", "RISK_FOR_PUBLIC_SECURITY",
    "SCAMS_AND_FRAUD", "SELF_HARM", "UNSAFE_AND_PROHIBITED_PRODUCTS",
    "VIOLENCE")}
KEYWORDS = {"KEYWORD_" + k for k in (
    "ADULT_SEXUAL_MATERIAL AGE_SPECIFIC_RESTRICTIONS "
    "AGE_SPECIFIC_RESTRICTIONS_MINORS ANIMAL_HARM BIOMETRIC_DATA_BREACH "
    "BULLYING_AGAINST_GIRLS CHILD_SEXUAL_ABUSE_MATERIAL "
    "CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE CONTENT_PROMOTING_EATING_DISORDERS "
    "COORDINATED_HARM COPYRIGHT_INFRINGEMENT CYBER_BULLYING_INTIMIDATION "
    "CYBER_HARASSMENT CYBER_HARASSMENT_AGAINST_WOMEN CYBER_INCITEMENT "
    "CYBER_STALKING CYBER_STALKING_AGAINST_WOMEN DATA_FALSIFICATION DEFAMATION "
    "DESIGN_INFRINGEMENT DISCRIMINATION FEMALE_GENDERED_DISINFORMATION "
    "GEOGRAPHIC_INDICATIONS_INFRINGEMENT GEOGRAPHICAL_REQUIREMENTS "
    "GOODS_SERVICES_NOT_PERMITTED GROOMING_SEXUAL_ENTICEMENT_MINORS HATE_SPEECH "
    "HIDDEN_ADVERTISEMENT HUMAN_EXPLOITATION HUMAN_TRAFFICKING "
    "ILLEGAL_ORGANIZATIONS IMPERSONATION_ACCOUNT_HIJACKING INAUTHENTIC_ACCOUNTS "
    "INAUTHENTIC_LISTINGS INAUTHENTIC_USER_REVIEWS INCITEMENT_AGAINST_WOMEN "
    "INCITEMENT_VIOLENCE_HATRED INSUFFICIENT_INFORMATION_ON_TRADERS "
    "LANGUAGE_REQUIREMENTS MISINFORMATION_DISINFORMATION "
    "MISLEADING_INFO_CONSUMER_RIGHTS MISLEADING_INFO_GOODS_SERVICES "
    "MISSING_PROCESSING_GROUND NON_CONSENSUAL_IMAGE_SHARING "
    "NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN NON_CONSENSUAL_MATERIAL_DEEPFAKE "
    "NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN NONCOMPLIANCE_PRICING NUDITY "
    "PATENT_INFRINGEMENT PHISHING PROHIBITED_PRODUCTS PYRAMID_SCHEMES "
    "RIGHT_TO_BE_FORGOTTEN RISK_ENVIRONMENTAL_DAMAGE RISK_PUBLIC_HEALTH "
    "SELF_MUTILATION STALKING SUICIDE TERRORIST_CONTENT "
    "TRADE_SECRET_INFRINGEMENT TRADEMARK_INFRINGEMENT TRAFFICKING_WOMEN_GIRLS "
    "UNLAWFUL_SALE_ANIMALS UNSAFE_CHALLENGES UNSAFE_PRODUCTS VIOLATION_EU_LAW "
    "VIOLATION_NATIONAL_LAW OTHER").split()}
EEA = set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT "
          "NL NO PL PT RO SE SI SK".split())
SOURCES = {"SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER",
           "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY"}
DETECTIONS = {"Yes", "No"}
DECISIONS = {"AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY",
             "AUTOMATED_DECISION_NOT_AUTOMATED"}
PUID = re.compile(r"^[a-zA-Z0-9\-_]+$")


def check_date(errors, s, key, lo, hi, required):
    v = s.get(key)
    if v is None:
        if required:
            errors[key] = ["The %s field is required." % key]
        return
    try:
        d = datetime.datetime.strptime(v, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        errors[key] = ["The %s does not match the format YYYY-MM-DD." % key]
        return
    if (lo and d < lo) or d > hi:
        errors[key] = ["The %s is out of range." % key]


def validate(s):
    """Returns a dict of field -> [messages]; empty when s is valid."""
    errors = {}
    if not isinstance(s, dict):
        return {"body": ["The body must be a JSON object."]}

    def bad(key, why):
        errors.setdefault(key, []).append(why)

    def maxlen(key, n):
        v = s.get(key)
        if v is not None and (not isinstance(v, str) or len(v) > n):
            bad(key, "The %s field must not be greater than %d characters."
                % (key, n))

    def one_of(key, allowed, required=False):
        v = s.get(key)
        if v is None:
            if required:
                bad(key, "The %s field is required." % key)
        elif v not in allowed:
            bad(key, "The selected %s is invalid." % key)

    def array_of(key, allowed, required=False):
        v = s.get(key)
        if v is None:
            if required:
                bad(key, "The %s field is required." % key)
        elif not isinstance(v, list) or any(x not in allowed for x in v):
            bad(key, "The selected %s is invalid." % key)

    decisions = ("decision_visibility", "decision_monetary",
                 "decision_provision", "decision_account")
    if all(s.get(k) in (None, [], "") for k in decisions):
        for k in decisions:
            bad(k, "The %s field is required when none of the other "
                "decision fields are present." % k)
    array_of("decision_visibility", VISIBILITIES)
    if "DECISION_VISIBILITY_OTHER" in (s.get("decision_visibility") or []):
        if not s.get("decision_visibility_other"):
            bad("decision_visibility_other", "required")
    maxlen("decision_visibility_other", 500)
    one_of("decision_monetary", MONETARIES)
    if s.get("decision_monetary") == "DECISION_MONETARY_OTHER" and \
            not s.get("decision_monetary_other"):
        bad("decision_monetary_other", "required")
    one_of("decision_provision", PROVISIONS)
    one_of("decision_account", ACCOUNTS)
    one_of("account_type", ACCOUNT_TYPES)
    array_of("category_specification", KEYWORDS)
    one_of("decision_ground", GROUNDS, True)
    ground = s.get("decision_ground")
    dependent = {
        "DECISION_GROUND_ILLEGAL_CONTENT": (
            ("illegal_content_legal_ground", 500),
            ("illegal_content_explanation", 2000)),
        "DECISION_GROUND_INCOMPATIBLE_CONTENT": (
            ("incompatible_content_ground", 500),
            ("incompatible_content_explanation", 2000)),
    }
    for g, fields in dependent.items():
        for key, n in fields:
            if ground == g:
                if not s.get(key):
                    bad(key, "The %s field is required when decision ground "
                        "is %s." % (key, g))
                maxlen(key, n)
    if ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT":
        one_of("incompatible_content_illegal", {"Yes", "No"})
    array_of("content_type", CONTENT_TYPES, True)
    if "CONTENT_TYPE_OTHER" in (s.get("content_type") or []) and \
            not s.get("content_type_other"):
        bad("content_type_other", "required")
    one_of("category", CATEGORIES, True)
    array_of("territorial_scope", EEA)
    hi = datetime.date(2038, 1, 1)
    check_date(errors, s, "content_date", datetime.date(2000, 1, 1), hi, True)
    check_date(errors, s, "application_date", datetime.date(2020, 1, 1), hi,
               True)
    for k in ("end_date_account_restriction", "end_date_monetary_restriction",
              "end_date_service_restriction",
              "end_date_visibility_restriction"):
        check_date(errors, s, k, None, hi, False)
    if not s.get("decision_facts"):
        bad("decision_facts", "The decision facts field is required.")
    maxlen("decision_facts", 5000)
    one_of("source_type", SOURCES, True)
    maxlen("source_identity", 500)
    one_of("automated_detection", DETECTIONS, True)
    one_of("automated_decision", DECISIONS, True)
    puid = s.get("puid")
    if not puid:
        bad("puid", "The puid field is required.")
    elif not isinstance(puid, str) or len(puid) > 500 or not PUID.match(puid):
        bad("puid", "The puid format is invalid.")
    return errors


class State:
    def __init__(self, token, fail_first):
        self.lock = threading.Lock()
        self.token = token
        self.fail_left = fail_first
        self.by_puid = {}
        self.stats = {"posts": 0, "created": 0, "duplicates": 0,
                      "refused": 0, "failed": 0, "puids": []}


class Handler(BaseHTTPRequestHandler):
    state = None

    def log_message(self, fmt, *args):
        sys.stderr.write("tdb_server: " + (fmt % args) + "\n")

    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_stats":
            with self.state.lock:
                self.reply(200, self.state.stats)
        else:
            self.reply(404, {"message": "not found"})

    def do_POST(self):
        st = self.state
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        if self.path != "/api/v1/statement":
            self.reply(404, {"message": "not found"})
            return
        with st.lock:
            st.stats["posts"] += 1
            if st.fail_left > 0:
                st.fail_left -= 1
                st.stats["failed"] += 1
                self.reply(503, {"message": "Service Unavailable"})
                return
            if self.headers.get("Authorization") != "Bearer " + st.token:
                self.reply(401, {"message": "Unauthenticated."})
                return
            if (self.headers.get("Accept") != "application/json" or
                    not (self.headers.get("Content-Type") or "")
                    .startswith("application/json")):
                st.stats["refused"] += 1
                self.reply(406, {"message": "JSON in and out only"})
                return
            try:
                s = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                st.stats["refused"] += 1
                self.reply(422, {"message": "invalid JSON", "errors": {}})
                return
            errors = validate(s)
            if errors:
                st.stats["refused"] += 1
                self.reply(422, {"message": "The given data was invalid.",
                                 "errors": errors})
                return
            if s["puid"] in st.by_puid:
                st.stats["duplicates"] += 1
                msg = "The identifier given is not unique within this platform."
                self.reply(422, {"message": msg, "errors": {"puid": [msg]},
                                 "existing": st.by_puid[s["puid"]]})
                return
            out = dict(s)
            out["uuid"] = str(uuid.uuid4())
            out["id"] = len(st.by_puid) + 1
            out["permalink"] = "http://127.0.0.1/statement/" + out["uuid"]
            st.by_puid[s["puid"]] = out
            st.stats["created"] += 1
            st.stats["puids"].append(s["puid"])
            self.reply(201, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--token", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--fail-first", type=int, default=0)
    a = ap.parse_args()
    Handler.state = State(a.token, a.fail_first)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(
        target=srv.shutdown).start())
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    import os
    os.rename(a.port_file + ".tmp", a.port_file)
    srv.serve_forever()
    srv.server_close()


if __name__ == "__main__":
    main()
