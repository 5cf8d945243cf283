"""MkDocs hook: search queries lose their stop words (Material's search worker,
changed in the built site). Wiring only; the logic is in macros/build/search_query.py.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from macros.build import search_query, sentinel


def on_pre_build(config) -> None:
    sentinel.ran("search_query")


def on_post_build(config) -> None:
    try:
        search_query.rewrite_worker(config["site_dir"])
    except search_query.SearchQueryError as exc:
        raise PluginError(str(exc)) from None
