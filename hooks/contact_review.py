"""MkDocs hook: contacts not confirmed within the profile's months warn in a
build, stop a release, and are listed in the review report with the pages
that show them.

Wiring only; the rules are in macros/build/contact_review.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

from macros.build import contact_review, sentinel
from macros.build.wiring import one_line
from macros.settings import current

_build = contact_review.ContactBuild()


def on_config(config, **kwargs):
    sentinel.ran("contact_review")
    with one_line(contact_review.ContactsOverdue):
        lines = _build.start(Path(config["config_file_path"]).parent, current().release)
    for line in lines:
        print(f"WARNING  -  {line}", file=sys.stderr)
    return config


def on_page_content(content, page, **kwargs):
    _build.note_page(content, page)
    return content


# Before the link allowlist and the markup gate (priority 0), so they check
# the report's contacts table too.
@event_priority(10)
def on_post_page(output, page, **kwargs):
    return _build.fill_report(output, page)
