"""MkDocs hook: the markup and link gate on every finished page and on the
shipped CSS (the logic is macros/build/html_gate.py). Every problem is
collected; the build stops with one line per problem naming the page."""

from __future__ import annotations

from macros.build import html_gate, sentinel
from macros.build.wiring import stop_on

_build = html_gate.GateBuild()


def on_pre_build(config) -> None:
    sentinel.ran("html_gate")
    _build.start()


def on_post_page(output: str, page, config) -> str:
    _build.page(output, page.file.dest_uri, page.file.src_uri)
    return output


def on_post_build(config) -> None:
    bundle = any(name.split("/")[-1] == "offline" for name in config["plugins"])
    stop_on(_build.finish(config["site_dir"], bundle))
