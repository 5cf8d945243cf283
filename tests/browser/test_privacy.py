"""Closed intranet: no request leaves the site, no cookie, no CSP violation.

The server sends the headers of deploy/nginx/site.conf, so these tests prove
the shipped Content-Security-Policy lets every page (and search) work.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import _browsing
from tests.browser_harness import NGINX_SITE_CONF, SearchBox, SiteServer, nginx_headers
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser

# A request from the page that reports whether any server answered it
# ("no-cors": an answer from another origin counts, unread).
FETCH = "url => fetch(url, {mode: 'no-cors'}).then(() => 'answered', () => 'failed')"


def test_every_page_stays_on_the_site_and_sets_no_cookie(tour, all_paths):
    assert len(tour["visits"]) == len(all_paths) >= 20
    assert len(tour["requests"]) > len(all_paths), "the request recorder saw nothing"
    assert any(url.endswith("/search/search_index.json") for url in tour["requests"])
    assert not tour["offsite"], f"requests left the site: {tour['offsite']}"
    assert tour["cookies"] == [], "a cookie was set"


def test_no_page_breaks_the_content_security_policy(tour):
    problems = [f"{path}: {v}" for path, visit in tour["visits"].items()
                for v in visit.csp_violations]
    problems += [f"{path}: console error: {e}" for path, visit in tour["visits"].items()
                 for e in visit.console_errors]
    assert not problems, "\n".join(problems)


def test_the_server_sends_the_headers_of_the_nginx_config(tab):
    expected = nginx_headers(NGINX_SITE_CONF.read_text(encoding="utf-8"))
    response = tab.goto("/")
    for name, value in expected.items():
        assert response.headers.get(name.lower()) == value, name


def test_search_works_under_the_policy(tab):
    """Search runs a worker and fetches its index: both allowed by the CSP."""
    assert SearchBox(tab).results("police"), "search found nothing"
    assert tab.csp_violations() == []
    assert tab.console_errors == []


def test_recorder_catches_an_offsite_request(chromium, served_site, refusing_port):
    """The gate fires: a page asking another host is recorded, and the request fails.

    The CSP alone would stop these requests before the network; the recorder
    is checked with the CSP bypassed, as if a page escaped it. The second
    address is a real server on this machine, on another port: it would
    answer if the request were not stopped.
    """
    browsing = _browsing(chromium, served_site, refusing_port, bypass_csp=True)
    with SiteServer(ROOT / "docs") as other:
        try:
            page = browsing.context.new_page()
            page.goto(browsing.url("/"))
            outcomes = [page.evaluate(FETCH, url) for url in
                        ("http://tracker.example.org/pixel.gif", f"{other.origin}/index.md")]
            assert outcomes == ["failed", "failed"]
            assert browsing.offsite == ["http://tracker.example.org/pixel.gif",
                                        f"{other.origin}/index.md"]
        finally:
            browsing.context.close()


def test_the_other_local_server_answers_a_request_that_is_let_through(chromium):
    """The check above can fail: without the proxy, the same fetch answers."""
    with SiteServer(ROOT / "docs") as site, SiteServer(ROOT / "docs") as other:
        context = chromium.new_context(bypass_csp=True)
        try:
            page = context.new_page()
            page.goto(f"{site.origin}/index.md")
            assert page.evaluate(FETCH, f"{other.origin}/index.md") == "answered"
        finally:
            context.close()


def test_cookie_check_can_fail(chromium, served_site, refusing_port):
    """The gate fires: a cookie set by a page shows in the context's cookies."""
    browsing = _browsing(chromium, served_site, refusing_port)
    try:
        page = browsing.context.new_page()
        page.goto(browsing.url("/"))
        page.evaluate("document.cookie = 'tracking=1; path=/'")
        assert [c["name"] for c in browsing.context.cookies()] == ["tracking"]
    finally:
        browsing.context.close()


def test_csp_listener_catches_an_inline_script(tab):
    """The gate fires: an inline script without a hash raises a CSP violation."""
    tab.goto("/")
    tab.page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.appendChild(s);
    }""")
    tab.page.wait_for_timeout(100)
    assert tab.page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in tab.csp_violations())
