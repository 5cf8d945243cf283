"""MkDocs hook: review metadata on every page, the overdue banner and the review report.

Wiring only; the rules are in macros/build/review.py and macros/frontmatter.py.
"""

from __future__ import annotations

from pathlib import Path

from macros.build import review, sentinel
from macros.build.config_checks import redirect_maps
from macros.build.wiring import one_line, stop_on
from macros.datafiles import DataFileError
from macros.settings import current

_build = review.ReviewBuild()


def on_config(config, **kwargs):
    sentinel.ran("review")
    with one_line(review.ReviewError):
        _build.start()
    return config


def on_files(files, config, **kwargs):
    pages = [(file.src_uri, Path(file.abs_src_path), file.url) for file in files.documentation_pages()]
    with one_line(DataFileError):
        stop_on(_build.check_files(pages, Path(config.config_file_path).parent, current().release))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    return _build.page(markdown, page.file.src_uri, page.meta)


def on_post_build(config, **kwargs):
    _build.finish(Path(config["site_dir"]), redirect_maps(config))
