"""What differs between the four UK nations: police, procedures, duties.

data/nations.yml holds, for each nation and each topic, short plain-text
statements with their sources (keys of the citation registry). Pages show
them with `{{ nation_facts('topic') }}`: one labelled block per nation the
organisation works in ("In Wales: ..."), so a reader never sees another
nation's route unlabelled. The reporting model resolves `police` through
`police_service()`, so a step that says "the police" names the right force.

A statement without a source must say "check with your legal adviser": an
unconfirmed point is never published as fact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from .datafiles import DataFileError, load_data
from .errors import PageDataError
from .profile import Nation, Profile, StrictModel, Text
from .services import ServiceDirectory, service_card
from .sources import SourceList, cite, known_citation
from .text import as_text, attr

NATIONS_FILE = Path("data") / "nations.yml"

# The topics pages may ask for; every nation must cover each one.
TOPICS: tuple[str, ...] = (
    "police",
    "allegations",
    "duty_to_refer",
    "children_social_care",
    "young_peoples_images",
    "education_settings",
    "duty_to_report",
    "regulators",
)

UNCONFIRMED_PHRASE = "check with your legal adviser"


def _plain(value: str) -> str:
    if any(ch in value for ch in "<>{}`*[]"):
        raise ValueError(f"use plain words only, without < > {{ }} [ ] ` *: {value!r}")
    return value


PlainText = Annotated[Text, AfterValidator(_plain)]


class Statement(StrictModel):
    text: PlainText = Field(description="One fact in our own words, plain text.")
    sources: list[str] = Field(
        default_factory=list,
        description="Keys in data/sources.yml, data/legislation.yml or data/services.yml. "
        "Without a source, the text must say 'check with your legal adviser'.",
    )


Statements = Annotated[list[Statement], Field(min_length=1)]


class NationFacts(StrictModel):
    police: str = Field(description="The service key (data/services.yml) of the nation's "
                                    "non-emergency police.")
    allegations: Statements = Field(description="Who to tell about an allegation against "
                                                "someone who works with children.")
    duty_to_refer: Statements = Field(description="The barring referral duty and its body.")
    children_social_care: Statements = Field(description="How to refer a child at risk.")
    young_peoples_images: Statements = Field(description="Guidance on young people's own images.")
    education_settings: Statements = Field(description="Statutory safeguarding guidance for "
                                                       "schools and colleges.")
    duty_to_report: Statements = Field(description="Any legal duty to report to the police.")
    regulators: Statements = Field(description="Professional regulators an employer may "
                                               "have to refer to.")


class NationBook(StrictModel):
    nations: dict[Nation, NationFacts]


class NationsError(DataFileError):
    kind = "Nations file"


def check_nations(book: NationBook, services: ServiceDirectory, sources: SourceList,
                  path: Path | str = NATIONS_FILE) -> NationBook:
    problems = [f"nations.{nation.value}: missing (every nation needs its facts)"
                for nation in Nation if nation not in book.nations]
    for nation, facts in book.nations.items():
        where = f"nations.{nation.value}"
        service = services.services.get(facts.police)
        if service is None:
            problems.append(f"{where}.police: unknown service {facts.police!r} "
                            "(see data/services.yml)")
        elif nation not in service.nations:
            problems.append(f"{where}.police: service {facts.police!r} does not serve "
                            f"{nation.label}")
        for topic in TOPICS[1:]:
            for i, statement in enumerate(getattr(facts, topic)):
                for key in statement.sources:
                    if not known_citation(sources, services, key):
                        problems.append(f"{where}.{topic}.{i}.sources: unknown source {key!r}")
                if not statement.sources and UNCONFIRMED_PHRASE not in statement.text.lower():
                    problems.append(f"{where}.{topic}.{i}: needs a source, or must say "
                                    f"'{UNCONFIRMED_PHRASE}'")
    if problems:
        raise NationsError(path, problems)
    return book


def load_nations(project_dir: Path | str, services: ServiceDirectory,
                 sources: SourceList) -> NationBook:
    path = Path(project_dir) / NATIONS_FILE
    return check_nations(load_data(path, NationBook, NationsError), services, sources, path)


def police_service(book: NationBook, nation: Nation) -> str:
    """The service key of a nation's non-emergency police."""
    return book.nations[nation].police


def _topic(topic: str) -> str:
    if topic not in TOPICS:
        raise PageDataError(f"unknown topic {topic!r} (expected one of: {', '.join(TOPICS)})")
    return topic


def nation_labels(nations: list[Nation]) -> str:
    """'England', 'England and Wales', 'England, Wales and Northern Ireland'."""
    labels = [nation.label for nation in nations]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def grouped(book: NationBook, nations: list[Nation], topic: str) -> list[tuple[list[Nation], object]]:
    """The organisation's nations, those with identical facts for a topic put
    together (England and Wales share the police and the DBS): [(nations, facts)]."""
    groups: list[tuple[list[Nation], object]] = []
    for nation in nations:
        facts = getattr(book.nations[nation], topic)
        for members, same in groups:
            if same == facts:
                members.append(nation)
                break
        else:
            groups.append(([nation], facts))
    return groups


def _statements(sources: SourceList, services: ServiceDirectory, statements) -> str:
    parts = []
    for statement in statements:
        text = as_text(statement.text)
        if statement.sources:
            text += " " + cite(sources, services, *statement.sources)
        parts.append(text)
    return " ".join(parts)


def nation_facts(profile: Profile, book: NationBook, sources: SourceList,
                 services: ServiceDirectory, topic: str) -> str:
    """For each of the organisation's nations, a labelled block: 'In Wales: ...'."""
    topic = _topic(topic)
    blocks = []
    for members, facts in grouped(book, list(profile.organisation.nations), topic):
        label = f"In {as_text(nation_labels(members))}:"
        data_nations = " ".join(nation.value for nation in members)
        if topic == "police":
            body = service_card(services, facts)
            blocks.append(f'<div class="nation-facts" data-topic="police" '
                          f'data-nations="{attr(data_nations)}"><p><strong>{label}</strong></p>'
                          f"{body}</div>")
        else:
            body = _statements(sources, services, facts)
            blocks.append(f'<div class="nation-facts" data-topic="{attr(topic)}" '
                          f'data-nations="{attr(data_nations)}"><p><strong>{label}</strong> '
                          f"{body}</p></div>")
    return "".join(blocks)


def nations_json_schema() -> dict:
    schema = NationBook.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "What differs between the UK nations"
    return schema
