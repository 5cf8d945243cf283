"""Compressed first-load weight of every page: HTML + the CSS and JS it loads.

    .venv/bin/python benchmarks/page_weight.py [--site-dir site]

Each file is gzipped at level 6 (the level deploy/nginx/site.conf uses). A
first visit loads the page's HTML, its stylesheets, its scripts and the
favicon; Material then starts its search worker, which fetches the search
index: that comes after the page is usable and is shown separately.
Every reference must be local: the script stops on any that is not.
Target: the start page <= 75 KB compressed (HTML + CSS + JS + favicon).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from common import site_dir

TARGET_KB = 75
_REF = re.compile(r'<(?:link[^>]*rel="(?:stylesheet|icon)"[^>]*href|script[^>]*src)="([^"]+)"')


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_weight(site: Path, page: Path) -> tuple[int, list[str]]:
    html = page.read_text(encoding="utf-8")
    total, files = gz(page), [page.relative_to(site).as_posix()]
    for ref in _REF.findall(html):
        if urlsplit(ref).scheme or ref.startswith("//"):
            raise SystemExit(f"{page.relative_to(site)}: loads {ref} from outside the site")
        target = (page.parent / ref.split("?")[0]).resolve() if not ref.startswith("/") \
            else site / ref.lstrip("/")
        total += gz(target)
        files.append(target.relative_to(site.resolve()).as_posix())
    return total, files


def search_weight(site: Path) -> int:
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  (site / "index.html").read_text(encoding="utf-8"), re.S).group(1))
    return gz(site / config["search"]) + gz(site / "search" / "search_index.json")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-dir", help="a built site (default: build one now)")
    args = parser.parse_args()
    with site_dir(args.site_dir) as site:
        rows = []
        for page in sorted(site.rglob("*.html")):
            weight, _ = page_weight(site, page)
            rows.append((page.relative_to(site).as_posix(), weight))
        search = search_weight(site)
        start, start_files = page_weight(site, site / "index.html")
    print(f"{'page':60} {'KB gzip':>8}")
    for name, weight in rows:
        print(f"{name:60} {weight / 1024:8.1f}")
    print(f"\nstart page: {start / 1024:.1f} KB compressed ({', '.join(start_files)}); "
          f"target <= {TARGET_KB} KB: {'met' if start <= TARGET_KB * 1024 else 'NOT MET'}")
    print(f"heaviest page: {max(w for _, w in rows) / 1024:.1f} KB")
    print(f"then, in the background: search worker + index {search / 1024:.1f} KB compressed")
    return 0 if start <= TARGET_KB * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
