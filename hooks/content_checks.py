"""MkDocs hook: content checks on every page, from data/content-rules.yml.

- rejected terms ("child pornography" and its variants) only on pages whose
  front matter says `allow_rejected_terms: true`;
- no instruction to view, copy, screenshot, forward, save, download or delete
  material outside an element with class "never-do";
- every `page_type: incident` page carries the never-do list and the 999 line.

Each page is checked as HTML, after the macros have run. Every finding is
collected, then the build stops with one line per finding naming the page,
the phrase and the rule. The logic lives in macros/content_rules.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

_state: dict = {"checker": None, "findings": []}


def on_pre_build(config) -> None:
    project = Path(config.config_file_path).parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    from macros.content_rules import Checker, load_rules
    from macros.datafiles import DataFileError

    try:
        _state["checker"] = Checker(load_rules(project))
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    _state["findings"] = []


def on_page_content(html: str, page, config, files) -> str:
    checker = _state["checker"]
    _state["findings"] += checker.check_page(html, page.file.src_uri, page.meta or {}, page.title)
    return html


def on_env(env, config, files):
    findings = _state["findings"]
    if findings:
        raise PluginError("\n".join(str(finding) for finding in findings))
    return env
