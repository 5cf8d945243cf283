"""MkDocs hook: search queries lose their stop words (Material's search worker,
changed in the built site). Wiring only; the logic is in macros/build/search_query.py.
"""

from __future__ import annotations

from macros.build import search_query, sentinel
from macros.build.wiring import one_line


def on_pre_build(config) -> None:
    sentinel.ran("search_query")


def on_post_build(config) -> None:
    with one_line(search_query.SearchQueryError):
        search_query.rewrite_worker(config["site_dir"])
