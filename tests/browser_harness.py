"""Plain helpers for the browser tests: Chromium, the local server, nginx headers.

Fixtures live in tests/browser/conftest.py; everything here is an ordinary
function or class so that the gates themselves can be unit-tested without a
browser (tests/unit/test_browser_harness.py).
"""

from __future__ import annotations

import functools
import http.server
import re
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from tests.sitebuild import ROOT

# Debian's Chromium; the tests never download a browser.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NGINX_SITE_CONF = ROOT / "deploy" / "nginx" / "site.conf"

# Every WCAG A and AA rule axe-core has, up to WCAG 2.2. No rule is switched off.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# The narrowest common phone screen (CSS pixels).
SMALL_SCREEN = {"width": 360, "height": 740}


def chromium_missing(path: Path, env: Mapping[str, str]) -> tuple[str, str] | None:
    """What to do when Chromium is missing: None (it is there), ("skip", why) or ("fail", why).

    A developer without Chromium gets a skip with a clear message; CI (the CI
    environment variable is set) must never skip the browser tests silently.
    """
    if path.is_file():
        return None
    why = (f"{path} not found: the browser tests drive Debian's Chromium "
           "(install it with: apt-get install chromium)")
    if env.get("CI"):
        return "fail", why + "; CI is set, so this is a failure, not a skip"
    return "skip", why


# ── nginx configuration ────────────────────────────────────────────────────

_ADD_HEADER = re.compile(r'^\s*add_header\s+(\S+)\s+"([^"]*)"(?:\s+always)?\s*;', re.M)


def nginx_headers(conf_text: str) -> dict[str, str]:
    """The `add_header NAME "VALUE" [always];` lines of an nginx site config.

    Only quoted values on one line are read: the shipped config keeps that
    form so the tests send exactly the headers nginx would send.
    """
    return {name: value for name, value in _ADD_HEADER.findall(conf_text)}


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


# ── The local web server ───────────────────────────────────────────────────

class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: Mapping[str, str] = {}

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - quiet test output
        pass


class SiteServer:
    """Serve a folder on 127.0.0.1 on a free port, in a thread, with extra headers."""

    def __init__(self, root: Path, headers: Mapping[str, str] | None = None):
        handler = functools.partial(type("Handler", (_Handler,), {
            "extra_headers": dict(headers or {})}), directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.origin = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class RefusingPort:
    """A port on 127.0.0.1 that is bound but never listens: every connection
    to it is refused at once. Held for the whole session, so no other
    program can take it.

    The browser contexts use it as their proxy for every address but the
    site's own: a request to any other host fails in Chromium's network
    stack (net::ERR_PROXY_CONNECTION_FAILED), without a name lookup and
    without a round trip to the test process for each request, as
    intercepting every request with a route would cost.
    """

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]

    def proxy_for(self, origin: str) -> dict[str, str]:
        """Playwright's `proxy` option: only `origin` (host and port) goes direct."""
        return {"server": f"http://127.0.0.1:{self.port}", "bypass": urlsplit(origin).netloc}

    def close(self) -> None:
        self.socket.close()


# Straight to the local server: never through a proxy from the environment.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_status(url: str) -> int:
    """The HTTP status the local server gives for `url` (asked directly, not by
    the browser: its contexts send every other address to RefusingPort)."""
    try:
        with _DIRECT.open(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def same_origin(url: str, origin: str) -> bool:
    """True for the site's own origin; data: URLs are inline, not requests."""
    if url.startswith(("data:", "blob:" + origin, "about:")):
        return True
    parts, own = urlsplit(url), urlsplit(origin)
    return (parts.scheme, parts.netloc) == (own.scheme, own.netloc)


def page_paths(site_root: Path) -> list[str]:
    """URL paths of every built HTML page, as a browser would ask for them."""
    paths = []
    for html in sorted(site_root.rglob("*.html")):
        if 'http-equiv="refresh"' in html.read_text(encoding="utf-8"):
            continue  # a redirect stub for a moved page (mkdocs-redirects)
        relative = html.relative_to(site_root).as_posix()
        if relative == "index.html":
            paths.append("/")
        elif relative.endswith("/index.html"):
            paths.append("/" + relative[: -len("index.html")])
        else:
            paths.append("/" + relative)
    return paths


# The tour of every page runs in this many parts, so that test workers can
# share it (tests/browser/conftest.py).
TOUR_PARTS = 6


def tour_parts(paths: list[str], parts: int = TOUR_PARTS) -> list[list[str]]:
    """`paths` dealt into `parts` lists in turn, so slow pages spread across parts."""
    return [paths[index::parts] for index in range(parts)]


# ── In-page checks (JavaScript evaluated by Playwright, not by the site) ──

# Recorded before any page script runs; Playwright's init scripts are not
# subject to the page's CSP, so this listener cannot be blocked by it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` (${e.sourceFile || ''}:${e.lineNumber || ''})`);
});
"""

HORIZONTAL_OVERFLOW = """
() => {
  const doc = document.documentElement;
  const wide = [];
  if (doc.scrollWidth > doc.clientWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width && box.right > doc.clientWidth + 1 && getComputedStyle(el).position !== 'fixed')
        wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
    }
  }
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 5)};
}
"""


# ── The real Material search box ───────────────────────────────────────────

# The pages of the first results, in order, as paths relative to the site
# root ("" for the start page), read from the links Material renders.
RESULT_PAGES = """
(origin) => [...document.querySelectorAll('.md-search-result__item')].map(item => {
  const link = item.querySelector('a');
  if (!link) return null;
  const url = new URL(link.href);
  return url.origin === origin ? url.pathname.replace(/^\\//, '') : url.href;
})
"""
# The results, read as soon as Material says how many match: one call to the
# page that waits (at most `timeout` ms) and reads, instead of two.
RESULTS_TIMEOUT_MS = 30_000
RESULTS_WHEN_SHOWN = f"""
([origin, timeout]) => new Promise((resolve, reject) => {{
  const started = performance.now();
  const check = () => {{
    const meta = document.querySelector('.md-search-result__meta');
    if (meta && /matching/i.test(meta.textContent)) return resolve(({RESULT_PAGES.strip()})(origin));
    if (performance.now() - started > timeout) return reject(new Error(
      'search showed no result count within ' + timeout + ' ms: ' + (meta && meta.textContent)));
    requestAnimationFrame(check);
  }};
  check();
}})
"""
SEARCH_READY = """
() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && !/Initializing/i.test(meta.textContent);
}
"""


class SearchBox:
    """The real Material search box on the start page."""

    def __init__(self, tab):
        self.tab = tab
        self.page = tab.page
        tab.goto("/")
        self.page.wait_for_function(SEARCH_READY)
        self.input = self.page.locator("input.md-search__input")
        # Clicked once, as a person clicks into the box; typing the next query
        # needs no click, since the box keeps the focus.
        self.input.click()

    def clear(self) -> None:
        """Empty the box and wait until Material has cleared the results."""
        self.input.fill("")
        self.page.wait_for_function(
            "() => !document.querySelector('.md-search-result__item')"
            " && !/matching/.test(document.querySelector('.md-search-result__meta').textContent)")

    def results(self, query: str) -> list[str]:
        # Empty the box first, so nothing left from the last query can be
        # read as this one's.
        self.clear()
        # The text goes in at once and its last character is typed as a real
        # keystroke: Material searches on keyup, so this is one search for the
        # whole query, as when a person finishes typing.
        self.input.fill(query[:-1])
        self.input.press_sequentially(query[-1:])
        return self.page.evaluate(RESULTS_WHEN_SHOWN, [self.tab.browsing.origin, RESULTS_TIMEOUT_MS])
