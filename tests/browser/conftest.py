"""Browser harness: Debian Chromium, started once per session, the built site on 127.0.0.1.

- A second Chromium, with its back/forward cache on, serves the one test
  that goes Back (chromium_with_back_cache, tests/conftest.py).
- The site is served by a threaded http.server on a free port, sending the
  headers of deploy/nginx/site.conf (its Content-Security-Policy included),
  so every browser test runs under the production policy.
- Every request of these contexts is recorded, and their proxy for every
  address but the site's own is a port that refuses connections
  (RefusingPort): a request to anything else is recorded as off-site and
  fails, so nothing ever leaves this machine and
  tests/browser/test_privacy.py can show it. The other tests that serve a
  site over HTTP give their own contexts the same proxy.
- Without /usr/bin/chromium the tests skip with a message; with CI set they
  fail instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from tests.browser_harness import (
    AXE_OPTIONS,
    CSP_LISTENER,
    HORIZONTAL_OVERFLOW,
    NGINX_SITE_CONF,
    SMALL_SCREEN,
    RefusingPort,
    SiteServer,
    nginx_headers,
    page_paths,
    same_origin,
    tour_parts,
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


@pytest.fixture(scope="session")
def refusing_port() -> Iterator[RefusingPort]:
    port = RefusingPort()
    yield port
    port.close()


def _browsing(chromium, served_site: SiteServer, refusing_port: RefusingPort,
              **options) -> Browsing:
    context = chromium.new_context(proxy=refusing_port.proxy_for(served_site.origin), **options)
    browsing = Browsing(context, served_site.origin)

    def record(request):
        browsing.requests.append(request.url)
        if not same_origin(request.url, served_site.origin):
            browsing.offsite.append(request.url)

    context.on("request", record)
    context.add_init_script(CSP_LISTENER)
    return browsing


@pytest.fixture(scope="session")
def js_browsing(chromium, served_site, refusing_port) -> Iterator[Browsing]:
    browsing = _browsing(chromium, served_site, refusing_port)
    yield browsing
    browsing.context.close()


@pytest.fixture(scope="session")
def nojs_browsing(chromium, served_site, refusing_port) -> Iterator[Browsing]:
    browsing = _browsing(chromium, served_site, refusing_port, java_script_enabled=False)
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


@pytest.fixture
def back_cache_tab(chromium_with_back_cache, served_site, refusing_port) -> Iterator[Tab]:
    """A fresh page (JavaScript on) in a context of its own, in the Chromium
    whose back/forward cache is on."""
    browsing = _browsing(chromium_with_back_cache, served_site, refusing_port)
    yield from _tab(browsing)
    browsing.context.close()


@dataclass
class Visit:
    """What one page did in the tour: each browser test reads its own part."""

    path: str
    csp_violations: list[str]
    console_errors: list[str]
    axe_violations: list[str]
    overflow: dict


def _run_tour(chromium, served_site, refusing_port, paths: list[str]) -> dict:
    """Visit each of `paths` once, in a context of its own, with JavaScript on.

    On each page: CSP violations and console errors while it loads, axe-core
    at desktop width, then horizontal overflow at 360 px wide. Returns plain
    data (JSON-safe), so one run can serve every worker.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # axe.min.js ships in the package; nothing is fetched
    browsing = _browsing(chromium, served_site, refusing_port)
    tabs = _tab(browsing)
    tab = next(tabs)
    desktop = tab.page.viewport_size
    visits = {}
    for path in paths:
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


class Tour:
    """The tour of every page, in parts (tour_parts), each run once per test run.

    Under pytest-xdist every worker shares one folder: the first worker to
    need a part runs it under that part's file lock and leaves its result for
    the others (the pattern pytest-xdist documents for a session fixture that
    must run once). A worker that needs the whole tour first runs the parts no
    one has started, then waits for the rest, so two workers share the work.
    """

    def __init__(self, run, paths: list[str], folder: Path):
        self.run, self.parts, self.folder = run, tour_parts(paths), folder

    def part(self, index: int, *, wait: bool = True) -> dict | None:
        """Part `index` (None if another worker is running it and `wait` is False)."""
        done = self.folder / f"browser-tour-{index}.json"
        try:
            with FileLock(f"{done}.lock", timeout=-1 if wait else 0):
                if not done.is_file():
                    done.write_text(json.dumps(self.run(self.parts[index])), encoding="utf-8")
                data = json.loads(done.read_text(encoding="utf-8"))
        except Timeout:
            return None
        return {**data, "visits": {path: Visit(**visit) for path, visit in data["visits"].items()}}

    def whole(self) -> dict:
        found = {index: self.part(index, wait=False) for index in range(len(self.parts))}
        found = {index: data or self.part(index) for index, data in found.items()}
        return {
            "visits": {path: visit for data in found.values() for path, visit in data["visits"].items()},
            "requests": [url for data in found.values() for url in data["requests"]],
            "offsite": [url for data in found.values() for url in data["offsite"]],
            "cookies": [cookie for data in found.values() for cookie in data["cookies"]],
        }


@pytest.fixture(scope="session")
def tour_runs(chromium, served_site, refusing_port, all_paths, tmp_path_factory,
              worker_id) -> Tour:
    """The tour's parts: test_accessibility.py reads one part per test."""
    if worker_id == "master":
        folder = tmp_path_factory.mktemp("tour")
    else:
        folder = tmp_path_factory.getbasetemp().parent
    return Tour(lambda paths: _run_tour(chromium, served_site, refusing_port, paths),
                all_paths, folder)


@pytest.fixture(scope="session")
def tour(tour_runs: Tour) -> dict[str, object]:
    """Every page visited once (see _run_tour); the tests in test_privacy.py and
    test_small_screens.py each read their part of the whole tour."""
    return tour_runs.whole()


def describe_axe(results) -> list[str]:
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines
