"""MkDocs hook: each page_type: policy page gets .docx and .odt versions made by pandoc.

Wiring only; the documents are made by macros/build/policy_downloads.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.build import policy_downloads
from macros.site import load_site

_build: dict = {"documents": None}


def _close() -> None:
    documents, _build["documents"] = _build["documents"], None
    if documents is not None:
        documents.close()


def on_pre_build(config, **kwargs) -> None:
    _close()
    project = Path(config.config_file_path).resolve().parent
    try:
        organisation = load_site(project).profile.organisation
    except Exception as exc:  # a bad profile: the macros plugin reports it too
        raise PluginError(f"policy downloads: {exc}") from None
    _build["documents"] = policy_downloads.DocumentBuild(
        organisation.name, str(organisation.intranet_url), project / policy_downloads.CACHE_DIR)


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    documents = _build["documents"]
    if documents is None or not policy_downloads.is_policy_page(page.meta):
        return html
    return documents.start(html, page.url, config.site_dir, page.file.dest_path, page.file.src_path)


def on_post_build(config, **kwargs) -> None:
    documents, _build["documents"] = _build["documents"], None
    if documents is not None:
        try:
            documents.finish()
        except policy_downloads.ConversionError as exc:
            raise PluginError(str(exc)) from None


def on_build_error(error, **kwargs) -> None:
    _close()
