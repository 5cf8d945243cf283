"""The law pages: legislation and guidance as data, and their macros.

Every legislation.gov.uk, CPS and other guidance address a page cites lives
once, in data/legislation.yml, with what it covers, its public sources and
the date it was checked. Pages show them only through the macros below.
The organisation's jurisdictions (from the profile) decide which law pages
are highlighted as applying to it; every page stays reachable.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, HttpUrl, field_validator

from .datafiles import DataFileError, load_data
from .dates import long_date
from .errors import PageDataError, lookup
from .profile import Jurisdiction, Profile, StrictModel, Text
from .text import as_text, attr

LEGISLATION_FILE = Path("data") / "legislation.yml"
LEGISLATION_HOST = "www.legislation.gov.uk"

# The law page for each jurisdiction: law/<value>.md
LAW_DIR = "law"


def law_page(jurisdiction: Jurisdiction) -> str:
    return f"{LAW_DIR}/{jurisdiction.value}.md"


def _not_in_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{value} is in the future (use the date the entry was checked)")
    return value


CheckedOn = Annotated[dt.date, AfterValidator(_not_in_future)]


class Legislation(StrictModel):
    title: Text = Field(description="Act and section or article, e.g. 'Protection of Children Act 1978, section 1'.")
    jurisdictions: list[Jurisdiction] = Field(min_length=1, description="Where it applies.")
    url: HttpUrl = Field(description="Where to read it, on https://www.legislation.gov.uk/ only.")
    covers: Text = Field(description="What it covers, in one or two plain sentences.")
    sources: list[HttpUrl] = Field(min_length=1, description="Public pages that confirm `covers`.")
    version: Text | None = Field(default=None, description="The point-in-time version read, if not the current text.")
    checked_on: CheckedOn = Field(description="When the entry was last compared with its sources.")

    @field_validator("url")
    @classmethod
    def _on_legislation_gov_uk(cls, url: HttpUrl) -> HttpUrl:
        if url.scheme != "https" or url.host != LEGISLATION_HOST:
            raise ValueError(f"must be an https://{LEGISLATION_HOST}/ address, not {url}")
        return url



class Guidance(StrictModel):
    title: Text = Field(description="The document's own title.")
    publisher: Text = Field(description="Who published it.")
    url: HttpUrl = Field(description="Where to read it.")
    covers: Text = Field(description="What the site relies on it for.")
    checked_on: CheckedOn = Field(description="When the entry was last compared with the page.")


class LegislationData(StrictModel):
    legislation: dict[str, Legislation]
    guidance: dict[str, Guidance]


class LegislationError(DataFileError):
    kind = "Legislation file"


def load_legislation(project_dir: Path | str) -> LegislationData:
    data = load_data(Path(project_dir) / LEGISLATION_FILE, LegislationData, LegislationError)
    addresses: dict[str, str] = {}
    for section in ("legislation", "guidance"):
        for key, entry in getattr(data, section).items():
            url = str(entry.url)
            if url in addresses:
                raise LegislationError(LEGISLATION_FILE, [
                    f"{section}.{key}.url: same address as {addresses[url]} (define each address once)"
                ])
            addresses[url] = f"{section}.{key}"
    return data


def legislation_json_schema() -> dict:
    schema = LegislationData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Legislation and guidance"
    return schema


# --------------------------------------------------------------------------
# Macros: each takes the data (and where needed the profile) first
# --------------------------------------------------------------------------


def _legislation(data: LegislationData, key: str) -> Legislation:
    return lookup(data.legislation, key, "legislation")


def _guidance(data: LegislationData, key: str) -> Guidance:
    return lookup(data.guidance, key, "guidance")


def _jurisdiction(value: str) -> Jurisdiction:
    try:
        return Jurisdiction(value)
    except ValueError:
        expected = ", ".join(j.value for j in Jurisdiction)
        raise PageDataError(f"unknown jurisdiction {value!r} (expected one of: {expected})") from None


def legislation_link(data: LegislationData, key: str, text: str | None = None) -> str:
    entry = _legislation(data, key)
    return (f'<a class="legislation-link" data-legislation="{attr(key)}" '
            f'href="{attr(entry.url)}">{as_text(text or entry.title)}</a>')


def guidance_link(data: LegislationData, key: str, text: str | None = None) -> str:
    entry = _guidance(data, key)
    return (f'<a class="guidance-link" data-guidance="{attr(key)}" '
            f'href="{attr(entry.url)}">{as_text(text or entry.title)}</a>')


def guidance_source(data: LegislationData, key: str) -> str:
    """'Source: <publisher>, <title>. Checked on <date>.' for one guidance entry."""
    entry = _guidance(data, key)
    return (f'<span class="source">Source: {as_text(entry.publisher)}, '
            f"{guidance_link(data, key)}. Checked on {long_date(entry.checked_on)}.</span>")


def _confirmed_by(entry: Legislation) -> str:
    return ", ".join(f'<a href="{attr(u)}">{as_text(u.host)}</a>' for u in entry.sources)


def legislation_source(data: LegislationData, key: str) -> str:
    """'Source: <link>, confirmed by <sources>. Checked on <date>.' for one entry."""
    entry = _legislation(data, key)
    return (f'<span class="source">Source: {legislation_link(data, key)}, confirmed by '
            f"{_confirmed_by(entry)}. Checked on {long_date(entry.checked_on)}.</span>")


def _entries_for(data: LegislationData, jurisdiction: Jurisdiction) -> dict[str, Legislation]:
    return {k: e for k, e in data.legislation.items() if jurisdiction in e.jurisdictions}


def law_sources(data: LegislationData, jurisdiction: str) -> str:
    """Every Act or section for a jurisdiction: link, what it covers, version, sources, date."""
    chosen = _jurisdiction(jurisdiction)
    items = []
    for key, entry in _entries_for(data, chosen).items():
        sources = _confirmed_by(entry)
        version = f" Version read: {as_text(entry.version)}." if entry.version else ""
        items.append(
            f"<li>{legislation_link(data, key)}: {as_text(entry.covers)}{version} "
            f'<span class="source">Confirmed by: {sources}. '
            f"Checked on {long_date(entry.checked_on)}.</span></li>"
        )
    return f'<ul class="law-sources" data-jurisdiction="{attr(chosen.value)}">{"".join(items)}</ul>'


def law_checked_on(data: LegislationData, jurisdiction: str | None = None) -> str:
    """The oldest check date among a jurisdiction's entries (or all entries):
    a page is only as fresh as its oldest source."""
    if jurisdiction is None:
        entries = list(data.legislation.values())
    else:
        entries = list(_entries_for(data, _jurisdiction(jurisdiction)).values())
    oldest = min(e.checked_on for e in entries)
    return f'<span class="law-checked-on">{long_date(oldest)}</span>'


def jurisdiction_note(profile: Profile, jurisdiction: str) -> str:
    """A line saying whether this jurisdiction is one the organisation works in."""
    chosen = _jurisdiction(jurisdiction)
    name = as_text(profile.organisation.short_name)
    if chosen in profile.organisation.jurisdictions:
        return (f'<p class="jurisdiction-note jurisdiction-note--applies">'
                f"<strong>Applies to your organisation:</strong> {name} works in "
                f"{chosen.label}.</p>")
    return (f'<p class="jurisdiction-note">{name} does not list {chosen.label} as a place '
            f"it works. This page is here for reference.</p>")


def ordered_jurisdictions(profile: Profile) -> list[Jurisdiction]:
    """The organisation's jurisdictions first (in profile order), then the rest."""
    own = list(dict.fromkeys(profile.organisation.jurisdictions))
    return own + [j for j in Jurisdiction if j not in own]


def law_links(profile: Profile, current_page: str) -> str:
    """A Markdown list of the three law pages, the organisation's own first.

    Links are relative to `current_page` (its path under docs/) and written
    as Markdown, so MkDocs checks them like any other link. Call it on a line
    of its own with a blank line before and after.
    """
    here = posixpath.dirname(current_page) or "."
    lines = []
    for jurisdiction in ordered_jurisdictions(profile):
        target = posixpath.relpath(law_page(jurisdiction), here)
        applies = jurisdiction in profile.organisation.jurisdictions
        classes = ".law-link .law-link--applies" if applies else ".law-link"
        link = (f"[The law in {jurisdiction.label}]({target})"
                f'{{ {classes} data-jurisdiction="{jurisdiction.value}" }}')
        marker = ": **applies to your organisation**" if applies else ""
        lines.append(f"- {link}{marker}")
    return "\n".join(lines)


def law_macros(data: LegislationData, profile: Profile,
               current_page: Callable[[], str]) -> dict[str, Callable]:
    """The page-facing names, bound to the data, the profile and the page being rendered."""
    return {
        "legislation_link": partial(legislation_link, data),
        "legislation_source": partial(legislation_source, data),
        "guidance_link": partial(guidance_link, data),
        "guidance_source": partial(guidance_source, data),
        "law_sources": partial(law_sources, data),
        "law_checked_on": partial(law_checked_on, data),
        "jurisdiction_note": partial(jurisdiction_note, profile),
        "law_links": lambda: law_links(profile, current_page()),
    }

