"""WCAG 2.2 A and AA on every page (axe-core, run locally), and keyboard-only triage."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import describe_axe as describe
from tests.browser_harness import AXE_OPTIONS, SMALL_SCREEN, TOUR_PARTS, tour_parts

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def axe():
    # axe-playwright-python ships axe.min.js inside the package and injects it
    # with page.evaluate: nothing is fetched (the context's route records and
    # blocks any request that leaves the site; see test_axe_fetches_nothing).
    return Axe()


def test_the_tour_parts_take_every_page_once(all_paths):
    taken = [path for part in tour_parts(all_paths) for path in part]
    assert sorted(taken) == sorted(all_paths)
    assert len(tour_parts(all_paths)) == TOUR_PARTS


@pytest.mark.parametrize("part", range(TOUR_PARTS))
def test_every_page_has_no_wcag_a_or_aa_violation(tour_runs, all_paths, part):
    visits = tour_runs.part(part)["visits"]
    assert sorted(visits) == sorted(tour_parts(all_paths)[part])
    problems = [f"{path}: {line}" for path, visit in visits.items()
                for line in visit.axe_violations]
    assert not problems, "\n".join(problems)


def test_phone_layout_has_no_violation_with_the_menu_open(tab, axe):
    """The phone layout (header buttons, menu drawer) at 360 px wide."""
    tab.page.set_viewport_size(SMALL_SCREEN)
    tab.goto("/")
    problems = describe(axe.run(tab.page, options=AXE_OPTIONS))
    tab.page.locator("label.md-header__button[for='__drawer']").click()
    tab.page.locator(".md-sidebar--primary a", has_text="What have you found?").first.wait_for()
    problems += [f"menu open: {line}" for line in describe(axe.run(tab.page, options=AXE_OPTIONS))]
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


# Set on a page when the browser arrives on it; still there after Back only
# if Chromium's back/forward cache kept the page as it was.
ARRIVAL_MARK = "() => { window.__arrivedByKeyboard = true; }"
STILL_MARKED = "() => window.__arrivedByKeyboard === true"


def skip_to_content(page, path: str) -> str | None:
    """The first Tab of a page just arrived on reaches 'Skip to content'; Enter on it."""
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.classList.contains('md-skip')") is not True:
        return f"{path}: the first Tab does not reach 'Skip to content'"
    page.keyboard.press("Enter")
    return None


def follow_link(page, path: str, target: str) -> str | None:
    """On `path`, Tab on from where the focus is to the link to `target`, press Enter.
    Returns a problem, or None when the browser arrived at `target`."""
    if not tab_to(page, target):
        return f"{path}: Tab never reached the link to {target}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    arrived = page.evaluate("location.pathname")
    if arrived != target:
        return f"{path}: Enter on the link to {target} went to {arrived}"
    if not page.locator("article h1").is_visible():
        return f"{target}: no visible heading after arriving by keyboard"
    return None


def content_links(built_site, path: str) -> list[str]:
    """Pathnames of the site pages a page's content links to, in the page's
    order (no anchors, phones, emails)."""
    page = built_site.page(path.lstrip("/"))
    targets = {}
    for href in page.article.xpath(".//a/@href"):
        if href.startswith(("#", "tel:", "mailto:")) or "://" in href:
            continue
        targets[urljoin(path, href.split("#")[0])] = None
    return [target for target in targets if target != path]


def test_keyboard_only_reaches_the_triage_from_the_start_page(tab):
    page = tab.page
    tab.goto("/")
    assert tab_to(page, "/triage/"), "Tab from the start page never reached the triage"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("location.pathname") == "/triage/"


def test_keyboard_only_use_of_every_triage_page(back_cache_tab, built_site):
    """Every link in the triage's pages is reached with Tab and followed with Enter.

    Starting from /triage/, the triage is walked depth first, as a person
    using only the keyboard would: on each page just arrived on, the first
    Tab reaches "Skip to content"; then each answer and back link to a page
    not yet reached is reached with Tab and followed with Enter, the page it
    leads to is walked in turn, and Back returns to the page, where Tab
    carries on from the link just followed. (Chromium keeps the page as it
    was, its focus included, in its back/forward cache; where it did not,
    the page is walked again from its top.) So every triage page is reached
    by keyboard. Links out of the triage are ordinary links in the content;
    the first page's previous/next links are followed too.
    """
    tab = back_cache_tab
    page = tab.page
    triage = built_site.page("triage/")
    footer = [urljoin("/triage/", href) for href in
              triage.xpath("//a[contains(@class, 'md-footer__link')]/@href")]
    assert footer, "the triage page has no previous/next links"
    problems, followed, seen = [], set(), {"/triage/"}

    def arrive(path: str) -> bool:
        """On a page just arrived on: mark it and skip to its content."""
        page.evaluate(ARRIVAL_MARK)
        problem = skip_to_content(page, path)
        if problem:
            problems.append(problem)
        return problem is None

    def back_to(path: str) -> bool:
        """Back to `path`, ready to Tab on; False if that cannot be done.
        Back first undoes the jump that "Skip to content" made on the page
        being left (a history entry of its own), as it does for a person."""
        for _ in range(3):
            page.go_back(wait_until="commit")
            if page.evaluate("location.pathname") == path:
                break
        else:
            return False
        if page.evaluate(STILL_MARKED):
            return True
        page.wait_for_load_state("load")  # loaded again: start from its top
        return arrive(path)

    def walk(path: str) -> None:
        targets = content_links(built_site, path) + (footer if path == "/triage/" else [])
        for target in targets:
            if not target.startswith("/triage/") and (path != "/triage/" or target not in footer):
                continue
            if target in followed:  # every triage page is reached by keyboard once
                continue
            followed.add(target)
            problem = follow_link(page, path, target)
            if problem:
                problems.append(problem)
            if target.startswith("/triage/") and target not in seen:
                seen.add(target)
                if problem:  # still walk it, so that one run names every problem
                    tab.goto(target)
                if arrive(target):
                    walk(target)
            if problem or not back_to(path):
                tab.goto(path)
                if not arrive(path):
                    return

    tab.goto("/triage/")
    if arrive("/triage/"):
        walk("/triage/")
    assert followed, "no triage link was followed"
    assert not problems, "\n".join(problems)


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


def test_keyboard_check_catches_an_unreachable_link(tab):
    """The gate fires: a link taken out of the Tab order is never reached."""
    tab.goto("/")
    tab.page.evaluate(
        "document.querySelectorAll('a[href=\"triage/\"]').forEach(a => a.tabIndex = -1)")
    assert not tab_to(tab.page, "/triage/", limit=150)
