#!/usr/bin/python3
"""tests/browser/console.py - drives headless Chromium (Debian's
chromium and chromium-driver, through python3-selenium) against a real
`reportgate serve` started by tests/integration/browser.sh: sign-in
(a wrong password refused, an account locked after five), the
Needs-staff queue, a case's message text, an image attachment shown in
place, a decision and its event, a decision on one listing from its own
form that changes its track, with the statement of reasons' ground and
explanation, a vendor's suspension with its end date, the Reports page's
SVG bar chart, sign-out.
Saves screenshots of the list, of a case page and of the Reports page in
SHOTS. Prints TAP.

Environment: U (the console's URL), SHOTS (a directory), PROFILE (a
fresh Chromium profile directory), REF_FLAGGED, REF_ZH, REF_READY (case
references), PASSWORD (dana's and lou's), NOTICES (cases filed today)."""
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from pagewait import click_and_wait

U = os.environ["U"]
SHOTS = os.environ["SHOTS"]
n = 0
fails = 0


def check(desc, cond):
    global n, fails
    n += 1
    if not cond:
        fails += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, desc), flush=True)
    return cond


def sign_in(d, user, password):
    d.get(U + "/login")
    d.find_element(By.ID, "user").send_keys(user)
    d.find_element(By.ID, "password").send_keys(password)
    click_and_wait(d, d.find_element(By.CSS_SELECTOR,
                                     "form.login button[type=submit]"))


def alert_text(d):
    found = d.find_elements(By.CSS_SELECTOR, "p.notice")
    return found[0].text if found else ""


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
    pw = os.environ["PASSWORD"]
    try:
        d.get(U + "/")
        check("signed out, / shows the sign-in page",
              d.current_url == U + "/login" and
              d.find_element(By.TAG_NAME, "h1").text == "Sign in")
        sign_in(d, "dana", "wrong-password")
        check("a wrong password is refused",
              "wrong" in alert_text(d) and d.current_url == U + "/login")
        for i in range(5):
            sign_in(d, "lou", "wrong-%d" % i)
        sign_in(d, "lou", pw)
        check("after five wrong passwords the right one is refused (locked)",
              "locked" in alert_text(d))

        sign_in(d, "dana", pw)
        check("dana signs in and sees the open cases",
              d.current_url == U + "/" and
              "Signed in as dana" in d.find_element(By.TAG_NAME, "nav").text)
        click_and_wait(d, d.find_element(By.PARTIAL_LINK_TEXT, "Needs staff"))
        current = d.find_element(By.CSS_SELECTOR, ".tabs a[aria-current=page]")
        refs = [a.text for a in d.find_elements(
            By.CSS_SELECTOR, "tbody td a[href^='/case/']")]
        check("the Needs-staff tab lists the flagged case only",
              current.text.startswith("Needs staff") and
              refs == [os.environ["REF_FLAGGED"]])
        click_and_wait(d, d.find_element(By.PARTIAL_LINK_TEXT, "Open"))
        d.save_screenshot(os.path.join(SHOTS, "console-list.png"))

        d.get(U + "/case/" + os.environ["REF_ZH"])
        text = d.find_element(By.CSS_SELECTOR, "article.msg .text")
        check("the Chinese message's text is shown, marked lang=zh",
              text.get_attribute("lang") == "zh" and "商标" in text.text)
        img = d.find_element(By.CSS_SELECTOR, "img.att")
        loaded = d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", img)
        check("the image attachment is shown in place (%s px wide)" % loaded,
              bool(loaded) and loaded > 0)
        d.save_screenshot(os.path.join(SHOTS, "console-case.png"))
        d.set_window_size(800, 900)
        facts = d.find_element(By.CSS_SELECTOR, "aside.facts").rect
        conv = d.find_element(By.CSS_SELECTOR, "section.conv").rect
        width = d.execute_script(
            "return document.documentElement.scrollWidth")
        check("at 800 px: one column, nothing wider than the window",
              conv["y"] >= facts["y"] + facts["height"] and width <= 800)
        d.save_screenshot(os.path.join(SHOTS, "console-case-800.png"))
        d.set_window_size(1280, 900)

        d.get(U + "/case/" + os.environ["REF_READY"])
        form = d.find_element(
            By.XPATH, "//form[.//input[@name='action' and @value='accept']]")
        form.find_element(By.NAME, "reason").send_keys("registration checked")
        click_and_wait(d, form.find_element(By.CSS_SELECTOR,
                                            "button[type=submit]"))
        events = d.find_element(By.ID, "events").text
        check("the decision is in the events with dana's name",
              d.current_url == U + "/case/" + os.environ["REF_READY"] and
              "dana accepted the report: registration checked" in events)
        status = d.find_element(By.CSS_SELECTOR, "header.case .tags .tag")
        check("the case is accepted and its vendors notified",
              status.text == "vendor_notified")

        # A decision on one listing, from its own form: the track moves.
        track = "aside.facts #l-cmjj00012345 .tag"
        check("the listing's track is shown: notified",
              d.find_element(By.CSS_SELECTOR, track).text == "notified")
        form = d.find_element(By.XPATH, "//form[.//legend[starts-with("
                              "., 'Listing cmjj00012345')]]")
        Select(form.find_element(By.NAME, "what")).select_by_value("removal")
        form.find_element(By.NAME, "reason").send_keys("counterfeit tools")
        # The statement of reasons is folded: its defaults work; open it
        # by keyboard and choose the ground and the explanation.
        form.find_element(By.CSS_SELECTOR, "details.sor-fields summary") \
            .send_keys(Keys.ENTER)
        Select(form.find_element(By.NAME, "ground")).select_by_value("terms")
        form.find_element(By.NAME, "explanation").send_keys(
            "The tools copy the brand's logo, which clause 4 forbids.")
        click_and_wait(d, form.find_element(By.CSS_SELECTOR,
                                            "button[type=submit]"))
        check("the listing's track is now removed, the other still notified",
              d.find_element(By.CSS_SELECTOR, track).text == "removed" and
              d.find_element(By.CSS_SELECTOR,
                             "aside.facts #l-cmjj00067890 .tag").text ==
              "notified")
        events = d.find_element(By.ID, "events").text
        check("the listing decision is in the events with dana's name",
              "Listing cmjj00012345: remove \u2192 removed (by dana)" in events
              and "counterfeit tools" in events)
        sor = d.find_element(By.ID, "sor-h").find_element(By.XPATH, "..").text
        check("its statement of reasons has the ground and explanation chosen",
              "Contractual ground: the content is incompatible with" in sor
              and "Explanation: The tools copy the brand's logo, which "
              "clause 4 forbids." in sor)

        # The vendor's account: a suspension until a day, from its form.
        form = d.find_element(By.XPATH, "//form[.//legend[.='The account "
                              "of tools@shop-a.example']]")
        Select(form.find_element(By.NAME, "what")).select_by_value(
            "suspension")
        form.find_element(By.NAME, "reason").send_keys("repeat infringer")
        form.find_element(By.CSS_SELECTOR, "details.sor-fields summary") \
            .click()
        until = form.find_element(By.NAME, "until")
        # A date field's typing order follows the locale: set its value.
        d.execute_script("arguments[0].value = '2030-06-30'", until)
        click_and_wait(d, form.find_element(By.CSS_SELECTOR,
                                            "button[type=submit]"))
        sor = d.find_element(By.ID, "sor-h").find_element(By.XPATH, "..").text
        check("the suspension's statement runs until the day chosen",
              "Account concerned:  tools@shop-a.example" in sor and
              "Duration:           until 2030-06-30" in sor)

        day = time.strftime("%Y-%m-%d", time.gmtime())
        d.get(U + "/reports?from=%s&to=%s" % (day, day))
        chart = d.find_element(By.CSS_SELECTOR,
                               "section#notices_by_stream svg.chart")
        texts = [t.text for t in chart.find_elements(By.TAG_NAME, "text")]
        bars = [r.rect["width"] for r in
                chart.find_elements(By.TAG_NAME, "rect")]
        values = [int(v) for v in texts[1::2]]
        top = max(values)
        check("the Reports page draws today's %s notices by stream as "
              "SVG bars %s of lengths %s" % (os.environ["NOTICES"], texts,
                                             bars),
              d.find_element(By.TAG_NAME, "h1").text ==
              "Transparency report" and texts[0::2] == ["ip", "abuse"] and
              sum(values) == int(os.environ["NOTICES"]) and
              all(abs(w - 320 * v / top) < 1.5 for w, v in
                  zip(bars, values)))
        d.save_screenshot(os.path.join(SHOTS, "console-reports.png"))

        click_and_wait(d, d.find_element(By.CSS_SELECTOR, "nav form button"))
        check("sign-out leads to the sign-in page",
              d.current_url == U + "/login")
        d.get(U + "/case/" + os.environ["REF_READY"])
        check("after sign-out a case page asks for sign-in again",
              d.current_url == U + "/login")
    except Exception:
        traceback.print_exc(file=sys.stdout)
        check("the browser session ran to its end", False)
    finally:
        d.quit()
    print("1..%d" % n)
    return 1 if fails else 0


sys.exit(main())
