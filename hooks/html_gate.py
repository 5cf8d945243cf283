"""MkDocs hook: the markup and link gate on every finished page and on the
shipped CSS (the logic is macros/build/html_gate.py). Every problem is
collected; the build stops with one line per problem naming the page."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

try:
    from macros.build import html_gate
except ImportError:  # MkDocs loads hooks by path, before the macros plugin adds the project
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from macros.build import html_gate

_problems: list[str] = []


def on_pre_build(config) -> None:
    _problems.clear()


def on_post_page(output: str, page, config) -> str:
    _problems.extend(f"docs/{page.file.src_uri}: {problem}"
                     for problem in html_gate.page_problems(output))
    return output


def on_post_build(config) -> None:
    problems = _problems + html_gate.site_css_problems(Path(config["site_dir"]))
    if problems:
        raise PluginError("\n".join(problems))
