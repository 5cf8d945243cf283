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
        return [Page(p) for p in self.html_files()]
