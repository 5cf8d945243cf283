"""MkDocs hook: terminology, unsafe-instruction and incident-page checks on each page's HTML.

Wiring only; the checks are in macros/build/content_checks.py and macros/content_rules.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.build import content_checks
from macros.datafiles import DataFileError
from macros.site import load_site

_build: dict = {}


def on_pre_build(config) -> None:
    try:
        checker = load_site(Path(config.config_file_path).parent).content_checker
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    _build.update(checker=checker, findings=[])


def on_page_content(html: str, page, config, files) -> str:
    _build["findings"] += content_checks.page_findings(
        _build["checker"], html, page.file.src_uri, page.meta, page.title)
    return html


def on_env(env, config, files):
    if _build["findings"]:
        raise PluginError("\n".join(_build["findings"]))
    return env
