"""The overdue banner switches in a real browser by today's date.

A site that is not rebuilt must still tell the truth: the build hides the
banner while the page is in date, and assets/javascripts/review-due.js shows
it once the due date has passed (and hides it if the build's verdict is
stale the other way). Drives Debian's Chromium with a fixed clock.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.htmlpages import Site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's Chromium (tests/conftest.py)."""
    return chromium


def banner_visible(browser, url: str, now: dt.datetime | None, javascript: bool = True) -> bool:
    context = browser.new_context(java_script_enabled=javascript)
    # Nothing may leave the machine: any request off file:// fails the test.
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url)
               if not r.url.startswith("file://") else None)
    page = context.new_page()
    if now is not None:
        page.clock.set_fixed_time(now)
    page.goto(url)
    page.wait_for_load_state("load")
    visible = page.locator("[data-review-banner]").is_visible()
    context.close()
    assert requests == []
    return visible


def test_banner_switches_on_by_date_in_the_browser(built_site: Site, browser):
    report = json.loads((built_site.root / "review-report.json").read_text(encoding="utf-8"))
    entry = next(p for p in report["pages"] if p["page"] == "index.md")
    due = dt.date.fromisoformat(entry["due"])
    url = (built_site.root / "index.html").as_uri()
    day_after = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(9))
    on_due_day = dt.datetime.combine(due, dt.time(9))

    # Built in date: hidden without JavaScript and on the due day itself ...
    assert not banner_visible(browser, url, day_after, javascript=False)
    assert not banner_visible(browser, url, on_due_day)
    # ... and shown by the browser once the due date has passed.
    assert banner_visible(browser, url, day_after)


def test_stale_overdue_verdict_is_corrected_in_the_browser(built_site: Site, browser, tmp_path):
    """A page built as overdue (banner shown in the HTML) whose due date, by the
    reader's clock, has not passed: the browser hides the banner."""
    import lxml.html

    tree = lxml.html.fromstring((built_site.root / "index.html").read_bytes())
    (banner,) = tree.xpath("//*[@data-review-banner]")
    banner.set("data-review-due", "2021-01-15")
    banner.attrib.pop("hidden", None)
    # Beside the real site's assets, so its script and styles load as they would.
    (tmp_path / "assets").symlink_to(built_site.root / "assets", target_is_directory=True)
    page = tmp_path / "index.html"
    page.write_bytes(lxml.html.tostring(tree, doctype="<!doctype html>"))
    assert banner_visible(browser, page.as_uri(), None, javascript=False)
    assert banner_visible(browser, page.as_uri(), dt.datetime(2021, 1, 16, 9))
    assert not banner_visible(browser, page.as_uri(), dt.datetime(2021, 1, 15, 9))
