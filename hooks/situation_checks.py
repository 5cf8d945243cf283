"""MkDocs hook: stop the build when a situation was added incompletely.

The logic lives in macros/situation_checks.py: each situation of
data/routes.yml needs its page (title and H1 matching), a nav line, a triage
outcome and a start-page link. Runs when the nav lists the triage (the real
site); small fixture sites in the tests usually do not.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

TRIAGE_START = "triage/index.md"


def _nav_paths(nav) -> set[str]:
    found: set[str] = set()
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_paths(value)
        elif isinstance(item, list):
            found |= _nav_paths(item)
    return found


def on_config(config):
    nav = _nav_paths(config.nav or [])
    if TRIAGE_START not in nav:
        return config
    project = Path(config.config_file_path).parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    from macros.datafiles import DataFileError
    from macros.routing import load_routes
    from macros.services import load_services
    from macros.situation_checks import situation_problems
    from macros.sources import load_sources
    from macros.triage import load_triage

    try:
        services = load_services(project)
        routes = load_routes(project, services, load_sources(project, services))
        triage = load_triage(project, routes)
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    problems = situation_problems(config.docs_dir, nav, routes, triage)
    if problems:
        raise PluginError("; ".join(problems))
    return config
