"""The reporting model: for each situation, who does what, in order, and who to tell.

data/routes.yml holds, once, every situation: its ordered steps (who acts:
you, the nominated person or IT; what they do; the outside body and its
contact), the never-do list that fits it, and who to tell inside and outside
the organisation. Every page that states a route renders it from here: the
start page, the "what to do" pages, the triage outcomes, the role pages, the
contacts page, the quick card and the discovery procedure (and so their
.docx and .odt versions).

Nation variation is data, not copies: a step or contact that names `police`
resolves to the police of each of the organisation's nations
(data/nations.yml); a step limited to some nations is shown only there,
labelled ("In Northern Ireland: ..."); a step may add a nation fact
(`facts: children_social_care`), labelled per nation.

Every incident route also carries, from the same code, the escalation line
(the concern is about a listed contact: go to the escalation contact, or
straight to the police) and the line that anyone may report to the police,
and a web address to the IWF, themselves.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .contacts import contact_card
from .datafiles import DataFileError, load_data
from .errors import PageDataError
from .nations import TOPICS, NationBook, grouped, nation_facts, nation_labels
from .profile import CONTACT_ROLES, Nation, Profile, StrictModel, Text, tel_uri
from .safety import NEVER_DO
from .services import ServiceDirectory, service_card, service_link, service_phone
from .sources import SourceList, cite, known_citation
from .text import as_text, attr

ROUTES_FILE = Path("data") / "routes.yml"

# A step or outside contact that names this resolves to each nation's police.
POLICE = "police"


class Actor(str, Enum):
    """Who takes a step."""

    YOU = "you"
    NOMINATED_PERSON = "nominated_person"
    IT = "it"


ACTOR_LABELS = {Actor.YOU: "You", Actor.NOMINATED_PERSON: "The nominated person", Actor.IT: "IT"}


class Step(StrictModel):
    """One thing to do, by one person, in order."""

    who: Actor = Field(default=Actor.YOU, description="Who acts: you, nominated_person or it.")
    text: Text = Field(description="The action, in plain words (for you: starting with a verb).")
    contact: str | None = Field(
        default=None,
        description="Who to contact in this step, shown after the text: 'police' (each "
        "nation's police), a service key (data/services.yml) or a contact role (profile).",
    )
    facts: str | None = Field(
        default=None,
        description="A topic of data/nations.yml whose statements follow the step, "
        "labelled per nation.",
    )
    nations: list[Nation] = Field(
        default_factory=list,
        description="Only in these nations (shown labelled 'In ...:'); empty for everywhere.",
    )
    sources: list[str] = Field(
        default_factory=list,
        description="Keys in data/sources.yml, data/legislation.yml or data/services.yml.",
    )


class InternalContact(StrictModel):
    role: str = Field(description="A contact role from the organisation profile.")
    say: Text = Field(description="When to use this contact, or what to tell them.")
    sources: list[str] = Field(default_factory=list, description="Sources for the `say` text.")

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in CONTACT_ROLES:
            raise ValueError(
                f"unknown contact role {value!r} (expected one of: {', '.join(CONTACT_ROLES)})"
            )
        return value


class ExternalContact(StrictModel):
    service: str = Field(description="A service key from data/services.yml, or 'police'.")
    say: Text = Field(description="What this service is for in this situation.")
    sources: list[str] = Field(default_factory=list, description="Sources for the `say` text.")


class Route(StrictModel):
    title: Text = Field(description="The situation, exactly as its page's title and H1 say it.")
    page: str | None = Field(default=None, description="The 'what to do' page, under docs/.")
    link_text: Text | None = Field(
        default=None, description="How lists of situations name it (default: the title).")
    kind: Literal["incident", "self_referral"] = Field(
        default="incident",
        description="incident: the standard never-do list, the escalation line and the "
        "report-it-yourself line; self_referral: its own never-do list, neither line.",
    )
    do_now: list[Step] = Field(min_length=1)
    never_do: list[Text] = Field(
        default_factory=list,
        description="For a self_referral route: its own never-do list, instead of the standard one.",
    )
    never_do_extra: list[Text] = Field(
        default_factory=list,
        description="Never-do items for this situation, shown after the standard list.",
    )
    organisation: list[InternalContact] = Field(min_length=1)
    external: list[ExternalContact] = Field(default_factory=list)


class RouteBook(StrictModel):
    shared: dict[str, object] = Field(
        default_factory=dict,
        description="Steps and contacts several routes use, written once as YAML anchors.")
    routes: dict[str, Route]


class RoutesError(DataFileError):
    kind = "Routes file"


@dataclass(frozen=True)
class Routing:
    """Everything the routing macros need, validated and bound together."""

    profile: Profile
    services: ServiceDirectory
    sources: SourceList
    routes: RouteBook
    nations: NationBook
    # The page being rendered (path under docs/), for relative links.
    current_page: Callable[[], str] = lambda: "index.md"


def _known_contact(value: str, services: ServiceDirectory) -> bool:
    return value == POLICE or value in services.services or value in CONTACT_ROLES


def check_references(book: RouteBook, services: ServiceDirectory, sources: SourceList,
                     path: Path | str = ROUTES_FILE) -> None:
    """Every service, role, topic and source a route names must exist."""
    problems = []
    for key, route in book.routes.items():
        where = f"routes.{key}"
        for i, step in enumerate(route.do_now):
            if step.contact is not None and not _known_contact(step.contact, services):
                problems.append(f"{where}.do_now.{i}.contact: {step.contact!r} is not 'police', "
                                "a service or a contact role")
            if step.facts is not None and step.facts not in TOPICS:
                problems.append(f"{where}.do_now.{i}.facts: unknown topic {step.facts!r} "
                                f"(expected one of: {', '.join(TOPICS)})")
            for source in step.sources:
                if not known_citation(sources, services, source):
                    problems.append(f"{where}.do_now.{i}.sources: unknown source {source!r}")
        for i, external in enumerate(route.external):
            if external.service != POLICE and external.service not in services.services:
                problems.append(f"{where}.external.{i}.service: unknown service "
                                f"{external.service!r} (see data/services.yml)")
        for part in ("organisation", "external"):
            for i, item in enumerate(getattr(route, part)):
                for source in item.sources:
                    if not known_citation(sources, services, source):
                        problems.append(f"{where}.{part}.{i}.sources: unknown source {source!r}")
        if route.kind == "self_referral" and not route.never_do:
            problems.append(f"{where}.never_do: a self_referral route needs its own never-do list")
        if route.kind == "incident" and route.never_do:
            problems.append(f"{where}.never_do: only a self_referral route replaces the standard "
                            "list (use never_do_extra)")
    if problems:
        raise RoutesError(path, problems)


def load_routes(project_dir: Path | str, services: ServiceDirectory,
                sources: SourceList) -> RouteBook:
    path = Path(project_dir) / ROUTES_FILE
    book = load_data(path, RouteBook, RoutesError)
    check_references(book, services, sources, path)
    return book


def _route(routing: Routing, scenario: str) -> Route:
    try:
        return routing.routes.routes[scenario]
    except KeyError:
        raise PageDataError(
            f"unknown situation {scenario!r} (expected one of: "
            f"{', '.join(routing.routes.routes)})"
        ) from None


# ── Pieces ─────────────────────────────────────────────────────────────────


def _nations(routing: Routing) -> list[Nation]:
    return list(routing.profile.organisation.nations)


def police_groups(routing: Routing) -> list[tuple[list[Nation], str]]:
    """The organisation's police services, nations that share one put together."""
    return grouped(routing.nations, _nations(routing), "police")


def _police_inline(routing: Routing) -> str:
    groups = police_groups(routing)
    parts = []
    for members, key in groups:
        service = routing.services.services[key]
        text = f"{as_text(service.name)}, {service_phone(routing.services, key)}"
        if len(groups) > 1:
            text = f"in {as_text(nation_labels(members))}: {text}"
        parts.append(text)
    return "; ".join(parts)


def contact_inline(routing: Routing, contact: str) -> str:
    """A contact named inside a step: police, a service or a person from the profile."""
    if contact == POLICE:
        return _police_inline(routing)
    if contact in CONTACT_ROLES:
        person = routing.profile.contact(contact)
        return (f'{as_text(person.name)}, <a class="contact-phone" '
                f'href="{attr(tel_uri(person.phone))}">{as_text(person.phone)}</a>')
    service = routing.services.services[contact]
    if service.phone:
        return f"{as_text(service.name)}, {service_phone(routing.services, contact)}"
    return service_link(routing.services, contact)


def _say(routing: Routing, item, text: str) -> str:
    """Text followed by its sources, if any."""
    if item.sources:
        text += " " + cite(routing.sources, routing.services, *item.sources)
    return text


def _step_applies(routing: Routing, step: Step) -> bool:
    return not step.nations or bool(set(step.nations) & set(_nations(routing)))


def step_html(routing: Routing, step: Step) -> str:
    text = as_text(step.text)
    if step.nations:
        ours = [n for n in _nations(routing) if n in step.nations]
        text = f"<strong>In {as_text(nation_labels(ours))}:</strong> {text}"
    if step.who is Actor.IT:
        text = f"<strong>IT:</strong> {text}"
    if step.contact:
        text += f' <span class="step-contact">({contact_inline(routing, step.contact)})</span>'
    text = _say(routing, step, text)
    if step.facts:
        text += nation_facts(routing.profile, routing.nations, routing.sources,
                             routing.services, step.facts)
    return f'<li data-who="{attr(step.who.value)}">{text}</li>'


def steps_for(routing: Routing, scenario: str, who: str | None = None) -> list[Step]:
    route = _route(routing, scenario)
    if who is not None:
        try:
            actor = Actor(who)
        except ValueError:
            raise PageDataError(f"unknown actor {who!r} (expected one of: "
                                f"{', '.join(a.value for a in Actor)})") from None
    return [step for step in route.do_now
            if _step_applies(routing, step) and (who is None or step.who is actor)]


# ── Page macros ───────────────────────────────────────────────────────────


# The list do_now() writes, naming the route it is for (read back at the end
# of a page to add that route's background link).
DO_NOW_STEPS = re.compile(r'<ol class="do-now" data-scenario="([a-z0-9-]+)"')


def do_now(routing: Routing, scenario: str) -> str:
    """The numbered steps for a situation, each with its contact and sources."""
    items = "".join(step_html(routing, step) for step in steps_for(routing, scenario))
    return f'<ol class="do-now" data-scenario="{attr(scenario)}">{items}</ol>'


def route_steps(routing: Routing, scenario: str, who: str) -> str:
    """One person's steps in a situation (e.g. the nominated person's), the same
    items as on its "what to do" page, for role pages and procedures."""
    steps = steps_for(routing, scenario, who)
    if not steps:
        raise PageDataError(f"situation {scenario!r} has no steps for {who!r}")
    items = "".join(step_html(routing, step) for step in steps)
    return (f'<ol class="do-now do-now--{attr(who)}" data-scenario="{attr(scenario)}" '
            f'data-who="{attr(who)}">{items}</ol>')


def fitted_never_do(route: Route) -> list[str]:
    """A situation's never-do items: the standard list (or a self-referral
    route's own list), then the situation's own items."""
    base = route.never_do if route.kind == "self_referral" else list(NEVER_DO)
    return [*base, *route.never_do_extra]


def never_do_for(routing: Routing, scenario: str) -> str:
    """The never-do list that fits the situation: the standard list and this
    situation's items, or a self-referral route's own list."""
    items = "".join(f"<li>{as_text(item)}</li>" for item in fitted_never_do(_route(routing, scenario)))
    return f'<div class="never-do" data-scenario="{attr(scenario)}"><ul>{items}</ul></div>'


def never_do_extra(routing: Routing, scenario: str) -> str:
    """Never-do items for one situation, in their own never-do block (empty if none)."""
    route = _route(routing, scenario)
    if not route.never_do_extra:
        return ""
    items = "".join(f"<li>{as_text(item)}</li>" for item in route.never_do_extra)
    return f'<div class="never-do never-do--extra"><ul>{items}</ul></div>'


def escalation_line(routing: Routing) -> str:
    """If the concern is about a listed contact: where to go instead."""
    person = routing.profile.contact("escalation")
    return (
        '<div class="escalation"><p><strong>If your concern is about the nominated person, '
        "or someone else listed here,</strong> go to "
        f"{as_text(person.name)} ({as_text(person.role_title)}) instead. "
        f"Or go straight to the police: {_police_inline(routing)}.</p>"
        f"{contact_card(routing.profile, 'escalation')}</div>"
    )


def report_yourself_line(routing: Routing) -> str:
    """Anyone may report to the police, and a web address to the IWF, themselves."""
    return (
        '<p class="report-yourself"><strong>You can always report it yourself.</strong> '
        "The nominated person normally reports it. But anyone may tell the police "
        f"themselves: {_police_inline(routing)}. Anyone may report a web address to the "
        f"IWF: {service_link(routing.services, 'iwf')}. If you told the nominated person, "
        "check that they reported it.</p>"
    )


def external_services(routing: Routing, route: Route) -> list[tuple[ExternalContact, str, list]]:
    """(item, service key, nations label) for each outside contact that serves one of
    the organisation's nations; 'police' becomes each nation's police."""
    ours = set(_nations(routing))
    found = []
    for item in route.external:
        if item.service == POLICE:
            groups = police_groups(routing)
            for members, key in groups:
                found.append((item, key, members if len(groups) > 1 else []))
        else:
            serves = [n for n in _nations(routing)
                      if n in routing.services.services[item.service].nations]
            if serves:
                # A service for only some of the organisation's nations is labelled.
                found.append((item, item.service, serves if len(serves) < len(ours) else []))
    return found


def who_to_tell(routing: Routing, scenario: str) -> str:
    """Inside the organisation first, then outside: one HTML block. Incident
    routes add the escalation line and the report-it-yourself line."""
    route = _route(routing, scenario)
    inside = "".join(
        f'<li><p>{_say(routing, item, as_text(item.say))}</p>'
        f"{contact_card(routing.profile, item.role)}</li>"
        for item in route.organisation
    )
    outside_items = []
    for item, key, members in external_services(routing, route):
        label = f"<strong>In {as_text(nation_labels(members))}:</strong> " if members else ""
        outside_items.append(f'<li><p>{label}{_say(routing, item, as_text(item.say))}</p>'
                             f"{service_card(routing.services, key)}</li>")
    org = as_text(routing.profile.organisation.short_name)
    html = (
        f'<div class="who-to-tell" data-scenario="{attr(scenario)}">'
        f'<p class="who-to-tell__heading"><strong>Inside {org}</strong></p>'
        f'<ol class="who-to-tell__inside">{inside}</ol>'
    )
    if route.kind == "incident":
        html += escalation_line(routing)
    if outside_items:
        html += (
            '<p class="who-to-tell__heading"><strong>Outside the organisation</strong></p>'
            f'<ol class="who-to-tell__outside">{"".join(outside_items)}</ol>'
        )
    if route.kind == "incident":
        html += report_yourself_line(routing)
    return html + "</div>"


def service_cards(routing: Routing, *keys: str) -> str:
    """Cards for the services that serve one of the organisation's nations; a
    service for only some of them is labelled."""
    ours = _nations(routing)
    blocks = []
    for key in keys:
        if key not in routing.services.services:
            raise PageDataError(f"unknown service {key!r} (see data/services.yml)")
        serves = [n for n in ours if n in routing.services.services[key].nations]
        if not serves:
            continue
        card = service_card(routing.services, key)
        if len(serves) < len(ours):
            card = (f'<div class="nation-facts" data-nations="'
                    f'{attr(" ".join(n.value for n in serves))}"><p><strong>In '
                    f"{as_text(nation_labels(serves))}:</strong></p>{card}</div>")
        blocks.append(card)
    return "".join(blocks)


def situation_links(routing: Routing) -> str:
    """A Markdown list linking every situation's page, relative to the page rendered."""
    here = posixpath.dirname(routing.current_page())
    lines = []
    for route in routing.routes.routes.values():
        if route.page:
            target = posixpath.relpath(route.page, here or ".")
            lines.append(f"- [{as_text(route.link_text or route.title)}]({target})")
    return "\n".join(lines)


ROUTING_MACROS = {
    "do_now": do_now,
    "route_steps": route_steps,
    "never_do_for": never_do_for,
    "never_do_extra": never_do_extra,
    "who_to_tell": who_to_tell,
    "escalation_line": escalation_line,
    "report_yourself_line": report_yourself_line,
    "situation_links": situation_links,
    "service_cards": service_cards,
}
