"""Numbered references: the public pages a page relies on, listed once at its end.

A statement on a page carries a short superscript number; the page's Sources
section lists each reference once (title, publisher, its own date, the date
it was checked). Citations (macros/sources.py) and service cards
(macros/services.py) both number their references here, so a page has one
list whatever cited it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import long_date
from .text import as_text, attr


@dataclass(frozen=True)
class Reference:
    """One public page a statement relies on, as a page's Sources section lists it."""

    url: str
    title: str
    publisher: str
    checked_on: dt.date
    published: str | None = None
    secondary: bool = False

    def _age(self) -> list[str]:
        """What a citation says about an old or secondary source, so that
        neither looks like current official guidance."""
        notes = [f"published {as_text(self.published)}"] if self.published else []
        if self.secondary:
            notes.append("reported, not the official source")
        return notes

    def link_html(self) -> str:
        notes = "".join(f", {note}" for note in self._age())
        return (f'<a href="{attr(self.url)}">{as_text(self.title)}</a> '
                f"({as_text(self.publisher)}{notes})")

    def entry_html(self) -> str:
        """'<a>Title</a>, Publisher[, published X][, reported ...]. Checked on D.'"""
        parts = [f'<a href="{attr(self.url)}">{as_text(self.title)}</a>', as_text(self.publisher),
                 *self._age()]
        return ", ".join(parts) + f". Checked on {long_date(self.checked_on)}."


class PageSources:
    """The sources cited on the page being rendered, numbered in order of first use.

    `cite()` numbers each reference and returns a superscript link to it; at
    the end of the page `section()` gives the Sources section they link to.
    The markup is the one pandoc reads as footnotes (role="doc-noteref" and
    role="doc-endnotes"), so the policy documents get real footnotes. The
    section is left out of the search index: publishers' names would
    otherwise match every page that cites them.
    """

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.entries: list[Reference] = []
        self.uses: dict[int, int] = {}

    def clear(self) -> None:
        self.__init__()

    def ref(self, reference: Reference) -> str:
        number = self.numbers.get(reference.url)
        if number is None:
            self.entries.append(reference)
            number = self.numbers[reference.url] = len(self.entries)
        self.uses[number] = self.uses.get(number, 0) + 1
        use = self.uses[number]
        ref_id = f"source-ref-{number}" + (f"-{use}" if use > 1 else "")
        return (f'<a href="#source-{number}" class="footnote-ref source-ref" id="{ref_id}" '
                f'role="doc-noteref" aria-label="Source {number}"><sup>{number}</sup></a>')

    def section(self, heading: str = "Sources") -> str:
        """The Sources section (empty when the page cites nothing)."""
        if not self.entries:
            return ""
        items = "".join(
            f'<li id="source-{n}"><p>{ref.entry_html()} '
            f'<a href="#source-ref-{n}" class="footnote-back" role="doc-backlink" '
            f'aria-label="Back to where source {n} is cited">↩</a></p></li>'
            for n, ref in enumerate(self.entries, start=1))
        return (f'<section class="footnotes sources" id="page-sources" role="doc-endnotes" '
                f'aria-labelledby="sources-heading" data-search-exclude>'
                f'<h2 id="sources-heading" data-search-exclude>{as_text(heading)}</h2>'
                f'<ol>{items}</ol></section>')


# The page being rendered: pages render one at a time (macros/__init__.py
# clears it before each page and appends its section after).
page_sources = PageSources()
