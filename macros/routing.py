"""Routes: for each situation, what to do now and who to tell.

data/routes.yml holds, once, the actions and the contacts for each situation
(the "what to do" pages and the triage outcomes both render them, so the two
can never disagree). Contacts inside the organisation come first, then
external services; an external service is shown only where it serves one of
the organisation's jurisdictions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from .contacts import contact_card
from .datafiles import DataFileError, load_data
from .errors import PageDataError
from .profile import CONTACT_ROLES, Profile, StrictModel, Text
from .services import ServiceDirectory, service_card, service_phone
from .sources import SourceList, cite, known_citation
from .text import as_text, attr

ROUTES_FILE = Path("data") / "routes.yml"


class Step(StrictModel):
    """One thing to do now."""

    text: Text = Field(description="The action, in plain words, starting with a verb.")
    phone_of: str | None = Field(
        default=None,
        description="A service key; its phone number is added after the text.",
    )
    sources: list[str] = Field(
        default_factory=list,
        description="Keys in data/sources.yml or data/services.yml that support the step.",
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
    service: str = Field(description="A service key from data/services.yml.")
    say: Text = Field(description="What this service is for in this situation.")
    sources: list[str] = Field(default_factory=list, description="Sources for the `say` text.")


class Route(StrictModel):
    title: Text = Field(description="The situation, as the page title says it.")
    page: str | None = Field(default=None, description="The 'what to do' page, under docs/.")
    do_now: list[Step] = Field(min_length=1)
    never_do_extra: list[Text] = Field(
        default_factory=list,
        description="Never-do items for this situation, shown after the standard list.",
    )
    organisation: list[InternalContact] = Field(min_length=1)
    external: list[ExternalContact] = Field(default_factory=list)


class RouteBook(StrictModel):
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


def check_references(book: RouteBook, services: ServiceDirectory, sources: SourceList,
                     path: Path | str = ROUTES_FILE) -> None:
    """Every service and source a route names must exist."""
    problems = []
    for key, route in book.routes.items():
        for i, step in enumerate(route.do_now):
            if step.phone_of is not None:
                service = services.services.get(step.phone_of)
                if service is None or service.phone is None:
                    problems.append(f"routes.{key}.do_now.{i}.phone_of: "
                                    f"{step.phone_of!r} is not a service with a phone number")
            for source in step.sources:
                if not known_citation(sources, services, source):
                    problems.append(f"routes.{key}.do_now.{i}.sources: unknown source {source!r}")
        for i, external in enumerate(route.external):
            if external.service not in services.services:
                problems.append(f"routes.{key}.external.{i}.service: unknown service "
                                f"{external.service!r} (see data/services.yml)")
        for part in ("organisation", "external"):
            for i, item in enumerate(getattr(route, part)):
                for source in item.sources:
                    if not known_citation(sources, services, source):
                        problems.append(
                            f"routes.{key}.{part}.{i}.sources: unknown source {source!r}")
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


def external_services(routing: Routing, route: Route) -> list[ExternalContact]:
    """The route's external services that serve one of the organisation's jurisdictions."""
    ours = set(routing.profile.organisation.jurisdictions)
    return [
        item for item in route.external
        if ours & set(routing.services.services[item.service].jurisdictions)
    ]


def _say(routing: Routing, item: Step | InternalContact | ExternalContact, text: str) -> str:
    """Text followed by its sources, if any."""
    if item.sources:
        text += " " + cite(routing.sources, routing.services, *item.sources)
    return text


def do_now(routing: Routing, scenario: str) -> str:
    """The numbered actions for a situation, each with its sources."""
    route = _route(routing, scenario)
    items = []
    for step in route.do_now:
        text = as_text(step.text)
        if step.phone_of:
            text += f" {service_phone(routing.services, step.phone_of)}."
        items.append(f"<li>{_say(routing, step, text)}</li>")
    return f'<ol class="do-now" data-scenario="{attr(scenario)}">{"".join(items)}</ol>'


def never_do_extra(routing: Routing, scenario: str) -> str:
    """Never-do items for one situation, in their own never-do block (empty if none)."""
    route = _route(routing, scenario)
    if not route.never_do_extra:
        return ""
    items = "".join(f"<li>{as_text(item)}</li>" for item in route.never_do_extra)
    return f'<div class="never-do never-do--extra"><ul>{items}</ul></div>'


def who_to_tell(routing: Routing, scenario: str) -> str:
    """Inside the organisation first, then outside: one HTML block."""
    route = _route(routing, scenario)
    inside = "".join(
        f'<li><p>{_say(routing, item, as_text(item.say))}</p>'
        f"{contact_card(routing.profile, item.role)}</li>"
        for item in route.organisation
    )
    outside_items = external_services(routing, route)
    outside = "".join(
        f'<li><p>{_say(routing, item, as_text(item.say))}</p>'
        f"{service_card(routing.services, item.service)}</li>"
        for item in outside_items
    )
    org = as_text(routing.profile.organisation.short_name)
    html = (
        f'<div class="who-to-tell" data-scenario="{attr(scenario)}">'
        f'<p class="who-to-tell__heading"><strong>Inside {org}</strong></p>'
        f'<ol class="who-to-tell__inside">{inside}</ol>'
    )
    if outside:
        html += (
            '<p class="who-to-tell__heading"><strong>Outside the organisation</strong></p>'
            f'<ol class="who-to-tell__outside">{outside}</ol>'
        )
    return html + "</div>"


ROUTING_MACROS = {
    "do_now": do_now,
    "never_do_extra": never_do_extra,
    "who_to_tell": who_to_tell,
}
