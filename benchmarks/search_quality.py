"""Search quality in Chromium: how often a right page is in the first three.

    .venv/bin/python -m benchmarks.search_quality [--site-dir site] [--misses]

Types every query of tests/data/search-queries.yml into the real Material
search box of the built site (served with the nginx example's headers) and
prints the hit rate of the tuned queries and of the held-out ones (never
used to tune the vocabulary) separately, and how many returned nothing.
Target: at least 95% of all queries, and none returns nothing.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks.common import site_dir
from tests.browser_harness import CHROMIUM, CHROMIUM_ARGS, NGINX_SITE_CONF, SearchBox, SiteServer, nginx_headers
from tests.search_queries import TARGET_HIT_RATE, TOP, Outcome, describe_misses, hit_rate, load_queries


class _Tab:
    """The little of tests/browser/conftest.py's Tab that SearchBox uses."""

    def __init__(self, page, origin: str):
        self.page = page
        self.browsing = type("Browsing", (), {"origin": origin})()

    def goto(self, path: str):
        return self.page.goto(self.browsing.origin + path, wait_until="load")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-dir", help="a built site (default: build one now)")
    parser.add_argument("--misses", action="store_true", help="list the tuned queries that miss")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    headers = nginx_headers(NGINX_SITE_CONF.read_text(encoding="utf-8"))
    with site_dir(args.site_dir) as site, SiteServer(site, headers) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        box = SearchBox(_Tab(browser.new_page(), server.origin))
        outcomes = [Outcome(q, box.results(q.query)) for q in queries]
        browser.close()
    tuned = [o for o in outcomes if not o.query.holdout]
    held = [o for o in outcomes if o.query.holdout]
    empty = [o.query.query for o in outcomes if not o.pages]
    print(f"search quality: a right page in the first {TOP} results")
    print(f"  tuned     {hit_rate(tuned):6.1%}  ({sum(o.hit for o in tuned)}/{len(tuned)})")
    print(f"  held out  {hit_rate(held):6.1%}  ({sum(o.hit for o in held)}/{len(held)})")
    print(f"  all       {hit_rate(outcomes):6.1%}  ({sum(o.hit for o in outcomes)}/{len(outcomes)})")
    print(f"  no results: {len(empty)}{' ' + str(empty) if empty else ''}")
    met = hit_rate(outcomes) >= TARGET_HIT_RATE and not empty
    print(f"  target: all >= {TARGET_HIT_RATE:.0%} and none empty: {'met' if met else 'NOT MET'}")
    if args.misses:
        for line in describe_misses(tuned):
            print("  miss:", line)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
