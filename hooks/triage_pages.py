"""MkDocs hook: add the triage pages, generated from data/triage.yml.

The pages are made by macros/triage.py and written to a temporary folder
(never to docs/), so that any other hook that reads a page's source file
(`page.file.abs_src_path`) finds it; then they are rendered like any other page: the macros fill in the
emergency line, the never-do list and the contacts, and MkDocs checks every
link and anchor. A mistake in the data stops the build with one line naming
data/triage.yml and the key.

The pages are generated only when the nav lists triage/index.md (the real
site does; small fixture sites in the tests usually do not).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

TRIAGE_START = "triage/index.md"

# The temporary folder holding this build's generated sources.
_state: dict = {"folder": None}


def _clean_up() -> None:
    if _state["folder"]:
        shutil.rmtree(_state["folder"], ignore_errors=True)
        _state["folder"] = None


def _nav_paths(nav) -> set[str]:
    """Every page path named in the nav config."""
    found: set[str] = set()
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_paths(value)
        elif isinstance(item, list):
            found |= _nav_paths(item)
    return found


def on_files(files: Files, config) -> Files:
    in_nav = _nav_paths(config.nav or [])
    if TRIAGE_START not in in_nav:
        return files
    project = Path(config.config_file_path).parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    from macros.datafiles import DataFileError
    from macros.triage import TRIAGE_FILE, load_pages

    try:
        pages = load_pages(project)
    except DataFileError as exc:
        raise PluginError(str(exc)) from None

    _clean_up()
    _state["folder"] = Path(tempfile.mkdtemp(prefix="triage-pages-"))
    for uri, markdown in pages.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri}: this page is generated from {TRIAGE_FILE.as_posix()}; "
                              "delete the file and edit the data instead")
        source = _state["folder"] / uri
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(markdown, encoding="utf-8")
        inclusion = InclusionLevel.INCLUDED if uri in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, abs_src_path=str(source), inclusion=inclusion))
    return files


def on_post_build(config) -> None:
    _clean_up()


def on_build_error(error) -> None:
    _clean_up()


def on_shutdown() -> None:
    _clean_up()


def on_serve(server, config, builder):
    """`mkdocs serve`: rebuild when the triage or routes data change."""
    server.watch(str(Path(config.config_file_path).parent / "data"))
    return server
