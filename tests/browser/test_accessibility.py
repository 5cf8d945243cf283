"""WCAG 2.2 A and AA on every page (axe-core, run locally), and keyboard-only triage."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import describe_axe as describe
from tests.browser_harness import AXE_OPTIONS

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def axe():
    # axe-playwright-python ships axe.min.js inside the package and injects it
    # with page.evaluate: nothing is fetched (the context's route records and
    # blocks any request that leaves the site; see test_axe_fetches_nothing).
    return Axe()


def test_every_page_has_no_wcag_a_or_aa_violation(tour, all_paths):
    visits = tour["visits"]
    assert sorted(visits) == sorted(all_paths)
    problems = [f"{path}: {line}" for path, visit in visits.items()
                for line in visit.axe_violations]
    assert not problems, "\n".join(problems)


def test_axe_fetches_nothing(tab, axe, js_browsing):
    before = len(js_browsing.requests)
    tab.goto("/")
    tab.page.wait_for_load_state("networkidle")
    loaded = len(js_browsing.requests)
    assert axe.run(tab.page, options=AXE_OPTIONS).response["testEngine"]["name"] == "axe-core"
    tab.page.wait_for_timeout(100)
    assert loaded > before, "the request recorder saw nothing"
    assert js_browsing.requests[loaded:] == [], "axe-core made a request"


def test_axe_finds_a_contrast_failure(tab, axe):
    """The gate fires: light grey on white text fails WCAG AA contrast."""
    tab.goto("/")
    tab.page.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = 'Hard to read';
        p.setAttribute('data-test', 'low-contrast');
        document.querySelector('article').append(p);
        p.style.color = '#cccccc';
        p.style.background = '#ffffff';
    }""")
    ids = [v["id"] for v in axe.run(tab.page, options=AXE_OPTIONS).response["violations"]]
    assert "color-contrast" in ids


# ── Keyboard-only use ──────────────────────────────────────────────────────

FOCUSED_LINK = """() => {
  const el = document.activeElement;
  return el && el.tagName === 'A' ? new URL(el.href).pathname : null;
}"""


def tab_to(page, pathname: str, limit: int = 120) -> bool:
    """Press Tab until a link to `pathname` has focus; False if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_LINK) == pathname:
            return True
    return False


def test_keyboard_only_reaches_the_triage_and_follows_its_links(tab, built_site):
    page = tab.page
    tab.goto("/")
    assert tab_to(page, "/triage/"), "Tab from the start page never reached the triage link"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("location.pathname") == "/triage/"

    # Every link in the triage page's own content (its questions and answers)
    # and its previous/next links can be reached with Tab and followed with
    # Enter.
    triage = built_site.page("triage/")
    links = sorted({href for href in triage.xpath(
        "//article//a/@href | //a[contains(@class, 'md-footer__link')]/@href")
        if not href.startswith(("#", "tel:", "mailto:", "http"))})
    assert links, "the triage page has no links to follow"
    for href in links:
        tab.goto("/triage/")
        target = page.evaluate("h => new URL(h, location.href).pathname", href)
        assert tab_to(page, target), f"Tab never reached the triage link {href}"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.evaluate("location.pathname") == target
        assert page.locator("article h1").is_visible()


def test_focused_links_are_visible_and_readable(tab, axe):
    """A keyboard user sees where they are, and the focused link keeps AA contrast.

    axe-core checks colours as they are, so each focused link is checked while
    it has focus (Material recolours links on focus).
    """
    tab.goto("/")
    assert tab_to(tab.page, "/triage/")
    outline = tab.page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert outline[0] != "none" or outline[2] != "none", outline
    problems = []
    for target in ("/triage/", "/contacts/", "/what-to-do/"):
        tab.goto("/")
        assert tab_to(tab.page, target), target
        tab.page.evaluate("document.activeElement.setAttribute('data-focused', '')")
        results = axe.run(tab.page, context="[data-focused]", options=AXE_OPTIONS)
        problems += [f"{target} focused: {line}" for line in describe(results)]
    assert not problems, "\n".join(problems)
