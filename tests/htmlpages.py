"""Reading the built HTML the way a browser would see its text and links."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import lxml.html


class Page:
    def __init__(self, path: Path):
        self.path = path
        self.html = path.read_text(encoding="utf-8")
        self.tree = lxml.html.fromstring(self.html)

    @cached_property
    def article(self):
        """The page's main content, without header, nav and footer."""
        found = self.tree.xpath("//article")
        return found[0] if found else self.tree

    @cached_property
    def text(self) -> str:
        """Visible text of the main content, whitespace folded."""
        return " ".join(self.article.text_content().split())

    @property
    def is_redirect(self) -> bool:
        return bool(self.tree.xpath('//meta[@http-equiv="refresh"]'))

    def xpath(self, query: str):
        return self.tree.xpath(query)


class Site:
    def __init__(self, root: Path):
        self.root = root

    def page(self, url_path: str) -> Page:
        """`url_path` as in a link: '' for the start page, 'contacts/' for a page."""
        path = self.root / url_path
        if url_path == "" or url_path.endswith("/"):
            path = path / "index.html"
        return Page(path)

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def pages(self) -> list[Page]:
        """Every real page (redirect stubs for moved pages are not pages)."""
        return [p for p in map(Page, self.html_files()) if not p.is_redirect]

    def redirects(self) -> list[Page]:
        """Stubs written by mkdocs-redirects for moved pages."""
        return [p for p in map(Page, self.html_files()) if p.is_redirect]
