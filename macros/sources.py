"""Citations: public pages that support a statement on a page.

Each source (a web page that is not a service people contact) lives once in
data/sources.yml, with who published it and when it was checked. Pages cite
it with `cite('key')`; a key of a service in data/services.yml cites that
service's own sources, so a fact about a service is never typed twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, HttpUrl

from .datafiles import DataFileError, load_data
from .dates import long_date
from .errors import PageDataError
from .law import LEGISLATION_FILE, PUBLISHED_DESCRIPTION, CheckedOn, load_legislation
from .profile import StrictModel, Text
from .services import ServiceDirectory
from .text import as_text, attr

SOURCES_FILE = Path("data") / "sources.yml"


class Source(StrictModel):
    title: Text = Field(description="The page's own title, or a short description of it.")
    publisher: Text = Field(description="Who published the page, e.g. 'CEOP Education (NCA)'.")
    url: HttpUrl = Field(description="Where the page is.")
    covers: Text = Field(description="What the site relies on it for, in one sentence.")
    checked_on: CheckedOn = Field(description="When the statement was last checked against it.")
    published: Text | None = Field(default=None, description=PUBLISHED_DESCRIPTION)
    secondary: bool = Field(
        default=False,
        description="True where the page is not the official source (a law firm, a mirror).",
    )


class SourceList(StrictModel):
    sources: dict[str, Source]


class SourcesError(DataFileError):
    kind = "Sources file"


def _legislation_entries(project_dir: Path | str) -> dict[str, Source]:
    """Entries of data/legislation.yml (legislation and guidance), if that file exists.

    The law pages keep legislation and published guidance there; `cite()`
    accepts those keys too, so no address needs to be written twice. The file
    is read and validated by macros/law.py, the module that owns it.
    """
    if not (Path(project_dir) / LEGISLATION_FILE).exists():
        return {}
    data = load_legislation(project_dir)
    found: dict[str, Source] = {}
    for section in ("legislation", "guidance"):
        for key, entry in getattr(data, section).items():
            if key in found:
                raise SourcesError(LEGISLATION_FILE, [
                    f"{section}.{key}: key used twice in this file "
                    "(legislation and guidance share one set of keys)"])
            found[key] = Source(
                title=entry.title,
                publisher=getattr(entry, "publisher", "legislation.gov.uk"),
                url=entry.url,
                covers=entry.covers,
                checked_on=entry.checked_on,
                published=getattr(entry, "published", None),
                secondary=getattr(entry, "secondary", False),
            )
    return found


def load_sources(project_dir: Path | str, services: ServiceDirectory) -> SourceList:
    sources = load_data(Path(project_dir) / SOURCES_FILE, SourceList, SourcesError)
    for key in sources.sources:
        if key in services.services:
            raise SourcesError(
                SOURCES_FILE,
                [f"sources.{key}: this key is also a service in data/services.yml; "
                 "cite the service instead, or choose another key"],
            )
    law = _legislation_entries(project_dir)
    for key in sources.sources:
        if key in law:
            raise SourcesError(SOURCES_FILE, [f"sources.{key}: already defined in "
                                              f"{LEGISLATION_FILE.as_posix()}; delete it here"])
    for key in law:
        if key in services.services:
            raise SourcesError(LEGISLATION_FILE, [f"{key}: this key is also a service in "
                                                  "data/services.yml; choose another key"])
    # Each address is defined once: a source in data/sources.yml must not
    # repeat a legislation, guidance or service address.
    elsewhere = {str(entry.url): f"{LEGISLATION_FILE.as_posix()} ({key})"
                 for key, entry in law.items()}
    for name, service in services.services.items():
        for url in [service.url, *service.sources]:
            if url is not None:
                elsewhere[str(url)] = f"data/services.yml ({name})"
    for key, source in sources.sources.items():
        if str(source.url) in elsewhere:
            raise SourcesError(SOURCES_FILE, [
                f"sources.{key}.url: already defined in {elsewhere[str(source.url)]}; "
                "cite that key instead"])
    return SourceList(sources={**sources.sources, **law})


def known_citation(sources: SourceList, services: ServiceDirectory, key: str) -> bool:
    return key in sources.sources or key in services.services


def _short(url) -> str:
    """'www.iwf.org.uk/faqs' for a link label: the host and the first part of the path."""
    first = (url.path or "/").strip("/").split("/")[0]
    return f"{url.host}/{first}" if first else str(url.host)


def citation_links(sources: SourceList, services: ServiceDirectory,
                   key: str) -> list[tuple[str, dt.date]]:
    """The links for one key, each with its check date: '<a>title</a> (publisher)'
    for an entry of data/sources.yml or data/legislation.yml; a service key
    gives that service's own sources from data/services.yml."""
    return [(ref.link_html(), ref.checked_on) for ref in references(sources, services, key)]


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


def references(sources: SourceList, services: ServiceDirectory, key: str) -> list[Reference]:
    """The references for one key: an entry of data/sources.yml or
    data/legislation.yml, or a service's own sources from data/services.yml."""
    if key in sources.sources:
        source = sources.sources[key]
        return [Reference(str(source.url), source.title, source.publisher, source.checked_on,
                          source.published, source.secondary)]
    if key in services.services:
        service = services.services[key]
        return [Reference(str(url), _short(url), service.name, service.checked_on)
                for url in service.sources]
    raise PageDataError(
        f"unknown source {key!r} (add it to data/sources.yml or data/legislation.yml, "
        "or use a service key)"
    )


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


def cite(sources: SourceList, services: ServiceDirectory, *keys: str) -> str:
    """Numbered references to one or more keys, e.g. '¹ ²', each linking to
    the page's Sources section (title, publisher, own date, checked date).

    A service key cites that service's own sources from data/services.yml.
    """
    if not keys:
        raise PageDataError("cite() needs at least one source key")
    refs = [ref for key in keys for ref in references(sources, services, key)]
    return '<span class="source-refs">' + "".join(page_sources.ref(r) for r in refs) + "</span>"
