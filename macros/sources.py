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
from .dates import long_date
from .errors import PageDataError
from .law import LEGISLATION_FILE, CheckedOn, load_legislation
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
    if key in sources.sources:
        source = sources.sources[key]
        kind = ", secondary source" if source.secondary else ""
        return [(f'<a href="{attr(source.url)}">{as_text(source.title)}</a> '
                 f"({as_text(source.publisher)}{kind})", source.checked_on)]
    if key in services.services:
        service = services.services[key]
        return [(f'<a href="{attr(url)}">{as_text(_short(url))}</a>', service.checked_on)
                for url in service.sources]
    raise PageDataError(
        f"unknown source {key!r} (add it to data/sources.yml or data/legislation.yml, "
        "or use a service key)"
    )


def cite(sources: SourceList, services: ServiceDirectory, *keys: str) -> str:
    """'Source: <link> (publisher). Checked on <date>.' for one or more keys, in one span.

    A service key cites that service's own sources from data/services.yml.
    """
    if not keys:
        raise PageDataError("cite() needs at least one source key")
    links = [link for key in keys for link in citation_links(sources, services, key)]
    dates = {date for _, date in links}
    label = "Source" if len(links) == 1 else "Sources"
    if len(dates) == 1:
        body = "; ".join(link for link, _ in links) + f". Checked on {long_date(dates.pop())}."
    else:
        body = "; ".join(f"{link}, checked on {long_date(date)}" for link, date in links) + "."
    return f'<span class="source">{label}: {body}</span>'
