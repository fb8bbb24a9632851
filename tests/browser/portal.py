#!/usr/bin/python3
"""tests/browser/portal.py - drives headless Chromium (Debian's chromium
and chromium-driver, through python3-selenium) against a real
`reportgate portal` started by tests/integration/portal-browser.sh: fills
in the IP form with three file uploads and submits it, follows the
mailed link (delivered by `reportgate send --once` to the SMTP receiver)
and files the report with its button, then opens the status page linked
from the acknowledgement, which shows the case. Prints TAP.

Environment: U (the portal's URL), REPORTGATE, MAILDIR (the receiver's
Maildir/new), FILES (a directory with passport.pdf, poa.pdf, cert.png),
PROFILE (a fresh Chromium profile directory)."""
import email
import os
import re
import subprocess
import sys
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import pagewait

U = os.environ["U"]
n = 0
fails = 0


def check(desc, cond):
    global n, fails
    n += 1
    if not cond:
        fails += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, desc), flush=True)
    return cond


def click_and_wait(d, element):
    """Clicks element and waits for the next page and its heading."""
    pagewait.click_and_wait(d, element)
    WebDriverWait(d, 20).until(
        EC.presence_of_element_located((By.TAG_NAME, "h1")))


def send_and_find(pattern):
    """Delivers the outbox, then returns the first match of pattern in
    the text of the delivered mails (newest first)."""
    subprocess.run([os.environ["REPORTGATE"], "send", "--once"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    d = os.environ["MAILDIR"]
    for name in sorted(os.listdir(d), key=lambda s: int(s.split(".")[0]),
                       reverse=True):
        m = email.message_from_binary_file(open(os.path.join(d, name), "rb"))
        for part in m.walk():
            if part.get_content_type() == "text/plain":
                found = re.search(pattern, part.get_payload(decode=True)
                                  .decode("utf-8", "replace"))
                if found:
                    return found.group(0)
    return None


def main():
    opts = webdriver.ChromeOptions()
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
              "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--user-data-dir=" + os.environ["PROFILE"],
              "--window-size=1280,900", "--lang=en-US"):
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                         options=opts)
    d.set_page_load_timeout(30)
    files = os.environ["FILES"]
    try:
        d.get(U + "/report/ip")
        check("the IP form opens", d.find_element(By.TAG_NAME, "h1").text ==
              "Report an IP infringement")
        f = d.find_element
        f(By.ID, "name").send_keys("Jane Doe")
        f(By.ID, "email").send_keys("jane@brand.example")
        f(By.ID, "organisation").send_keys("Brand Protection Ltd")
        Select(f(By.ID, "acting_as")).select_by_value("agent")
        f(By.ID, "rights_holder").send_keys("Acme Software Ltd")
        Select(f(By.ID, "right_type")).select_by_value("trademark")
        f(By.ID, "right_number").send_keys("US 5551234")
        f(By.ID, "right_jurisdiction").send_keys("US")
        f(By.ID, "listings").send_keys(
            "https://marketplace.alibabacloud.com/products/56700001/"
            "cmjj00012345.html")
        f(By.ID, "description").send_keys("Counterfeit goods under our mark.")
        f(By.ID, "identity").send_keys(os.path.join(files, "passport.pdf"))
        f(By.ID, "authorization").send_keys(os.path.join(files, "poa.pdf"))
        f(By.ID, "ownership").send_keys(os.path.join(files, "cert.png"))
        f(By.ID, "good_faith").click()
        f(By.ID, "accuracy").click()
        click_and_wait(d, f(By.CSS_SELECTOR, "form button[type=submit]"))
        check("submitting lands on the link-mailed page",
              d.current_url.startswith(U + "/report/mailed") and
              d.find_element(By.TAG_NAME, "h1").text == "Check your mail")

        link = send_and_find(r"https?://\S+/confirm/\S+")
        check("the confirmation mail carries the link", link is not None)
        d.get(link)
        click_and_wait(d, d.find_element(By.CSS_SELECTOR,
                                         "form button[type=submit]"))
        ref = WebDriverWait(d, 20).until(
            EC.presence_of_element_located((By.ID, "ref"))).text
        check("the button files the report as a case",
              re.match(r"^IPR-\d{4}-\d{6}$", ref) is not None)

        status = send_and_find(r"https?://\S+/status/" + ref + r"\?t=\S+")
        check("the acknowledgement links the status page", status is not None)
        d.get(status)
        check("the status page shows the case",
              d.find_element(By.ID, "ref").text == ref and
              "complete and waits for review" in
              d.find_element(By.ID, "status").text and
              "cmjj00012345" in d.find_element(By.ID, "listings").text)
    except Exception:
        traceback.print_exc(file=sys.stdout)
        check("no exception", False)
    finally:
        d.quit()
    print("1..%d" % n)
    return 0 if fails == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
