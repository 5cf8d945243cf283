"""MkDocs hook: before any page is read, every page's Jinja may only call the
project's macros (macros/build/page_gate.py); every other construct is one
line naming the page and the line."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from macros.build import page_gate, sentinel


def on_files(files, config, **kwargs):
    sentinel.ran("page_gate")
    problems = page_gate.site_problems(config, files)
    if problems:
        raise PluginError("\n".join(problems))
    return files
