"""MkDocs hook: add the triage pages, generated from data/triage.yml.

Wiring only; the logic is in macros/build/triage_pages.py and macros/triage.py.
"""

from __future__ import annotations

from pathlib import Path

from macros.build import sentinel, triage_pages
from macros.build.wiring import one_line
from macros.datafiles import DataFileError

_build = triage_pages.TriageBuild()


def on_files(files, config):
    sentinel.ran("triage_pages")
    with one_line(DataFileError, triage_pages.TriageConflict):
        _build.add_pages(files, config)
    return files


def on_post_build(*args, **kwargs) -> None:
    _build.clean_up()


on_build_error = on_shutdown = on_post_build


def on_serve(server, config, builder):
    """`mkdocs serve`: rebuild when the triage or routes data change."""
    server.watch(str(Path(config.config_file_path).parent / "data"))
    return server
