"""Proof that every build step ran: a build that skipped one fails and names it.

Each hook marks its step as it starts (`ran("review")`). When the pages are
written, mkdocs-macros calls the macros module's `on_post_build`, which calls
`missing()`: a step with no mark means its line under `hooks:` in mkdocs.yml
was removed, or the engine does not run hooks. `make check` looks for each
step's traces in the built HTML as well (macros/build/checks.py), so an
engine that runs neither hooks nor the macros' events is caught there.
"""

from __future__ import annotations

import os

from ..settings import current as current_settings

# Every build step, named like its module in macros/build/ and its hook in hooks/.
STEPS = ("triage_pages", "situation_checks", "page_gate", "review", "external_links", "content_checks", "html_gate",
         "policy_downloads", "search_keywords", "search_query", "config_checks", "contact_review")

# Hooks that act only under `mkdocs serve` (no build step, so nothing to mark).
SERVE_ONLY = ("preview_errors",)

_ran: set[str] = set()


def start(project_dir: str = "") -> None:
    """A new build: no step has run yet (and SITE_BUILD_LOG, if set, counts it)."""
    _ran.clear()
    log = current_settings().build_log
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {project_dir}\n")


def ran(step: str) -> None:
    if step not in STEPS:
        raise ValueError(f"unknown build step {step!r}")
    _ran.add(step)


def missing() -> list[str]:
    """One line per step that did not run in this build."""
    return [f"mkdocs.yml: hooks: the build step hooks/{step}.py did not run, so its checks "
            f"were skipped; list it under hooks: (macros/build/{step}.py)"
            for step in STEPS if step not in _ran]
