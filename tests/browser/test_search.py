"""Staff find the right page: each query typed into the real search box.

The queries and their pages live in tests/data/search-queries.yml; every
query is typed once (module fixture) and the tests read the results.
"""

from __future__ import annotations

import pytest

from tests.browser_harness import RESULTS_WHEN_SHOWN, SearchBox
from tests.search_queries import (
    QUERIES_FILE,
    TARGET_HIT_RATE,
    TOP,
    Outcome,
    describe_misses,
    hit_rate,
    load_queries,
)

pytestmark = pytest.mark.browser

QUERIES = load_queries()


@pytest.fixture(scope="module")
def search_box(js_browsing):
    from tests.browser.conftest import _tab

    tabs = _tab(js_browsing)
    yield SearchBox(next(tabs))
    next(tabs, None)


@pytest.fixture(scope="module")
def outcomes(search_box) -> list[Outcome]:
    return [Outcome(query, search_box.results(query.query)) for query in QUERIES]


def test_there_are_enough_realistic_queries_and_a_quarter_is_held_out():
    assert len(QUERIES) >= 120, QUERIES_FILE
    held_out = sum(q.holdout for q in QUERIES)
    assert 0.2 <= held_out / len(QUERIES) <= 0.3, f"{held_out} of {len(QUERIES)} held out"


def test_every_expected_page_is_a_page(built_site):
    missing = [f"{q.query!r}: {page!r}" for q in QUERIES for page in q.expect
               if not (built_site.root / page / "index.html").is_file()]
    assert not missing, f"{QUERIES_FILE.name}: expected pages that do not exist: {missing}"


def test_no_query_returns_nothing(outcomes):
    empty = [o.query.query for o in outcomes if not o.pages]
    assert not empty, f"search returned nothing for {empty}"


def test_at_least_95_percent_find_a_right_page_in_the_first_three(outcomes):
    """All queries together; benchmarks/search_quality.py prints the tuned and
    held-out rates separately (the held-out ones are never tuned on)."""
    rate = hit_rate(outcomes)
    assert rate >= TARGET_HIT_RATE, (
        f"{rate:.0%} of {len(outcomes)} queries found a right page in the first {TOP} "
        f"(target {TARGET_HIT_RATE:.0%}); misses: " + "; ".join(describe_misses(outcomes)))


def test_search_finds_nothing_for_nonsense(search_box):
    """The check can fail: a query no page answers gives no results at all."""
    assert search_box.results("xqzvw") == []


def test_stop_words_in_a_question_do_not_change_its_results(search_box):
    """Material adds a wildcard to every word, and a wildcard skips lunr's
    stop-word filter; the built site's worker drops the stop words first
    (macros/build/search_query.py), so "i*" and "it*" match nothing extra."""
    question = search_box.results("what happens after i report it")
    assert question and question == search_box.results("happens after report")
    # A query of nothing but stop words is searched as it is, and finds pages.
    assert search_box.results("what do i do")


def test_the_wait_for_results_gives_up_with_the_text_it_saw(search_box):
    """The wait cannot hang a run: with the box empty Material shows no result
    count, and the wait fails at its limit, quoting what the page said."""
    from playwright.sync_api import Error

    search_box.clear()
    with pytest.raises(Error, match=r"search showed no result count within 300 ms: \S"):
        search_box.page.evaluate(RESULTS_WHEN_SHOWN, [search_box.tab.browsing.origin, 300])
