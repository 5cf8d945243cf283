"""MkDocs hook: the search vocabulary, keywords and descriptions join the search
index. Wiring only; the logic is in macros/build/search_keywords.py."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from macros.build import search_keywords, sentinel
from macros.build.wiring import one_line
from macros.datafiles import DataFileError

_build = search_keywords.SearchBuild()


def on_pre_build(config) -> None:
    sentinel.ran("search_keywords")
    with one_line(DataFileError):
        _build.start(Path(config.config_file_path).parent)


def on_files(files, config):
    with one_line(DataFileError):
        config["extra"]["a_to_z_url"] = _build.a_to_z(files)
    return files


def on_page_markdown(markdown, page, config, files):
    with one_line(search_keywords.KeywordsError):
        _build.note_page(page.meta, page.file.src_uri, page.url)
    return markdown


def on_page_content(html, page, config, files):
    return search_keywords.exclude_furniture(html, page.file.src_uri)


# After the search plugin has written its index (priority 0), before
# Material's offline plugin copies it into search_index.js (-100).
@event_priority(-50)
def on_post_build(config) -> None:
    _build.finish(config["site_dir"])
