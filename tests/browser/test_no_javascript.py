"""With JavaScript turned off, the pages a person in a hurry needs still work.

The start page, the triage pages and every "what to do" page: content
visible, every link in the content leads to a page, and navigation to the
triage and back works (by mouse on a desktop and through the menu on a phone).
"""

from __future__ import annotations

import pytest

from tests.browser_harness import SMALL_SCREEN, http_status

pytestmark = pytest.mark.browser


def key_paths(all_paths: list[str]) -> list[str]:
    return [p for p in all_paths
            if p == "/" or p.startswith(("/triage/", "/what-to-do/"))]


def test_the_key_pages_are_covered(all_paths):
    paths = key_paths(all_paths)
    assert "/" in paths and "/triage/" in paths
    assert len([p for p in paths if p.startswith("/what-to-do/")]) >= 9


def test_javascript_really_is_off(nojs_tab):
    nojs_tab.goto("/")
    # Material's bundle swaps the root's "no-js" class when it runs.
    assert "no-js" in nojs_tab.page.locator("html").get_attribute("class")


# What a reader of the page sees, read in one call: visible as Playwright's
# is_visible() has it (a non-empty box, not visibility: hidden).
PAGE_STATE = """() => {
  const visible = el => { if (!el) return null; const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const article = document.querySelector('article');
  return {
    heading: visible(document.querySelector('article h1')),
    words: article ? article.innerText.split(/\\s+/).filter(Boolean).length : 0,
    links: [...document.querySelectorAll('article a[href]')].map(a => [a.getAttribute('href'), a.href]),
    boxes: Object.fromEntries(['p.emergency', 'div.never-do'].map(
      s => [s, visible(document.querySelector(s))])),
  };
}"""


def test_key_pages_show_their_content_and_their_links_lead_somewhere(nojs_tab, all_paths):
    problems = []
    status = {}  # each address is asked for once; every page that links to it is checked
    for path in key_paths(all_paths):
        nojs_tab.goto(path)
        found = nojs_tab.page.evaluate(PAGE_STATE)
        if not found["heading"]:
            problems.append(f"{path}: the page heading is not visible")
        if found["words"] < 5:
            problems.append(f"{path}: the content is empty or hidden")
        for raw, url in found["links"]:
            if raw.startswith(("tel:", "mailto:", "#")) or not url.startswith(
                    nojs_tab.browsing.origin):
                continue
            address = url.split("#")[0]
            if address not in status:
                status[address] = http_status(address)
            if not 200 <= status[address] < 300:
                problems.append(f"{path}: link {raw} gives HTTP {status[address]}")
        for box, shown in found["boxes"].items():
            if shown is False:  # on the page, and hidden
                problems.append(f"{path}: {box} is hidden")
    assert not problems, "\n".join(problems)


def click_through(tab, link_text: str, expected_path: str, *, scope: str = "") -> None:
    page = tab.page
    link = page.locator(f"{scope} a:visible", has_text=link_text).first
    with page.expect_navigation():
        link.click()
    assert page.evaluate("location.pathname") == expected_path
    assert page.locator("article h1").is_visible()


def test_to_the_triage_and_back_on_a_desktop(nojs_tab, all_paths):
    nojs_tab.goto("/")
    click_through(nojs_tab, "What have you found?", "/triage/", scope=".md-sidebar--primary")
    click_through(nojs_tab, "Found something?", "/", scope=".md-sidebar--primary")
    what_to_do = [p for p in key_paths(all_paths) if p.startswith("/what-to-do/")][-1]
    nojs_tab.goto(what_to_do)
    click_through(nojs_tab, "What have you found?", "/triage/", scope=".md-sidebar--primary")


def test_to_the_triage_and_back_on_a_phone(nojs_tab):
    """The phone menu is a CSS-only toggle: it opens without JavaScript."""
    page = nojs_tab.page
    page.set_viewport_size(SMALL_SCREEN)
    nojs_tab.goto("/")
    menu_link = page.locator(".md-sidebar--primary a", has_text="What have you found?").first
    page.locator("label.md-header__button[for='__drawer']").click()
    menu_link.wait_for(state="visible")
    with page.expect_navigation():
        menu_link.click()
    assert page.evaluate("location.pathname") == "/triage/"
    page.locator("label.md-header__button[for='__drawer']").click()
    home = page.locator(".md-sidebar--primary a", has_text="Found something?").first
    home.wait_for(state="visible")
    with page.expect_navigation():
        home.click()
    assert page.evaluate("location.pathname") == "/"
