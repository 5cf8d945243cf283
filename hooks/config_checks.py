"""MkDocs hook: mistakes in mkdocs.yml (a key twice, broken redirects, markup in nav titles).

Wiring only; the checks are in macros/build/config_checks.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.build import config_checks


def on_config(config, **kwargs):
    problems = config_checks.config_problems(config)
    if problems:
        raise PluginError("\n".join(problems))
    return config


def on_files(files, config, **kwargs):
    pages = {file.src_uri for file in files.documentation_pages()}
    problems = config_checks.redirect_problems(config_checks.redirect_maps(config), pages,
                                               Path(config["config_file_path"]).name)
    if problems:
        raise PluginError("\n".join(problems))
    return files
