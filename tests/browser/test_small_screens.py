"""Small screens: no page scrolls sideways at 360 px wide."""

from __future__ import annotations

import pytest

from tests.browser_harness import HORIZONTAL_OVERFLOW, SMALL_SCREEN

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_at_360_px(tour):
    problems = [
        f"{path}: {visit.overflow['scrollWidth']} px wide in a {visit.overflow['clientWidth']} px"
        f" window; too wide: {visit.overflow['wide']}"
        for path, visit in tour["visits"].items()
        if visit.overflow["scrollWidth"] > visit.overflow["clientWidth"]
    ]
    assert not problems, "\n".join(problems)


def test_overflow_check_catches_a_wide_element(tab):
    """The gate fires: a fixed-width table wider than the screen is caught."""
    tab.page.set_viewport_size(SMALL_SCREEN)
    tab.goto("/")
    tab.page.evaluate("""() => {
        const wide = document.createElement('div');
        wide.style.width = '600px';
        wide.textContent = 'wide';
        document.querySelector('article').append(wide);
    }""")
    overflow = tab.page.evaluate(HORIZONTAL_OVERFLOW)
    assert overflow["scrollWidth"] > overflow["clientWidth"]
    assert overflow["wide"]
