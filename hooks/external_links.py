"""MkDocs hook: every external link's domain must be on data/external-links.yml.

Wiring only; the check is in macros/build/external_links.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.build import external_links
from macros.build.config_checks import redirect_maps
from macros.datafiles import DataFileError
from macros.site import load_site

_build: dict = {}


def on_config(config, **kwargs):
    project = Path(config["config_file_path"]).parent
    try:
        site = load_site(project)
        allowed = external_links.site_allowlist(site.allowlist, config.get("site_url"))
    except (external_links.AllowlistError, DataFileError) as exc:
        raise PluginError(str(exc).replace(str(project.resolve()) + os.sep, "")) from None
    _build.update(allowed=allowed, problems=[])
    # Redirect stubs are written after the pages are checked: check their targets here.
    problems = external_links.offsite_redirect_problems(
        redirect_maps(config), allowed, Path(config["config_file_path"]).name)
    if problems:
        raise PluginError("\n".join(problems))
    return config


def on_post_page(output, page, config, **kwargs):
    _build["problems"] += external_links.page_problems(output, page.file.src_uri, _build["allowed"])
    return output


def on_post_build(config, **kwargs):
    problems = list(dict.fromkeys(_build["problems"]))
    if problems:
        raise PluginError("\n".join(problems))
