"""The triage in real Chromium with JavaScript turned off: a reader clicks
from the first question to an outcome, and back, using only plain links."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.htmlpages import Site

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def no_js_page(built_site: Site, chromium, refusing_port):
    handler = functools.partial(_Quiet, directory=str(built_site.root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Nothing may leave the intranet: a request to any other host fails.
    context = chromium.new_context(
        java_script_enabled=False,
        proxy=refusing_port.proxy_for(f"http://127.0.0.1:{server.server_port}"))
    page = context.new_page()
    page.base = f"http://127.0.0.1:{server.server_port}/"
    yield page
    context.close()
    server.shutdown()


def test_click_through_to_an_outcome_and_back_without_javascript(no_js_page):
    page = no_js_page
    page.goto(page.base)
    page.get_by_role("link", name="Answer a few short questions").click()
    assert page.locator("article h1").inner_text().startswith("Is a child in danger right now?")
    page.get_by_role("link", name="No, or I do not know of any danger").click()
    page.get_by_role("link", name="I saw it on a website, app or online service").click()
    page.get_by_role("link", name="No, it is someone else's website or service").click()
    assert page.url.endswith("/triage/seen-online/")
    article = page.locator("article")
    assert article.locator("p.emergency").is_visible()
    assert article.locator("div.never-do").first.is_visible()
    assert article.locator('.who-to-tell [data-service="iwf"]').is_visible()
    page.locator("article a.triage-back").click()
    assert page.url.endswith("/triage/whose-service/")


def test_child_in_danger_is_one_click_from_the_first_question(no_js_page):
    page = no_js_page
    page.goto(page.base + "triage/")
    page.get_by_role("link", name="Yes, a child may be in danger now").click()
    assert page.url.endswith("/triage/child-in-danger/")
    assert page.locator('article p.emergency a[href="tel:999"]').is_visible()
