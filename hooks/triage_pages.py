"""MkDocs hook: add the triage pages, generated from data/triage.yml.

Wiring only; the logic is in macros/build/triage_pages.py and macros/triage.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from macros.build import triage_pages
from macros.datafiles import DataFileError
from macros.site import load_site

_build: dict = {"folder": None}


def _clean_up(*args, **kwargs) -> None:
    triage_pages.remove_sources(_build["folder"])
    _build["folder"] = None


def on_files(files: Files, config) -> Files:
    if not triage_pages.wanted(config.nav):
        return files
    try:
        pages = load_site(Path(config.config_file_path).parent).triage_pages
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    existing = {file.src_uri for file in files}
    problems = triage_pages.conflicts(pages, existing)
    if problems:
        raise PluginError(problems[0])
    _clean_up()
    _build["folder"] = triage_pages.write_sources(pages)
    in_nav = triage_pages.nav_paths(config.nav)
    for uri in pages:
        inclusion = InclusionLevel.INCLUDED if uri in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, abs_src_path=str(_build["folder"] / uri),
                                    inclusion=inclusion))
    return files


on_post_build = on_build_error = on_shutdown = _clean_up


def on_serve(server, config, builder):
    """`mkdocs serve`: rebuild when the triage or routes data change."""
    server.watch(str(Path(config.config_file_path).parent / "data"))
    return server
