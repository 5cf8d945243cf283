"""Browser harness: one Debian Chromium per session, the built site on 127.0.0.1.

- The site is served by a threaded http.server on a free port, sending the
  headers of deploy/nginx/site.conf (its Content-Security-Policy included),
  so every browser test runs under the production policy.
- Every request of every context goes through a route: requests to the
  site's origin continue; anything else is recorded and aborted, so nothing
  ever leaves this machine and tests/browser/test_privacy.py can show it.
- Without /usr/bin/chromium the tests skip with a message; with CI set they
  fail instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

import pytest
from filelock import FileLock

from tests.browser_harness import (
    AXE_OPTIONS,
    CSP_LISTENER,
    HORIZONTAL_OVERFLOW,
    NGINX_SITE_CONF,
    SMALL_SCREEN,
    SiteServer,
    nginx_headers,
    page_paths,
    same_origin,
)
from tests.htmlpages import Site


@dataclass
class Browsing:
    """A browser context bound to the served site, with what it asked for."""

    context: object
    origin: str
    requests: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.origin + path


@dataclass
class Tab:
    """A page in a shared context, with its console errors."""

    page: object
    browsing: Browsing
    console_errors: list[str] = field(default_factory=list)

    def goto(self, path: str):
        response = self.page.goto(self.browsing.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return response

    def csp_violations(self) -> list[str]:
        found = self.page.evaluate("window.__cspViolations || []")
        return found + [e for e in self.console_errors if "Content Security Policy" in e]


@pytest.fixture(scope="session")
def served_site(built_site: Site) -> Iterator[SiteServer]:
    headers = nginx_headers(NGINX_SITE_CONF.read_text(encoding="utf-8"))
    assert "Content-Security-Policy" in headers, f"{NGINX_SITE_CONF}: no CSP header"
    with SiteServer(built_site.root, headers) as server:
        yield server


@pytest.fixture(scope="session")
def all_paths(built_site: Site) -> list[str]:
    return page_paths(built_site.root)


def _browsing(chromium, served_site: SiteServer, **options) -> Browsing:
    context = chromium.new_context(**options)
    browsing = Browsing(context, served_site.origin)

    def route(route):
        url = route.request.url
        browsing.requests.append(url)
        if same_origin(url, served_site.origin):
            route.continue_()
        else:
            browsing.offsite.append(url)
            route.abort()

    context.route("**/*", route)
    context.add_init_script(CSP_LISTENER)
    return browsing


@pytest.fixture(scope="session")
def js_browsing(chromium, served_site) -> Iterator[Browsing]:
    browsing = _browsing(chromium, served_site)
    yield browsing
    browsing.context.close()


@pytest.fixture(scope="session")
def nojs_browsing(chromium, served_site) -> Iterator[Browsing]:
    browsing = _browsing(chromium, served_site, java_script_enabled=False)
    yield browsing
    browsing.context.close()


def _tab(browsing: Browsing) -> Iterator[Tab]:
    page = browsing.context.new_page()
    tab = Tab(page, browsing)
    page.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    page.on("pageerror", lambda e: tab.console_errors.append(f"page error: {e}"))
    yield tab
    page.close()


@pytest.fixture
def tab(js_browsing) -> Iterator[Tab]:
    """A fresh page (JavaScript on) in the session's shared context."""
    yield from _tab(js_browsing)


@pytest.fixture
def nojs_tab(nojs_browsing) -> Iterator[Tab]:
    """A fresh page with JavaScript turned off."""
    yield from _tab(nojs_browsing)


@dataclass
class Visit:
    """What one page did in the tour: each browser test reads its own part."""

    path: str
    csp_violations: list[str]
    console_errors: list[str]
    axe_violations: list[str]
    overflow: dict


def _run_tour(chromium, served_site, all_paths) -> dict:
    """Visit every page once, in a context of its own, with JavaScript on.

    On each page: CSP violations and console errors while it loads, axe-core
    at desktop width, then horizontal overflow at 360 px wide. Returns plain
    data (JSON-safe), so one run can serve every worker.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # axe.min.js ships in the package; nothing is fetched
    browsing = _browsing(chromium, served_site)
    tabs = _tab(browsing)
    tab = next(tabs)
    desktop = tab.page.viewport_size
    visits = {}
    for path in all_paths:
        tab.console_errors.clear()
        tab.goto(path)
        if path == "/":
            tab.page.wait_for_load_state("networkidle")  # search worker and index
        violations = describe_axe(axe.run(tab.page, options=AXE_OPTIONS))
        tab.page.set_viewport_size(SMALL_SCREEN)
        overflow = tab.page.evaluate(HORIZONTAL_OVERFLOW)
        tab.page.set_viewport_size(desktop)
        # Read last, so whatever the page's scripts did meanwhile is counted.
        csp = tab.csp_violations()
        errors = [e for e in tab.console_errors if "Content Security Policy" not in e]
        visits[path] = asdict(Visit(path, csp, errors, violations, overflow))
    next(tabs, None)
    origin = served_site.origin
    result = {
        "visits": visits,
        # Paths, not full addresses: each worker serves the site on its own port.
        "requests": [url.removeprefix(origin) for url in browsing.requests],
        "offsite": browsing.offsite,
        "cookies": browsing.context.cookies(),
    }
    browsing.context.close()
    return result


@pytest.fixture(scope="session")
def tour(chromium, served_site, all_paths, tmp_path_factory, worker_id) -> dict[str, object]:
    """Every page visited once (see _run_tour); the tests in test_privacy.py,
    test_accessibility.py and test_small_screens.py each read their part.

    Under pytest-xdist the first worker to need it runs the tour and leaves
    the result for the others (the pattern pytest-xdist documents for a
    session fixture that must run once), so the slow pass happens once.
    """
    if worker_id == "master":
        data = _run_tour(chromium, served_site, all_paths)
    else:
        shared = tmp_path_factory.getbasetemp().parent / "browser-tour.json"
        with FileLock(f"{shared}.lock"):
            if shared.is_file():
                data = json.loads(shared.read_text(encoding="utf-8"))
            else:
                data = _run_tour(chromium, served_site, all_paths)
                shared.write_text(json.dumps(data), encoding="utf-8")
    return {**data, "visits": {path: Visit(**visit) for path, visit in data["visits"].items()}}


def describe_axe(results) -> list[str]:
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines
