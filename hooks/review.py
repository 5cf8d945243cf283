"""MkDocs hook: review metadata on every page, the overdue banner and the review report.

Wiring only; the rules are in macros/build/review.py and macros/frontmatter.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.build import review
from macros.build.config_checks import redirect_maps
from macros.settings import current

_build: dict = {}


def on_config(config, **kwargs):
    try:
        _build.update(today=review.today(), reviews={}, urls={})
    except review.ReviewError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_files(files, config, **kwargs):
    pages = [(file.src_uri, Path(file.abs_src_path)) for file in files.documentation_pages()]
    _build["reviews"], problems = review.check_pages(pages, _build["today"])
    _build["urls"] = {file.src_uri: file.url for file in files.documentation_pages()}
    if not problems and current().release:
        problems = review.release_problems(_build["reviews"].values(), _build["today"])
    if problems:
        raise PluginError("\n".join(problems))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    found = _build["reviews"].get(page.file.src_uri)
    if found is None:  # a page added by a plugin, not an editor
        return markdown
    page.meta["review"] = review.page_review(found, _build["today"])
    return review.fill_report(markdown, list(_build["reviews"].values()), _build["today"],
                              page.file.src_uri)


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    review.write_report(site, _build["reviews"].values(), _build["urls"], _build["today"])
    review.add_noindex_to_redirects(site, redirect_maps(config))
