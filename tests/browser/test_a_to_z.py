"""The A–Z of topics: in the header on every page, and with JavaScript off
it stands where the search box would be and lists every page."""

from __future__ import annotations

import pytest

from tests.browser_harness import SMALL_SCREEN

pytestmark = pytest.mark.browser

A_TO_Z = "header a.md-header__a-to-z"


@pytest.mark.parametrize("viewport", [None, SMALL_SCREEN], ids=["desktop", "phone"])
def test_without_javascript_the_a_to_z_link_is_in_the_header_and_search_is_not(
        nojs_tab, viewport):
    page = nojs_tab.page
    if viewport:
        page.set_viewport_size(viewport)
    nojs_tab.goto("/what-to-do/seen-online/")
    link = page.locator(A_TO_Z)
    assert link.is_visible()
    assert " ".join(link.inner_text().split()) == "A–Z of topics"
    assert not page.locator("label.md-header__button[for='__search']").is_visible()
    box = link.bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    with page.expect_navigation():
        link.click()
    assert page.evaluate("location.pathname") == "/a-z/"


def test_without_javascript_the_a_to_z_lists_every_page(nojs_tab, all_paths):
    page = nojs_tab.page
    nojs_tab.goto("/a-z/")
    linked = set(page.eval_on_selector_all(
        "article a[href]", "links => links.map(a => new URL(a.href).pathname)"))
    missing = [p for p in all_paths if p not in linked and p not in ("/a-z/", "/404.html")]
    assert not missing, f"the A–Z does not list: {missing}"


def test_with_javascript_the_a_to_z_link_sits_beside_the_search_box(tab):
    tab.goto("/")
    assert tab.page.locator(A_TO_Z).is_visible()
    assert tab.page.locator("header input.md-search__input").is_visible()  # desktop width
