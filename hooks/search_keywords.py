"""MkDocs hook: front-matter `keywords` (and the description) join the search index.

Wiring only; the logic is in macros/build/search_keywords.py.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from macros.build import search_keywords

_keywords: dict[str, list[str]] = {}


def on_pre_build(config) -> None:
    _keywords.clear()


def on_page_markdown(markdown, page, config, files):
    try:
        words = search_keywords.page_keywords(page.meta, page.file.src_uri)
    except search_keywords.KeywordsError as exc:
        raise PluginError(str(exc)) from None
    if words:
        _keywords[page.url] = words
    return markdown


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config) -> None:
    search_keywords.add_keywords_to_index(config["site_dir"], _keywords)
