"""Contact macros: every internal contact detail on a page comes from here.

Each function takes the validated profile first, so it can be unit-tested
without MkDocs; `macros/__init__.py` binds the profile and registers them.
"""

from __future__ import annotations

from .profile import Profile, tel_uri
from .text import as_text, attr


def contact_name(profile: Profile, role: str) -> str:
    """The contact's name or team, as text."""
    return as_text(profile.contact(role).name)


def contact_phone(profile: Profile, role: str) -> str:
    """The contact's phone number as a `tel:` link."""
    phone = profile.contact(role).phone
    return f'<a class="contact-phone" href="{attr(tel_uri(phone))}">{as_text(phone)}</a>'


def contact_email(profile: Profile, role: str) -> str:
    """The contact's email address as a `mailto:` link."""
    email = profile.contact(role).email
    return f'<a class="contact-email" href="mailto:{attr(email)}">{as_text(email)}</a>'


def contact_card(profile: Profile, role: str) -> str:
    """A block with name, role title, phone, email and hours.

    Returned as one HTML block with no blank lines, so Markdown leaves it
    alone; call it at the start of a line.
    """
    contact = profile.contact(role)
    return (
        f'<div class="contact-card" data-role="{attr(role)}">'
        f'<p class="contact-card__name"><strong>{as_text(contact.name)}</strong><br>'
        f"{as_text(contact.role_title)}</p>"
        f'<p class="contact-card__details">Phone: {contact_phone(profile, role)}<br>'
        f"Email: {contact_email(profile, role)}<br>"
        f"Hours: {as_text(contact.hours)}</p>"
        "</div>"
    )


def org_name(profile: Profile) -> str:
    return as_text(profile.organisation.name)


def org_short_name(profile: Profile) -> str:
    return as_text(profile.organisation.short_name)


def site_owner(profile: Profile) -> str:
    owner = profile.site_owner
    return (
        f"{as_text(owner.name)} ({as_text(owner.role_title)}), "
        f'<a href="mailto:{attr(owner.email)}">{as_text(owner.email)}</a>'
    )


# The page-facing names: each takes the profile as its first argument.
CONTACT_MACROS = {
    "contact_name": contact_name,
    "contact_phone": contact_phone,
    "contact_email": contact_email,
    "contact_card": contact_card,
    "org_name": org_name,
    "org_short_name": org_short_name,
    "site_owner": site_owner,
}
