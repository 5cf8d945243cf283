"""Citations: public pages that support a statement on a page.

Each source (a web page that is not a service people contact) lives once in
data/sources.yml, with who published it and when it was checked. Pages cite
it with `cite('key')`; a key of a service in data/services.yml cites that
service's own sources, so a fact about a service is never typed twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field, HttpUrl

from .datafiles import DataFileError, load_data
from .errors import PageDataError
from .law import LEGISLATION_FILE, PUBLISHED_DESCRIPTION, CheckedOn, load_legislation
from .profile import StrictModel, Text
from .references import Reference, page_sources
from .services import ServiceDirectory, service_references

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


def citation_links(sources: SourceList, services: ServiceDirectory,
                   key: str) -> list[tuple[str, dt.date]]:
    """The links for one key, each with its check date: '<a>title</a> (publisher)'
    for an entry of data/sources.yml or data/legislation.yml; a service key
    gives that service's own sources from data/services.yml."""
    return [(ref.link_html(), ref.checked_on) for ref in references(sources, services, key)]


def references(sources: SourceList, services: ServiceDirectory, key: str) -> list[Reference]:
    """The references for one key: an entry of data/sources.yml or
    data/legislation.yml, or a service's own sources from data/services.yml."""
    if key in sources.sources:
        source = sources.sources[key]
        return [Reference(str(source.url), source.title, source.publisher, source.checked_on,
                          source.published, source.secondary)]
    if key in services.services:
        return service_references(services.services[key])
    raise PageDataError(
        f"unknown source {key!r} (add it to data/sources.yml or data/legislation.yml, "
        "or use a service key)"
    )


def cite(sources: SourceList, services: ServiceDirectory, *keys: str) -> str:
    """Numbered references to one or more keys, e.g. '¹ ²', each linking to
    the page's Sources section (title, publisher, own date, checked date).

    A service key cites that service's own sources from data/services.yml.
    """
    if not keys:
        raise PageDataError("cite() needs at least one source key")
    refs = [ref for key in keys for ref in references(sources, services, key)]
    return '<span class="source-refs">' + "".join(page_sources.ref(r) for r in refs) + "</span>"
