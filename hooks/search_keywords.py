"""MkDocs hook: the search vocabulary, keywords and descriptions join the search index. Wiring only; the logic is in macros/build/search_keywords.py and macros/search_vocabulary.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from macros.build import search_keywords, sentinel
from macros.datafiles import DataFileError
from macros.search_vocabulary import rejected_by_page, words_by_page
from macros.site import load_site

_build: dict = {}


def on_pre_build(config) -> None:
    sentinel.ran("search_keywords")
    try:
        vocabulary = load_site(Path(config.config_file_path).parent).search_vocabulary
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    _build.update(vocabulary=vocabulary, words=words_by_page(vocabulary),
                  rejected=rejected_by_page(vocabulary), keywords={}, descriptions={})


def on_files(files, config):
    try:  # the header's A–Z link (overrides/main.html)
        config["extra"]["a_to_z_url"] = search_keywords.a_to_z_url(_build["vocabulary"], files)
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    try:
        words = search_keywords.page_keywords(page.meta, src, _build["words"].get(src),
                                              _build["rejected"].get(src))
    except search_keywords.KeywordsError as exc:
        raise PluginError(str(exc)) from None
    if words:
        _build["keywords"][page.url] = words
    description = search_keywords.page_description(page.meta)
    if description:
        _build["descriptions"][page.url] = description
    return markdown


def on_page_content(html, page, config, files):
    return search_keywords.exclude_furniture(html, page.file.src_uri)


# After the search plugin has written its index (priority 0), before
# Material's offline plugin copies it into search_index.js (-100).
@event_priority(-50)
def on_post_build(config) -> None:
    search_keywords.add_keywords_to_index(config["site_dir"], _build["keywords"], _build["descriptions"])
