"""The contact review step in process: the pages that show each contact, and
the review report's table of contacts at its marker (no build)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from macros.build.contact_review import MARKER, ContactBuild, ContactsOverdue, details
from macros.profile import CONTACT_ROLES

ROOT = Path(__file__).resolve().parents[2]


def _page(src: str, url: str, title: str | None = None):
    return SimpleNamespace(title=title, url=url, file=SimpleNamespace(src_uri=src))


def test_the_report_lists_the_pages_that_show_each_contact():
    build = ContactBuild()
    build.start(ROOT, release=False)
    role = CONTACT_ROLES[0]
    phone = details(build.profile, role)[1]
    build.note_page(f"<p>Call {phone}</p>", _page("contacts.md", "contacts/", "Contacts"))
    build.note_page("<p>Nothing here</p>", _page("other.md", "other/", "Other"))
    report = _page("about/review-report.md", "about/review-report/")
    assert build.fill_report("<p>no marker</p>", report) == "<p>no marker</p>"
    filled = build.fill_report(f"<div>{MARKER}</div>", report)
    assert MARKER not in filled and filled.count("<tr>") == len(CONTACT_ROLES) + 1
    assert '<a href="../../contacts/">Contacts</a>' in filled and "Other" not in filled


def test_overdue_contacts_warn_and_a_release_refuses_them(monkeypatch):
    from macros.build import review

    monkeypatch.setattr(review, "today", lambda: dt.date(2999, 1, 1))
    build = ContactBuild()
    lines = build.start(ROOT, release=False)
    assert len(lines) == len(CONTACT_ROLES) and all("not confirmed" in line for line in lines)
    with pytest.raises(ContactsOverdue, match="RELEASE=1 refuses it"):
        ContactBuild().start(ROOT, release=True)


def test_a_project_whose_data_cannot_load_leaves_the_report_alone(tmp_path):
    build = ContactBuild()
    assert build.start(tmp_path, release=True) == []
    build.note_page("<p>x</p>", _page("a.md", "a/"))
    assert build.fill_report(MARKER, _page("a.md", "a/")) == MARKER
