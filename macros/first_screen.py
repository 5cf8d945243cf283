"""The start page's first phone screen: who to call, what never to do, the way in.

On a 390x844 phone the start page shows, before anything else: the 999 line
(`emergency_line()`), one line of what never to do (`never_do_line()`),
"Call NAME, ROLE, on NUMBER" as one tap-to-call link with the out-of-hours
contact (`first_call()`), and the first triage question with its answers
(`first_question()`). Each is rendered from data: the profile, the triage.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from .profile import Profile, tel_uri
from .text import as_text, attr
from .triage import Triage, page_uri

NEVER_DO_LINE = "Do not look any further, copy, screenshot, forward or delete anything."


def never_do_line() -> str:
    """The never-do list in one line, for the first screen (the full list follows)."""
    return f'<div class="never-do never-do--line"><p><strong>{NEVER_DO_LINE}</strong></p></div>'


def _call(profile: Profile, role: str, text: str) -> str:
    phone = profile.contact(role).phone
    return (f'<a class="first-call__link contact-phone" href="{attr(tel_uri(phone))}" '
            f'data-role="{attr(role)}">{text}</a>')


def first_call(profile: Profile) -> str:
    """'Call NAME, ROLE, on NUMBER' as one tap-to-call link, then the out-of-hours contact."""
    person, night = profile.contact("nominated_person"), profile.contact("out_of_hours")
    call = _call(profile, "nominated_person",
                 f"Call {as_text(person.name)}, {as_text(person.role_title)}, "
                 f"on {as_text(person.phone)}")
    after = _call(profile, "out_of_hours",
                  f"{as_text(night.name)}, {as_text(night.phone)}")
    return (f'<div class="first-call"><p class="first-call__main">{call}</p>'
            f'<p class="first-call__hours">{as_text(person.hours)}. '
            f"Out of hours: {after}</p></div>")


def first_question(triage: Triage, current_page: Callable[[], str]) -> str:
    """The first triage question and its answers, as links to the triage pages (Markdown)."""
    question = triage.questions[triage.start]
    here = posixpath.dirname(current_page()) or "."
    answers = "\n".join(
        f"- [{as_text(answer.label)}]({posixpath.relpath(page_uri(triage, answer.next), here)})"
        for answer in question.answers)
    return (f'<div class="first-question triage-answers" markdown>\n\n'
            f"**{as_text(question.question)}**\n\n{answers}\n\n</div>")


BACKGROUND_LINKS = (("The law where you work", "law/index.md", ""),
                    ("Top tips from the IWF", "top-tips.md", ""))
WHAT_HAPPENS_NEXT = "what-happens-next.md"


def background_links(src_uri: str, situation: str | None) -> str:
    """'Background and the law: What happens next, and why · ...' (Markdown),
    added at the end of each page with a route's steps, so an outcome page
    keeps to its steps and the background is one link away. For a situation
    (a route with its own page) the first link goes to its section of
    what-happens-next.md; a missing section is a broken anchor, which stops
    the build."""
    here = posixpath.dirname(src_uri) or "."
    targets = BACKGROUND_LINKS
    if situation:
        targets = (("What happens next, and why", WHAT_HAPPENS_NEXT, f"#{situation}"), *targets)
    links = " · ".join(f"[{title}]({posixpath.relpath(target, here)}{anchor})"
                       for title, target, anchor in targets if target != src_uri)
    return f"Background and the law: {links}\n{{: .background-links }}"
