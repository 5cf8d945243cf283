"""MkDocs hook: stop the build when a situation was added incompletely.

Wiring only; the logic is in macros/build/situation_checks.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.build import situation_checks
from macros.build.triage_pages import nav_paths
from macros.datafiles import DataFileError
from macros.site import load_site


def on_config(config):
    nav = nav_paths(config.nav)
    if not situation_checks.wanted(nav):
        return config
    try:
        problems = situation_checks.check(load_site(Path(config.config_file_path).parent),
                                          config.docs_dir, nav)
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    if problems:
        raise PluginError("; ".join(problems))
    return config
