"""Contacts confirmed: every contact says when its details were last checked.

The likeliest way this site fails someone is a contact who has moved on.
Each contact in the profile carries `verified_on`; once that is more than
`contacts_confirmed_within_months` old (default 12):

- a build prints a warning naming the contact (the build still succeeds);
- a release build (RELEASE=1, `make release`) stops, naming each contact;
- the review report (docs/about/review-report.md, at its
  `<!-- contacts-due -->` marker) lists every contact, when it is due for
  confirmation and the pages that show its phone number or email address.

REVIEW_TODAY=YYYY-MM-DD replaces today's date, as for page reviews.
Wired in by hooks/contact_review.py.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from ..dates import add_months, long_date
from ..profile import CONTACT_ROLES, Profile, tel_uri

MARKER = "<!-- contacts-due -->"
DUE_SOON_DAYS = 30
_LABELS = {"hr": "HR", "it_security": "IT security"}


@dataclass(frozen=True)
class ContactReview:
    role: str
    name: str
    verified_on: dt.date
    due: dt.date

    @property
    def label(self) -> str:
        return _LABELS.get(self.role) or self.role.replace("_", " ").capitalize()

    def status(self, on: dt.date) -> str:
        days = (self.due - on).days
        if days < 0:
            return "Overdue"
        return f"Due within {DUE_SOON_DAYS} days" if days <= DUE_SOON_DAYS else "In date"


def contact_reviews(profile: Profile) -> list[ContactReview]:
    months = profile.contacts_confirmed_within_months
    found = []
    for role in CONTACT_ROLES:
        contact = profile.contact(role)
        found.append(ContactReview(role, contact.name, contact.verified_on,
                                   add_months(contact.verified_on, months)))
    return sorted(found, key=lambda review: (review.due, review.role))


def overdue_lines(profile: Profile, path: Path | str, on: dt.date) -> list[str]:
    """One line per contact not confirmed within the profile's limit."""
    months = profile.contacts_confirmed_within_months
    return [f"Organisation profile {path}: contacts.{r.role} ({r.name}): not confirmed for "
            f"more than {months} months (verified_on: {r.verified_on}); check the details "
            "with them, then set verified_on to that day"
            for r in contact_reviews(profile) if r.due < on]


def details(profile: Profile, role: str) -> tuple[str, ...]:
    """What marks a page as showing this contact: its email, phone or tel: link."""
    contact = profile.contact(role)
    return (str(contact.email), contact.phone, tel_uri(contact.phone))


def report_html(reviews: list[ContactReview], shown: dict[str, list[tuple[str, str]]],
                on: dt.date) -> str:
    """The review report's table of contacts; `shown` is role: [(title, href)]."""
    due = [r for r in reviews if r.status(on) != "In date"]
    rows = []
    for r in reviews:
        pages = ", ".join(f'<a href="{html.escape(href)}">{html.escape(title)}</a>'
                          for title, href in shown.get(r.role, [])) or "none"
        rows.append(f"<tr><td>{html.escape(r.label)}: {html.escape(r.name)}</td>"
                    f"<td>{long_date(r.verified_on)}</td><td>{long_date(r.due)}</td>"
                    f"<td>{r.status(on)}</td><td>{pages}</td></tr>")
    return (f"<p>{len(reviews)} contacts; {len(due)} due for confirmation within "
            f"{DUE_SOON_DAYS} days or overdue.</p>\n"
            "<table>\n<thead><tr><th>Contact</th><th>Last confirmed</th><th>Confirm by</th>"
            "<th>Status</th><th>Pages that show it</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>")


class ContactsOverdue(ValueError):
    """A release with contacts not confirmed in time: one line per contact."""


class ContactBuild:
    """One build's contact review: warn (or, in a release, refuse) overdue
    contacts, note which pages show each contact, fill in the report."""

    def __init__(self) -> None:
        self.profile: Profile | None = None
        self.on: dt.date | None = None
        self.shown: dict[str, list] = {}
        self.details: dict[str, tuple[str, ...]] = {}

    def start(self, project_dir: Path, release: bool) -> list[str]:
        """A new build: the warning lines (ContactsOverdue in a release)."""
        from ..datafiles import DataFileError
        from ..site import load_site
        from .review import ReviewError, today

        self.profile = None
        try:
            site = load_site(project_dir)
            on = today()
        except (DataFileError, ReviewError):  # the macros and the review step report these
            return []
        lines = overdue_lines(site.profile, site.profile_file, on)
        if lines and release:
            raise ContactsOverdue("\n".join(line + "; RELEASE=1 refuses it" for line in lines))
        self.profile, self.on = site.profile, on
        self.shown = {role: [] for role in CONTACT_ROLES}
        # What marks a page as showing each contact, worked out once per build.
        self.details = {role: details(site.profile, role) for role in CONTACT_ROLES}
        return lines

    def note_page(self, content: str, page) -> None:
        """Remember `page` (an MkDocs page) for each contact its HTML shows."""
        if self.profile is None:
            return
        for role, shown_by in self.details.items():
            if any(detail in content for detail in shown_by):
                self.shown[role].append(page)

    def fill_report(self, output: str, page) -> str:
        """The finished page, the report's table at its marker (if it has one)."""
        from mkdocs.utils import get_relative_url

        if MARKER not in output or self.profile is None:
            return output
        shown = {role: [(other.title or other.file.src_uri,
                         get_relative_url(other.url or ".", page.url or "."))
                        for other in pages]
                 for role, pages in self.shown.items()}
        table = report_html(contact_reviews(self.profile), shown, self.on)
        return output.replace(MARKER, table, 1)
