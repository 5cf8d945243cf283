"""MkDocs hook: contacts not confirmed within the profile's months warn in a
build, stop a release, and are listed in the review report with the pages
that show them.

Wiring only; the rules are in macros/build/contact_review.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from macros.build import contact_review, review, sentinel
from macros.datafiles import DataFileError
from macros.profile import CONTACT_ROLES
from macros.settings import current
from macros.site import load_site

_build: dict = {}


def on_config(config, **kwargs):
    sentinel.ran("contact_review")
    _build.clear()
    try:
        site = load_site(Path(config["config_file_path"]).parent)
        on = review.today()
    except (DataFileError, review.ReviewError):  # the macros and the review hook report these
        return config
    lines = contact_review.overdue_lines(site.profile, site.profile_file, on)
    if lines and current().release:
        raise PluginError("\n".join(line + "; RELEASE=1 refuses it" for line in lines))
    for line in lines:
        print(f"WARNING  -  {line}", file=sys.stderr)
    _build.update(profile=site.profile, on=on, shown={role: [] for role in CONTACT_ROLES})
    return config


def on_page_content(content, page, **kwargs):
    profile = _build.get("profile")
    if profile is not None:
        for role in CONTACT_ROLES:
            if any(detail in content for detail in contact_review.details(profile, role)):
                _build["shown"][role].append(page)
    return content


def on_post_page(output, page, **kwargs):
    if contact_review.MARKER not in output or "profile" not in _build:
        return output
    shown = {role: [(other.title or other.file.src_uri,
                     get_relative_url(other.url or ".", page.url or "."))
                    for other in pages]
             for role, pages in _build["shown"].items()}
    table = contact_review.report_html(contact_review.contact_reviews(_build["profile"]),
                                       shown, _build["on"])
    return output.replace(contact_review.MARKER, table, 1)
