"""Policy templates (docs/policies/): choices, document control, law, sources.

A policy template is a page with `page_type: policy`. It calls
`{{ policy_header() }}` right after its title; that prints the document
control table (organisation, law, version, dates, owner) and the list of
choices the organisation must make. Each choice is written where it belongs
with `{{ choice("who approves ...") }}`: it shows as a marked placeholder
and is collected into the list at the top once the page has been rendered
(`finish_page`, run by mkdocs-macros' `on_post_page_macros`).

Citations come from the one registry of addresses (data/legislation.yml,
data/sources.yml, data/services.yml): `{{ policy_source('key') }}` is the same
as `{{ cite('key') }}`, and the law summaries in data/policy-law.yml name
their sources by key.

Every function takes its data first (profile, sources, page metadata) so it
can be unit-tested without MkDocs; `register()` binds them for the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import Field

from .datafiles import DataFileError, load_data
from .dates import add_months, long_date
from .errors import PageDataError
from .profile import Jurisdiction, Profile, StrictModel, Text
from .services import ServiceDirectory, service_card, service_phone
from .sources import SourceList, cite, known_citation
from .text import as_text

LAW_FILE = Path("data") / "policy-law.yml"

# Replaced by the list of choices once the whole page has been rendered.
# If it ever reached a page, the tests that scan the output would catch it.
CHOICES_MARKER = "@@POLICY-CHOICES@@"

REQUIRED_META = ("policy_version", "effective_date", "owner", "last_reviewed",
                 "review_interval_months")

POLICE_NON_EMERGENCY = {
    Jurisdiction.ENGLAND_AND_WALES: "police_non_emergency_england_wales",
    Jurisdiction.SCOTLAND: "police_non_emergency_scotland",
    Jurisdiction.NORTHERN_IRELAND: "police_non_emergency_northern_ireland",
}


# --------------------------------------------------------------------------
# Law summaries (data/policy-law.yml) and citations
# --------------------------------------------------------------------------


class LawPoint(StrictModel):
    text: Text = Field(description="One fact, in our own words.")
    sources: list[str] = Field(
        min_length=1,
        description="Keys in data/legislation.yml, data/sources.yml or data/services.yml.",
    )


class JurisdictionLaw(StrictModel):
    points: list[LawPoint] = Field(min_length=1)


class PolicyLaw(StrictModel):
    law: dict[Jurisdiction, JurisdictionLaw]


class PolicyLawError(DataFileError):
    kind = "Policy law file"


def load_policy_law(project_dir: Path | str, sources: SourceList,
                    services: ServiceDirectory) -> PolicyLaw:
    """The law summaries; every source key must be in the citation registry."""
    data = load_data(Path(project_dir) / LAW_FILE, PolicyLaw, PolicyLawError)
    problems = [
        f"law.{place.value}: missing (every jurisdiction needs a summary)"
        for place in Jurisdiction if place not in data.law
    ]
    for place, law in data.law.items():
        for number, point in enumerate(law.points):
            problems += [
                f"law.{place.value}.points.{number}.sources: unknown source {key!r} "
                "(use a key from data/legislation.yml, data/sources.yml or data/services.yml)"
                for key in point.sources if not known_citation(sources, services, key)
            ]
    if problems:
        raise PolicyLawError(LAW_FILE, problems)
    return data


def policy_source(sources: SourceList, services: ServiceDirectory, *keys: str) -> str:
    """Numbered references, footnotes in the documents: the same as cite()."""
    return cite(sources, services, *keys)


def policy_law(profile: Profile, data: PolicyLaw, sources: SourceList,
               services: ServiceDirectory) -> str:
    """The law summary for each of the organisation's jurisdictions (Markdown)."""
    blocks = []
    for place in profile.organisation.jurisdictions:
        law = data.law[place]
        # Each point's sources are numbered references, footnotes in the
        # documents, like every other citation.
        items = [f"- {as_text(point.text)} {cite(sources, services, *point.sources)}"
                 for point in law.points]
        blocks.append(
            f"**The law in {as_text(place.label)}**\n\n" + "\n".join(items) + "\n\n"
            '<p class="source">This is a summary, not legal advice: check with your legal '
            "adviser before you adopt this document.</p>"
        )
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------
# Jurisdictions and police
# --------------------------------------------------------------------------


def jurisdiction_names(profile: Profile) -> str:
    """'England and Wales'; for several, a sentence list: 'England and Wales,
    and Scotland' (the comma keeps the places apart, as one name has 'and')."""
    labels = [place.label for place in profile.organisation.jurisdictions]
    text = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + ", and " + labels[-1]
    return as_text(text)


def has_jurisdiction(profile: Profile, name: str) -> bool:
    try:
        place = Jurisdiction(name)
    except ValueError:
        expected = ", ".join(place.value for place in Jurisdiction)
        raise PageDataError(f"unknown jurisdiction {name!r} (expected one of: {expected})") from None
    return place in profile.organisation.jurisdictions


def police_non_emergency_phone(profile: Profile, services: ServiceDirectory) -> str:
    """The non-emergency police number(s) for the organisation's jurisdictions."""
    places = profile.organisation.jurisdictions
    if len(places) == 1:
        return service_phone(services, POLICE_NON_EMERGENCY[places[0]])
    return ", ".join(
        f"{service_phone(services, POLICE_NON_EMERGENCY[place])} ({as_text(place.label)})"
        for place in places
    )


def police_cards(profile: Profile, services: ServiceDirectory) -> str:
    """Service cards: 999, then the non-emergency police for each jurisdiction."""
    places = profile.organisation.jurisdictions
    cards = [service_card(services, "police_emergency")]
    for place in places:
        card = service_card(services, POLICE_NON_EMERGENCY[place])
        if len(places) > 1:
            # Several legal systems: each police card says where it is for.
            card = (f'<div class="nation-facts" data-topic="police" data-jurisdiction="'
                    f'{place.value}"><p><strong>In {as_text(place.label)}:</strong></p>{card}</div>')
        cards.append(card)
    return "".join(cards)


# --------------------------------------------------------------------------
# Records: one rule on describing images, for every page that asks for a record
# --------------------------------------------------------------------------

# The incident form, the IT and HR guidance and the staff-suspected template
# all print this sentence, so that no page allows "a general description"
# while another forbids it.
IMAGE_DESCRIPTION_RULE = (
    "Do not describe the images, not even in general terms. If the police ask "
    "for a description, give it to them directly, not in writing."
)


def image_description_rule() -> str:
    return IMAGE_DESCRIPTION_RULE


# --------------------------------------------------------------------------
# Choices and the document control header
# --------------------------------------------------------------------------


@dataclass
class PageState:
    """What one page's rendering collected; reset before each page."""

    choices: list[str] = field(default_factory=list)
    header_rendered: bool = False


def choice(state: PageState, text: str) -> str:
    """A visible placeholder for a decision the organisation must make."""
    label = as_text(" ".join(str(text).split()))
    if not label:
        raise PageDataError("choice() needs a description of the decision to make")
    if label not in state.choices:
        state.choices.append(label)
    number = state.choices.index(label) + 1
    return (f'<span class="policy-choice" data-custom-style="Choice" '
            f'data-choice="{number}">[Choice {number}: {label}]</span>')


def choices_list(choices: list[str]) -> str:
    if not choices:
        return '<p class="policy-choices">This template has no choices to make.</p>'
    items = "".join(f"<li>{label}</li>" for label in choices)
    return f'<ol class="policy-choices">{items}</ol>'


def _meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The policy front matter, checked; one clear error for the first problem."""
    for key in REQUIRED_META:
        if meta.get(key) in (None, ""):
            raise PageDataError(
                f"front matter key {key!r} is missing (policy templates need: "
                f"{', '.join(REQUIRED_META)})")
    if not isinstance(meta["policy_version"], str):
        raise PageDataError("front matter key 'policy_version' must be text in quotes, e.g. '1.0'")
    for key in ("effective_date", "last_reviewed"):
        if not isinstance(meta[key], dt.date):
            raise PageDataError(f"front matter key {key!r} must be a date (YYYY-MM-DD)")
    months = meta["review_interval_months"]
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise PageDataError("front matter key 'review_interval_months' must be a whole number")
    return meta


def policy_header(profile: Profile, state: PageState, meta: dict[str, Any]) -> str:
    """Document control table and the (later filled) list of choices."""
    meta = _meta(meta)
    state.header_rendered = True
    next_review = add_months(meta["last_reviewed"], meta["review_interval_months"])
    rows = [
        ("Organisation", as_text(profile.organisation.name)),
        ("Law this document refers to", jurisdiction_names(profile)),
        ("Version", as_text(meta["policy_version"])),
        ("Effective date", long_date(meta["effective_date"])),
        ("Owner", as_text(meta["owner"])),
        ("Last reviewed", long_date(meta["last_reviewed"])),
        ("Next review due", long_date(next_review)),
    ]
    table = "".join(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>'
                    for name, value in rows)
    return (
        f'<table class="policy-control"><tbody>{table}</tbody></table>\n\n'
        "## Choices to make before you adopt this document\n\n"
        "Each choice is marked in the text like this: "
        '<span class="policy-choice" data-custom-style="Choice">[Choice]</span>. '
        "Replace every one with your organisation's decision.\n\n"
        f"{CHOICES_MARKER}\n"
    )


def finish_page(markdown: str, state: PageState, meta: dict[str, Any]) -> str:
    """Put the collected choices into the header. Raises PageDataError on misuse."""
    is_policy = meta.get("page_type") == "policy"
    if state.choices and not state.header_rendered:
        raise PageDataError("choice() is used but the page has no {{ policy_header() }}")
    if is_policy and not state.header_rendered:
        raise PageDataError("a page with page_type: policy needs {{ policy_header() }} "
                            "after its title")
    if not state.header_rendered:
        return markdown
    if markdown.count(CHOICES_MARKER) != 1:
        raise PageDataError("{{ policy_header() }} must appear exactly once")
    return markdown.replace(CHOICES_MARKER, choices_list(state.choices))


# --------------------------------------------------------------------------
# Registration (called from macros/__init__.py)
# --------------------------------------------------------------------------


def register(env, profile: Profile, services: ServiceDirectory, data: PolicyLaw,
             sources: SourceList) -> None:
    state = PageState()
    env.policy_state = state

    def page_meta() -> dict[str, Any]:
        return dict(getattr(env.page, "meta", None) or {})

    env.macro(partial(choice, state), "choice")
    env.macro(lambda: policy_header(profile, state, page_meta()), "policy_header")
    env.macro(partial(policy_law, profile, data, sources, services), "policy_law")
    env.macro(partial(policy_source, sources, services), "policy_source")
    env.macro(partial(jurisdiction_names, profile), "jurisdiction_names")
    env.macro(partial(has_jurisdiction, profile), "has_jurisdiction")
    env.macro(partial(police_non_emergency_phone, profile, services),
              "police_non_emergency_phone")
    env.macro(partial(police_cards, profile, services), "police_cards")
    env.macro(image_description_rule, "image_description_rule")


def start_page(env) -> None:
    state = getattr(env, "policy_state", None)
    if state is not None:
        state.choices.clear()
        state.header_rendered = False


def end_page(env) -> None:
    """on_post_page_macros: fill the choices list; misuse stops the build."""
    state = getattr(env, "policy_state", None)
    if state is None:
        return
    from mkdocs.exceptions import PluginError

    try:
        env.markdown = finish_page(env.markdown, state, dict(env.page.meta or {}))
    except PageDataError as exc:
        raise PluginError(f"docs/{env.page.file.src_path}: {exc}") from None
