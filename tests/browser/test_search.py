"""Staff find the right page: each query typed into the real search box.

The queries and their pages live in tests/data/search-queries.yml.
"""

from __future__ import annotations

import pytest
import yaml

from tests.browser_harness import SearchBox
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser

QUERIES_FILE = ROOT / "tests" / "data" / "search-queries.yml"
QUERIES = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]
TOP = 3

@pytest.fixture(scope="module")
def search_box(js_browsing):
    from tests.browser.conftest import _tab

    tabs = _tab(js_browsing)
    yield SearchBox(next(tabs))
    next(tabs, None)


def test_there_are_enough_realistic_queries():
    assert len(QUERIES) >= 25
    assert all(set(q) == {"query", "expect"} for q in QUERIES), QUERIES_FILE


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_finds_its_page_in_the_first_three(search_box, built_site, case):
    expected = case["expect"]
    assert (built_site.root / expected / "index.html").is_file(), (
        f"{QUERIES_FILE.name}: {case['query']!r} expects {expected!r}, which is not a page")
    pages = search_box.results(case["query"])
    assert expected in pages[:TOP], (
        f"search for {case['query']!r}: expected {expected!r} in the first {TOP}, "
        f"got {pages[:5]}")


def test_search_finds_nothing_for_nonsense(search_box):
    """The check can fail: a query no page answers gives no results at all."""
    assert search_box.results("xqzvw") == []
