"""Find an organisation's contact details anywhere in a built output folder.

Every file is read: HTML, the search index, CSS, JavaScript and, inside any
zip-based file (the file-share bundle, .docx, .odt), every member, however
deeply nested. Text is looked at several ways so a detail cannot hide behind
HTML character references, JSON escapes, markup tags between runs of a word
processor document, or a phone number's spacing.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from macros.profile import CONTACT_ROLES, Profile

_TAG = re.compile(r"<[^>]+>")
# Taken out before looking for a phone number (spacing is already folded).
_PHONE_PUNCTUATION = (" ", "-", "(", ")", ".")


@dataclass(frozen=True)
class Detail:
    what: str  # e.g. "contacts.hr.phone"
    forms: tuple[str, ...]  # lower-case forms to look for


def contact_details(profile: Profile, label: str = "") -> list[Detail]:
    """Names, phone numbers and email addresses that identify this organisation.

    `label` (e.g. the profile's name) goes in front of each key path.
    """
    details = [
        Detail("organisation.name", (profile.organisation.name.lower(),)),
        Detail("organisation.short_name", (profile.organisation.short_name.lower(),)),
        Detail("organisation.intranet_url", (str(profile.organisation.intranet_url).lower(),)),
        Detail("site_owner.name", (profile.site_owner.name.lower(),)),
        Detail("site_owner.email", (profile.site_owner.email.lower(),)),
    ]
    for role in CONTACT_ROLES:
        contact = profile.contact(role)
        number = phonenumbers.parse(contact.phone, "GB")
        details += [
            Detail(f"contacts.{role}.name", (contact.name.lower(),)),
            Detail(f"contacts.{role}.email", (contact.email.lower(),)),
            # National significant number: matches 020 7946 0101, +44 20 7946
            # 0101 and tel:+442079460101 once spacing is taken out.
            Detail(f"contacts.{role}.phone", (str(number.national_number),)),
        ]
    if label:
        details = [Detail(f"{label}: {detail.what}", detail.forms) for detail in details]
    return details


def _views(raw: str, name: str) -> str:
    """Lower-case readings of one file's text, joined into one haystack."""
    views = [raw]
    if name.endswith(".json"):
        try:
            views.append(json.dumps(json.loads(raw), ensure_ascii=False))
        except ValueError:
            pass
    views += [html.unescape(view) for view in views if "&" in view]
    views += [_TAG.sub("", view) for view in views if "<" in view]
    return "\n\0\n".join(" ".join(view.split()) for view in views).lower()


def _files(folder: Path):
    """(name, bytes) of every file, zip members included (recursively)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield from _expand(path.relative_to(folder).as_posix(), path.read_bytes())


def _expand(name: str, data: bytes):
    yield name, data
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _expand(f"{name}!{member}", archive.read(member))


def scanned_files(folder: Path) -> list[str]:
    return [name for name, _ in _files(folder)]


def find_details(folder: Path, details: list[Detail]) -> dict[str, list[str]]:
    """For each detail found, the files (zip members as zip!member) it is in."""
    found: dict[str, list[str]] = {}
    for name, data in _files(folder):
        text = _views(data.decode("utf-8", errors="replace"), name)
        digits = text
        for mark in _PHONE_PUNCTUATION:
            digits = digits.replace(mark, "")
        for detail in details:
            haystack = digits if detail.what.endswith(".phone") else text
            if any(form in haystack for form in detail.forms):
                found.setdefault(detail.what, []).append(name)
    return found
