"""MkDocs hook: the markup and link gate on every finished page and on the
shipped CSS (the logic is macros/build/html_gate.py). Every problem is
collected; the build stops with one line per problem naming the page."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.build import bundle_csp, html_gate, sentinel

_problems: list[str] = []
_pages: set[str] = set()


def on_pre_build(config) -> None:
    sentinel.ran("html_gate")
    _problems.clear()
    _pages.clear()


def on_post_page(output: str, page, config) -> str:
    _pages.add(page.file.dest_uri)
    _problems.extend(f"docs/{page.file.src_uri}: {problem}"
                     for problem in html_gate.page_problems(output))
    return output


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    problems = list(_problems)
    # Files that are not pages: the not-found page and the redirect stubs.
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        if name not in _pages:
            problems += [f"{name}: {problem}" for problem in html_gate.page_problems(
                path.read_text(encoding="utf-8"), redirect_stub=True)]
    problems += html_gate.site_css_problems(site)
    if problems:
        raise PluginError("\n".join(problems))
    # The file-share bundle (Material's offline plugin): no server sends a
    # policy from a file share, so each page carries its own.
    if any(name.split("/")[-1] == "offline" for name in config["plugins"]):
        bundle_csp.add_policies(site)
