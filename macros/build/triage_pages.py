"""The triage pages, generated from data/triage.yml (macros/triage.py renders them).

They are written to a temporary folder (never to docs/), so that any build
step that reads a page's source file finds it; then they are rendered like
any other page: the macros fill in the emergency line, the never-do list and
the contacts, and MkDocs checks every link and anchor. A mistake in the data
stops the build with one line naming data/triage.yml and the key.

The pages are generated only when the nav lists triage/index.md (the real
site does; small fixture sites in the tests usually do not).
hooks/triage_pages.py adds them to the build.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..triage import TRIAGE_FILE
from .safe_output import work_folder

TRIAGE_START = "triage/index.md"


def nav_paths(nav) -> set[str]:
    """Every page path named in the nav config."""
    found: set[str] = set()
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= nav_paths(value)
        elif isinstance(item, list):
            found |= nav_paths(item)
    return found


def wanted(nav) -> bool:
    return TRIAGE_START in nav_paths(nav or [])


def conflicts(pages: Iterable[str], existing: set[str]) -> list[str]:
    """A generated page an editor also wrote under docs/: one line each."""
    return [f"docs/{uri}: this page is generated from {TRIAGE_FILE.as_posix()}; "
            "delete the file and edit the data instead" for uri in pages if uri in existing]


def write_sources(pages: dict[str, str]) -> Path:
    """The pages' Markdown in a new temporary folder, {uri: file} under it."""
    folder = work_folder("triage-pages-")
    for uri, markdown in pages.items():
        source = folder / uri
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(markdown, encoding="utf-8")
    return folder


def remove_sources(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


class TriageConflict(ValueError):
    """An editor wrote a page under docs/ that the triage generates (one line)."""


class TriageBuild:
    """One build's triage pages: written to a temporary folder, added to the
    build's files, removed when the build ends."""

    def __init__(self) -> None:
        self.folder: Path | None = None

    def add_pages(self, files, config) -> None:
        """Add the generated pages to MkDocs' `files` (DataFileError for bad
        triage data, TriageConflict for a page also under docs/)."""
        from mkdocs.structure.files import File, InclusionLevel

        from ..site import load_site

        if not wanted(config.nav):
            return
        pages = load_site(Path(config.config_file_path).parent).triage_pages
        problems = conflicts(pages, {file.src_uri for file in files})
        if problems:
            raise TriageConflict(problems[0])
        self.clean_up()
        self.folder = write_sources(pages)
        in_nav = nav_paths(config.nav)
        for uri in pages:
            inclusion = InclusionLevel.INCLUDED if uri in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, abs_src_path=str(self.folder / uri),
                                        inclusion=inclusion))

    def clean_up(self) -> None:
        remove_sources(self.folder)
        self.folder = None
