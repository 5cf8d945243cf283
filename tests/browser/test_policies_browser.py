"""Printing, in Debian's Chromium: the quick card fits one A4 page, and the
print stylesheet leaves only the content on paper."""

from __future__ import annotations

import re

import pytest

from tests.htmlpages import Site

pytestmark = pytest.mark.browser

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's Chromium (tests/conftest.py)."""
    return chromium


def open_page(browser, site: Site, url_path: str):
    page = browser.new_page()
    # Closed intranet: the page must not try to reach any other host.
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.goto((site.root / url_path / "index.html").as_uri())
    return page


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF written by Chromium."""
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)",
                       pdf, re.S)
    counts = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf, re.S)
    assert counts and int(counts[0]) == len(pages), "could not read the PDF's page tree"
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in pages]


def test_pdf_page_reader_counts_pages(browser, built_site: Site):
    """The page reader sees two pages when there are two (so the next test can fail)."""
    page = open_page(browser, built_site, "policies/staff-suspected-of-possession")
    assert len(pdf_pages(page.pdf(format="A4"))) >= 2
    page.close()


def test_quick_card_prints_on_exactly_one_a4_page(browser, built_site: Site):
    page = open_page(browser, built_site, "policies/quick-card")
    sizes = pdf_pages(page.pdf(format="A4", print_background=True))
    page.close()
    assert len(sizes) == 1, f"the quick card printed on {len(sizes)} pages"
    width, height = sizes[0]
    assert abs(width - A4_POINTS[0]) < 3 and abs(height - A4_POINTS[1]) < 3, sizes[0]


def test_print_shows_only_the_content_and_external_addresses(browser, built_site: Site):
    page = open_page(browser, built_site, "policies/discovery-procedure")
    hidden = ".md-header, .md-sidebar, .md-footer, .md-search, .policy-downloads, .headerlink"
    external = 'article a[href="https://www.iwf.org.uk/report"]'
    after = f"getComputedStyle(document.querySelector('{external}'), '::after').content"

    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()
    assert "iwf.org.uk" not in page.evaluate(after)

    page.emulate_media(media="print")
    visible = page.evaluate(
        f"[...document.querySelectorAll('{hidden}')].filter(e => e.offsetParent !== null)"
        ".map(e => e.className)")
    assert visible == []
    assert page.locator("article h1").is_visible()
    assert "https://www.iwf.org.uk/report" in page.evaluate(after)
    # A demonstration site's warning stays on paper.
    assert page.locator("[data-demo-banner]").is_visible()
    page.close()
