"""Front matter is data: keys the theme prints are plain text, keys that
change rendering only where data/page-rendering.yml lists the page, and an
unknown key is refused (in process; the fixture build is in
tests/test_hardening_builds.py)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from macros.build.front_matter_rules import load_rendering_rules
from macros.build.review import ReviewError, check_meta
from macros.frontmatter import check_plain_text, read_front_matter
from tests.failures.test_editor_mistakes import META
from tests.sitebuild import ROOT

TODAY = dt.date(2026, 11, 28)


def refused(changes: dict) -> str:
    meta = {**META, **changes}
    with pytest.raises(ReviewError) as caught:
        check_meta(meta, "contacts.md", TODAY)
        check_plain_text(meta, "contacts.md", load_rendering_rules(ROOT))
    message = str(caught.value)
    assert message.startswith("docs/contacts.md: front matter: ") and "\n" not in message
    return message


@pytest.mark.parametrize("changes, expected", [
    ({"subtitle": "<script>window.pwned=1</script>"}, "unknown key 'subtitle'"),
    ({"status": "new"}, "unknown key 'status'"),
    ({"icon": "material/alert"}, "unknown key 'icon'"),
    ({"render_macros": False}, "'render_macros' changes how the page renders"),
    ({"template": "404.html"}, "'template' changes how the page renders"),
    ({"hide": ["navigation", "toc"]}, "'hide' changes how the page renders"),
    ({"edit_source": "javascript:window.pwned=1"}, "'edit_source' must be the path of a file"),
    ({"edit_source": '"><script>window.pwned=1</script>'}, "'edit_source' must be the path"),
    ({"edit_source": "data/../../etc/hostname.yml"}, "'edit_source' must be the path"),
    ({"owner": "<b>Lead</b>"}, "'owner' must be plain text"),
    ({"keywords": "help, <img src=x onerror=window.pwned=1>"}, "'keywords' must be plain text"),
    ({"keywords": ["ok", {"a": 1}]}, "'keywords' must be text"),
    ({"policy_version": "1.0 <b>"}, "'policy_version' must be plain text"),
    ({"title": "Contacts\u202e"}, "'title' contains an invisible or direction-changing"),
    ({"title": "A" * 301}, "'title' is 301 characters long; at most 300"),
    ({"description": "Read &#x3c;this"}, "'description' must be plain text"),
    ({"search": {"exclude": "yes"}}, "'search' may only set boost"),
    ({"search": {"boost": 1e9}}, "'search' may only set boost"),
])
def test_front_matter_attacks_are_refused(changes, expected):
    assert expected in refused(changes)


def test_what_the_project_uses_passes():
    meta = {**META, "keywords": "website, web page", "search": {"boost": 2},
            "edit_source": "data/triage.yml", "policy_version": "1.0"}
    check_meta(meta, "a.md", TODAY)
    check_plain_text(meta, "a.md", load_rendering_rules(ROOT))


def test_an_alias_bomb_in_front_matter_is_refused_at_once(tmp_path):
    bomb = ("---\ntitle: T\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
            "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n# T\n")
    path = tmp_path / "bomb.md"
    path.write_text(bomb, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ReviewError) as caught:
        read_front_matter(path)
    assert time.monotonic() - started < 1
    assert str(caught.value) == (f"{path}: front matter: line 3, column 4: this value is repeated "
                                 "with a YAML alias (*name); aliases are not allowed in this "
                                 "file: write the value out")
