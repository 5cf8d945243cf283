"""A situation is complete only when every place that needs it has it.

Each situation with a page in data/routes.yml needs: its page under docs/,
whose front-matter title and H1 are the situation's title; a line in the
nav; a triage outcome in data/triage.yml that leads to it; a link from
the start page (docs/index.md, usually through {{ situation_links() }});
and its background, a section of docs/what-happens-next.md headed
`## <title> { #<key> }`, which the end of its page links to.
`situation_problems()` lists what is missing, one short line each;
`check()` runs it for a Site and a nav; hooks/situation_checks.py stops the
build with the result.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import yaml

from ..first_screen import WHAT_HAPPENS_NEXT as BACKGROUND_PAGE
from ..routing import RouteBook
from ..triage import Triage

START_PAGE = "index.md"
# libyaml's safe loader where PyYAML has it: the same values, parsed in C.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_H1 = re.compile(r"^# (.+?)\s*$", re.M)
_SECTION_ID = re.compile(r"^##\s.*\{\s*#([a-z0-9-]+)\s*\}\s*$", re.M)


def _split(text: str) -> tuple[dict, str]:
    if text.startswith("---"):
        parts = text.split("\n---", 1)
        if len(parts) == 2:
            try:
                meta = yaml.load(parts[0].removeprefix("---"), Loader=_LOADER) or {}  # noqa: S506 - a safe loader
            except yaml.YAMLError:
                meta = {}
            return (meta if isinstance(meta, dict) else {}), parts[1]
    return {}, text


def situation_problems(docs_dir: Path | str, nav_paths: set[str], routes: RouteBook,
                       triage: Triage) -> list[str]:
    docs = Path(docs_dir)
    start = (docs / START_PAGE).read_text(encoding="utf-8") if (docs / START_PAGE).is_file() else ""
    lists_all = "situation_links()" in start
    background = docs / BACKGROUND_PAGE
    sections = set(_SECTION_ID.findall(background.read_text(encoding="utf-8"))
                   if background.is_file() else [])
    reached = {outcome.route for outcome in triage.outcomes.values()}
    problems = []
    for key, route in routes.routes.items():
        if route.page is None:
            continue
        where = f"data/routes.yml: situation {key!r}"
        page = docs / route.page
        if not page.is_file():
            problems.append(f"{where}: its page docs/{route.page} does not exist")
            continue
        meta, body = _split(page.read_text(encoding="utf-8"))
        if meta.get("title") != route.title:
            problems.append(f"{where}: docs/{route.page} front matter title is "
                            f"{meta.get('title')!r}, not the situation's title {route.title!r}")
        heading = _H1.search(body)
        if heading is None or heading.group(1) != route.title:
            found = heading.group(1) if heading else None
            problems.append(f"{where}: docs/{route.page} H1 is {found!r}, not the situation's "
                            f"title {route.title!r}")
        if route.page not in nav_paths:
            problems.append(f"{where}: docs/{route.page} is not in the nav of mkdocs.yml")
        if key not in reached:
            problems.append(f"{where}: no outcome in data/triage.yml has route: {key}")
        link = posixpath.relpath(route.page, posixpath.dirname(START_PAGE) or ".")
        if not lists_all and f"]({link})" not in start:
            problems.append(f"{where}: the start page (docs/{START_PAGE}) does not link "
                            f"{link} (use {{{{ situation_links() }}}})")
        if key not in sections:
            problems.append(f"{where}: docs/{BACKGROUND_PAGE} has no section for it "
                            f"(a heading '## {route.title} {{ #{key} }}')")
    return problems


SITUATIONS_INDEX = "what-to-do/index.md"


def wanted(nav_paths: set[str]) -> bool:
    """The real site lists the triage and the situations index; small fixture
    sites in the tests usually do not, and then there is nothing to check."""
    return "triage/index.md" in nav_paths and SITUATIONS_INDEX in nav_paths


def check(site, docs_dir: Path | str, nav_paths: set[str]) -> list[str]:
    """Every problem with the situations of a loaded Site."""
    from ..triage import load_triage

    return situation_problems(docs_dir, nav_paths, site.routes,
                              load_triage(site.project_dir, site.routes))
