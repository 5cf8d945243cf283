"""Search latency in Chromium: from the keystroke to the first result on screen.

    .venv/bin/python benchmarks/search_latency.py [--site-dir site] [--runs 3]

For each query of tests/data/search-queries.yml: the query minus its last
character is put in the real Material search box, then the last character is
typed; the time runs from that keydown event to the first change of the
result list that shows at least one result (measured inside the page with
performance.now(), so Playwright's own round trips are not counted).
Target: median <= 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys

import yaml
from common import ROOT, site_dir

from tests.browser_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NGINX_SITE_CONF,
    SEARCH_READY,
    SiteServer,
    nginx_headers,
)

TARGET_MS = 100

ARM = """
() => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  window.__t0 = null; window.__t1 = null;
  input.addEventListener('keydown', e => { window.__t0 = performance.now(); }, {once: true});
  const observer = new MutationObserver(() => {
    if (window.__t0 !== null && window.__t1 === null
        && list.querySelector('.md-search-result__item')) {
      window.__t1 = performance.now(); observer.disconnect();
    }
  });
  observer.observe(list, {childList: true, subtree: true});
}
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-dir", help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    queries = [q["query"] for q in yaml.safe_load(
        (ROOT / "tests" / "data" / "search-queries.yml").read_text(encoding="utf-8"))["queries"]]
    headers = nginx_headers(NGINX_SITE_CONF.read_text(encoding="utf-8"))
    timings = []
    with site_dir(args.site_dir) as site, SiteServer(site, headers) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(server.origin + "/")
        page.wait_for_function(SEARCH_READY)
        box = page.locator("input.md-search__input")
        box.click()
        for _ in range(args.runs):
            for query in queries:
                box.fill("")
                page.wait_for_function(
                    "() => !document.querySelector('.md-search-result__item')")
                box.fill(query[:-1])
                page.evaluate(ARM)
                box.press_sequentially(query[-1])
                page.wait_for_function("() => window.__t1 !== null", timeout=5000)
                timings.append(page.evaluate("window.__t1 - window.__t0"))
        browser.close()
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"search latency, keystroke to first result ({len(timings)} searches, "
          f"{len(queries)} queries x {args.runs}):")
    print(f"  median {median:6.1f} ms   p95 {p95:6.1f} ms   max {timings[-1]:6.1f} ms")
    print(f"  target: median <= {TARGET_MS} ms: {'met' if median <= TARGET_MS else 'NOT MET'}")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
