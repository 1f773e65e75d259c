"""hipskg serve in a real browser: headless Chromium driven by Selenium, as a person would use the site.

Needs Debian's chromium and chromium-driver (.ci/run installs them). Screenshots of every step are kept
in test-artefacts/browser/ (not committed); the browser's console must stay free of errors.
"""

import shutil

import pytest

from .helpers import ROOT
from .web_server import hipskg_server

ARTEFACTS = ROOT / "test-artefacts" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra: pip install -e '.[test]'")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Chromium and its driver are not installed: apt-get install chromium chromium-driver (.ci/run does)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with hipskg_server(ROOT / "data", log=tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, css: str, seconds: float = 15):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(ARTEFACTS / f"{name}.png"))


def test_search_then_follow_a_result_to_the_course_page(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site + "/")
    shot(browser, "01-home")
    box = browser.find_element(By.CSS_SELECTOR, "main form.search input[name=q]")
    box.send_keys("CERAF", Keys.ENTER)
    wait_for(browser, "ol.hits a.hit")
    shot(browser, "02-search-ceraf")
    hits = {link.text: link for link in browser.find_elements(By.CSS_SELECTOR, "ol.hits a.hit")}
    assert "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)" in hits
    hits["An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)"].click()
    wait_for(browser, "article.entity h1")
    shot(browser, "03-course")
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == (
        "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)"
    )
    assert browser.current_url.endswith("/id/course/introduction-to-the-child-exploitation-risk-assessment-framework")
    assert console_errors(browser) == []


def test_run_a_catalogue_query_from_its_form(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "/query")
    wait_for(browser, ".CodeMirror")  # the editor came up
    browser.find_element(By.CSS_SELECTOR, 'a.catalogue-query[href="/queries/training-covering"]').click()
    field = wait_for(browser, "form.parameters input[name=tool]")
    field.send_keys("CERAF")
    browser.find_element(By.CSS_SELECTOR, "form.parameters button[type=submit]").click()
    wait_for(browser, "table.results tbody tr")
    shot(browser, "04-training-covering-ceraf")
    rows = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")]
    assert len(rows) == 2
    assert all("CERAF" in row for row in rows)
    assert browser.find_element(By.ID, "row-count").text == "2"
    assert console_errors(browser) == []


def test_run_sparql_in_the_editor_and_read_the_table(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "/query")
    wait_for(browser, ".CodeMirror")
    browser.execute_script(
        "document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])",
        "SELECT ?theme WHERE { ?theme a hips:Theme } ORDER BY ?theme",
    )
    browser.find_element(By.ID, "run").click()
    wait_for(browser, "#results table.results tbody tr")
    shot(browser, "05-editor-query")
    links = browser.find_elements(By.CSS_SELECTOR, "#results table.results tbody a")
    assert len(links) == 21
    assert all(link.get_attribute("href").startswith(site + "/id/theme/") for link in links)  # IRIs open their pages here
    assert browser.find_element(By.ID, "status").text.startswith("21 rows in ")
    assert console_errors(browser) == []


def test_open_a_procedure_from_the_manual(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "/manual")
    wait_for(browser, "a.procedure")
    shot(browser, "06-manual")
    browser.find_element(By.CSS_SELECTOR, 'a.procedure[href="/id/procedure/3-2"]').click()
    wait_for(browser, "article.entity h1")
    shot(browser, "07-procedure-3-2")
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == "Children who are Exploited"
    chapter = browser.find_element(By.CSS_SELECTOR, 'a[href="/id/chapter/3"]')
    assert chapter.text == "Chapter 3"
    assert console_errors(browser) == []


def test_a_body_page_draws_its_governance_neighbourhood(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "/governance")
    wait_for(browser, "svg.governance")
    shot(browser, "08-governance")
    browser.find_element(By.CSS_SELECTOR, 'svg.governance a[href="/id/org/hips-executive"]').click()
    wait_for(browser, "section.picture svg.governance")
    shot(browser, "09-hips-executive")
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == "HIPS Executive"
    boxes = browser.find_elements(By.CSS_SELECTOR, "section.picture svg.governance g.body")
    assert len(boxes) > 3
    assert console_errors(browser) == []
