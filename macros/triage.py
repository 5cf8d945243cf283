"""The triage ("What have you found?"): questions and outcomes as data.

data/triage.yml defines every question (with its answers) and every outcome.
This module validates it, checks the flow (every answer leads somewhere, no
loops, nothing unreachable, the child-in-danger outcome one click from the
first question) and renders each question and outcome as a Markdown page.
It knows nothing about MkDocs: the Site (macros/site.py) renders the pages
once, hooks/triage_pages.py adds them to the build, and the tests call these
functions directly.

Actions and contacts for an outcome come from its route in data/routes.yml,
so a triage outcome and its "what to do" page always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, Field

from .datafiles import DataFileError, load_data
from .profile import StrictModel, Text
from .routing import RouteBook
from .text import as_text

TRIAGE_FILE = Path("data") / "triage.yml"
TRIAGE_DIR = "triage"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _plain(value: str) -> str:
    """Titles reach front matter and the browser tab: plain text only."""
    if any(ch in value for ch in "<>{}[]`*"):
        raise ValueError(f"use plain words only, without < > {{ }} [ ] ` * : {value!r}")
    return value


PlainText = Annotated[Text, AfterValidator(_plain)]


class Answer(StrictModel):
    label: Text = Field(description="The answer as the reader would say it.")
    next: str = Field(description="The id of the next question, or of an outcome.")


class Question(StrictModel):
    question: PlainText = Field(description="One short question; it is also the page title.")
    hint: Text | None = Field(default=None, description="One or two sentences under the question.")
    answers: list[Answer] = Field(min_length=2)
    keywords: Text | None = Field(default=None, description="Search words, never shown (front matter).")


class Outcome(StrictModel):
    title: PlainText = Field(description="What to do, as a short heading; the page title.")
    summary: Text | None = Field(default=None, description="One or two sentences under the title.")
    route: str = Field(description="The situation in data/routes.yml whose actions and contacts apply.")
    keywords: Text | None = Field(default=None, description="Search words, never shown (front matter).")


class Triage(StrictModel):
    owner: Text = Field(description="Who answers for the triage pages (a role).")
    last_reviewed: dt.date
    review_interval_months: int = Field(ge=1, le=24)
    start: str = Field(description="The id of the first question (it becomes triage/index.md).")
    child_in_danger: str = Field(
        description="The outcome for a child in immediate danger: it must be an answer to the "
        "first question."
    )
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]


class TriageError(DataFileError):
    kind = "Triage file"


# ── Flow checks ─────────────────────────────────────────────────────────────


def children(triage: Triage, node: str) -> list[str]:
    question = triage.questions.get(node)
    return [answer.next for answer in question.answers] if question else []


def parents(triage: Triage) -> dict[str, list[str]]:
    """For each question or outcome, the questions that lead to it (in file order)."""
    found: dict[str, list[str]] = {}
    for key, question in triage.questions.items():
        for answer in question.answers:
            if key not in found.setdefault(answer.next, []):
                found[answer.next].append(key)
    return found


def reachable(triage: Triage) -> set[str]:
    seen: set[str] = set()
    todo = [triage.start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(children(triage, node))
    return seen


def find_cycle(triage: Triage) -> list[str] | None:
    """A loop of question ids, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for child in children(triage, node):
            if state.get(child) == 1:
                return path[path.index(child):] + [child] if child in path else [node, child]
            if child not in state:
                loop = visit(child, path + [child])
                if loop:
                    return loop
        state[node] = 2
        return None

    for key in triage.questions:
        if key not in state:
            loop = visit(key, [key])
            if loop:
                return loop
    return None


def flow_problems(triage: Triage, routes: RouteBook) -> list[str]:
    """Every reason the flow cannot be used, each naming the key."""
    problems = []
    for key in [*triage.questions, *triage.outcomes]:
        if not _ID.match(key):
            problems.append(f"{key}: ids are lower case words joined by hyphens (used as file names)")
        if key == "index":
            problems.append("index: reserved for the first question's page; choose another id")
    for key in set(triage.questions) & set(triage.outcomes):
        problems.append(f"outcomes.{key}: the same id is also a question")
    nodes = set(triage.questions) | set(triage.outcomes)
    if triage.start not in triage.questions:
        problems.append(f"start: {triage.start!r} is not a question")
    for key, question in triage.questions.items():
        for i, answer in enumerate(question.answers):
            if answer.next not in nodes:
                problems.append(f"questions.{key}.answers.{i}.next: {answer.next!r} is not a "
                                "question or an outcome (a dead end)")
    for key, outcome in triage.outcomes.items():
        route = routes.routes.get(outcome.route)
        if route is None:
            problems.append(f"outcomes.{key}.route: {outcome.route!r} is not in data/routes.yml")
        elif route.page is None:
            problems.append(f"outcomes.{key}.route: route {outcome.route!r} has no page to link to")
    if triage.child_in_danger not in triage.outcomes:
        problems.append(f"child_in_danger: {triage.child_in_danger!r} is not an outcome")
    elif triage.start in triage.questions and triage.child_in_danger not in children(
            triage, triage.start):
        problems.append(f"child_in_danger: {triage.child_in_danger!r} must be an answer to the "
                        f"first question ({triage.start!r})")
    if problems:
        return problems  # the checks below assume every link resolves
    loop = find_cycle(triage)
    if loop:
        problems.append(f"questions: the answers go round in a loop: {' -> '.join(loop)}")
    seen = reachable(triage)
    for key in triage.questions:
        if key not in seen:
            problems.append(f"questions.{key}: no answer leads to this question")
    for key in triage.outcomes:
        if key not in seen:
            problems.append(f"outcomes.{key}: no answer leads to this outcome")
    return problems


def check_flow(triage: Triage, routes: RouteBook, path: Path | str = TRIAGE_FILE) -> Triage:
    problems = flow_problems(triage, routes)
    if problems:
        raise TriageError(path, problems)
    return triage


def load_triage(project_dir: Path | str, routes: RouteBook) -> Triage:
    path = Path(project_dir) / TRIAGE_FILE
    return check_flow(load_data(path, Triage, TriageError), routes, path)


# ── Pages ───────────────────────────────────────────────────────────────────


def page_uri(triage: Triage, node: str) -> str:
    """Where a question or outcome page lives under docs/."""
    name = "index" if node == triage.start else node
    return f"{TRIAGE_DIR}/{name}.md"


def _link(triage: Triage, node: str) -> str:
    """A relative link from one triage page to another (all in the same folder)."""
    return page_uri(triage, node).removeprefix(f"{TRIAGE_DIR}/")


def _front_matter(triage: Triage, title: str, description: str,
                  keywords: str | None = None, searchable: bool = True,
                  page_type: str = "incident") -> str:
    meta = {
        "title": title,
        "description": description,
        "owner": triage.owner,
        "last_reviewed": triage.last_reviewed,
        "review_interval_months": triage.review_interval_months,
        "audience": "all staff",
        "page_type": page_type,
        # The "Edit this page" link goes to the data, not to a generated file.
        "edit_source": TRIAGE_FILE.as_posix(),
    }
    if keywords:
        meta["keywords"] = keywords
    if not searchable:
        # Search leads to the full guidance page for each situation; the
        # triage is entered at its first question.
        meta["search"] = {"exclude": True}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---"


def _back(triage: Triage, node: str, up: dict[str, list[str]]) -> str:
    """A plain back link: to the only question that leads here, or to the first question."""
    before = up.get(node, [])
    if len(before) == 1:
        return f"[Back]({_link(triage, before[0])}){{ .triage-back }}"
    return f"[Back to the first question]({_link(triage, triage.start)}){{ .triage-back }}"


def question_page(triage: Triage, key: str, up: dict[str, list[str]]) -> str:
    question = triage.questions[key]
    lines = [_front_matter(triage, question.question,
                           "Answer one short question to find out what to do.",
                           question.keywords, searchable=key == triage.start), ""]
    if key != triage.start:
        lines += [_back(triage, key, up), ""]
    lines += [f"# {as_text(question.question)}", "", "{{ emergency_line() }}", ""]
    if question.hint:
        lines += [as_text(question.hint), ""]
    lines += ['<div class="triage-answers" markdown>', ""]
    lines += [f"- [{as_text(answer.label)}]({_link(triage, answer.next)})"
              for answer in question.answers]
    lines += ["", "</div>", "", "## While you answer", "", "{{ never_do() }}", ""]
    return "\n".join(lines)


def outcome_page(triage: Triage, key: str, routes: RouteBook, up: dict[str, list[str]]) -> str:
    outcome = triage.outcomes[key]
    route = routes.routes[outcome.route]
    scenario = outcome.route
    # A self-referral outcome is guidance, with its own never-do list.
    page_type = "incident" if route.kind == "incident" else "guidance"
    lines = [_front_matter(triage, outcome.title, outcome.summary or route.title,
                          outcome.keywords, searchable=False, page_type=page_type), "",
             _back(triage, key, up), "",
             f"# {as_text(outcome.title)}", "", "{{ emergency_line() }}", ""]
    if outcome.summary:
        lines += [as_text(outcome.summary), ""]
    lines += [
        "## Do this now", "", f"{{{{ do_now('{scenario}') }}}}", "",
        "## Never do this", "", f"{{{{ never_do_for('{scenario}') }}}}", "",
        "## Who to tell", "", f"{{{{ who_to_tell('{scenario}') }}}}", "",
        "## More detail", "",
        f"[{as_text(route.title)}: the full guidance](../{route.page})", "",
        "## Look after yourself", "",
        "This may stay with you. Support is on the "
        "[looking after yourself](../looking-after-yourself.md) page.", "",
        "{{ contact_card('employee_assistance') }}", "",
        f"[Start again]({_link(triage, triage.start)})", "",
    ]
    return "\n".join(lines)


def render_pages(triage: Triage, routes: RouteBook) -> dict[str, str]:
    """Every triage page: {path under docs/: Markdown}. Questions first, in file order."""
    up = parents(triage)
    pages = {page_uri(triage, key): question_page(triage, key, up) for key in triage.questions}
    pages.update({page_uri(triage, key): outcome_page(triage, key, routes, up)
                  for key in triage.outcomes})
    return pages
