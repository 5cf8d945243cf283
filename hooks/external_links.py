"""MkDocs hook: every external link's domain must be on data/external-links.yml.

Wiring only; the check is in macros/build/external_links.py.
"""

from __future__ import annotations

from macros.build import external_links, sentinel
from macros.build.wiring import one_line, stop_on

_build = external_links.LinkBuild()


def on_config(config, **kwargs):
    sentinel.ran("external_links")
    with one_line(external_links.AllowlistError):
        stop_on(_build.start(config))
    return config


def on_post_page(output, page, config, **kwargs):
    _build.page(output, page.file.src_uri)
    return output


def on_post_build(config, **kwargs):
    stop_on(_build.finish())
