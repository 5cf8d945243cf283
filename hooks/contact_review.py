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
"""

from __future__ import annotations

import html
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    from hooks.review import ReviewError, add_months, long_date, today
except ImportError:  # MkDocs loads hooks by path, before the macros plugin adds the project
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from hooks.review import ReviewError, add_months, long_date, today

from macros.profile import CONTACT_ROLES, Profile, ProfileError, load_profile, profile_path, tel_uri

MARKER = "<!-- contacts-due -->"
DUE_SOON_DAYS = 30
_LABELS = {"hr": "HR", "it_security": "IT security"}


@dataclass(frozen=True)
class ContactReview:
    role: str
    name: str
    verified_on: Any  # datetime.date
    due: Any

    @property
    def label(self) -> str:
        return _LABELS.get(self.role) or self.role.replace("_", " ").capitalize()

    def status(self, on) -> str:
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


def overdue_lines(profile: Profile, path: Path | str, on) -> list[str]:
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
                on) -> str:
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


# ── MkDocs events ─────────────────────────────────────────────────────────

_state: dict[str, Any] = {}


def on_config(config, **kwargs):
    from mkdocs.exceptions import PluginError

    _state.clear()
    path = profile_path(Path(config["config_file_path"]).parent)
    try:
        profile = load_profile(path)
        on = today()
    except (ProfileError, ReviewError):  # the macros plugin and the review hook report these
        return config
    lines = overdue_lines(profile, path, on)
    if lines and os.environ.get("RELEASE") == "1":
        raise PluginError("\n".join(line + "; RELEASE=1 refuses it" for line in lines))
    for line in lines:
        print(f"WARNING  -  {line}", file=sys.stderr)
    _state.update(profile=profile, on=on, shown={role: [] for role in CONTACT_ROLES},
                  pages={})
    return config


def on_page_content(content, page, **kwargs):
    profile = _state.get("profile")
    if profile is not None:
        for role in CONTACT_ROLES:
            if any(detail in content for detail in details(profile, role)):
                _state["shown"][role].append(page)
    return content


def on_post_page(output, page, **kwargs):
    if MARKER not in output or "profile" not in _state:
        return output
    from mkdocs.utils import get_relative_url

    shown = {role: [(other.title or other.file.src_uri,
                     get_relative_url(other.url or ".", page.url or "."))
                    for other in pages]
             for role, pages in _state["shown"].items()}
    table = report_html(contact_reviews(_state["profile"]), shown, _state["on"])
    return output.replace(MARKER, table, 1)
