"""MkDocs hook: each page_type: policy page gets .docx and .odt versions made by pandoc.

Wiring only; the documents are made by macros/build/policy_downloads.py.
"""

from __future__ import annotations

from pathlib import Path

from macros.build import policy_downloads, sentinel
from macros.build.wiring import one_line

_build = policy_downloads.PolicyDocuments()


def on_pre_build(config, **kwargs) -> None:
    sentinel.ran("policy_downloads")
    with one_line(policy_downloads.ConversionError):
        _build.start(Path(config.config_file_path).resolve().parent)


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    with one_line(policy_downloads.ConversionError):
        return _build.page(html, page, config)


def on_post_build(config, **kwargs) -> None:
    with one_line(policy_downloads.ConversionError):
        _build.finish()


def on_build_error(error, **kwargs) -> None:
    _build.close()
