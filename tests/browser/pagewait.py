"""tests/browser/pagewait.py - what the browser tests (console.py,
portal.py) share: clicking a control that loads another page and waiting
until the old one is gone."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def click_and_wait(d, element):
    """Clicks element and waits until the page it was on is gone. Any
    error asking the old page counts as gone: Chromium answers either
    with a stale element or with "Node with given id does not belong to
    the document" (an unknown error), depending on when it is asked."""
    old = d.find_element(By.TAG_NAME, "html")
    element.click()

    def gone(_):
        try:
            old.is_enabled()
            return False
        except Exception:
            return True
    WebDriverWait(d, 20).until(gone)
